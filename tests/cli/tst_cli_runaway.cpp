// Runaway lessons (issue 7): a retransmission storm, a zero-window probe that never ends and a flood of
// millions of events are each stopped by the scenario's simulated-time limit ("duration_s") or event limit
// ("max_events"), with a clear line at the end of the ladder and of the trace, quickly, never a hang.
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

namespace {

const QString kCli = QStringLiteral(TCPLAB_BINARY_DIR "/app/tcplab-cli");

// Two hosts on one link; `extra` adds top-level keys, `link` link keys, `actions` and `faults` their arrays.
QByteArray scenario(const QByteArray& extra, const QByteArray& link, const QByteArray& actions,
                    const QByteArray& faults = "[]") {
    return R"({"format": "tcplab-scenario", "version": 1, )" + extra + R"(
  "hosts": [{"name": "client", "address": "10.0.0.1", "isn": 1000},
            {"name": "server", "address": "10.0.0.2", "isn": 5000}],
  "links": [{"name": "lan", "a": "client", "b": "server", )" +
           link + R"(}],
  "actions": [{"at_ms": 0, "host": "server", "do": "listen", "port": 80},
              {"at_ms": 1, "host": "client", "do": "connect", "peer": "server", "port": 80}, )" +
           actions + R"(],
  "faults": )" +
           faults + "}";
}

const QByteArray kSendOnEstablished =
    R"({"on": {"host": "client", "state": "ESTABLISHED"}, "host": "client", "do": "send", "bytes": 10000000})";

struct Run {
    int exitCode = -1;
    QString out;
    QString err;
    qint64 wallMs = 0;
};

} // namespace

class TestCliRunaway : public QObject {
    Q_OBJECT

private:
    QTemporaryDir tmp_;

    Run run(const QByteArray& json, const QStringList& extraArgs = {}) {
        const QString path = tmp_.filePath(QStringLiteral("runaway-%1.json").arg(counter_++));
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly))
            return {};
        f.write(json);
        f.close();
        QProcess p;
        QElapsedTimer timer;
        timer.start();
        p.start(kCli, QStringList{QStringLiteral("run"), path} + extraArgs);
        Run r;
        if (!p.waitForFinished(120'000)) {
            p.kill();
            p.waitForFinished();
            return r;
        }
        r.wallMs = timer.elapsed();
        r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        r.out = QString::fromUtf8(p.readAllStandardOutput());
        r.err = QString::fromUtf8(p.readAllStandardError());
        return r;
    }
    int counter_ = 0;

private slots:
    void initTestCase() {
        QVERIFY2(QFile::exists(kCli), qPrintable("not built: " + kCli));
        QVERIFY(tmp_.isValid());
    }

    // Every data segment is dropped: the sender retransmits with backoff until the time limit stops it.
    void retransmissionStorm_stoppedBySimulatedTimeLimit() {
        const Run r = run(scenario(R"("duration_s": 20,)", R"("delay_ms": 10)", kSendOnEstablished,
                                   R"([{"from": "client", "to": "server", "match": "data", "nth": 0,
                                        "action": "drop"}])"));
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains(QStringLiteral("retransmission")) ||
                     r.out.contains(QStringLiteral("rexmit")) || r.out.count(QStringLiteral("dropped")) > 2,
                 qPrintable(r.out.right(2000)));
        QVERIFY2(r.out.trimmed().endsWith(QStringLiteral("== end of run: simulated-time limit reached ==")),
                 qPrintable(r.out.right(500)));
    }

    // The receiver never reads and its window stays closed: the sender probes it forever (with backoff).
    void endlessZeroWindowProbes_stoppedBySimulatedTimeLimit() {
        const QByteArray json = R"({"format": "tcplab-scenario", "version": 1, "duration_s": 600,
  "hosts": [{"name": "client", "address": "10.0.0.1", "isn": 1000},
            {"name": "server", "address": "10.0.0.2", "isn": 5000, "tcp": {"auto_read": false, "rcv_buf": 1000}}],
  "links": [{"name": "lan", "a": "client", "b": "server", "delay_ms": 10}],
  "actions": [{"at_ms": 0, "host": "server", "do": "listen", "port": 80},
              {"at_ms": 1, "host": "client", "do": "connect", "peer": "server", "port": 80},
              {"on": {"host": "client", "state": "ESTABLISHED"}, "host": "client", "do": "send",
               "bytes": 5000}]})";
        const Run r = run(json);
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.trimmed().endsWith(QStringLiteral("== end of run: simulated-time limit reached ==")),
                 qPrintable(r.err + r.out.right(500)));
    }

    // A fast lossless link and 20 MB: far more events than the limit allows. The run stops at the limit,
    // says so, and the trace written says so too.
    void millionsOfEvents_stoppedByEventLimit() {
        const Run r = run(scenario(R"("max_events": 5000,)", R"("delay_ms": 0)",
                                   kSendOnEstablished + "," + kSendOnEstablished),
                          {QStringLiteral("--trace"), tmp_.filePath(QStringLiteral("limit.jsonl"))});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.trimmed().endsWith(QStringLiteral("== end of run: event limit reached ==")),
                 qPrintable(r.err + r.out.right(500)));
        QFile trace(tmp_.filePath(QStringLiteral("limit.jsonl")));
        QVERIFY(trace.open(QIODevice::ReadOnly));
        const QByteArray all = trace.readAll();
        QVERIFY(all.contains("event limit reached"));
        QVERIFY2(r.wallMs < 60'000, qPrintable(QString::number(r.wallMs)));
    }

    // --until stops a run early and says that the run has more events.
    void untilStopsEarly_withAClearLine() {
        const Run r = run(scenario("", R"("delay_ms": 10)", kSendOnEstablished), {"--until", "0.5"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains(QStringLiteral("stopped by --until at 0.5")), qPrintable(r.out.right(500)));
    }
};

QTEST_GUILESS_MAIN(TestCliRunaway)
#include "tst_cli_runaway.moc"
