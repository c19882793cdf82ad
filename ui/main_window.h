// The player's main window: the ladder in the centre, dockable panels around it (narration, state diagram,
// TCBs, segment inspector, event list, lesson browser), the transport bar, and the File / View / Play /
// Language menus. Layout and geometry are kept in QSettings. A lesson comes from the lesson browser, File →
// Open, Recent, drag and drop or the command line; a file that cannot be opened gets an error dialog with the
// loader's message and the current lesson stays.
//
// A lesson runs on the controller's worker thread: the window stays responsive, and when the run takes longer
// than progressDelay() a window-modal dialog shows how far it has got (simulated time and events against the
// lesson's limits) with a Cancel button. Cancelling, like a failed run, keeps the lesson that was shown.
#pragma once

#include <QMainWindow>
#include <QString>
#include <QTimer>

#include <functional>
#include <map>
#include <optional>

#include "scenario/scenario.h"

class QAction;
class QActionGroup;
class QComboBox;
class QDialog;
class QDockWidget;
class QLabel;
class QListWidget;
class QMenu;
class QProgressBar;
class QPushButton;
class QSlider;
class QToolBar;
class QUndoView;

namespace tcplab {
struct ScenarioLoad;
}

namespace tcplab::ui {

class Appearance;
class Autosave;
class EventList;
class ExportMenu;
class ScenarioDocument;
class ScenarioEditor;
class LadderView;
class NarrationPanel;
class PlayerController;
class QuizPanel;
class SegmentInspector;
class SocketTablePanel;
class StateDiagram;
class TcbPanel;
class TraceModel;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    // Opens `file` (a lesson file or "builtin:NAME"); without one, or if it cannot be opened (an error
    // dialog says why), the default built-in lesson. The lesson arrives once its run has ended (isLoading()).
    explicit MainWindow(const QString& file = {}, QWidget* parent = nullptr);
    ~MainWindow() override;

    // Opens a lesson file (what File → Open does): reads and checks it, then starts running it on the worker
    // and returns true; the lesson replaces the current one when the run has ended (the controller's
    // lessonLoaded()). If the file cannot be read or checked, or later if the run fails, it shows the
    // message in an error dialog (window-modal, not blocking the caller) and keeps the current lesson; a
    // file that cannot be read or checked returns false at once.
    bool openFile(const QString& path);
    // "builtin:NAME" or a file path. Same as openFile otherwise.
    bool openLesson(const QString& argument);
    // A lesson is being run (the progress dialog may be showing).
    bool isLoading() const;
    // Stops the running load; the current lesson stays (what the progress dialog's Cancel does).
    void cancelLoading();
    // How long a load runs before the progress dialog appears (300 ms).
    int progressDelay() const { return progressDelay_.interval(); }
    void setProgressDelay(int ms) { progressDelay_.setInterval(ms); }
    QDialog* progressDialog() const { return progressDialog_; }
    // Writes the lesson, with its edits, as a scenario file. Returns false (and shows why) on failure.
    bool saveAs(const QString& path);
    // File → Save: to the lesson's file; a built-in lesson asks for one (Save As).
    bool save();
    // The lesson being edited, its undo stack and its autosave.
    ScenarioDocument* document() const { return doc_; }
    ScenarioEditor* scenarioEditor() const { return editor_; }
    QDockWidget* editorDock() const { return editorDock_; }
    QDockWidget* historyDock() const { return historyDock_; }
    Autosave* autosave() const { return autosave_; }
    // At start-up: offers to restore the autosave a crashed TCP Lab left (Autosave::orphans()); on Yes the
    // edits are loaded (unsaved) and the autosave file is taken over. Returns whether one was restored.
    bool offerAutosaves();
    // One edit of the lesson, as the editor and the what-if menus make it (undoable, re-runs the lesson).
    void editScenario(const Scenario& after, const QString& text, int mergeId = -1);
    // The what-if menus, built for a segment or a lifeline moment (the ladder's right click shows them).
    QMenu* segmentWhatIfMenu(std::uint32_t segment);
    QMenu* laneWhatIfMenu(int host, int row);
    // The same for one datagram or fragment of the IP layer (Trace::datagrams), on its hop.
    QMenu* datagramWhatIfMenu(std::uint32_t datagram);

