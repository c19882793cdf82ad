// The transition table (core/tcp/transitions.cpp, rows of tcp-transitions.md), one test per row: each test
// drives a TcpEndpoint into the row's state, applies the row's event and checks the Transition record, the
// segments sent (flags, SEQ, ACK) and the timers. transitionTable_everyRowHasATest() fails when a row is
// added without a test here.
#include <QtTest>

#include <map>
#include <string_view>

#include "endpoint_fixtures.h"
#include "tcp/transitions.h"

using namespace tcplab;
using namespace tcplab::test;
using namespace std::chrono_literals;
using S = TcpState;
using K = TimerKind;

namespace {

// Row id → the test that takes that transition.
const std::map<std::string_view, const char*> kRowTests = {
    {"CL-1", "closed_passiveOpen_entersListen"},
    {"CL-2", "closed_activeOpen_sendsSynAndEntersSynSent"},
    {"LI-3", "listen_syn_sendsSynAckAndEntersSynReceived"},
    {"LI-7", "listen_cookieAck_entersEstablishedWithoutSegment"},
    {"LI-10", "listen_close_closesWithoutSegment"},
    {"LI-12", "listen_abort_closesWithoutSegment"},
    {"SS-2", "synSent_synRetriesExhausted_closesTimedOut"},
    {"SS-3", "synSent_synAck_sendsAckAndEntersEstablished"},
    {"SS-6", "synSent_rstWithAcceptableAck_closesRefused"},
    {"SS-7", "synSent_syn_sendsSynAckAndEntersSynReceived"},
    {"SS-10", "synSent_close_closesWithoutRst"},
    {"SS-11", "synSent_abort_closesWithoutRst"},
    {"SR-1", "synReceived_ackOfSyn_entersEstablished"},
    {"SR-7p", "synReceived_passive_rstAtRcvNxt_returnsToListen"},
    {"SR-7a", "synReceived_active_rstAtRcvNxt_closesRefused"},
    {"SR-10p", "synReceived_passive_synAckRetriesExhausted_returnsToListen"},
    {"SR-10a", "synReceived_active_synAckRetriesExhausted_closes"},
    {"SR-11", "synReceived_passive_inWindowSyn_returnsToListen"},
    {"SR-13", "synReceived_active_synAckOfOurSyn_sendsAckAndEntersEstablished"},
    {"SR-14", "synReceived_close_sendsFinAndEntersFinWait1"},
    {"SR-15", "synReceived_abort_sendsRstAndCloses"},
    {"ES-2", "established_close_sendsFinAndEntersFinWait1"},
    {"ES-3", "established_abort_sendsRstAndCloses"},
    {"ES-10", "established_fin_sendsAckAndEntersCloseWait"},
    {"ES-12", "established_rstAtRcvNxt_closesReset"},
    {"ES-18", "established_retransmissionLimit_closesTimedOut"},
    {"ES-21", "established_keepaliveProbesUnanswered_closes"},
    {"F1-1", "finWait1_ackOfFin_entersFinWait2"},
    {"F1-3", "finWait1_finNotAckingOurs_sendsAckAndEntersClosing"},
    {"F1-8", "finWait1_orphanRetriesExhausted_closes"},
    {"F1-9", "finWait1_rstAtRcvNxt_closesReset"},
    {"F1-13", "finWait1_abort_sendsRstAndCloses"},
    {"F2-1", "finWait2_fin_sendsAckAndEntersTimeWait"},
    {"F2-3", "finWait2_orphanTimeout_closesSilently"},
    {"F2-4", "finWait2_dataAfterClose_sendsRstAndCloses"},
    {"F2-5", "finWait2_rstAtRcvNxt_closesReset"},
    {"F2-7", "finWait2_abort_sendsRstAndCloses"},
    {"CW-2", "closeWait_close_sendsFinAndEntersLastAck"},
    {"CW-7", "closeWait_rstAtRcvNxt_closesReset"},
    {"CW-8", "closeWait_abort_sendsRstAndCloses"},
    {"CW-10", "closeWait_retransmissionLimit_closesTimedOut"},
    {"CG-1", "closing_ackOfFin_entersTimeWait"},
    {"CG-4", "closing_orphanRetriesExhausted_closes"},
    {"CG-5", "closing_rstAtRcvNxt_closes"},
    {"CG-7", "closing_abort_closesWithoutRst"},
    {"LA-1", "lastAck_ackOfFin_closes"},
    {"LA-3", "lastAck_orphanRetriesExhausted_closes"},
    {"LA-6", "lastAck_rstAtRcvNxt_closes"},
    {"LA-7", "lastAck_abort_closesWithoutRst"},
    {"TW-1", "timeWait_2mslTimeout_closes"},
    {"TW-5", "timeWait_rstAtRcvNxt_closes"},
    {"TW-8", "timeWait_abort_closesWithoutRst"},
};

// ABORT's RST (RFC 9293 §3.10.5): <SEQ=SND.NXT><CTL=RST>; Linux sends RST,ACK with ACK = RCV.NXT.
Sent abortRst(const Harness& h, SeqNum sndNxt) {
    if (h.params.profile == Profile::Linux)
        return {.flags = RST | ACK, .seq = sndNxt, .ack = h.peerNxt};
    return {.flags = RST, .seq = sndNxt, .wnd = 0};
}

} // namespace

