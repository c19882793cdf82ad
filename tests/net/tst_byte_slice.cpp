// ByteSlice (core/tcp/byte_slice.h): a payload is written once and then only shared. These tests say what
// is shared and what is copied, and that bytes a slice views never change under it.
#include <QtTest>

#include "net/fragment.h"
#include "net/ipv4.h"
#include "net/reassembly.h"
#include "net_fixtures.h"
#include "tcp/endpoint.h"

using namespace tcplab;
using namespace tcplab::testing;

class TestByteSlice : public QObject {
    Q_OBJECT
private slots:
    // ---- the type ----

    void copy_sharesTheBytes() {
        const ByteSlice a("hello");
        const ByteSlice b = a;
        QVERIFY(b.sharesStorageWith(a));
        QCOMPARE(b.data(), a.data());
    }

    void sub_viewsTheRangeInTheSameStorage() {
        const ByteSlice a("hello world");
        const ByteSlice w = a.sub(6, 5);
        QCOMPARE(w.view(), std::string_view("world"));
        QVERIFY(w.sharesStorageWith(a));
        QCOMPARE(w.data(), a.data() + 6);
    }

    void sub_clampsToTheEnd() {
        const ByteSlice a("abc");
        QCOMPARE(a.sub(1).view(), std::string_view("bc"));
        QCOMPARE(a.sub(2, 10).view(), std::string_view("c"));
        QVERIFY(a.sub(5).empty());
    }

    void removePrefixAndTruncate_narrowTheView() {
        ByteSlice a("abcdef");
        a.removePrefix(2);
        a.truncate(3);
        QCOMPARE(a.view(), std::string_view("cde"));
    }

    void equality_comparesBytesNotStorage() {
        const ByteSlice a("same");
        const ByteSlice b(std::string("same"));
        QVERIFY(!a.sharesStorageWith(b));
        QVERIFY(a == b);
        QVERIFY(!(a == ByteSlice("sane")));
        QVERIFY(!(a == ByteSlice("sam")));
        QVERIFY(ByteSlice() == ByteSlice(""));
    }

    void slice_outlivesItsSource() {
        ByteSlice tail;
        {
            const ByteSlice whole(std::string(100, 'x') + "end");
            tail = whole.sub(100);
        }
        QCOMPARE(tail.view(), std::string_view("end"));
    }

    // ---- the send buffer hands out slices ----

    void sendBuffer_sliceInOneChunk_sharesTheChunk() {
        SendBuffer buf;
        buf.append("abcdef");
        const ByteSlice a = buf.slice(0, 3);
        const ByteSlice b = buf.slice(3, 3);
        QCOMPARE(a.view(), std::string_view("abc"));
        QCOMPARE(b.view(), std::string_view("def"));
        QVERIFY(a.sharesStorageWith(b));
    }

    void sendBuffer_sliceAcrossChunks_isACopyOfBoth() {
        SendBuffer buf;
        const std::string big(64 * 1024 - 2, 'a');
        buf.append(big + "bcde"); // the 64 KiB chunk ends after "bc"
        const ByteSlice across = buf.slice(big.size(), 4);
        QCOMPARE(across.view(), std::string_view("bcde"));
        QVERIFY(!across.sharesStorageWith(buf.slice(0, 1)));
    }

    void sendBuffer_sliceAfterDropFront_startsAtTheUnacknowledgedByte() {
        SendBuffer buf;
        buf.append("abcdef");
        buf.dropFront(4);
        QCOMPARE(buf.slice(0, 2).view(), std::string_view("ef"));
    }

    void sendBuffer_appendWhileASliceIsHeld_leavesTheSlicedChunkAlone() {
        SendBuffer buf;
        buf.append("abc");
        const ByteSlice held = buf.slice(0, 3);
        const std::uint8_t* where = held.data();
        buf.append(std::string(1000, 'z'));
        QCOMPARE(held.view(), std::string_view("abc"));
        QCOMPARE(held.data(), where);
        // The new bytes went into a chunk of their own: "abc" + "z" now spans two chunks.
        QVERIFY(!buf.slice(0, 4).sharesStorageWith(held));
        QCOMPARE(buf.slice(0, 4).view(), std::string_view("abcz"));
    }

    void sendBuffer_appendWithNothingHeld_fillsTheSameChunk() {
        SendBuffer buf;
        buf.append("abc");
        buf.append("def");
        QVERIFY(buf.slice(0, 6).sharesStorageWith(buf.slice(0, 1)));
    }

    void sendBuffer_snapshot_neverSeesTheOriginalsLaterBytes() {
        SendBuffer original;
        original.append("abc");
        const ByteSlice inFlight = original.slice(0, 3);
        SendBuffer snapshot = original; // a World copy shares the chunks
        original.append("def");
        snapshot.append("xyz");
        QCOMPARE(original.slice(0, 6).view(), std::string_view("abcdef"));
        QCOMPARE(snapshot.slice(0, 6).view(), std::string_view("abcxyz"));
        QCOMPARE(inFlight.view(), std::string_view("abc"));
    }

    // ---- the payload's way: fragments, parsing ----

    void fragments_sliceTheDatagramsBytes() {
        const Ipv4Datagram d = datagramWithPayload(1400);
        const FragmentResult r = fragmentForMtu(d, 576);
        QCOMPARE(r.kind, FragmentResult::Kind::Fragmented);
        std::size_t at = 0;
        for (const Ipv4Datagram& f : r.fragments) {
            QVERIFY(f.payload.head().empty());
            QVERIFY(f.payload.body().sharesStorageWith(d.payload.body()));
            QCOMPARE(f.payload.body().data(), d.payload.body().data() + at);
            at += f.payload.size();
        }
        QCOMPARE(at, d.payload.size());
    }

