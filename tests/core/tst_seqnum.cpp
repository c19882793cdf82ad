// Sequence numbers (core/tcp/seqnum.h): 32-bit values compared modulo 2^32 (RFC 9293 §3.4), window
// membership and arithmetic, with the wrap at 2^32 in every test.
#include <QtTest>

#include <cstdint>
#include <limits>

#include "tcp/seqnum.h"

using namespace tcplab;

namespace tcplab {
inline char* toString(SeqNum s) {
    return qstrdup(std::to_string(s.value()).c_str());
}
} // namespace tcplab

namespace {
constexpr std::uint32_t kMax = 0xFFFFFFFFu;
constexpr std::uint32_t kHalf = 0x80000000u; // 2^31

// The same facts at compile time: the operators are constexpr.
static_assert(SeqNum(kMax) < SeqNum(0));
static_assert(SeqNum(kMax) + 1 == SeqNum(0));
static_assert(SeqNum(0) - SeqNum(kMax) == 1);
static_assert(inWindow(SeqNum(0), SeqNum(kMax - 1), 3));
static_assert(!inWindow(SeqNum(1), SeqNum(kMax - 1), 3));
} // namespace

class TestSeqNum : public QObject {
    Q_OBJECT
private slots:
    // a < b ⇔ (int32)(a − b) < 0 (Linux before()): the order is circular, "after" means "at most 2^31 − 1
    // ahead".
    void compare_isModular_data() {
        QTest::addColumn<quint32>("a");
        QTest::addColumn<quint32>("b");
        QTest::addColumn<int>("order"); // −1: a < b, 0: equal, 1: a > b
        QTest::newRow("plain") << 100u << 200u << -1;
        QTest::newRow("equal") << 7u << 7u << 0;
        QTest::newRow("equal-at-max") << kMax << kMax << 0;
        QTest::newRow("max-before-zero") << kMax << 0u << -1;
        QTest::newRow("zero-after-max") << 0u << kMax << 1;
        QTest::newRow("across-wrap") << 0xFFFFFFF6u << 0x0000000Au << -1;
        QTest::newRow("across-wrap-reversed") << 0x0000000Au << 0xFFFFFFF6u << 1;
        QTest::newRow("just-under-half-ahead") << 0u << kHalf - 1 << -1;
        QTest::newRow("just-over-half-ahead-is-behind") << 0u << kHalf + 1 << 1;
        QTest::newRow("unsigned-order-would-be-wrong") << 0xFFFFFF00u << 0x00000100u << -1;
    }
    void compare_isModular() {
        QFETCH(quint32, a);
        QFETCH(quint32, b);
        QFETCH(int, order);
        const SeqNum x(a), y(b);
        QCOMPARE(x < y, order < 0);
        QCOMPARE(x <= y, order <= 0);
        QCOMPARE(x > y, order > 0);
        QCOMPARE(x >= y, order >= 0);
        QCOMPARE(x == y, order == 0);
        QCOMPARE(y<x, order> 0); // antisymmetric away from the half-space point
    }

    // Exactly 2^31 apart the comparison is ambiguous (both a < b and b < a), as with Linux before(): the
    // modular order is only meaningful for distances below 2^31.
    void compare_atHalfSpace_isAmbiguous() {
        const SeqNum a(0), b(kHalf);
        QVERIFY(a < b);
        QVERIFY(b < a);
        QCOMPARE(a - b, std::numeric_limits<std::int32_t>::min());
        QCOMPARE(b - a, std::numeric_limits<std::int32_t>::min());
    }

    // The signed distance a − b, across the wrap.
    void distance_isSignedAndWraps_data() {
        QTest::addColumn<quint32>("a");
        QTest::addColumn<quint32>("b");
        QTest::addColumn<int>("distance");
        QTest::newRow("forward") << 1010u << 1000u << 10;
        QTest::newRow("backward") << 1000u << 1010u << -10;
        QTest::newRow("forward-across-wrap") << 5u << 0xFFFFFFFBu << 10;
        QTest::newRow("backward-across-wrap") << 0xFFFFFFFBu << 5u << -10;
        QTest::newRow("one-past-max") << 0u << kMax << 1;
        QTest::newRow("largest-positive") << kHalf - 1 << 0u << std::numeric_limits<int>::max();
    }
    void distance_isSignedAndWraps() {
        QFETCH(quint32, a);
        QFETCH(quint32, b);
        QFETCH(int, distance);
        QCOMPARE(SeqNum(a) - SeqNum(b), std::int32_t(distance));
    }

