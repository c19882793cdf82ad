// Randomized: 1,000 seeded scenarios with random loss, duplication, reordering, jitter and delay, both
// profiles, ISNs anywhere (including next to the 2^32 wrap), and checks what must always hold:
//  - the bytes each application receives are a prefix of what the peer sent, in order, exactly once, and
//    all of it unless a side gave up with a reason;
//  - every state change is a row of the transition table;
//  - every connection ends CLOSED (a half-open child may return to LISTEN), or a side reported why;
//  - the run ends by itself and no timer is left armed.
#include <QtTest>

#include "scenario_builder.h"
#include "sim/simulation.h"
#include "tcp/transitions.h"

using namespace tcplab;
using namespace tcplab::test;

namespace {

DeliveryStats patternStats(std::uint64_t n) {
    std::string data(static_cast<std::size_t>(n), '\0');
    for (std::size_t i = 0; i < data.size(); ++i)
        data[i] = static_cast<char>('a' + i % 26);
    DeliveryStats s;
    s.add(data);
    return s;
}

struct Case {
    Scenario sc;
    std::uint64_t clientBytes = 0;
    std::uint64_t serverBytes = 0;
};

// The scenario's shape is drawn from its own generator (seeded by the case number), separately from the
// simulation's, so that a failure names one case number that reproduces it.
Case makeCase(std::uint64_t n) {
    Rng g(n * 7919 + 1);
    Case c;
    Scenario& sc = c.sc;
    sc = twoHosts(g.chance(0.5) ? Profile::Linux : Profile::Rfc9293, Duration{g.between(1, 50) * 1'000'000});
    sc.seed = n;
    sc.duration = std::chrono::hours(3);
    auto isn = [&]() -> std::uint32_t {
        return g.chance(0.3) ? static_cast<std::uint32_t>(0xFFFFFFFFu - g.below(3000)) : g.next32();
    };
    sc.hosts[0].isn = isn();
    sc.hosts[1].isn = isn();
    for (auto& h : sc.hosts) {
        h.tcp.push_back({"tcp_fin_timeout", 60}); // so that no side can wait for ever in FIN-WAIT-2
        if (g.chance(0.3))
            h.tcp.push_back({"mss", static_cast<std::int64_t>(g.between(88, 1460))});
        if (g.chance(0.2))
            h.tcp.push_back({"rcv_buf", static_cast<std::int64_t>(g.between(1000, 65535))});
    }
    for (LinkDirection* d : {&sc.links[0].aToB, &sc.links[0].bToA}) {
        d->loss = g.chance(0.7) ? g.unit() * 0.15 : 0.0;
        d->duplicate = g.chance(0.3) ? g.unit() * 0.1 : 0.0;
        d->reorder = g.chance(0.3) ? g.unit() * 0.2 : 0.0;
        d->jitter = Duration{g.between(0, 5) * 1'000'000};
        if (g.chance(0.3))
            d->bandwidthBps = static_cast<std::uint64_t>(g.between(1'000'000, 100'000'000));
    }
    c.clientBytes = static_cast<std::uint64_t>(g.between(0, 30000));
    c.serverBytes = g.chance(0.5) ? static_cast<std::uint64_t>(g.between(0, 10000)) : 0;
    sc.actions.push_back(connectAt(Duration{g.between(0, 100) * 1'000'000}));
    auto onEstablished = [&](const std::string& host, ActionKind kind, std::uint64_t bytes, Duration after) {
        ActionSpec a;
        a.when.onHost = host;
        a.when.onState = TcpState::Established;
        a.when.after = after;
        a.kind = kind;
        a.host = host;
        a.bytes = bytes;
        sc.actions.push_back(a);
    };
    if (c.clientBytes)
        onEstablished("client", ActionKind::Send, c.clientBytes, 0ms);
    if (c.serverBytes)
        onEstablished("server", ActionKind::Send, c.serverBytes, Duration{g.between(0, 50) * 1'000'000});
    // Who closes first, and when: sometimes together (simultaneous close), sometimes at once.
    const Duration clientClose = Duration{g.between(0, 3000) * 1'000'000};
    const Duration serverClose = g.chance(0.2) ? clientClose : Duration{g.between(0, 3000) * 1'000'000};
    onEstablished("client", ActionKind::Close, 0, clientClose);
    onEstablished("server", ActionKind::Close, 0, serverClose);
    return c;
}

} // namespace

