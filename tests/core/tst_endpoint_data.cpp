// Data transfer through a TcpEndpoint: in-order and out-of-order delivery, FIN after a gap, delayed ACK
// (Linux) vs immediate (RFC), zero window on both sides (persist timer, probes, window update), the MSS
// option and segmentation, half-close, and user calls that queue or are refused. Every test also runs with
// ISNs next to 2^32, so data crosses the wrap.
#include <QtTest>

#include "endpoint_fixtures.h"

using namespace tcplab;
using namespace tcplab::test;
using namespace std::chrono_literals;
using S = TcpState;
using K = TimerKind;

namespace {

const std::string k20 = "abcdefghijklmnopqrst";

} // namespace

class TestEndpointData : public QObject {
    Q_OBJECT
private slots:
    // =====================================================================================================
    // Receiving
    // =====================================================================================================

    // ES-4: in-order data is delivered and acknowledged. RFC profile: ACK at once. Linux: the ACK is delayed
    // by the delayed-ACK timer (40 ms, under the 500 ms of MUST-40).
    void established_inOrderData_isDeliveredAndAcked_data() { addRows(); }
    void established_inOrderData_isDeliveredAndAcked() {
        HARNESS(h);
        ENTER(h, S::Established);
        h.peerSends(k20);
        QCOMPARE(delivered(h.out), k20);
        QCOMPARE(h.ep.rcvNxt(), h.irs + 21);
        QCOMPARE(h.ep.bytesDelivered(), std::uint64_t(20));
        const Sent ack{.flags = ACK, .seq = h.iss + 1, .ack = h.irs + 21, .wnd = 65535};
        if (h.params.profile == Profile::Linux) {
            EXPECT_SENT(h.out);
            EXPECT_TIMERS(h, "armed delayed-ack +40ms");
            FIRE(h, K::DelayedAck);
            EXPECT_SENT(h.out, ack);
        } else {
            EXPECT_SENT(h.out, ack);
            EXPECT_TIMERS(h);
        }
    }

    // RFC 9293 §3.8.6.3 (SHLD-19): an ACK for at least every second segment. Linux: the second segment is
    // ACKed at once and the delayed-ACK timer is cancelled.
    void established_everySecondSegment_isAckedAtOnce_data() { addRows(); }
    void established_everySecondSegment_isAckedAtOnce() {
        HARNESS(h);
        ENTER(h, S::Established);
        h.peerSends("first");
        if (h.params.profile == Profile::Linux)
            EXPECT_SENT(h.out);
        else
            EXPECT_SENT(h.out, {.flags = ACK, .seq = h.iss + 1, .ack = h.irs + 6});
        h.advance(5ms);
        h.peerSends("second");
        EXPECT_SENT(h.out, {.flags = ACK, .seq = h.iss + 1, .ack = h.irs + 12});
        EXPECT_NO_TIMER(h, K::DelayedAck);
        if (h.params.profile == Profile::Linux)
            EXPECT_TIMERS(h, "cancelled delayed-ack");
    }

    // Data we send carries the pending acknowledgement: the delayed ACK is not sent on its own.
    void established_outgoingData_carriesDelayedAck_data() { addLinuxRows(); }
    void established_outgoingData_carriesDelayedAck() {
        HARNESS(h);
        ENTER(h, S::Established);
        h.peerSends("request");
        EXPECT_SENT(h.out);
        h.advance(10ms);
        h.send("response");
        EXPECT_SENT(h.out, {.flags = ACK | PSH, .seq = h.iss + 1, .ack = h.irs + 8, .len = 8});
        EXPECT_NO_TIMER(h, K::DelayedAck);
    }

