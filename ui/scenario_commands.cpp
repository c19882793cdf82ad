#include "scenario_commands.h"

namespace tcplab::ui {

ScenarioDocument::ScenarioDocument(QObject* parent) : QObject(parent) {
    stack_.setObjectName(QStringLiteral("scenarioUndoStack"));
    connect(&stack_, &QUndoStack::cleanChanged, this, [this](bool clean) { Q_EMIT modifiedChanged(!clean); });
}

void ScenarioDocument::reset(Scenario scenario) {
    const bool wasModified = isModified();
    scenario_ = std::move(scenario);
    loaded_ = true;
    stack_.clear(); // also makes the stack clean
    if (wasModified)
        Q_EMIT modifiedChanged(false);
    Q_EMIT scenarioChanged();
}

void ScenarioDocument::edit(Scenario after, const QString& text, int mergeId) {
    if (!loaded_ || after == scenario_)
        return;
    stack_.push(new ScenarioEditCommand(this, scenario_, std::move(after), text, mergeId));
}

void ScenarioDocument::sealMerge() {
    if (stack_.index() <= 0)
        return;
    // The command just below the current index is the one a new edit would merge with.
    if (auto* c = dynamic_cast<const ScenarioEditCommand*>(stack_.command(stack_.index() - 1)))
        const_cast<ScenarioEditCommand*>(c)->seal();
}

void ScenarioDocument::set(const Scenario& s) {
    scenario_ = s;
    Q_EMIT scenarioChanged();
}

ScenarioEditCommand::ScenarioEditCommand(ScenarioDocument* doc, Scenario before, Scenario after,
                                         const QString& text, int mergeId)
    : QUndoCommand(text), doc_(doc), before_(std::move(before)), after_(std::move(after)), mergeId_(mergeId) {
}

void ScenarioEditCommand::undo() {
    doc_->set(before_);
}

void ScenarioEditCommand::redo() {
    doc_->set(after_);
}

bool ScenarioEditCommand::mergeWith(const QUndoCommand* other) {
    const auto* o = dynamic_cast<const ScenarioEditCommand*>(other);
    if (sealed_ || !o || o->mergeId_ != mergeId_ || mergeId_ < 0)
        return false;
    after_ = o->after_;
    // A drag that came back to where it started is no step at all.
    setObsolete(after_ == before_);
    return true;
}

} // namespace tcplab::ui
