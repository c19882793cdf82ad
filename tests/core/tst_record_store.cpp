// The trace's packed segment and datagram records (sim/trace.h, RecordStore with SegmentCodec and
// DatagramCodec): every record reads back exactly as it was recorded, whether it fits the packed form or is
// kept whole, a replaced record reads back replaced, and truncating and extending the store (a snapshot's
// restore, a jump forward) gives the same records as the run that recorded them.
#include <QtTest>

#include "sim/trace.h"

using namespace tcplab;

namespace {

constexpr std::int64_t kT0 = 3'000'000'000'123; // 3,000 s: far beyond 32 bits of nanoseconds

SegmentRecord segment(std::int64_t ns, std::uint32_t seq, std::uint32_t ack, std::uint8_t flags,
                      std::uint32_t len, bool fromA = true) {
    SegmentRecord s;
    s.srcPort = fromA ? 40000 : 80;
    s.dstPort = fromA ? 80 : 40000;
    s.seq = SeqNum(seq);
    s.ack = SeqNum(ack);
    s.flags = flags;
    s.window = 65535;
    s.payloadLen = len;
    s.srcAddr = fromA ? 0x0A000001 : 0x0A000102;
    s.dstAddr = fromA ? 0x0A000102 : 0x0A000001;
    s.srcHost = fromA ? 0 : 1;
    s.dstHost = fromA ? 1 : 0;
    s.link = 3;
    s.sentAt = instantFromNanos(ns);
    return s;
}

DatagramRecord datagram(std::int64_t ns, std::uint32_t seg, std::uint16_t from, std::uint16_t to,
                        std::uint8_t ttl) {
    DatagramRecord d;
    d.sentAt = instantFromNanos(ns);
    d.srcAddr = 0x0A000001;
    d.dstAddr = 0x0A000102;
    d.segment = seg;
    d.id = 0x1234;
    d.totalLen = 1500;
    d.dontFragment = true;
    d.fromNode = from;
    d.toNode = to;
    d.link = from;
    d.ttl = ttl;
    d.protocol = 6;
    return d;
}

// What a connection through a router records: a handshake with the MSS option (ISN next to the 2^32
// wrap), data and ACKs, a retransmission, the FINs.
std::vector<SegmentRecord> commonSegments(std::size_t n) {
    std::vector<SegmentRecord> v;
    std::uint32_t seq = 0xFFFFFF00u;
    std::uint32_t ack = 0xFFFFFFF0u;
    SegmentRecord syn = segment(kT0, seq++, 0, TcpFlag::SYN, 0);
    syn.mss = 1460;
    v.push_back(syn);
    SegmentRecord synAck = segment(kT0 + 10'000'000, ack++, seq, TcpFlag::SYN | TcpFlag::ACK, 0, false);
    synAck.mss = 536;
    v.push_back(synAck);
    for (std::size_t i = 0; v.size() + 1 < n; ++i) {
        const std::int64_t t = kT0 + 20'000'000 + static_cast<std::int64_t>(i) * 1'234'567;
        SegmentRecord data = segment(t, seq, ack, TcpFlag::ACK | TcpFlag::PSH, 1460);
        data.retransmission = i % 17 == 5;
        v.push_back(data);
        seq += 1460; // wraps past 2^32
        v.push_back(segment(t + 10'000'000, ack, seq, TcpFlag::ACK, 0, false));
    }
    v.push_back(segment(kT0 + 4'000'000'000, seq, ack, TcpFlag::FIN | TcpFlag::ACK, 0));
    return v;
}

// What cannot be packed: each is kept whole.
std::vector<SegmentRecord> uncommonSegments() {
    std::vector<SegmentRecord> v;
    SegmentRecord urgent = segment(kT0, 1, 2, TcpFlag::ACK | TcpFlag::URG, 10);
    urgent.urgentPointer = 5;
    v.push_back(urgent);
    SegmentRecord copy = segment(kT0 + 1, 1, 2, TcpFlag::ACK, 10);
    copy.duplicate = true;
    copy.copyOf = 0;
    v.push_back(copy);
    v.push_back(segment(kT0 + 2, 1, 2, TcpFlag::ACK, 70'000)); // above 16 bits
    SegmentRecord mssWithData = segment(kT0 + 3, 1, 2, TcpFlag::SYN, 100);
    mssWithData.mss = 1460;
    v.push_back(mssWithData);
    v.push_back(segment(kT0 + 5'000'000'000, 1, 2, TcpFlag::ACK, 0)); // 5 s after the block's first
    v.push_back(segment(kT0 - 1, 1, 2, TcpFlag::ACK, 0));             // before it
    return v;
}

// Two hops per segment (the router decrements the TTL), a fragmented one, segments named out of order.
std::vector<DatagramRecord> commonDatagrams(std::size_t n) {
    std::vector<DatagramRecord> v;
    for (std::uint32_t i = 0; v.size() < n; ++i) {
        const std::int64_t t = kT0 + std::int64_t{i} * 3'000'000;
        const std::uint32_t seg = 50'000 + i;
        DatagramRecord first = datagram(t, seg, 0, 2, 64);
        first.id = static_cast<std::uint16_t>(0xFFF0 + i); // wraps
        v.push_back(first);
        DatagramRecord hop = first;
        hop.sentAt = instantFromNanos(t + 1'000'000);
        hop.fromNode = 2;
        hop.toNode = 1;
        hop.link = 2;
        hop.ttl = 63;
        v.push_back(hop);
        if (i % 10 == 3) { // three pieces on a link of MTU 576
            for (std::uint8_t k = 1; k <= 3; ++k) {
                DatagramRecord piece = hop;
                piece.dontFragment = false;
                piece.fragmentOffset = static_cast<std::uint16_t>((k - 1) * 69);
                piece.moreFragments = k < 3;
                piece.totalLen = k < 3 ? 572 : 396;
                piece.fragment = k;
                piece.fragments = 3;
                piece.link = 5;
                v.push_back(piece);
            }
            v.push_back(datagram(t + 2'000'000, 50'000 + i - 100, 1, 2, 64)); // an old segment's ACK
            v.push_back(datagram(t + 2'000'001, kNone, 1, 2, 64));            // no segment
        }
    }
    v.resize(n);
    return v;
}

// The first is common: it sets the block's segment base, which the fifth is too far from.
std::vector<DatagramRecord> uncommonDatagrams() {
    std::vector<DatagramRecord> v;
    v.push_back(datagram(kT0, 7, 0, 2, 64));
    DatagramRecord icmp = datagram(kT0, kNone, 2, 0, 64);
    icmp.protocol = 1;
    icmp.icmpType = 3;
    icmp.icmpCode = 4;
    icmp.icmpMtu = 576;
    icmp.totalLen = 56;
    v.push_back(icmp);
    DatagramRecord arp = datagram(kT0 + 1, kNone, 0, 2, 0);
    arp.protocol = 0;
    arp.totalLen = 28;
    arp.dontFragment = false;
    arp.arpOp = 2;
    v.push_back(arp);
    DatagramRecord many = datagram(kT0 + 2, 7, 0, 2, 64);
    many.fragment = 20;
    many.fragments = 40;
    v.push_back(many);
    v.push_back(datagram(kT0 + 3, 7 + 100'000, 0, 2, 64));   // the segment too far from the block's
    v.push_back(datagram(kT0 + 6'000'000'000, 8, 0, 2, 64)); // 6 s after the block's first
    return v;
}

template <class Store, class Rec> void pushAll(Store& s, const std::vector<Rec>& v) {
    for (const Rec& r : v)
        s.push_back(r);
}

template <class Store, class Rec> bool holds(const Store& s, const std::vector<Rec>& v, std::size_t n) {
    if (s.size() != n || n > v.size())
        return false;
    for (std::size_t i = 0; i < n; ++i)
        if (!(s[i] == v[i]))
            return false;
    std::size_t i = 0;
    for (const Rec r : s) // the iterator reads the same
        if (!(r == v[i++]))
            return false;
    return true;
}

// Common records with uncommon ones in between: escapes spread over many blocks.
std::vector<SegmentRecord> mixedSegments() {
    std::vector<SegmentRecord> v = commonSegments(400);
    const std::vector<SegmentRecord> odd = uncommonSegments();
    for (std::size_t i = 0; i < odd.size(); ++i) {
        SegmentRecord r = odd[i];
        r.sentAt = v[i * 60 + 3].sentAt + (i == 4 ? std::chrono::seconds(5) : Duration{0});
        v.insert(v.begin() + static_cast<std::ptrdiff_t>(i * 60 + 4), r);
    }
    for (std::size_t i = 200; i < v.size(); ++i)
        v[i].link = static_cast<std::uint16_t>(i % 7); // routes added late in the run
    return v;
}

} // namespace

class TestRecordStore : public QObject {
    Q_OBJECT
private slots:
    void segments_commonRecordsArePackedAndReadBack() {
        const std::vector<SegmentRecord> v = commonSegments(1000);
        RecordStore<SegmentCodec> s;
        pushAll(s, v);
        QVERIFY(holds(s, v, v.size()));
        QCOMPARE(s.escapedCount(), std::size_t{0});
        QCOMPARE(s.routeCount(), std::size_t{2}); // one per direction
        QCOMPARE(s[0].mss, std::uint16_t{1460});
        QCOMPARE(s[0].seq.value(), 0xFFFFFF00u);
    }
    void segments_uncommonRecordsAreKeptWhole() {
        const std::vector<SegmentRecord> v = uncommonSegments();
        RecordStore<SegmentCodec> s;
        pushAll(s, v);
        QVERIFY(holds(s, v, v.size()));
        QCOMPARE(s.escapedCount(), v.size());
    }
    void segments_packedSizeIsUnder26Bytes() {
        const std::vector<SegmentRecord> v = commonSegments(64 * 4096);
        RecordStore<SegmentCodec> s;
        pushAll(s, v);
        QVERIFY2(s.memoryBytes() <= 26 * v.size(),
                 QByteArray::number(qulonglong(s.memoryBytes() / v.size())));
    }
    void datagrams_commonRecordsArePackedAndReadBack() {
        const std::vector<DatagramRecord> v = commonDatagrams(1000);
        RecordStore<DatagramCodec> s;
        pushAll(s, v);
        QVERIFY(holds(s, v, v.size()));
        QCOMPARE(s.escapedCount(), std::size_t{0});
    }
    void datagrams_uncommonRecordsAreKeptWhole() {
        const std::vector<DatagramRecord> v = uncommonDatagrams();
        RecordStore<DatagramCodec> s;
        pushAll(s, v);
        QVERIFY(holds(s, v, v.size()));
        QCOMPARE(s.escapedCount(), v.size() - 1);
    }
    void datagrams_packedSizeIsUnder17Bytes() {
        const std::vector<DatagramRecord> v = commonDatagrams(64 * 4096);
        RecordStore<DatagramCodec> s;
        pushAll(s, v);
        QVERIFY2(s.memoryBytes() <= 17 * v.size(),
                 QByteArray::number(qulonglong(s.memoryBytes() / v.size())));
    }
    void set_replacesOneRecord() {
        std::vector<SegmentRecord> v = mixedSegments();
        RecordStore<SegmentCodec> s;
        pushAll(s, v);
        const std::size_t escaped = s.escapedCount();
        // The last record gets its link once the IP layer knows it: packed in place.
        v.back().link = 9;
        s.setLink(v.size() - 1, 9);
        QVERIFY(holds(s, v, v.size()));
        QCOMPARE(s.escapedCount(), escaped);
        // A packed record in the middle that must now be kept whole, a kept one that could be packed, one
        // with a route that no record had: the others stay as they were.
        v[100].urgentPointer = 3;
        s.set(100, v[100]);
        v[4].urgentPointer = 0; // uncommonSegments()[0], inserted at 4
        s.set(4, v[4]);
        v[130].srcHost = 77;
        s.set(130, v[130]);
        v[131].link = 12; // a link change in the middle, with a route no record had
        s.setLink(131, 12);
        QVERIFY(holds(s, v, v.size()));
        // A cut before the replaced records and an extension from the copy give them back.
        RecordStore<SegmentCodec> cut = s;
        cut.truncate(90);
        cut.extendFrom(s, s.size());
        QVERIFY(holds(cut, v, v.size()));
    }
    void segments_truncateAndExtendAcrossBlocks() {
        const std::vector<SegmentRecord> v = mixedSegments();
        RecordStore<SegmentCodec> full;
        pushAll(full, v);
        QVERIFY(full.escapedCount() >= 5);
        const std::vector<std::size_t> cuts = {0,   1,   4,   5,   63,  64,  65,
                                               127, 128, 129, 200, 250, 300, v.size()};
        for (std::size_t n : cuts) {
            RecordStore<SegmentCodec> s = full;
            s.truncate(n);
            QVERIFY2(holds(s, v, n), QByteArray::number(qulonglong(n)));
            for (std::size_t m : cuts) {
                if (m < n)
                    continue;
                RecordStore<SegmentCodec> e = s;
                e.extendFrom(full, m);
                QVERIFY2(holds(e, v, m),
                         QByteArray::number(qulonglong(n)) + " to " + QByteArray::number(qulonglong(m)));
            }
            // Recorded again after the cut: the same records, and a later cut and extension still match.
            for (std::size_t i = n; i < v.size(); ++i)
                s.push_back(v[i]);
            QVERIFY(holds(s, v, v.size()));
            s.truncate(n / 2);
            s.extendFrom(full, v.size());
            QVERIFY(holds(s, v, v.size()));
        }
    }
    void datagrams_truncateAndExtendAcrossBlocks() {
        std::vector<DatagramRecord> v = commonDatagrams(400);
        const std::vector<DatagramRecord> odd = uncommonDatagrams();
        for (std::size_t i = 0; i < odd.size(); ++i) {
            DatagramRecord r = odd[i];
            r.sentAt = v[i * 70 + 10].sentAt + (i == 4 ? std::chrono::seconds(6) : Duration{0});
            v.insert(v.begin() + static_cast<std::ptrdiff_t>(i * 70 + 11), r);
        }
        RecordStore<DatagramCodec> full;
        pushAll(full, v);
        QVERIFY(full.escapedCount() >= 3); // ICMP, ARP, 40 pieces at least
        for (std::size_t n : {0, 1, 11, 12, 63, 64, 65, 128, 150, 256, 300, 405}) {
            RecordStore<DatagramCodec> s = full;
            s.truncate(n);
            QVERIFY(holds(s, v, n));
            s.extendFrom(full, std::min<std::size_t>(n + 100, v.size()));
            QVERIFY(holds(s, v, std::min<std::size_t>(n + 100, v.size())));
            s.extendFrom(full, v.size());
            QVERIFY(holds(s, v, v.size()));
        }
    }
    void trace_markRestoresRecords() {
        // Trace::truncate / extendFrom cut and extend both stores at the mark.
        const std::vector<SegmentRecord> segs = mixedSegments();
        const std::vector<DatagramRecord> dgs = commonDatagrams(300);
        Trace full;
        Trace::Mark mid{};
        for (std::size_t i = 0; i < 300; ++i) {
            full.segments.push_back(segs[i]);
            full.datagrams.push_back(dgs[i]);
            if (i == 150)
                mid = full.mark();
        }
        Trace t = full;
        t.truncate(mid);
        QVERIFY(holds(t.segments, segs, 151));
        QVERIFY(holds(t.datagrams, dgs, 151));
        t.extendFrom(full, full.mark());
        QVERIFY(holds(t.segments, segs, 300));
        QVERIFY(holds(t.datagrams, dgs, 300));
    }
};

QTEST_APPLESS_MAIN(TestRecordStore)
#include "tst_record_store.moc"