    // ES-5: a segment above RCV.NXT is queued (SHLD-31) and answered by an immediate duplicate ACK; when the
    // gap fills, both are delivered in order and ACKed at once.
    void established_outOfOrderSegment_isQueuedThenDeliveredWhenGapFills_data() { addRows(); }
    void established_outOfOrderSegment_isQueuedThenDeliveredWhenGapFills() {
        HARNESS(h);
        ENTER(h, S::Established);
        h.arrive(h.data("KLMNO").seq(h.irs + 11)); // bytes 10..14; 0..9 are missing
        EXPECT_SENT(h.out, {.flags = ACK, .seq = h.iss + 1, .ack = h.irs + 1});
        QVERIFY(delivered(h.out).empty());
        QCOMPARE(h.ep.outOfOrderSegments(), std::size_t(1));
        QCOMPARE(h.ep.rcvNxt(), h.irs + 1);
        h.advance(5ms);
        h.arrive(h.data("ABCDEFGHIJ").seq(h.irs + 1));
        QCOMPARE(delivered(h.out), std::string("ABCDEFGHIJKLMNO"));
        EXPECT_SENT(h.out, {.flags = ACK, .seq = h.iss + 1, .ack = h.irs + 16});
        QCOMPARE(h.ep.outOfOrderSegments(), std::size_t(0));
    }

    // A retransmission that overlaps data already received delivers only the new bytes.
    void established_overlappingSegment_deliversOnlyNewBytes_data() { addRows(); }
    void established_overlappingSegment_deliversOnlyNewBytes() {
        HARNESS(h);
        ENTER(h, S::Established);
        h.peerSends("abcde");
        h.advance(100ms);
        h.arrive(h.data("abcdefgh").seq(h.irs + 1));
        QCOMPARE(delivered(h.out), std::string("fgh"));
        QCOMPARE(h.ep.rcvNxt(), h.irs + 9);
        QCOMPARE(h.ep.bytesDelivered(), std::uint64_t(8));
    }

    // ES-11: a FIN above RCV.NXT (data still missing) is held; the FIN is processed when the gap fills.
    void established_finAfterGap_isProcessedWhenGapFills_data() { addRows(); }
    void established_finAfterGap_isProcessedWhenGapFills() {
        HARNESS(h);
        ENTER(h, S::Established);
        h.arrive(h.data("world").plus(FIN).seq(h.irs + 6)); // "hello" (1..5) is missing
        EXPECT_SENT(h.out, {.flags = ACK, .seq = h.iss + 1, .ack = h.irs + 1});
        EXPECT_TRANSITIONS(h, "");
        QVERIFY(!hasNotice(h.out, Notice::Kind::RemoteClosed));
        h.advance(5ms);
        h.arrive(h.data("hello").seq(h.irs + 1));
        QCOMPARE(delivered(h.out), std::string("helloworld"));
        EXPECT_TRANSITIONS(h, "ES-10");
        EXPECT_SENT(h.out, {.flags = ACK, .seq = h.iss + 1, .ack = h.irs + 12}); // covers the FIN
        QVERIFY(hasNotice(h.out, Notice::Kind::RemoteClosed));
    }

    // ES-11 with a bare FIN (no data): it is out of order too, so it is answered with a duplicate ACK at
    // once (RFC 5681 §4.2) and processed when the gap fills.
    void established_bareFinAboveRcvNxt_isAckedAndHeldUntilGapFills_data() { addRows(); }
    void established_bareFinAboveRcvNxt_isAckedAndHeldUntilGapFills() {
        HARNESS(h);
        ENTER(h, S::Established);
        h.arrive(h.fin().seq(h.irs + 4)); // "abc" (1..3) is missing
        EXPECT_SENT(h.out, {.flags = ACK, .seq = h.iss + 1, .ack = h.irs + 1});
        EXPECT_TRANSITIONS(h, "");
        h.advance(5ms);
        h.arrive(h.data("abc").seq(h.irs + 1));
        QCOMPARE(delivered(h.out), std::string("abc"));
        EXPECT_TRANSITIONS(h, "ES-10");
        EXPECT_SENT(h.out, {.flags = ACK, .seq = h.iss + 1, .ack = h.irs + 5});
    }

    // =====================================================================================================
    // Zero window, receiving side
    // =====================================================================================================

