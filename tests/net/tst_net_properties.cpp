// Properties of fragmentation and reassembly together, over many seeded random cases (the project's Rng,
// so that a failure names a seed that reproduces it): whatever the sizes, MTUs, hop count, order and
// duplicates, the destination rebuilds exactly the datagram that was sent; with one fragment missing it
// never does, and the entry times out.
#include <QtTest>

#include <algorithm>
#include <optional>
#include <set>

#include "net/arp.h"
#include "net/fragment.h"
#include "net/icmp.h"
#include "net/reassembly.h"
#include "net_fixtures.h"
#include "sim/rng.h"

using namespace tcplab;
using namespace tcplab::testing;
using namespace std::chrono_literals;

namespace {
constexpr int kCases = 1000;

// A datagram of 1..8000 data bytes cut at up to three hops of MTU 68..1500 (each hop cuts what the
// previous hop produced), then shuffled with the project's Rng (Fisher–Yates).
std::vector<Ipv4Datagram> randomFragments(Rng& rng, Ipv4Datagram& original, std::vector<int>& mtus) {
    original = datagramWithPayload(static_cast<std::size_t>(rng.between(1, 8000)),
                                   static_cast<std::uint16_t>(rng.below(65536)));
    std::vector<Ipv4Datagram> pieces{original};
    const int hops = static_cast<int>(rng.between(1, 3));
    for (int h = 0; h < hops; ++h) {
        const auto mtu = static_cast<std::uint16_t>(rng.between(68, 1500));
        mtus.push_back(mtu);
        std::vector<Ipv4Datagram> next;
        for (const auto& p : pieces) {
            const FragmentResult r = fragmentForMtu(p, mtu);
            next.insert(next.end(), r.fragments.begin(), r.fragments.end());
        }
        pieces = std::move(next);
    }
    for (std::size_t i = pieces.size(); i > 1; --i)
        std::swap(pieces[i - 1], pieces[rng.below(i)]);
    return pieces;
}

QString describe(std::uint64_t seed, const Ipv4Datagram& d, const std::vector<int>& mtus) {
    QStringList m;
    for (int x : mtus)
        m << QString::number(x);
    return QString("seed %1: %2 data bytes, MTUs %3").arg(seed).arg(d.payload.size()).arg(m.join(" → "));
}
} // namespace

class TestNetProperties : public QObject {
    Q_OBJECT
private slots:
    // RFC 791: every fragment fits its MTU, non-last pieces carry multiples of 8, and the pieces tile the
    // original data exactly once, in offset order, with MF clear only on the one that ends it.
    void fragments_tileTheDatagramWithinMtu() {
        for (std::uint64_t seed = 1; seed <= kCases; ++seed) {
            Rng rng(seed);
            Ipv4Datagram original;
            std::vector<int> mtus;
            auto pieces = randomFragments(rng, original, mtus);
            const QString what = describe(seed, original, mtus);
            std::sort(pieces.begin(), pieces.end(), [](const auto& a, const auto& b) {
                return a.header.fragmentOffset < b.header.fragmentOffset;
            });
            std::size_t next = 0;
            for (std::size_t i = 0; i < pieces.size(); ++i) {
                const auto& p = pieces[i];
                QVERIFY2(p.header.totalLength <= mtus.back() || pieces.size() == 1, qPrintable(what));
                QVERIFY2(std::size_t{p.header.fragmentOffset} * 8 == next, qPrintable(what));
                const bool last = i + 1 == pieces.size();
                QVERIFY2(p.header.moreFragments == !last, qPrintable(what));
                if (!last)
                    QVERIFY2(p.payload.size() % 8 == 0 && !p.payload.empty(), qPrintable(what));
                QVERIFY2(std::equal(p.payload.begin(), p.payload.end(),
                                    original.payload.begin() + static_cast<std::ptrdiff_t>(next)),
                         qPrintable(what));
                next += p.payload.size();
            }
            QVERIFY2(next == original.payload.size(), qPrintable(what));
        }
    }

    // Any order, with some fragments arriving twice: the datagram completes, equal to the original, exactly
    // when its last missing fragment arrives.
    void reassembly_anyOrderWithDuplicates_rebuildsOriginal() {
        for (std::uint64_t seed = 1; seed <= kCases; ++seed) {
            Rng rng(seed);
            Ipv4Datagram original;
            std::vector<int> mtus;
            auto pieces = randomFragments(rng, original, mtus);
            const QString what = describe(seed, original, mtus);
            if (pieces.size() == 1)
                continue; // fitted everywhere: nothing to reassemble
            // Duplicate about one fragment in four, each copy inserted at a random later position.
            const std::size_t n = pieces.size();
            for (std::size_t i = 0; i < n; ++i)
                if (rng.chance(0.25))
                    pieces.insert(pieces.begin() +
                                      static_cast<std::ptrdiff_t>(rng.between(static_cast<std::int64_t>(i),
                                                                              static_cast<std::int64_t>(n))),
                                  pieces[i]);
            ReassemblyTable t;
            std::set<std::uint16_t> seen;
            std::optional<std::size_t> allSeenAt, firstCompleteAt;
            for (std::size_t i = 0; i < pieces.size(); ++i) {
                seen.insert(pieces[i].header.fragmentOffset);
                if (!allSeenAt && seen.size() == n)
                    allSeenAt = i;
                for (const auto& ev : t.receive(kTimeZero, pieces[i])) {
                    QVERIFY2(ev.kind != ReassemblyEventKind::DatagramDiscarded,
                             qPrintable(what + ": " + QString::fromStdString(ev.reason)));
                    if (ev.kind == ReassemblyEventKind::DatagramComplete) {
                        QVERIFY2(*ev.datagram == original, qPrintable(what));
                        if (!firstCompleteAt)
                            firstCompleteAt = i;
                    }
                }
            }
            // It completes when the last missing fragment first arrives, not before, not later. (Copies that
            // arrive after that open a new entry, reference §3.7, and may complete it again.)
            QVERIFY2(firstCompleteAt && firstCompleteAt == allSeenAt, qPrintable(what));
        }
    }