class TestInvariants : public QObject {
    Q_OBJECT
private slots:
    void randomScenarios_keepTheInvariants() {
        int finishedCleanly = 0, abortedWithReason = 0, withLoss = 0;
        for (std::uint64_t n = 1; n <= 1000; ++n) {
            const Case c = makeCase(n);
            QCOMPARE(QString::fromStdString(checkScenario(c.sc)), QString());
            Simulation sim(c.sc);
            sim.run();
            const Trace& t = sim.trace();
            if (qEnvironmentVariableIntValue("TCPLAB_DUMP_CASE") == int(n))
                qInfo().noquote() << QString::fromStdString(describeTrace(t));
            const QByteArray where = "case " + QByteArray::number(quint64(n));

            QVERIFY2(sim.status() == RunStatus::Finished, where + ": the run did not end by itself");

            bool anyError = false;
            for (const auto& e : t.events) {
                if (e.kind == TraceKind::ConnectionError)
                    anyError = true;
                if (e.kind == TraceKind::SegmentDropped)
                    ++withLoss;
                if (e.kind != TraceKind::StateChange)
                    continue;
                QVERIFY2(e.rule() != nullptr, where);
                const TransitionRule* row = findTransition(e.rule()->id);
                QVERIFY2(row == e.rule() && row->from == e.from && row->to == e.to,
                         where + ": a state change that is not a row of the table");
            }

            // Last state of every connection.
            std::vector<TcpState> last(t.connections.size(), TcpState::Closed);
            for (const auto& e : t.events)
                if (e.kind == TraceKind::StateChange)
                    last[e.conn] = e.to;
            for (std::uint32_t id = 0; id < t.connections.size(); ++id) {
                if (t.connections[id].listener)
                    continue;
                QVERIFY2(last[id] == TcpState::Closed || last[id] == TcpState::Listen || anyError,
                         where + ": connection " + QByteArray::number(id) + " ended in " +
                             QByteArray(stateName(last[id]).data(), int(stateName(last[id]).size())));
            }
            // No timer left armed on any live connection.
            for (const auto& h : sim.world().hosts)
                for (const auto& [id, conn] : h.connections)
                    QVERIFY2(!conn.tcb.nextDeadline(), where + ": a timer is left armed");

            // Delivered bytes: a prefix of what was sent, once and in order; all of it without errors.
            for (std::uint32_t id = 0; id < t.connections.size(); ++id) {
                const auto& rec = t.connections[id];
                if (rec.listener)
                    continue;
                // What the peer's application wrote and TCP accepted (a SEND after CLOSE is refused).
                std::uint64_t sent = 0;
                for (std::uint32_t peer = 0; peer < t.connections.size(); ++peer)
                    if (t.connections[peer].local == rec.remote && t.connections[peer].remote == rec.local)
                        sent = sim.accepted(peer);
                QVERIFY2(sent <= std::max(c.clientBytes, c.serverBytes), where);
                const DeliveryStats got = sim.delivered(id);
                QVERIFY2(got.bytes <= sent, where + ": more bytes delivered than sent");
                QVERIFY2(got == patternStats(got.bytes),
                         where + ": delivered bytes differ from what was sent");
                if (!anyError && (last[id] == TcpState::Closed))
                    QVERIFY2(got.bytes == sent,
                             where + ": bytes missing although both sides closed normally");
            }
            if (anyError)
                ++abortedWithReason;
            else
                ++finishedCleanly;
        }
        qInfo("1000 scenarios: %d closed normally, %d aborted with a reason, %d segments dropped in all",
              finishedCleanly, abortedWithReason, withLoss);
        QVERIFY(finishedCleanly > 500);
        QVERIFY(withLoss > 1000);
    }
};

QTEST_GUILESS_MAIN(TestInvariants)
#include "tst_invariants.moc"
