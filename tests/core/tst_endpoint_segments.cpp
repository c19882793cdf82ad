// Segment arrival, RFC 9293 §3.10.7: RST handling in every state (RFC 5961 §3), the acceptability test
// (Table 6) and its answers, SYN in the synchronized states (RFC 5961 §4), the SYN-SENT and LISTEN checks,
// and what a CLOSED port answers. Rows of tcp-transitions.md are cited by id.
#include <QtTest>

#include "endpoint_fixtures.h"

using namespace tcplab;
using namespace tcplab::test;
using namespace std::chrono_literals;
using S = TcpState;
using K = TimerKind;

namespace {

// A state reached by the fixtures, with what SND.NXT is there (as an offset from ISS).
struct StateCase {
    const char* name;
    TcpState state;
    unsigned via;
    std::uint32_t sndNxtFromIss;
};
constexpr StateCase kEstablished{"ESTABLISHED", S::Established, Active, 1};
constexpr StateCase kFinWait1{"FIN-WAIT-1", S::FinWait1, Active, 2};
constexpr StateCase kFinWait2{"FIN-WAIT-2", S::FinWait2, Shutdown, 2};
constexpr StateCase kCloseWait{"CLOSE-WAIT", S::CloseWait, Active, 1};
constexpr StateCase kClosing{"CLOSING", S::Closing, Active, 2};
constexpr StateCase kLastAck{"LAST-ACK", S::LastAck, Active, 2};
constexpr StateCase kTimeWait{"TIME-WAIT", S::TimeWait, Active, 2};
constexpr StateCase kSynReceivedPassive{"SYN-RECEIVED-passive", S::SynReceived, Passive, 1};
constexpr StateCase kSynReceivedActive{"SYN-RECEIVED-active", S::SynReceived, Active, 1};
constexpr StateCase kSynchronized[] = {kEstablished, kFinWait1, kFinWait2, kCloseWait,
                                       kClosing,     kLastAck,  kTimeWait};

constexpr qint64 kWnd = 65535; // RCV.WND in the fixtures (the default receive buffer, nothing unread)

void addStateColumns() {
    addColumns();
    QTest::addColumn<TcpState>("state");
    QTest::addColumn<unsigned>("via");
    QTest::addColumn<quint32>("sndNxtFromIss");
    QTest::addColumn<qint64>("offset"); // SEG.SEQ − RCV.NXT
}

QTestData& addStateRow(const StateCase& c, Profile p, const IsnRow& isn, const char* pos, qint64 offset) {
    return QTest::addRow("%s/%s/%s/%s", c.name, std::string(profileName(p)).c_str(), isn.name, pos)
           << p << quint32(isn.iss) << quint32(isn.irs) << c.state << c.via << quint32(c.sndNxtFromIss)
           << offset;
}

} // namespace

// Declares h in the row's state, and rcvNxt, sndNxt (the endpoint's expected RCV.NXT and SND.NXT) and
// segSeq = RCV.NXT + offset.
#define STATE_HARNESS(h, ...)                                                                                \
    HARNESS(h __VA_OPT__(, ) __VA_ARGS__);                                                                   \
    QFETCH(TcpState, state);                                                                                 \
    QFETCH(unsigned, via);                                                                                   \
    QFETCH(quint32, sndNxtFromIss);                                                                          \
    QFETCH(qint64, offset);                                                                                  \
    ENTER(h, state, via);                                                                                    \
    const SeqNum rcvNxt = h.peerNxt;                                                                         \
    const SeqNum sndNxt = h.iss + sndNxtFromIss;                                                             \
    const SeqNum segSeq = rcvNxt + static_cast<std::uint32_t>(offset)

// Nothing happened: no segment, no transition, no timer change, same state.
#define EXPECT_NOTHING(h, st)                                                                                \
    do {                                                                                                     \
        EXPECT_SENT((h).out);                                                                                \
        EXPECT_TRANSITIONS(h, "");                                                                           \
        EXPECT_TIMERS(h);                                                                                    \
        QCOMPARE((h).ep.state(), (st));                                                                      \
        QVERIFY(!(h).out.released);                                                                          \
    } while (false)

class TestEndpointSegments : public QObject {
    Q_OBJECT
private slots:
    // =====================================================================================================
    // RST (RFC 9293 §3.10.7.4 second, RFC 5961 §3.2; tcp-transitions.md §1.2 rule 8)
    // =====================================================================================================

    // SEG.SEQ = RCV.NXT: the RST is believed, in every state that has a window.
    void rst_atRcvNxt_resetsConnection_data() {
        addStateColumns();
        QTest::addColumn<QString>("rule");
        const std::pair<StateCase, const char*> cases[] = {
            {kSynReceivedPassive, "SR-7p"},
            {kSynReceivedActive, "SR-7a"},
            {kEstablished, "ES-12"},
            {kFinWait1, "F1-9"},
            {kFinWait2, "F2-5"},
            {kCloseWait, "CW-7"},
            {kClosing, "CG-5"},
            {kLastAck, "LA-6"},
            {kTimeWait, "TW-5"},
        };
        for (const auto& [c, rule] : cases)
            for (Profile p : {Profile::Rfc9293, Profile::Linux})
                for (const auto& isn : kIsnRows)
                    addStateRow(c, p, isn, "exact", 0) << QString::fromLatin1(rule);
    }
    void rst_atRcvNxt_resetsConnection() {
        STATE_HARNESS(h);
        QFETCH(QString, rule);
        h.arrive(h.rst().seq(segSeq));
        EXPECT_SENT(h.out);
        EXPECT_TRANSITIONS(h, rule);
        QVERIFY(h.out.released);
        QCOMPARE(h.ep.state(), rule == QLatin1String("SR-7p") ? S::Listen : S::Closed);
        (void)sndNxt;
    }

