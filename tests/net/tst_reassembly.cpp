// Reassembly at the destination (core/net/reassembly.h): RFC 791 / RFC 815 holes, out-of-order and
// duplicate fragments, RFC 5722 overlaps, the reassembly timeout and its ICMP Time Exceeded (RFC 792 11/1).
#include <QtTest>

#include <algorithm>

#include "net/fragment.h"
#include "net/reassembly.h"
#include "net_fixtures.h"

using namespace tcplab;
using namespace tcplab::testing;
using namespace std::chrono_literals;
using Kind = ReassemblyEventKind;

namespace {
Instant at(Duration d) {
    return kTimeZero + d;
}

std::vector<Ipv4Datagram> fragmentsOf4000Over576() {
    return fragmentForMtu(datagramWithPayload(4000), 576).fragments; // 8 fragments, §5.3
}

// Feeds fragments and returns the kinds of all events, in order.
std::vector<Kind> feed(ReassemblyTable& t, Instant now, const std::vector<Ipv4Datagram>& fragments,
                       std::optional<Ipv4Datagram>* delivered = nullptr) {
    std::vector<Kind> kinds;
    for (const auto& f : fragments)
        for (const auto& ev : t.receive(now, f)) {
            kinds.push_back(ev.kind);
            if (delivered && ev.datagram)
                *delivered = ev.datagram;
        }
    return kinds;
}

Ipv4Datagram withPayload(const Ipv4Datagram& f, ByteSlice payload) {
    return Ipv4Datagram::make(f.header, std::move(payload));
}
} // namespace

namespace QTest {
template <> char* toString(const Kind& k) {
    return qstrdup(tcplab::toString(k));
}
} // namespace QTest

class TestReassembly : public QObject {
    Q_OBJECT
private slots:
    void reassembly_inOrder_completesOnLastFragment() {
        ReassemblyTable t;
        std::optional<Ipv4Datagram> out;
        const auto kinds = feed(t, at(0s), fragmentsOf4000Over576(), &out);
        std::vector<Kind> expected(7, Kind::FragmentStored);
        expected.push_back(Kind::DatagramComplete);
        QCOMPARE(kinds, expected);
        QVERIFY(out);
        QCOMPARE(*out, datagramWithPayload(4000)); // TL 4020, MF 0, FO 0, same ID, same bytes
        QCOMPARE(t.size(), std::size_t(0));
    }

    // RFC 815: holes are filled in any order; the datagram is complete when the last hole goes.
    void reassembly_reverseOrder_completesOnFragmentZero() {
        auto fragments = fragmentsOf4000Over576();
        std::reverse(fragments.begin(), fragments.end());
        ReassemblyTable t;
        std::optional<Ipv4Datagram> out;
        const auto kinds = feed(t, at(0s), fragments, &out);
        QCOMPARE(kinds.back(), Kind::DatagramComplete);
        QCOMPARE(std::count(kinds.begin(), kinds.end(), Kind::FragmentStored), 7);
        QCOMPARE(*out, datagramWithPayload(4000));
    }

    // The re-fragmented pieces of §5.2 (MF = 1 on pieces that end a middle fragment) reassemble too.
    void reassembly_refragmentedPieces_reassembleToOriginal() {
        std::vector<Ipv4Datagram> pieces;
        for (const auto& f : fragmentForMtu(datagramWithPayload(4000), 1500).fragments)
            for (const auto& p : fragmentForMtu(f, 576).fragments)
                pieces.push_back(p);
        std::rotate(pieces.begin(), pieces.begin() + 5, pieces.end());
        ReassemblyTable t;
        std::optional<Ipv4Datagram> out;
        feed(t, at(0s), pieces, &out);
        QVERIFY(out);
        QCOMPARE(*out, datagramWithPayload(4000));
    }

