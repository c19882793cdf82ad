// ICMP messages (core/net/icmp.h): RFC 792 layouts and checksum, RFC 1191 §4 next-hop MTU, and the quoted
// datagram (header + first 8 bytes) that lets a TCP sender find its connection.
#include <QtTest>

#include "net/fragment.h"
#include "net/icmp.h"
#include "net/pmtu.h"
#include "net_fixtures.h"

using namespace tcplab;
using namespace tcplab::testing;

namespace {
Ipv4Datagram tcpDatagram(bool df = true) {
    TcpSegment s;
    s.srcPort = 40000;
    s.dstPort = 80;
    s.seq = SeqNum(0x01020304);
    s.flags = TcpFlag::ACK | TcpFlag::PSH;
    s.payload = std::string(1460, 'd');
    Ipv4Header h;
    h.identification = 0x1234;
    h.dontFragment = df;
    h.protocol = IpProtocol::TCP;
    h.source = kClient;
    h.destination = kServer;
    return Ipv4Datagram::make(h, serializeTcpSegment(s, kClient, kServer));
}
} // namespace

class TestIcmp : public QObject {
    Q_OBJECT
private slots:
    // RFC 792 "Echo or Echo Reply Message": type 8, code 0, identifier, sequence, data; checksum over all:
    // ~(0800 + 0000 + 0102 + 0007 + aabb) = ~b3c4 = 4c3b.
    void echoRequest_bytes() {
        const Bytes b = makeEchoRequest(0x0102, 7, {0xAA, 0xBB}).serialize();
        QCOMPARE(hex(b), QByteArray("08 00 4c 3b 01 02 00 07 aa bb"));
        QCOMPARE(internetChecksum(b), quint16(0));
    }

    // RFC 792: "the data received in the echo message must be returned in the echo reply message"; the
    // identifier and sequence number too.
    void echo_roundTrip_replyReturnsIdentifierSequenceAndData() {
        const IcmpMessage request = makeEchoRequest(0xBEEF, 3, patternBytes(56));
        const auto parsed = IcmpMessage::parse(request.serialize());
        QVERIFY2(parsed, parsed.error.c_str());
        const IcmpMessage reply = makeEchoReply(*parsed.value);
        const auto back = IcmpMessage::parse(reply.serialize());
        QVERIFY2(back, back.error.c_str());
        QCOMPARE(back.value->type, IcmpType::EchoReply);
        QCOMPARE(back.value->identifier, quint16(0xBEEF));
        QCOMPARE(back.value->sequence, quint16(3));
        QCOMPARE(back.value->data, patternBytes(56));
        QCOMPARE(*back.value, reply);
    }

    // RFC 1191 §4: type 3 code 4, the next-hop MTU in the low 16 bits of the second word, the high 16 zero;
    // RFC 792: then the offending header and its first 64 data bits.
    void fragmentationNeeded_carriesNextHopMtuAndQuote() {
        const Ipv4Datagram offending = tcpDatagram();
        const Bytes b = makeFragmentationNeeded(offending, 576).serialize();
        QCOMPARE(b.size(), std::size_t(8 + 20 + 8));
        QCOMPARE(b[0], quint8(3));
        QCOMPARE(b[1], quint8(4));
        QCOMPARE(getU16(b, 4), quint16(0));
        QCOMPARE(getU16(b, 6), quint16(576));
        Bytes quote = serializeIpv4Header(offending.header);
        quote.insert(quote.end(), offending.payload.begin(), offending.payload.begin() + 8);
        QCOMPARE(hex(Bytes(b.begin() + 8, b.end())), hex(quote));
        QCOMPARE(internetChecksum(b), quint16(0));
    }

    // RFC 5927 §4.1: the host reads the quoted ports and sequence number to find the connection.
    void fragmentationNeeded_parseQuote_givesPortsAndSeq() {
        const auto m = IcmpMessage::parse(makeFragmentationNeeded(tcpDatagram(), 1200).serialize());
        QVERIFY2(m, m.error.c_str());
        QCOMPARE(m.value->nextHopMtu, quint16(1200));
        const auto q = parseQuote(*m.value);
        QVERIFY2(q, q.error.c_str());
        QCOMPARE(q.value->header.totalLength, quint16(1500));
        QCOMPARE(q.value->header.dontFragment, true);
        QCOMPARE(q.value->header.identification, quint16(0x1234));
        QCOMPARE(q.value->srcPort(), quint16(40000));
        QCOMPARE(q.value->dstPort(), quint16(80));
        QCOMPARE(q.value->tcpSeq(), quint32(0x01020304));
    }