    // RCV.NXT < SEG.SEQ < RCV.NXT+RCV.WND: a challenge ACK <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>, and the RST
    // is dropped (ES-13). TIME-WAIT rows are rfc9293 only: Linux drops such a RST silently in TIME-WAIT
    // (tcp_timewait_state_process()), which TCP Lab does not model.
    void rst_inWindowNotAtRcvNxt_sendsChallengeAck_data() {
        addStateColumns();
        for (const auto& c : kSynchronized)
            for (Profile p : {Profile::Rfc9293, Profile::Linux}) {
                if (c.state == S::TimeWait && p == Profile::Linux)
                    continue;
                for (const auto& isn : kIsnRows) {
                    addStateRow(c, p, isn, "rcvnxt+1", 1);
                    addStateRow(c, p, isn, "right-edge", kWnd - 1);
                }
            }
        // SYN-RECEIVED: RFC 5961 as well for the rfc9293 profile; Linux is tested separately (SR-8).
        for (const auto& isn : kIsnRows) {
            addStateRow(kSynReceivedPassive, Profile::Rfc9293, isn, "rcvnxt+1", 1);
            addStateRow(kSynReceivedPassive, Profile::Rfc9293, isn, "right-edge", kWnd - 1);
            addStateRow(kSynReceivedActive, Profile::Rfc9293, isn, "rcvnxt+1", 1);
            addStateRow(kSynReceivedActive, Profile::Linux, isn, "rcvnxt+1", 1);
        }
    }
    void rst_inWindowNotAtRcvNxt_sendsChallengeAck() {
        STATE_HARNESS(h);
        const auto timersBefore = h.ep.nextDeadline();
        h.arrive(h.rst().seq(segSeq));
        EXPECT_SENT(h.out, {.flags = ACK, .seq = sndNxt, .ack = rcvNxt});
        EXPECT_TRANSITIONS(h, "");
        EXPECT_TIMERS(h);
        QCOMPARE(h.ep.state(), state);
        QVERIFY(!h.out.released);
        QCOMPARE(h.ep.nextDeadline(), timersBefore);
        QVERIFY(hasNotice(h.out, Notice::Kind::Unacceptable, "challenge ACK"));
    }

    // Outside the window (SEG.SEQ < RCV.NXT or SEG.SEQ >= RCV.NXT+RCV.WND, RFC 5961 erratum 4845): dropped
    // without an answer (ES-14), and never answered with a RST.
    void rst_outsideWindow_isDroppedSilently_data() {
        addStateColumns();
        const StateCase all[] = {kSynReceivedPassive, kSynReceivedActive, kEstablished, kFinWait1, kFinWait2,
                                 kCloseWait,          kClosing,           kLastAck,     kTimeWait};
        for (const auto& c : all)
            for (Profile p : {Profile::Rfc9293, Profile::Linux})
                for (const auto& isn : kIsnRows) {
                    addStateRow(c, p, isn, "rcvnxt-1", -1);
                    addStateRow(c, p, isn, "rcvnxt+wnd", kWnd);
                    addStateRow(c, p, isn, "far", 0x40000000);
                }
    }
    void rst_outsideWindow_isDroppedSilently() {
        STATE_HARNESS(h);
        h.arrive(h.rst().seq(segSeq));
        EXPECT_NOTHING(h, state);
        QVERIFY(hasNotice(h.out, Notice::Kind::Unacceptable, "outside the window"));
        (void)sndNxt;
    }

    // A RST,ACK is handled like a RST: the ACK field does not make an in-window RST valid.
    void established_rstAckInWindowNotExact_sendsChallengeAck_data() { addRows(); }
    void established_rstAckInWindowNotExact_sendsChallengeAck() {
        HARNESS(h);
        ENTER(h, S::Established);
        h.arrive(h.rst().seq(h.irs + 2).ack(h.iss + 1));
        EXPECT_SENT(h.out, {.flags = ACK, .seq = h.iss + 1, .ack = h.irs + 1});
        QCOMPARE(h.ep.state(), S::Established);
    }

    // SR-8: in-window RST not at RCV.NXT in passive SYN-RECEIVED. RFC 5961 (and FreeBSD): challenge ACK
    // <SEQ=ISS+1><ACK=RCV.NXT>. A Linux request socket accepts it and the request is dropped.
    void synReceived_passive_rstInWindow_rfcChallengesLinuxReturnsToListen_data() { addRows(); }
    void synReceived_passive_rstInWindow_rfcChallengesLinuxReturnsToListen() {
        HARNESS(h);
        ENTER(h, S::SynReceived, Passive);
        h.arrive(h.rst().seq(h.irs + 1000));
        if (h.params.profile == Profile::Linux) {
            EXPECT_SENT(h.out);
            EXPECT_TRANSITIONS(h, "SR-7p");
            QCOMPARE(h.ep.state(), S::Listen);
            QVERIFY(h.out.released);
        } else {
            EXPECT_SENT(h.out, {.flags = ACK, .seq = h.iss + 1, .ack = h.irs + 1});
            EXPECT_TRANSITIONS(h, "");
            QCOMPARE(h.ep.state(), S::SynReceived);
            EXPECT_DEADLINE(h, K::Retransmission, at(1s)); // the SYN,ACK timer keeps running
        }
    }