// The last input took exactly the transition `id`: the record names that row, its from/to are the row's, and
// the endpoint is now in the row's target state.
#define EXPECT_ROW(h, id)                                                                                    \
    do {                                                                                                     \
        EXPECT_TRANSITIONS(h, id);                                                                           \
        const TransitionRule* row_ = findTransition(id);                                                     \
        QVERIFY(row_ != nullptr);                                                                            \
        QCOMPARE((h).out.transitions.back().rule, row_);                                                     \
        QCOMPARE((h).out.transitions.back().from, row_->from);                                               \
        QCOMPARE((h).out.transitions.back().to, row_->to);                                                   \
        QCOMPARE((h).ep.state(), row_->to);                                                                  \
    } while (false)

// Fires the retransmission timer n times; each firing must retransmit exactly one segment.
#define RETRANSMIT_TIMES(h, n)                                                                               \
    for (int i_ = 0; i_ < (n); ++i_) {                                                                       \
        FIRE(h, K::Retransmission);                                                                          \
        QCOMPARE((h).out.segments.size(), std::size_t(1));                                                   \
        QVERIFY((h).out.segments[0].retransmission);                                                         \
        QVERIFY(!(h).out.released);                                                                          \
    }

class TestEndpointTransitions : public QObject {
    Q_OBJECT
private slots:
    // ---- The table itself ----
    void transitionTable_everyRowHasATest() {
        for (const auto& row : transitionTable()) {
            const auto it = kRowTests.find(row.id);
            QVERIFY2(it != kRowTests.end(),
                     qPrintable(QStringLiteral("transition row %1 has no test")
                                    .arg(QString::fromUtf8(row.id.data(), qsizetype(row.id.size())))));
            const QByteArray slot = QByteArray(it->second) + "()";
            QVERIFY2(metaObject()->indexOfSlot(slot.constData()) >= 0,
                     qPrintable(QStringLiteral("the test %1 named for row %2 does not exist")
                                    .arg(QString::fromLatin1(slot),
                                         QString::fromUtf8(row.id.data(), qsizetype(row.id.size())))));
        }
        for (const auto& [id, test] : kRowTests)
            QVERIFY2(findTransition(id) != nullptr, test);
        QCOMPARE(kRowTests.size(), transitionTable().size());
    }
    void transitionTable_idsAreUnique() {
        QSet<QString> seen;
        for (const auto& row : transitionTable()) {
            const QString id = QString::fromUtf8(row.id.data(), qsizetype(row.id.size()));
            QVERIFY2(!seen.contains(id), qPrintable(id));
            seen.insert(id);
            QCOMPARE(findTransition(row.id), &row);
        }
    }

    // ---- CLOSED ----
    void closed_passiveOpen_entersListen_data() { addRows(); }
    void closed_passiveOpen_entersListen() {
        HARNESS(h);
        h.openPassive();
        EXPECT_ROW(h, "CL-1");
        EXPECT_SENT(h.out);
        EXPECT_TIMERS(h);
        QVERIFY(!h.out.released);
    }

    void closed_activeOpen_sendsSynAndEntersSynSent_data() { addRows(); }
    void closed_activeOpen_sendsSynAndEntersSynSent() {
        HARNESS(h);
        h.openActive();
        EXPECT_ROW(h, "CL-2");
        // <SEQ=ISS><CTL=SYN> with the MSS option; SND.UNA = ISS, SND.NXT = ISS+1; RTO 1 s (RFC 6298 (2.1)).
        EXPECT_SENT(h.out, {.flags = SYN, .seq = h.iss, .mss = 1460, .wnd = 65535, .rtx = false});
        EXPECT_TIMERS(h, "armed retransmission +1000ms");
        QCOMPARE(h.ep.sndUna(), h.iss);
        QCOMPARE(h.ep.sndNxt(), h.iss + 1);
    }

    // ---- LISTEN ----
    void listen_syn_sendsSynAckAndEntersSynReceived_data() { addRows(); }
    void listen_syn_sendsSynAckAndEntersSynReceived() {
        HARNESS(h);
        ENTER(h, S::Listen);
        h.arrive(h.syn().wnd(8000));
        EXPECT_ROW(h, "LI-3");
        EXPECT_SENT(h.out, {.flags = SYN | ACK, .seq = h.iss, .ack = h.irs + 1, .mss = 1460, .rtx = false});
        EXPECT_TIMERS(h, "armed retransmission +1000ms");
        QVERIFY(h.ep.passive()); // MUST-11
        QCOMPARE(h.ep.irs(), h.irs);
        QCOMPARE(h.ep.rcvNxt(), h.irs + 1);
        QCOMPARE(h.ep.sndUna(), h.iss);
        QCOMPARE(h.ep.sndNxt(), h.iss + 1);
        QCOMPARE(h.ep.sndWnd(), 8000u);
    }

