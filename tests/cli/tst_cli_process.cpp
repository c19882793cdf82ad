// tcplab-cli as a user runs it: each command's exit status (0 ok, 1 bad input, 2 usage) and output, through
// QProcess on the built executable.
#include "io/builtin.h"
#include "io/scenario_json.h"
#include "io/trace_jsonl.h"
#include "sim/simulation.h"

#include <QFile>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace tcplab;

namespace {

const QString kCli = QStringLiteral(TCPLAB_BINARY_DIR "/app/tcplab-cli");
const QString kGood = QStringLiteral(TCPLAB_SOURCE_DIR "/tests/cli/data/handshake.json");

struct Result {
    int exitCode = -1;
    QString out;
    QString err;
};

Result runCli(const QStringList& args) {
    QProcess p;
    p.start(kCli, args);
    if (!p.waitForFinished(60'000)) {
        p.kill();
        p.waitForFinished();
        return {};
    }
    Result r;
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

} // namespace

class TestCliProcess : public QObject {
    Q_OBJECT

private:
    QTemporaryDir tmp_;
    QString badJson_;

private slots:
    void initTestCase() {
        QVERIFY2(QFile::exists(kCli), qPrintable("not built: " + kCli));
        QVERIFY(tmp_.isValid());
        badJson_ = tmp_.filePath("bad.json");
        QFile f(badJson_);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"format": "tcplab-scenario", "version": 1, "hosts": [)");
    }

    void exitCodes_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("stdoutHas");
        QTest::addColumn<QString>("stderrHas");
        const QString missing = QStringLiteral("/no/such/dir/scenario.json");

        QTest::newRow("help") << QStringList{"--help"} << 0 << "validate FILE"
                              << "";
        QTest::newRow("version") << QStringList{"--version"} << 0 << "tcplab-cli "
                                 << "";
        QTest::newRow("no command") << QStringList{} << 2 << ""
                                    << "missing command";
        QTest::newRow("unknown command") << QStringList{"frobnicate"} << 2 << ""
                                         << "unknown command 'frobnicate'";
        QTest::newRow("unknown option") << QStringList{"list", "--bogus"} << 2 << ""
                                        << "bogus";
        QTest::newRow("option missing value") << QStringList{"run", kGood, "--seed"} << 2 << ""
                                              << "seed";
        QTest::newRow("list with argument") << QStringList{"list", "x"} << 2 << ""
                                            << "no arguments";
        QTest::newRow("list with run option") << QStringList{"list", "--trace", "x"} << 2 << ""
                                              << "option of run";
        QTest::newRow("list bad lang") << QStringList{"list", "--lang", "fr"} << 2 << ""
                                       << "--lang";

        QTest::newRow("validate nothing") << QStringList{"validate"} << 2 << ""
                                          << "at least one FILE";
        QTest::newRow("validate good") << QStringList{"validate", kGood} << 0 << kGood + ": ok"
                                       << "";
        QTest::newRow("validate bad") << QStringList{"validate", badJson_} << 1 << "" << badJson_ + ": ";
        QTest::newRow("validate missing") << QStringList{"validate", missing} << 1 << "" << missing + ": ";
        QTest::newRow("validate good and bad") << QStringList{"validate", kGood, badJson_} << 1 << ": ok"
                                               << "bad.json: ";
        QTest::newRow("validate unknown builtin")
            << QStringList{"validate", "builtin:no-such-lesson"} << 1 << ""
            << "builtin:no-such-lesson: ";

        QTest::newRow("run nothing") << QStringList{"run"} << 2 << ""
                                     << "FILE or builtin:NAME";
        QTest::newRow("run two files") << QStringList{"run", kGood, kGood} << 2 << ""
                                       << "one scenario";
        QTest::newRow("run unknown builtin") << QStringList{"run", "builtin:no-such-lesson"} << 1 << ""
                                             << "no-such-lesson";
        QTest::newRow("run missing file") << QStringList{"run", missing} << 1 << "" << missing;
        QTest::newRow("run bad file") << QStringList{"run", badJson_} << 1 << "" << badJson_;
        QTest::newRow("run bad seed") << QStringList{"run", kGood, "--seed", "x"} << 2 << ""
                                      << "--seed";
        QTest::newRow("run negative seed") << QStringList{"run", kGood, "--seed", "-1"} << 2 << ""
                                           << "--seed";
        QTest::newRow("run bad until") << QStringList{"run", kGood, "--until", "soon"} << 2 << ""
                                       << "--until";
        QTest::newRow("run until exponent") << QStringList{"run", kGood, "--until", "1e3"} << 2 << ""
                                            << "--until";
        QTest::newRow("run bad format") << QStringList{"run", kGood, "--format", "xml"} << 2 << ""
                                        << "--format";
        QTest::newRow("run bad lang") << QStringList{"run", kGood, "--lang", "fr"} << 2 << ""
                                      << "--lang";
        QTest::newRow("run bad width") << QStringList{"run", kGood, "--width", "5"} << 2 << ""
                                       << "--width";
        QTest::newRow("run unwritable trace")
            << QStringList{"run", kGood, "--trace", "/no/such/dir/out.jsonl"} << 1 << ""
            << "cannot write";

        QTest::newRow("run ladder") << QStringList{"run", kGood} << 0
                                    << "[SYN] Seq=0 Win=65535 Len=0 MSS=1460"
                                    << "";
        QTest::newRow("run ladder absolute")
            << QStringList{"run", kGood, "--absolute"} << 0 << "[SYN, ACK] Seq=5000 Ack=1001"
            << "";
        QTest::newRow("run ladder zh")
            << QStringList{"run", kGood, "--lang", "zh"} << 0 << QString::fromUtf8("服务器开始监听。") << "";
        QTest::newRow("run tcpdump")
            << QStringList{"run", kGood, "--format", "tcpdump"} << 0
            << "0.100000 IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [S], seq 1000, win 65535, "
               "options [mss 1460], length 0"
            << "";
        QTest::newRow("run until") << QStringList{"run", kGood, "--until", "0.115"} << 0
                                   << "stopped by --until"
                                   << "";
        QTest::newRow("run seed") << QStringList{"run", kGood, "--seed", "99"} << 0 << "(seed 99)"
                                  << "";
        QTest::newRow("list") << QStringList{"list"} << 0 << ""
                              << "";
        QTest::newRow("netstat") << QStringList{"netstat", kGood, "--at", "0.5", "--host", "server"} << 0
                                 << "0.0.0.0:80              0.0.0.0:*               LISTEN"
                                 << "";
        QTest::newRow("netstat every host")
            << QStringList{"netstat", kGood, "--at", "0.5"} << 0 << "== client (10.0.0.1) at 0.500000 s =="
            << "";
        QTest::newRow("netstat summary")
            << QStringList{"netstat", kGood, "--at", "0.5", "--host", "server", "--summary"} << 0
            << "      1 LISTEN\n"
            << "";
        QTest::newRow("netstat without at") << QStringList{"netstat", kGood} << 2 << ""
                                            << "--at SECONDS";
        QTest::newRow("netstat bad at") << QStringList{"netstat", kGood, "--at", "later"} << 2 << ""
                                        << "--at";
        QTest::newRow("netstat unknown host")
            << QStringList{"netstat", kGood, "--at", "1", "--host", "nobody"} << 1 << ""
            << "no host named 'nobody'";
        QTest::newRow("run with netstat option") << QStringList{"run", kGood, "--summary"} << 2 << ""
                                                 << "option of netstat";
        QTest::newRow("netstat reassembly")
            << QStringList{"netstat",     "builtin:ip-reassembly-timeout", "--at", "1", "--host", "server",
                           "--reassembly"}
            << 0 << "IPv4 reassembly buffers\nID      Source"
            << "";
        QTest::newRow("netstat summary and reassembly")
            << QStringList{"netstat", kGood, "--at", "1", "--summary", "--reassembly"} << 2 << ""
            << "cannot be combined";
        QTest::newRow("run with reassembly") << QStringList{"run", kGood, "--reassembly"} << 2 << ""
                                             << "option of netstat";
    }
    void exitCodes() {
        QFETCH(QStringList, args);
        QFETCH(int, exitCode);
        QFETCH(QString, stdoutHas);
        QFETCH(QString, stderrHas);
        const Result r = runCli(args);
        const QString context =
            "tcplab-cli " + args.join(' ') + "\nstdout:\n" + r.out + "\nstderr:\n" + r.err;
        QVERIFY2(r.exitCode == exitCode, qPrintable(context));
        QVERIFY2(r.out.contains(stdoutHas), qPrintable(context));
        QVERIFY2(r.err.contains(stderrHas), qPrintable(context));
        if (exitCode == 2)
            QVERIFY2(r.err.contains("Usage: tcplab-cli"), qPrintable(context));
        if (exitCode == 0)
            QVERIFY2(r.err.isEmpty(), qPrintable(context));
    }

    void run_untilStopsEarly() {
        const Result full = runCli({"run", kGood, "--format", "tcpdump"});
        const Result early = runCli({"run", kGood, "--format", "tcpdump", "--until", "0.115"});
        QCOMPARE(early.exitCode, 0);
        QCOMPARE(early.out.count('\n'), 2); // the SYN and the SYN,ACK
        QVERIFY(full.out.startsWith(early.out));
    }

    void run_traceIsTheSimulationsJsonl() {
        const QString out = tmp_.filePath("trace.jsonl");
        const Result r = runCli({"run", kGood, "--trace", out, "--seed", "3"});
        QCOMPARE(r.exitCode, 0);
        QFile f(out);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray written = f.readAll();

        const ScenarioLoad load = loadScenarioFile(kGood);
        QVERIFY2(load.scenario, qPrintable(load.error));
        Simulation sim(*load.scenario, 3);
        sim.run();
        QCOMPARE(written, traceToJsonl(sim.trace()));
        for (const QByteArray& line : written.split('\n')) {
            if (line.isEmpty())
                continue;
            QJsonParseError err{};
            QJsonDocument::fromJson(line, &err);
            QVERIFY2(err.error == QJsonParseError::NoError, line.constData());
        }
    }

    void list_namesEveryBuiltinWithItsTitle() {
        const QStringList names = builtinScenarioNames();
        QVERIFY2(!names.isEmpty(), "the built-in lessons are missing");
        const Result r = runCli({"list"});
        QCOMPARE(r.exitCode, 0);
        const QStringList lines = r.out.split('\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), names.size());
        for (qsizetype i = 0; i < names.size(); ++i) {
            const ScenarioLoad load = loadScenarioArgument("builtin:" + names[i]);
            QVERIFY2(load.scenario, qPrintable(load.error));
            QVERIFY(lines[i].startsWith(names[i] + "  "));
            QVERIFY(lines[i].endsWith(QString::fromStdString(load.scenario->title.en)));
        }
    }

    void run_everyBuiltin() {
        const QStringList names = builtinScenarioNames();
        QVERIFY2(!names.isEmpty(), "the built-in lessons are missing");
        for (const QString& name : names) {
            const Result r = runCli({"run", "builtin:" + name});
            QVERIFY2(r.exitCode == 0, qPrintable(name + ": " + r.err));
            QVERIFY2(r.out.contains("== end of run: "), qPrintable(name));
        }
    }
};

QTEST_GUILESS_MAIN(TestCliProcess)
#include "tst_cli_process.moc"
