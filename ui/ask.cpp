#include "ask.h"

#include <QAbstractButton>
#include <QCoreApplication>

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
    // Our own words for the buttons: Qt's translations (qtbase_*.qm) are not always installed.
    const std::pair<QMessageBox::StandardButton, QString> texts[] = {
        {QMessageBox::Yes, QCoreApplication::translate("tcplab::ui::Ask", "&Yes")},
        {QMessageBox::No, QCoreApplication::translate("tcplab::ui::Ask", "&No")},
        {QMessageBox::Save, QCoreApplication::translate("tcplab::ui::Ask", "&Save")},
        {QMessageBox::Discard, QCoreApplication::translate("tcplab::ui::Ask", "&Discard")},
        {QMessageBox::Cancel, QCoreApplication::translate("tcplab::ui::Ask", "Cancel")},
    };
    for (const auto& [button, label] : texts)
        if (QAbstractButton* b = box.button(button))
            b->setText(label);
    box.setDefaultButton(defaultButton);
    return static_cast<QMessageBox::StandardButton>(box.exec());
}

} // namespace tcplab::ui
