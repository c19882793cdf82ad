// The simulation as a whole: whole-scenario behaviour, determinism, snapshots, links and fault rules.
#include <QtTest>

#include "scenario_builder.h"
#include "sim/simulation.h"

using namespace tcplab;
using namespace tcplab::test;

namespace {

Scenario handshakeDataClose(Profile p = Profile::Rfc9293) {
    Scenario sc = twoHosts(p);
    sc.actions.push_back(connectAt(100ms));
    sc.actions.push_back(sendAt(2s, "client", 100));
    sc.actions.push_back(action(3s, ActionKind::Close, "client"));
    sc.actions.push_back(action(4s, ActionKind::Close, "server"));
    return sc;
}

int countKind(const Trace& t, TraceKind k) {
    return static_cast<int>(
        std::count_if(t.events.begin(), t.events.end(), [&](const auto& e) { return e.kind == k; }));
}

QStringList toList(const std::vector<std::string>& v) {
    QStringList out;
    for (const auto& s : v)
        out << QString::fromStdString(s);
    return out;
}

} // namespace

class TestSimulation : public QObject {
    Q_OBJECT
private slots:
    void handshakeDataClose_segmentsAndStates() {
        Simulation sim(handshakeDataClose());
        sim.run();
        const QStringList expected = {
            "c>s [S] 1000:1000 win 65535 mss 1460", "s>c [S.] 5000:5000 ack 1001 win 65535 mss 1460",
            "c>s [.] 1001:1001 ack 5001 win 65535", "c>s [P.] 1001:1101 ack 5001 win 65535",
            "s>c [.] 5001:5001 ack 1101 win 65535", "c>s [F.] 1101:1101 ack 5001 win 65535",
            "s>c [.] 5001:5001 ack 1102 win 65535", "s>c [F.] 5001:5001 ack 1102 win 65535",
            "c>s [.] 1102:1102 ack 5002 win 65535",
        };
        QCOMPARE(toList(sentSegments(sim.trace())), expected);
        QCOMPARE(toList(statePaths(sim.trace(), "client")),
                 QStringList{"CLOSED>SYN-SENT>ESTABLISHED>FIN-WAIT-1>FIN-WAIT-2>TIME-WAIT>CLOSED"});
        QCOMPARE(
            toList(statePaths(sim.trace(), "server")),
            (QStringList{"CLOSED>LISTEN", "LISTEN>SYN-RECEIVED>ESTABLISHED>CLOSE-WAIT>LAST-ACK>CLOSED"}));
        QCOMPARE(sim.status(), RunStatus::Finished);
    }

    void timeWait_lastsTwoMsl_perProfile_data() {
        QTest::addColumn<int>("profile");
        QTest::addColumn<qint64>("timeWaitMs");
        QTest::newRow("rfc9293: 2 x 2 min") << int(Profile::Rfc9293) << qint64(240000);
        QTest::newRow("linux: 60 s") << int(Profile::Linux) << qint64(60000);
    }
    void timeWait_lastsTwoMsl_perProfile() {
        QFETCH(int, profile);
        QFETCH(qint64, timeWaitMs);
        Simulation sim(handshakeDataClose(static_cast<Profile>(profile)));
        sim.run();
        Instant entered{}, left{};
        for (const auto& e : sim.trace().events) {
            if (e.kind != TraceKind::StateChange)
                continue;
            if (e.to == TcpState::TimeWait)
                entered = e.at;
            if (e.from == TcpState::TimeWait)
                left = e.at;
        }
        QCOMPARE(std::chrono::duration_cast<std::chrono::milliseconds>(left - entered).count(), timeWaitMs);
    }

    void connectToClosedPort_rstAckRefuses() {
        Scenario sc = twoHosts();
        sc.actions.clear(); // nobody listens
        sc.actions.push_back(connectAt(0ms));
        Simulation sim(sc);
        sim.run();
        QCOMPARE(toList(sentSegments(sim.trace())),
                 (QStringList{"c>s [S] 1000:1000 win 65535 mss 1460", "s>c [R.] 0:0 ack 1001 win 0"}));
        QCOMPARE(toList(statePaths(sim.trace(), "client")), QStringList{"CLOSED>SYN-SENT>CLOSED"});
        QCOMPARE(countKind(sim.trace(), TraceKind::ConnectionError), 1);
    }

