// Fuzz regressions: each file in tests/fuzz/regressions/ is an input that once crashed, hung or misbehaved
// in a fuzz target (fuzz/fuzz_scenario_json.cpp, fuzz/fuzz_scenario_run.cpp). NAME.expected holds the
// loader's exact error message; without it the file must load, and then run to an end.
#include <QDir>
#include <QFile>
#include <QTest>

#include <algorithm>

#include "io/scenario_json.h"
#include "sim/simulation.h"

using namespace tcplab;

class TestFuzzRegressions : public QObject {
    Q_OBJECT

private slots:
    void replay_data();
    void replay();
};

void TestFuzzRegressions::replay_data() {
    QTest::addColumn<QString>("path");
    const QDir dir(QStringLiteral(TCPLAB_SOURCE_DIR "/tests/fuzz/regressions"));
    const QStringList files = dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
    QVERIFY2(!files.isEmpty(), "no regression inputs found");
    for (const QString& f : files)
        QTest::newRow(qPrintable(f)) << dir.filePath(f);
}

void TestFuzzRegressions::replay() {
    QFETCH(QString, path);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const ScenarioLoad load = parseScenarioJson(file.readAll());

    QFile expectedFile(path.chopped(5) + QStringLiteral(".expected")); // NAME.json -> NAME.expected
    if (expectedFile.open(QIODevice::ReadOnly)) {
        QVERIFY2(!load.scenario, "the file loaded, but it should give an error");
        QCOMPARE(load.error, QString::fromUtf8(expectedFile.readAll()).trimmed());
        return;
    }
    QVERIFY2(load.scenario, qPrintable(load.error));
    QCOMPARE(QString::fromStdString(checkScenario(*load.scenario)), QString());
    // Save -> load gives the same scenario.
    const ScenarioLoad again = parseScenarioJson(scenarioToJson(*load.scenario));
    QVERIFY2(again.scenario, qPrintable(again.error));
    QVERIFY(*again.scenario == *load.scenario);

    Scenario sc = *load.scenario;
    sc.maxEvents = std::min<std::uint64_t>(sc.maxEvents, 20'000);
    Simulation sim(std::move(sc));
    sim.run();
    QVERIFY(sim.status() != RunStatus::Running);
    QVERIFY(!sim.trace().events.empty());
    QCOMPARE(sim.trace().events.back().kind, TraceKind::RunEnded);
}

QTEST_GUILESS_MAIN(TestFuzzRegressions)
#include "tst_fuzz_regressions.moc"