    // With autoRead off nothing is read: the window shrinks as data arrives and is 0 when the buffer is
    // full; the ACK that closes it is immediate (both profiles).
    void receiver_bufferFull_advertisesZeroWindow_data() { addRows(); }
    void receiver_bufferFull_advertisesZeroWindow() {
        HARNESS(h, [](TcpParams& p) {
            p.autoRead = false;
            p.rcvBufBytes = 1000;
        });
        ENTER(h, S::Established);
        QCOMPARE(h.ep.rcvWnd(), 1000u);
        h.peerSends(std::string(1000, 'x'));
        EXPECT_SENT(h.out, {.flags = ACK, .seq = h.iss + 1, .ack = h.irs + 1001, .wnd = 0});
        QVERIFY(delivered(h.out).empty()); // buffered, not read
        QCOMPARE(h.ep.recvQueueBytes(), std::size_t(1000));
        QCOMPARE(h.ep.rcvWnd(), 0u);
    }

    // ES-20: a zero-window probe reaching a receiver with window 0 is answered
    // <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> with WND = 0: the RFC probe (one octet at RCV.NXT) and the Linux
    // probe (empty at RCV.NXT−1) alike.
    void receiver_zeroWindowProbe_isAnsweredWithZeroWindowAck_data() {
        addColumns();
        QTest::addColumn<bool>("linuxProbe");
        for (Profile p : {Profile::Rfc9293, Profile::Linux})
            for (const auto& isn : kIsnRows) {
                const auto name = std::string(profileName(p)) + "/" + isn.name;
                QTest::addRow("%s/one-octet-probe", name.c_str())
                    << p << quint32(isn.iss) << quint32(isn.irs) << false;
                QTest::addRow("%s/empty-probe", name.c_str())
                    << p << quint32(isn.iss) << quint32(isn.irs) << true;
            }
    }
    void receiver_zeroWindowProbe_isAnsweredWithZeroWindowAck() {
        HARNESS(h, [](TcpParams& p) {
            p.autoRead = false;
            p.rcvBufBytes = 1000;
        });
        QFETCH(bool, linuxProbe);
        ENTER(h, S::Established);
        h.peerSends(std::string(1000, 'x'));
        for (int i = 0; i < 3; ++i) { // probes back off; each one is answered
            h.advance(std::chrono::seconds(1 << i));
            if (linuxProbe)
                h.arrive(h.ack().seq(h.peerNxt - 1));
            else
                h.arrive(h.data("y"));
            EXPECT_SENT(h.out, {.flags = ACK, .seq = h.iss + 1, .ack = h.irs + 1001, .wnd = 0});
            QCOMPARE(h.ep.recvQueueBytes(), std::size_t(1000));
        }
    }

    // When the application reads from a zero window, a window update goes out at once.
    void receiver_readFromZeroWindow_sendsWindowUpdate_data() { addRows(); }
    void receiver_readFromZeroWindow_sendsWindowUpdate() {
        HARNESS(h, [](TcpParams& p) {
            p.autoRead = false;
            p.rcvBufBytes = 1000;
        });
        ENTER(h, S::Established);
        h.peerSends(std::string(1000, 'x'));
        h.advance(1s);
        QCOMPARE(h.read(4000), std::size_t(1000));
        QCOMPARE(delivered(h.out), std::string(1000, 'x'));
        EXPECT_SENT(h.out, {.flags = ACK, .seq = h.iss + 1, .ack = h.irs + 1001, .wnd = 1000});
        h.peerSends("more"); // and data flows again
        QCOMPARE(h.ep.recvQueueBytes(), std::size_t(4));
    }

