// ARP (core/net/arp.h): RFC 826 packets and reception rules, the cache's timers and queue (RFC 1122
// §2.3.2), deterministic MAC addresses and the `arp -an` layout.
#include <QtTest>

#include "net/arp.h"
#include "net_fixtures.h"

using namespace tcplab;
using namespace tcplab::testing;
using namespace std::chrono_literals;

namespace {
Instant at(Duration d) {
    return kTimeZero + d;
}
const Ipv4Address kHostA = Ipv4Address::fromOctets(10, 0, 0, 1);
const Ipv4Address kHostB = Ipv4Address::fromOctets(10, 0, 0, 2);
const MacAddress kMacA = MacAddress::forInterface(1, 0);
const MacAddress kMacB = MacAddress::forInterface(2, 0);
} // namespace

class TestArp : public QObject {
    Q_OBJECT
private slots:
    void mac_forInterface_isLocallyAdministeredAndDeterministic() {
        QCOMPARE(MacAddress::forInterface(2, 0).toString(), std::string("02:00:00:00:00:02"));
        QCOMPARE(MacAddress::forInterface(0x1234, 3).toString(), std::string("02:00:00:03:12:34"));
        QVERIFY(MacAddress::forInterface(2, 0) != MacAddress::forInterface(2, 1));
    }

    // RFC 826 "Packet format": hrd 1, pro 0800, hln 6, pln 4, op, sha, spa, tha, tpa — 28 bytes.
    void request_bytes() {
        const Bytes b = makeArpRequest(kMacA, kHostA, kHostB).serialize();
        QCOMPARE(hex(b), QByteArray("00 01 08 00 06 04 00 01 02 00 00 00 00 01 0a 00 00 01 "
                                    "00 00 00 00 00 00 0a 00 00 02"));
    }

    // RFC 826: the reply swaps sender and target and fills in the replier's hardware address.
    void reply_swapsSenderAndTarget() {
        const ArpPacket request = makeArpRequest(kMacA, kHostA, kHostB);
        const ArpPacket reply = makeArpReply(request, kMacB);
        QCOMPARE(reply.operation, ArpPacket::kReply);
        QCOMPARE(reply.senderHardware, kMacB);
        QCOMPARE(reply.senderProtocol, kHostB);
        QCOMPARE(reply.targetHardware, kMacA);
        QCOMPARE(reply.targetProtocol, kHostA);
        QCOMPARE(*ArpPacket::parse(reply.serialize()).value, reply);
    }

    void parse_otherHardwareType_rejected() {
        Bytes b = makeArpRequest(kMacA, kHostA, kHostB).serialize();
        b[1] = 6; // IEEE 802
        const auto r = ArpPacket::parse(b);
        QVERIFY(!r);
        QCOMPARE(r.error, std::string("not an Ethernet/IPv4 ARP packet"));
    }

    // Ethernet II: dst, src, type, payload padded to the 60-byte minimum (no FCS).
    void ethernetFrame_padsTo60Bytes() {
        const Bytes arp = makeArpRequest(kMacA, kHostA, kHostB).serialize();
        const Bytes f = ethernetFrame(MacAddress::broadcast(), kMacA, EtherType::ARP, arp);
        QCOMPARE(f.size(), std::size_t(60));
        QCOMPARE(hex(Bytes(f.begin(), f.begin() + 14)),
                 QByteArray("ff ff ff ff ff ff 02 00 00 00 00 01 08 06"));
        QCOMPARE(f[14 + 28], quint8(0));
        QCOMPARE(ethernetFrame(kMacB, kMacA, EtherType::IPv4, patternBytes(100)).size(), std::size_t(114));
    }

    // RFC 1122 §2.3.2.2: the first datagram to an unknown address waits while a request goes out.
    void resolve_unknown_sendsRequestAndQueues() {
        ArpCache c;
        const auto r = c.resolve(at(0s), kHostB, "eth0", datagramWithPayload(10));
        QVERIFY(!r.mac);
        QVERIFY(r.sendRequest);
        const auto again = c.resolve(at(10ms), kHostB, "eth0", datagramWithPayload(20));
        QVERIFY(!again.sendRequest); // one request outstanding per address
        QCOMPARE(c.renderArpAn(), std::string("? (10.0.0.2) at <incomplete> on eth0\n"));
    }