    void lostSyn_isRetransmittedAfterInitialRto() {
        Scenario sc = handshakeDataClose();
        sc.faults.push_back(dropNth("client", "server", SegmentMatch::Syn, 1));
        Simulation sim(sc);
        sim.run();
        std::vector<Instant> synTimes;
        for (const auto& e : sim.trace().events)
            if (e.kind == TraceKind::SegmentSent && sim.trace().segments[e.segment].flags == TcpFlag::SYN)
                synTimes.push_back(e.at);
        QCOMPARE(synTimes.size(), std::size_t(2));
        QCOMPARE(synTimes[1] - synTimes[0], Duration(1s));
        QCOMPARE(countKind(sim.trace(), TraceKind::SegmentDropped), 1);
    }

    void faultRule_nthPureAck_dropsOnlyThatOne() {
        Scenario sc = handshakeDataClose();
        sc.faults.push_back(
            dropNth("client", "server", SegmentMatch::PureAck, 2)); // the ACK of the server's FIN
        Simulation sim(sc);
        sim.run();
        const Trace& t = sim.trace();
        int dropped = 0;
        for (const auto& e : t.events)
            if (e.kind == TraceKind::SegmentDropped) {
                ++dropped;
                QCOMPARE(t.segments[e.segment].flags, TcpFlag::ACK);
                QCOMPARE(t.segments[e.segment].ack.value(), 5002u);
            }
        QCOMPARE(dropped, 1);
        // The server retransmits its FIN; TIME-WAIT re-ACKs it.
        QCOMPARE(toList(statePaths(t, "server")).last(),
                 QString("LISTEN>SYN-RECEIVED>ESTABLISHED>CLOSE-WAIT>LAST-ACK>CLOSED"));
    }

    void faultRule_delay_and_duplicate() {
        Scenario sc = handshakeDataClose();
        FaultRule delay = dropNth("server", "client", SegmentMatch::SynAck, 1);
        delay.action = FaultAction::Delay;
        delay.delay = 300ms;
        FaultRule dup = dropNth("client", "server", SegmentMatch::Data, 1);
        dup.action = FaultAction::Duplicate;
        sc.faults = {delay, dup};
        Simulation sim(sc);
        sim.run();
        const Trace& t = sim.trace();
        QCOMPARE(countKind(t, TraceKind::SegmentDelayed), 1);
        QCOMPARE(countKind(t, TraceKind::SegmentDuplicated), 1);
        // The SYN,ACK left at 110 ms and arrived 10 ms + 300 ms later.
        for (const auto& e : t.events)
            if (e.kind == TraceKind::SegmentDelivered && (t.segments[e.segment].flags & TcpFlag::SYN) &&
                (t.segments[e.segment].flags & TcpFlag::ACK))
                QCOMPARE(e.at, at(420ms));
        // The duplicate data arrives, is not acceptable (already received), and is answered with an ACK; the
        // application got the 100 bytes once.
        QCOMPARE(sim.delivered(1).bytes, 0u); // connection 1 is the client
        std::uint64_t serverBytes = 0;
        for (std::uint32_t id = 0; id < t.connections.size(); ++id)
            if (t.hostNames[t.connections[id].host] == "server")
                serverBytes += sim.delivered(id).bytes;
        QCOMPARE(serverBytes, 100u);
    }

    void bandwidth_serialisesBackToBack() {
        Scenario sc = twoHosts(Profile::Rfc9293, 10ms);
        sc.links[0].aToB.bandwidthBps = 1'000'000; // 1 Mbit/s
        sc.actions.push_back(connectAt(0ms));
        sc.actions.push_back(sendAt(100ms, "client", 2920));
        Simulation sim(sc);
        sim.run();
        const Trace& t = sim.trace();
        std::vector<Instant> dataArrivals;
        for (const auto& e : t.events)
            if (e.kind == TraceKind::SegmentDelivered && t.segments[e.segment].payloadLen > 0)
                dataArrivals.push_back(e.at);
        QCOMPARE(dataArrivals.size(), std::size_t(2));
        // 1500 bytes on the wire (20 IP + 20 TCP + 1460) take 12 ms at 1 Mbit/s.
        QCOMPARE(dataArrivals[0], at(100ms + 12ms + 10ms));
        QCOMPARE(dataArrivals[1], at(100ms + 24ms + 10ms));
    }

