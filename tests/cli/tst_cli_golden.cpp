// Whole-scenario tests: every built-in lesson's JSON Lines trace against tests/golden/NAME.jsonl, and the
// determinism those golden files rely on (the same scenario and seed give the same bytes).
//
// After a change that alters traces on purpose, regenerate the golden files and review the diff:
//   TCPLAB_UPDATE_GOLDEN=1 ctest --test-dir build -R tst_cli_golden
#include "io/builtin.h"
#include "io/ladder.h"
#include "io/scenario_json.h"
#include "io/trace_jsonl.h"
#include "sim/simulation.h"

#include <QDir>
#include <QFile>
#include <QSaveFile>
#include <QtTest>

using namespace tcplab;

namespace {

const QString kGoldenDir = QStringLiteral(TCPLAB_SOURCE_DIR "/tests/golden");

bool updating() {
    return qEnvironmentVariable("TCPLAB_UPDATE_GOLDEN") == QLatin1String("1");
}

QByteArray runJsonl(const Scenario& sc, std::optional<std::uint64_t> seed = std::nullopt) {
    Simulation sim(sc, seed);
    sim.run();
    return traceToJsonl(sim.trace());
}

// "line 12 differs:\n  expected: ...\n  actual:   ..." for the first difference.
QString firstDifference(const QByteArray& expected, const QByteArray& actual) {
    const QList<QByteArray> e = expected.split('\n');
    const QList<QByteArray> a = actual.split('\n');
    for (qsizetype i = 0; i < std::max(e.size(), a.size()); ++i) {
        const QByteArray el = i < e.size() ? e[i] : QByteArray("<end of file>");
        const QByteArray al = i < a.size() ? a[i] : QByteArray("<end of file>");
        if (el != al)
            return QStringLiteral("line %1 differs:\n  expected: %2\n  actual:   %3")
                .arg(i + 1)
                .arg(QString::fromUtf8(el), QString::fromUtf8(al));
    }
    return QStringLiteral("no difference");
}

void addBuiltinRows() {
    QTest::addColumn<QString>("name");
    const QStringList names = builtinScenarioNames();
    QVERIFY2(!names.isEmpty(), "the built-in lessons are missing");
    for (const QString& n : names)
        QTest::newRow(qPrintable(n)) << n;
}

Scenario loadBuiltin(const QString& name) {
    const ScenarioLoad load = loadScenarioArgument(QStringLiteral("builtin:") + name);
    if (!load.scenario)
        qFatal("builtin:%s does not load: %s", qPrintable(name), qPrintable(load.error));
    return *load.scenario;
}

} // namespace

class TestCliGolden : public QObject {
    Q_OBJECT

private slots:
    void golden_data() { addBuiltinRows(); }
    void golden() {
        QFETCH(QString, name);
        const QByteArray actual = runJsonl(loadBuiltin(name));
        const QString path = kGoldenDir + QLatin1Char('/') + name + QStringLiteral(".jsonl");
        if (updating()) {
            QVERIFY(QDir().mkpath(kGoldenDir));
            QSaveFile out(path);
            QVERIFY(out.open(QIODevice::WriteOnly));
            QCOMPARE(out.write(actual), actual.size());
            QVERIFY(out.commit());
            qInfo("wrote %s", qPrintable(path));
            return;
        }
        QFile f(path);
        QVERIFY2(f.open(QIODevice::ReadOnly),
                 qPrintable(path + " is missing: run with TCPLAB_UPDATE_GOLDEN=1 to create it"));
        const QByteArray expected = f.readAll();
        QVERIFY2(expected == actual, qPrintable(name + ": " + firstDifference(expected, actual) +
                                                "\n(if the change is intended: TCPLAB_UPDATE_GOLDEN=1)"));
    }

    // A golden file whose lesson is gone (renamed or deleted) would never be checked again.
    void golden_noStaleFiles() {
        const QStringList names = builtinScenarioNames();
        const QStringList files = QDir(kGoldenDir).entryList({QStringLiteral("*.jsonl")}, QDir::Files);
        for (const QString& file : files)
            QVERIFY2(names.contains(file.chopped(6)),
                     qPrintable("tests/golden/" + file + " has no built-in lesson"));
    }

    void determinism_sameSeedSameBytes_data() { addBuiltinRows(); }
    void determinism_sameSeedSameBytes() {
        QFETCH(QString, name);
        const Scenario sc = loadBuiltin(name);
        QCOMPARE(runJsonl(sc), runJsonl(sc));
        // Another seed: the ISNs and any random loss change, and the run is just as reproducible.
        const QByteArray other = runJsonl(sc, 0x5eed'1234'abcdULL);
        QCOMPARE(runJsonl(sc, 0x5eed'1234'abcdULL), other);
    }

    // The renderers read every record of a real trace without tripping over anything.
    void renderers_handleEveryBuiltin_data() { addBuiltinRows(); }
    void renderers_handleEveryBuiltin() {
        QFETCH(QString, name);
        Simulation sim(loadBuiltin(name));
        sim.run();
        const QString ladder = renderLadder(sim.trace(), {});
        QVERIFY(ladder.contains(QString::fromStdString(sim.trace().hostNames.front())));
        QVERIFY(ladder.contains(QStringLiteral("== end of run: ")));
        std::size_t sent = 0;
        for (const auto& ev : sim.trace().events)
            if (ev.kind == TraceKind::SegmentSent || ev.kind == TraceKind::SegmentDuplicated)
                ++sent;
        QCOMPARE(static_cast<std::size_t>(renderTcpdump(sim.trace(), {}).count(QLatin1Char('\n'))), sent);
    }
};

QTEST_GUILESS_MAIN(TestCliGolden)
#include "tst_cli_golden.moc"
