// View → Presentation Mode and View → High Contrast, through the main window's actions (offscreen): larger
// fonts and thicker lines, the high-contrast palette, kept in QSettings; and any dark palette (the system's
// dark mode) gives a dark ladder and state diagram.
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDockWidget>
#include <QHeaderView>
#include <QImage>
#include <QPainter>
#include <QSettings>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>

#include "appearance.h"
#include "colors.h"
#include "exports.h"
#include "gui_fixture.h"
#include "i18n.h"
#include "inspectors.h"
#include "ladder_view.h"
#include "main_window.h"
#include "state_diagram.h"
#include "trace_model.h"

using namespace tcplab;
using namespace tcplab::ui;
using namespace tcplab::ui::guitest;

namespace {

QSettings settings() {
    return QSettings(QStringLiteral("TCP Lab"), QStringLiteral("tcplab"));
}

// The share of pixels darker than mid-grey.
double darkShare(const QImage& image) {
    int dark = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            if (image.pixelColor(x, y).lightness() < 80)
                ++dark;
    return static_cast<double>(dark) / (image.width() * image.height());
}

QImage ladderPicture(const MainWindow& w) {
    QImage image(ladderPictureSize(*w.ladder(), LadderRange::WholeRun), QImage::Format_ARGB32);
    image.fill(Qt::magenta);
    QPainter p(&image);
    paintLadder(p, *w.ladder(), LadderRange::WholeRun);
    return image;
}

} // namespace

class TestPresentation : public QObject {
    Q_OBJECT

    std::unique_ptr<MainWindow> window_;

