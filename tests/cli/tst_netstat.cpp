// `tcplab-cli netstat`: the socket table in the layout of Linux `netstat -anp` and the per-state summary.
#include <QtTest>

#include "io/netstat.h"
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
};

QTEST_GUILESS_MAIN(TestNetstat)
#include "tst_netstat.moc"
