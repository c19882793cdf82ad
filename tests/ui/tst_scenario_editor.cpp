// The scenario editor, the what-if menus of the ladder, the undo history and the autosave, driven through
// the real widgets of the main window (QT_QPA_PLATFORM=offscreen). Questions the window asks (save before
// closing? restore?) are answered through ask.h's hook.
#include <QAction>
#include <QComboBox>
#include <QContextMenuEvent>
#include <QDialog>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QFile>
#include <QInputMethodEvent>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QSettings>
#include <QSignalSpy>
#include <QSlider>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>
#include <QUndoView>

#include "ask.h"
#include "autosave.h"
#include "gui_fixture.h"
#include "io/builtin.h"
#include "io/scenario_json.h"
#include "io/trace_jsonl.h"
#include "ladder_view.h"
#include "main_window.h"
#include "player_controller.h"
#include "scenario_commands.h"
#include "scenario_editor.h"
#include "sim/simulation.h"
#include "what_if.h"

using namespace tcplab;
using namespace tcplab::ui;
using namespace tcplab::ui::guitest;

namespace {

const char* const kLesson = R"({
  "format": "tcplab-scenario",
  "version": 1,
  "title": {"en": "Editor test lesson", "zh": "编辑器测试课程"},
  "seed": 3,
  "hosts": [
    {"name": "client", "address": "10.0.0.1", "isn": 1000},
    {"name": "server", "address": "10.0.0.2", "isn": 5000}
  ],
  "links": [{"a": "client", "b": "server", "delay_ms": 10}],
  "actions": [
    {"at_ms": 0, "host": "server", "do": "listen", "port": 80},
    {"at_ms": 100, "host": "client", "do": "connect", "peer": "server", "port": 80},
    {"at_ms": 300, "host": "client", "do": "send", "bytes": 200},
    {"on": {"host": "client", "state": "ESTABLISHED"}, "after_ms": 400, "host": "client", "do": "close"}
  ]
})";

QByteArray json(MainWindow& w) {
    return scenarioToJson(w.document()->scenario());
}

// The lines of a trace's JSON Lines: what a run is, event by event.
QList<QByteArray> lines(const Trace& t) {
    QList<QByteArray> events;
    for (const QByteArray& line : traceToJsonl(t).split('\n'))
        if (line.contains(R"("type":"event")"))
            events << line;
    return events;
}

// The first pure ACK the client sends to the server (the handshake's third segment).
std::uint32_t firstClientPureAck(const Trace& t) {
    for (std::uint32_t i = 0; i < t.segments.size(); ++i) {
        const SegmentRecord& s = t.segments[i];
        if (t.hostNames[s.srcHost] == "client" && (s.flags & TcpFlag::ACK) && !(s.flags & TcpFlag::SYN) &&
            s.payloadLen == 0 && !(s.flags & (TcpFlag::FIN | TcpFlag::RST)))
            return i;
    }
    qFatal("no pure ACK");
}

// Right-clicks the ladder's viewport at `pos` and returns the what-if menu that opened.
QMenu* rightClick(MainWindow& w, QPoint pos) {
    QWidget* vp = w.ladder()->viewport();
    QContextMenuEvent ev(QContextMenuEvent::Mouse, pos, vp->mapToGlobal(pos));
    QCoreApplication::sendEvent(vp, &ev);
    return w.findChild<QMenu*>(QStringLiteral("whatIfMenu"));
}

Trace run(const Scenario& sc) {
    Simulation sim(sc);
    sim.run();
    return sim.trace();
}

// The row of the event that put `segment` on its first link.
int sendRow(const Trace& t, std::uint32_t segment) {
    for (std::size_t i = 0; i < t.events.size(); ++i)
        if (t.events[i].kind == TraceKind::SegmentSent && t.events[i].segment == segment)
            return static_cast<int>(i);
    return -1;
}

void trigger(QMenu* menu, const char* action) {
    QAction* a = menu->findChild<QAction*>(QLatin1String(action));
    if (!a)
        qFatal("no action %s", action);
    a->trigger();
    menu->close();
}

} // namespace

class TestScenarioEditor : public QObject {
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

