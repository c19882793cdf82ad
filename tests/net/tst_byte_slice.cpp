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
            QVERIFY(f.payload.sharesStorageWith(d.payload));
            QCOMPARE(f.payload.data(), d.payload.data() + at);
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