    // One fragment lost: the datagram is never delivered, and the entry times out at 30 s — with an ICMP 11/1
    // exactly when the lost fragment was not fragment 0 (RFC 1122 §3.3.2).
    void reassembly_oneFragmentLost_neverCompletesTimesOut() {
        for (std::uint64_t seed = 1; seed <= kCases; ++seed) {
            Rng rng(seed);
            Ipv4Datagram original;
            std::vector<int> mtus;
            auto pieces = randomFragments(rng, original, mtus);
            if (pieces.size() == 1)
                continue;
            const QString what = describe(seed, original, mtus);
            const std::size_t lost = rng.below(pieces.size());
            const bool lostFirst = pieces[lost].header.fragmentOffset == 0;
            pieces.erase(pieces.begin() + static_cast<std::ptrdiff_t>(lost));
            ReassemblyTable t;
            for (const auto& p : pieces)
                for (const auto& ev : t.receive(kTimeZero, p))
                    QVERIFY2(ev.kind == ReassemblyEventKind::FragmentStored, qPrintable(what));
            QVERIFY2(t.expire(kTimeZero + 30s - 1ns).empty(), qPrintable(what));
            const auto ev = t.expire(kTimeZero + 30s);
            QVERIFY2(ev.size() == 1 && ev[0].kind == ReassemblyEventKind::TimedOut, qPrintable(what));
            QVERIFY2(ev[0].icmp.has_value() == !lostFirst, qPrintable(what));
            QVERIFY2(t.size() == 0, qPrintable(what));
        }
    }

    // Bad peer input is an error message, never a crash or a read past the end (run under
    // ./tcplab.sh test --sanitize): random bytes, and valid packets with random bytes flipped or cut short.
    void parsers_randomAndMutatedBytes_valueOrMessage() {
        TcpSegment syn;
        syn.flags = TcpFlag::SYN;
        syn.mss = 1460;
        syn.payload = "xyz";
        const ByteSlice synBytes = serializeTcpSegment(syn, kClient, kServer);
        const std::vector<Bytes> valid{
            datagramWithPayload(40).serialize(),
            Bytes(synBytes.begin(), synBytes.end()),
            makeFragmentationNeeded(datagramWithPayload(40), 576).serialize(),
            makeArpRequest(MacAddress::forInterface(1, 0), kClient, kRouter).serialize(),
        };
        for (std::uint64_t seed = 1; seed <= 20 * kCases; ++seed) {
            Rng rng(seed);
            Bytes b;
            if (rng.chance(0.3)) {
                b.resize(rng.below(80));
                for (auto& x : b)
                    x = static_cast<std::uint8_t>(rng.below(256));
            } else {
                b = valid[rng.below(valid.size())];
                for (int flips = static_cast<int>(rng.between(1, 4)); flips > 0; --flips)
                    b[rng.below(b.size())] = static_cast<std::uint8_t>(rng.below(256));
                if (rng.chance(0.5))
                    b.resize(rng.below(b.size() + 1));
            }
            const QString what = QString("seed %1: %2").arg(seed).arg(QString::fromLatin1(hex(b)));
            const auto d = Ipv4Datagram::parse(b);
            QVERIFY2(d || !d.error.empty(), qPrintable(what));
            if (d)
                QVERIFY2(d.value->header.headerBytes() + d.value->payload.size() ==
                             d.value->header.totalLength,
                         qPrintable(what));
            const auto tcp = parseTcpSegment(b, kClient, kServer);
            QVERIFY2(tcp || !tcp.error.empty(), qPrintable(what));
            const auto icmp = IcmpMessage::parse(b);
            QVERIFY2(icmp || !icmp.error.empty(), qPrintable(what));
            if (icmp && icmp.value->isError()) {
                const auto q = parseQuote(*icmp.value);
                QVERIFY2(q || !q.error.empty(), qPrintable(what));
            }
            const auto arp = ArpPacket::parse(b);
            QVERIFY2(arp || !arp.error.empty(), qPrintable(what));
            QVERIFY2(copiedOptions(b).size() % 4 == 0, qPrintable(what));
        }
    }
};

QTEST_APPLESS_MAIN(TestNetProperties)
#include "tst_net_properties.moc"