    void listen_cookieAck_entersEstablishedWithoutSegment_data() { addRows(); }
    void listen_cookieAck_entersEstablishedWithoutSegment() {
        HARNESS(h);
        ENTER(h, S::Listen);
        // The final ACK of a cookie handshake: SEQ = IRS + 1, ACK = cookie + 1 (here the cookie is h.iss).
        TcpSegment a = h.ack();
        a.seq = h.irs + 1;
        a.ack = h.iss + 1;
        a.window = 7000;
        h.out.clear();
        h.ep.openFromCookie(h.now, a, 1300, h.out);
        EXPECT_ROW(h, "LI-7");
        EXPECT_SENT(h.out);
        QVERIFY(h.ep.passive());
        QCOMPARE(h.ep.irs(), h.irs);
        QCOMPARE(h.ep.rcvNxt(), h.irs + 1);
        QCOMPARE(h.ep.iss(), h.iss);
        QCOMPARE(h.ep.sndUna(), h.iss + 1);
        QCOMPARE(h.ep.sndNxt(), h.iss + 1);
        QCOMPARE(h.ep.sndWnd(), 7000u);
        QCOMPARE(h.ep.effSndMss(), std::uint16_t(1300)); // the MSS the cookie carried
    }

    void listen_close_closesWithoutSegment_data() { addRows(); }
    void listen_close_closesWithoutSegment() {
        HARNESS(h);
        ENTER(h, S::Listen);
        h.close();
        EXPECT_ROW(h, "LI-10");
        EXPECT_SENT(h.out);
        EXPECT_TIMERS(h);
        QVERIFY(h.out.released);
    }

    void listen_abort_closesWithoutSegment_data() { addRows(); }
    void listen_abort_closesWithoutSegment() {
        HARNESS(h);
        ENTER(h, S::Listen);
        h.abort();
        EXPECT_ROW(h, "LI-12");
        EXPECT_SENT(h.out);
        EXPECT_TIMERS(h);
        QVERIFY(h.out.released);
    }

    // ---- SYN-SENT ----
    void synSent_synRetriesExhausted_closesTimedOut_data() { addRows(); }
    void synSent_synRetriesExhausted_closesTimedOut() {
        HARNESS(h);
        ENTER(h, S::SynSent);
        RETRANSMIT_TIMES(h, h.params.synRetries);
        FIRE(h, K::Retransmission);
        EXPECT_ROW(h, "SS-2");
        EXPECT_SENT(h.out);
        EXPECT_TIMERS(h, "fired retransmission");
        QVERIFY(h.out.released);
        QCOMPARE(noticeText(h.out, Notice::Kind::Error),
                 QStringLiteral("connection timed out: no answer to %1 SYNs").arg(h.params.synRetries + 1));
    }

    void synSent_synAck_sendsAckAndEntersEstablished_data() { addRows(); }
    void synSent_synAck_sendsAckAndEntersEstablished() {
        HARNESS(h);
        ENTER(h, S::SynSent);
        h.advance(20ms);
        h.arrive(h.synAck().wnd(30000));
        EXPECT_ROW(h, "SS-3");
        // <SEQ=SND.NXT><ACK=SEG.SEQ+1><CTL=ACK>
        EXPECT_SENT(h.out, {.flags = ACK, .seq = h.iss + 1, .ack = h.irs + 1});
        EXPECT_TIMERS(h, "cancelled retransmission");
        QVERIFY(hasNotice(h.out, Notice::Kind::Established));
        QCOMPARE(h.ep.irs(), h.irs);
        QCOMPARE(h.ep.rcvNxt(), h.irs + 1);
        QCOMPARE(h.ep.sndUna(), h.iss + 1);
        QCOMPARE(h.ep.sndWnd(), 30000u);
    }

    void synSent_rstWithAcceptableAck_closesRefused_data() { addRows(); }
    void synSent_rstWithAcceptableAck_closesRefused() {
        HARNESS(h);
        ENTER(h, S::SynSent);
        h.advance(20ms);
        // What a closed port answers (RFC 9293 §3.10.7.1): <SEQ=0><ACK=ISS+1><CTL=RST,ACK>.
        h.arrive(h.rst().seq(SeqNum(0)).ack(h.iss + 1));
        EXPECT_ROW(h, "SS-6");
        EXPECT_SENT(h.out);
        EXPECT_TIMERS(h, "cancelled retransmission");
        QVERIFY(h.out.released);
        QCOMPARE(noticeText(h.out, Notice::Kind::Error), QStringLiteral("connection refused (RST)"));
    }

    void synSent_syn_sendsSynAckAndEntersSynReceived_data() { addRows(); }
    void synSent_syn_sendsSynAckAndEntersSynReceived() {
        HARNESS(h);
        ENTER(h, S::SynSent);
        h.advance(20ms);
        h.arrive(h.syn()); // crossed SYNs: simultaneous open
        EXPECT_ROW(h, "SS-7");
        EXPECT_SENT(h.out, {.flags = SYN | ACK, .seq = h.iss, .ack = h.irs + 1, .mss = 1460});
        EXPECT_TIMERS(h, "armed retransmission +1000ms");
        QVERIFY(!h.ep.passive());
        QCOMPARE(h.ep.rcvNxt(), h.irs + 1);
    }

    void synSent_close_closesWithoutRst_data() { addRows(); }
    void synSent_close_closesWithoutRst() {
        HARNESS(h);
        ENTER(h, S::SynSent);
        h.close();
        EXPECT_ROW(h, "SS-10");
        EXPECT_SENT(h.out); // Linux close/close-on-syn-sent.pkt: no RST
        EXPECT_TIMERS(h, "cancelled retransmission");
        QVERIFY(h.out.released);
    }