    void reassembly_joinsTheFragmentsIntoTheOriginalBytes() {
        const Ipv4Datagram d = datagramWithPayload(1400);
        ReassemblyTable t;
        std::optional<Ipv4Datagram> whole;
        for (const Ipv4Datagram& f : fragmentForMtu(d, 576).fragments)
            for (ReassemblyEvent& ev : t.receive(Instant{}, f))
                if (ev.kind == ReassemblyEventKind::DatagramComplete)
                    whole = ev.datagram;
        QVERIFY(whole);
        QVERIFY(whole->payload == d.payload);
    }

    // ---- a segment sent by the simulation: its header inline, its data the send buffer's slice ----

    static TcpSegment dataSegment(std::size_t bytes) {
        TcpSegment s;
        s.srcPort = 40000;
        s.dstPort = 80;
        s.seq = SeqNum(1000);
        s.ack = SeqNum(2000);
        s.flags = TcpFlag::ACK | TcpFlag::PSH;
        s.window = 65535;
        s.payload = ByteSlice(patternBytes(bytes));
        return s;
    }

    void segmentPayload_holdsTheHeaderAndSharesTheData() {
        const TcpSegment s = dataSegment(1460);
        const DatagramPayload p = tcpSegmentPayload(s, kClient, kServer);
        QCOMPARE(p.head().size(), std::size_t(20));
        QVERIFY(p.body().sharesStorageWith(s.payload));
        QCOMPARE(p.body().data(), s.payload.data());
    }

    void segmentPayload_isTheSameBytesAsTheSerialisedSegment() {
        for (const std::size_t n : {0, 1, 7, 1460}) { // an odd length too: the checksum pads the last byte
            TcpSegment s = dataSegment(n);
            s.mss = 1460;
            const ByteSlice joined = serializeTcpSegment(s, kClient, kServer);
            const DatagramPayload p = tcpSegmentPayload(s, kClient, kServer);
            QVERIFY(p == DatagramPayload(joined));
            QVERIFY(p.contiguous() == joined);
            QCOMPARE(tcpChecksum(kClient, kServer, p.contiguous()), quint16(0));
        }
    }

    void segmentPayload_onTheWire_isTheSerialisedSegmentBehindTheHeader() {
        const TcpSegment s = dataSegment(100);
        Ipv4Header h;
        h.protocol = IpProtocol::TCP;
        h.source = kClient;
        h.destination = kServer;
        const Bytes split = Ipv4Datagram::make(h, tcpSegmentPayload(s, kClient, kServer)).serialize();
        const Bytes flat = Ipv4Datagram::make(h, serializeTcpSegment(s, kClient, kServer)).serialize();
        QCOMPARE(hex(split), hex(flat)); // what a pcap export writes
    }

    void segmentPayload_parsed_givesTheSendersSliceBack() {
        const TcpSegment s = dataSegment(500);
        const auto r = parseTcpSegment(tcpSegmentPayload(s, kClient, kServer), kClient, kServer);
        QVERIFY(r && r.value->checksumOk);
        QVERIFY(r.value->segment == s);
        QVERIFY(r.value->segment.payload.sharesStorageWith(s.payload));
    }

    void segmentPayload_withADataByteChanged_failsTheChecksum() {
        TcpSegment s = dataSegment(500);
        const DatagramPayload p = tcpSegmentPayload(s, kClient, kServer);
        Bytes damaged(p.body().begin(), p.body().end());
        damaged[250] ^= 0x01;
        const auto r = parseTcpSegment(DatagramPayload(p.head(), ByteSlice(damaged)), kClient, kServer);
        QVERIFY(r);
        QVERIFY(!r.value->checksumOk);
    }

    void segmentPayload_fragmented_cutsAcrossTheHeader() {
        Ipv4Header h;
        h.protocol = IpProtocol::TCP;
        h.source = kClient;
        h.destination = kServer;
        const TcpSegment s = dataSegment(1460);
        const Ipv4Datagram d = Ipv4Datagram::make(h, tcpSegmentPayload(s, kClient, kServer));
        const FragmentResult r = fragmentForMtu(d, 576);
        QCOMPARE(r.fragments.size(), std::size_t(3));
        QCOMPARE(r.fragments[0].payload.head().size(), std::size_t(20)); // the TCP header and 532 data bytes
        QCOMPARE(r.fragments[0].payload.body().data(), s.payload.data());
        QVERIFY(r.fragments[1].payload.head().empty());
        QCOMPARE(r.fragments[1].payload.body().data(), s.payload.data() + 552 - 20);
        Bytes joined;
        for (const Ipv4Datagram& f : r.fragments)
            joined.insert(joined.end(), f.payload.begin(), f.payload.end());
        QVERIFY(DatagramPayload(joined) == d.payload);
    }

    void parsedSegment_slicesTheBytesItWasReadFrom() {
        TcpSegment s;
        s.flags = TcpFlag::ACK;
        s.payload = "payload bytes";
        const ByteSlice wire = serializeTcpSegment(s, kClient, kServer);
        const auto r = parseTcpSegment(wire, kClient, kServer);
        QVERIFY(r && r.value->checksumOk);
        QVERIFY(r.value->segment.payload == s.payload);
        QVERIFY(r.value->segment.payload.sharesStorageWith(wire));
        QCOMPARE(r.value->segment.payload.data(), wire.data() + 20);
    }
};

QTEST_GUILESS_MAIN(TestByteSlice)
#include "tst_byte_slice.moc"
