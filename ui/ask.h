// Questions the window asks the user (save before closing? restore an autosave?) go through ask(), so that
// tests can answer them without a modal dialog: setAskHook() replaces the QMessageBox.
#pragma once

#include <QMessageBox>

#include <functional>

namespace tcplab::ui {

using AskHook = std::function<QMessageBox::StandardButton(const QString& title, const QString& text,
                                                          QMessageBox::StandardButtons buttons)>;

// Installs `hook` (an empty one restores the message box).
void setAskHook(AskHook hook);

// A modal question with `buttons`; returns the button chosen (the hook's answer when one is installed).
QMessageBox::StandardButton ask(QWidget* parent, const QString& title, const QString& text,
                                QMessageBox::StandardButtons buttons,
                                QMessageBox::StandardButton defaultButton);

} // namespace tcplab::ui