    // RFC 826: the reply completes the entry; the waiting datagrams leave in the order they came.
    void learn_reply_releasesQueuedDatagramsInOrder() {
        ArpCache c;
        c.resolve(at(0s), kHostB, "eth0", datagramWithPayload(10));
        c.resolve(at(0s), kHostB, "eth0", datagramWithPayload(20));
        const auto ready =
            c.learn(at(1ms), makeArpReply(makeArpRequest(kMacA, kHostA, kHostB), kMacB), kHostA, "eth0");
        QCOMPARE(ready.size(), std::size_t(2));
        QCOMPARE(ready[0].payload.size(), std::size_t(10));
        QCOMPARE(ready[1].payload.size(), std::size_t(20));
        const auto r = c.resolve(at(2ms), kHostB, "eth0", datagramWithPayload(30));
        QCOMPARE(*r.mac, kMacB);
        QCOMPARE(c.renderArpAn(), std::string("? (10.0.0.2) at 02:00:00:00:00:02 [ether] on eth0\n"));
    }

    // RFC 826 "Packet Reception": a request for us adds its sender (the target learns the asker) ...
    void learn_requestForUs_addsSender() {
        ArpCache c;
        QVERIFY(c.learn(at(0s), makeArpRequest(kMacA, kHostA, kHostB), kHostB, "eth0").empty());
        QCOMPARE(*c.lookup(at(0s), kHostA), kMacA);
    }

    // ... but a request for someone else adds nothing (only an existing entry would be merged).
    void learn_requestForOther_notAdded() {
        ArpCache c;
        c.learn(at(0s), makeArpRequest(kMacA, kHostA, Ipv4Address::fromOctets(10, 0, 0, 9)), kHostB, "eth0");
        QVERIFY(!c.lookup(at(0s), kHostA));
        QCOMPARE(c.renderArpAn(), std::string());
    }

    // The entry's lifetime (Linux base_reachable_time 30 s): after it the address must be resolved again.
    void entry_timeout_expiresAfterLifetime() {
        ArpCache c; // 30 s
        c.learn(at(1s), makeArpRequest(kMacA, kHostA, kHostB), kHostB, "eth0");
        QCOMPARE(*c.nextDeadline(), at(31s));
        QVERIFY(c.lookup(at(31s) - 1ns, kHostA));
        QVERIFY(!c.lookup(at(31s), kHostA));
        const auto work = c.expire(at(31s));
        QCOMPARE(work.expired, std::vector<Ipv4Address>{kHostA});
        QVERIFY(c.resolve(at(31s), kHostA, "eth0", datagramWithPayload(1)).sendRequest);
    }

    // RFC 1122 §2.3.2.1: requests are retried (1 s apart, Linux retrans_time), at most 3 in all, then the
    // address is given up and the waiting datagrams are reported.
    void request_retries_thenFails() {
        ArpCache c;
        c.resolve(at(0s), kHostB, "eth0", datagramWithPayload(10));
        QVERIFY(c.expire(at(999ms)).retryRequests.empty());
        QCOMPARE(c.expire(at(1s)).retryRequests.size(), std::size_t(1));
        QCOMPARE(c.expire(at(2s)).retryRequests.size(), std::size_t(1));
        const auto last = c.expire(at(3s));
        QVERIFY(last.retryRequests.empty());
        QCOMPARE(last.failed.size(), std::size_t(1));
        QCOMPARE(last.failed[0].first, kHostB);
        QCOMPARE(last.failed[0].second.size(), std::size_t(1));
        QVERIFY(!c.nextDeadline());
    }

    // The queue per address is bounded; the oldest datagram is displaced.
    void queue_bounded_displacesOldest() {
        ArpCache c({30s, 1s, 3, 2});
        c.resolve(at(0s), kHostB, "eth0", datagramWithPayload(1));
        c.resolve(at(0s), kHostB, "eth0", datagramWithPayload(2));
        const auto r = c.resolve(at(0s), kHostB, "eth0", datagramWithPayload(3));
        QVERIFY(r.displaced);
        QCOMPARE(r.displaced->payload.size(), std::size_t(1));
    }

    void renderArpAn_sortedByAddress() {
        ArpCache c;
        c.resolve(at(0s), Ipv4Address::fromOctets(10, 0, 0, 9), "eth1", datagramWithPayload(1));
        c.learn(at(0s), makeArpRequest(kMacB, kHostB, kHostA), kHostA, "eth0");
        QCOMPARE(c.renderArpAn(), std::string("? (10.0.0.2) at 02:00:00:00:00:02 [ether] on eth0\n"
                                              "? (10.0.0.9) at <incomplete> on eth1\n"));
    }
};

QTEST_APPLESS_MAIN(TestArp)
#include "tst_arp.moc"