    void synSent_abort_closesWithoutRst_data() { addRows(); }
    void synSent_abort_closesWithoutRst() {
        HARNESS(h);
        ENTER(h, S::SynSent);
        h.abort();
        EXPECT_ROW(h, "SS-11");
        EXPECT_SENT(h.out);
        EXPECT_TIMERS(h, "cancelled retransmission");
        QVERIFY(h.out.released);
    }

    // ---- SYN-RECEIVED ----
    void synReceived_ackOfSyn_entersEstablished_data() { addRows(); }
    void synReceived_ackOfSyn_entersEstablished() {
        HARNESS(h);
        ENTER(h, S::SynReceived, Passive);
        h.advance(20ms);
        h.arrive(h.ack().ack(h.iss + 1).wnd(20000));
        EXPECT_ROW(h, "SR-1");
        EXPECT_SENT(h.out);
        EXPECT_TIMERS(h, "cancelled retransmission");
        QVERIFY(hasNotice(h.out, Notice::Kind::Established));
        QCOMPARE(h.ep.sndUna(), h.iss + 1);
        QCOMPARE(h.ep.sndWnd(), 20000u);
        QCOMPARE(h.ep.sndWl1(), h.irs + 1);
        QCOMPARE(h.ep.sndWl2(), h.iss + 1);
    }

    void synReceived_passive_rstAtRcvNxt_returnsToListen_data() { addRows(); }
    void synReceived_passive_rstAtRcvNxt_returnsToListen() {
        HARNESS(h);
        ENTER(h, S::SynReceived, Passive);
        h.arrive(h.rst()); // SEG.SEQ = RCV.NXT = IRS+1
        EXPECT_ROW(h, "SR-7p");
        EXPECT_SENT(h.out);
        EXPECT_TIMERS(h, "cancelled retransmission");
        QVERIFY(h.out.released); // the embryonic connection is deleted; the listener keeps listening
        QVERIFY(!hasNotice(h.out, Notice::Kind::Error)); // "The user need not be informed"
    }

    void synReceived_active_rstAtRcvNxt_closesRefused_data() { addRows(); }
    void synReceived_active_rstAtRcvNxt_closesRefused() {
        HARNESS(h);
        ENTER(h, S::SynReceived, Active);
        h.arrive(h.rst());
        EXPECT_ROW(h, "SR-7a");
        EXPECT_SENT(h.out);
        EXPECT_TIMERS(h, "cancelled retransmission");
        QVERIFY(h.out.released);
        QCOMPARE(noticeText(h.out, Notice::Kind::Error), QStringLiteral("connection refused (RST)"));
    }

    void synReceived_passive_synAckRetriesExhausted_returnsToListen_data() { addRows(); }
    void synReceived_passive_synAckRetriesExhausted_returnsToListen() {
        HARNESS(h);
        ENTER(h, S::SynReceived, Passive);
        RETRANSMIT_TIMES(h, h.params.synackRetries);
        FIRE(h, K::Retransmission);
        EXPECT_ROW(h, "SR-10p");
        EXPECT_SENT(h.out); // Linux drops the request silently, no RST
        EXPECT_TIMERS(h, "fired retransmission");
        QVERIFY(h.out.released);
        QCOMPARE(h.now, at(63s)); // SYN,ACKs at 0, 1, 3, 7, 15, 31 s; dropped at 63 s (linux-defaults §2.2)
        QVERIFY(!hasNotice(h.out, Notice::Kind::Error)); // no user to inform: the listener keeps listening
        QVERIFY(hasNotice(h.out, Notice::Kind::Info, "half-open connection dropped after 5 SYN,ACK"));
    }

    void synReceived_active_synAckRetriesExhausted_closes_data() { addRows(); }
    void synReceived_active_synAckRetriesExhausted_closes() {
        HARNESS(h);
        ENTER(h, S::SynReceived, Active);
        RETRANSMIT_TIMES(h, h.params.synackRetries);
        FIRE(h, K::Retransmission);
        EXPECT_ROW(h, "SR-10a");
        EXPECT_SENT(h.out);
        EXPECT_TIMERS(h, "fired retransmission");
        QVERIFY(h.out.released);
        QVERIFY(hasNotice(h.out, Notice::Kind::Error, "SYN,ACK retransmissions"));
    }

    void synReceived_passive_inWindowSyn_returnsToListen_data() { addRows(); }
    void synReceived_passive_inWindowSyn_returnsToListen() {
        HARNESS(h);
        ENTER(h, S::SynReceived, Passive);
        h.arrive(h.syn().seq(h.irs + 100)); // a SYN with another sequence number, inside the window
        EXPECT_ROW(h, "SR-11");
        if (h.params.profile == Profile::Linux) // tcp_check_req() → embryonic_reset: <SEQ=0><ACK=SEG.SEQ+1>
            EXPECT_SENT(h.out, {.flags = RST | ACK, .seq = SeqNum(0), .ack = h.irs + 101, .wnd = 0});
        else // RFC 9293 §3.10.7.4 fourth: "return this connection to the LISTEN state and return"
            EXPECT_SENT(h.out);
        EXPECT_TIMERS(h, "cancelled retransmission");
        QVERIFY(h.out.released);
    }