    // RFC 815 §3: the hole list after fragments 0 and 2 of 4000/576: [552, 1103] and [1656, open end].
    void reassembly_holes_trackMissingRanges() {
        const auto f = fragmentsOf4000Over576();
        ReassemblyTable t;
        t.receive(at(0s), f[0]);
        t.receive(at(0s), f[2]);
        const auto entries = t.entries();
        QCOMPARE(entries.size(), std::size_t(1));
        QCOMPARE(entries[0].holes,
                 (std::vector<ReassemblyHole>{{552, 1103}, {1656, ReassemblyTable::kOpenEnd}}));
        QCOMPARE(entries[0].bytesHeld, std::size_t(1104));
        QVERIFY(!entries[0].totalDataBytes);
        t.receive(at(0s), f[7]); // the last: [3864, 3999], MF 0 — the open hole now ends at 3863
        QCOMPARE(t.entries()[0].holes, (std::vector<ReassemblyHole>{{552, 1103}, {1656, 3863}}));
        QCOMPARE(*t.entries()[0].totalDataBytes, quint32(4000));
    }

    // Linux: an exact duplicate is ignored and the queue goes on.
    void reassembly_exactDuplicate_ignoredQueueKept() {
        const auto f = fragmentsOf4000Over576();
        ReassemblyTable t;
        t.receive(at(0s), f[3]);
        const auto ev = t.receive(at(1ms), f[3]);
        QCOMPARE(ev.size(), std::size_t(1));
        QCOMPARE(ev[0].kind, Kind::DuplicateIgnored);
        QCOMPARE(ev[0].bytesHeld, std::size_t(552));
        std::optional<Ipv4Datagram> out;
        feed(t, at(2ms), f, &out); // all 8 again: f[3] is a duplicate, the rest complete it
        QCOMPARE(*out, datagramWithPayload(4000));
    }

    // RFC 5722 §4: a partial overlap discards everything held for the datagram.
    void reassembly_partialOverlap_discardsDatagram() {
        const auto f = fragmentsOf4000Over576();
        ReassemblyTable t;
        t.receive(at(0s), f[0]); // bytes 0–551
        t.receive(at(0s), f[1]); // bytes 552–1103
        Ipv4Datagram overlapping = f[1];
        overlapping.header.fragmentOffset = 68; // bytes 544–1095: overlaps both
        overlapping = withPayload(overlapping, overlapping.payload);
        const auto ev = t.receive(at(1ms), overlapping);
        QCOMPARE(ev.size(), std::size_t(1));
        QCOMPARE(ev[0].kind, Kind::DatagramDiscarded);
        QCOMPARE(ev[0].reason, std::string("bytes 544-1095 overlap bytes 0-551 (RFC 5722)"));
        QCOMPARE(ev[0].bytesHeld, std::size_t(0));
        QCOMPARE(t.entries()[0].discarded, true);
    }

    // RFC 5722 §4: "... including any fragments not yet received": later fragments, even the ones that would
    // have completed it, are dropped.
    void reassembly_afterOverlap_laterFragmentsDropped() {
        const auto f = fragmentsOf4000Over576();
        ReassemblyTable t;
        t.receive(at(0s), f[0]);
        Ipv4Datagram overlapping = f[0];
        overlapping.header.fragmentOffset = 1;
        t.receive(at(0s), withPayload(overlapping, overlapping.payload));
        std::vector<Ipv4Datagram> rest(f.begin() + 1, f.end());
        std::optional<Ipv4Datagram> out;
        const auto kinds = feed(t, at(1ms), rest, &out);
        QCOMPARE(kinds, std::vector<Kind>(7, Kind::FragmentDropped));
        QVERIFY(!out);
    }

    // Same range, different bytes: an overlap, not a duplicate (a teardrop-style rewrite).
    void reassembly_sameRangeDifferentBytes_isOverlap() {
        const auto f = fragmentsOf4000Over576();
        ReassemblyTable t;
        t.receive(at(0s), f[2]);
        Bytes changed(f[2].payload.begin(), f[2].payload.end());
        changed[100] ^= 0xFF;
        const auto ev = t.receive(at(0s), withPayload(f[2], changed));
        QCOMPARE(ev[0].kind, Kind::DatagramDiscarded);
    }

