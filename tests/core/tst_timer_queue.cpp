// The event queue keeps one entry per armed TCP timer (TimerBook) instead of one per arming. That must not
// change the order in which anything happens: every trace stays byte for byte what the queue with one entry
// per arming, stale ones dropped when they come up (Simulation::useReferenceTimerQueue), gives. Randomized
// over seeded scenarios with loss, duplication, reordering, jitter, short timeouts (so that a timer is often
// re-armed to a deadline it had before, and ties with other events are common) and zero-length TIME-WAIT.
#include <QtTest>

#include <map>
#include <tuple>

#include "io/trace_jsonl.h"
#include "scenario_builder.h"
#include "sim/simulation.h"

using namespace tcplab;
using namespace tcplab::test;

namespace {

Duration ms(std::uint64_t n) {
    return Duration{static_cast<std::int64_t>(n) * 1'000'000};
}

// The scenario's shape comes from its own generator seeded by the case number, so a failure names its case.
Scenario makeCase(std::uint64_t n) {
    Rng g(n * 104729 + 7);
    const std::uint64_t delay = g.between(1, 30);
    Scenario sc = twoHosts(g.chance(0.5) ? Profile::Linux : Profile::Rfc9293, ms(delay));
    sc.seed = n;
    sc.duration = std::chrono::seconds(120);
    for (auto& h : sc.hosts) {
        h.tcp.push_back({"tcp_fin_timeout", 5});
        // Whole milliseconds everywhere: deadlines often coincide with each other and with arrivals.
        // Timeouts of one or two link delays make timers expire together with arrivals: a delayed ACK armed,
        // cancelled (an ACK sent) and armed again at one instant expires when that ACK arrives.
        auto timeout = [&](std::uint64_t lo, std::uint64_t hi) {
            return static_cast<std::int64_t>(g.chance(0.5) ? delay * g.between(1, 2) : g.between(lo, hi));
        };
        h.tcp.push_back({"rto_min_ms", timeout(1, 250)});
        h.tcp.push_back({"rto_initial_ms", static_cast<std::int64_t>(g.between(20, 1000))});
        h.tcp.push_back({"time_wait_ms", g.chance(0.3) ? 0 : static_cast<std::int64_t>(g.between(1, 200))});
        if (g.chance(0.7))
            h.tcp.push_back({"delayed_ack_ms", timeout(1, 60)});
        if (g.chance(0.3))
            h.tcp.push_back({"delayed_ack", 0});
        if (g.chance(0.3)) {
            h.tcp.push_back({"keepalive", 1});
            h.tcp.push_back({"tcp_keepalive_time", 1});
            h.tcp.push_back({"tcp_keepalive_intvl", 1});
        }
        if (g.chance(0.3))
            h.tcp.push_back({"mss", static_cast<std::int64_t>(g.between(88, 1460))});
        if (g.chance(0.3))
            h.tcp.push_back({"rcv_buf", static_cast<std::int64_t>(g.between(500, 65535))});
    }
    for (LinkDirection* d : {&sc.links[0].aToB, &sc.links[0].bToA}) {
        d->loss = g.chance(0.7) ? g.unit() * 0.2 : 0.0;
        d->duplicate = g.chance(0.4) ? g.unit() * 0.15 : 0.0;
        d->reorder = g.chance(0.4) ? g.unit() * 0.2 : 0.0;
        d->jitter = g.chance(0.5) ? Duration{0} : ms(g.between(1, 5));
        if (g.chance(0.3))
            d->bandwidthBps = static_cast<std::uint64_t>(g.between(1'000'000, 50'000'000));
    }
    const int connections = static_cast<int>(g.between(1, 3));
    for (int c = 0; c < connections; ++c) {
        sc.actions.push_back(connectAt(ms(g.between(0, 50)), static_cast<std::uint16_t>(40000 + c)));
        ActionSpec send = sendAt(ms(g.between(50, 400)), "client", g.between(0, 40000));
        send.localPort = static_cast<std::uint16_t>(40000 + c);
        sc.actions.push_back(send);
        ActionSpec close = action(ms(g.between(100, 3000)), ActionKind::Close, "client");
        close.localPort = static_cast<std::uint16_t>(40000 + c);
        sc.actions.push_back(close);
        // The server answers on its newest connection and closes it (or a listener, when none is left).
        if (g.chance(0.5))
            sc.actions.push_back(sendAt(ms(g.between(60, 500)), "server", g.between(0, 10000)));
        sc.actions.push_back(action(ms(g.between(100, 3000)), ActionKind::Close, "server"));
    }
    return sc;
}

// Whether a timer was re-armed to a deadline it had been armed to before, with another arming or a
// cancellation in between: the case in which the first arming's place in the queue decides.
int armedBackToAnEarlierDeadline(const Trace& t) {
    std::map<std::tuple<std::uint32_t, int, std::int64_t>, bool> seen;
    std::map<std::pair<std::uint32_t, int>, std::optional<Instant>> last;
    int count = 0;
    for (const auto& e : t.events) {
        if (e.kind != TraceKind::TimerArmed && e.kind != TraceKind::TimerCancelled &&
            e.kind != TraceKind::TimerFired)
            continue;
        const std::pair timer{e.conn, int(e.timer)};
        if (e.kind != TraceKind::TimerArmed) {
            last[timer].reset();
            continue;
        }
        const Instant d = e.deadline();
        const auto key = std::tuple{e.conn, int(e.timer), d.time_since_epoch().count()};
        if (seen[key] && last[timer] != d && d > e.at)
            ++count;
        seen[key] = true;
        last[timer] = d;
    }
    return count;
}

} // namespace

