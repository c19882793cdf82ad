// File → Export, driven through the main window's Export menu (QT_QPA_PLATFORM=offscreen): the pictures are
// read back (QImage, QSvgRenderer) and looked into, the capture is decoded by tshark and compared byte for
// byte with tcplab-cli's, the trace with tcplab-cli's, and the handout is a PDF of several pages.
#include <QAction>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QMessageBox>
#include <QPainter>
#include <QProcess>
#include <QProgressDialog>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include "../cli/tshark_check.h"
#include "colors.h"
#include "export_menu.h"
#include "exports.h"
#include "gui_fixture.h"
#include "i18n.h"
#include "ladder_view.h"
#include "main_window.h"
#include "player_controller.h"
#include "state_diagram.h"

using namespace tcplab;
using namespace tcplab::ui;
using namespace tcplab::ui::guitest;
using tcplab::test::runTshark;

namespace {

const QString kCli = QStringLiteral(TCPLAB_BINARY_DIR "/app/tcplab-cli");

QByteArray readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// Runs tcplab-cli; its exit code.
int cli(const QStringList& args) {
    QProcess p;
    p.start(kCli, args);
    if (!p.waitForFinished(120000) || p.exitStatus() != QProcess::NormalExit)
        return -1;
    return p.exitCode();
}

// Pixels within `tolerance` of `c` (antialiased text keeps the exact colour only inside its strokes).
int pixelsNear(const QImage& image, QColor c, int tolerance = 24) {
    int n = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x) {
            const QColor p = image.pixelColor(x, y);
            if (std::abs(p.red() - c.red()) + std::abs(p.green() - c.green()) +
                    std::abs(p.blue() - c.blue()) <=
                tolerance)
                ++n;
        }
    return n;
}

int distinctColours(const QImage& image) {
    QSet<QRgb> seen;
    for (int y = 0; y < image.height(); y += 2)
        for (int x = 0; x < image.width(); x += 2)
            seen.insert(image.pixel(x, y));
    return static_cast<int>(seen.size());
}

} // namespace

class TestExports : public QObject {
    Q_OBJECT

    std::unique_ptr<MainWindow> window_;
    QTemporaryDir dir_;

