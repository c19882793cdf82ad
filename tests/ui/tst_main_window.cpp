// The player's main window, driven through its real widgets and its controller (QT_QPA_PLATFORM=offscreen).
#include <QAction>
#include <QComboBox>
#include <QDockWidget>
#include <QFile>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QSlider>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

#include <array>

#include "gui_fixture.h"
#include "i18n.h"
#include "inspectors.h"
#include "io/builtin.h"
#include "io/scenario_json.h"
#include "io/trace_jsonl.h"
#include "ladder_view.h"
#include "main_window.h"
#include "narration.h"
#include "packet_bytes.h"
#include "player_controller.h"
#include "sim/simulation.h"
#include "state_diagram.h"
#include "trace_model.h"

using namespace tcplab;
using namespace tcplab::ui;
using namespace tcplab::ui::guitest;

namespace {

// A small lesson of our own, so that the expectations do not depend on the built-in lessons' contents.
const char* const kLesson = R"({
  "format": "tcplab-scenario",
  "version": 1,
  "title": {"en": "UI test lesson", "zh": "界面测试课程"},
  "description": {"en": "A handshake and a close.", "zh": "一次握手和一次关闭。"},
  "seed": 3,
  "hosts": [
    {"name": "client", "address": "10.0.0.1", "isn": 1000},
    {"name": "server", "address": "10.0.0.2", "isn": 5000}
  ],
  "links": [{"a": "client", "b": "server", "delay_ms": 10}],
  "actions": [
    {"at_ms": 0, "host": "server", "do": "listen", "port": 80},
    {"at_ms": 100, "host": "client", "do": "connect", "peer": "server", "port": 80},
    {"on": {"host": "client", "state": "ESTABLISHED"}, "after_ms": 100, "host": "client", "do": "close"}
  ],
  "notes": [{"step": 2, "text": {"en": "The server listens.", "zh": "服务器开始监听。"}}]
})";

// A million short connections, one after the other (at most 3,000,000 events): a minute or more of
// running, with little memory (TIME-WAIT is 10 ms).
QByteArray longLesson() {
    return QByteArray(R"({
      "format": "tcplab-scenario", "version": 1,
      "title": {"en": "A million connections"}, "seed": 1, "max_events": 3000000,
      "hosts": [{"name": "client", "address": "10.0.0.1", "tcp": {"time_wait_ms": 10}},
                {"name": "server", "address": "10.0.0.2"}],
      "links": [{"a": "client", "b": "server", "delay_ms": 1}],
      "actions": [
        {"at_ms": 0, "host": "server", "do": "listen", "port": 80, "close_on_eof": true},
        {"at_ms": 1, "host": "client", "do": "connect", "peer": "server", "port": 80, "count": 1000000,
         "close_after_ms": 1}
      ]})");
}

// Lessons run on the controller's worker thread: waits until the window's load has ended.
QString name(TcpState s) {
    return QString::fromUtf8(stateName(s).data(), static_cast<qsizetype>(stateName(s).size()));
}

// Everything the views show that depends on the cursor, to compare two visits of the same moment.
struct Shown {
    std::vector<TcpState> diagram;
    QStringList tcb;
    QString narration;
    int eventRow = -2;
    std::uint32_t segment = kNone;
    bool operator==(const Shown&) const = default;
};

Shown shown(MainWindow& w) {
    Shown s;
    s.diagram = w.stateDiagram()->highlightedStates();
    for (int e = 0; e < 2; ++e)
        for (int r = 0; r < TcbPanel::RowCount; ++r)
            s.tcb << w.tcbPanel()->value(e, static_cast<TcbPanel::Row>(r));
    s.narration = w.narration()->sentence();
    s.eventRow = w.eventList()->table()->currentIndex().row();
    s.segment = w.controller()->selectedSegment();
    return s;
}

} // namespace

class TestMainWindow : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;
    QString lessonPath_;

    QString writeFile(const QString& fileName, const QByteArray& bytes) {
        const QString path = dir_.filePath(fileName);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
            qFatal("cannot write %s", qPrintable(path));
        return path;
    }

