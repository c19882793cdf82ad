// Timers of a TcpEndpoint: the RFC 6298 retransmission timer as the endpoint uses it (samples, Karn, backoff,
// the 3 s fallback), the SYN, SYN,ACK, data and orphan retransmission schedules of both profiles
// (linux-defaults.md §2), TIME-WAIT, FIN-WAIT-2 and keep-alive.
#include <QtTest>

#include "endpoint_fixtures.h"

using namespace tcplab;
using namespace tcplab::test;
using namespace std::chrono_literals;
using S = TcpState;
using K = TimerKind;

namespace {

using Ms = QList<qint64>;

// Fires the retransmission timer until the endpoint gives up (or `maxFires`), recording when each segment
// went out and when it gave up, in ms after `origin`.
struct Schedule {
    Ms sent;             // every retransmission
    qint64 gaveUp = -1;  // when the endpoint released the connection
    QString error;       // the reason it reported
    bool allRtx = true;  // every segment was marked as a retransmission
    int segmentsPer = 1; // segments sent at each firing (the maximum seen)
};
Schedule runRetransmissions(Harness& h, Instant origin, int maxFires = 64) {
    Schedule s;
    for (int i = 0; i < maxFires && h.fire(K::Retransmission); ++i) {
        if (h.out.released) {
            s.gaveUp = msOf(h.now - origin);
            s.error = noticeText(h.out, Notice::Kind::Error);
            break;
        }
        s.sent << msOf(h.now - origin);
        s.segmentsPer = std::max(s.segmentsPer, int(h.out.segments.size()));
        for (const auto& o : h.out.segments)
            s.allRtx = s.allRtx && o.retransmission;
    }
    return s;
}

} // namespace

class TestEndpointTimers : public QObject {
    Q_OBJECT
private slots:
    // =====================================================================================================
    // RFC 6298 as the endpoint applies it
    // =====================================================================================================

    // The handshake gives the first sample (RFC 6298 (2.2)): SRTT = R, RTTVAR = R/2, and the RTO of each
    // profile (linux-defaults.md §2.3): RFC max(1 s, SRTT + 4·RTTVAR); Linux SRTT + max(4·RTTVAR, 200 ms).
    void rto_firstSampleFromHandshake_perProfile_data() {
        addColumns();
        QTest::addColumn<unsigned>("via");
        QTest::addColumn<int>("rttMs");
        QTest::addColumn<int>("rtoMs");
        struct Case {
            Profile p;
            int rtt, rto;
        };
        const Case cases[] = {
            {Profile::Rfc9293, 20, 1000},   {Profile::Rfc9293, 100, 1000}, {Profile::Rfc9293, 300, 1000},
            {Profile::Rfc9293, 2000, 6000}, {Profile::Linux, 20, 220},     {Profile::Linux, 100, 300},
            {Profile::Linux, 300, 900},     {Profile::Linux, 2000, 6000},
        };
        for (const auto& c : cases)
            for (unsigned via : {unsigned(Active), unsigned(Passive)})
                for (const auto& isn : kIsnRows)
                    QTest::addRow("%s/%s/rtt=%dms/%s", std::string(profileName(c.p)).c_str(),
                                  via == Passive ? "passive" : "active", c.rtt, isn.name)
                        << c.p << quint32(isn.iss) << quint32(isn.irs) << via << c.rtt << c.rto;
    }
    void rto_firstSampleFromHandshake_perProfile() {
        HARNESS(h);
        QFETCH(unsigned, via);
        QFETCH(int, rttMs);
        QFETCH(int, rtoMs);
        h.rtt = std::chrono::milliseconds(rttMs);
        ENTER(h, S::Established, via);
        QVERIFY(h.ep.rtt().srtt.has_value());
        QCOMPARE(msOf(*h.ep.rtt().srtt), qint64(rttMs));
        QCOMPARE(h.ep.rtt().rttvar.count(),
                 std::chrono::nanoseconds(std::chrono::milliseconds(rttMs)).count() / 2);
        QCOMPARE(msOf(h.ep.currentRto()), qint64(rtoMs));
        h.send("x");
        EXPECT_TIMERS(h, QStringLiteral("armed retransmission +%1ms").arg(rtoMs));
    }