    void synReceived_active_synAckOfOurSyn_sendsAckAndEntersEstablished_data() { addRows(); }
    void synReceived_active_synAckOfOurSyn_sendsAckAndEntersEstablished() {
        HARNESS(h);
        ENTER(h, S::SynReceived, Active);
        h.advance(20ms);
        h.arrive(h.synAck()); // the peer's SYN,ACK that acknowledges our SYN (RFC 9293 Figure 7)
        EXPECT_ROW(h, "SR-13");
        EXPECT_SENT(h.out, {.flags = ACK, .seq = h.iss + 1, .ack = h.irs + 1});
        EXPECT_TIMERS(h, "cancelled retransmission");
        QCOMPARE(h.ep.sndUna(), h.iss + 1);
        QCOMPARE(h.ep.rcvNxt(), h.irs + 1);
    }

    void synReceived_close_sendsFinAndEntersFinWait1_data() { addRows(); }
    void synReceived_close_sendsFinAndEntersFinWait1() {
        HARNESS(h);
        ENTER(h, S::SynReceived, Passive);
        h.close();
        EXPECT_ROW(h, "SR-14");
        // Nothing queued: <SEQ=ISS+1><ACK=RCV.NXT><CTL=FIN,ACK> at once.
        EXPECT_SENT(h.out, {.flags = FIN | ACK, .seq = h.iss + 1, .ack = h.irs + 1});
        EXPECT_TIMERS(h); // the SYN,ACK's retransmission timer keeps running
        EXPECT_DEADLINE(h, K::Retransmission, at(1s));
        QCOMPARE(h.ep.sndNxt(), h.iss + 2);
    }

    void synReceived_abort_sendsRstAndCloses_data() { addRows(); }
    void synReceived_abort_sendsRstAndCloses() {
        HARNESS(h);
        ENTER(h, S::SynReceived, Passive);
        h.abort();
        EXPECT_ROW(h, "SR-15");
        EXPECT_SENT(h.out, abortRst(h, h.iss + 1));
        EXPECT_TIMERS(h, "cancelled retransmission");
        QVERIFY(h.out.released);
    }

    // ---- ESTABLISHED ----
    void established_close_sendsFinAndEntersFinWait1_data() { addRows(); }
    void established_close_sendsFinAndEntersFinWait1() {
        HARNESS(h);
        ENTER(h, S::Established);
        h.close();
        EXPECT_ROW(h, "ES-2");
        EXPECT_SENT(h.out, {.flags = FIN | ACK, .seq = h.iss + 1, .ack = h.irs + 1});
        EXPECT_TIMERS(h, "armed retransmission +" + rtoText(profile));
        QCOMPARE(h.ep.sndNxt(), h.iss + 2);
    }

    void established_abort_sendsRstAndCloses_data() { addRows(); }
    void established_abort_sendsRstAndCloses() {
        HARNESS(h);
        ENTER(h, S::Established);
        h.abort();
        EXPECT_ROW(h, "ES-3");
        EXPECT_SENT(h.out, abortRst(h, h.iss + 1));
        EXPECT_TIMERS(h);
        QVERIFY(h.out.released);
    }

    void established_fin_sendsAckAndEntersCloseWait_data() { addRows(); }
    void established_fin_sendsAckAndEntersCloseWait() {
        HARNESS(h);
        ENTER(h, S::Established);
        h.arrive(h.fin());
        EXPECT_ROW(h, "ES-10");
        EXPECT_SENT(h.out, {.flags = ACK, .seq = h.iss + 1, .ack = h.irs + 2}); // immediate, also in Linux
        EXPECT_TIMERS(h);
        QVERIFY(hasNotice(h.out, Notice::Kind::RemoteClosed));
        QCOMPARE(h.ep.rcvNxt(), h.irs + 2);
    }

    void established_rstAtRcvNxt_closesReset_data() { addRows(); }
    void established_rstAtRcvNxt_closesReset() {
        HARNESS(h);
        ENTER(h, S::Established);
        h.arrive(h.rst());
        EXPECT_ROW(h, "ES-12");
        EXPECT_SENT(h.out);
        EXPECT_TIMERS(h);
        QVERIFY(h.out.released);
        QCOMPARE(noticeText(h.out, Notice::Kind::Error), QStringLiteral("connection reset by peer"));
    }

    void established_retransmissionLimit_closesTimedOut_data() { addRows(); }
    void established_retransmissionLimit_closesTimedOut() {
        HARNESS(h);
        ENTER(h, S::Established);
        h.send("hello");
        RETRANSMIT_TIMES(h, h.params.retries2);
        FIRE(h, K::Retransmission);
        EXPECT_ROW(h, "ES-18");
        EXPECT_SENT(h.out);
        EXPECT_TIMERS(h, "fired retransmission");
        QVERIFY(h.out.released);
        QCOMPARE(noticeText(h.out, Notice::Kind::Error),
                 QStringLiteral("connection timed out after %1 retransmissions").arg(h.params.retries2));
    }

