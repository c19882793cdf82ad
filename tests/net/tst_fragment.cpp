// RFC 791 fragmentation (core/net/fragment.h), checked against the worked example of
// /work/shared/reference/ip-fragmentation.md §5: a 4,000-byte IP payload (TL 4020) over MTU 1500, then each
// fragment again over MTU 576.
#include <QtTest>

#include "net/fragment.h"
#include "net_fixtures.h"

using namespace tcplab;
using namespace tcplab::testing;

namespace {
Bytes joinedPayloads(const std::vector<Ipv4Datagram>& fragments) {
    Bytes out;
    for (const auto& f : fragments)
        out.insert(out.end(), f.payload.begin(), f.payload.end());
    return out;
}

std::vector<Ipv4Datagram> cutAll(const std::vector<Ipv4Datagram>& in, std::uint16_t mtu) {
    std::vector<Ipv4Datagram> out;
    for (const auto& d : in) {
        const FragmentResult r = fragmentForMtu(d, mtu);
        out.insert(out.end(), r.fragments.begin(), r.fragments.end());
    }
    return out;
}
} // namespace

class TestFragment : public QObject {
    Q_OBJECT
private slots:
    // §5.1: floor((1500 − 20) / 8) × 8 = 1480 data bytes per fragment; offsets 0, 185, 370.
    void fragment_4000over1500_threeFragmentsOffsets0_185_370() {
        const Ipv4Datagram d = datagramWithPayload(4000);
        QCOMPARE(d.header.totalLength, quint16(4020));
        const FragmentResult r = fragmentForMtu(d, 1500);
        QCOMPARE(r.kind, FragmentResult::Kind::Fragmented);
        const std::vector<Shape> expected{
            {0, 1480, true, 1500, 0x2000}, {185, 1480, true, 1500, 0x20B9}, {370, 1040, false, 1060, 0x0172}};
        QCOMPARE(shapes(r.fragments), expected);
        QCOMPARE(joinedPayloads(r.fragments), d.payload);
    }

    // §5.2: each MTU-1500 fragment cut again at MTU 576 (552 data bytes): 8 fragments, and the last piece of
    // A and of B keeps MF = 1 because A and B had it (RFC 791 §3.2 step (9)).
    void refragment_1500then576_eightFragmentsLastPiecesKeepMf() {
        const auto first = fragmentForMtu(datagramWithPayload(4000), 1500).fragments;
        const auto second = cutAll(first, 576);
        const std::vector<Shape> expected{{0, 552, true, 572, 0x2000},   {69, 552, true, 572, 0x2045},
                                          {138, 376, true, 396, 0x208A}, {185, 552, true, 572, 0x20B9},
                                          {254, 552, true, 572, 0x20FE}, {323, 376, true, 396, 0x2143},
                                          {370, 552, true, 572, 0x2172}, {439, 488, false, 508, 0x01B7}};
        QCOMPARE(shapes(second), expected);
        QCOMPARE(joinedPayloads(second), datagramWithPayload(4000).payload);
    }

    // §5.3: cut directly at 576 the same datagram gives other boundaries (7 × 552 + 136).
    void fragment_4000over576_eightFragmentsLast136Bytes() {
        const FragmentResult r = fragmentForMtu(datagramWithPayload(4000), 576);
        std::vector<Shape> expected;
        for (std::uint16_t i = 0; i < 7; ++i)
            expected.push_back({static_cast<std::uint16_t>(69 * i), 552, true, 572,
                                static_cast<std::uint16_t>(0x2000 | (69 * i))});
        expected.push_back({483, 136, false, 156, 483});
        QCOMPARE(shapes(r.fragments), expected);
    }

    // RFC 791: every fragment but the last carries a multiple of 8 data bytes; MTU 1006 → 984, MTU 68 → 48.
    void fragment_nonLastPieces_multipleOf8_data() {
        QTest::addColumn<int>("mtu");
        QTest::addColumn<int>("perFragment");
        QTest::addColumn<int>("lastBytes");
        QTest::addColumn<int>("count");
        QTest::newRow("1006") << 1006 << 984 << 4000 - 4 * 984 << 5;
        QTest::newRow("1492") << 1492 << 1472 << 4000 - 2 * 1472 << 3;
        QTest::newRow("68") << 68 << 48 << 4000 - 83 * 48 << 84;
        QTest::newRow("exact-fit-1500-less-1") << 1499 << 1472 << 4000 - 2 * 1472 << 3;
    }
    void fragment_nonLastPieces_multipleOf8() {
        QFETCH(int, mtu);
        QFETCH(int, perFragment);
        QFETCH(int, lastBytes);
        QFETCH(int, count);
        const FragmentResult r = fragmentForMtu(datagramWithPayload(4000), static_cast<std::uint16_t>(mtu));
        QCOMPARE(int(r.fragments.size()), count);
        for (std::size_t i = 0; i + 1 < r.fragments.size(); ++i) {
            QCOMPARE(int(r.fragments[i].payload.size()), perFragment);
            QVERIFY(r.fragments[i].header.totalLength <= mtu);
        }
        QCOMPARE(int(r.fragments.back().payload.size()), lastBytes);
        QCOMPARE(r.fragments.back().header.moreFragments, false);
    }