    // Receiver-side silly window avoidance (RFC 9293 §3.8.6.2.2): after the update from zero, the window is
    // re-advertised only once it has grown by min(MSS, buffer/2).
    void receiver_windowUpdates_avoidSillyWindow_data() { addRows(); }
    void receiver_windowUpdates_avoidSillyWindow() {
        HARNESS(h, [](TcpParams& p) {
            p.autoRead = false;
            p.rcvBufBytes = 1000;
        });
        ENTER(h, S::Established);
        h.peerSends(std::string(1000, 'x'));
        h.read(100); // from zero: always announced
        EXPECT_SENT(h.out, {.flags = ACK, .seq = h.iss + 1, .ack = h.irs + 1001, .wnd = 100});
        h.read(100); // 200 − 100 < min(1460, 500): not worth a segment
        EXPECT_SENT(h.out);
        h.read(400); // 600 − 100 = 500: announced
        EXPECT_SENT(h.out, {.flags = ACK, .seq = h.iss + 1, .ack = h.irs + 1001, .wnd = 600});
    }

    // RFC 9293 §3.10.7.4 first, MUST-66: "If the RCV.WND is zero, no segments will be acceptable, but special
    // allowance should be made to accept valid ACKs, URGs, and RSTs." A data segment at RCV.NXT that
    // acknowledges our data: the text is dropped, the ACK is processed.
    void zeroWindow_dataSegmentCarryingNewAck_ackIsProcessed_data() { addRows(); }
    void zeroWindow_dataSegmentCarryingNewAck_ackIsProcessed() {
        HARNESS(h, [](TcpParams& p) {
            p.autoRead = false;
            p.rcvBufBytes = 100;
        });
        ENTER(h, S::Established);
        h.send("hello");
        h.peerSends(std::string(100, 'x')); // our window is now 0; this segment still acks ISS+1
        QCOMPARE(h.ep.rcvWnd(), 0u);
        h.advance(20ms);
        h.arrive(h.data("0123456789").ack(h.iss + 6));
        QCOMPARE(h.ep.sndUna(), h.iss + 6); // the ACK field was processed
        EXPECT_NO_TIMER(h, K::Retransmission);
        QCOMPARE(h.ep.rcvNxt(), h.irs + 101); // the text was not
        QCOMPARE(h.ep.recvQueueBytes(), std::size_t(100));
        EXPECT_SENT(h.out, {.flags = ACK, .seq = h.iss + 6, .ack = h.irs + 101, .wnd = 0});
    }

    // ... and an in-sequence RST with data at a zero window is still a RST.
    void zeroWindow_rstWithDataAtRcvNxt_resets_data() { addRows(); }
    void zeroWindow_rstWithDataAtRcvNxt_resets() {
        HARNESS(h, [](TcpParams& p) {
            p.autoRead = false;
            p.rcvBufBytes = 100;
        });
        ENTER(h, S::Established);
        h.peerSends(std::string(100, 'x'));
        h.arrive(h.rst().data("diagnostic text"));
        EXPECT_TRANSITIONS(h, "ES-12");
        EXPECT_SENT(h.out);
    }

    // =====================================================================================================
    // Zero window, sending side: persist timer and probes (RFC 9293 §3.8.6.1, ES-19)
    // =====================================================================================================