    // Active SYN-RECEIVED (simultaneous open) is a full socket in Linux, not a request socket: RFC 5961
    // applies there in both profiles (tcp_validate_incoming()).
    void synReceived_active_rstInWindow_sendsChallengeAckInBothProfiles_data() { addRows(); }
    void synReceived_active_rstInWindow_sendsChallengeAckInBothProfiles() {
        HARNESS(h);
        ENTER(h, S::SynReceived, Active);
        h.arrive(h.rst().seq(h.irs + 1000));
        EXPECT_SENT(h.out, {.flags = ACK, .seq = h.iss + 1, .ack = h.irs + 1});
        EXPECT_TRANSITIONS(h, "");
        QCOMPARE(h.ep.state(), S::SynReceived);
    }

    // TW-5 with tcp_rfc1337 = 1: the RST is ignored (no TIME-WAIT assassination); the 2·MSL timer runs on.
    void timeWait_rstAtRcvNxt_rfc1337_isIgnored_data() { addRows(); }
    void timeWait_rstAtRcvNxt_rfc1337_isIgnored() {
        HARNESS(h, [](TcpParams& p) { p.rfc1337 = true; });
        ENTER(h, S::TimeWait);
        const auto deadline = h.deadline(K::TimeWait);
        QVERIFY(deadline.has_value());
        h.advance(1s);
        h.arrive(h.rst());
        EXPECT_NOTHING(h, S::TimeWait);
        QCOMPARE(h.deadline(K::TimeWait), deadline);
        QVERIFY(hasNotice(h.out, Notice::Kind::Unacceptable, "RFC 1337"));
    }

    // SS-5: in SYN-SENT a RST counts only if it acknowledges our SYN. Without ACK: dropped.
    void synSent_rstWithoutAck_isDropped_data() { addRows(); }
    void synSent_rstWithoutAck_isDropped() {
        HARNESS(h);
        ENTER(h, S::SynSent);
        h.arrive(h.rst().seq(h.irs));
        EXPECT_NOTHING(h, S::SynSent);
        EXPECT_DEADLINE(h, K::Retransmission, at(1s)); // the SYN keeps being retransmitted
    }

    // SS-5: a RST whose ACK is unacceptable (SEG.ACK =< ISS or > SND.NXT) is dropped, never answered.
    void synSent_rstWithUnacceptableAck_isDropped_data() {
        addColumns();
        QTest::addColumn<qint64>("ackFromIss");
        for (Profile p : {Profile::Rfc9293, Profile::Linux})
            for (const auto& isn : kIsnRows) {
                const auto name = std::string(profileName(p)) + "/" + isn.name;
                QTest::addRow("%s/ack=iss", name.c_str())
                    << p << quint32(isn.iss) << quint32(isn.irs) << qint64(0);
                QTest::addRow("%s/ack=iss-1", name.c_str())
                    << p << quint32(isn.iss) << quint32(isn.irs) << qint64(-1);
                QTest::addRow("%s/ack=iss+2", name.c_str())
                    << p << quint32(isn.iss) << quint32(isn.irs) << qint64(2);
            }
    }
    void synSent_rstWithUnacceptableAck_isDropped() {
        HARNESS(h);
        QFETCH(qint64, ackFromIss);
        ENTER(h, S::SynSent);
        h.arrive(h.rst().seq(SeqNum(0)).ack(h.iss + static_cast<std::uint32_t>(ackFromIss)));
        EXPECT_NOTHING(h, S::SynSent);
    }

    // SS-4: an ACK that does not acknowledge our SYN, without RST, is answered <SEQ=SEG.ACK><CTL=RST>.
    void synSent_unacceptableAck_sendsRst_data() {
        addColumns();
        QTest::addColumn<qint64>("ackFromIss");
        for (Profile p : {Profile::Rfc9293, Profile::Linux})
            for (const auto& isn : kIsnRows) {
                const auto name = std::string(profileName(p)) + "/" + isn.name;
                QTest::addRow("%s/ack=iss", name.c_str())
                    << p << quint32(isn.iss) << quint32(isn.irs) << qint64(0);
                QTest::addRow("%s/ack=iss+2", name.c_str())
                    << p << quint32(isn.iss) << quint32(isn.irs) << qint64(2);
            }
    }
    void synSent_unacceptableAck_sendsRst() {
        HARNESS(h);
        QFETCH(qint64, ackFromIss);
        ENTER(h, S::SynSent);
        const SeqNum segAck = h.iss + static_cast<std::uint32_t>(ackFromIss);
        h.arrive(h.synAck().ack(segAck));
        EXPECT_SENT(h.out, {.flags = RST, .seq = segAck});
        EXPECT_TRANSITIONS(h, "");
        QCOMPARE(h.ep.state(), S::SynSent);
        EXPECT_DEADLINE(h, K::Retransmission, at(1s));
    }

    // SS-8: an acceptable ACK without SYN or RST is dropped in SYN-SENT.
    void synSent_acceptableAckWithoutSyn_isDropped_data() { addRows(); }
    void synSent_acceptableAckWithoutSyn_isDropped() {
        HARNESS(h);
        ENTER(h, S::SynSent);
        h.arrive(h.ack().seq(h.irs + 1).ack(h.iss + 1));
        EXPECT_NOTHING(h, S::SynSent);
        h.arrive(h.fin().seq(h.irs + 1).ack(h.iss + 1)); // SS-9: a FIN is not processed either
        EXPECT_NOTHING(h, S::SynSent);
    }

