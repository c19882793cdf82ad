// The busy-server lessons (resources/scenarios) show what their descriptions promise. The golden traces pin
// every byte; these tests name the point of each lesson, so a change that breaks the lesson says so.
#include <QtTest>

#include "io/builtin.h"
#include "io/netstat.h"
#include "io/scenario_json.h"
#include "sim/simulation.h"

using namespace tcplab;

namespace {

Simulation runLesson(const char* name, std::optional<Instant> until = std::nullopt) {
    const ScenarioLoad l = loadScenarioArgument(QStringLiteral("builtin:") + QLatin1String(name));
    if (!l.scenario)
        qFatal("%s: %s", name, qPrintable(l.error));
    Simulation sim(*l.scenario);
    if (until)
        sim.runUntil(*until);
    else
        sim.run();
    return sim;
}

std::string summary(const char* name, double atS, std::uint16_t host) {
    Simulation sim = runLesson(name, kTimeZero + Duration{static_cast<std::int64_t>(atS * 1e9)});
    return renderNetstatSummary(sim, host);
}

bool reached(const Trace& t, const std::string& host, TcpState s) {
    for (const auto& e : t.events)
        if (e.kind == TraceKind::StateChange && t.hostNames[e.host] == host && e.to == s)
            return true;
    return false;
}

} // namespace

class TestBusyLessons : public QObject {
    Q_OBJECT
private slots:
    void synFloodNoCookies_clientTimesOut() {
        const Simulation sim = runLesson("syn-flood-no-cookies");
        QVERIFY(!reached(sim.trace(), "client", TcpState::Established));
        QCOMPARE(summary("syn-flood-no-cookies", 5, 1), std::string("      1 LISTEN\n      4 SYN_RECV\n"));
    }
    void synFloodCookies_clientGetsIn() {
        const Simulation sim = runLesson("syn-flood-cookies");
        QVERIFY(reached(sim.trace(), "client", TcpState::Established));
        QVERIFY(sim.world().hosts[1].counters.cookiesValid == 1);
    }
    void acceptQueueFull_thirdWaitsForAccept() {
        QCOMPARE(summary("accept-queue-full", 2, 1), std::string("      2 ESTABLISHED\n      1 LISTEN\n"));
        QCOMPARE(summary("accept-queue-full", 7, 1), std::string("      3 ESTABLISHED\n      1 LISTEN\n"));
    }
    void closeWaitLeak_socketsRunOut() {
        QCOMPARE(summary("close-wait-leak", 2, 1), std::string("      5 CLOSE_WAIT\n      1 LISTEN\n"));
        const Simulation sim = runLesson("close-wait-leak");
        QVERIFY(sim.world().hosts[1].counters.acceptFailures >= 1);
    }
    void timeWaitPileUp_twentyOnTheClient() {
        QCOMPARE(summary("time-wait-pile-up", 2, 0), std::string("     20 TIME_WAIT\n"));
        QCOMPARE(summary("time-wait-pile-up", 70, 0), std::string());
    }
    void timeWaitSkipped_oldFinClosesNewConnection() {
        const Simulation sim = runLesson("time-wait-skipped-old-fin");
        QCOMPARE(summary("time-wait-skipped-old-fin", 5, 0), std::string("      1 CLOSE_WAIT\n"));
        QCOMPARE(summary("time-wait-skipped-old-fin", 5, 1),
                 std::string("      1 ESTABLISHED\n      1 LISTEN\n"));
        QVERIFY(reached(sim.trace(), "client", TcpState::CloseWait));
    }
    void keepalive_resetAfterThreeProbes() {
        const Simulation sim = runLesson("keepalive-dead-peer");
        bool reset = false;
        for (const auto& e : sim.trace().events)
            if (e.kind == TraceKind::StateChange && e.rule() && e.rule()->id == "ES-21") {
                QCOMPARE(toNanos(e.at), std::int64_t(120'000'000 + 90'000'000'000LL)); // 60 s + 3 × 10 s idle
                reset = true;
            }
        QVERIFY(reset);
    }
};

QTEST_GUILESS_MAIN(TestBusyLessons)
#include "tst_busy_lessons.moc"