    // The peer closes its window with data still queued: the persist timer starts (max(RTO, 200 ms)) and
    // each expiry sends a probe, backing off. RFC probe: one new octet <SEQ=SND.NXT>. Linux probe: empty
    // <SEQ=SND.UNA−1>. Answered probes never abort the connection (MUST-37).
    void sender_zeroWindow_armsPersistAndProbes_data() { addRows(); }
    void sender_zeroWindow_armsPersistAndProbes() {
        HARNESS(h);
        h.peerWnd = 100;
        ENTER(h, S::Established);
        const std::string bytes = std::string(100, 'a') + "BCDEFGHIJ" + std::string(41, 'k'); // 150
        h.send(bytes);
        EXPECT_SENT(h.out, {.flags = ACK, .seq = h.iss + 1, .ack = h.irs + 1, .len = 100});
        h.advance(20ms);
        h.arrive(h.ack().ack(h.iss + 101).wnd(0));
        EXPECT_SENT(h.out);
        const Duration rto = rtoAfterHandshake(profile);
        EXPECT_TIMERS(h, "cancelled retransmission", "armed persist +" + formatDuration(rto));
        QCOMPARE(h.ep.sndWnd(), 0u);

        const bool isLinux = h.params.profile == Profile::Linux;
        const Sent rfcProbe{.flags = ACK, .seq = h.iss + 101, .ack = h.irs + 1, .data = std::string("B")};
        const Sent linuxProbe{.flags = ACK, .seq = h.iss + 100, .ack = h.irs + 1, .len = 0};
        Duration backoff = rto;
        for (int i = 0; i < 6; ++i) {
            FIRE(h, K::Persist);
            backoff = std::min<Duration>(backoff * 2, h.params.rtoMax);
            if (isLinux) {
                EXPECT_SENT(h.out, linuxProbe);
            } else {
                Sent p = rfcProbe;
                p.rtx = i > 0; // the same octet again after the first probe
                EXPECT_SENT(h.out, p);
            }
            EXPECT_TIMERS(h, "fired persist", "armed persist +" + formatDuration(backoff));
            h.advance(20ms);
            h.arrive(h.ack().ack(h.iss + 101).wnd(0)); // the answer: still closed
            EXPECT_SENT(h.out);
            QCOMPARE(h.ep.state(), S::Established);
            EXPECT_DEADLINE(h, K::Persist, h.now - 20ms + backoff);
            EXPECT_NO_TIMER(h, K::Retransmission);
        }
        QCOMPARE(h.ep.sndUna(), h.iss + 101);
    }

    // A window update ends the persist state and the queued data is sent. If the receiver refused the RFC's
    // probe octet (its window was still closed), that octet is sent again as ordinary data.
    void sender_windowUpdate_reopensWindowAndDataFlows_data() {
        addColumns();
        QTest::addColumn<bool>("probeTaken");
        for (const auto& isn : kIsnRows) {
            QTest::addRow("rfc9293/probe-taken/%s", isn.name)
                << Profile::Rfc9293 << quint32(isn.iss) << quint32(isn.irs) << true;
            QTest::addRow("rfc9293/probe-refused/%s", isn.name)
                << Profile::Rfc9293 << quint32(isn.iss) << quint32(isn.irs) << false;
            QTest::addRow("linux/%s", isn.name)
                << Profile::Linux << quint32(isn.iss) << quint32(isn.irs) << false;
        }
    }
    void sender_windowUpdate_reopensWindowAndDataFlows() {
        HARNESS(h);
        QFETCH(bool, probeTaken);
        h.peerWnd = 100;
        ENTER(h, S::Established);
        h.send(std::string(150, 'q'));
        h.advance(20ms);
        h.arrive(h.ack().ack(h.iss + 101).wnd(0));
        FIRE(h, K::Persist);
        h.advance(20ms);
        const SeqNum acked = probeTaken ? h.iss + 102 : h.iss + 101;
        h.arrive(h.ack().ack(acked).wnd(1000));
        EXPECT_NO_TIMER(h, K::Persist);
        EXPECT_SENT(h.out, {.flags = ACK | PSH,
                            .seq = acked,
                            .ack = h.irs + 1,
                            .len = probeTaken ? 49u : 50u,
                            .data = std::string(probeTaken ? 49 : 50, 'q')});
        EXPECT_DEADLINE(h, K::Retransmission, h.now + rtoAfterHandshake(profile));
        QCOMPARE(h.ep.sndNxt(), h.iss + 151);
    }

    // =====================================================================================================
    // MSS and segmentation (RFC 9293 §3.7.1)
    // =====================================================================================================