    // A window on a fresh copy of the test lesson, its editor shown.
    std::unique_ptr<MainWindow> openWindow() {
        lessonPath_ = writeFile(QStringLiteral("lesson.json"), kLesson);
        auto w = std::make_unique<MainWindow>(lessonPath_);
        w->resize(1366, 768);
        w->show();
        if (!settled(*w))
            qFatal("the lesson did not load");
        child<QAction>(*w, "scenarioEditorAction")->trigger();
        w->autosave()->setDelay(50);
        return w;
    }

private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("TCP Lab tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_scenario_editor"));
        QSettings(QStringLiteral("TCP Lab"), QStringLiteral("tcplab")).clear();
        QDir(Autosave::defaultDirectory()).removeRecursively();
        QVERIFY(dir_.isValid());
    }

    void cleanup() {
        setAskHook({});
        // Every window was closed or discarded: no autosave is left behind by a clean exit.
        QVERIFY(Autosave::orphans(Autosave::defaultDirectory()).empty());
    }

    void editorIsHiddenUntilAsked() {
        MainWindow w;
        w.show();
        QVERIFY(settled(w));
        QVERIFY(!w.editorDock()->isVisible());
        QVERIFY(!w.historyDock()->isVisible());
        child<QAction>(w, "scenarioEditorAction")->trigger();
        QVERIFY(w.editorDock()->isVisible());
        QVERIFY(w.historyDock()->isVisible());
    }

    void editUndoAndRedoRoundTripTheScenario() {
        auto w = openWindow();
        const QByteArray original = json(*w);
        auto* title = child<QLineEdit>(*w, "titleEn");
        title->setFocus();
        title->selectAll();
        QTest::keyClicks(title, QStringLiteral("Renamed"));
        QTest::keyClick(title, Qt::Key_Return);
        QCOMPARE(QString::fromStdString(w->document()->scenario().title.en), QStringLiteral("Renamed"));
        const QByteArray edited = json(*w);
        QVERIFY(edited != original);
        // Seven key presses, one undo step.
        QCOMPARE(w->document()->undoStack()->count(), 1);

        child<QAction>(*w, "undoAction")->trigger();
        QCOMPARE(json(*w), original);
        QCOMPARE(title->text(), QStringLiteral("Editor test lesson"));
        child<QAction>(*w, "redoAction")->trigger();
        QCOMPARE(json(*w), edited);
        QCOMPARE(title->text(), QStringLiteral("Renamed"));
        QVERIFY(settled(*w));
        w->document()->undoStack()->setIndex(0);
    }

    void anEditReRunsTheLessonAtTheSameStep() {
        auto w = openWindow();
        w->setCursor(5);
        const Instant before = w->controller()->trace().events.back().at;
        w->scenarioEditor()->tabs()->setCurrentIndex(2);
        auto* delay = child<QDoubleSpinBox>(*w, "linkDelay0");
        delay->setValue(50); // client → server, 10 ms → 50 ms
        QVERIFY(w->isLoading() || w->controller()->scenario() == w->document()->scenario());
        QVERIFY(settled(*w));
        QCOMPARE(w->controller()->scenario(), w->document()->scenario());
        QCOMPARE(w->cursor(), 5);
        QVERIFY(w->controller()->trace().events.back().at > before);
        w->document()->undoStack()->setIndex(0);
        QVERIFY(settled(*w));
    }

    // A long re-run after an edit does not put a modal progress dialog in the way of the next edit.
    void aReRunShowsItsProgressInTheStatusBar() {
        auto w = openWindow();
        w->setProgressDelay(20);
        // A million short connections, one after the other (as in tst_main_window): a minute of running.
        Scenario longer = w->document()->scenario();
        longer.hosts[0].tcp.emplace_back("time_wait_ms", 10);
        longer.links[0].aToB.delay = longer.links[0].bToA.delay = Duration{std::chrono::milliseconds(1)};
        longer.actions.resize(2);
        longer.actions[0].closeOnEof = true;
        longer.actions[1].count = 1'000'000;
        longer.actions[1].closeAfter = Duration{std::chrono::milliseconds(1)};
        longer.maxEvents = 3'000'000;
        w->editScenario(longer, QStringLiteral("many connections"));
        QVERIFY(w->isLoading());
        QVERIFY(QTest::qWaitFor([&] { return !w->statusBar()->currentMessage().isEmpty(); }, 5000));
        QVERIFY(!w->progressDialog() || !w->progressDialog()->isVisible());
        w->document()->undoStack()->undo(); // supersedes the long run
        QVERIFY(settled(*w));
        QVERIFY(w->statusBar()->currentMessage().isEmpty());
        QCOMPARE(w->controller()->scenario(), w->document()->scenario());
    }

    void renamingAHostFollowsTheNameEverywhere() {
        auto w = openWindow();
        w->scenarioEditor()->tabs()->setCurrentIndex(1);
        w->scenarioEditor()->setCurrentHost(0);
        auto* name = child<QLineEdit>(*w, "hostName");
        name->setFocus();
        name->selectAll();
        QTest::keyClicks(name, QStringLiteral("alice"));
        QTest::keyClick(name, Qt::Key_Return);
        const Scenario& sc = w->document()->scenario();
        QCOMPARE(sc.hosts[0].name, std::string("alice"));
        QCOMPARE(sc.links[0].a, std::string("alice"));
        QCOMPARE(sc.actions[1].host, std::string("alice"));
        QCOMPARE(sc.actions[3].when.onHost, std::string("alice"));
        QCOMPARE(w->document()->undoStack()->count(), 1);
        QVERIFY(settled(*w));
        QCOMPARE(w->controller()->trace().hostNames[0], std::string("alice"));
        w->document()->undoStack()->undo();
        QCOMPARE(w->document()->scenario().actions[3].when.onHost, std::string("client"));
        QVERIFY(settled(*w));
    }

    void anEditThatBreaksTheLessonKeepsTheRunAndSaysWhy() {
        auto w = openWindow();
        const Scenario running = w->controller()->scenario();
        w->scenarioEditor()->tabs()->setCurrentIndex(2);
        child<QComboBox>(*w, "linkB")
            ->setCurrentText(QStringLiteral("client")); // a link from client to client
        QVERIFY(w->document()->isModified());
        QVERIFY(!w->isLoading());
        QCOMPARE(w->controller()->scenario(), running);
        QVERIFY(w->scenarioEditor()->problem().contains(QStringLiteral("links[0].b")));
        w->document()->undoStack()->undo();
        QVERIFY(w->scenarioEditor()->problem().isEmpty());
    }

    // A quiz holds the cursor back from steps not yet answered; a re-run returns to a step already shown.
    void aReRunReturnsToItsStepPastAQuizGate() {
        auto w = openWindow();
        w->setCursor(5);
        w->controller()->setForwardGate([](int from, int) { return from; }); // nothing further
        w->scenarioEditor()->tabs()->setCurrentIndex(2);
        child<QDoubleSpinBox>(*w, "linkDelay0")->setValue(20);
        QVERIFY(settled(*w));
        QCOMPARE(w->controller()->scenario(), w->document()->scenario());
        QCOMPARE(w->cursor(), 5);
        w->controller()->stepForward();
        QCOMPARE(w->cursor(), 5); // the gate still holds
        w->controller()->setForwardGate(nullptr);
        w->document()->markSaved();
    }

    void aSliderDragIsOneUndoStep() {
        auto w = openWindow();
        QUndoStack* stack = w->document()->undoStack();
        w->scenarioEditor()->tabs()->setCurrentIndex(2);
        auto* loss = child<QSlider>(*w, "linkLoss0");
        loss->setSliderDown(true);
        for (int v : {10, 40, 120, 250})
            loss->setValue(v);
        loss->setSliderDown(false); // released
        QCOMPARE(stack->count(), 1);
        QCOMPARE(w->document()->scenario().links[0].aToB.loss, 0.25);
        // A second drag is a second step.
        loss->setSliderDown(true);
        loss->setValue(300);
        loss->setValue(310);
        loss->setSliderDown(false);
        QCOMPARE(stack->count(), 2);
        stack->undo();
        QCOMPARE(w->document()->scenario().links[0].aToB.loss, 0.25);
        stack->undo();
        QCOMPARE(w->document()->scenario().links[0].aToB.loss, 0.0);
        QCOMPARE(loss->value(), 0);
        // The history view lists the opened lesson and the two drags.
        QCOMPARE(child<QUndoView>(*w, "undoHistory")->model()->rowCount(), 3);
        QVERIFY(settled(*w));
    }

    void theTitleShowsUnsavedChangesAndSavingClearsThem() {
        auto w = openWindow();
        QVERIFY(!w->isWindowModified());
        QVERIFY(w->windowTitle().contains(QStringLiteral("[*]")));
        w->scenarioEditor()->tabs()->setCurrentIndex(2);
        child<QDoubleSpinBox>(*w, "linkDelay1")->setValue(25);
        QVERIFY(w->isWindowModified());
        QVERIFY(w->save()); // to the lesson's own file
        QVERIFY(!w->isWindowModified());
        const ScenarioLoad reread = loadScenarioFile(lessonPath_);
        QVERIFY(reread.scenario);
        QCOMPARE(*reread.scenario, w->document()->scenario());
        // Undo after saving: modified again.
        w->document()->undoStack()->undo();
        QVERIFY(w->isWindowModified());
        w->document()->undoStack()->redo();
        QVERIFY(!w->isWindowModified());
        QVERIFY(settled(*w));
    }

    void closingAsksToSave() {
        auto w = openWindow();
        auto* zh = child<QLineEdit>(*w, "titleZh");
        zh->setFocus();
        zh->selectAll();
        QInputMethodEvent typed; // what an input method commits: Chinese text
        typed.setCommitString(QStringLiteral("新标题"));
        QCoreApplication::sendEvent(zh, &typed);
        QVERIFY(w->isWindowModified());
        QStringList asked;
        QMessageBox::StandardButton answer = QMessageBox::Cancel;
        setAskHook([&](const QString& title, const QString&, QMessageBox::StandardButtons buttons) {
            asked << title;
            if (!(buttons & QMessageBox::Save) || !(buttons & QMessageBox::Discard))
                qFatal("Save and Discard expected");
            return answer;
        });
        QVERIFY(!w->close()); // Cancel: stays open
        QCOMPARE(asked.size(), 1);
        QVERIFY(w->isVisible());
        answer = QMessageBox::Save;
        QVERIFY(w->close());
        QCOMPARE(asked.size(), 2);
        const ScenarioLoad reread = loadScenarioFile(lessonPath_);
        QVERIFY(reread.scenario);
        QCOMPARE(QString::fromStdString(reread.scenario->title.zh), QStringLiteral("新标题"));
        // Nothing unsaved: no question.
        auto w2 = openWindow();
        QVERIFY(w2->close());
        QCOMPARE(asked.size(), 2);
    }

    void openingAnotherLessonAsksFirst() {
        auto w = openWindow();
        w->scenarioEditor()->tabs()->setCurrentIndex(2);
        child<QDoubleSpinBox>(*w, "linkDelay0")->setValue(12);
        QVERIFY(settled(*w));
        QMessageBox::StandardButton answer = QMessageBox::Cancel;
        int asked = 0;
        setAskHook([&](const QString&, const QString&, QMessageBox::StandardButtons) {
            ++asked;
            return answer;
        });
        QVERIFY(!w->openLesson(QStringLiteral("builtin:lost-syn"))); // Cancel: the edits stay
        QCOMPARE(asked, 1);
        QCOMPARE(w->currentLesson(), lessonPath_);
        QVERIFY(w->isWindowModified());
        answer = QMessageBox::Discard;
        QVERIFY(w->openLesson(QStringLiteral("builtin:lost-syn")));
        QVERIFY(settled(*w));
        QCOMPARE(asked, 2);
        QCOMPARE(w->currentLesson(), QStringLiteral("builtin:lost-syn"));
        QVERIFY(!w->isWindowModified());
        QCOMPARE(w->document()->undoStack()->count(), 0); // a new lesson, a new history
    }

    void dropViaTheContextMenuChangesTheRunFromThatStepOn() {
        auto w = openWindow();
        PlayerController* c = w->controller();
        const Trace before = c->trace();
        const std::uint32_t ack = firstClientPureAck(before);
        const int sendRow = c->index().segments[ack].sendRow;
        w->ladder()->ensureRowVisible(sendRow);
        const auto point = w->ladder()->segmentViewPoint(ack);
        QVERIFY(point);
        QMenu* menu = rightClick(*w, *point);
        QVERIFY(menu);
        trigger(menu, "whatIfDrop");

        // The rule names exactly that segment, in the fault-rule language.
        QCOMPARE(w->document()->scenario().faults.size(), std::size_t{1});
        const FaultRule& rule = w->document()->scenario().faults[0];
        QCOMPARE(rule.from, std::string("client"));
        QCOMPARE(rule.to, std::string("server"));
        QCOMPARE(rule.match, SegmentMatch::PureAck);
        QCOMPARE(rule.nth, 1);
        QCOMPARE(rule.action, FaultAction::Drop);
        QVERIFY(settled(*w));

        // The same events up to the drop, then the drop instead of the delivery.
        const Trace& after = c->trace();
        const int departure = c->departureRow();
        QVERIFY(departure > sendRow);
        const QList<QByteArray> a = lines(before), b = lines(after);
        for (int i = 0; i < departure; ++i)
            QCOMPARE(b[i], a[i]);
        QVERIFY(a[departure] != b[departure]);
        const TraceEvent& dropped = after.events[static_cast<std::size_t>(departure)];
        QCOMPARE(dropped.kind, TraceKind::SegmentDropped);
        QCOMPARE(dropped.segment, ack);
        QCOMPARE(after.text(dropped), std::string("dropped by fault rule 1"));
        QVERIFY(c->index().segments[ack].dropped);

        // Undoable, and saved with the file.
        const QString path = dir_.filePath(QStringLiteral("what-if.json"));
        QVERIFY(w->saveAs(path));
        const ScenarioLoad reread = loadScenarioFile(path);
        QVERIFY(reread.scenario);
        QCOMPARE(reread.scenario->faults, w->document()->scenario().faults);
        MainWindow reopened(path);
        QVERIFY(settled(reopened));
        QCOMPARE(traceToJsonl(reopened.controller()->trace()), traceToJsonl(after));
        w->document()->undoStack()->undo();
        QVERIFY(w->document()->scenario().faults.empty());
        QVERIFY(settled(*w));
        QCOMPARE(traceToJsonl(c->trace()), traceToJsonl(before));
        w->document()->undoStack()->redo();
        QVERIFY(settled(*w));
    }

    void anAbortOnALifelineBecomesAnActionAtThatMoment() {
        auto w = openWindow();
        PlayerController* c = w->controller();
        const Trace& t = c->trace();
        // The client, just after its connection is established.
        int row = -1;
        for (std::size_t i = 0; i < t.events.size() && row < 0; ++i)
            if (t.events[i].kind == TraceKind::StateChange && t.events[i].to == TcpState::Established &&
                t.hostNames[t.events[i].host] == "client")
                row = static_cast<int>(i);
        QVERIFY(row >= 0);
        const Instant at = t.events[static_cast<std::size_t>(row)].at;
        w->ladder()->ensureRowVisible(row);
        QMenu* menu = rightClick(*w, w->ladder()->laneViewPoint(0, row));
        QVERIFY(menu);
        QCOMPARE(w->cursor(), row); // the moment the action is for
        trigger(menu, "whatIfAbort");
        const ActionSpec& a = w->document()->scenario().actions.back();
        QCOMPARE(a.kind, ActionKind::Abort);
        QCOMPARE(a.host, std::string("client"));
        QCOMPARE(*a.when.at, at + Duration{1});
        QVERIFY(settled(*w));
        // The new run departs after that moment with the client's RST.
        const Trace& after = c->trace();
        QVERIFY(c->departureRow() > row);
        bool rst = false;
        for (std::size_t i = static_cast<std::size_t>(c->departureRow()); i < after.events.size(); ++i) {
            const TraceEvent& ev = after.events[i];
            rst = rst ||
                  (ev.kind == TraceKind::SegmentSent && (after.segments[ev.segment].flags & TcpFlag::RST) &&
                   after.hostNames[ev.host] == "client");
        }
        QVERIFY(rst);
        w->document()->undoStack()->setIndex(0);
        QVERIFY(settled(*w));
    }

    // For every segment of a lesson: the what-if rule drops that segment, and nothing happens differently
    // before it. (With the IP layer the rule acts on the segment's first hop.)
    void whatIfDropRuleSinglesOutEachSegment_data() {
        QTest::addColumn<QString>("lesson");
        for (const char* name : {"lost-final-ack", "simultaneous-close", "zero-window",
                                 "ip-fragmentation-576", "ip-fragment-lost", "ip-pmtud"})
            QTest::newRow(name) << QString::fromLatin1(name);
    }
    void whatIfDropRuleSinglesOutEachSegment() {
        QFETCH(QString, lesson);
        const ScenarioLoad load = loadScenarioArgument(QStringLiteral("builtin:") + lesson);
        QVERIFY(load.scenario);
        const Trace before = run(*load.scenario);
        int checked = 0;
        for (std::uint32_t seg = 0; seg < before.segments.size(); ++seg) {
            if (before.segments[seg].duplicate)
                continue;
            const auto rule =
                faultRuleForSegment(*load.scenario, before, seg, FaultAction::Drop, Duration{0});
            QVERIFY(rule);
            Scenario edited = *load.scenario;
            edited.faults.push_back(*rule);
            const Trace after = run(edited);
            const int departure = firstDifferingEvent(before, after);
            QVERIFY2(departure > sendRow(before, seg), qPrintable(QStringLiteral("segment %1").arg(seg)));
            const TraceEvent& ev = after.events[static_cast<std::size_t>(departure)];
            const bool ip = load.scenario->ipLayer();
            QCOMPARE(ev.kind, ip ? TraceKind::DatagramDropped : TraceKind::SegmentDropped);
            QCOMPARE(ev.segment, seg);
            QVERIFY(std::string(after.text(ev)).find("fault rule " + std::to_string(edited.faults.size())) !=
                    std::string::npos);
            ++checked;
        }
        QVERIFY(checked > 3);
    }

    // A fragment that a router cut: the rule drops that piece on that hop, and nothing before it.
    void whatIfDropRuleSinglesOutAFragment() {
        const ScenarioLoad load = loadScenarioArgument(QStringLiteral("builtin:ip-fragmentation-576"));
        QVERIFY(load.scenario);
        const Trace before = run(*load.scenario);
        int checked = 0;
        for (std::uint32_t d = 0; d < before.datagrams.size(); ++d) {
            const DatagramRecord& r = before.datagrams[d];
            if (!r.isFragment() || r.protocol != 6 || r.fragment < 2)
                continue;
            const auto rule = faultRuleForDatagram(*load.scenario, before, d, FaultAction::Drop, Duration{0});
            QVERIFY(rule);
            QCOMPARE(rule->fragment, int(r.fragment));
            Scenario edited = *load.scenario;
            edited.faults.push_back(*rule);
            const Trace after = run(edited);
            const int departure = firstDifferingEvent(before, after);
            QVERIFY(departure >= 0);
            const TraceEvent& ev = after.events[static_cast<std::size_t>(departure)];
            QCOMPARE(ev.kind, TraceKind::DatagramDropped);
            const DatagramRecord& gone = after.datagrams[ev.value()];
            QCOMPARE(gone.fromNode, r.fromNode);
            QCOMPARE(gone.fragmentOffset, r.fragmentOffset);
            QCOMPARE(gone.id, r.id);
            if (++checked == 6)
                break;
        }
        QVERIFY(checked > 0);
    }

    void aFragmentsMenuDropsThatFragment() {
        MainWindow w(QStringLiteral("builtin:ip-fragmentation-576"));
        QVERIFY(settled(w));
        const Trace before = w.controller()->trace();
        std::uint32_t piece = kNone;
        for (std::uint32_t d = 0; d < before.datagrams.size() && piece == kNone; ++d)
            if (before.datagrams[d].isFragment() && before.datagrams[d].fragment == 2)
                piece = d;
        QVERIFY(piece != kNone);
        // Right-click the fragment's arrow.
        w.resize(1366, 768);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.ladder()->ensureRowVisible(w.controller()->index().datagrams[piece].sendRow);
        const auto arrow = w.ladder()->datagramArrowInView(piece);
        QVERIFY(arrow);
        QMenu* menu = rightClick(w, arrow->pointAt(0.5).toPoint());
        QVERIFY(menu);
        trigger(menu, "whatIfDrop");
        QCOMPARE(w.document()->scenario().faults.back().fragment, 2);
        QVERIFY(settled(w));
        const int departure = w.controller()->departureRow();
        QVERIFY(departure >= 0);
        const TraceEvent& ev = w.controller()->trace().events[static_cast<std::size_t>(departure)];
        QCOMPARE(ev.kind, TraceKind::DatagramDropped);
        QCOMPARE(w.controller()->trace().datagrams[ev.value()].fragmentOffset,
                 before.datagrams[piece].fragmentOffset);
        w.document()->markSaved();
    }

    void anAutosaveIsWrittenAfterAnEditAndOfferedBack() {
        QByteArray edited;
        QString autosavePath;
        {
            auto w = openWindow();
            QSignalSpy written(w->autosave(), &Autosave::written);
            w->scenarioEditor()->tabs()->setCurrentIndex(2);
            child<QDoubleSpinBox>(*w, "linkDelay0")->setValue(33);
            QVERIFY(written.wait(5000));
            autosavePath = w->autosave()->scenarioPath();
            QVERIFY(QFile::exists(autosavePath));
            QVERIFY(QFile::exists(w->autosave()->lockPath()));
            edited = json(*w);
            const ScenarioLoad saved = loadScenarioFile(autosavePath);
            QVERIFY(saved.scenario);
            QCOMPARE(scenarioToJson(*saved.scenario), edited);
            // This process is running: its autosave is no orphan.
            QVERIFY(Autosave::orphans(w->autosave()->directory()).empty());
            // A crash: the files of a process that is gone (a pid no process has).
            const QString dir = w->autosave()->directory();
            QFile::copy(autosavePath, dir + QStringLiteral("/autosave-2147483000.json"));
            QFile lock(dir + QStringLiteral("/autosave-2147483000.lock"));
            QVERIFY(lock.open(QIODevice::WriteOnly));
            QJsonObject fields;
            fields.insert(QStringLiteral("pid"), 2147483000);
            fields.insert(QStringLiteral("source"), lessonPath_);
            fields.insert(QStringLiteral("saved"), QStringLiteral("2026-12-06T02:00:00Z"));
            lock.write(QJsonDocument(fields).toJson());
            lock.close();
            setAskHook([](const QString&, const QString&, QMessageBox::StandardButtons) {
                return QMessageBox::Discard;
            });
            QVERIFY(w->close()); // discards its own edits, and its own autosave with them
            QVERIFY(!QFile::exists(autosavePath));
        }
        QCOMPARE(Autosave::orphans(Autosave::defaultDirectory()).size(), std::size_t{1});
        MainWindow w;
        w.show();
        QVERIFY(settled(w));
        QString question;
        setAskHook([&](const QString&, const QString& text, QMessageBox::StandardButtons) {
            question = text;
            return QMessageBox::Yes;
        });
        QVERIFY(w.offerAutosaves());
        QVERIFY(question.contains(QStringLiteral("lesson.json")));
        QVERIFY(settled(w));
        QCOMPARE(json(w), edited);
        QVERIFY(w.isWindowModified());
        QCOMPARE(w.currentLesson(), lessonPath_);
        QVERIFY(Autosave::orphans(Autosave::defaultDirectory()).empty());
        QVERIFY(QFile::exists(w.autosave()->scenarioPath())); // taken over by this process
        setAskHook([](const QString&, const QString&, QMessageBox::StandardButtons) {
            return QMessageBox::Discard;
        });
        QVERIFY(w.close());
        QVERIFY(!QFile::exists(w.autosave()->scenarioPath()));
    }
};

QTEST_MAIN(TestScenarioEditor)
#include "tst_scenario_editor.moc"
