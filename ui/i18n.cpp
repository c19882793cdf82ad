#include "i18n.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

namespace tcplab::ui {

namespace {

QTranslator* g_appTranslator = nullptr;
QTranslator* g_qtTranslator = nullptr;
QString g_language = QStringLiteral("en");

void removeTranslator(QTranslator*& t) {
    if (!t)
        return;
    QCoreApplication::removeTranslator(t);
    delete t;
    t = nullptr;
}

} // namespace

QString installTranslations(const QString& language) {
    removeTranslator(g_appTranslator);
    removeTranslator(g_qtTranslator);
    g_language = QStringLiteral("en");

    const QLocale locale = language.isEmpty() ? QLocale::system() : QLocale(language);
    // English is the source language: nothing to load, and no Qt translation either, so that an English
    // interface never shows a Chinese "OK" because the system locale is Chinese.
    if (locale.language() == QLocale::English || locale.language() == QLocale::C)
        return g_language;

    auto* app = new QTranslator;
    if (!app->load(locale, QStringLiteral("tcplab"), QStringLiteral("_"), QStringLiteral(":/i18n"))) {
        delete app;
        return g_language;
    }
    QCoreApplication::installTranslator(app);
    g_appTranslator = app;
    g_language = app->language().isEmpty() ? locale.name() : app->language();

    auto* qt = new QTranslator;
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        QCoreApplication::installTranslator(qt);
        g_qtTranslator = qt;
    } else {
        delete qt;
    }
    return g_language;
}

QString uiLanguage() {
    return g_language;
}

QString localized(const LocalizedText& text) {
    if (g_language.startsWith(QLatin1String("zh")) && !text.zh.empty())
        return QString::fromStdString(text.zh);
    return QString::fromStdString(text.en);
}

} // namespace tcplab::ui