class TestTimerQueue : public QObject {
    Q_OBJECT
private slots:
    void randomScenarios_traceAsWithOneEntryPerArming() {
        int armedBack = 0;
        for (std::uint64_t n = 1; n <= 400; ++n) {
            const Scenario sc = makeCase(n);
            QCOMPARE(QString::fromStdString(checkScenario(sc)), QString());
            Simulation reference(sc);
            reference.useReferenceTimerQueue();
            reference.run();
            Simulation sim(sc);
            sim.run();
            const QByteArray where = "case " + QByteArray::number(quint64(n));
            QVERIFY2(traceToJsonl(sim.trace()) == traceToJsonl(reference.trace()), where);
            QVERIFY2(sim.world().eventsProcessed == reference.world().eventsProcessed, where);
            armedBack += armedBackToAnEarlierDeadline(sim.trace());
        }
        // The cases exercise what the bookkeeping is for.
        QVERIFY(armedBack > 100);
    }

    // The entry of a timer re-armed to a deadline it had before goes where the first of those armings put it
    // (the lower insertion number runs first among equal times), unless the queue has passed that one.
    void timerArms_firstArmingToADeadline_isTheEarliestNotPassed() {
        const Instant d1 = at(100ms), d2 = at(200ms);
        TimerArms arms;
        TimerArms::List l;
        arms.insert(l, {d2, 10}); // armed to d2,
        arms.insert(l, {d1, 11}); // re-armed to an earlier deadline,
        arms.insert(l, {d2, 12}); // and back to d2
        arms.insert(l, {d2, 13});
        QCOMPARE(arms.firstAt(l, d2, {at(0ms), 0}), (TimerArms::Arm{d2, 10}));
        QCOMPARE(arms.firstAt(l, d1, {at(0ms), 0}), (TimerArms::Arm{d1, 11}));
        // At d2 itself, after the event with insertion number 10 was handled:
        QCOMPARE(arms.firstAt(l, d2, {d2, 10}), (TimerArms::Arm{d2, 12}));
        QVERIFY(!arms.firstAt(l, at(150ms), {at(0ms), 0}));
        arms.dropUpTo(l, {d2, 12}); // the queue has passed d1 and the first two armings to d2
        QCOMPARE(arms.firstAt(l, d2, {at(0ms), 0}), (TimerArms::Arm{d2, 13}));
        QVERIFY(!arms.firstAt(l, d1, {at(0ms), 0}));
        arms.clear(l);
        QVERIFY(!arms.firstAt(l, d2, {at(0ms), 0}));
    }

    // A snapshot holds the timers' bookkeeping: restoring one and running on gives the same run.
    void randomScenarios_restoreAndReplay_givesTheSameRun() {
        for (std::uint64_t n = 1; n <= 400; n += 7) {
            const Scenario sc = makeCase(n);
            Simulation full(sc);
            full.run();
            Simulation sim(sc);
            Rng g(n);
            const std::uint64_t cut = g.below(full.world().eventsProcessed + 1);
            while (sim.world().eventsProcessed < cut && sim.step()) {
            }
            const auto snap = sim.snapshot();
            sim.run();
            sim.restore(snap);
            sim.run();
            const QByteArray where = "case " + QByteArray::number(quint64(n));
            QVERIFY2(sim.world() == full.world(), where);
            QVERIFY2(traceToJsonl(sim.trace()) == traceToJsonl(full.trace()), where);
        }
    }

    // What it is for: a bulk transfer re-arms the retransmission timer on every ACK; the queue keeps one
    // entry for it instead of one per ACK of the last RTO.
    void bulkTransfer_queueHoldsOneEntryPerTimer() {
        Scenario sc = twoHosts(Profile::Linux, 1ms);
        sc.links[0].aToB.bandwidthBps = 100'000'000;
        for (auto& h : sc.hosts)
            h.tcp.push_back({"rto_min_ms", 1000});
        sc.actions.push_back(connectAt(0ms));
        sc.actions.push_back(sendAt(10ms, "client", 2'000'000));
        auto peakQueue = [&](bool reference) {
            Simulation sim(sc);
            if (reference)
                sim.useReferenceTimerQueue();
            std::size_t peak = 0;
            while (sim.step())
                peak = std::max(peak, sim.world().queue.size());
            return peak;
        };
        const std::size_t one = peakQueue(false), perArming = peakQueue(true);
        qInfo() << "peak queue size:" << one << "(one entry per arming:" << perArming << ")";
        QVERIFY(perArming > 100);
        QVERIFY(one * 10 < perArming);
    }
};

QTEST_GUILESS_MAIN(TestTimerQueue)
#include "tst_timer_queue.moc"
