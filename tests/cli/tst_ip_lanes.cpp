// The CLI ladder's lanes are io/ladder.h's laneOrder(), the order the GUI's ladder view uses too: with
// routers, the hosts along the path (client | r1 | server), each router headed "NAME (router)".
#include <QtTest>

#include "io/ladder.h"
#include "io/scenario_json.h"
#include "sim/simulation.h"

using namespace tcplab;

namespace {

Trace runLesson(const char* name) {
    const ScenarioLoad l = loadScenarioArgument(QStringLiteral("builtin:") + QLatin1String(name));
    if (!l.scenario)
        qFatal("%s: %s", name, qPrintable(l.error));
    Simulation sim(*l.scenario);
    sim.run();
    return sim.trace();
}

} // namespace

class TestIpLanes : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void headerFollowsLaneOrder_data() {
        QTest::addColumn<QString>("lesson");
        for (const char* n : {"ip-fragmentation-576", "ip-ping-traceroute", "ip-arp-before-syn", "lost-syn"})
            QTest::newRow(n) << QString::fromLatin1(n);
    }
    void headerFollowsLaneOrder() {
        QFETCH(QString, lesson);
        const Trace t = runLesson(lesson.toLatin1().constData());
        const std::vector<int> order = laneOrder(t);
        QCOMPARE(order.size(), t.hostNames.size());
        // The ladder's first line after the title: "time (s)" then the lane names, left to right.
        const QString ladder = renderLadder(t, {});
        const QString header = ladder.split(QLatin1Char('\n')).front();
        qsizetype previous = -1;
        for (int h : order) {
            const QString name = QString::fromStdString(laneName(t, h));
            const qsizetype at = header.indexOf(name, previous + 1);
            QVERIFY2(at > previous, qPrintable(name + QStringLiteral(" in: ") + header));
            previous = at;
        }
    }

    // A router stands between the hosts it joins, whichever order the file lists them in.
    void routerBetweenItsHosts() {
        const Trace t = runLesson("ip-fragmentation-576");
        std::vector<std::string> names;
        for (int h : laneOrder(t))
            names.push_back(laneName(t, h));
        QCOMPARE(names, (std::vector<std::string>{"client", "r1 (router)", "server"}));
    }
};

QTEST_MAIN(TestIpLanes)
#include "tst_ip_lanes.moc"