    // LI-1: "An incoming RST should be ignored."
    void listen_rst_isIgnored_data() { addRows(); }
    void listen_rst_isIgnored() {
        HARNESS(h);
        ENTER(h, S::Listen);
        h.arrive(h.rst().seq(h.irs));
        EXPECT_NOTHING(h, S::Listen);
        h.arrive(h.rst().seq(h.irs).ack(h.iss)); // RST,ACK too: never answered
        EXPECT_NOTHING(h, S::Listen);
    }

    // LI-2: any ACK-bearing segment in LISTEN gets <SEQ=SEG.ACK><CTL=RST>.
    void listen_ack_answeredWithRst_data() { addRows(); }
    void listen_ack_answeredWithRst() {
        HARNESS(h);
        ENTER(h, S::Listen);
        h.arrive(h.ack().seq(h.irs + 1).ack(h.iss + 33));
        EXPECT_SENT(h.out, {.flags = RST, .seq = h.iss + 33});
        EXPECT_TRANSITIONS(h, "");
        h.arrive(h.synAck()); // a SYN,ACK as well: the ACK check comes before the SYN check
        EXPECT_SENT(h.out, {.flags = RST, .seq = h.iss + 1});
        QCOMPARE(h.ep.state(), S::Listen);
    }

    // LI-9: a segment with neither SYN, ACK nor RST (a bare FIN, bare data) is dropped.
    void listen_segmentWithoutSynAckOrRst_isDropped_data() { addRows(); }
    void listen_segmentWithoutSynAckOrRst_isDropped() {
        HARNESS(h);
        ENTER(h, S::Listen);
        h.arrive(h.fin().noAck().seq(h.irs));
        EXPECT_NOTHING(h, S::Listen);
        h.arrive(h.data("abc").noAck().seq(h.irs));
        EXPECT_NOTHING(h, S::Listen);
    }

    // LI-8: SYN+FIN in LISTEN. RFC (and FreeBSD): processed as a SYN. Linux: discarded.
    void listen_synFin_rfcAnswersSynAck_linuxDiscards_data() { addRows(); }
    void listen_synFin_rfcAnswersSynAck_linuxDiscards() {
        HARNESS(h);
        ENTER(h, S::Listen);
        h.arrive(h.syn().plus(FIN));
        if (h.params.profile == Profile::Linux) {
            EXPECT_NOTHING(h, S::Listen);
        } else {
            EXPECT_SENT(h.out, {.flags = SYN | ACK, .seq = h.iss, .ack = h.irs + 1, .mss = 1460});
            EXPECT_TRANSITIONS(h, "LI-3");
        }
    }

    // CL-4, CL-5, CL-6: a TCB in CLOSED answers as if there were none (RFC 9293 §3.10.7.1).
    void closed_segmentWithoutAck_answeredWithRstAck_data() { addRows(); }
    void closed_segmentWithoutAck_answeredWithRstAck() {
        HARNESS(h);
        h.arrive(h.syn());
        EXPECT_SENT(h.out, {.flags = RST | ACK, .seq = SeqNum(0), .ack = h.irs + 1});
        h.arrive(h.fin().noAck().seq(h.irs).data("abc")); // FreeBSD rcv-fin-closed: ack = SEQ + 3 + 1
        EXPECT_SENT(h.out, {.flags = RST | ACK, .seq = SeqNum(0), .ack = h.irs + 4});
        QCOMPARE(h.ep.state(), S::Closed);
    }
    void closed_segmentWithAck_answeredWithRst_data() { addRows(); }
    void closed_segmentWithAck_answeredWithRst() {
        HARNESS(h);
        h.arrive(h.data("abc").seq(h.irs + 17).ack(h.iss + 34));
        EXPECT_SENT(h.out, {.flags = RST, .seq = h.iss + 34});
        EXPECT_TRANSITIONS(h, "");
    }
    void closed_rst_isDiscarded_data() { addRows(); }
    void closed_rst_isDiscarded() {
        HARNESS(h);
        h.arrive(h.rst().seq(h.irs));
        EXPECT_SENT(h.out);
        h.arrive(h.rst().seq(h.irs).ack(h.iss));
        EXPECT_SENT(h.out);
        QVERIFY(!resetForClosedPort(h.rst().get()).has_value());
    }
    // LA-8: after LA-1 the connection is gone; what arrives later is answered as CLOSED does.
    void lastAck_afterFinalAck_laterSegmentAnsweredWithRst_data() { addRows(); }
    void lastAck_afterFinalAck_laterSegmentAnsweredWithRst() {
        HARNESS(h);
        ENTER(h, S::LastAck);
        h.arrive(h.ack().ack(h.iss + 2));
        QCOMPARE(h.ep.state(), S::Closed);
        h.arrive(h.ack().ack(h.iss + 2)); // Linux close-remote-fin-then-close.pkt: > R 2:2(0)
        EXPECT_SENT(h.out, {.flags = RST, .seq = h.iss + 2});
    }

    // =====================================================================================================
    // Acceptability (RFC 9293 §3.10.7.4 first, Table 6) and the answer to an unacceptable segment
    // =====================================================================================================

