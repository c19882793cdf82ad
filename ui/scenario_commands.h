// The lesson being edited: a ScenarioDocument holds the Scenario value and the QUndoStack of edits made to
// it. Every edit is one QUndoCommand holding the whole scenario before and after (a scenario is a few
// kilobytes, and a whole-value command cannot get an edit half wrong). Edits of the same field in a row (a
// slider drag, typing in a spin box) carry the same merge id and become one undo step until the editor seals
// it (the slider is released, the spin box loses focus). The player re-runs the lesson after each change
// (scenarioChanged()); the window shows the unsaved state from isModified().
#pragma once

#include <QObject>
#include <QString>
#include <QUndoCommand>
#include <QUndoStack>

#include "scenario/scenario.h"

namespace tcplab::ui {

class ScenarioDocument : public QObject {
    Q_OBJECT
public:
    explicit ScenarioDocument(QObject* parent = nullptr);

    bool hasScenario() const { return loaded_; }
    const Scenario& scenario() const { return scenario_; }
    QUndoStack* undoStack() { return &stack_; }

    // A lesson freshly opened: the history is cleared and the document is unmodified.
    void reset(Scenario scenario);
    // One undoable edit to `after`, named `text` in the history. Consecutive edits with the same mergeId
    // (>= 0) merge into one step until sealMerge(). An edit that changes nothing is not recorded.
    void edit(Scenario after, const QString& text, int mergeId = -1);
    // Ends the running merge: the next edit starts a new undo step.
    void sealMerge();

    bool isModified() const { return !stack_.isClean(); }
    // Saved: the current state is the clean one.
    void markSaved() { stack_.setClean(); }
    // Restored from an autosave: modified, although nothing is on the undo stack.
    void markModified() { stack_.resetClean(); }

Q_SIGNALS:
    // After every edit, undo and redo, and after reset().
    void scenarioChanged();
    void modifiedChanged(bool modified);

private:
    friend class ScenarioEditCommand;
    void set(const Scenario& s);

    Scenario scenario_;
    bool loaded_ = false;
    QUndoStack stack_;
};

// The whole scenario before and after one edit.
class ScenarioEditCommand : public QUndoCommand {
public:
    ScenarioEditCommand(ScenarioDocument* doc, Scenario before, Scenario after, const QString& text,
                        int mergeId);
    void undo() override;
    void redo() override;
    int id() const override { return mergeId_; }
    bool mergeWith(const QUndoCommand* other) override;
    void seal() { sealed_ = true; }
    const Scenario& after() const { return after_; }

private:
    ScenarioDocument* doc_;
    Scenario before_;
    Scenario after_;
    int mergeId_;
    bool sealed_ = false;
};

} // namespace tcplab::ui