    // The discarded entry lives until its deadline, then goes without an ICMP.
    void reassembly_discardedEntry_expiresSilently() {
        const auto f = fragmentsOf4000Over576();
        ReassemblyTable t;
        t.receive(at(0s), f[0]);
        Ipv4Datagram overlapping = f[0];
        overlapping.header.fragmentOffset = 1;
        t.receive(at(0s), withPayload(overlapping, overlapping.payload));
        QVERIFY(t.expire(at(30s)).empty());
        QCOMPARE(t.size(), std::size_t(0));
    }

    // RFC 1122 §3.3.2 / RFC 792: on timeout with fragment 0 held, ICMP Time Exceeded code 1 quoting the first
    // fragment's header and 8 data bytes goes to the source. Linux: 30 s from the first fragment.
    void reassembly_timeoutWithFragmentZero_icmpTimeExceededCode1() {
        const auto f = fragmentsOf4000Over576();
        ReassemblyTable t; // 30 s
        t.receive(at(1s), f[0]);
        t.receive(at(5s), f[1]); // a later fragment does not restart the timer
        QCOMPARE(*t.nextDeadline(), at(31s));
        QVERIFY(t.expire(at(31s) - 1ns).empty());
        const auto ev = t.expire(at(31s));
        QCOMPARE(ev.size(), std::size_t(1));
        QCOMPARE(ev[0].kind, Kind::TimedOut);
        QCOMPARE(ev[0].key.identification, quint16(0x1C46));
        QCOMPARE(ev[0].fragmentsHeld, std::size_t(2));
        QCOMPARE(ev[0].bytesHeld, std::size_t(1104));
        QVERIFY(ev[0].icmp);
        QCOMPARE(ev[0].icmp->type, IcmpType::TimeExceeded);
        QCOMPARE(ev[0].icmp->code, IcmpCode::ReassemblyExceeded);
        Bytes quote = serializeIpv4Header(f[0].header);
        quote.insert(quote.end(), f[0].payload.begin(), f[0].payload.begin() + 8);
        QCOMPARE(hex(ev[0].icmp->data), hex(quote));
        QCOMPARE(t.size(), std::size_t(0));
        QVERIFY(!t.nextDeadline());
    }

    // RFC 1122 §3.3.2: "If the fragment numbered zero is not available, no time-exceeded need be sent".
    void reassembly_timeoutWithoutFragmentZero_noIcmp() {
        const auto f = fragmentsOf4000Over576();
        ReassemblyTable t(15s);
        t.receive(at(0s), f[4]);
        const auto ev = t.expire(at(15s));
        QCOMPARE(ev.size(), std::size_t(1));
        QCOMPARE(ev[0].kind, Kind::TimedOut);
        QVERIFY(!ev[0].icmp);
    }

    // The key is (source, destination, protocol, ID): the same ID from another source is another datagram.
    void reassembly_key_separatesSources() {
        auto f = fragmentsOf4000Over576();
        Ipv4Datagram other = f[7];
        other.header.source = kRouter;
        other = withPayload(other, other.payload);
        ReassemblyTable t;
        t.receive(at(0s), f[0]);
        t.receive(at(0s), other);
        QCOMPARE(t.size(), std::size_t(2));
    }

    void reassembly_notAFragment_passesThrough() {
        ReassemblyTable t;
        const Ipv4Datagram d = datagramWithPayload(100);
        const auto ev = t.receive(at(0s), d);
        QCOMPARE(ev.size(), std::size_t(1));
        QCOMPARE(ev[0].kind, Kind::Passed);
        QCOMPARE(*ev[0].datagram, d);
        QCOMPARE(t.size(), std::size_t(0));
    }

