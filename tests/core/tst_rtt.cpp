// The RFC 6298 round-trip estimator (RttEstimator in core/tcp/endpoint.h), driven directly: the first and
// later samples, the minimum (RFC: clamp the sum to 1 s; Linux: 200 ms on the variance term), the clock
// granularity, the maximum, and the exponential backoff with its cap.
#include <QtTest>

#include "tcp/endpoint.h"

using namespace tcplab;
using namespace std::chrono_literals;

namespace {

template <class Rep, class Period> qint64 ns(std::chrono::duration<Rep, Period> d) {
    return std::chrono::duration_cast<Duration>(d).count();
}

TcpParams rfcProfile() {
    return TcpParams::forProfile(Profile::Rfc9293);
}
TcpParams linuxProfile() {
    return TcpParams::forProfile(Profile::Linux);
}

} // namespace

class TestRtt : public QObject {
    Q_OBJECT
private slots:
    // Before any sample: RTO = 1 s (RFC 6298 (2.1)), no SRTT, no backoff.
    void initial_isOneSecondWithoutSrtt() {
        const RttEstimator r;
        QVERIFY(!r.srtt.has_value());
        QCOMPARE(ns(r.rttvar), qint64(0));
        QCOMPARE(ns(r.rto), ns(1s));
        QCOMPARE(r.backoff, 0);
        QCOMPARE(ns(r.current(rfcProfile())), ns(1s));
        QCOMPARE(ns(r.current(linuxProfile())), ns(1s));
    }