    void established_keepaliveProbesUnanswered_closes_data() { addRows(); }
    void established_keepaliveProbesUnanswered_closes() {
        HARNESS(h, [](TcpParams& p) { p.keepalive = true; });
        ENTER(h, S::Established);
        const Instant established = h.now;
        EXPECT_DEADLINE(h, K::Keepalive, established + 2h);
        for (int i = 0; i < 9; ++i) {
            FIRE(h, K::Keepalive);
            // <SEQ=SND.NXT−1><ACK=RCV.NXT><CTL=ACK>, no data (RFC 9293 §3.8.4)
            EXPECT_SENT(h.out, {.flags = ACK, .seq = h.iss, .ack = h.irs + 1});
            EXPECT_TIMERS(h, "fired keepalive", "armed keepalive +75000ms");
        }
        FIRE(h, K::Keepalive);
        EXPECT_ROW(h, "ES-21");
        EXPECT_SENT(h.out);
        EXPECT_TIMERS(h, "fired keepalive");
        QVERIFY(h.out.released);
        QCOMPARE(msOf(h.now - established), std::int64_t{7875000}); // 7200 + 9 × 75 s (linux-defaults §2.6)
        QVERIFY(hasNotice(h.out, Notice::Kind::Error, "9 keep-alive probes unanswered"));
    }

    // ---- FIN-WAIT-1 ----
    void finWait1_ackOfFin_entersFinWait2_data() { addRows(); }
    void finWait1_ackOfFin_entersFinWait2() {
        HARNESS(h);
        ENTER(h, S::FinWait1);
        h.advance(20ms);
        h.arrive(h.ack().ack(h.iss + 2));
        EXPECT_ROW(h, "F1-1");
        EXPECT_SENT(h.out);
        if (h.params.profile == Profile::Linux) // orphaned after close(): tcp_fin_timeout = 60 s
            EXPECT_TIMERS(h, "cancelled retransmission", "armed fin-wait-2 +60000ms");
        else
            EXPECT_TIMERS(h, "cancelled retransmission");
    }

    void finWait1_finNotAckingOurs_sendsAckAndEntersClosing_data() { addRows(); }
    void finWait1_finNotAckingOurs_sendsAckAndEntersClosing() {
        HARNESS(h);
        ENTER(h, S::FinWait1);
        h.advance(20ms);
        h.arrive(h.fin()); // ACK = ISS+1: the peer has not seen our FIN
        EXPECT_ROW(h, "F1-3");
        EXPECT_SENT(h.out, {.flags = ACK, .seq = h.iss + 2, .ack = h.irs + 2}); // a pure ACK (RFC, Linux)
        EXPECT_TIMERS(h); // our FIN is still unacknowledged: its timer keeps running
        EXPECT_DEADLINE(h, K::Retransmission, at(20ms) + rtoAfterHandshake(profile));
    }

    void finWait1_orphanRetriesExhausted_closes_data() { addRows(); }
    void finWait1_orphanRetriesExhausted_closes() {
        HARNESS(h);
        ENTER(h, S::FinWait1);
        RETRANSMIT_TIMES(h, h.params.orphanRetries);
        QCOMPARE(h.out.segments[0].seg.flags, std::uint8_t(FIN | ACK));
        FIRE(h, K::Retransmission);
        EXPECT_ROW(h, "F1-8");
        EXPECT_SENT(h.out);
        EXPECT_TIMERS(h, "fired retransmission");
        QVERIFY(h.out.released);
        QCOMPARE(noticeText(h.out, Notice::Kind::Error),
                 QStringLiteral("connection timed out after %1 retransmissions").arg(h.params.orphanRetries));
    }

    void finWait1_rstAtRcvNxt_closesReset_data() { addRows(); }
    void finWait1_rstAtRcvNxt_closesReset() {
        HARNESS(h);
        ENTER(h, S::FinWait1);
        h.arrive(h.rst());
        EXPECT_ROW(h, "F1-9");
        EXPECT_SENT(h.out);
        EXPECT_TIMERS(h, "cancelled retransmission");
        QVERIFY(h.out.released);
        QCOMPARE(noticeText(h.out, Notice::Kind::Error), QStringLiteral("connection reset by peer"));
    }

    void finWait1_abort_sendsRstAndCloses_data() { addRows(); }
    void finWait1_abort_sendsRstAndCloses() {
        HARNESS(h);
        ENTER(h, S::FinWait1);
        h.abort();
        EXPECT_ROW(h, "F1-13");
        EXPECT_SENT(h.out, abortRst(h, h.iss + 2));
        EXPECT_TIMERS(h, "cancelled retransmission");
        QVERIFY(h.out.released);
    }

    // ---- FIN-WAIT-2 ----
    void finWait2_fin_sendsAckAndEntersTimeWait_data() { addRows(); }
    void finWait2_fin_sendsAckAndEntersTimeWait() {
        HARNESS(h);
        ENTER(h, S::FinWait2);
        h.advance(20ms);
        h.arrive(h.fin());
        EXPECT_ROW(h, "F2-1");
        EXPECT_SENT(h.out, {.flags = ACK, .seq = h.iss + 2, .ack = h.irs + 2});
        if (h.params.profile == Profile::Linux)
            EXPECT_TIMERS(h, "cancelled fin-wait-2", "armed time-wait +60000ms"); // TCP_TIMEWAIT_LEN
        else
            EXPECT_TIMERS(h, "armed time-wait +240000ms"); // 2·MSL, MSL = 2 min
    }

    void finWait2_orphanTimeout_closesSilently_data() { addLinuxRows(); }
    void finWait2_orphanTimeout_closesSilently() {
        HARNESS(h);
        ENTER(h, S::FinWait2); // after close(): orphaned
        EXPECT_DEADLINE(h, K::FinWait2, h.now + 60s);
        FIRE(h, K::FinWait2);
        EXPECT_ROW(h, "F2-3");
        EXPECT_SENT(h.out);
        EXPECT_TIMERS(h, "fired fin-wait-2");
        QVERIFY(h.out.released);
    }