    MainWindow& open() {
        window_ = std::make_unique<MainWindow>(QStringLiteral("builtin:handshake-and-close"));
        window_->show();
        if (!settled(*window_))
            qFatal("the lesson did not load");
        return *window_;
    }

private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        settings().clear();
        installTranslations(QStringLiteral("en"));
    }
    void cleanup() {
        if (window_) {
            window_->appearance()->setPresentation(false);
            window_->appearance()->setHighContrast(false);
        }
        window_.reset();
        settings().clear();
    }

    void presentationMode_largerFontsThickerLinesTallerRows() {
        MainWindow& w = open();
        const double pt = w.ladder()->font().pointSizeF();
        const double diagramPt = w.stateDiagram()->font().pointSizeF();
        const double row = w.ladder()->yOfRow(1) - w.ladder()->yOfRow(0);
        QCOMPARE(w.ladder()->lineScale(), 1.0);
        w.findChild<QAction*>(QStringLiteral("presentationAction"))->trigger();
        QVERIFY(w.appearance()->presentation());
        QCOMPARE(w.ladder()->font().pointSizeF(), pt * Appearance::kFontScale);
        QCOMPARE(w.stateDiagram()->font().pointSizeF(), diagramPt * Appearance::kFontScale);
        QCOMPARE(w.ladder()->lineScale(), Appearance::kLineScale);
        QCOMPARE(w.stateDiagram()->lineScale(), Appearance::kLineScale);
        QVERIFY(w.ladder()->yOfRow(1) - w.ladder()->yOfRow(0) > row * 1.4);
        QVERIFY(settings().value(QStringLiteral("view/presentation")).toBool());
        // And back.
        w.findChild<QAction*>(QStringLiteral("presentationAction"))->trigger();
        QCOMPARE(w.ladder()->font().pointSizeF(), pt);
        QCOMPARE(w.ladder()->lineScale(), 1.0);
        QCOMPARE(w.ladder()->yOfRow(1) - w.ladder()->yOfRow(0), row);
    }

    // At 1366×768 the narration, the sentence the class reads, gets most of the bottom row in presentation
    // mode: wider than the event list beside it (the socket table's minimum width, in the same tab group,
    // used to leave it a sliver).
    void presentationMode_narrationGetsTheRoom() {
        MainWindow& w = open();
        w.setGeometry(QRect(0, 0, 1366, 768));
        QTest::qWait(50);
        auto* narration = w.findChild<QDockWidget*>(QStringLiteral("narrationDock"));
        w.findChild<QAction*>(QStringLiteral("presentationAction"))->trigger();
        auto* events = w.findChild<QDockWidget*>(QStringLiteral("eventsDock"));
        QTRY_VERIFY(narration->width() > events->width());
    }

    // ... and the event list beside it stays readable: the host filter shows its whole text, and the time
    // column fits a time in the larger font.
    void presentationMode_eventListFitsTheLargerFont() {
        MainWindow& w = open();
        w.setGeometry(QRect(0, 0, 1366, 768));
        QTest::qWait(50);
        w.findChild<QAction*>(QStringLiteral("presentationAction"))->trigger();
        auto* host = w.eventList()->hostFilter();
        QTest::qWait(50);
        const QFontMetrics fm(host->font());
        QVERIFY2(host->width() >= fm.horizontalAdvance(host->currentText()) + 16,
                 qPrintable(QStringLiteral("%1 px for “%2”").arg(host->width()).arg(host->currentText())));
        QTableView* table = w.eventList()->table();
        QVERIFY(table->horizontalHeader()->sectionSize(TraceModel::ColTime) >=
                QFontMetrics(table->font()).horizontalAdvance(QStringLiteral("000.000000")));
    }

    // The choice is kept: the next window starts in presentation mode.
    void presentationMode_isRemembered() {
        {
            MainWindow& w = open();
            w.appearance()->setPresentation(true);
            window_
                .reset(); // the application font stays as it was left, like a restarted program's would not
        }
        QApplication::setFont(QFont());
        const double pt = QApplication::font().pointSizeF();
        MainWindow& w = open();
        QVERIFY(w.appearance()->presentation());
        QCOMPARE(w.ladder()->font().pointSizeF(), pt * Appearance::kFontScale);
    }

    void highContrast_setsItsPaletteAndADarkLadder() {
        MainWindow& w = open();
        const QImage light = ladderPicture(w);
        QVERIFY(darkShare(light) < 0.2);
        w.findChild<QAction*>(QStringLiteral("highContrastAction"))->trigger();
        QCOMPARE(QApplication::palette().color(QPalette::Window), QColor(Qt::black));
        QCOMPARE(w.ladder()->palette().color(QPalette::Base), QColor(Qt::black));
        QVERIFY(w.ladder()->lineScale() > 1.0);
        const QImage dark = ladderPicture(w);
        QVERIFY2(darkShare(dark) > 0.8, qPrintable(QString::number(darkShare(dark))));
        // Ordinary arrows are drawn in the palette's text colour, light on the dark ground.
        int light_pixels = 0;
        for (int y = 0; y < dark.height(); ++y)
            for (int x = 0; x < dark.width(); ++x)
                if (dark.pixelColor(x, y).lightness() > 230)
                    ++light_pixels;
        QVERIFY(light_pixels > 200);
        w.findChild<QAction*>(QStringLiteral("highContrastAction"))->trigger();
        QCOMPARE(w.ladder()->palette().color(QPalette::Base),
                 light.pixelColor(light.width() - 2, light.height() / 2));
    }

    // A dark system palette (what dark mode gives Qt 6.4) makes the ladder and the diagram dark too.
    void darkSystemPalette_darkLadderAndDiagram() {
        QPalette darkPalette;
        darkPalette.setColor(QPalette::Window, QColor(0x30, 0x30, 0x30));
        darkPalette.setColor(QPalette::Base, QColor(0x20, 0x20, 0x20));
        darkPalette.setColor(QPalette::Text, QColor(0xee, 0xee, 0xee));
        darkPalette.setColor(QPalette::WindowText, QColor(0xee, 0xee, 0xee));
        const QPalette before = QApplication::palette();
        QApplication::setPalette(darkPalette);
        MainWindow& w = open();
        QVERIFY(isDarkPalette(w.ladder()->palette()));
        QVERIFY(darkShare(ladderPicture(w)) > 0.8);
        QImage diagram(QSize(800, 600), QImage::Format_ARGB32);
        diagram.fill(Qt::magenta);
        QPainter p(&diagram);
        paintStateDiagram(p, *w.stateDiagram(), diagram.size());
        p.end();
        QVERIFY(darkShare(diagram) > 0.7);
        window_.reset();
        QApplication::setPalette(before);
    }
};

QTEST_MAIN(TestPresentation)
#include "tst_presentation.moc"