    // All four rows of Table 6 at their edges, with RCV.WND = 100 (a 100-byte buffer the application does
    // not read) or 0 (that buffer full). Unacceptable: <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> and nothing else.
    // Acceptable: processed (data trimmed to the window, delivered in order or queued out of order).
    void acceptability_table6_data() {
        addColumns();
        QTest::addColumn<int>("wnd");
        QTest::addColumn<int>("offset"); // SEG.SEQ − RCV.NXT
        QTest::addColumn<int>("len");    // SEG.LEN (payload only)
        QTest::addColumn<bool>("acceptable");
        QTest::addColumn<int>("inOrderBytes"); // how far RCV.NXT advances
        QTest::addColumn<int>("queued");       // out-of-order segments held
        struct Case {
            const char* name;
            int wnd, offset, len;
            bool ok;
            int inOrder, queued;
        };
        const Case cases[] = {
            // SEG.LEN = 0, RCV.WND = 0: acceptable iff SEG.SEQ = RCV.NXT
            {"len0-wnd0-at-rcvnxt", 0, 0, 0, true, 0, 0},
            {"len0-wnd0-rcvnxt+1", 0, 1, 0, false, 0, 0},
            {"len0-wnd0-rcvnxt-1", 0, -1, 0, false, 0, 0},
            // SEG.LEN = 0, RCV.WND > 0: RCV.NXT =< SEG.SEQ < RCV.NXT+RCV.WND
            {"len0-wnd100-at-rcvnxt", 100, 0, 0, true, 0, 0},
            {"len0-wnd100-last-in-window", 100, 99, 0, true, 0, 0},
            {"len0-wnd100-rcvnxt+wnd", 100, 100, 0, false, 0, 0},
            {"len0-wnd100-rcvnxt-1", 100, -1, 0, false, 0, 0},
            // SEG.LEN > 0, RCV.WND = 0: never acceptable
            {"len10-wnd0-at-rcvnxt", 0, 0, 10, false, 0, 0},
            {"len1-wnd0-at-rcvnxt", 0, 0, 1, false, 0, 0},
            {"len10-wnd0-before", 0, -10, 10, false, 0, 0},
            // SEG.LEN > 0, RCV.WND > 0: the first or the last octet in the window
            {"len10-wnd100-at-rcvnxt", 100, 0, 10, true, 10, 0},
            {"len10-wnd100-last-octet-at-rcvnxt", 100, -9, 10, true, 1, 0},
            {"len10-wnd100-all-before-rcvnxt", 100, -10, 10, false, 0, 0},
            {"len10-wnd100-first-octet-last-in-window", 100, 99, 10, true, 0, 1},
            {"len10-wnd100-straddles-right-edge", 100, 95, 10, true, 0, 1},
            {"len10-wnd100-starts-at-rcvnxt+wnd", 100, 100, 10, false, 0, 0},
            {"len100-wnd100-fills-window", 100, 0, 100, true, 100, 0},
            {"len110-wnd100-trimmed-to-window", 100, 0, 110, true, 100, 0},
        };
        for (Profile p : {Profile::Rfc9293, Profile::Linux})
            for (const auto& isn : kIsnRows)
                for (const auto& c : cases)
                    QTest::addRow("%s/%s/%s", std::string(profileName(p)).c_str(), isn.name, c.name)
                        << p << quint32(isn.iss) << quint32(isn.irs) << c.wnd << c.offset << c.len << c.ok
                        << c.inOrder << c.queued;
    }
    void acceptability_table6() {
        HARNESS(h, [](TcpParams& p) {
            p.rcvBufBytes = 100;
            p.autoRead = false;
        });
        QFETCH(int, wnd);
        QFETCH(int, offset);
        QFETCH(int, len);
        QFETCH(bool, acceptable);
        QFETCH(int, inOrderBytes);
        QFETCH(int, queued);
        ENTER(h, S::Established);
        if (wnd == 0) {
            h.peerSends(std::string(100, 'f')); // fills the buffer: RCV.WND = 0
            EXPECT_SENT(h.out, {.flags = ACK, .seq = h.iss + 1, .ack = h.irs + 101, .wnd = 0});
        }
        QCOMPARE(h.ep.rcvWnd(), std::uint32_t(wnd));
        const SeqNum rcvNxt = h.peerNxt;
        const std::size_t bufferedBefore = h.ep.recvQueueBytes();
        const SeqNum seq = rcvNxt + static_cast<std::uint32_t>(offset);
        h.advance(1s); // clear of any delayed ACK
        if (len == 0)
            h.arrive(h.ack().seq(seq));
        else
            h.arrive(h.data(std::string(std::size_t(len), 'd')).seq(seq));

        QCOMPARE(hasNotice(h.out, Notice::Kind::Unacceptable), !acceptable);
        QCOMPARE(h.ep.state(), S::Established);
        QCOMPARE(h.ep.rcvNxt(), rcvNxt + static_cast<std::uint32_t>(inOrderBytes));
        QCOMPARE(h.ep.recvQueueBytes(), bufferedBefore + std::size_t(inOrderBytes));
        QCOMPARE(h.ep.outOfOrderSegments(), std::size_t(queued));
        if (!acceptable)
            EXPECT_SENT(h.out, {.flags = ACK, .seq = h.iss + 1, .ack = rcvNxt, .wnd = std::uint16_t(wnd)});
        else if (len == 0)
            EXPECT_SENT(h.out); // an acceptable pure ACK that acknowledges nothing new needs no answer
    }