    void sameInstant_eventsRunInInsertionOrder() {
        Scenario sc = twoHosts();
        sc.actions.push_back(connectAt(100ms, 40001));
        sc.actions.push_back(connectAt(100ms, 40002));
        Simulation sim(sc);
        sim.run();
        std::vector<std::uint16_t> synPorts;
        for (const auto& e : sim.trace().events)
            if (e.kind == TraceKind::SegmentSent && sim.trace().segments[e.segment].flags == TcpFlag::SYN)
                synPorts.push_back(sim.trace().segments[e.segment].srcPort);
        QCOMPARE(synPorts, (std::vector<std::uint16_t>{40001, 40002}));
    }

    void stateTriggeredAction_runsOnceAfterTheState() {
        Scenario sc = twoHosts();
        sc.actions.push_back(connectAt(0ms));
        ActionSpec send = sendAt(0ms, "client", 10);
        send.when.at.reset();
        send.when.onHost = "client";
        send.when.onState = TcpState::Established;
        send.when.after = 5ms;
        sc.actions.push_back(send);
        Simulation sim(sc);
        sim.run();
        int sends = 0;
        for (const auto& e : sim.trace().events)
            if (e.kind == TraceKind::UserCall && e.value() == std::uint64_t(ActionKind::Send)) {
                ++sends;
                QCOMPARE(e.at, at(20ms + 5ms)); // ESTABLISHED at 20 ms (one RTT), then 5 ms
            }
        QCOMPARE(sends, 1);
    }

    // A cancelled timer at the head of the queue must not let runUntil() run a later event past its limit.
    void runUntil_cancelledTimerFirst_stopsAtLimit() {
        Scenario sc = twoHosts();
        sc.actions.push_back(connectAt(0ms)); // its SYN timer (1 s) is cancelled at 20 ms
        sc.actions.push_back(action(5s, ActionKind::Close, "client"));
        Simulation sim(sc);
        sim.runUntil(at(1s));
        QCOMPARE(sim.status(), RunStatus::Running);
        for (const auto& e : sim.trace().events)
            QVERIFY(e.at <= at(1s));
    }

    void listenBacklog_full_dropsSyn() {
        Scenario sc = twoHosts();
        sc.actions[0].backlog = 1;
        sc.faults.push_back(dropNth("client", "server", SegmentMatch::PureAck, 0)); // keep them half-open
        sc.actions.push_back(connectAt(0ms, 40001));
        sc.actions.push_back(connectAt(1ms, 40002));
        sc.duration = 500ms;
        Simulation sim(sc);
        sim.run();
        int queueFull = 0;
        for (const auto& e : sim.trace().events)
            if (e.kind == TraceKind::Note &&
                QString::fromStdString(std::string(sim.trace().text(e))).contains("SYN queue is full"))
                ++queueFull;
        QCOMPARE(queueFull, 1);
        QCOMPARE(sim.status(), RunStatus::TimeLimit);
    }

    void eventLimit_stopsARunaway() {
        Scenario sc = handshakeDataClose();
        sc.maxEvents = 5;
        Simulation sim(sc);
        sim.run();
        QCOMPARE(sim.status(), RunStatus::EventLimit);
        QCOMPARE(sim.world().eventsProcessed, 5u);
        QCOMPARE(sim.trace().events.back().kind, TraceKind::RunEnded);
    }

    void snapshot_restoreAndReplay_givesTheSameRun() {
        Scenario sc = handshakeDataClose(Profile::Linux);
        sc.links[0].aToB.loss = 0.2;
        sc.links[0].aToB.jitter = 3ms;
        sc.links[0].bToA.duplicate = 0.2;
        Simulation sim(sc, 99);
        for (int i = 0; i < 12; ++i)
            QVERIFY(sim.step());
        const auto snap = sim.snapshot();
        sim.run();
        const std::string first = describeTrace(sim.trace());
        const World endWorld = sim.world();
        sim.restore(snap);
        QCOMPARE(sim.trace().events.size(), snap.mark.events);
        QVERIFY(sim.world() == snap.world);
        sim.run();
        QCOMPARE(describeTrace(sim.trace()), first);
        QVERIFY(sim.world() == endWorld);
    }