private Q_SLOTS:
    void initTestCase() {
        // Settings go to a test location (~/.qttest), never the user's own.
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("TCP Lab tests"));
        QSettings(QStringLiteral("TCP Lab"), QStringLiteral("tcplab")).clear();
        QVERIFY(dir_.isValid());
        lessonPath_ = writeFile(QStringLiteral("lesson.json"), kLesson);
        QCOMPARE(installTranslations(QStringLiteral("en")), QStringLiteral("en"));
    }

    void defaultLessonLoads() {
        MainWindow w;
        QVERIFY(settled(w));
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY2(w.lastError().isEmpty(), qPrintable(w.lastError()));
        QCOMPARE(w.currentLesson(), QStringLiteral("builtin:") + defaultScenarioName());
        QVERIFY(w.controller()->eventCount() > 0);
        QCOMPARE(w.cursor(), -1);
        auto* list = child<QListWidget>(w, "lessonList");
        QCOMPARE(list->count(), builtinScenarioNames().size());
        QCOMPARE(list->currentItem()->data(Qt::UserRole).toString(), w.currentLesson());
        QCOMPARE(list->currentItem()->text(), w.lessonTitle());
        QVERIFY(!child<QAction>(w, "backAction")->isEnabled());
        QVERIFY(child<QAction>(w, "stepAction")->isEnabled());
        QVERIFY(w.windowTitle().contains(w.lessonTitle()));
        QVERIFY(!w.narration()->sentence().isEmpty());
        // The default layout shows the event list, not one of the tabs behind it (Lessons, Sockets, Quiz).
        QVERIFY(child<QDockWidget>(w, "eventsDock")->isVisible());
        QVERIFY(!child<QDockWidget>(w, "eventsDock")->visibleRegion().isEmpty());
        QVERIFY(child<QDockWidget>(w, "socketDock")->visibleRegion().isEmpty());
    }

    // Every state change of a lesson: the diagram, the TCB panel and the narration agree with the trace.
    void stepToEachStateChange_data() {
        QTest::addColumn<QString>("lesson");
        QTest::newRow("own lesson") << lessonPath_;
        QTest::newRow("handshake-and-close") << QStringLiteral("builtin:handshake-and-close");
        QTest::newRow("lost-final-ack") << QStringLiteral("builtin:lost-final-ack");
        QTest::newRow("simultaneous-close") << QStringLiteral("builtin:simultaneous-close");
    }
    void stepToEachStateChange() {
        QFETCH(QString, lesson);
        MainWindow w(lesson);
        QVERIFY(settled(w));
        w.show();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        QCOMPARE(w.currentLesson(), lesson.startsWith(QLatin1String("builtin:")) ? lesson : lessonPath_);
        PlayerController* c = w.controller();
        const Trace& t = c->trace();
        const Shown atStart = shown(w);
        auto* next = child<QAction>(w, "nextChangeAction");
        int changes = 0;
        while (true) {
            const int before = c->cursor();
            next->trigger();
            if (c->cursor() == before ||
                t.events[static_cast<std::size_t>(c->cursor())].kind != TraceKind::StateChange)
                break;
            const TraceEvent& ev = t.events[static_cast<std::size_t>(c->cursor())];
            ++changes;
            // The ends of the followed conversation: the one that changed shows the new state and the edge.
            bool found = false;
            const auto ends = w.stateDiagram()->ends();
            const Conversation& conv = c->conversations()[static_cast<std::size_t>(c->followed())];
            for (int e = 0; e < conv.endCount; ++e) {
                if (conv.ends[e].conn != ev.conn && conv.ends[e].listener != ev.conn)
                    continue;
                if (conv.ends[e].conn != ev.conn &&
                    c->index().lastChangeRow(conv.ends[e].conn, c->cursor()) >= 0)
                    continue; // a listener's change while the connection exists is not this end's
                found = true;
                QCOMPARE(ends[static_cast<std::size_t>(e)].state, ev.to);
                QCOMPARE(ends[static_cast<std::size_t>(e)].lastRule, ev.rule());
                QVERIFY(ends[static_cast<std::size_t>(e)].justTaken);
                const std::vector<TcpState> lit = w.stateDiagram()->highlightedStates();
                QVERIFY(std::count(lit.begin(), lit.end(), ev.to) >= 1);
                QCOMPARE(w.tcbPanel()->value(e, TcbPanel::RowState), name(ev.to));
                QVERIFY(w.tcbPanel()->changed(e, TcbPanel::RowState) || ev.from == ev.to);
            }
            if (ev.conn < t.connections.size() && !t.connections[ev.conn].listener)
                QVERIFY2(found, qPrintable(QStringLiteral("row %1 not followed").arg(c->cursor())));
            // The narration names the host and cites the rule's RFC section.
            const QString sentence = w.narration()->sentence();
            QVERIFY2(sentence.contains(QString::fromStdString(t.hostNames[ev.host])), qPrintable(sentence));
            QVERIFY(Narrator::citation(t, c->cursor())
                        .contains(QString::fromUtf8(ev.rule()->rfcSection.data(),
                                                    static_cast<qsizetype>(ev.rule()->rfcSection.size()))));
            QCOMPARE(w.eventList()->table()->currentIndex().row(), c->cursor());
        }
        QVERIFY(changes >= 4);
        // Home: back to the start, everything as it was.
        QTest::keyClick(&w, Qt::Key_Home);
        QCOMPARE(c->cursor(), -1);
        QCOMPARE(shown(w), atStart);
        QVERIFY(!child<QAction>(w, "backAction")->isEnabled());
    }

    // Stepping back anywhere restores exactly what stepping forward showed (restore-and-replay).
    void stepBackRestoresEverything() {
        MainWindow w(QStringLiteral("builtin:lost-final-ack"));
        QVERIFY(settled(w));
        w.show();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        PlayerController* c = w.controller();
        std::vector<Shown> forward;
        forward.push_back(shown(w));
        while (c->cursor() < c->eventCount() - 1) {
            const int before = c->cursor();
            QTest::keyClick(&w, Qt::Key_Right);
            QCOMPARE(c->cursor(), before + 1);
            forward.push_back(shown(w));
        }
        QCOMPARE(static_cast<int>(forward.size()), c->eventCount() + 1);
        while (c->cursor() >= 0) {
            const int before = c->cursor();
            QTest::keyClick(&w, Qt::Key_Left);
            QCOMPARE(c->cursor(), before - 1);
            QCOMPARE(shown(w), forward[static_cast<std::size_t>(c->cursor() + 1)]);
            QVERIFY(c->lastReplaySteps() <= c->snapshotInterval());
        }
        // Jumps, too.
        for (int row : {c->eventCount() - 1, 5, 40, 0, 17}) {
            c->setCursor(row);
            QCOMPARE(shown(w), forward[static_cast<std::size_t>(row + 1)]);
        }
    }

    // Jumps back and forth across a run with many snapshots and connections opened all along it: every jump
    // shows what stepping forward showed (a live simulation restored far back, then forward past where its
    // trace ends, must still find every connection's TCB).
    void jumpsAcrossSnapshotsRestoreEverything() {
        MainWindow w(QStringLiteral("builtin:time-wait-pile-up"));
        QVERIFY(settled(w));
        PlayerController* c = w.controller();
        QVERIFY(c->snapshotCount() >= 4);
        // Which conversation is followed can depend on the way there (an event of a connection that two
        // conversations share): each jump follows the one the forward walk followed.
        std::vector<Shown> forward;
        std::vector<int> followed;
        forward.push_back(shown(w));
        followed.push_back(c->followed());
        for (int row = 0; row < c->eventCount(); ++row) {
            c->setCursor(row);
            forward.push_back(shown(w));
            followed.push_back(c->followed());
        }
        const int n = c->eventCount();
        auto jump = [&](int row) {
            c->setCursor(row);
            c->setFollowed(followed[static_cast<std::size_t>(row + 1)]);
        };
        for (int row : {-1, n - 1, 0, n / 2, -1, n - 2, n / 3, 2 * n / 3, -1, n - 1, 1, n - 3}) {
            jump(row);
            QCOMPARE(shown(w), forward[static_cast<std::size_t>(row + 1)]);
        }
        // And a seeded walk of jumps anywhere.
        std::uint32_t x = 12345;
        for (int i = 0; i < 300; ++i) {
            x = x * 1664525u + 1013904223u;
            const int row = static_cast<int>(x % static_cast<std::uint32_t>(n + 1)) - 1;
            jump(row);
            QVERIFY2(shown(w) == forward[static_cast<std::size_t>(row + 1)],
                     qPrintable(QStringLiteral("jump %1 to row %2").arg(i).arg(row)));
        }
    }

    void keyboardAndScrubber() {
        MainWindow w(lessonPath_);
        QVERIFY(settled(w));
        w.show();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        PlayerController* c = w.controller();
        QTest::keyClick(&w, Qt::Key_Right);
        QCOMPARE(c->cursor(), 0);
        QTest::keyClick(&w, Qt::Key_End);
        QCOMPARE(c->cursor(), c->eventCount() - 1);
        QTest::keyClick(&w, Qt::Key_Home);
        QCOMPARE(c->cursor(), -1);
        QTest::keyClick(&w, Qt::Key_Space);
        QVERIFY(c->isPlaying());
        QTRY_VERIFY(c->cursor() >= 1);
        QTest::keyClick(&w, Qt::Key_Space);
        QVERIFY(!c->isPlaying());
        auto* scrubber = child<QSlider>(w, "scrubber");
        scrubber->setValue(7);
        QCOMPARE(c->cursor(), 7);
        c->setCursor(3);
        QCOMPARE(scrubber->value(), 3);
        // The teacher's note of event 2.
        c->setCursor(1);
        QCOMPARE(w.narration()->teacherNote(), QStringLiteral("The server listens."));
        c->setCursor(2);
        QVERIFY(w.narration()->teacherNote().isEmpty());
    }

    // A click beside the arrows (in the time column) moves the cursor to the row whose band was clicked,
    // in its upper half and in its lower half alike.
    void ladderClickSelectsTheClickedRow() {
        MainWindow w(lessonPath_);
        QVERIFY(settled(w));
        w.resize(1366, 768);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        LadderView* ladder = w.ladder();
        const double rowHeight = ladder->yOfRow(1) - ladder->yOfRow(0);
        for (const int row : {2, 5}) {
            for (const double offset : {-0.4, 0.4}) {
                const double y = ladder->yOfRow(row) + offset * rowHeight -
                                 ladder->verticalScrollBar()->value() + ladder->headerPixels();
                QTest::mouseClick(ladder->viewport(), Qt::LeftButton, {}, QPoint(30, static_cast<int>(y)));
                QCOMPARE(w.controller()->cursor(), row);
            }
        }
    }

    void eventListSelectsAndFilters() {
        MainWindow w(lessonPath_);
        QVERIFY(settled(w));
        PlayerController* c = w.controller();
        EventList* list = w.eventList();
        QTableView* table = list->table();
        table->selectionModel()->setCurrentIndex(
            table->model()->index(4, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        QCOMPARE(c->cursor(), 4);
        list->kindFilter()->setCurrentIndex(list->kindFilter()->findData(EventFilter::StateChanges));
        const int rows = table->model()->rowCount();
        QCOMPARE(rows, static_cast<int>(c->index().stateChangeRows.size()));
        list->hostFilter()->setCurrentIndex(list->hostFilter()->findData(1)); // server
        for (int r = 0; r < table->model()->rowCount(); ++r) {
            const int row = list->filter()->mapToSource(table->model()->index(r, 0)).row();
            QCOMPARE(c->trace().events[static_cast<std::size_t>(row)].host, 1);
        }
        QVERIFY(table->model()->rowCount() < rows);
    }

    void segmentInspectorLinksFieldsAndBytes() {
        MainWindow w(lessonPath_);
        QVERIFY(settled(w));
        PlayerController* c = w.controller();
        const Trace& t = c->trace();
        // The first segment: the SYN.
        QVERIFY(!t.segments.empty());
        c->setCursor(c->index().segments[0].sendRow);
        QCOMPARE(c->selectedSegment(), 0u);
        SegmentInspector* ins = w.segmentInspector();
        const PacketBytes& p = ins->packet();
        QCOMPARE(p.bytes.size(), 44); // IPv4 20 + TCP 20 + MSS option 4
        QCOMPARE(internetChecksum(p.bytes.left(20)), std::uint16_t{0});
        // The TCP checksum verifies over the pseudo-header (a SYN has no payload).
        const SegmentRecord& s = t.segments[0];
        const std::uint32_t pseudo = (s.srcAddr >> 16) + (s.srcAddr & 0xffff) + (s.dstAddr >> 16) +
                                     (s.dstAddr & 0xffff) + 6 +
                                     static_cast<std::uint32_t>(p.bytes.size() - 20);
        QCOMPARE(internetChecksum(p.bytes.mid(20), pseudo), std::uint16_t{0});
        QCOMPARE(static_cast<std::uint8_t>(p.bytes[33]), std::uint8_t{TcpFlag::SYN});
        QVERIFY(p.checksumCoversPayload);
        // Field -> bytes: the sequence number is bytes 24..27.
        QTreeWidget* tree = ins->tree();
        QTreeWidgetItem* seq = nullptr;
        for (QTreeWidgetItemIterator it(tree); *it; ++it)
            if ((*it)->text(0) == QLatin1String("Sequence Number"))
                seq = *it;
        QVERIFY(seq);
        QVERIFY(seq->text(1).startsWith(QStringLiteral("1000")));
        tree->setCurrentItem(seq);
        QCOMPARE(ins->hexView()->highlightOffset(), 24);
        QCOMPARE(ins->hexView()->highlightLength(), 4);
        // Bytes -> field: byte 34 is the window.
        ins->selectByte(34);
        QCOMPARE(tree->currentItem()->text(0), QStringLiteral("Window"));
        QCOMPARE(ins->hexView()->highlightOffset(), 34);
        // The SYN bit.
        bool synSet = false;
        for (QTreeWidgetItemIterator it(tree); *it; ++it)
            if ((*it)->text(0).endsWith(QLatin1String("= SYN")))
                synSet = (*it)->text(1) == QLatin1String("Set");
        QVERIFY(synSet);
    }

    // Stepping from segment to segment updates the inspector's tree in place when the fields are the same:
    // at every step it shows exactly the selected segment's fields, in order, and its bytes.
    void segmentInspectorFollowsEverySegment() {
        MainWindow w(QStringLiteral("builtin:lost-final-ack"));
        QVERIFY(settled(w));
        PlayerController* c = w.controller();
        SegmentInspector* ins = w.segmentInspector();
        int checked = 0;
        for (int row = 0; row < c->eventCount(); ++row) {
            c->setCursor(row);
            if (c->selectedSegment() == kNone)
                continue;
            const PacketBytes& p = ins->packet();
            QStringList expected;
            for (const PacketField& f : p.fields)
                expected << f.name + QLatin1Char('=') + f.value;
            QStringList shownFields;
            for (QTreeWidgetItemIterator it(ins->tree()); *it; ++it)
                shownFields << (*it)->text(0) + QLatin1Char('=') + (*it)->text(1);
            QCOMPARE(shownFields, expected);
            // The packet is the selected segment's (its sequence number field).
            const SegmentRecord& s = c->trace().segments[c->selectedSegment()];
            QCOMPARE(static_cast<std::uint32_t>((static_cast<std::uint8_t>(p.bytes[24]) << 24) |
                                                (static_cast<std::uint8_t>(p.bytes[25]) << 16) |
                                                (static_cast<std::uint8_t>(p.bytes[26]) << 8) |
                                                static_cast<std::uint8_t>(p.bytes[27])),
                     s.seq.value());
            ++checked;
        }
        QVERIFY(checked > 10);
    }

    void badFileKeepsTheLesson_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::newRow("not json") << QByteArray("{ this is not json");
        QTest::newRow("wrong format") << QByteArray(R"({"format": "something-else", "version": 1})");
        QTest::newRow("bad mss") << QByteArray(
            QByteArray(kLesson).replace(R"("isn": 1000)", R"("tcp": {"mss": -5})"));
    }
    void badFileKeepsTheLesson() {
        QFETCH(QByteArray, bytes);
        MainWindow w(lessonPath_);
        QVERIFY(settled(w));
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.controller()->setCursor(3);
        const QString lesson = w.currentLesson();
        const QString title = w.lessonTitle();
        const int rows = w.controller()->eventCount();
        const Shown before = shown(w);

        const QString path = writeFile(QStringLiteral("bad.json"), bytes);
        const QString expected = loadScenarioFile(path).error;
        QVERIFY(!expected.isEmpty());
        QVERIFY(!w.openFile(path));
        QCOMPARE(w.lastError(), expected);
        auto* box = w.findChild<QMessageBox*>(QStringLiteral("errorDialog"));
        QVERIFY(box);
        QCOMPARE(box->icon(), QMessageBox::Critical);
        QCOMPARE(box->informativeText(), expected); // the loader's exact message
        box->close();
        QCOMPARE(w.currentLesson(), lesson);
        QCOMPARE(w.lessonTitle(), title);
        QCOMPARE(w.controller()->eventCount(), rows);
        QCOMPARE(w.cursor(), 3);
        QCOMPARE(shown(w), before);
    }

    void lessonBrowserSwitchesLessons() {
        MainWindow w;
        QVERIFY(settled(w));
        auto* list = child<QListWidget>(w, "lessonList");
        const int other = list->currentRow() == 0 ? 1 : 0;
        const QString argument = list->item(other)->data(Qt::UserRole).toString();
        list->setCurrentRow(other);
        QVERIFY(settled(w));
        QCOMPARE(w.currentLesson(), argument);
        QCOMPARE(w.lessonTitle(), list->item(other)->text());
        QCOMPARE(w.cursor(), -1);
    }

    void recentFilesAndSaveAs() {
        QSettings(QStringLiteral("TCP Lab"), QStringLiteral("tcplab")).remove(QStringLiteral("recentFiles"));
        MainWindow w(QStringLiteral("builtin:lost-final-ack"));
        QVERIFY(settled(w));
        const QString path = dir_.filePath(QStringLiteral("saved.json"));
        QVERIFY(w.saveAs(path));
        QCOMPARE(w.recentFiles().value(0), QFileInfo(path).absoluteFilePath());
        const ScenarioLoad again = loadScenarioFile(path);
        QVERIFY2(again.scenario, qPrintable(again.error));
        const int rows = w.controller()->eventCount();
        QVERIFY(w.openFile(lessonPath_));
        QVERIFY(settled(w));
        QCOMPARE(w.recentFiles().value(0), QFileInfo(lessonPath_).absoluteFilePath());
        QVERIFY(w.openFile(path));
        QVERIFY(settled(w));
        QCOMPARE(w.currentLesson(), QFileInfo(path).absoluteFilePath());
        QCOMPARE(w.controller()->eventCount(), rows);
    }

    void languageSwitchesAtRunTime() {
        MainWindow w(lessonPath_);
        QVERIFY(settled(w));
        w.controller()->setCursor(1);
        const QString english = w.narration()->sentence();
        w.setLanguage(QStringLiteral("zh_CN"));
        QCOMPARE(uiLanguage(), QStringLiteral("zh_CN"));
        QCOMPARE(child<QAction>(w, "stepAction")->text(), QStringLiteral("单步"));
        QCOMPARE(w.lessonTitle(), QStringLiteral("界面测试课程"));
        QCOMPARE(w.cursor(), 1);
        QVERIFY(w.narration()->sentence() != english);
        QCOMPARE(w.narration()->teacherNote(), QStringLiteral("服务器开始监听。"));
        QCOMPARE(w.traceModel()->noteAt(1), QStringLiteral("服务器开始监听。")); // the event list's note too
        QCOMPARE(w.traceModel()->headerData(TraceModel::ColHost, Qt::Horizontal).toString(),
                 QStringLiteral("主机"));
        w.setLanguage(QStringLiteral("en"));
        QCOMPARE(child<QAction>(w, "stepAction")->text(), QStringLiteral("Step"));
        QCOMPARE(w.narration()->sentence(), english);
    }

    void ladderDrawsOnlyWhatIsVisible() {
        MainWindow w(QStringLiteral("builtin:lost-final-ack"));
        QVERIFY(settled(w));
        w.resize(1366, 768);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        LadderView* ladder = w.ladder();
        ladder->viewport()->repaint();
        QVERIFY(ladder->lastPaintedSegments() > 0);
        QVERIFY(ladder->lastPaintedSegments() <= static_cast<int>(w.controller()->trace().segments.size()));
        QCOMPARE(ladder->rowAtY(ladder->yOfRow(10)), 10);
        ladder->setAxis(LadderView::Axis::TimeProportional);
        QVERIFY(ladder->yOfRow(20) >= ladder->yOfRow(10));
        ladder->setAxis(LadderView::Axis::EventPerRow);
        QVERIFY(ladder->segmentLabel(0).startsWith(QLatin1String("[SYN] Seq=0")));
        ladder->setRelativeNumbers(false);
        QVERIFY(ladder->segmentLabel(0).startsWith(QLatin1String("[SYN] Seq=1000")));
        ladder->setRelativeNumbers(true);
    }

    void layoutIsSaved() {
        QSettings s(QStringLiteral("TCP Lab"), QStringLiteral("tcplab"));
        s.remove(QStringLiteral("mainWindow"));
        {
            MainWindow w;
            QVERIFY(settled(w));
            w.show();
            QVERIFY(QTest::qWaitForWindowExposed(&w));
            w.close();
        }
        s.sync();
        QVERIFY(!s.value(QStringLiteral("mainWindow/geometry")).toByteArray().isEmpty());
        QVERIFY(!s.value(QStringLiteral("mainWindow/state")).toByteArray().isEmpty());
    }

    // Opening a lesson returns before its run: the lesson shown stays until the new one has run to its end.
    void openFileRunsOffTheCaller() {
        MainWindow w(QStringLiteral("builtin:lost-final-ack"));
        QVERIFY(settled(w));
        const int rows = w.controller()->eventCount();
        QSignalSpy loaded(w.controller(), &PlayerController::lessonLoaded);
        QVERIFY(w.openFile(lessonPath_));
        QVERIFY(w.isLoading());
        QCOMPARE(loaded.count(), 0); // never from inside openFile()
        QCOMPARE(w.currentLesson(), QStringLiteral("builtin:lost-final-ack"));
        QCOMPARE(w.controller()->eventCount(), rows);
        QVERIFY(loaded.wait(60'000));
        QCOMPARE(loaded.count(), 1);
        QVERIFY(!w.isLoading());
        QCOMPARE(w.currentLesson(), lessonPath_);
        // A small lesson never shows the progress dialog.
        QVERIFY(!w.progressDialog() || !w.progressDialog()->isVisible());
    }

    // What the worker hands back is the run the simulation makes on its own: the same trace, byte for byte.
    void loadLandsTheSameTrace_data() {
        QTest::addColumn<QString>("lesson");
        QTest::newRow("own lesson") << lessonPath_;
        QTest::newRow("lost-final-ack") << QStringLiteral("builtin:lost-final-ack");
        QTest::newRow("syn-flood-cookies") << QStringLiteral("builtin:syn-flood-cookies");
    }
    void loadLandsTheSameTrace() {
        QFETCH(QString, lesson);
        const ScenarioLoad load = lesson.startsWith(QLatin1String("builtin:")) ? loadScenarioArgument(lesson)
                                                                               : loadScenarioFile(lesson);
        QVERIFY2(load.scenario, qPrintable(load.error));
        Simulation direct(*load.scenario);
        direct.run();
        MainWindow w(lesson);
        QVERIFY(settled(w));
        QVERIFY2(w.lastError().isEmpty(), qPrintable(w.lastError()));
        PlayerController* c = w.controller();
        QCOMPARE(c->eventCount(), static_cast<int>(direct.trace().events.size()));
        QCOMPARE(traceToJsonl(c->trace()), traceToJsonl(direct.trace()));
        QCOMPARE(w.traceModel()->rowCount(), c->eventCount());
        // And the live simulations behind the inspectors are that run's: at the end, the same world.
        c->toEnd();
        QCOMPARE(c->simulationAtCursor().world().eventsProcessed, direct.world().eventsProcessed);
        QCOMPARE(c->simulationAtCursor().now(), direct.now());
    }

    // A long run shows the progress dialog; Cancel stops it and the lesson that was shown stays, as it was.
    void longLoadShowsProgressAndCancelKeepsTheLesson() {
        MainWindow w(lessonPath_);
        QVERIFY(settled(w));
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.controller()->setCursor(3);
        const Shown before = shown(w);
        const int rows = w.controller()->eventCount();
        QSignalSpy cancelled(w.controller(), &PlayerController::loadCancelled);
        QSignalSpy loaded(w.controller(), &PlayerController::lessonLoaded);

        w.setProgressDelay(0); // at once: the test does not depend on how fast the machine is
        QVERIFY(w.openFile(writeFile(QStringLiteral("long.json"), longLesson())));
        QVERIFY(w.isLoading());
        QTRY_VERIFY(w.progressDialog() && w.progressDialog()->isVisible());
        QVERIFY(w.progressDialog()->isModal() || w.progressDialog()->windowModality() == Qt::WindowModal);
        auto* label = child<QLabel>(*w.progressDialog(), "loadProgressLabel");
        QVERIFY2(label->text().contains(QStringLiteral("long.json")), qPrintable(label->text()));
        auto* bar = child<QProgressBar>(*w.progressDialog(), "loadProgressBar");
        QTRY_VERIFY_WITH_TIMEOUT(bar->value() > 0, 60'000); // it moves
        QVERIFY(w.isLoading());
        // The window stays usable behind the dialog: the previous lesson is still there.
        QCOMPARE(w.controller()->eventCount(), rows);

        QTest::mouseClick(child<QPushButton>(*w.progressDialog(), "loadCancelButton"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!w.isLoading(), 60'000);
        QCOMPARE(cancelled.count(), 1);
        QCOMPARE(loaded.count(), 0);
        QVERIFY(!w.progressDialog()->isVisible());
        QCOMPARE(w.currentLesson(), lessonPath_);
        QCOMPARE(w.controller()->eventCount(), rows);
        QCOMPARE(w.traceModel()->rowCount(), rows);
        QCOMPARE(w.cursor(), 3);
        QCOMPARE(shown(w), before);
        QVERIFY(w.lastError().isEmpty());
        QVERIFY(!w.findChild<QMessageBox*>(QStringLiteral("errorDialog")));
        // And the player still works.
        w.controller()->stepForward();
        QCOMPARE(w.cursor(), 4);
    }

    // A lesson opened while another is still running replaces it: only the newer one lands.
    void aNewLoadSupersedesARunningOne() {
        MainWindow w(QStringLiteral("builtin:lost-final-ack"));
        QVERIFY(settled(w));
        QSignalSpy loaded(w.controller(), &PlayerController::lessonLoaded);
        QSignalSpy cancelled(w.controller(), &PlayerController::loadCancelled);
        QVERIFY(w.openFile(writeFile(QStringLiteral("long.json"), longLesson())));
        QVERIFY(w.openFile(lessonPath_));
        QVERIFY(settled(w));
        QCOMPARE(loaded.count(), 1);
        QCOMPARE(cancelled.count(), 0);
        QCOMPARE(w.currentLesson(), lessonPath_);
        QCOMPARE(w.lessonTitle(), QStringLiteral("UI test lesson"));
        // The long run's worker may still be stopping: closing the window now must not wait for its run.
        QVERIFY(w.openFile(writeFile(QStringLiteral("long2.json"), longLesson())));
        QVERIFY(w.isLoading());
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_main_window.moc"
