#include "ask.h"

namespace tcplab::ui {

namespace {
AskHook& hookRef() {
    static AskHook hook;
    return hook;
}
} // namespace

void setAskHook(AskHook hook) {
    hookRef() = std::move(hook);
}

QMessageBox::StandardButton ask(QWidget* parent, const QString& title, const QString& text,
                                QMessageBox::StandardButtons buttons,
                                QMessageBox::StandardButton defaultButton) {
    if (hookRef())
        return hookRef()(title, text, buttons);
    QMessageBox box(QMessageBox::Question, title, text, buttons, parent);
    box.setObjectName(QStringLiteral("askDialog"));
    box.setDefaultButton(defaultButton);
    return static_cast<QMessageBox::StandardButton>(box.exec());
}

} // namespace tcplab::ui