    // A later sample (RFC 6298 (2.3)): RTTVAR = 3/4·10 + 1/4·|20 − 60| = 17.5 ms, SRTT = 7/8·20 + 1/8·60 =
    // 25 ms. RFC: max(1 s, 25 + 70) = 1 s. Linux: 25 + max(70, 200) = 225 ms.
    void rto_laterSampleFromData_updatesSrttAndRttvar_data() { addRows(); }
    void rto_laterSampleFromData_updatesSrttAndRttvar() {
        HARNESS(h);
        ENTER(h, S::Established);
        h.send("hello");
        h.advance(60ms);
        h.arrive(h.ack().ack(h.iss + 6));
        QCOMPARE(h.ep.sndUna(), h.iss + 6);
        QCOMPARE(h.ep.rtt().srtt->count(), Duration(25ms).count());
        QCOMPARE(h.ep.rtt().rttvar.count(), Duration(17500us).count());
        QCOMPARE(msOf(h.ep.currentRto()), qint64(h.params.profile == Profile::Linux ? 225 : 1000));
        EXPECT_TIMERS(h, "cancelled retransmission"); // RFC 6298 (5.2): all data acknowledged
    }

    // Karn's algorithm (RFC 6298 §3): an ACK for a retransmitted segment gives no sample.
    void rto_karn_retransmittedDataGivesNoSample_data() { addRows(); }
    void rto_karn_retransmittedDataGivesNoSample() {
        HARNESS(h);
        ENTER(h, S::Established);
        const RttEstimator before = h.ep.rtt();
        h.send("hello");
        FIRE(h, K::Retransmission);
        EXPECT_SENT(h.out, {.flags = ACK | PSH, .seq = h.iss + 1, .ack = h.irs + 1, .len = 5, .rtx = true});
        h.advance(5ms);
        h.arrive(h.ack().ack(h.iss + 6));
        QCOMPARE(h.ep.sndUna(), h.iss + 6);
        QCOMPARE(h.ep.rtt().srtt, before.srtt);
        QCOMPARE(h.ep.rtt().rttvar.count(), before.rttvar.count());
        QCOMPARE(h.ep.rtt().rto.count(), before.rto.count());
    }

    // Karn for the SYN, and RFC 6298 (5.7): after a SYN timeout and no sample, data starts with RTO = 3 s
    // (Linux TCP_TIMEOUT_FALLBACK), not with a backed-off value.
    void rto_synRetransmitted_noSampleAndDataStartsWith3s_data() {
        addColumns();
        QTest::addColumn<int>("synTimeouts");
        for (Profile p : {Profile::Rfc9293, Profile::Linux})
            for (int n : {1, 3, 5})
                for (const auto& isn : kIsnRows)
                    QTest::addRow("%s/%d-timeouts/%s", std::string(profileName(p)).c_str(), n, isn.name)
                        << p << quint32(isn.iss) << quint32(isn.irs) << n;
    }
    void rto_synRetransmitted_noSampleAndDataStartsWith3s() {
        HARNESS(h);
        QFETCH(int, synTimeouts);
        ENTER(h, S::SynSent);
        for (int i = 0; i < synTimeouts; ++i)
            FIRE(h, K::Retransmission);
        h.advance(100ms);
        h.arrive(h.synAck());
        QCOMPARE(h.ep.state(), S::Established);
        QVERIFY(!h.ep.rtt().srtt.has_value());
        QCOMPARE(msOf(h.ep.currentRto()), qint64(3000));
        h.send("x");
        EXPECT_TIMERS(h, "armed retransmission +3000ms");
    }