    // RFC 792: port unreachable is code 3 and leaves the second word unused (zero).
    void portUnreachable_secondWordZero() {
        const Bytes b = makeDestinationUnreachable(IcmpCode::PortUnreachable, tcpDatagram(), 999).serialize();
        QCOMPARE(b[1], quint8(3));
        QCOMPARE(getU32(b, 4), quint32(0));
    }

    // RFC 792: time exceeded, code 0 in transit (TTL), code 1 reassembly.
    void timeExceeded_codes_data() {
        QTest::addColumn<int>("code");
        QTest::newRow("ttl") << int(IcmpCode::TtlExceeded);
        QTest::newRow("reassembly") << int(IcmpCode::ReassemblyExceeded);
    }
    void timeExceeded_codes() {
        QFETCH(int, code);
        const IcmpMessage m = makeTimeExceeded(static_cast<std::uint8_t>(code), tcpDatagram());
        const auto back = IcmpMessage::parse(m.serialize());
        QVERIFY(back);
        QCOMPARE(back.value->type, quint8(11));
        QCOMPARE(int(back.value->code), code);
        QCOMPARE(back.value->data.size(), std::size_t(28));
    }

    void parse_badChecksum_rejected() {
        Bytes b = makeEchoRequest(1, 1, {1, 2, 3}).serialize();
        b[8] ^= 0x01;
        const auto r = IcmpMessage::parse(b);
        QVERIFY(!r);
        QCOMPARE(r.error, std::string("ICMP checksum mismatch"));
    }

    void parse_truncated_rejected() {
        const auto r = IcmpMessage::parse(Bytes{8, 0, 0});
        QVERIFY(!r);
        QCOMPARE(r.error, std::string("ICMP message truncated: 3 of 8 bytes"));
    }

    // Reference §7 end to end: a 1,460-byte segment with DF (TL 1500) meets a 576-byte link; the router drops
    // it and returns ICMP 3/4 with MTU 576 (RFC 1191 §4); the sender finds its segment by the quoted sequence
    // number, lowers the PMTU and resends the 1,460 bytes as 536 + 536 + 388 (TL 576, 576, 428), which pass.
    void dfDrop_icmpNextHopMtu_senderResendsSmallerSegments() {
        const Ipv4Datagram sent = tcpDatagram(true);
        const FragmentResult atRouter = fragmentForMtu(sent, 576);
        QCOMPARE(atRouter.kind, FragmentResult::Kind::NeedsIcmp);
        const Ipv4Datagram icmp =
            icmpDatagram(makeFragmentationNeeded(sent, atRouter.nextHopMtu), kRouter, kClient, 1);

        const auto received =
            IcmpMessage::parse(Ipv4Datagram::parse(icmp.serialize()).value->payload.contiguous());
        QVERIFY2(received, received.error.c_str());
        const auto quote = parseQuote(*received.value);
        QCOMPARE(quote.value->tcpSeq(), quint32(0x01020304)); // SND.UNA: the sender's own segment
        PmtuCache pmtu(PmtuConfig::linuxProfile());
        const auto u =
            pmtu.onFragmentationNeeded(kTimeZero, quote.value->header.destination, received.value->nextHopMtu,
                                       quote.value->header.totalLength, 1500);
        QVERIFY(u.lowered);
        const std::uint16_t mss = mssFromMtu(u.newPmtu);
        QCOMPARE(mss, quint16(536));

        std::vector<std::uint16_t> totalLengths;
        for (std::uint32_t done = 0; done < 1460; done += mss) {
            TcpSegment s;
            s.srcPort = 40000;
            s.dstPort = 80;
            s.seq = SeqNum(0x01020304 + done);
            s.payload = std::string(std::min<std::uint32_t>(mss, 1460 - done), 'd');
            Ipv4Header h = sent.header;
            const Ipv4Datagram d = Ipv4Datagram::make(h, serializeTcpSegment(s, kClient, kServer));
            QCOMPARE(fragmentForMtu(d, 576).kind, FragmentResult::Kind::Fits);
            totalLengths.push_back(d.header.totalLength);
        }
        QCOMPARE(totalLengths, (std::vector<std::uint16_t>{576, 576, 428}));
    }

    void icmpDatagram_isProtocol1WithTotalLength() {
        const Ipv4Datagram d = icmpDatagram(makeFragmentationNeeded(tcpDatagram(), 576), kRouter, kClient, 9);
        QCOMPARE(d.header.protocol, IpProtocol::ICMP);
        QCOMPARE(d.header.totalLength, quint16(20 + 36));
        QCOMPARE(d.header.source, kRouter);
        QVERIFY(parseIpv4Header(d.serialize()).value->checksumOk);
    }
};

QTEST_APPLESS_MAIN(TestIcmp)
#include "tst_icmp.moc"