    // A copy of the run cut back to an early snapshot, then restored to a later one, takes the trace records
    // it lacks from the finished run: it goes on exactly as the run did, and its trace ends the same.
    void snapshot_restoreFromFinishedRun_growsTheTraceBack() {
        Scenario sc = handshakeDataClose(Profile::Linux);
        sc.links[0].aToB.loss = 0.2;
        sc.links[0].bToA.duplicate = 0.2;
        Simulation full(sc, 7);
        for (int i = 0; i < 3; ++i)
            QVERIFY(full.step());
        const auto early = full.snapshot();
        for (int i = 0; i < 15; ++i)
            QVERIFY(full.step());
        const auto late = full.snapshot();
        Simulation live = full; // a live instance of the player, at the late snapshot
        full.run();
        live.restore(early);
        QCOMPARE(live.trace().events.size(), early.mark.events);
        live.restore(late, full);
        QCOMPARE(live.trace().events.size(), late.mark.events);
        QCOMPARE(live.trace().strings.size(), late.mark.strings);
        QVERIFY(live.world() == late.world);
        live.run();
        QCOMPARE(describeTrace(live.trace()), describeTrace(full.trace()));
        QVERIFY(live.world() == full.world());
    }

    // The trace's string pool is part of the snapshot's mark: texts first seen after it are forgotten, and
    // the replay interns them again under the same ids.
    void snapshot_restore_truncatesTheStringPool() {
        Simulation sim(handshakeDataClose(Profile::Linux));
        for (int i = 0; i < 4; ++i)
            QVERIFY(sim.step());
        const auto snap = sim.snapshot();
        sim.run();
        const std::size_t endStrings = sim.trace().strings.size();
        const std::string first = describeTrace(sim.trace());
        QVERIFY(endStrings > snap.mark.strings);
        sim.restore(snap);
        QCOMPARE(sim.trace().strings.size(), snap.mark.strings);
        sim.run();
        QCOMPARE(sim.trace().strings.size(), endStrings);
        QCOMPARE(describeTrace(sim.trace()), first);
    }

    // A copied trace has an index of its own: it still finds its strings when the original is gone.
    void trace_copy_keepsItsStringIndex() {
        Trace copy;
        std::uint32_t id = 0;
        {
            Trace t;
            id = t.strings.intern("lost on link a-b");
            copy = t;
        }
        QCOMPARE(copy.strings.intern("lost on link a-b"), id);
        QCOMPARE(copy.strings[id], std::string_view("lost on link a-b"));
        QCOMPARE(copy.strings.intern("another"), id + 1);
        QCOMPARE(copy.strings[0], std::string_view());
    }

    // A text that names something unique (a fragment's datagram ID) is stored but not indexed: the same
    // text interned later gets an id of its own, and a copy keeps both kinds apart.
    void stringPool_uniqueTexts_areStoredWithoutTheIndex() {
        StringPool pool;
        const std::uint32_t unique = pool.add("every fragment of ID 0x0001 is here");
        const std::uint32_t interned = pool.intern("every fragment of ID 0x0001 is here");
        QVERIFY(interned != unique);
        QCOMPARE(pool[unique], pool[interned]);
        const StringPool copy = pool;
        StringPool again = copy;
        QCOMPARE(again.intern("every fragment of ID 0x0001 is here"), interned);
        QCOMPARE(again[unique], std::string_view("every fragment of ID 0x0001 is here"));
    }

    // Strings live in blocks shared by many; a restore gives back the space of the strings it forgets, so
    // rewinding and replaying does not grow the pool.
    void stringPool_truncate_reusesTheBlocks() {
        StringPool pool;
        pool.intern("kept");
        const std::size_t mark = pool.size();
        const auto fill = [&pool] {
            for (int i = 0; i < 2000; ++i)
                pool.add("fragment at offset " + std::to_string(i * 8) +
                         " stored: 1 fragment held for ID 0x1234");
        };
        fill();
        const std::size_t bytes = pool.memoryBytes();
        for (int round = 0; round < 3; ++round) {
            pool.truncate(mark);
            QCOMPARE(pool.size(), mark);
            QCOMPARE(pool[1], std::string_view("kept"));
            fill();
            QCOMPARE(pool.memoryBytes(), bytes);
        }
        QCOMPARE(pool[static_cast<std::uint32_t>(mark + 5)],
                 std::string_view("fragment at offset 40 stored: 1 fragment held for ID 0x1234"));
    }

    // A state change's rule shares storage with the other kinds' value: only a state change has a rule.
    void traceEvent_ruleOnlyOnStateChanges() {
        TraceEvent ev;
        ev.kind = TraceKind::StateChange;
        ev.setRule(&transitionTable()[2]);
        QCOMPARE(ev.rule(), &transitionTable()[2]);
        ev.kind = TraceKind::DatagramSent;
        ev.setValue(5);
        QCOMPARE(ev.rule(), nullptr);
        QCOMPARE(ev.value(), std::uint64_t{5});
    }