    // The same on the passive side: a retransmitted SYN,ACK gives no sample, so RTO = 3 s (RFC 6298 (5.7);
    // Linux tcp_init_metrics() for any handshake without a sample).
    void rto_synAckRetransmitted_noSampleAndDataStartsWith3s_data() { addRows(); }
    void rto_synAckRetransmitted_noSampleAndDataStartsWith3s() {
        HARNESS(h);
        ENTER(h, S::SynReceived, Passive);
        FIRE(h, K::Retransmission);
        h.advance(100ms);
        h.arrive(h.ack().ack(h.iss + 1));
        QCOMPARE(h.ep.state(), S::Established);
        QVERIFY(!h.ep.rtt().srtt.has_value());
        QCOMPARE(msOf(h.ep.currentRto()), qint64(3000));
    }

    // Simultaneous open (SR-13) after a SYN,ACK timeout: no sample either; RTO = 3 s, backoff cleared.
    void rto_simultaneousOpenAfterTimeout_dataStartsWith3s_data() { addRows(); }
    void rto_simultaneousOpenAfterTimeout_dataStartsWith3s() {
        HARNESS(h);
        ENTER(h, S::SynReceived, Active);
        FIRE(h, K::Retransmission); // our SYN,ACK again
        h.advance(100ms);
        h.arrive(h.synAck());
        EXPECT_TRANSITIONS(h, "SR-13");
        QCOMPARE(msOf(h.ep.currentRto()), qint64(3000));
    }

    // RFC 6298 (5.5)/(5.6): each expiry doubles the RTO, up to rtoMax (RFC ≥ 60 s: 60 s; Linux 120 s).
    void rto_backoffDoublesUpToRtoMax_data() {
        addColumns();
        QTest::addColumn<Ms>("intervals");
        for (const auto& isn : kIsnRows) {
            QTest::addRow("rfc9293/%s", isn.name)
                << Profile::Rfc9293 << quint32(isn.iss) << quint32(isn.irs)
                << Ms{1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000};
            QTest::addRow("linux/%s", isn.name)
                << Profile::Linux << quint32(isn.iss) << quint32(isn.irs)
                << Ms{220, 440, 880, 1760, 3520, 7040, 14080, 28160, 56320, 112640, 120000, 120000};
        }
    }
    void rto_backoffDoublesUpToRtoMax() {
        HARNESS(h);
        QFETCH(Ms, intervals);
        ENTER(h, S::Established);
        h.send("hello");
        Ms seen;
        Instant last = h.now;
        for (qsizetype i = 0; i < intervals.size(); ++i) {
            QCOMPARE(msOf(h.ep.currentRto()), intervals[i]);
            FIRE(h, K::Retransmission);
            seen << msOf(h.now - last);
            last = h.now;
        }
        QCOMPARE(seen, intervals);
    }

    // Forward progress after a timeout: the ACK of the retransmission restarts the timer for what is left
    // (RFC 6298 (5.3)) and the retry count starts again.
    void rto_partialAckAfterTimeout_restartsTimerForTheRest_data() { addRows(); }
    void rto_partialAckAfterTimeout_restartsTimerForTheRest() {
        HARNESS(h);
        h.peerMss = 536;
        ENTER(h, S::Established);
        h.send(std::string(1000, 'z')); // 536 + 464
        QCOMPARE(h.out.segments.size(), std::size_t(2));
        FIRE(h, K::Retransmission);
        EXPECT_SENT(h.out, {.flags = ACK, .seq = h.iss + 1, .ack = h.irs + 1, .len = 536, .rtx = true});
        QCOMPARE(h.ep.retransmissions(), 1);
        h.advance(10ms);
        h.arrive(h.ack().ack(h.iss + 537));
        QCOMPARE(h.ep.retransmissions(), 0);
        // After a timeout every ACK that leaves a hole below the old SND.NXT resends the next segment.
        EXPECT_SENT(h.out,
                    {.flags = ACK | PSH, .seq = h.iss + 537, .ack = h.irs + 1, .len = 464, .rtx = true});
        QVERIFY(h.deadline(K::Retransmission).has_value());
    }