    void finWait2_dataAfterClose_sendsRstAndCloses_data() { addLinuxRows(); }
    void finWait2_dataAfterClose_sendsRstAndCloses() {
        HARNESS(h);
        ENTER(h, S::FinWait2); // after close(): nobody will read
        h.advance(20ms);
        h.arrive(h.data("late"));
        EXPECT_ROW(h, "F2-4");
        EXPECT_SENT(h.out, {.flags = RST | ACK, .seq = h.iss + 2, .ack = h.irs + 1, .wnd = 0});
        EXPECT_TIMERS(h, "cancelled fin-wait-2");
        QVERIFY(h.out.released);
        QVERIFY(delivered(h.out).empty());
        QVERIFY(hasNotice(h.out, Notice::Kind::Error, "data arrived after close()"));
    }

    void finWait2_rstAtRcvNxt_closesReset_data() { addRows(); }
    void finWait2_rstAtRcvNxt_closesReset() {
        HARNESS(h);
        ENTER(h, S::FinWait2, Shutdown);
        h.arrive(h.rst());
        EXPECT_ROW(h, "F2-5");
        EXPECT_SENT(h.out);
        EXPECT_TIMERS(h);
        QVERIFY(h.out.released);
        QCOMPARE(noticeText(h.out, Notice::Kind::Error), QStringLiteral("connection reset by peer"));
    }

    void finWait2_abort_sendsRstAndCloses_data() { addRows(); }
    void finWait2_abort_sendsRstAndCloses() {
        HARNESS(h);
        ENTER(h, S::FinWait2, Shutdown);
        h.abort();
        EXPECT_ROW(h, "F2-7");
        EXPECT_SENT(h.out, abortRst(h, h.iss + 2));
        EXPECT_TIMERS(h);
        QVERIFY(h.out.released);
    }

    // ---- CLOSE-WAIT ----
    void closeWait_close_sendsFinAndEntersLastAck_data() { addRows(); }
    void closeWait_close_sendsFinAndEntersLastAck() {
        HARNESS(h);
        ENTER(h, S::CloseWait);
        h.close();
        EXPECT_ROW(h, "CW-2");
        EXPECT_SENT(h.out, {.flags = FIN | ACK, .seq = h.iss + 1, .ack = h.irs + 2});
        EXPECT_TIMERS(h, "armed retransmission +" + rtoText(profile));
        QCOMPARE(h.ep.sndNxt(), h.iss + 2);
    }

    void closeWait_rstAtRcvNxt_closesReset_data() { addRows(); }
    void closeWait_rstAtRcvNxt_closesReset() {
        HARNESS(h);
        ENTER(h, S::CloseWait);
        h.arrive(h.rst()); // SEG.SEQ = RCV.NXT = IRS+2 (after the FIN)
        EXPECT_ROW(h, "CW-7");
        EXPECT_SENT(h.out);
        EXPECT_TIMERS(h);
        QVERIFY(h.out.released);
        QCOMPARE(noticeText(h.out, Notice::Kind::Error), QStringLiteral("connection reset by peer"));
    }

    void closeWait_abort_sendsRstAndCloses_data() { addRows(); }
    void closeWait_abort_sendsRstAndCloses() {
        HARNESS(h);
        ENTER(h, S::CloseWait);
        h.abort();
        EXPECT_ROW(h, "CW-8");
        EXPECT_SENT(h.out, abortRst(h, h.iss + 1));
        EXPECT_TIMERS(h);
        QVERIFY(h.out.released);
    }

    void closeWait_retransmissionLimit_closesTimedOut_data() { addRows(); }
    void closeWait_retransmissionLimit_closesTimedOut() {
        HARNESS(h);
        ENTER(h, S::CloseWait);
        h.send("still sending"); // CW-1: the half-closed side may still send
        QCOMPARE(h.out.segments.size(), std::size_t(1));
        RETRANSMIT_TIMES(h, h.params.retries2);
        FIRE(h, K::Retransmission);
        EXPECT_ROW(h, "CW-10");
        EXPECT_SENT(h.out);
        EXPECT_TIMERS(h, "fired retransmission");
        QVERIFY(h.out.released);
        QCOMPARE(noticeText(h.out, Notice::Kind::Error),
                 QStringLiteral("connection timed out after %1 retransmissions").arg(h.params.retries2));
    }

    // ---- CLOSING ----
    void closing_ackOfFin_entersTimeWait_data() { addRows(); }
    void closing_ackOfFin_entersTimeWait() {
        HARNESS(h);
        ENTER(h, S::Closing);
        h.advance(20ms);
        h.arrive(h.ack().ack(h.iss + 2));
        EXPECT_ROW(h, "CG-1");
        EXPECT_SENT(h.out);
        if (h.params.profile == Profile::Linux)
            EXPECT_TIMERS(h, "cancelled retransmission", "armed time-wait +60000ms");
        else
            EXPECT_TIMERS(h, "cancelled retransmission", "armed time-wait +240000ms");
    }

