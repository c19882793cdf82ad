// The one RNG: fixed outputs for a fixed seed (so traces match across compilers), and sane conversions.
#include <QtTest>

#include "sim/rng.h"

using namespace tcplab;

class TestRng : public QObject {
    Q_OBJECT
private slots:
    void sameSeed_sameSequence() {
        Rng a(42), b(42);
        for (int i = 0; i < 1000; ++i)
            QCOMPARE(a.next(), b.next());
    }
    void knownOutputs_seed1() {
        // xoshiro256** seeded by SplitMix64(1): pinned so that a change of algorithm cannot go unnoticed.
        Rng r(1);
        const std::uint64_t first = r.next();
        const std::uint64_t second = r.next();
        Rng again(1);
        QCOMPARE(again.next(), first);
        QCOMPARE(again.next(), second);
        QCOMPARE(first, Q_UINT64_C(0xb3f2af6d0fc710c5));
    }
    void below_staysInRange_andCoversIt() {
        Rng r(7);
        std::array<int, 6> seen{};
        for (int i = 0; i < 6000; ++i) {
            const auto v = r.below(6);
            QVERIFY(v < 6);
            ++seen[v];
        }
        for (int count : seen)
            QVERIFY2(count > 800 && count < 1200, "roughly uniform");
    }
    void between_inclusive() {
        Rng r(3);
        bool sawLo = false, sawHi = false;
        for (int i = 0; i < 2000; ++i) {
            const auto v = r.between(-2, 2);
            QVERIFY(v >= -2 && v <= 2);
            sawLo |= v == -2;
            sawHi |= v == 2;
        }
        QVERIFY(sawLo && sawHi);
    }
    void chance_extremes_drawNothing() {
        Rng a(5), b(5);
        QVERIFY(!a.chance(0.0));
        QVERIFY(a.chance(1.0));
        QCOMPARE(a.next(), b.next()); // no draw was consumed
    }
    void chance_frequency() {
        Rng r(11);
        int hits = 0;
        for (int i = 0; i < 100000; ++i)
            hits += r.chance(0.25) ? 1 : 0;
        QVERIFY(hits > 24000 && hits < 26000);
    }
    void unit_inHalfOpenInterval() {
        Rng r(13);
        for (int i = 0; i < 10000; ++i) {
            const double u = r.unit();
            QVERIFY(u >= 0.0 && u < 1.0);
        }
    }
    void jitter_symmetricBound() {
        Rng r(17);
        for (int i = 0; i < 1000; ++i) {
            const auto j = r.jitter(std::chrono::milliseconds(5));
            QVERIFY(j >= -std::chrono::milliseconds(5) && j <= std::chrono::milliseconds(5));
        }
        Rng a(1), b(1);
        QCOMPARE(a.jitter(Duration{0}), Duration{0});
        QCOMPARE(a.next(), b.next());
    }
};

QTEST_GUILESS_MAIN(TestRng)
#include "tst_rng.moc"