    // =====================================================================================================
    // Retransmission schedules (linux-defaults.md §2.1, §2.2, §2.4)
    // =====================================================================================================

    // SYN: RFC profile doubling from 1 s with tcp_syn_retries = 7 and a 60 s cap (gives up after 3 min,
    // MUST-23); Linux 6.x: tcp_syn_linear_timeouts = 4 gives SYNs at 0, 1, 2, 3, 4, 5, 7 s and ETIMEDOUT
    // at 11 s; without linear timeouts the classic 0, 1, 3, …, 63 → 127 s.
    void synSent_retransmissionSchedule_data() {
        addColumns();
        QTest::addColumn<int>("synRetries");
        QTest::addColumn<int>("linear");
        QTest::addColumn<Ms>("synsAt");
        QTest::addColumn<qint64>("failsAt");
        for (const auto& isn : kIsnRows) {
            QTest::addRow("rfc9293/default/%s", isn.name)
                << Profile::Rfc9293 << quint32(isn.iss) << quint32(isn.irs) << -1 << -1
                << Ms{0, 1000, 3000, 7000, 15000, 31000, 63000, 123000} << qint64(183000);
            QTest::addRow("linux/default/%s", isn.name)
                << Profile::Linux << quint32(isn.iss) << quint32(isn.irs) << -1 << -1
                << Ms{0, 1000, 2000, 3000, 4000, 5000, 7000} << qint64(11000);
            QTest::addRow("linux/linear=0/%s", isn.name)
                << Profile::Linux << quint32(isn.iss) << quint32(isn.irs) << -1 << 0
                << Ms{0, 1000, 3000, 7000, 15000, 31000, 63000} << qint64(127000);
            QTest::addRow("linux/linear=0,syn_retries=5/%s", isn.name)
                << Profile::Linux << quint32(isn.iss) << quint32(isn.irs) << 5 << 0
                << Ms{0, 1000, 3000, 7000, 15000, 31000} << qint64(63000);
            QTest::addRow("linux/linear=0,syn_retries=7/%s", isn.name)
                << Profile::Linux << quint32(isn.iss) << quint32(isn.irs) << 7 << 0
                << Ms{0, 1000, 3000, 7000, 15000, 31000, 63000, 127000} << qint64(247000);
        }
    }
    void synSent_retransmissionSchedule() {
        QFETCH(int, synRetries);
        QFETCH(int, linear);
        QFETCH(Ms, synsAt);
        QFETCH(qint64, failsAt);
        HARNESS(h, [&](TcpParams& p) {
            if (synRetries >= 0)
                p.synRetries = synRetries;
            if (linear >= 0)
                p.synLinearTimeouts = linear;
        });
        ENTER(h, S::SynSent);
        Ms sent{0};
        for (int i = 0; i < 20; ++i) {
            FIRE(h, K::Retransmission);
            if (h.out.released)
                break;
            // The same SYN each time: <SEQ=ISS><CTL=SYN> with the MSS option.
            EXPECT_SENT(h.out, {.flags = SYN, .seq = h.iss, .mss = 1460, .rtx = true});
            sent << msOf(h.now - kTimeZero);
        }
        QCOMPARE(sent, synsAt);
        QVERIFY(h.out.released);
        QCOMPARE(msOf(h.now - kTimeZero), failsAt);
        EXPECT_TRANSITIONS(h, "SS-2");
        QCOMPARE(noticeText(h.out, Notice::Kind::Error),
                 QStringLiteral("connection timed out: no answer to %1 SYNs").arg(synsAt.size()));
    }

