// tcplab: the GUI. `tcplab [--lang zh_CN|en] [lesson.json]`
#include <QApplication>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QStringList>
#include <QTimer>

#include "i18n.h"
#include "main_window.h"

namespace {

// --lang is needed before the parser is built, so that its help text is already translated.
QString languageArgument(const QStringList& args) {
    for (qsizetype i = 1; i < args.size(); ++i) {
        const QString& a = args[i];
        if (a == QLatin1String("--lang") && i + 1 < args.size())
            return args[i + 1];
        if (a.startsWith(QLatin1String("--lang=")))
            return a.mid(7);
    }
    return {};
}

} // namespace

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("TCP Lab"));
    QApplication::setApplicationName(QStringLiteral("tcplab"));
    QApplication::setApplicationVersion(QStringLiteral(TCPLAB_VERSION));

    tcplab::ui::installTranslations(languageArgument(QCoreApplication::arguments()));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate("main", "TCP Lab: step through TCP connections, one event at a time."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOption(QCommandLineOption(
        QStringList{QStringLiteral("lang")},
        QCoreApplication::translate("main", "Interface language: zh_CN or en (default: the system's)."),
        QCoreApplication::translate("main", "language")));
    parser.addPositionalArgument(
        QStringLiteral("file"),
        QCoreApplication::translate("main", "A lesson file to open instead of the default lesson."),
        QStringLiteral("[file]"));
    parser.process(app);

    // A file that cannot be opened: an error dialog over the default lesson.
    const QStringList files = parser.positionalArguments();
    tcplab::ui::MainWindow window(files.isEmpty() ? QString() : files.first());
    window.show();
    // Edits a crashed TCP Lab left unsaved: offered back once the window is up.
    QTimer::singleShot(0, &window, [&window] { window.offerAutosaves(); });
    return QApplication::exec();
}
