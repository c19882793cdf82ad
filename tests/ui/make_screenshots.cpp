// Makes the README's screenshots: the main window at a given size and language, at chosen moments of a
// lesson.
//   xvfb-run -s "-screen 0 1920x1080x24" tcplab-screenshots OUTDIR
// writes OUTDIR/<lang>-<width>x<height>-<moment>.png for en and zh_CN, 1366×768 and 1920×1080, and three
// moments of the lost-final-ACK lesson (docs/gui.md).
//   tcplab-screenshots OUTDIR ip
// writes OUTDIR/<lesson>-<lang>.png at 1366×768: the IP lessons' fragments, ICMP and ARP on the ladder,
// with a fragment (or the ICMP message, the ARP reply) selected in the inspector (docs/ip-layer.md).
//   tcplab-screenshots OUTDIR sockets
// writes OUTDIR/sockets-<lesson>-<lang>.png at 1366×768: the socket table panel during the SYN-flood and
// TIME-WAIT lessons (docs/busy-server.md).
//   xvfb-run -s "-screen 0 1366x768x24" tcplab-screenshots --editor OUTDIR
// writes OUTDIR/<lang>-1366x768-editor-<tab>.png instead: the scenario editor on the handshake-and-close
// lesson after a what-if drop of the handshake's last ACK, with the ladder's departure line.
//   tcplab-screenshots --quiz OUTDIR          quiz mode in the lost-SYN lesson, en and zh_CN
//   tcplab-screenshots --presentation OUTDIR  presentation mode and high contrast
#include <QAction>
#include <QApplication>
#include <QDir>
#include <QDockWidget>
#include <QMenu>
#include <QPixmap>
#include <QScreen>
#include <QScrollBar>
#include <QSettings>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTest>

#include <memory>

#include "appearance.h"
#include "i18n.h"
#include "inspectors.h"
#include "ladder_view.h"
#include "main_window.h"
#include "player_controller.h"
#include "quiz.h"
#include "scenario_commands.h"
#include "scenario_editor.h"
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

// For an IP lesson: the row to show and the datagram to select. Fragmentation: the second fragment of the
// first datagram cut in pieces, at the arrival of its last piece; ICMP: the first ICMP message, at its
// arrival; ARP: the reply, at its arrival.
std::pair<int, std::uint32_t> ipMoment(const Trace& t, const QString& lesson) {
    std::uint32_t pick = kNone;
    for (std::uint32_t d = 0; d < t.datagrams.size() && pick == kNone; ++d) {
        const DatagramRecord& r = t.datagrams[d];
        if (lesson.contains(QLatin1String("arp"))     ? r.arpOp == 2
            : lesson.contains(QLatin1String("pmtud")) ? (r.protocol == 1 && r.fragmentOffset == 0)
                                                      : r.fragment == 2)
            pick = d;
    }
    if (pick == kNone)
        return {static_cast<int>(t.events.size()) - 1, kNone};
    // The row where the last piece of the same datagram (same ID and source) arrived or was lost.
    int row = -1;
    const DatagramRecord& p = t.datagrams[pick];
    for (std::size_t i = 0; i < t.events.size(); ++i) {
        const TraceEvent& ev = t.events[i];
        if ((ev.kind == TraceKind::DatagramArrived || ev.kind == TraceKind::DatagramDropped) &&
            ev.value() < t.datagrams.size()) {
            const DatagramRecord& r = t.datagrams[ev.value()];
            if (r.id == p.id && r.srcAddr == p.srcAddr && r.arpOp == p.arpOp && r.fromNode == p.fromNode)
                row = static_cast<int>(i);
        }
    }
    return {row + 1, pick};
}