    // SYN,ACK: sent at 0, 1, 3, 7, 15, 31 s (tcp_synack_retries = 5), the request dropped at 63 s with no RST
    // (linux-defaults.md §2.2); the same in the RFC profile. Linear timeouts do not apply to SYN,ACKs.
    void synReceived_synAckRetransmissionSchedule_data() { addRows(); }
    void synReceived_synAckRetransmissionSchedule() {
        HARNESS(h);
        ENTER(h, S::SynReceived, Passive);
        Ms sent{0};
        for (int i = 0; i < 20; ++i) {
            FIRE(h, K::Retransmission);
            if (h.out.released)
                break;
            EXPECT_SENT(h.out,
                        {.flags = SYN | ACK, .seq = h.iss, .ack = h.irs + 1, .mss = 1460, .rtx = true});
            sent << msOf(h.now - kTimeZero);
        }
        QCOMPARE(sent, (Ms{0, 1000, 3000, 7000, 15000, 31000}));
        QCOMPARE(msOf(h.now - kTimeZero), qint64(63000));
        EXPECT_TRANSITIONS(h, "SR-10p");
        EXPECT_SENT(h.out);
    }

    // Data: retransmissions of the first unacknowledged segment with backoff, until tcp_retries2 = 15
    // retransmissions have gone unanswered; then the connection is aborted with the reason reported. Linux
    // with a 20 ms RTT: +0.22, 0.66, 1.54 … 825.06 s and ETIMEDOUT at ≈ 945.1 s (linux-defaults.md §2.4).
    void established_dataRetransmissionSchedule_thenAbort_data() {
        addColumns();
        QTest::addColumn<Ms>("rtxAt");
        QTest::addColumn<qint64>("abortAt");
        for (const auto& isn : kIsnRows) {
            QTest::addRow("rfc9293/%s", isn.name)
                << Profile::Rfc9293 << quint32(isn.iss) << quint32(isn.irs)
                << Ms{1000,   3000,   7000,   15000,  31000,  63000,  123000, 183000,
                      243000, 303000, 363000, 423000, 483000, 543000, 603000}
                << qint64(663000);
            QTest::addRow("linux/%s", isn.name)
                << Profile::Linux << quint32(isn.iss) << quint32(isn.irs)
                << Ms{220,    660,    1540,   3300,   6820,   13860,  27940, 56100,
                      112420, 225060, 345060, 465060, 585060, 705060, 825060}
                << qint64(945060);
        }
    }
    void established_dataRetransmissionSchedule_thenAbort() {
        HARNESS(h);
        QFETCH(Ms, rtxAt);
        QFETCH(qint64, abortAt);
        ENTER(h, S::Established);
        h.send("hello");
        EXPECT_SENT(h.out, {.flags = ACK | PSH, .seq = h.iss + 1, .ack = h.irs + 1, .len = 5, .rtx = false});
        const Schedule s = runRetransmissions(h, h.now);
        QCOMPARE(s.sent, rtxAt);
        QCOMPARE(s.gaveUp, abortAt);
        QVERIFY(s.allRtx);
        QCOMPARE(s.segmentsPer, 1);
        QCOMPARE(s.error, QStringLiteral("connection timed out after 15 retransmissions"));
        EXPECT_TRANSITIONS(h, "ES-18");
    }

    // Each data retransmission is the first unacknowledged segment again: same SEQ, same bytes.
    void established_retransmission_resendsFirstUnackedSegment_data() { addRows(); }
    void established_retransmission_resendsFirstUnackedSegment() {
        HARNESS(h);
        h.peerMss = 1000;
        ENTER(h, S::Established);
        const std::string bytes = std::string(1000, 'a') + std::string(500, 'b');
        h.send(bytes);
        QCOMPARE(h.out.segments.size(), std::size_t(2));
        FIRE(h, K::Retransmission);
        EXPECT_SENT(
            h.out,
            {.flags = ACK, .seq = h.iss + 1, .ack = h.irs + 1, .rtx = true, .data = std::string(1000, 'a')});
        QVERIFY(hasNotice(h.out, Notice::Kind::Retransmit));
    }

