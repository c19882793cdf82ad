// The scenario editor (a dock): the lesson's title and description in both languages, its hosts with their
// addresses and TCP parameters, its links, its action timeline, its fault rules and its teacher notes, on
// six tabs. Every change is one undoable edit of the ScenarioDocument (typing in a field and dragging a
// slider merge into one step); the window re-runs the lesson after each. The editor shows the document and
// refreshes from it after every edit, undo and redo. Routers and the IP layer's options keep what the file
// says (they are edited in the file).
#pragma once

#include <QWidget>

#include <functional>

#include "scenario/scenario.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QSlider;
class QTabWidget;
class QTableWidget;
class QTableWidgetItem;
class QFormLayout;

namespace tcplab::ui {

class ScenarioDocument;

class ScenarioEditor : public QWidget {
    Q_OBJECT
public:
    explicit ScenarioEditor(ScenarioDocument* doc, QWidget* parent = nullptr);

    // Fields that merge: edits of one field (of one host, link …) in a row are one undo step.
    enum Field {
        TitleEn = 1,
        TitleZh,
        DescriptionEn,
        DescriptionZh,
        Seed,
        TimeLimit,
        HostName,
        HostAddress,
        HostIsn,
        HostParam,
        LinkMtu,
        LinkDelay,
        LinkJitter,
        LinkBandwidth,
        LinkLoss,
        LinkDuplicate,
        LinkReorder,
        LinkReorderDelay,
    };
    static int mergeId(Field field, int item = 0, int sub = 0) { return (field << 20) | (item << 8) | sub; }

    QTabWidget* tabs() const { return tabs_; }
    // The problem checkScenario() finds in the edited lesson (shown in red under the tabs); empty: none.
    void setProblem(const QString& problem);
    QString problem() const;
    // The trace event a new teacher note is for (the player's cursor).
    void setCurrentStep(int step) { currentStep_ = step; }
    void retranslate();
    void refresh();

    // The rows of the host and link lists currently edited.
    int currentHost() const;
    int currentLink() const;
    void setCurrentHost(int row);
    void setCurrentLink(int row);

private:
    void buildLessonTab();
    void buildHostsTab();
    void buildLinksTab();
    void buildActionsTab();
    void buildFaultsTab();
    void buildNotesTab();
    void refreshLesson();
    void refreshHost();
    void refreshLinks();
    void refreshLink();
    void refreshActions();
    void refreshFaults();
    void refreshNotes();
    // Copies the document's scenario, applies `change` and pushes the result as one edit.
    void change(const std::function<void(Scenario&)>& change, const QString& text, int mergeId = -1);
    void seal();
    void hostParamEdited(QTableWidgetItem* item);
    void actionEdited(QTableWidgetItem* item);
    void faultEdited(QTableWidgetItem* item);
    void noteEdited(QTableWidgetItem* item);
    void rejectInput(const QString& message);

    ScenarioDocument* doc_;
    bool updating_ = false;
    int currentStep_ = -1;
    QTabWidget* tabs_ = nullptr;
    QLabel* problem_ = nullptr;

    // Lesson
    QFormLayout* lessonForm_ = nullptr;
    QLineEdit* titleEn_ = nullptr;
    QLineEdit* titleZh_ = nullptr;
    QPlainTextEdit* descEn_ = nullptr;
    QPlainTextEdit* descZh_ = nullptr;
    QLineEdit* seed_ = nullptr;
    QComboBox* profile_ = nullptr;
    QDoubleSpinBox* duration_ = nullptr;
    // Hosts
    QListWidget* hostList_ = nullptr;
    QPushButton* addHost_ = nullptr;
    QPushButton* removeHost_ = nullptr;
    QFormLayout* hostForm_ = nullptr;
    QLineEdit* hostName_ = nullptr;
    QLineEdit* hostAddress_ = nullptr;
    QComboBox* hostProfile_ = nullptr;
    QCheckBox* hostIsnFixed_ = nullptr;
    QLineEdit* hostIsn_ = nullptr;
    QTableWidget* hostParams_ = nullptr;
    // Links
    QListWidget* linkList_ = nullptr;
    QPushButton* addLink_ = nullptr;
    QPushButton* removeLink_ = nullptr;
    QFormLayout* linkForm_ = nullptr;
    QComboBox* linkA_ = nullptr;
    QComboBox* linkB_ = nullptr;
    QDoubleSpinBox* linkMtu_ = nullptr;
    struct DirectionWidgets {
        QGroupBox* box = nullptr;
        QFormLayout* form = nullptr;
        QDoubleSpinBox* delay = nullptr;
        QDoubleSpinBox* jitter = nullptr;
        QDoubleSpinBox* bandwidth = nullptr;
        QSlider* loss = nullptr;
        QSlider* duplicate = nullptr;
        QSlider* reorder = nullptr;
        QDoubleSpinBox* reorderDelay = nullptr;
        QLabel* lossValue = nullptr;
        QLabel* duplicateValue = nullptr;
        QLabel* reorderValue = nullptr;
    };
    DirectionWidgets dir_[2];
    // Actions, faults, notes
    QTableWidget* actions_ = nullptr;
    QPushButton* addAction_ = nullptr;
    QPushButton* removeAction_ = nullptr;
    QTableWidget* faults_ = nullptr;
    QPushButton* addFault_ = nullptr;
    QPushButton* removeFault_ = nullptr;
    QTableWidget* notes_ = nullptr;
    QPushButton* addNote_ = nullptr;
    QPushButton* removeNote_ = nullptr;
};

} // namespace tcplab::ui