    // CW-5, CG-3, LA-4 and ES-6: a retransmitted FIN (SEG.SEQ = RCV.NXT−1, LEN 1) is unacceptable, so it is
    // answered <SEQ=SND.NXT><ACK=RCV.NXT> and the state stays.
    void retransmittedFin_isAnsweredWithAck_data() {
        addStateColumns();
        for (const auto& c : {kCloseWait, kClosing, kLastAck})
            for (Profile p : {Profile::Rfc9293, Profile::Linux})
                for (const auto& isn : kIsnRows)
                    addStateRow(c, p, isn, "fin-again", -1);
    }
    void retransmittedFin_isAnsweredWithAck() {
        STATE_HARNESS(h);
        h.advance(50ms);
        h.arrive(h.fin().seq(segSeq));
        EXPECT_SENT(h.out, {.flags = ACK, .seq = sndNxt, .ack = rcvNxt});
        EXPECT_TRANSITIONS(h, "");
        QCOMPARE(h.ep.state(), state);
        QCOMPARE(h.ep.rcvNxt(), rcvNxt);
    }

    // ES-20/ES-21 seen from the receiver: a keep-alive probe <SEQ=RCV.NXT−1>, empty or with one garbage
    // octet, is unacceptable and answered with an ACK that shows RCV.NXT and the window.
    void keepaliveProbe_isAnsweredWithAck_data() {
        addColumns();
        QTest::addColumn<int>("garbage");
        for (Profile p : {Profile::Rfc9293, Profile::Linux})
            for (const auto& isn : kIsnRows) {
                const auto name = std::string(profileName(p)) + "/" + isn.name;
                QTest::addRow("%s/empty", name.c_str()) << p << quint32(isn.iss) << quint32(isn.irs) << 0;
                QTest::addRow("%s/one-octet", name.c_str()) << p << quint32(isn.iss) << quint32(isn.irs) << 1;
            }
    }
    void keepaliveProbe_isAnsweredWithAck() {
        HARNESS(h);
        QFETCH(int, garbage);
        ENTER(h, S::Established);
        h.advance(2h);
        h.arrive(h.ack().seq(h.irs).data(std::string(std::size_t(garbage), '\0')));
        EXPECT_SENT(h.out, {.flags = ACK, .seq = h.iss + 1, .ack = h.irs + 1, .wnd = 65535});
        QCOMPARE(h.ep.state(), S::Established);
        QVERIFY(delivered(h.out).empty());
    }

    // Linux tcp_invalid_ratelimit: dup-ACKs answering pure ACKs (or SYNs) are at most one per 500 ms;
    // segments carrying data or FIN are always answered. The RFC has no limit.
    void established_unacceptablePureAcks_linuxRateLimitsAnswers_data() { addRows(); }
    void established_unacceptablePureAcks_linuxRateLimitsAnswers() {
        HARNESS(h);
        ENTER(h, S::Established);
        const Sent dupAck{.flags = ACK, .seq = h.iss + 1, .ack = h.irs + 1};
        const bool isLinux = h.params.profile == Profile::Linux;
        h.arrive(h.ack().seq(h.irs - 5));
        EXPECT_SENT(h.out, dupAck);
        h.advance(499ms);
        h.arrive(h.ack().seq(h.irs - 5));
        if (isLinux)
            EXPECT_SENT(h.out);
        else
            EXPECT_SENT(h.out, dupAck);
        h.arrive(h.data("old").seq(h.irs - 5)); // carries data: never limited
        EXPECT_SENT(h.out, dupAck);
        h.advance(1ms); // 500 ms after the first answer
        h.arrive(h.ack().seq(h.irs - 5));
        EXPECT_SENT(h.out, dupAck);
    }

    // =====================================================================================================
    // SYN after the handshake (RFC 9293 §3.10.7.4 fourth, RFC 5961 §4)
    // =====================================================================================================

    // ES-15, F1-10, CG-6, LA-5: a SYN in a synchronized state, whatever its sequence number, gets a
    // challenge ACK <SEQ=SND.NXT><ACK=RCV.NXT> and is dropped. TIME-WAIT/linux rows only cover an old SYN:
    // Linux accepts a SYN above RCV.NXT as a new connection (TW-6), which TCP Lab does not model.
    void synchronized_syn_sendsChallengeAck_data() {
        addStateColumns();
        for (const auto& c : kSynchronized)
            for (Profile p : {Profile::Rfc9293, Profile::Linux})
                for (const auto& isn : kIsnRows) {
                    // RCV.NXT is IRS+2 once the peer's FIN is in (CLOSE-WAIT and after), IRS+1 before.
                    const qint64 atIrs = c.state >= S::CloseWait ? -2 : -1;
                    addStateRow(c, p, isn, "old-syn-at-irs", atIrs);
                    if (c.state == S::TimeWait && p == Profile::Linux)
                        continue;
                    addStateRow(c, p, isn, "in-window", 10);
                    addStateRow(c, p, isn, "beyond-window", kWnd + 10);
                }
    }
    void synchronized_syn_sendsChallengeAck() {
        STATE_HARNESS(h);
        h.advance(10ms);
        h.arrive(h.syn().seq(segSeq));
        EXPECT_SENT(h.out, {.flags = ACK, .seq = sndNxt, .ack = rcvNxt});
        EXPECT_TRANSITIONS(h, "");
        QCOMPARE(h.ep.state(), state);
        QVERIFY(!h.out.released);
        QCOMPARE(h.ep.rcvNxt(), rcvNxt);
    }

    // SR-11 (active side): a SYN with another sequence number in active SYN-RECEIVED is handled as in the
    // synchronized states: challenge ACK, stay.
    void synReceived_active_inWindowSyn_sendsChallengeAck_data() { addRows(); }
    void synReceived_active_inWindowSyn_sendsChallengeAck() {
        HARNESS(h);
        ENTER(h, S::SynReceived, Active);
        h.arrive(h.syn().seq(h.irs + 100));
        EXPECT_SENT(h.out, {.flags = ACK, .seq = h.iss + 1, .ack = h.irs + 1});
        EXPECT_TRANSITIONS(h, "");
        QCOMPARE(h.ep.state(), S::SynReceived);
    }