    // RFC 791: ID, source, destination, protocol (the reassembly key) and TTL are copied into every fragment,
    // and each fragment's header checksum is recomputed.
    void fragment_copiesKeyFieldsAndRecomputesChecksum() {
        const auto fragments = fragmentForMtu(datagramWithPayload(4000, 0xABCD), 576).fragments;
        for (const auto& f : fragments) {
            QCOMPARE(f.header.identification, quint16(0xABCD));
            QCOMPARE(f.header.source, kClient);
            QCOMPARE(f.header.destination, kServer);
            QCOMPARE(f.header.protocol, IpProtocol::TCP);
            QCOMPARE(f.header.ttl, quint8(64));
            const auto parsed = parseIpv4Header(f.serialize());
            QVERIFY(parsed.value->checksumOk);
            QCOMPARE(parsed.value->header.headerChecksum, f.header.headerChecksum);
        }
        QVERIFY(fragments[0].header.headerChecksum != fragments[1].header.headerChecksum);
    }

    void fragment_datagramThatFits_isForwardedUnchanged() {
        const Ipv4Datagram d = datagramWithPayload(1480, 7, true);
        const FragmentResult r = fragmentForMtu(d, 1500);
        QCOMPARE(r.kind, FragmentResult::Kind::Fits);
        QCOMPARE(r.fragments.size(), std::size_t(1));
        QCOMPARE(r.fragments[0], d);
    }

    // RFC 791 §3.2 / RFC 1191 §4: DF set and too big → no fragments; the caller sends ICMP 3/4 carrying the
    // MTU of the link that refused it.
    void fragment_dfSetTooBig_noFragmentsNeedsIcmpWithNextHopMtu() {
        const FragmentResult r = fragmentForMtu(datagramWithPayload(1480, 7, true), 576);
        QCOMPARE(r.kind, FragmentResult::Kind::NeedsIcmp);
        QVERIFY(r.fragments.empty());
        QCOMPARE(r.nextHopMtu, quint16(576));
    }

    // RFC 791: 68 is the smallest MTU every module must handle; below it nothing is produced.
    void fragment_mtuBelow68_refused() {
        const FragmentResult r = fragmentForMtu(datagramWithPayload(100), 67);
        QCOMPARE(r.kind, FragmentResult::Kind::MtuTooSmall);
        QVERIFY(r.fragments.empty());
    }

    // RFC 791 §3.1: options with the copied flag go into every fragment, others only into the first; later
    // fragments' shorter headers leave room for more data.
    void fragment_options_onlyCopiedOnesRepeat() {
        Ipv4Datagram d = datagramWithPayload(1000);
        Ipv4Header h = d.header;
        // Record Route (type 7, not copied; 7 bytes) + NOP, then Router Alert (0x94, copied; 4 bytes).
        h.options = {0x07, 0x07, 0x04, 0, 0, 0, 0, 0x01, 0x94, 0x04, 0x00, 0x00};
        d = Ipv4Datagram::make(h, d.payload);
        const auto fragments = fragmentForMtu(d, 576).fragments;
        QCOMPARE(fragments.size(), std::size_t(2));
        QCOMPARE(fragments[0].header.options, h.options);
        QCOMPARE(fragments[0].payload.size(), std::size_t(544)); // (576 − 32) / 8 × 8
        QCOMPARE(fragments[1].header.options, (Bytes{0x94, 0x04, 0x00, 0x00}));
        QCOMPARE(fragments[1].header.fragmentOffset, quint16(68));
        QCOMPARE(fragments[1].payload.size(), std::size_t(1000 - 544));
    }

    void copiedOptions_padsToFourBytes() {
        // Security (130, copied, 11 bytes) → padded to 12 with End of Option List.
        const Bytes opts{0x82, 0x0B, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0};
        QCOMPARE(copiedOptions(opts), (Bytes{0x82, 0x0B, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0}));
        QCOMPARE(copiedOptions(Bytes{0x07, 0x03, 0x04, 0x00}), Bytes{});
    }
};

QTEST_APPLESS_MAIN(TestFragment)
#include "tst_fragment.moc"