    // Orphaned connections (after close()) retransmit their FIN tcp_orphan_retries = 8 times: Linux
    // +0.22 … +56.10 s, dropped at ≈ 112.4 s (linux-defaults.md §2.4).
    void finWait1_orphanFinRetransmissionSchedule_thenAbort_data() {
        addColumns();
        QTest::addColumn<Ms>("rtxAt");
        QTest::addColumn<qint64>("abortAt");
        for (const auto& isn : kIsnRows) {
            QTest::addRow("rfc9293/%s", isn.name)
                << Profile::Rfc9293 << quint32(isn.iss) << quint32(isn.irs)
                << Ms{1000, 3000, 7000, 15000, 31000, 63000, 123000, 183000} << qint64(243000);
            QTest::addRow("linux/%s", isn.name)
                << Profile::Linux << quint32(isn.iss) << quint32(isn.irs)
                << Ms{220, 660, 1540, 3300, 6820, 13860, 27940, 56100} << qint64(112420);
        }
    }
    void finWait1_orphanFinRetransmissionSchedule_thenAbort() {
        HARNESS(h);
        QFETCH(Ms, rtxAt);
        QFETCH(qint64, abortAt);
        ENTER(h, S::FinWait1); // close(): orphaned
        const Instant finSent = at(20ms);
        FIRE(h, K::Retransmission);
        EXPECT_SENT(h.out, {.flags = FIN | ACK, .seq = h.iss + 1, .ack = h.irs + 1, .rtx = true});
        const qint64 first = msOf(h.now - finSent);
        Schedule s = runRetransmissions(h, finSent);
        s.sent.prepend(first);
        QCOMPARE(s.sent, rtxAt);
        QCOMPARE(s.gaveUp, abortAt);
        QVERIFY(s.allRtx);
        EXPECT_TRANSITIONS(h, "F1-8");
        QCOMPARE(s.error, QStringLiteral("connection timed out after 8 retransmissions"));
    }

    // After shutdown(SHUT_WR) the application still holds the socket: tcp_retries2, not the orphan limit.
    void finWait1_afterShutdown_usesRetries2_data() { addRows(); }
    void finWait1_afterShutdown_usesRetries2() {
        HARNESS(h);
        ENTER(h, S::FinWait1, Shutdown);
        const Schedule s = runRetransmissions(h, h.now);
        QCOMPARE(s.sent.size(), qsizetype(15));
        QCOMPARE(s.error, QStringLiteral("connection timed out after 15 retransmissions"));
        EXPECT_TRANSITIONS(h, "F1-8");
    }

    // LA-2: in LAST-ACK the FIN is retransmitted <SEQ=FINseq><ACK=RCV.NXT><CTL=FIN,ACK> with backoff.
    void lastAck_finRetransmission_backsOff_data() { addRows(); }
    void lastAck_finRetransmission_backsOff() {
        HARNESS(h);
        ENTER(h, S::LastAck);
        const Instant closed = h.now;
        FIRE(h, K::Retransmission);
        EXPECT_SENT(h.out, {.flags = FIN | ACK, .seq = h.iss + 1, .ack = h.irs + 2, .rtx = true});
        QCOMPARE(h.now - closed, rtoAfterHandshake(profile));
        EXPECT_DEADLINE(h, K::Retransmission, h.now + 2 * rtoAfterHandshake(profile));
    }

    // =====================================================================================================
    // TIME-WAIT (RFC 9293 §3.10.7.4, §3.10.8; TW-1 … TW-4)
    // =====================================================================================================

    // 2·MSL: 4 min in the RFC profile (MSL = 2 min), 60 s in Linux (TCP_TIMEWAIT_LEN); all other timers off.
    void timeWait_lasts2Msl_perProfile_data() { addRows(); }
    void timeWait_lasts2Msl_perProfile() {
        HARNESS(h);
        ENTER(h, S::TimeWait);
        const Duration twoMsl = h.params.profile == Profile::Linux ? Duration(60s) : Duration(240s);
        EXPECT_DEADLINE(h, K::TimeWait, h.now + twoMsl);
        for (int k = 0; k < kTimerKindCount; ++k) // "turn off the other timers"
            if (static_cast<K>(k) != K::TimeWait)
                QCOMPARE(h.deadline(static_cast<K>(k)), std::optional<Instant>());
    }

