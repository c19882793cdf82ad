// The socket table panel (issue 6): at the cursor, the table is what `tcplab-cli netstat --at T` prints for
// the same host and instant (io/netstat.h, the same rows), the per-state counts are its --summary, the
// reassembly buffers are its --reassembly; sorting and the state filter work; the chart has the host's
// host-stats records and a cursor at the current time. Driven through the real main window.
#include <QComboBox>
#include <QDockWidget>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QSettings>
#include <QStandardPaths>
#include <QTableView>
#include <QTableWidget>
#include <QTest>

#include "gui_fixture.h"
#include "i18n.h"
#include "io/ladder.h"
#include "io/netstat.h"
#include "io/scenario_json.h"
#include "main_window.h"
#include "player_controller.h"
#include "socket_table.h"

using namespace tcplab;
using namespace tcplab::ui;
using namespace tcplab::ui::guitest;

namespace {

// The CLI's run of the lesson up to `at` (what `tcplab-cli netstat --at` does).
Simulation cliRun(const QString& lesson, Instant at) {
    const ScenarioLoad l = loadScenarioArgument(QStringLiteral("builtin:") + lesson);
    if (!l.scenario)
        qFatal("%s", qPrintable(l.error));
    Simulation sim(*l.scenario);
    sim.runUntil(at);
    return sim;
}

// Whitespace-separated fields of each table line after netstat's two header lines.
QList<QStringList> cliRows(const std::string& table) {
    QList<QStringList> rows;
    const QStringList lines = QString::fromStdString(table).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    for (qsizetype i = 2; i < lines.size(); ++i)
        rows << lines[i].split(QLatin1Char(' '), Qt::SkipEmptyParts);
    return rows;
}

QList<QStringList> panelRows(const QAbstractItemModel* m) {
    QList<QStringList> rows;
    for (int r = 0; r < m->rowCount(); ++r) {
        QStringList row;
        for (int c = 0; c < m->columnCount(); ++c)
            row << m->index(r, c).data().toString();
        rows << row;
    }
    return rows;
}

// The last row of the instant closest to `seconds` from below that ends its instant (the next event is
// later): the moment `netstat --at` describes.
int rowAt(const Trace& t, double seconds) {
    int row = -1;
    for (std::size_t i = 0; i < t.events.size(); ++i) {
        if (static_cast<double>(toNanos(t.events[i].at)) / 1e9 > seconds)
            break;
        if (i + 1 == t.events.size() || t.events[i + 1].at != t.events[i].at)
            row = static_cast<int>(i);
    }
    return row;
}

struct Window {
    MainWindow w;
    SocketTablePanel* panel = nullptr;
    explicit Window(const QString& lesson) : w(QStringLiteral("builtin:") + lesson) {
        w.resize(1366, 768);
        w.show();
        if (!QTest::qWaitForWindowExposed(&w) || !settled(w))
            qFatal("no window");
        w.findChild<QDockWidget*>(QStringLiteral("socketDock"))->raise();
        panel = w.socketTable();
        QCoreApplication::processEvents();
    }
    void moveTo(int row) {
        w.controller()->setCursor(row);
        panel->refresh();
    }
};

} // namespace