    // The text and the RFC reference are one (text, RFC) pair: events with the same pair share it, and each
    // part reads back on its own.
    void trace_annotate_sharesPairs() {
        Trace t;
        TraceEvent a;
        TraceEvent b;
        t.annotate(a, "lost on link a-b", "RFC 791");
        t.annotate(b, "lost on link a-b", "RFC 791");
        QCOMPARE(a.noteId, b.noteId);
        t.setRfc(b, "RFC 1122");
        QVERIFY(a.noteId != b.noteId);
        QCOMPARE(t.text(b), std::string_view("lost on link a-b"));
        QCOMPARE(t.rfc(b), std::string_view("RFC 1122"));
        QCOMPARE(t.rfc(a), std::string_view("RFC 791"));
    }

    // A trace grown back from the finished run reads the same texts and pairs, and its indexes hold what the
    // full run's held: an interned text or pair is found again, a unique text (a datagram's ID) is not.
    void trace_extendFrom_carriesTheTextsAndPairs() {
        Trace full;
        const Trace::Mark start = full.mark();
        TraceEvent lost;
        full.annotate(lost, "lost on link a-b", "RFC 791");
        full.events.push_back(lost);
        TraceEvent stored;
        full.annotate(stored, "fragment held for ID 0x0002", "RFC 791 §3.2", true);
        full.events.push_back(stored);
        Trace live = full;
        live.truncate(start);
        QVERIFY(!live.reaches(full.mark()));
        live.extendFrom(full, full.mark());
        QVERIFY(live.reaches(full.mark()));
        QCOMPARE(live.text(live.events[0]), std::string_view("lost on link a-b"));
        QCOMPARE(live.rfc(live.events[1]), std::string_view("RFC 791 §3.2"));
        QCOMPARE(live.text(live.events[1]), std::string_view("fragment held for ID 0x0002"));
        TraceEvent again;
        live.annotate(again, "lost on link a-b", "RFC 791");
        QCOMPARE(again.noteId, lost.noteId);
        const std::size_t strings = live.strings.size();
        QVERIFY(live.strings.intern("fragment held for ID 0x0002") >= strings);
    }

    void sameSeed_sameTrace_otherSeed_otherTrace() {
        Scenario sc = handshakeDataClose();
        sc.actions[2].bytes = 20000;
        sc.links[0].aToB.loss = 0.1;
        sc.links[0].bToA.loss = 0.1;
        sc.links[0].aToB.jitter = 4ms;
        Simulation a(sc, 7), b(sc, 7), c(sc, 8);
        a.run();
        b.run();
        c.run();
        QCOMPARE(describeTrace(a.trace()), describeTrace(b.trace()));
        QVERIFY(describeTrace(a.trace()) != describeTrace(c.trace()));
    }

    // The delivery hash checks "in order, exactly once" whatever sizes the stream was delivered in.
    void deliveryStats_dependsOnTheStreamNotOnItsCuts() {
        const std::string stream = "the quick brown fox jumps over the lazy dog, 0123456789";
        DeliveryStats whole;
        whole.add(stream);
        for (std::size_t cut1 = 0; cut1 <= stream.size(); cut1 += 3)
            for (std::size_t cut2 = cut1; cut2 <= stream.size(); cut2 += 5) {
                DeliveryStats parts;
                parts.add(std::string_view(stream).substr(0, cut1));
                parts.add(std::string_view(stream).substr(cut1, cut2 - cut1));
                parts.add(std::string_view(stream).substr(cut2));
                QVERIFY(parts == whole);
            }
    }

    void deliveryStats_detectsReorderedAndDuplicatedBytes() {
        const std::string stream = "abcdefghijklmnopqrstuvwxyz0123456789";
        DeliveryStats whole;
        whole.add(stream);
        for (std::size_t i = 0; i + 1 < stream.size(); ++i) {
            std::string swapped = stream;
            std::swap(swapped[i], swapped[i + 1]); // two neighbours, inside a word or across words
            DeliveryStats s;
            s.add(swapped);
            QVERIFY(!(s == whole));
        }
        for (std::size_t chunk = 1; chunk <= 16; ++chunk) {
            // The first `chunk` bytes delivered twice, in place of the stream's last `chunk` bytes.
            DeliveryStats s;
            s.add(std::string_view(stream).substr(0, chunk));
            s.add(std::string_view(stream).substr(0, stream.size() - chunk));
            QCOMPARE(s.bytes, whole.bytes);
            QVERIFY(!(s == whole));
        }
    }
};

QTEST_GUILESS_MAIN(TestSimulation)
#include "tst_simulation.moc"
