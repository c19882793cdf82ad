// Makes the README's screenshots: the main window at a given size and language, at chosen moments of a
// lesson.
//   xvfb-run -s "-screen 0 1920x1080x24" tcplab-screenshots OUTDIR
// writes OUTDIR/<lang>-<width>x<height>-<moment>.png for en and zh_CN, 1366×768 and 1920×1080, and three
// moments of the lost-final-ACK lesson (docs/gui.md).
//   tcplab-screenshots --quiz OUTDIR          quiz mode in the lost-SYN lesson, en and zh_CN
//   tcplab-screenshots --presentation OUTDIR  presentation mode and high contrast
#include <QApplication>
#include <QDir>
#include <QPixmap>
#include <QScreen>
#include <QSettings>
#include <QStandardPaths>
#include <QTest>

#include <memory>

#include "appearance.h"
#include "i18n.h"
#include "main_window.h"
#include "player_controller.h"
#include "quiz.h"
#include "sim/trace.h"

using namespace tcplab;
using namespace tcplab::ui;

namespace {

// The rows of the three moments: the lost ACK, the retransmitted FIN arriving in TIME-WAIT, the end.
std::vector<std::pair<QString, int>> moments(const Trace& t) {
    int lost = -1;
    int retransmitted = -1;
    for (std::size_t i = 0; i < t.events.size(); ++i) {
        const TraceEvent& ev = t.events[i];
        if (lost < 0 && ev.kind == TraceKind::SegmentDropped)
            lost = static_cast<int>(i);
        if (lost >= 0 && retransmitted < 0 && ev.kind == TraceKind::SegmentDelivered &&
            t.segments[ev.segment].retransmission)
            retransmitted = static_cast<int>(i);
    }
    return {{QStringLiteral("1-lost-ack"), lost},
            {QStringLiteral("2-fin-retransmitted"), retransmitted},
            {QStringLiteral("3-end"), static_cast<int>(t.events.size()) - 1}};
}

// A window on `lesson` at 1366×768, its lesson loaded; nullptr if it could not be shown.
std::unique_ptr<MainWindow> shownWindow(const QString& lesson) {
    QSettings(QStringLiteral("TCP Lab"), QStringLiteral("tcplab")).clear();
    auto w = std::make_unique<MainWindow>(lesson);
    const QSize size(1366, 768);
    w->resize(size);
    w->show();
    if (!QTest::qWaitForWindowExposed(w.get()) || !QTest::qWaitFor([&w] { return !w->isLoading(); }, 60'000))
        return nullptr;
    w->setGeometry(QRect(QPoint(0, 0), size));
    QTest::qWait(200);
    return w;
}

bool save(MainWindow& w, const QString& file) {
    QTest::qWait(900); // the state diagram's animation
    if (!w.grab().save(file))
        return false;
    qInfo("%s", qPrintable(file));
    return true;
}

// Quiz mode in the lost-SYN lesson: its first question (who retransmits), then the second asked with the
// first one's result (a right answer) beside it.
int quizShots(const QString& out) {
    for (const QString& lang : {QStringLiteral("en"), QStringLiteral("zh_CN")}) {
        installTranslations(lang);
        const QString prefix = lang == QLatin1String("en") ? QStringLiteral("en") : QStringLiteral("zh");
        auto w = shownWindow(QStringLiteral("builtin:lost-syn"));
        if (!w)
            return 1;
        w->quizPanel()->toggleAction()->trigger();
        w->controller()->toEnd(); // stops before the first question
        if (!save(*w, QStringLiteral("%1/%2-1366x768-quiz-1-question.png").arg(out, prefix)))
            return 2;
        if (const QuizItem* q = w->quizPanel()->pending())
            w->quizPanel()->answerHost(q->host);
        w->controller()->toEnd(); // to the next question
        if (const QuizItem* q = w->quizPanel()->pending())
            w->quizPanel()->answerState(q->ask == QuizAsk::NextState ? TcpState::SynSent : q->state);
        w->controller()->toEnd();
        if (!save(*w, QStringLiteral("%1/%2-1366x768-quiz-2-answered.png").arg(out, prefix)))
            return 2;
    }
    return 0;
}

// Presentation mode, then high contrast, in the lost-final-ACK lesson at the lost ACK.
int presentationShots(const QString& out) {
    installTranslations(QStringLiteral("en"));
    auto w = shownWindow(QStringLiteral("builtin:lost-final-ack"));
    if (!w)
        return 1;
    w->controller()->setCursor(moments(w->controller()->trace())[0].second);
    w->appearance()->setPresentation(true);
    if (!save(*w, out + QStringLiteral("/en-1366x768-presentation.png")))
        return 2;
    w->appearance()->setHighContrast(true);
    if (!save(*w, out + QStringLiteral("/en-1366x768-presentation-high-contrast.png")))
        return 2;
    w->appearance()->setHighContrast(false);
    w->appearance()->setPresentation(false);
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true); // never the user's own settings
    QApplication::setOrganizationName(QStringLiteral("TCP Lab screenshots"));
    QApplication::setApplicationName(QStringLiteral("tcplab-screenshots"));
    const QString mode = argc > 2 ? QString::fromLocal8Bit(argv[1]) : QString();
    if (mode == QLatin1String("--quiz") || mode == QLatin1String("--presentation")) {
        const QString dir = QString::fromLocal8Bit(argv[2]);
        QDir().mkpath(dir);
        return mode == QLatin1String("--quiz") ? quizShots(dir) : presentationShots(dir);
    }
    const QString out = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QStringLiteral(".");
    QDir().mkpath(out);
    const QString lesson =
        argc > 2 ? QString::fromLocal8Bit(argv[2]) : QStringLiteral("builtin:lost-final-ack");
    for (const QString& lang : {QStringLiteral("en"), QStringLiteral("zh_CN")}) {
        installTranslations(lang);
        for (const QSize size : {QSize(1366, 768), QSize(1920, 1080)}) {
            QSettings(QStringLiteral("TCP Lab"), QStringLiteral("tcplab")).clear();
            MainWindow w(lesson);
            w.resize(size);
            w.show();
            if (!QTest::qWaitForWindowExposed(&w))
                return 1;
            if (!QTest::qWaitFor([&w] { return !w.isLoading(); }, 60'000)) // the lesson runs on a worker
                return 1;
            w.setGeometry(QRect(QPoint(0, 0), size));
            QTest::qWait(200);
            for (const auto& [name, row] : moments(w.controller()->trace())) {
                w.controller()->setCursor(row);
                QTest::qWait(900); // the state diagram's animation
                const QString file =
                    QStringLiteral("%1/%2-%3x%4-%5.png")
                        .arg(out, lang == QLatin1String("en") ? QStringLiteral("en") : QStringLiteral("zh"))
                        .arg(size.width())
                        .arg(size.height())
                        .arg(name);
                if (!w.grab().save(file))
                    return 2;
                qInfo("%s", qPrintable(file));
            }
        }
    }
    return 0;
}