class TestSocketTable : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("TCP Lab tests"));
        QSettings(QStringLiteral("TCP Lab"), QStringLiteral("tcplab")).clear();
        QCOMPARE(installTranslations(QStringLiteral("en")), QStringLiteral("en"));
    }

    void tableIsTheCliNetstat_data() {
        QTest::addColumn<QString>("lesson");
        QTest::addColumn<double>("seconds");
        QTest::newRow("syn flood, during") << QStringLiteral("syn-flood-no-cookies") << 5.0;
        QTest::newRow("syn flood, after") << QStringLiteral("syn-flood-no-cookies") << 20.0;
        QTest::newRow("time-wait pile-up, piling") << QStringLiteral("time-wait-pile-up") << 1.0;
        QTest::newRow("time-wait pile-up, full") << QStringLiteral("time-wait-pile-up") << 50.0;
        QTest::newRow("accept queue full") << QStringLiteral("accept-queue-full") << 10.0;
    }
    // The table, the per-state counts and the reassembly buffers at the cursor equal netstat's at its
    // instant.
    void tableIsTheCliNetstat() {
        QFETCH(QString, lesson);
        QFETCH(double, seconds);
        Window win(lesson);
        const Trace& t = win.w.controller()->trace();
        const int row = rowAt(t, seconds);
        QVERIFY(row >= 0);
        win.moveTo(row);
        const int host = win.panel->host();
        QVERIFY(host >= 0);
        const Simulation sim = cliRun(lesson, t.events[static_cast<std::size_t>(row)].at);
        const auto h = static_cast<std::uint16_t>(host);
        const QList<QStringList> expected = cliRows(renderNetstat(sim, h));
        QVERIFY(expected.size() > 1);
        QCOMPARE(panelRows(win.panel->proxy()), expected);
        QString summary;
        for (const auto& [state, n] : netstatSummary(sim, h))
            summary += QStringLiteral("%1 %2 · ").arg(QString::fromStdString(state)).arg(n);
        summary.chop(3);
        QVERIFY2(win.panel->countsLabel()->text().endsWith(summary),
                 qPrintable(win.panel->countsLabel()->text()));
        // The chart: the host's host-stats records, and the cursor at the event's time.
        int records = 0;
        for (const HostStatsRecord& r : t.hostStats)
            records += r.host == host;
        QVERIFY(records > 0);
        QCOMPARE(static_cast<int>(win.panel->chart()->points().size()), records);
        QCOMPARE(win.panel->chart()->cursorTime(),
                 static_cast<double>(toNanos(t.events[static_cast<std::size_t>(row)].at)) / 1e9);
    }

    // A datagram missing a fragment: the server's buffer shows what `netstat --reassembly` shows.
    void reassemblyBuffersAreTheCli() {
        const QString lesson = QStringLiteral("ip-reassembly-timeout");
        Window win(lesson);
        const Trace& t = win.w.controller()->trace();
        int row = -1;
        for (std::size_t i = 0; i < t.events.size() && row < 0; ++i)
            if (t.events[i].kind == TraceKind::FragmentStored)
                row = static_cast<int>(i);
        QVERIFY(row >= 0);
        const std::uint16_t server = t.events[static_cast<std::size_t>(row)].host;
        while (row + 1 < static_cast<int>(t.events.size()) &&
               t.events[static_cast<std::size_t>(row + 1)].at == t.events[static_cast<std::size_t>(row)].at)
            ++row;
        win.panel->setHost(server);
        win.moveTo(row);
        const Simulation sim = cliRun(lesson, t.events[static_cast<std::size_t>(row)].at);
        const std::vector<ReassemblyRow> rows = reassemblyRows(sim, server);
        QVERIFY(!rows.empty());
        const QString cli = QString::fromStdString(renderReassembly(sim, server));
        QTableWidget* table = win.panel->reassemblyTable();
        QCOMPARE(table->rowCount(), static_cast<int>(rows.size()));
        for (int r = 0; r < table->rowCount(); ++r) {
            const ReassemblyRow& e = rows[static_cast<std::size_t>(r)];
            const QString id = table->item(r, 0)->text();
            QVERIFY2(cli.contains(id + QStringLiteral("  ") + QString::fromStdString(formatIpv4(e.srcAddr))),
                     qPrintable(cli));
            QCOMPARE(table->item(r, 1)->text(), QString::fromStdString(formatIpv4(e.srcAddr)) +
                                                    QStringLiteral(" → ") +
                                                    QString::fromStdString(formatIpv4(e.dstAddr)));
            QVERIFY(table->item(r, 2)->text().startsWith(
                QStringLiteral("%1 bytes / %2 fragment").arg(e.bytesHeld).arg(e.fragments)));
            QVERIFY(table->item(r, 3)->text().startsWith(
                QString::fromStdString(formatSeconds(toNanos(e.deadline)))));
        }
    }

    // Clicking a column header sorts by it (numbers and addresses by value); clicking again reverses.
    void headerClickSorts() {
        Window win(QStringLiteral("time-wait-pile-up"));
        win.moveTo(rowAt(win.w.controller()->trace(), 50.0));
        QTableView* view = win.panel->table();
        QAbstractItemModel* m = view->model();
        QVERIFY(m->rowCount() > 10);
        const int col = SocketTableModel::ColLocal; // the client's: one ephemeral port per connection
        const int x = view->horizontalHeader()->sectionViewportPosition(col) + 5;
        QTest::mouseClick(view->horizontalHeader()->viewport(), Qt::LeftButton, {}, QPoint(x, 5));
        auto keys = [&] {
            std::vector<qulonglong> k;
            for (int r = 0; r < m->rowCount(); ++r)
                k.push_back(m->index(r, col).data(Qt::UserRole).toULongLong());
            return k;
        };
        std::vector<qulonglong> k = keys();
        QVERIFY(std::is_sorted(k.begin(), k.end()));
        QVERIFY(k.front() < k.back());
        QTest::mouseClick(view->horizontalHeader()->viewport(), Qt::LeftButton, {}, QPoint(x, 5));
        k = keys();
        QVERIFY(std::is_sorted(k.rbegin(), k.rend()));
    }

    // The state filter keeps exactly the sockets in that state: as many as the per-state count says.
    void stateFilterKeepsOneState() {
        Window win(QStringLiteral("time-wait-pile-up"));
        const Trace& t = win.w.controller()->trace();
        const int row = rowAt(t, 1.0);
        win.moveTo(row);
        QComboBox* filter = win.panel->stateFilter();
        const int all = win.panel->proxy()->rowCount();
        filter->setCurrentIndex(filter->findText(QStringLiteral("TIME_WAIT")));
        QAbstractItemModel* m = win.panel->proxy();
        QVERIFY(m->rowCount() > 0);
        QVERIFY(m->rowCount() < all);
        for (int r = 0; r < m->rowCount(); ++r)
            QCOMPARE(m->index(r, SocketTableModel::ColState).data().toString(), QStringLiteral("TIME_WAIT"));
        const Simulation sim =
            cliRun(QStringLiteral("time-wait-pile-up"), t.events[static_cast<std::size_t>(row)].at);
        std::uint64_t timeWait = 0;
        for (const auto& [state, n] : netstatSummary(sim, static_cast<std::uint16_t>(win.panel->host())))
            if (state == "TIME_WAIT")
                timeWait = n;
        QCOMPARE(static_cast<std::uint64_t>(m->rowCount()), timeWait);
        filter->setCurrentIndex(0);
        QCOMPARE(m->rowCount(), all);
    }

    // View → Panels lists the panel; its action hides and shows the dock.
    void viewMenuTogglesThePanel() {
        Window win(QStringLiteral("syn-flood-no-cookies"));
        auto* dock = win.w.findChild<QDockWidget*>(QStringLiteral("socketDock"));
        QAction* toggle = dock->toggleViewAction();
        bool listed = false;
        for (QMenu* menu : win.w.menuBar()->findChildren<QMenu*>())
            listed = listed || menu->actions().contains(toggle);
        QVERIFY(listed);
        QCOMPARE(toggle->text(), QStringLiteral("Sockets"));
        QVERIFY(dock->isVisible());
        toggle->trigger();
        QVERIFY(!dock->isVisible());
        toggle->trigger();
        QVERIFY(dock->isVisible());
    }
};

QTEST_MAIN(TestSocketTable)
#include "tst_socket_table.moc"