    // Effective send MSS = min(our MSS, the peer's); 536 when the peer sends no MSS option (MUST-15).
    void handshake_mssOption_setsEffectiveSendMss_data() {
        addColumns();
        QTest::addColumn<unsigned>("via");
        QTest::addColumn<int>("peerMss"); // −1: no option
        QTest::addColumn<int>("effective");
        const std::pair<int, int> cases[] = {{-1, 536}, {536, 536}, {1000, 1000}, {1460, 1460}, {9000, 1460}};
        for (Profile p : {Profile::Rfc9293, Profile::Linux})
            for (unsigned via : {unsigned(Active), unsigned(Passive)})
                for (const auto& [peer, eff] : cases)
                    for (const auto& isn : kIsnRows)
                        QTest::addRow("%s/%s/mss=%d/%s", std::string(profileName(p)).c_str(),
                                      via == Passive ? "passive" : "active", peer, isn.name)
                            << p << quint32(isn.iss) << quint32(isn.irs) << via << peer << eff;
    }
    void handshake_mssOption_setsEffectiveSendMss() {
        HARNESS(h);
        QFETCH(unsigned, via);
        QFETCH(int, peerMss);
        QFETCH(int, effective);
        h.peerMss = peerMss < 0 ? std::nullopt : std::optional<std::uint16_t>(std::uint16_t(peerMss));
        ENTER(h, S::Established, via);
        QCOMPARE(int(h.ep.effSndMss()), effective);
        h.send(std::string(2000, 'm'));
        QVERIFY(!h.out.segments.empty());
        QCOMPARE(int(h.out.segments[0].seg.payloadLen()), effective);
    }

    // ES-1: data is cut into segments of Eff.snd.MSS; PSH on the last; one retransmission timer.
    void established_send_isSegmentedByEffectiveMss_data() { addRows(); }
    void established_send_isSegmentedByEffectiveMss() {
        HARNESS(h);
        h.peerMss = 1000;
        ENTER(h, S::Established);
        h.send(std::string(2500, 's'));
        EXPECT_SENT(h.out, {.flags = ACK, .seq = h.iss + 1, .ack = h.irs + 1, .len = 1000, .rtx = false},
                    {.flags = ACK, .seq = h.iss + 1001, .ack = h.irs + 1, .len = 1000, .rtx = false},
                    {.flags = ACK | PSH, .seq = h.iss + 2001, .ack = h.irs + 1, .len = 500, .rtx = false});
        EXPECT_TIMERS(h, "armed retransmission +" + rtoText(profile));
        QCOMPARE(h.ep.sndNxt(), h.iss + 2501);
    }

    // Sending stops at the peer's window (SND.UNA + SND.WND) and resumes as ACKs move it.
    void established_send_isLimitedByPeerWindow_data() { addRows(); }
    void established_send_isLimitedByPeerWindow() {
        HARNESS(h);
        h.peerMss = 1000;
        h.peerWnd = 1500;
        ENTER(h, S::Established);
        h.send(std::string(2500, 'w'));
        EXPECT_SENT(h.out, {.flags = ACK, .seq = h.iss + 1, .ack = h.irs + 1, .len = 1000},
                    {.flags = ACK, .seq = h.iss + 1001, .ack = h.irs + 1, .len = 500});
        EXPECT_NO_TIMER(h, K::Persist);
        h.advance(20ms);
        h.arrive(h.ack().ack(h.iss + 1001)); // window still 1500, now from ISS+1001
        EXPECT_SENT(h.out, {.flags = ACK | PSH, .seq = h.iss + 1501, .ack = h.irs + 1, .len = 1000});
        // ES-7: SND.UNA moved; the timer restarts for what is still outstanding (RFC 6298 (5.3)).
        QCOMPARE(h.ep.sndUna(), h.iss + 1001);
        EXPECT_DEADLINE(h, K::Retransmission, h.now + rtoAfterHandshake(profile));
        h.arrive(h.ack().ack(h.iss + 2501));
        EXPECT_NO_TIMER(h, K::Retransmission); // (5.2): everything acknowledged
        QCOMPARE(h.ep.sendQueueBytes(), std::size_t(0));
    }