int ipScreenshots(const QString& out) {
    for (const QString& lesson : {QStringLiteral("ip-fragmentation-576"), QStringLiteral("ip-fragment-lost"),
                                  QStringLiteral("ip-pmtud"), QStringLiteral("ip-arp-before-syn")}) {
        for (const QString& lang : {QStringLiteral("en"), QStringLiteral("zh_CN")}) {
            installTranslations(lang);
            QSettings(QStringLiteral("TCP Lab"), QStringLiteral("tcplab")).clear();
            MainWindow w(QStringLiteral("builtin:") + lesson);
            const QSize size(1366, 768);
            w.resize(size);
            w.show();
            if (!QTest::qWaitForWindowExposed(&w) ||
                !QTest::qWaitFor([&w] { return !w.isLoading(); }, 60'000))
                return 1;
            w.setGeometry(QRect(QPoint(0, 0), size));
            QTest::qWait(200);
            const auto [row, datagram] = ipMoment(w.controller()->trace(), lesson);
            w.controller()->setCursor(row);
            if (datagram != kNone)
                w.controller()->selectDatagram(datagram);
            if (auto* dock = w.findChild<QDockWidget*>(QStringLiteral("segmentDock")))
                dock->raise();
            if (datagram != kNone) {
                // The field the lesson is about, its bytes highlighted: the fragment offset, the next-hop
                // MTU of an ICMP 3/4, the sender's MAC address in an ARP reply.
                const DatagramRecord& d = w.controller()->trace().datagrams[datagram];
                w.segmentInspector()->selectByte(d.arpOp != 0 ? 8 : d.protocol == 1 ? 26 : 7);
                // The selected hop near the top of the ladder, with its siblings below it.
                QTest::qWait(100);
                const int sendRow = w.controller()->index().datagrams[datagram].sendRow;
                w.ladder()->verticalScrollBar()->setValue(static_cast<int>(w.ladder()->yOfRow(sendRow - 4)));
            }
            QTest::qWait(900);
            const QString file =
                QStringLiteral("%1/%2-%3.png")
                    .arg(out, lesson,
                         lang == QLatin1String("en") ? QStringLiteral("en") : QStringLiteral("zh"));
            if (!w.grab().save(file))
                return 2;
            qInfo("%s", qPrintable(file));
        }
    }
    return 0;
}

// The socket table tab, raised and given half the window's height, at the last event at or before `seconds`.
int socketScreenshots(const QString& out) {
    const std::pair<const char*, double> moments[] = {{"syn-flood-no-cookies", 6.0},
                                                      {"time-wait-pile-up", 30.0}};
    for (const auto& [lesson, seconds] : moments) {
        for (const QString& lang : {QStringLiteral("en"), QStringLiteral("zh_CN")}) {
            installTranslations(lang);
            QSettings(QStringLiteral("TCP Lab"), QStringLiteral("tcplab")).clear();
            MainWindow w(QStringLiteral("builtin:") + QLatin1String(lesson));
            const QSize size(1366, 768);
            w.resize(size);
            w.show();
            if (!QTest::qWaitForWindowExposed(&w) ||
                !QTest::qWaitFor([&w] { return !w.isLoading(); }, 60'000))
                return 1;
            w.setGeometry(QRect(QPoint(0, 0), size));
            auto* dock = w.findChild<QDockWidget*>(QStringLiteral("socketDock"));
            if (!dock)
                return 3;
            dock->raise();
            // The whole width of the bottom area for the table: the narration dock stays out of this one.
            if (auto* narration = w.findChild<QDockWidget*>(QStringLiteral("narrationDock")))
                narration->hide();
            w.resizeDocks({dock}, {size.height() * 46 / 100}, Qt::Vertical);
            QTest::qWait(200);
            const Trace& t = w.controller()->trace();
            int row = -1;
            for (std::size_t i = 0; i < t.events.size(); ++i)
                if (static_cast<double>(toNanos(t.events[i].at)) / 1e9 <= seconds)
                    row = static_cast<int>(i);
            w.controller()->setCursor(row);
            QTest::qWait(900);
            const QString file =
                QStringLiteral("%1/sockets-%2-%3.png")
                    .arg(out, QLatin1String(lesson),
                         lang == QLatin1String("en") ? QStringLiteral("en") : QStringLiteral("zh"));
            if (!w.grab().save(file))
                return 2;
            qInfo("%s", qPrintable(file));
        }
    }
    return 0;
}

// The editor's screenshots (--editor).
int editorShots(const QString& out) {
    for (const QString& lang : {QStringLiteral("en"), QStringLiteral("zh_CN")}) {
        installTranslations(lang);
        QSettings(QStringLiteral("TCP Lab"), QStringLiteral("tcplab")).clear();
        const QSize size(1366, 768);
        MainWindow w(QStringLiteral("builtin:handshake-and-close"));
        w.resize(size);
        w.show();
        if (!QTest::qWaitForWindowExposed(&w) || !QTest::qWaitFor([&w] { return !w.isLoading(); }, 60'000))
            return 1;
        w.setGeometry(QRect(QPoint(0, 0), size));
        w.findChild<QAction*>(QStringLiteral("scenarioEditorAction"))->trigger();
        // What if the handshake's last ACK (the client's first pure ACK) were lost?
        const Trace& t = w.controller()->trace();
        std::uint32_t ack = kNone;
        for (std::uint32_t i = 0; i < t.segments.size() && ack == kNone; ++i)
            if (t.segments[i].srcHost == 0 && t.segments[i].flags == TcpFlag::ACK &&
                t.segments[i].payloadLen == 0)
                ack = i;
        QMenu* menu = w.segmentWhatIfMenu(ack);
        menu->findChild<QAction*>(QStringLiteral("whatIfDrop"))->trigger();
        delete menu;
        if (!QTest::qWaitFor([&w] { return !w.isLoading(); }, 60'000))
            return 1;
        w.controller()->setCursor(w.controller()->departureRow());
        const std::pair<int, QString> tabs[] = {{4, QStringLiteral("faults")},
                                                {1, QStringLiteral("hosts")},
                                                {2, QStringLiteral("links")},
                                                {3, QStringLiteral("actions")}};
        for (const auto& [tab, name] : tabs) {
            w.scenarioEditor()->tabs()->setCurrentIndex(tab);
            QTest::qWait(900);
            const QString file =
                QStringLiteral("%1/%2-1366x768-editor-%3.png")
                    .arg(out, lang == QLatin1String("en") ? QStringLiteral("en") : QStringLiteral("zh"),
                         name);
            if (!w.grab().save(file))
                return 2;
            qInfo("%s", qPrintable(file));
        }
        w.document()->markSaved(); // nothing to ask about when the window goes
    }
    return 0;
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
    if (argc > 1 && QByteArray(argv[1]) == "--editor") {
        const QString dir = argc > 2 ? QString::fromLocal8Bit(argv[2]) : QStringLiteral(".");
        QDir().mkpath(dir);
        return editorShots(dir);
    }
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
    if (lesson == QLatin1String("ip"))
        return ipScreenshots(out);
    if (lesson == QLatin1String("sockets"))
        return socketScreenshots(out);
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