    MainWindow& open(const QString& lesson) {
        window_ = std::make_unique<MainWindow>(lesson);
        window_->resize(1280, 800);
        window_->show();
        if (!settled(*window_))
            qFatal("the lesson did not load");
        return *window_;
    }

private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QSettings(QStringLiteral("TCP Lab"), QStringLiteral("tcplab")).clear();
        installTranslations(QStringLiteral("en"));
        QVERIFY(dir_.isValid());
        // TCPLAB_KEEP_EXPORTS=1 keeps the files, to look at them.
        if (qEnvironmentVariableIsSet("TCPLAB_KEEP_EXPORTS")) {
            dir_.setAutoRemove(false);
            qInfo("exports in %s", qPrintable(dir_.path()));
        }
        QVERIFY2(!test::tshark().isEmpty(), "tshark is not installed (./tcplab.sh installs it)");
    }
    void cleanup() { window_.reset(); }

    void fileMenu_hasTheExports() {
        MainWindow& w = open(QStringLiteral("builtin:handshake-and-close"));
        QVERIFY(w.exportMenu());
        for (auto kind :
             {ExportMenu::Kind::LadderWhole, ExportMenu::Kind::LadderVisible, ExportMenu::Kind::StateDiagram,
              ExportMenu::Kind::Pcap, ExportMenu::Kind::TraceJsonl, ExportMenu::Kind::HandoutPdf})
            QVERIFY(!w.exportMenu()->action(kind)->text().isEmpty());
    }

    void ladderWholeRunPng_isTheWholeLadderWithItsLanes() {
        MainWindow& w = open(QStringLiteral("builtin:handshake-and-close"));
        const QString path = dir_.filePath(QStringLiteral("ladder.png"));
        QString error;
        QVERIFY2(w.exportMenu()->exportTo(ExportMenu::Kind::LadderWhole, path, -2, &error),
                 qPrintable(error));
        QImage image;
        QVERIFY(image.load(path));
        QCOMPARE(image.size(), ladderPictureSize(*w.ladder(), LadderRange::WholeRun));
        // Every row is in the picture: it is as tall as the header and the rows.
        QVERIFY(image.height() >=
                w.ladder()->headerPixels() + static_cast<int>(w.ladder()->contentHeight()) - 1);
        QVERIFY(distinctColours(image) > 20);
        // The lane titles, in their hosts' colours; the lifelines in ESTABLISHED's green.
        QVERIFY(pixelsNear(image, hostColor(0)) > 10);
        QVERIFY(pixelsNear(image, hostColor(1)) > 10);
        QVERIFY(pixelsNear(image, stateLineColor(TcpState::Established), 6) > 100);
    }

    // A long run's picture stops at kMaxLadderPixels (its PNG would need hundreds of megabytes).
    void ladderWholeRun_longRunIsCut() {
        MainWindow& w = open(QStringLiteral("builtin:time-wait-pile-up"));
        QVERIFY(w.ladder()->contentHeight() > kMaxLadderPixels);
        const QString path = dir_.filePath(QStringLiteral("long.png"));
        QVERIFY(w.exportMenu()->exportTo(ExportMenu::Kind::LadderWhole, path));
        QImage image;
        QVERIFY(image.load(path));
        QCOMPARE(image.height(), kMaxLadderPixels);
        QVERIFY(pixelsNear(image, hostColor(0)) > 10);
    }

    void ladderVisiblePng_isTheView() {
        MainWindow& w = open(QStringLiteral("builtin:handshake-and-close"));
        const QString path = dir_.filePath(QStringLiteral("visible.png"));
        QVERIFY(w.exportMenu()->exportTo(ExportMenu::Kind::LadderVisible, path));
        QImage image;
        QVERIFY(image.load(path));
        QCOMPARE(image.size(), w.ladder()->viewport()->size());
        QVERIFY(pixelsNear(image, hostColor(0)) > 10);
    }

    void ladderSvg_rendersBackAndNamesTheSegments() {
        MainWindow& w = open(QStringLiteral("builtin:handshake-and-close"));
        const QString path = dir_.filePath(QStringLiteral("ladder.svg"));
        QVERIFY(w.exportMenu()->exportTo(ExportMenu::Kind::LadderWhole, path));
        QSvgRenderer svg(path);
        QVERIFY(svg.isValid());
        const QSize size = ladderPictureSize(*w.ladder(), LadderRange::WholeRun);
        // The drawing's coordinates are the picture's pixels (its physical size depends on the resolution).
        QCOMPARE(svg.viewBoxF().size(), QSizeF(size));
        const QByteArray text = readAll(path);
        const auto segments = static_cast<std::uint32_t>(w.controller()->trace().segments.size());
        QVERIFY(segments >= 6);
        for (std::uint32_t s = 0; s < segments; ++s)
            QVERIFY2(text.contains(w.ladder()->segmentLabel(s).toHtmlEscaped().toUtf8()),
                     qPrintable(w.ladder()->segmentLabel(s)));
        QImage image(size, QImage::Format_ARGB32);
        image.fill(Qt::transparent);
        QPainter p(&image);
        svg.render(&p);
        p.end();
        QVERIFY(distinctColours(image) > 20);
        QVERIFY(pixelsNear(image, hostColor(1)) > 10);
    }

    void stateDiagram_pngAndSvg() {
        MainWindow& w = open(QStringLiteral("builtin:handshake-and-close"));
        w.controller()->toEnd();
        const QString png = dir_.filePath(QStringLiteral("states.png"));
        const QString svg = dir_.filePath(QStringLiteral("states.svg"));
        QVERIFY(w.exportMenu()->exportTo(ExportMenu::Kind::StateDiagram, png));
        QVERIFY(w.exportMenu()->exportTo(ExportMenu::Kind::StateDiagram, svg));
        QImage image;
        QVERIFY(image.load(png));
        QCOMPARE(image.size(), QSize(1000, 760));
        QVERIFY(distinctColours(image) > 20);
        // Both ends' markers, in their hosts' colours.
        QVERIFY(pixelsNear(image, hostColor(0), 6) > 20);
        QVERIFY(pixelsNear(image, hostColor(1), 6) > 20);
        QSvgRenderer r(svg);
        QVERIFY(r.isValid());
        QCOMPARE(r.viewBoxF().size(), QSizeF(1000, 760));
        const QByteArray text = readAll(svg);
        for (const char* state : {"LISTEN", "SYN-SENT", "ESTABLISHED", "TIME-WAIT", "CLOSED"})
            QVERIFY2(text.contains(state), state);
    }

    // The same link tcplab-cli chooses, the same bytes, and tshark finds every segment of the trace.
    void pcap_isTheClisCaptureAndTsharkReadsTheTrace() {
        MainWindow& w = open(QStringLiteral("builtin:lost-syn"));
        const QString gui = dir_.filePath(QStringLiteral("gui.pcap"));
        const QString ref = dir_.filePath(QStringLiteral("cli.pcap"));
        QVERIFY(w.exportMenu()->exportTo(ExportMenu::Kind::Pcap, gui));
        QCOMPARE(cli({"run", "builtin:lost-syn", "--pcap", ref}), 0);
        QCOMPARE(readAll(gui), readAll(ref));
        QCOMPARE(runTshark(gui, {"-Y", test::kTsharkBadFrames}), QStringList());
        const Trace& t = w.controller()->trace();
        const std::uint32_t link = defaultPcapLink(t);
        QStringList expected;
        for (const TraceEvent& ev : t.events)
            if (ev.kind == TraceKind::SegmentSent && t.segments[ev.segment].link == link) {
                const SegmentRecord& s = t.segments[ev.segment];
                expected << QStringLiteral("%1 %2 %3 %4")
                                .arg(s.flags)
                                .arg(s.seq.value())
                                .arg(s.ack.value())
                                .arg(s.payloadLen);
            }
        QVERIFY(expected.size() >= 4);
        QStringList actual;
        for (const QString& row : runTshark(gui, {"-Y", "tcp", "-T", "fields", "-e", "tcp.flags", "-e",
                                                  "tcp.seq_raw", "-e", "tcp.ack_raw", "-e", "tcp.len"})) {
            const QStringList f = row.split('\t');
            QCOMPARE(f.size(), 4);
            actual << QStringLiteral("%1 %2 %3 %4").arg(f[0].toUInt(nullptr, 16)).arg(f[1], f[2], f[3]);
        }
        QCOMPARE(actual, expected);
    }

    // The capture's re-run reports how far it has got: at its end, every event of the lesson's trace.
    void pcapProgress_reachesTheRunsEvents() {
        MainWindow& w = open(QStringLiteral("builtin:time-wait-pile-up"));
        ExportProgress progress;
        QString error;
        QVERIFY2(exportPcap(w.controller()->scenario(), std::nullopt,
                            dir_.filePath(QStringLiteral("progress.pcap")), &error, nullptr, &progress),
                 qPrintable(error));
        QCOMPARE(progress.events.load(), std::uint64_t(w.controller()->trace().events.size()));
    }

    // A cancelled capture stops its re-run and writes no file.
    void pcapCancelled_writesNothing() {
        MainWindow& w = open(QStringLiteral("builtin:time-wait-pile-up"));
        ExportProgress progress;
        progress.cancel = true;
        QString error;
        const QString path = dir_.filePath(QStringLiteral("cancelled.pcap"));
        QVERIFY(!exportPcap(w.controller()->scenario(), std::nullopt, path, &error, nullptr, &progress));
        QVERIFY2(error.contains(QStringLiteral("cancelled")), qPrintable(error));
        QVERIFY(progress.events.load() < std::uint64_t(w.controller()->trace().events.size()));
        QVERIFY(QDir(dir_.path()).entryList({QStringLiteral("cancelled*")}, QDir::Files).isEmpty());
    }

    // On a long lesson the capture runs on a worker: the window keeps its event loop, the progress dialog
    // shows, and its Cancel button stops the export without a file or an error message.
    void pcapOfALongLesson_showsProgressAndCancels() {
        const QString lesson = dir_.filePath(QStringLiteral("long.json"));
        {
            QFile f(lesson);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(R"({"format": "tcplab-scenario", "version": 1, "title": {"en": "Long"}, "seed": 1,
                "profile": "rfc9293", "duration_s": 600, "max_events": 5000000,
                "hosts": [{"name": "client", "address": "10.0.0.1"}, {"name": "server", "address": "10.0.0.2"}],
                "links": [{"name": "lan", "a": "client", "b": "server", "delay_ms": 1}],
                "actions": [{"at_ms": 0, "host": "server", "do": "listen", "port": 80},
                            {"at_ms": 10, "host": "client", "do": "connect", "peer": "server", "port": 80},
                            {"at_ms": 100, "host": "client", "do": "send", "bytes": 10000000},
                            {"at_ms": 100, "host": "client", "do": "send", "bytes": 10000000}]})");
        }
        MainWindow& w = open(lesson);
        QVERIFY(w.controller()->trace().events.size() > 50000);
        w.exportMenu()->setProgressDelayMs(0);
        bool shown = false;
        QTimer poll;
        poll.setInterval(5);
        connect(&poll, &QTimer::timeout, this, [&] {
            auto* dialog = w.findChild<QProgressDialog*>(QStringLiteral("exportProgressDialog"));
            if (!dialog || !dialog->isVisible())
                return;
            shown = true;
            if (qEnvironmentVariableIsSet("TCPLAB_KEEP_EXPORTS"))
                dialog->grab().save(dir_.filePath(QStringLiteral("export-progress.png")));
            auto* cancel = dialog->findChild<QPushButton*>();
            if (cancel)
                QTest::mouseClick(cancel, Qt::LeftButton);
            poll.stop();
        });
        poll.start();
        const QString path = dir_.filePath(QStringLiteral("long.pcap"));
        QString error;
        QVERIFY(!w.exportMenu()->exportTo(ExportMenu::Kind::Pcap, path, -2, &error));
        QVERIFY(shown);
        QVERIFY2(error.contains(QStringLiteral("cancelled")), qPrintable(error));
        QVERIFY(!QFile::exists(path));
        QVERIFY(!w.findChild<QMessageBox*>(QStringLiteral("exportErrorDialog")));
    }

    // Every link, a file each, named as tcplab-cli --pcap-link all names them.
    void pcapAllLinks_areTheClisFiles() {
        MainWindow& w = open(QStringLiteral("builtin:ip-fragmentation-576"));
        QDir().mkpath(dir_.filePath(QStringLiteral("gui")));
        QDir().mkpath(dir_.filePath(QStringLiteral("cli")));
        QVERIFY(w.exportMenu()->exportTo(ExportMenu::Kind::Pcap,
                                         dir_.filePath(QStringLiteral("gui/run.pcap")), -1));
        QCOMPARE(cli({"run", "builtin:ip-fragmentation-576", "--pcap",
                      dir_.filePath(QStringLiteral("cli/run.pcap")), "--pcap-link", "all"}),
                 0);
        const QStringList files = QDir(dir_.filePath(QStringLiteral("cli"))).entryList(QDir::Files);
        QVERIFY(files.size() >= 2);
        QCOMPARE(QDir(dir_.filePath(QStringLiteral("gui"))).entryList(QDir::Files), files);
        for (const QString& f : files) {
            const QString gui = dir_.filePath(QStringLiteral("gui/") + f);
            QCOMPARE(readAll(gui), readAll(dir_.filePath(QStringLiteral("cli/") + f)));
            QCOMPARE(runTshark(gui, {"-Y", test::kTsharkBadFrames}), QStringList());
        }
    }

    void traceJsonl_isTheClisTrace() {
        MainWindow& w = open(QStringLiteral("builtin:lost-fin"));
        const QString gui = dir_.filePath(QStringLiteral("gui.jsonl"));
        const QString ref = dir_.filePath(QStringLiteral("cli.jsonl"));
        QVERIFY(w.exportMenu()->exportTo(ExportMenu::Kind::TraceJsonl, gui));
        QCOMPARE(cli({"run", "builtin:lost-fin", "--trace", ref}), 0);
        const QByteArray expected = readAll(ref);
        QVERIFY(expected.count('\n') > 10);
        QCOMPARE(readAll(gui), expected);
    }

    void handoutPdf_hasPagesForALongLesson() {
        MainWindow& w = open(QStringLiteral("builtin:zero-window"));
        QVERIFY(w.controller()->eventCount() > 60);
        const QString path = dir_.filePath(QStringLiteral("handout.pdf"));
        QString error;
        int pages = 0;
        QVERIFY2(exportHandoutPdf(w.controller(), *w.ladder(), w.lessonTitle(),
                                  QStringLiteral("A description."), path, &error, &pages),
                 qPrintable(error));
        const QByteArray pdf = readAll(path);
        QVERIFY(pdf.startsWith("%PDF"));
        QVERIFY(pages > 2);
        QCOMPARE(static_cast<int>(pdf.count("/Type /Page\n")) + static_cast<int>(pdf.count("/Type /Page ")) +
                     static_cast<int>(pdf.count("/Type /Page/")),
                 pages);
    }

    void handoutPdf_inChinese() {
        MainWindow& w = open(QStringLiteral("builtin:handshake-and-close"));
        w.setLanguage(QStringLiteral("zh_CN"));
        const QString path = dir_.filePath(QStringLiteral("handout-zh.pdf"));
        QVERIFY(w.exportMenu()->exportTo(ExportMenu::Kind::HandoutPdf, path));
        const QByteArray pdf = readAll(path);
        QVERIFY(pdf.startsWith("%PDF"));
        // A CJK font is embedded for the Chinese text.
        QVERIFY2(pdf.contains("CJK") || pdf.contains("Noto Sans SC") || pdf.contains("WenQuanYi"),
                 "no CJK font in the PDF");
        w.setLanguage(QStringLiteral("en"));
    }

    // A file that cannot be written: false, the message box, and no file.
    void unwritablePath_showsTheErrorAndWritesNothing() {
        MainWindow& w = open(QStringLiteral("builtin:handshake-and-close"));
        const QString path = dir_.filePath(QStringLiteral("no/such/dir/ladder.png"));
        QString error;
        QVERIFY(!w.exportMenu()->exportTo(ExportMenu::Kind::LadderWhole, path, -2, &error));
        QVERIFY(!error.isEmpty());
        QVERIFY(!QFile::exists(path));
        auto* box = w.findChild<QMessageBox*>(QStringLiteral("exportErrorDialog"));
        QVERIFY(box);
        QVERIFY(box->informativeText().contains(QStringLiteral("ladder.png")));
        box->close();
    }
};

QTEST_MAIN(TestExports)
#include "tst_exports.moc"