    // The sequence space wraps at 2^32 (isn-wrap rows only: absolute numbers past the wrap).
    void established_dataBothWays_sequenceNumbersWrap_data() {
        addColumns();
        for (Profile p : {Profile::Rfc9293, Profile::Linux})
            QTest::addRow("%s/isn-wrap", std::string(profileName(p)).c_str())
                << p << quint32(0xFFFFFFF6u) << quint32(0xFFFFFFFDu);
    }
    void established_dataBothWays_sequenceNumbersWrap() {
        HARNESS(h);
        ENTER(h, S::Established);
        h.send(k20); // octets 2^32−9 … 2^32+10
        EXPECT_SENT(h.out,
                    {.flags = ACK | PSH, .seq = SeqNum(0xFFFFFFF7u), .ack = SeqNum(0xFFFFFFFEu), .len = 20});
        h.advance(20ms);
        h.ourNxt = SeqNum(11);
        h.peerSends(k20); // octets 2^32−2 … 2^32+17
        QCOMPARE(delivered(h.out), k20);
        QCOMPARE(h.ep.sndUna(), SeqNum(11));
        QCOMPARE(h.ep.rcvNxt(), SeqNum(18));
        EXPECT_NO_TIMER(h, K::Retransmission);
        h.close();
        EXPECT_SENT(h.out, {.flags = FIN | ACK, .seq = SeqNum(11), .ack = SeqNum(18)});
    }

    // =====================================================================================================
    // Half-close and user calls
    // =====================================================================================================

    // F2-2: after shutdown(SHUT_WR) the peer may keep sending; the data is delivered and ACKed, and its FIN
    // then leads to TIME-WAIT.
    void finWait2_afterShutdown_stillReceivesData_data() { addRows(); }
    void finWait2_afterShutdown_stillReceivesData() {
        HARNESS(h);
        ENTER(h, S::FinWait2, Shutdown);
        h.advance(10ms);
        h.peerSends("still talking");
        QCOMPARE(delivered(h.out), std::string("still talking"));
        const Sent ack{.flags = ACK, .seq = h.iss + 2, .ack = h.irs + 14};
        if (h.params.profile == Profile::Linux) {
            FIRE(h, K::DelayedAck);
        }
        EXPECT_SENT(h.out, ack);
        QCOMPARE(h.ep.state(), S::FinWait2);
        h.advance(10ms);
        h.arrive(h.fin());
        EXPECT_TRANSITIONS(h, "F2-1");
        EXPECT_SENT(h.out, {.flags = ACK, .seq = h.iss + 2, .ack = h.irs + 15});
    }

    // F1-4: data that arrives while our FIN is unacknowledged is delivered (receiving still works).
    void finWait1_data_isDelivered_data() { addRows(); }
    void finWait1_data_isDelivered() {
        HARNESS(h);
        ENTER(h, S::FinWait1, Shutdown);
        h.advance(10ms);
        h.peerSends("late reply");
        QCOMPARE(delivered(h.out), std::string("late reply"));
        QCOMPARE(h.ep.rcvNxt(), h.irs + 11);
        QCOMPARE(h.ep.state(), S::FinWait1);
    }

    // CW-1: the side that received the FIN may still send; then CLOSE sends its FIN after that data.
    void closeWait_send_isStillAllowed_data() { addRows(); }
    void closeWait_send_isStillAllowed() {
        HARNESS(h);
        ENTER(h, S::CloseWait);
        h.send("last words");
        EXPECT_SENT(h.out, {.flags = ACK | PSH, .seq = h.iss + 1, .ack = h.irs + 2, .len = 10});
        EXPECT_TIMERS(h, "armed retransmission +" + rtoText(profile));
        h.close();
        EXPECT_TRANSITIONS(h, "CW-2");
        EXPECT_SENT(h.out, {.flags = FIN | ACK, .seq = h.iss + 11, .ack = h.irs + 2});
        h.advance(20ms);
        h.arrive(h.ack().ack(h.iss + 12));
        EXPECT_TRANSITIONS(h, "LA-1");
    }