    // TW-2: a retransmitted FIN (the peer never got our last ACK) is ACKed, and the 2·MSL timer restarts:
    // its deadline moves. FIN segments are never rate-limited (tcp_oow_rate_limited()).
    void timeWait_retransmittedFin_isAckedAndTimerRestarts_data() { addRows(); }
    void timeWait_retransmittedFin_isAckedAndTimerRestarts() {
        HARNESS(h);
        ENTER(h, S::TimeWait);
        const Duration twoMsl = h.params.timeWait;
        const auto first = h.deadline(K::TimeWait);
        h.advance(30s);
        h.arrive(h.fin().seq(h.irs + 1).ack(h.iss + 2));
        EXPECT_SENT(h.out, {.flags = ACK, .seq = h.iss + 2, .ack = h.irs + 2});
        EXPECT_TIMERS(h, "cancelled time-wait", "armed time-wait +" + formatDuration(twoMsl));
        EXPECT_DEADLINE(h, K::TimeWait, h.now + twoMsl);
        QVERIFY(h.deadline(K::TimeWait) != first);
        QCOMPARE(h.ep.state(), S::TimeWait);
        h.advance(10ms);
        h.arrive(h.fin().seq(h.irs + 1).ack(h.iss + 2)); // again, 10 ms later: answered again
        EXPECT_SENT(h.out, {.flags = ACK, .seq = h.iss + 2, .ack = h.irs + 2});
        EXPECT_DEADLINE(h, K::TimeWait, h.now + twoMsl);
    }

    // TW-3: an acceptable pure ACK gets no reply. Linux restarts the TIME-WAIT timer
    // (tcp_timewait_state_process(): in-window bare ACK → inet_twsk_reschedule()); the RFC does not.
    void timeWait_acceptablePureAck_getsNoReply_data() { addRows(); }
    void timeWait_acceptablePureAck_getsNoReply() {
        HARNESS(h);
        ENTER(h, S::TimeWait);
        const auto first = h.deadline(K::TimeWait);
        h.advance(5s);
        h.arrive(h.ack().ack(h.iss + 2));
        EXPECT_SENT(h.out);
        EXPECT_TRANSITIONS(h, "");
        QCOMPARE(h.ep.state(), S::TimeWait);
        if (h.params.profile == Profile::Linux)
            EXPECT_DEADLINE(h, K::TimeWait, h.now + 60s);
        else
            QCOMPARE(h.deadline(K::TimeWait), first);
    }

    // TW-4: another unacceptable segment (old data) is answered with ACK-now; Linux also restarts the timer
    // because the segment carries an ACK.
    void timeWait_unacceptableSegment_isAnsweredWithAck_data() { addRows(); }
    void timeWait_unacceptableSegment_isAnsweredWithAck() {
        HARNESS(h);
        ENTER(h, S::TimeWait);
        const auto first = h.deadline(K::TimeWait);
        h.advance(5s);
        h.arrive(h.data("old").seq(h.irs - 2).ack(h.iss + 2));
        EXPECT_SENT(h.out, {.flags = ACK, .seq = h.iss + 2, .ack = h.irs + 2});
        QCOMPARE(h.ep.state(), S::TimeWait);
        if (h.params.profile == Profile::Linux)
            EXPECT_DEADLINE(h, K::TimeWait, h.now + 60s);
        else
            QCOMPARE(h.deadline(K::TimeWait), first);
    }