    // + and − of an offset wrap modulo 2^32; value() is the raw 32-bit number.
    void arithmetic_wrapsModulo2To32() {
        QCOMPARE(SeqNum(kMax) + 1, SeqNum(0));
        QCOMPARE(SeqNum(0xFFFFFFF6u) + 20, SeqNum(10));
        QCOMPARE(SeqNum(0) - 1, SeqNum(kMax));
        QCOMPARE(SeqNum(10) - 20, SeqNum(0xFFFFFFF6u));
        QCOMPARE(SeqNum(123) + kMax, SeqNum(122)); // adding 2^32 − 1 is subtracting 1
        SeqNum s(0xFFFFFFFEu);
        s += 3;
        QCOMPARE(s.value(), 1u);
        QCOMPARE(SeqNum().value(), 0u);
        QCOMPARE((SeqNum(0xFFFFFFF6u) + 20) - SeqNum(0xFFFFFFF6u), 20);
    }

    // inWindow(x, lo, len): lo =< x < lo + len, modulo 2^32 (the RCV.NXT =< SEG.SEQ < RCV.NXT+RCV.WND test).
    void inWindow_edges_data() {
        QTest::addColumn<quint32>("x");
        QTest::addColumn<quint32>("lo");
        QTest::addColumn<quint32>("len");
        QTest::addColumn<bool>("inside");
        QTest::newRow("left-edge") << 1000u << 1000u << 100u << true;
        QTest::newRow("right-edge") << 1099u << 1000u << 100u << true;
        QTest::newRow("one-past-right-edge") << 1100u << 1000u << 100u << false;
        QTest::newRow("one-before-left-edge") << 999u << 1000u << 100u << false;
        QTest::newRow("empty-window-at-lo") << 1000u << 1000u << 0u << false;
        QTest::newRow("one-octet-window") << 1000u << 1000u << 1u << true;
        QTest::newRow("wrap-left-edge") << 0xFFFFFFF6u << 0xFFFFFFF6u << 20u << true;
        QTest::newRow("wrap-max") << kMax << 0xFFFFFFF6u << 20u << true;
        QTest::newRow("wrap-zero") << 0u << 0xFFFFFFF6u << 20u << true;
        QTest::newRow("wrap-right-edge") << 9u << 0xFFFFFFF6u << 20u << true;
        QTest::newRow("wrap-one-past-right-edge") << 10u << 0xFFFFFFF6u << 20u << false;
        QTest::newRow("wrap-one-before-left-edge") << 0xFFFFFFF5u << 0xFFFFFFF6u << 20u << false;
        QTest::newRow("largest-window-excludes-only-lo-1") << 998u << 1000u << kMax << true;
        QTest::newRow("largest-window-lo-1") << 999u << 1000u << kMax << false;
        QTest::newRow("max-tcp-window") << 1000u + 65534u << 1000u << 65535u << true;
        QTest::newRow("max-tcp-window-past") << 1000u + 65535u << 1000u << 65535u << false;
    }
    void inWindow_edges() {
        QFETCH(quint32, x);
        QFETCH(quint32, lo);
        QFETCH(quint32, len);
        QFETCH(bool, inside);
        QCOMPARE(inWindow(SeqNum(x), SeqNum(lo), len), inside);
    }

    // seqMax / seqMin use the modular order.
    void maxMin_useModularOrder() {
        QCOMPARE(seqMax(SeqNum(kMax), SeqNum(5)), SeqNum(5));
        QCOMPARE(seqMin(SeqNum(kMax), SeqNum(5)), SeqNum(kMax));
        QCOMPARE(seqMax(SeqNum(100), SeqNum(200)), SeqNum(200));
        QCOMPARE(seqMin(SeqNum(100), SeqNum(200)), SeqNum(100));
        QCOMPARE(seqMax(SeqNum(7), SeqNum(7)), SeqNum(7));
    }

    // The acceptable-ACK test SND.UNA < SEG.ACK =< SND.NXT (RFC 9293 §3.4) written with these operators
    // works across the wrap.
    void acceptableAck_acrossWrap() {
        const SeqNum una(0xFFFFFFF7u), nxt(11); // 20 octets in flight across the wrap
        auto acceptable = [&](std::uint32_t ack) {
            return una < SeqNum(ack) && SeqNum(ack) <= nxt;
        };
        QVERIFY(!acceptable(0xFFFFFFF7u)); // = SND.UNA: a duplicate
        QVERIFY(acceptable(0xFFFFFFF8u));
        QVERIFY(acceptable(kMax));
        QVERIFY(acceptable(0));
        QVERIFY(acceptable(11));  // = SND.NXT
        QVERIFY(!acceptable(12)); // beyond SND.NXT
        QVERIFY(!acceptable(0xFFFFFFF0u));
    }
};

QTEST_GUILESS_MAIN(TestSeqNum)
#include "tst_seqnum.moc"