    // The message of the last failed open; empty after a successful one.
    QString lastError() const { return lastError_; }
    // The argument the current lesson was loaded from ("builtin:NAME" or a path); empty if none.
    QString currentLesson() const { return current_; }
    QString lessonTitle() const;
    int cursor() const;
    PlayerController* controller() const { return controller_; }
    TraceModel* traceModel() const { return model_; }
    LadderView* ladder() const { return ladder_; }
    StateDiagram* stateDiagram() const { return diagram_; }
    TcbPanel* tcbPanel() const { return tcb_; }
    SegmentInspector* segmentInspector() const { return segment_; }
    SocketTablePanel* socketTable() const { return sockets_; }
    NarrationPanel* narration() const { return narration_; }
    EventList* eventList() const { return events_; }
    ExportMenu* exportMenu() const { return exportMenu_; }
    QuizPanel* quizPanel() const { return quiz_; }
    Appearance* appearance() const { return appearance_; }
    QStringList recentFiles() const;
    // Switches the interface language at run time ("en", "zh_CN"; empty: the system's) and remembers it.
    void setLanguage(const QString& language);

Q_SIGNALS:
    // The interface texts were set again (start-up, language switch).
    void languageRetranslated();

public Q_SLOTS:
    void stepForward();
    void stepBack();
    void resetCursor();
    void setCursor(int row);

protected:
    void closeEvent(QCloseEvent* event) override;
    void showEvent(QShowEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void changeEvent(QEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void buildActions();
    void buildMenus();
    void buildToolBar();
    void buildDocks();
    void sizeDocks();
    void retranslate();
    void fillLessonList();
    void fillConversations();
    void updateTransport();
    void updateRecentMenu();
    void addRecent(const QString& path);
    bool loadScenario(ScenarioLoad load, const QString& argument, const QString& shownName,
                      bool addToRecent = false);
    void lessonReady();
    // The lesson's teacher notes by event row, in the interface language.
    std::map<int, QString> teacherNotes() const;
    void loadEnded();
    // Asks whether to save unsaved edits: true when the caller may go on (saved or discarded).
    bool maybeSave();
    void documentChanged();
    void updateTitle();
    void showWhatIfMenu(QMenu* menu, const QPoint& globalPos);
    using RuleMaker = std::function<std::optional<FaultRule>(FaultAction, Duration, std::string*)>;
    QMenu* faultWhatIfMenu(const QString& title, const QString& label, const RuleMaker& makeRule);
    void showProgress();
    void updateProgress();
    void showError(const QString& title, const QString& text, const QString& details);
    void chooseFile();
    void chooseSaveFile();
    QDockWidget* addDock(QWidget* widget, const QString& objectName, Qt::DockWidgetArea area);

    PlayerController* controller_ = nullptr;
    TraceModel* model_ = nullptr;
    std::optional<Scenario> scenario_;
    QString current_;
    QString lastError_;
    // The lesson being run on the worker.
    struct PendingLoad {
        QString argument;
        QString shownName;
        bool addToRecent = false;
        bool rerun = false;    // the same lesson after an edit
        bool restored = false; // an autosave's edits: unsaved
    };
    std::optional<PendingLoad> pending_;
    QTimer progressDelay_; // shows the dialog when a load takes longer than its interval
    QTimer progressPoll_;  // updates it while it shows
    QDialog* progressDialog_ = nullptr;
    QLabel* progressLabel_ = nullptr;
    QProgressBar* progressBar_ = nullptr;
    QPushButton* progressCancel_ = nullptr;

    LadderView* ladder_ = nullptr;
    StateDiagram* diagram_ = nullptr;
    TcbPanel* tcb_ = nullptr;
    SegmentInspector* segment_ = nullptr;
    NarrationPanel* narration_ = nullptr;
    EventList* events_ = nullptr;
    QListWidget* lessonList_ = nullptr;
    QLabel* lessonDescription_ = nullptr;
    QComboBox* conversationCombo_ = nullptr;
    QLabel* conversationLabel_ = nullptr;

    QDockWidget* narrationDock_ = nullptr;
    QDockWidget* diagramDock_ = nullptr;
    QDockWidget* tcbDock_ = nullptr;
    QDockWidget* segmentDock_ = nullptr;
    QDockWidget* eventsDock_ = nullptr;
    QDockWidget* lessonsDock_ = nullptr;
    SocketTablePanel* sockets_ = nullptr;
    QDockWidget* socketDock_ = nullptr;
    QDockWidget* editorDock_ = nullptr;
    QDockWidget* historyDock_ = nullptr;
    ScenarioDocument* doc_ = nullptr;
    ScenarioEditor* editor_ = nullptr;
    QUndoView* history_ = nullptr;
    Autosave* autosave_ = nullptr;
    QLabel* editStatus_ = nullptr;

    QToolBar* transport_ = nullptr;
    QSlider* scrubber_ = nullptr;
    QComboBox* speedCombo_ = nullptr;
    QLabel* speedLabel_ = nullptr;
    QLabel* positionLabel_ = nullptr;
    QLabel* sourceLabel_ = nullptr;

    QMenu* fileMenu_ = nullptr;
    QMenu* recentMenu_ = nullptr;
    QMenu* editMenu_ = nullptr;
    QMenu* viewMenu_ = nullptr;
    QMenu* panelsMenu_ = nullptr;
    QMenu* playMenu_ = nullptr;
    QMenu* languageMenu_ = nullptr;
    QMenu* helpMenu_ = nullptr;
    ExportMenu* exportMenu_ = nullptr;
    QuizPanel* quiz_ = nullptr;
    Appearance* appearance_ = nullptr;
    QDockWidget* quizDock_ = nullptr;

    QAction* openAction_ = nullptr;
    QAction* saveAction_ = nullptr;
    QAction* saveAsAction_ = nullptr;
    QAction* undoAction_ = nullptr;
    QAction* redoAction_ = nullptr;
    QAction* editorAction_ = nullptr;
    QAction* quitAction_ = nullptr;
    QAction* startAction_ = nullptr;
    QAction* backAction_ = nullptr;
    QAction* playAction_ = nullptr;
    QAction* stepAction_ = nullptr;
    QAction* nextChangeAction_ = nullptr;
    QAction* prevChangeAction_ = nullptr;
    QAction* endAction_ = nullptr;
    QAction* relativeAction_ = nullptr;
    QAction* timeAxisAction_ = nullptr;
    QAction* zoomInAction_ = nullptr;
    QAction* zoomOutAction_ = nullptr;
    QAction* zoomResetAction_ = nullptr;
    QAction* resetLayoutAction_ = nullptr;
    QAction* langSystem_ = nullptr;
    QAction* langEnglish_ = nullptr;
    QAction* langChinese_ = nullptr;
    QAction* aboutAction_ = nullptr;
    QByteArray defaultState_;
    bool hasSavedLayout_ = false;
    bool shownOnce_ = false;
    bool userResizedDocks_ = false;
};

} // namespace tcplab::ui
