// The interim main window: a lesson picker, the lesson's title and description, the state of every host's
// connections at the cursor, the Step / Back / Reset controls, and the trace as a table. A lesson is run to
// its end when it is loaded; stepping only moves the cursor through the recorded events.
#pragma once

#include <QMainWindow>
#include <QString>

#include <optional>
#include <vector>

#include "scenario/scenario.h"

class QComboBox;
class QLabel;
class QPushButton;
class QTableView;
class QHBoxLayout;
class QGroupBox;
class QAction;

namespace tcplab {
struct ScenarioLoad;
}

namespace tcplab::ui {

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

    // The message of the last failed open; empty after a successful one.
    QString lastError() const { return lastError_; }
    // The argument the current lesson was loaded from ("builtin:NAME" or a path); empty if none.
    QString currentLesson() const { return current_; }
    QString lessonTitle() const;
    TraceModel* traceModel() const { return model_; }
    int cursor() const;

public Q_SLOTS:
    void stepForward();
    void stepBack();
    void resetCursor();
    void setCursor(int row);

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void buildUi();
    void buildMenus();
    void fillLessonCombo();
    void syncLessonCombo();
    void rebuildHostPanel();
    void updateCursorViews();
    bool loadScenario(ScenarioLoad load, const QString& argument, const QString& shownName);
    void showError(const QString& title, const QString& text, const QString& details);
    void chooseFile();
    void lessonChosen(int index);

    TraceModel* model_ = nullptr;
    std::optional<Scenario> scenario_;
    QString current_;
    QString lastError_;

    QComboBox* lessonCombo_ = nullptr;
    QLabel* titleLabel_ = nullptr;
    QLabel* descriptionLabel_ = nullptr;
    QGroupBox* hostBox_ = nullptr;
    QHBoxLayout* hostLayout_ = nullptr;
    std::vector<QLabel*> hostStateLabels_;
    std::vector<QWidget*> hostFrames_;
    QPushButton* resetButton_ = nullptr;
    QPushButton* backButton_ = nullptr;
    QPushButton* stepButton_ = nullptr;
    QLabel* positionLabel_ = nullptr;
    QLabel* noteLabel_ = nullptr;
    QTableView* table_ = nullptr;
    QAction* stepAction_ = nullptr;
    QAction* backAction_ = nullptr;
    QAction* resetAction_ = nullptr;
    bool syncingSelection_ = false;
};

} // namespace tcplab::ui
