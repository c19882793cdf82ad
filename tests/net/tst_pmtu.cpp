// Path MTU discovery state (core/net/pmtu.h): RFC 1191 and the linux profile's min_pmtu 552, and the MSS
// that follows from an MTU.
#include <QtTest>

#include "net/pmtu.h"

using namespace tcplab;
using namespace std::chrono_literals;

namespace {
Instant at(Duration d) {
    return kTimeZero + d;
}
const Ipv4Address kDst = Ipv4Address::fromOctets(10, 0, 1, 2);
} // namespace

class TestPmtu : public QObject {
    Q_OBJECT
private slots:
    // RFC 879 / RFC 9293 §3.7.1: MSS = MTU − 40.
    void mssFromMtu_values() {
        QCOMPARE(mssFromMtu(1500), quint16(1460));
        QCOMPARE(mssFromMtu(576), quint16(536));
        QCOMPARE(mssFromMtu(1200), quint16(1160));
    }

    // RFC 9293 §3.7.1: the smaller of the peer's MSS option (536 without one) and our own.
    void effectiveSendMss_smallerOfTheTwo() {
        QCOMPARE(effectiveSendMss(1460, 576), quint16(536));
        QCOMPARE(effectiveSendMss(1000, 1500), quint16(1000));
        QCOMPARE(effectiveSendMss(std::nullopt, 1500), quint16(536));
    }

    // RFC 1191: the PMTU drops to the reported next-hop MTU.
    void fragmentationNeeded_lowersPmtu() {
        PmtuCache c;
        QCOMPARE(c.pathMtu(at(0s), kDst, 1500), quint16(1500));
        const auto u = c.onFragmentationNeeded(at(0s), kDst, 576, 1500, 1500);
        QVERIFY(u.lowered);
        QCOMPARE(u.oldPmtu, quint16(1500));
        QCOMPARE(u.newPmtu, quint16(576));
        QCOMPARE(c.pathMtu(at(1s), kDst, 1500), quint16(576));
        QCOMPARE(mssFromMtu(c.pathMtu(at(1s), kDst, 1500)), quint16(536));
        QVERIFY(c.dontFragment(at(1s), kDst));
    }

    // RFC 1191 §6.1: an ICMP message never raises the estimate.
    void fragmentationNeeded_higherReport_ignored() {
        PmtuCache c;
        c.onFragmentationNeeded(at(0s), kDst, 576, 1500, 1500);
        const auto u = c.onFragmentationNeeded(at(1s), kDst, 1400, 1500, 1500);
        QVERIFY(!u.lowered);
        QCOMPARE(c.pathMtu(at(1s), kDst, 1500), quint16(576));
    }

    // RFC 1191 §3: never below 68.
    void fragmentationNeeded_below68_clampedTo68() {
        PmtuCache c;
        c.onFragmentationNeeded(at(0s), kDst, 40, 1500, 1500);
        QCOMPARE(c.pathMtu(at(0s), kDst, 1500), quint16(68));
    }

    // RFC 1191 §5 and Table 7-1: next-hop MTU 0 (old router) → the plateau below the quoted total length:
    // 1500 → 1492 → 1006 → 508.
    void fragmentationNeeded_zeroMtu_stepsDownPlateaus() {
        PmtuCache c;
        QCOMPARE(c.onFragmentationNeeded(at(0s), kDst, 0, 1500, 1500).newPmtu, quint16(1492));
        QCOMPARE(c.onFragmentationNeeded(at(0s), kDst, 0, 1492, 1500).newPmtu, quint16(1006));
        QCOMPARE(c.onFragmentationNeeded(at(0s), kDst, 0, 1006, 1500).newPmtu, quint16(508));
        QCOMPARE(plateauBelow(69), quint16(68));
        QCOMPARE(plateauBelow(68), quint16(68));
    }

    // Linux: min_pmtu 552; a report of 296 gives PMTU 552 and the path is locked: DF cleared
    // (net/ipv4/route.c __ip_rt_update_pmtu), so routers fragment.
    void linuxProfile_belowMinPmtu_locksAt552WithoutDf() {
        PmtuCache c(PmtuConfig::linuxProfile());
        const auto u = c.onFragmentationNeeded(at(0s), kDst, 296, 1500, 1500);
        QCOMPARE(u.newPmtu, quint16(552));
        QVERIFY(u.locked);
        QCOMPARE(c.pathMtu(at(0s), kDst, 1500), quint16(552));
        QVERIFY(!c.dontFragment(at(0s), kDst));
        QCOMPARE(mssFromMtu(552), quint16(512));
    }

    void linuxProfile_aboveMinPmtu_keepsDf() {
        PmtuCache c(PmtuConfig::linuxProfile());
        QCOMPARE(c.onFragmentationNeeded(at(0s), kDst, 576, 1500, 1500).newPmtu, quint16(576));
        QVERIFY(c.dontFragment(at(0s), kDst));
    }

    // RFC 1191 §6.3 / Linux mtu_expires 600 s: the learned value is forgotten, the interface MTU tried again.
    void learnedPmtu_expires() {
        PmtuCache c(PmtuConfig::linuxProfile());
        c.onFragmentationNeeded(at(5s), kDst, 576, 1500, 1500);
        QCOMPARE(*c.nextDeadline(), at(605s));
        QCOMPARE(c.pathMtu(at(605s) - 1ns, kDst, 1500), quint16(576));
        QCOMPARE(c.pathMtu(at(605s), kDst, 1500), quint16(1500));
        QCOMPARE(c.expire(at(605s)), std::vector<Ipv4Address>{kDst});
        QVERIFY(!c.nextDeadline());
    }

    // Per destination: another destination keeps the interface MTU.
    void pmtu_isPerDestination() {
        PmtuCache c;
        c.onFragmentationNeeded(at(0s), kDst, 576, 1500, 1500);
        QCOMPARE(c.pathMtu(at(0s), Ipv4Address::fromOctets(10, 0, 2, 2), 1500), quint16(1500));
    }
};

QTEST_APPLESS_MAIN(TestPmtu)
#include "tst_pmtu.moc"