    // F1-11, CG-8, LA (SEND after CLOSE): "error: connection closing", nothing sent.
    void closingStates_send_isRefused_data() {
        addColumns();
        QTest::addColumn<TcpState>("state");
        for (Profile p : {Profile::Rfc9293, Profile::Linux})
            for (TcpState st : {S::FinWait1, S::FinWait2, S::Closing, S::LastAck})
                for (const auto& isn : kIsnRows)
                    QTest::addRow("%s/%s/%s", std::string(stateName(st)).c_str(),
                                  std::string(profileName(p)).c_str(), isn.name)
                        << p << quint32(isn.iss) << quint32(isn.irs) << st;
    }
    void closingStates_send_isRefused() {
        HARNESS(h);
        QFETCH(TcpState, state);
        ENTER(h, state);
        h.send("too late");
        EXPECT_SENT(h.out);
        QCOMPARE(noticeText(h.out, Notice::Kind::UserCallRefused),
                 QStringLiteral("error: connection closing"));
        QCOMPARE(h.ep.sendQueueBytes(), std::size_t(0));
    }

    // CL-3: SEND, CLOSE and ABORT without a connection: "error: connection does not exist".
    void closed_userCalls_areRefused_data() { addRows(); }
    void closed_userCalls_areRefused() {
        HARNESS(h);
        const QString err = QStringLiteral("error: connection does not exist");
        h.send("x");
        QCOMPARE(noticeText(h.out, Notice::Kind::UserCallRefused), err);
        h.close();
        QCOMPARE(noticeText(h.out, Notice::Kind::UserCallRefused), err);
        h.abort();
        QCOMPARE(noticeText(h.out, Notice::Kind::UserCallRefused), err);
        EXPECT_SENT(h.out);
        QCOMPARE(h.ep.state(), S::Closed);
    }

    // SS-12: SEND in SYN-SENT queues the data; it follows the handshake's ACK.
    void synSent_send_isQueuedUntilEstablished_data() { addRows(); }
    void synSent_send_isQueuedUntilEstablished() {
        HARNESS(h);
        ENTER(h, S::SynSent);
        h.send("early");
        EXPECT_SENT(h.out);
        h.advance(20ms);
        h.arrive(h.synAck());
        EXPECT_SENT(h.out, {.flags = ACK, .seq = h.iss + 1, .ack = h.irs + 1},
                    {.flags = ACK | PSH, .seq = h.iss + 1, .ack = h.irs + 1, .data = std::string("early")});
    }

    // SR-16: SEND in SYN-RECEIVED queues the data until ESTABLISHED.
    void synReceived_send_isQueuedUntilEstablished_data() { addRows(); }
    void synReceived_send_isQueuedUntilEstablished() {
        HARNESS(h);
        ENTER(h, S::SynReceived, Passive);
        h.send("hello");
        EXPECT_SENT(h.out);
        h.advance(20ms);
        h.arrive(h.ack().ack(h.iss + 1));
        EXPECT_TRANSITIONS(h, "SR-1");
        EXPECT_SENT(h.out,
                    {.flags = ACK | PSH, .seq = h.iss + 1, .ack = h.irs + 1, .data = std::string("hello")});
    }

    // SR-14 with data queued: CLOSE in SYN-RECEIVED queues the FIN behind the data; both go out once the
    // handshake completes.
    void synReceived_closeWithQueuedData_finFollowsData_data() { addRows(); }
    void synReceived_closeWithQueuedData_finFollowsData() {
        HARNESS(h);
        ENTER(h, S::SynReceived, Passive);
        h.send("bye");
        h.close();
        EXPECT_TRANSITIONS(h, "SR-14");
        EXPECT_SENT(h.out);
        h.advance(20ms);
        h.arrive(h.ack().ack(h.iss + 1));
        EXPECT_SENT(h.out,
                    {.flags = ACK | PSH, .seq = h.iss + 1, .ack = h.irs + 1, .data = std::string("bye")},
                    {.flags = FIN | ACK, .seq = h.iss + 4, .ack = h.irs + 1});
        QCOMPARE(h.ep.state(), S::FinWait1);
    }
};

QTEST_GUILESS_MAIN(TestEndpointData)
#include "tst_endpoint_data.moc"