    // SR-6: the peer retransmits its SYN (our SYN,ACK was lost). RFC: the SYN is unacceptable (it ends at
    // RCV.NXT−1), so ACK-now <SEQ=ISS+1><ACK=IRS+1>. Linux: the SYN,ACK <SEQ=ISS><ACK=IRS+1> at once, and the
    // SYN,ACK timer restarts.
    void synReceived_duplicateSyn_rfcAcks_linuxResendsSynAck_data() { addRows(); }
    void synReceived_duplicateSyn_rfcAcks_linuxResendsSynAck() {
        HARNESS(h);
        ENTER(h, S::SynReceived, Passive);
        h.advance(300ms);
        h.arrive(h.syn());
        EXPECT_TRANSITIONS(h, "");
        QCOMPARE(h.ep.state(), S::SynReceived);
        if (h.params.profile == Profile::Linux) {
            EXPECT_SENT(h.out,
                        {.flags = SYN | ACK, .seq = h.iss, .ack = h.irs + 1, .mss = 1460, .rtx = true});
            EXPECT_TIMERS(h, "armed retransmission +1000ms");
            EXPECT_DEADLINE(h, K::Retransmission, at(1300ms));
        } else {
            EXPECT_SENT(h.out, {.flags = ACK, .seq = h.iss + 1, .ack = h.irs + 1});
            EXPECT_TIMERS(h);
            EXPECT_DEADLINE(h, K::Retransmission, at(1s));
        }
    }

    // SR-6, Linux: the SYN,ACKs for duplicate SYNs are limited to one per tcp_invalid_ratelimit (500 ms).
    void synReceived_duplicateSynsWithin500ms_linuxResendsOnce_data() { addLinuxRows(); }
    void synReceived_duplicateSynsWithin500ms_linuxResendsOnce() {
        HARNESS(h);
        ENTER(h, S::SynReceived, Passive);
        h.advance(100ms);
        h.arrive(h.syn());
        QCOMPARE(h.out.segments.size(), std::size_t(1));
        h.advance(499ms);
        h.arrive(h.syn());
        EXPECT_SENT(h.out);
        h.advance(1ms);
        h.arrive(h.syn());
        EXPECT_SENT(h.out, {.flags = SYN | ACK, .seq = h.iss, .ack = h.irs + 1, .mss = 1460, .rtx = true});
    }

    // =====================================================================================================
    // SYN-RECEIVED: the other segments (SR-2 .. SR-5)
    // =====================================================================================================

    // SR-2: an ACK that does not acknowledge our SYN gets <SEQ=SEG.ACK><CTL=RST>; the state stays.
    void synReceived_unacceptableAck_sendsRst_data() { addRows(); }
    void synReceived_unacceptableAck_sendsRst() {
        HARNESS(h);
        ENTER(h, S::SynReceived, Passive);
        h.arrive(h.ack().ack(h.iss + 2));
        EXPECT_SENT(h.out, {.flags = RST, .seq = h.iss + 2});
        EXPECT_TRANSITIONS(h, "");
        h.arrive(h.ack().ack(h.iss));
        EXPECT_SENT(h.out, {.flags = RST, .seq = h.iss});
        QCOMPARE(h.ep.state(), S::SynReceived);
    }

    // SR-3: the final ACK is lost and the first data segment carries it: ESTABLISHED and the data is
    // delivered and acknowledged.
    void synReceived_ackWithData_establishesAndDelivers_data() { addRows(); }
    void synReceived_ackWithData_establishesAndDelivers() {
        HARNESS(h);
        ENTER(h, S::SynReceived, Passive);
        h.advance(20ms);
        h.ourNxt = h.iss + 1;
        h.peerSends("GET /");
        EXPECT_TRANSITIONS(h, "SR-1");
        QCOMPARE(delivered(h.out), std::string("GET /"));
        QCOMPARE(h.ep.rcvNxt(), h.irs + 6);
        if (h.params.profile == Profile::Rfc9293)
            EXPECT_SENT(h.out, {.flags = ACK, .seq = h.iss + 1, .ack = h.irs + 6});
    }

    // SR-4: FIN,ACK acknowledging our SYN: ESTABLISHED then CLOSE-WAIT in the same segment, ACK of the FIN.
    void synReceived_finWithAck_entersCloseWait_data() { addRows(); }
    void synReceived_finWithAck_entersCloseWait() {
        HARNESS(h);
        ENTER(h, S::SynReceived, Passive);
        h.advance(20ms);
        h.arrive(h.fin().ack(h.iss + 1));
        EXPECT_TRANSITIONS(h, "SR-1 ES-10");
        EXPECT_SENT(h.out, {.flags = ACK, .seq = h.iss + 1, .ack = h.irs + 2});
        QVERIFY(hasNotice(h.out, Notice::Kind::RemoteClosed));
    }

    // SR-5: a FIN (or data) without the ACK bit is dropped in SYN-RECEIVED.
    void synReceived_finWithoutAck_isDropped_data() { addRows(); }
    void synReceived_finWithoutAck_isDropped() {
        HARNESS(h);
        ENTER(h, S::SynReceived, Passive);
        h.arrive(h.fin().noAck());
        EXPECT_NOTHING(h, S::SynReceived);
        h.arrive(h.data("x").noAck());
        EXPECT_NOTHING(h, S::SynReceived);
        QCOMPARE(h.ep.rcvNxt(), h.irs + 1);
    }