    void closing_orphanRetriesExhausted_closes_data() { addRows(); }
    void closing_orphanRetriesExhausted_closes() {
        HARNESS(h);
        ENTER(h, S::Closing);
        RETRANSMIT_TIMES(h, h.params.orphanRetries);
        EXPECT_SENT(h.out, {.flags = FIN | ACK, .seq = h.iss + 1, .ack = h.irs + 2, .rtx = true});
        FIRE(h, K::Retransmission);
        EXPECT_ROW(h, "CG-4");
        EXPECT_SENT(h.out);
        EXPECT_TIMERS(h, "fired retransmission");
        QVERIFY(h.out.released);
        QVERIFY(hasNotice(h.out, Notice::Kind::Error, "connection timed out"));
    }

    void closing_rstAtRcvNxt_closes_data() { addRows(); }
    void closing_rstAtRcvNxt_closes() {
        HARNESS(h);
        ENTER(h, S::Closing);
        h.arrive(h.rst());
        EXPECT_ROW(h, "CG-5");
        EXPECT_SENT(h.out);
        EXPECT_TIMERS(h, "cancelled retransmission");
        QVERIFY(h.out.released);
    }

    void closing_abort_closesWithoutRst_data() { addRows(); }
    void closing_abort_closesWithoutRst() {
        HARNESS(h);
        ENTER(h, S::Closing);
        h.abort();
        EXPECT_ROW(h, "CG-7");
        EXPECT_SENT(h.out); // "Respond with 'ok' and delete the TCB"
        EXPECT_TIMERS(h, "cancelled retransmission");
        QVERIFY(h.out.released);
    }

    // ---- LAST-ACK ----
    void lastAck_ackOfFin_closes_data() { addRows(); }
    void lastAck_ackOfFin_closes() {
        HARNESS(h);
        ENTER(h, S::LastAck);
        h.advance(20ms);
        h.arrive(h.ack().ack(h.iss + 2));
        EXPECT_ROW(h, "LA-1");
        EXPECT_SENT(h.out);
        EXPECT_TIMERS(h, "cancelled retransmission");
        QVERIFY(h.out.released);
    }

    void lastAck_orphanRetriesExhausted_closes_data() { addRows(); }
    void lastAck_orphanRetriesExhausted_closes() {
        HARNESS(h);
        ENTER(h, S::LastAck);
        RETRANSMIT_TIMES(h, h.params.orphanRetries);
        // LA-2: <SEQ=FINseq><ACK=RCV.NXT><CTL=FIN,ACK> again
        EXPECT_SENT(h.out, {.flags = FIN | ACK, .seq = h.iss + 1, .ack = h.irs + 2, .rtx = true});
        FIRE(h, K::Retransmission);
        EXPECT_ROW(h, "LA-3");
        EXPECT_SENT(h.out);
        EXPECT_TIMERS(h, "fired retransmission");
        QVERIFY(h.out.released);
    }

    void lastAck_rstAtRcvNxt_closes_data() { addRows(); }
    void lastAck_rstAtRcvNxt_closes() {
        HARNESS(h);
        ENTER(h, S::LastAck);
        h.arrive(h.rst());
        EXPECT_ROW(h, "LA-6");
        EXPECT_SENT(h.out);
        EXPECT_TIMERS(h, "cancelled retransmission");
        QVERIFY(h.out.released);
    }

    void lastAck_abort_closesWithoutRst_data() { addRows(); }
    void lastAck_abort_closesWithoutRst() {
        HARNESS(h);
        ENTER(h, S::LastAck);
        h.abort();
        EXPECT_ROW(h, "LA-7");
        EXPECT_SENT(h.out);
        EXPECT_TIMERS(h, "cancelled retransmission");
        QVERIFY(h.out.released);
    }

    // ---- TIME-WAIT ----
    void timeWait_2mslTimeout_closes_data() { addRows(); }
    void timeWait_2mslTimeout_closes() {
        HARNESS(h);
        ENTER(h, S::TimeWait);
        const Instant entered = h.now;
        FIRE(h, K::TimeWait);
        EXPECT_ROW(h, "TW-1");
        EXPECT_SENT(h.out);
        EXPECT_TIMERS(h, "fired time-wait");
        QVERIFY(h.out.released);
        QCOMPARE(msOf(h.now - entered), std::int64_t{h.params.profile == Profile::Linux ? 60000 : 240000});
    }

    void timeWait_rstAtRcvNxt_closes_data() { addRows(); }
    void timeWait_rstAtRcvNxt_closes() {
        HARNESS(h); // tcp_rfc1337 = 0 in both profiles
        ENTER(h, S::TimeWait);
        h.arrive(h.rst());
        EXPECT_ROW(h, "TW-5");
        EXPECT_SENT(h.out);
        EXPECT_TIMERS(h, "cancelled time-wait");
        QVERIFY(h.out.released);
    }

    void timeWait_abort_closesWithoutRst_data() { addRows(); }
    void timeWait_abort_closesWithoutRst() {
        HARNESS(h);
        ENTER(h, S::TimeWait);
        h.abort();
        EXPECT_ROW(h, "TW-8");
        EXPECT_SENT(h.out);
        EXPECT_TIMERS(h, "cancelled time-wait");
        QVERIFY(h.out.released);
    }
};

QTEST_GUILESS_MAIN(TestEndpointTransitions)
#include "tst_endpoint_transitions.moc"
