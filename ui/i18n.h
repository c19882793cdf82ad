// The GUI's languages: English (the source strings) and Simplified Chinese (resources/translations, compiled
// into tcplab_ui as :/i18n/tcplab_zh_CN.qm). Lesson texts carry both languages themselves (LocalizedText).
#pragma once

#include <QString>

#include "scenario/scenario.h"

namespace tcplab::ui {

// Installs the translators for `language` ("zh_CN", "en", ...; empty: the system locale) on the running
// application, replacing any installed before: TCP Lab's own strings and Qt's (standard dialogs, buttons).
// Returns the language the interface now uses: "zh_CN" or "en".
QString installTranslations(const QString& language = {});

// The language of the interface: "zh_CN" or "en".
QString uiLanguage();

// A lesson text in the interface language: the Chinese one when the interface is Chinese and the lesson has
// it, else the English one.
QString localized(const LocalizedText& text);

} // namespace tcplab::ui