    // TW-7: CLOSE and SEND in TIME-WAIT: "error: connection closing", nothing sent.
    void timeWait_userCalls_areRefused_data() { addRows(); }
    void timeWait_userCalls_areRefused() {
        HARNESS(h);
        ENTER(h, S::TimeWait);
        h.close();
        EXPECT_SENT(h.out);
        QCOMPARE(noticeText(h.out, Notice::Kind::UserCallRefused),
                 QStringLiteral("error: connection closing"));
        h.send("x");
        EXPECT_SENT(h.out);
        QCOMPARE(noticeText(h.out, Notice::Kind::UserCallRefused),
                 QStringLiteral("error: connection closing"));
        QCOMPARE(h.ep.state(), S::TimeWait);
    }

    // =====================================================================================================
    // FIN-WAIT-2 and keep-alive
    // =====================================================================================================

    // F2-3 applies only to orphans, and only in Linux: after shutdown() FIN-WAIT-2 has no timer in either
    // profile, and the RFC profile never times it out ("the RFC allows FIN-WAIT-2 to last forever").
    void finWait2_withoutOrphanTimeout_hasNoTimer_data() {
        addColumns();
        QTest::addColumn<unsigned>("via");
        for (Profile p : {Profile::Rfc9293, Profile::Linux})
            for (const auto& isn : kIsnRows) {
                QTest::addRow("%s/shutdown/%s", std::string(profileName(p)).c_str(), isn.name)
                    << p << quint32(isn.iss) << quint32(isn.irs) << unsigned(Shutdown);
                if (p == Profile::Rfc9293)
                    QTest::addRow("%s/close/%s", std::string(profileName(p)).c_str(), isn.name)
                        << p << quint32(isn.iss) << quint32(isn.irs) << unsigned(Active);
            }
    }
    void finWait2_withoutOrphanTimeout_hasNoTimer() {
        HARNESS(h);
        QFETCH(unsigned, via);
        ENTER(h, S::FinWait2, via);
        QCOMPARE(h.ep.nextDeadline(), std::optional<Instant>());
    }

    // Linux: close() in FIN-WAIT-2 (after shutdown()) orphans the socket and starts tcp_fin_timeout then.
    void finWait2_closeAfterShutdown_linuxStartsFinTimeout_data() { addLinuxRows(); }
    void finWait2_closeAfterShutdown_linuxStartsFinTimeout() {
        HARNESS(h);
        ENTER(h, S::FinWait2, Shutdown);
        h.advance(7s);
        h.close();
        EXPECT_SENT(h.out);
        EXPECT_TIMERS(h, "armed fin-wait-2 +60000ms");
    }

    // A keep-alive probe that is answered restarts the idle time and the probe count.
    void keepalive_answeredProbe_restartsIdleTimer_data() { addRows(); }
    void keepalive_answeredProbe_restartsIdleTimer() {
        HARNESS(h, [](TcpParams& p) { p.keepalive = true; });
        ENTER(h, S::Established);
        FIRE(h, K::Keepalive);
        FIRE(h, K::Keepalive);
        EXPECT_SENT(h.out, {.flags = ACK, .seq = h.iss, .ack = h.irs + 1});
        h.advance(20ms);
        h.arrive(h.ack()); // the peer's answer: <SEQ=RCV.NXT><ACK=SND.NXT>
        EXPECT_SENT(h.out);
        EXPECT_DEADLINE(h, K::Keepalive, h.now + 2h);
        // Nine unanswered probes from here before giving up, not seven.
        for (int i = 0; i < 9; ++i) {
            FIRE(h, K::Keepalive);
            QVERIFY(!h.out.released);
        }
        FIRE(h, K::Keepalive);
        EXPECT_TRANSITIONS(h, "ES-21");
    }

    // Keep-alive is off by default (MUST-24 … SO_KEEPALIVE): no timer on an idle connection.
    void keepalive_offByDefault_noTimer_data() { addRows(); }
    void keepalive_offByDefault_noTimer() {
        HARNESS(h);
        ENTER(h, S::Established);
        EXPECT_NO_TIMER(h, K::Keepalive);
        QCOMPARE(h.ep.nextDeadline(), std::optional<Instant>());
    }
};

QTEST_GUILESS_MAIN(TestEndpointTimers)
#include "tst_endpoint_timers.moc"