    // (2.2) first measurement R: SRTT = R, RTTVAR = R/2, RTO = SRTT + max(G, 4·RTTVAR) with the profile's
    // minimum. linux-defaults.md §2.3: 20 ms → Linux 220 ms / RFC 1 s; 100 ms → 300 ms / 1 s; 300 ms →
    // 900 ms / 1 s.
    void firstSample_setsSrttRttvarAndRto_data() {
        QTest::addColumn<int>("profile");
        QTest::addColumn<qint64>("rttUs");
        QTest::addColumn<qint64>("rtoUs");
        QTest::newRow("rfc/20ms") << 0 << qint64(20'000) << qint64(1'000'000);
        QTest::newRow("rfc/100ms") << 0 << qint64(100'000) << qint64(1'000'000);
        QTest::newRow("rfc/300ms") << 0 << qint64(300'000) << qint64(1'000'000);
        QTest::newRow("rfc/250ms") << 0 << qint64(250'000) << qint64(1'000'000);
        QTest::newRow("rfc/400ms-above-min") << 0 << qint64(400'000) << qint64(1'200'000);
        QTest::newRow("rfc/2s") << 0 << qint64(2'000'000) << qint64(6'000'000);
        QTest::newRow("linux/20ms") << 1 << qint64(20'000) << qint64(220'000);
        QTest::newRow("linux/100ms") << 1 << qint64(100'000) << qint64(300'000);
        QTest::newRow("linux/300ms") << 1 << qint64(300'000) << qint64(900'000);
        QTest::newRow("linux/1ms") << 1 << qint64(1'000) << qint64(201'000);
        QTest::newRow("linux/2s") << 1 << qint64(2'000'000) << qint64(6'000'000);
    }
    void firstSample_setsSrttRttvarAndRto() {
        QFETCH(int, profile);
        QFETCH(qint64, rttUs);
        QFETCH(qint64, rtoUs);
        const TcpParams p = profile == 1 ? linuxProfile() : rfcProfile();
        RttEstimator r;
        r.sample(std::chrono::microseconds(rttUs), p);
        QVERIFY(r.srtt.has_value());
        QCOMPARE(ns(*r.srtt), ns(std::chrono::microseconds(rttUs)));
        QCOMPARE(ns(r.rttvar), ns(std::chrono::microseconds(rttUs)) / 2);
        QCOMPARE(ns(r.rto), ns(std::chrono::microseconds(rtoUs)));
        QCOMPARE(ns(r.current(p)), ns(std::chrono::microseconds(rtoUs)));
    }

    // (2.3) later samples R': RTTVAR = 3/4·RTTVAR + 1/4·|SRTT − R'| (with the old SRTT), then
    // SRTT = 7/8·SRTT + 1/8·R'.
    void laterSamples_followRfc6298Filter() {
        const TcpParams p = rfcProfile();
        RttEstimator r;
        r.sample(100ms, p); // SRTT 100, RTTVAR 50
        r.sample(180ms, p); // RTTVAR = (150 + 80)/4 = 57.5; SRTT = (700 + 180)/8 = 110
        QCOMPARE(ns(*r.srtt), ns(110ms));
        QCOMPARE(ns(r.rttvar), ns(57500us));
        QCOMPARE(ns(r.rto), ns(1s)); // 110 + 230 = 340 ms, clamped to 1 s
        r.sample(30ms, p);           // RTTVAR = (172.5 + 80)/4 = 63.125; SRTT = (770 + 30)/8 = 100
        QCOMPARE(ns(*r.srtt), ns(100ms));
        QCOMPARE(ns(r.rttvar), ns(63125us));
        // A sample equal to SRTT shrinks only RTTVAR: 3/4 · 63.125 = 47.34375 ms.
        r.sample(100ms, p);
        QCOMPARE(ns(*r.srtt), ns(100ms));
        QCOMPARE(ns(r.rttvar), ns(47343750ns));
    }
    void laterSamples_linuxRtoTracksSrttPlus200ms() {
        const TcpParams p = linuxProfile();
        RttEstimator r;
        r.sample(20ms, p);
        r.sample(60ms, p); // RTTVAR = (30 + 40)/4 = 17.5; SRTT = (140 + 60)/8 = 25
        QCOMPARE(ns(*r.srtt), ns(25ms));
        QCOMPARE(ns(r.rttvar), ns(17500us));
        QCOMPARE(ns(r.rto), ns(225ms)); // 25 + max(70, 200)
        r.sample(1000ms, p);            // RTTVAR = (52.5 + 975)/4 = 256.875; SRTT = (175 + 1000)/8 = 146.875
        QCOMPARE(ns(*r.srtt), ns(146875us));
        QCOMPARE(ns(r.rttvar), ns(256875us));
        QCOMPARE(ns(r.rto), ns(146875us) + 4 * ns(256875us)); // the variance term now exceeds 200 ms
    }

    // (2.4) the RFC minimum clamps the sum; Linux adds its minimum to the variance term instead, so the
    // same samples give different RTOs.
    void minimum_rfcClampsSum_linuxAppliesToVarianceTerm() {
        TcpParams p = rfcProfile();
        p.rtoMin = 200ms;
        RttEstimator a;
        a.sample(20ms, p);
        QCOMPARE(ns(a.rto), ns(200ms)); // max(200, 20 + 40)
        p.rtoMinOnVariance = true;
        RttEstimator b;
        b.sample(20ms, p);
        QCOMPARE(ns(b.rto), ns(220ms)); // 20 + max(40, 200)
    }

    // (2.3) the clock granularity G = 1 ms is the smallest variance term when RTTVAR is 0.
    void granularity_isTheSmallestVarianceTerm() {
        TcpParams p = rfcProfile();
        p.rtoMin = Duration{0};
        RttEstimator r;
        r.sample(Duration{0}, p);
        QCOMPARE(ns(r.rto), ns(1ms));
        RttEstimator s;
        s.sample(10ms, p);
        QCOMPARE(ns(s.rto), ns(30ms)); // 10 + max(1, 20)
    }

    // (2.5) a maximum may be placed on RTO (RFC profile 60 s, Linux 120 s).
    void maximum_capsTheRto() {
        RttEstimator r;
        r.sample(100s, rfcProfile());
        QCOMPARE(ns(r.rto), ns(60s));
        RttEstimator l;
        l.sample(100s, linuxProfile());
        QCOMPARE(ns(l.rto), ns(120s));
    }

    // (5.5) each timeout doubles the RTO ("back off the timer"), capped at the maximum; a new sample clears
    // the backoff.
    void backoff_doublesAndCaps_data() {
        QTest::addColumn<int>("profile");
        QTest::addColumn<QList<qint64>>("rtoMs"); // current() for backoff 0, 1, 2 …
        QTest::newRow("rfc-from-1s") << 0
                                     << QList<qint64>{1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000};
        QTest::newRow("linux-from-220ms")
            << 1 << QList<qint64>{220,   440,   880,    1760,   3520,   7040,  14080,
                                  28160, 56320, 112640, 120000, 120000, 120000};
    }
    void backoff_doublesAndCaps() {
        QFETCH(int, profile);
        QFETCH(QList<qint64>, rtoMs);
        const TcpParams p = profile == 1 ? linuxProfile() : rfcProfile();
        RttEstimator r;
        r.sample(20ms, p);
        for (qsizetype i = 0; i < rtoMs.size(); ++i) {
            r.backoff = int(i);
            QCOMPARE(ns(r.current(p)) / 1'000'000, rtoMs[i]);
        }
        r.backoff = 40; // far beyond the cap: still the cap, no overflow
        QCOMPARE(ns(r.current(p)), ns(p.rtoMax));
        r.sample(20ms, p);
        QCOMPARE(r.backoff, 0);
        QCOMPARE(ns(r.current(p)), ns(std::chrono::milliseconds(rtoMs[0])));
    }

    // Backoff applies to the initial 1 s as well (the SYN timer): 1, 2, 4 … s.
    void backoff_fromInitialRto() {
        const RttEstimator base;
        RttEstimator r = base;
        r.backoff = 3;
        QCOMPARE(ns(r.current(rfcProfile())), ns(8s));
        r.backoff = 6;
        QCOMPARE(ns(r.current(rfcProfile())), ns(60s)); // 64 s capped
        QCOMPARE(ns(r.current(linuxProfile())), ns(64s));
        QCOMPARE(r.rto, base.rto); // backoff never changes the base RTO
    }
};

QTEST_GUILESS_MAIN(TestRtt)
#include "tst_rtt.moc"
