// The player's main window: the ladder in the centre, dockable panels around it (narration, state diagram,
// TCBs, segment inspector, event list, lesson browser), the transport bar, and the File / View / Play /
// Language menus. Layout and geometry are kept in QSettings. A lesson comes from the lesson browser, File →
// Open, Recent, drag and drop or the command line; a file that cannot be opened gets an error dialog with the
// loader's message and the current lesson stays.
#pragma once

#include <QMainWindow>
#include <QString>

#include <optional>

#include "scenario/scenario.h"

class QAction;
class QActionGroup;
class QComboBox;
class QDockWidget;
class QLabel;
class QListWidget;
class QMenu;
class QSlider;
class QToolBar;

namespace tcplab {
struct ScenarioLoad;
}

namespace tcplab::ui {

class EventList;
class LadderView;
class NarrationPanel;
class PlayerController;
class SegmentInspector;
class StateDiagram;
class TcbPanel;
class TraceModel;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    // Opens `file` (a lesson file or "builtin:NAME"); without one, or if it cannot be opened (an error
    // dialog says why), the default built-in lesson.
    explicit MainWindow(const QString& file = {}, QWidget* parent = nullptr);
    ~MainWindow() override;

    // Opens a lesson file (what File → Open does). On failure it shows the loader's message in an error
    // dialog (window-modal, not blocking the caller), keeps the current lesson and returns false.
    bool openFile(const QString& path);
    // "builtin:NAME" or a file path. Same as openFile otherwise.
    bool openLesson(const QString& argument);
    // Writes the current lesson as a scenario file. Returns false (and shows why) on failure.
    bool saveAs(const QString& path);

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
    NarrationPanel* narration() const { return narration_; }
    EventList* eventList() const { return events_; }
    QStringList recentFiles() const;
    // Switches the interface language at run time ("en", "zh_CN"; empty: the system's) and remembers it.
    void setLanguage(const QString& language);

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
    bool loadScenario(ScenarioLoad load, const QString& argument, const QString& shownName);
    void showError(const QString& title, const QString& text, const QString& details);
    void chooseFile();
    void chooseSaveFile();
    QDockWidget* addDock(QWidget* widget, const QString& objectName, Qt::DockWidgetArea area);

    PlayerController* controller_ = nullptr;
    TraceModel* model_ = nullptr;
    std::optional<Scenario> scenario_;
    QString current_;
    QString lastError_;

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

    QToolBar* transport_ = nullptr;
    QSlider* scrubber_ = nullptr;
    QComboBox* speedCombo_ = nullptr;
    QLabel* speedLabel_ = nullptr;
    QLabel* positionLabel_ = nullptr;
    QLabel* sourceLabel_ = nullptr;

    QMenu* fileMenu_ = nullptr;
    QMenu* recentMenu_ = nullptr;
    QMenu* viewMenu_ = nullptr;
    QMenu* panelsMenu_ = nullptr;
    QMenu* playMenu_ = nullptr;
    QMenu* languageMenu_ = nullptr;
    QMenu* helpMenu_ = nullptr;

    QAction* openAction_ = nullptr;
    QAction* saveAsAction_ = nullptr;
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
