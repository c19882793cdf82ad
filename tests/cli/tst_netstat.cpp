// `tcplab-cli netstat`: the socket table in the layout of Linux `netstat -anp` and the per-state summary.
#include <QtTest>

#include "io/ladder.h"
#include "io/netstat.h"
#include "io/scenario_json.h"
#include "scenario_builder.h"

using namespace tcplab;
using namespace tcplab::test;

namespace {

QString table(const Scenario& sc, Duration at, std::uint16_t host = 1) {
    Simulation sim(sc);
    sim.runUntil(kTimeZero + at);
    return QString::fromStdString(renderNetstat(sim, host));
}

const QString kHeader = QStringLiteral(
    "Active Internet connections (servers and established)\n"
    "Proto Recv-Q Send-Q Local Address           Foreign Address         State       PID/Program name\n");

} // namespace

class TestNetstat : public QObject {
    Q_OBJECT
private slots:
    void established_rowsInNetstatAnpLayout() {
        Scenario sc = twoHosts();
        sc.actions.push_back(connectAt(0ms));
        QCOMPARE(table(sc, 500ms), kHeader + "tcp        0      0 0.0.0.0:80              0.0.0.0:*          "
                                             "     LISTEN      1001/server\n"
                                             "tcp        0      0 10.0.0.2:80             10.0.0.1:40000     "
                                             "     ESTABLISHED 1001/server\n");
    }

    void client_synSentBeforeTheAnswer() {
        Scenario sc = twoHosts();
        sc.actions.push_back(connectAt(0ms));
        QCOMPARE(table(sc, 5ms, 0), kHeader + "tcp        0      0 10.0.0.1:40000          10.0.0.2:80       "
                                              "      SYN_SENT    1000/client\n");
    }

    void unreadBytes_inRecvQ_unackedInSendQ() {
        Scenario sc = twoHosts();
        sc.hosts[1].tcp.emplace_back("auto_read", 0);
        sc.actions.push_back(connectAt(0ms));
        sc.actions.push_back(sendAt(100ms, "client", 300));
        QVERIFY(table(sc, 500ms).contains("tcp      300      0 10.0.0.2:80"));
        QVERIFY(table(sc, 105ms, 0).contains("tcp        0    300 10.0.0.1:40000")); // not yet acknowledged
    }

    void timeWait_belongsToNoProgram() {
        Scenario sc = twoHosts();
        sc.actions[0].closeOnEof = true;
        ActionSpec c = connectAt(0ms);
        c.closeAfter = 100ms;
        sc.actions.push_back(c);
        QCOMPARE(table(sc, 1s, 0),
                 kHeader +
                     "tcp        0      0 10.0.0.1:40000          10.0.0.2:80             TIME_WAIT   -\n");
    }

    void listener_recvQIsTheAcceptQueue() {
        Scenario sc = twoHosts();
        sc.actions[0].manualAccept = true;
        sc.actions.push_back(connectAt(0ms, 40001));
        sc.actions.push_back(connectAt(1ms, 40002));
        const QString t = table(sc, 500ms);
        QVERIFY(t.contains(
            "tcp        2      0 0.0.0.0:80              0.0.0.0:*               LISTEN      1001/server\n"));
        // Not accepted yet: no program holds them.
        QVERIFY(t.contains("10.0.0.1:40001          ESTABLISHED -\n"));
    }

    void summary_countsPerStateSortedByName() {
        Scenario sc = twoHosts();
        sc.faults.push_back(dropNth("client", "server", SegmentMatch::PureAck, 1));
        sc.actions.push_back(connectAt(0ms, 40001));
        sc.actions.push_back(connectAt(1ms, 40002));
        Simulation sim(sc);
        sim.runUntil(kTimeZero + 500ms);
        QCOMPARE(QString::fromStdString(renderNetstatSummary(sim, 1)),
                 QStringLiteral("      1 ESTABLISHED\n      1 LISTEN\n      1 SYN_RECV\n"));
    }

    // --reassembly: one row per datagram the host holds fragments of, with what it holds and the instant the
    // reassembly timer throws it away (first fragment + the table's timeout).
    void reassembly_rowPerHeldDatagram() {
        const ScenarioLoad l = loadScenarioArgument(QStringLiteral("builtin:ip-reassembly-timeout"));
        QVERIFY(l.scenario);
        Simulation sim(*l.scenario);
        std::optional<std::uint16_t> holder;
        while (!holder && sim.step())
            for (std::size_t h = 0; h < sim.world().hosts.size(); ++h)
                if (sim.world().hosts[h].reassembly.size() > 0)
                    holder = static_cast<std::uint16_t>(h);
        QVERIFY(holder);
        const std::vector<ReassemblyRow> rows = reassemblyRows(sim, *holder);
        const auto entries = sim.world().hosts[*holder].reassembly.entries();
        QCOMPARE(rows.size(), entries.size());
        const ReassemblyRow& r = rows.front();
        QCOMPARE(r.fragments, entries.front().fragmentsHeld);
        QCOMPARE(r.bytesHeld, entries.front().bytesHeld);
        QCOMPARE(toNanos(r.deadline),
                 toNanos(r.firstArrival + sim.world().hosts[*holder].reassembly.timeout()));
        const QStringList lines =
            QString::fromStdString(renderReassembly(sim, *holder)).split('\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), static_cast<qsizetype>(2 + rows.size()));
        const QStringList fields = lines[2].split(' ', Qt::SkipEmptyParts);
        QCOMPARE(fields[0], QStringLiteral("0x%1").arg(r.id, 4, 16, QLatin1Char('0')));
        QCOMPARE(fields[1], QString::fromStdString(formatIpv4(r.srcAddr)));
        QCOMPARE(fields[4], QString::number(r.fragments));
        QCOMPARE(fields[5], QString::number(r.bytesHeld));
        QCOMPARE(fields.last(), QString::fromStdString(formatSeconds(toNanos(r.deadline))));
    }
};

QTEST_GUILESS_MAIN(TestNetstat)
#include "tst_netstat.moc"