    // RFC 791: only the last fragment may have a length that is not a multiple of 8.
    void reassembly_nonLastFragmentNotMultipleOf8_dropped() {
        const auto f = fragmentsOf4000Over576();
        Bytes shorter(f[1].payload.begin(), f[1].payload.end() - 3);
        const auto ev = ReassemblyTable().receive(at(0s), withPayload(f[1], shorter));
        QCOMPARE(ev[0].kind, Kind::FragmentDropped);
        QCOMPARE(ev[0].reason,
                 std::string("non-last fragment with 549 data bytes (must be a non-zero multiple of 8)"));
    }

    void reassembly_secondLastFragmentWithOtherEnd_discards() {
        const auto f = fragmentsOf4000Over576();
        ReassemblyTable t;
        t.receive(at(0s), f[7]); // ends at 4000
        Ipv4Datagram alsoLast = f[6];
        alsoLast.header.moreFragments = false; // ends at 3864
        const auto ev = t.receive(at(0s), withPayload(alsoLast, alsoLast.payload));
        QCOMPARE(ev[0].kind, Kind::DatagramDiscarded);
        QCOMPARE(ev[0].reason, std::string("a second last fragment ends at 3864, the first at 4000"));
    }

    void reassembly_fragmentBeyondEnd_discards() {
        const auto f = fragmentsOf4000Over576();
        ReassemblyTable t;
        t.receive(at(0s), f[3]);
        Ipv4Datagram last = f[2];
        last.header.moreFragments = false; // "the datagram ends at byte 1656", but 1656–2207 is held
        const auto ev = t.receive(at(0s), withPayload(last, last.payload));
        QCOMPARE(ev[0].kind, Kind::DatagramDiscarded);
        QCOMPARE(ev[0].reason, std::string("data held beyond the last fragment's end 1656"));
    }

    // RFC 791 §3.1: no datagram exceeds 65,535 bytes (the "ping of death" fragment ends beyond it).
    void reassembly_beyond65535_discards() {
        Ipv4Datagram f = datagramWithPayload(100);
        f.header.fragmentOffset = 8180; // 65,440 + 20 header + 100 data = 65,560
        const auto ev = ReassemblyTable().receive(at(0s), withPayload(f, f.payload));
        QCOMPARE(ev[0].kind, Kind::DatagramDiscarded);
        QCOMPARE(ev[0].reason, std::string("reassembled length 65560 would exceed 65535 bytes"));
    }

    // Fragment 0 with 40 bytes of options and a last fragment without: each fits alone, but the rebuilt
    // datagram (fragment 0's 60-byte header + 65,480 data bytes) would not.
    void reassembly_fragmentZeroOptionsPushBeyond65535_discards() {
        Ipv4Header first = datagramWithPayload(0).header;
        first.options = Bytes(40, 1); // 40 No-Operation bytes
        first.moreFragments = true;
        Ipv4Header last = datagramWithPayload(0).header;
        last.fragmentOffset = 8;
        ReassemblyTable t;
        t.receive(at(0s), Ipv4Datagram::make(first, patternBytes(64)));
        const auto ev = t.receive(at(0s), Ipv4Datagram::make(last, patternBytes(65535 - 20 - 64)));
        QCOMPARE(ev[0].kind, Kind::DatagramDiscarded);
        QCOMPARE(ev[0].reason, std::string("reassembled length 65575 would exceed 65535 bytes"));
    }

    // The table is a value: a snapshot copy continues independently of the original.
    void reassembly_table_isCopyableSnapshot() {
        const auto f = fragmentsOf4000Over576();
        ReassemblyTable t;
        feed(t, at(0s), std::vector<Ipv4Datagram>(f.begin(), f.end() - 1));
        const ReassemblyTable snapshot = t;
        std::optional<Ipv4Datagram> out;
        feed(t, at(1s), {f.back()}, &out);
        QVERIFY(out);
        QCOMPARE(t.size(), std::size_t(0));
        QCOMPARE(snapshot.size(), std::size_t(1));
        ReassemblyTable replay = snapshot;
        QCOMPARE(replay, snapshot);
        QCOMPARE(replay.expire(at(30s)).size(), std::size_t(1));
    }
};

QTEST_APPLESS_MAIN(TestReassembly)
#include "tst_reassembly.moc"