    // =====================================================================================================
    // The ACK field (RFC 9293 §3.10.7.4 fifth)
    // =====================================================================================================

    // ES-8: SEG.ACK > SND.NXT acknowledges something not yet sent: send an ACK, drop the segment (its data
    // is not delivered).
    void established_ackOfUnsentData_isAnsweredWithAckAndDropped_data() { addRows(); }
    void established_ackOfUnsentData_isAnsweredWithAckAndDropped() {
        HARNESS(h);
        ENTER(h, S::Established);
        h.send("12345");
        h.advance(10ms);
        h.arrive(h.data("payload").ack(h.iss + 7)); // SND.NXT = ISS+6
        EXPECT_SENT(h.out, {.flags = ACK, .seq = h.iss + 6, .ack = h.irs + 1});
        QVERIFY(delivered(h.out).empty());
        QCOMPARE(h.ep.rcvNxt(), h.irs + 1);
        QCOMPARE(h.ep.sndUna(), h.iss + 1);
        QVERIFY(hasNotice(h.out, Notice::Kind::Unacceptable, "not yet sent"));
    }

    // ES-9: a duplicate ACK (SEG.ACK =< SND.UNA) is ignored for acknowledgement; the data it carries is
    // still accepted.
    void established_duplicateAck_isIgnoredButDataAccepted_data() { addRows(); }
    void established_duplicateAck_isIgnoredButDataAccepted() {
        HARNESS(h);
        ENTER(h, S::Established);
        h.send("12345");
        h.advance(10ms);
        h.peerSends("hi"); // ACK = ISS+1: acknowledges none of our 5 bytes
        QCOMPARE(delivered(h.out), std::string("hi"));
        QCOMPARE(h.ep.sndUna(), h.iss + 1);
        QVERIFY(h.deadline(K::Retransmission).has_value());
    }

    // RFC 5961 §5.2 (MAY-12): an ACK below SND.UNA − MAX.SND.WND is answered with an ACK and dropped.
    void established_ackOlderThanMaxWindow_isAnsweredWithAck_data() { addRows(); }
    void established_ackOlderThanMaxWindow_isAnsweredWithAck() {
        HARNESS(h);
        h.peerWnd = 1000;
        ENTER(h, S::Established);
        h.arrive(h.data("abc").ack(h.iss + 1 - 1001));
        EXPECT_SENT(h.out, {.flags = ACK, .seq = h.iss + 1, .ack = h.irs + 1});
        QVERIFY(delivered(h.out).empty());
        h.arrive(h.data("abc").ack(h.iss + 1 - 1000)); // exactly SND.UNA − MAX.SND.WND: accepted
        QCOMPARE(delivered(h.out), std::string("abc"));
    }

    // ES-16: a segment without the ACK bit (and no SYN or RST) is dropped.
    void established_segmentWithoutAck_isDropped_data() { addRows(); }
    void established_segmentWithoutAck_isDropped() {
        HARNESS(h);
        ENTER(h, S::Established);
        h.arrive(h.data("abc").noAck());
        EXPECT_NOTHING(h, S::Established);
        QCOMPARE(h.ep.rcvNxt(), h.irs + 1);
    }

    // F1-5: an ACK of data only (not of our FIN) keeps FIN-WAIT-1.
    void finWait1_ackOfDataOnly_staysInFinWait1_data() { addRows(); }
    void finWait1_ackOfDataOnly_staysInFinWait1() {
        HARNESS(h);
        ENTER(h, S::Established);
        h.send("12345");
        h.close(); // FIN at ISS+6
        EXPECT_SENT(h.out, {.flags = FIN | ACK, .seq = h.iss + 6, .ack = h.irs + 1});
        h.advance(20ms);
        h.arrive(h.ack().ack(h.iss + 6));
        EXPECT_TRANSITIONS(h, "");
        QCOMPARE(h.ep.state(), S::FinWait1);
        QVERIFY(h.deadline(K::Retransmission).has_value());
        h.arrive(h.ack().ack(h.iss + 7));
        EXPECT_TRANSITIONS(h, "F1-1");
    }

    // F1-2: a FIN that also acknowledges our FIN: through FIN-WAIT-2 to TIME-WAIT in one segment.
    void finWait1_finAckingOurFin_entersTimeWait_data() { addRows(); }
    void finWait1_finAckingOurFin_entersTimeWait() {
        HARNESS(h);
        ENTER(h, S::FinWait1);
        h.advance(20ms);
        h.arrive(h.fin().ack(h.iss + 2));
        EXPECT_TRANSITIONS(h, "F1-1 F2-1");
        EXPECT_SENT(h.out, {.flags = ACK, .seq = h.iss + 2, .ack = h.irs + 2});
        EXPECT_DEADLINE(h, K::TimeWait, h.now + h.params.timeWait);
        EXPECT_NO_TIMER(h, K::Retransmission);
        EXPECT_NO_TIMER(h, K::FinWait2);
    }

    // CG-2: in CLOSING an ACK that does not cover our FIN is ignored.
    void closing_ackNotCoveringFin_isIgnored_data() { addRows(); }
    void closing_ackNotCoveringFin_isIgnored() {
        HARNESS(h);
        ENTER(h, S::Closing);
        h.arrive(h.ack().ack(h.iss + 1));
        EXPECT_NOTHING(h, S::Closing);
    }
};

QTEST_GUILESS_MAIN(TestEndpointSegments)
#include "tst_endpoint_segments.moc"
