#include "appearance.h"

#include <QAction>
#include <QApplication>
#include <QEvent>
#include <QSettings>
#include <QWidget>

#include "ladder_view.h"
#include "state_diagram.h"

namespace tcplab::ui {

namespace {

QSettings settings() {
    return QSettings(QStringLiteral("TCP Lab"), QStringLiteral("tcplab"));
}

} // namespace

Appearance::Appearance(LadderView* ladder, StateDiagram* diagram, QObject* parent)
    : QObject(parent), ladder_(ladder), diagram_(diagram), presentation_(new QAction(this)),
      highContrast_(new QAction(this)), baseFont_(QApplication::font()) {
    presentation_->setObjectName(QStringLiteral("presentationAction"));
    presentation_->setCheckable(true);
    presentation_->setShortcut(QKeySequence(Qt::Key_F5));
    highContrast_->setObjectName(QStringLiteral("highContrastAction"));
    highContrast_->setCheckable(true);
    const QSettings s = settings();
    presentation_->setChecked(s.value(QStringLiteral("view/presentation"), false).toBool());
    highContrast_->setChecked(s.value(QStringLiteral("view/highContrast"), false).toBool());
    connect(presentation_, &QAction::toggled, this, [this](bool on) {
        settings().setValue(QStringLiteral("view/presentation"), on);
        apply();
    });
    connect(highContrast_, &QAction::toggled, this, [this](bool on) {
        settings().setValue(QStringLiteral("view/highContrast"), on);
        apply();
    });
    retranslate();
    if (presentation() || highContrast())
        apply();
}

bool Appearance::presentation() const {
    return presentation_->isChecked();
}

bool Appearance::highContrast() const {
    return highContrast_->isChecked();
}

void Appearance::setPresentation(bool on) {
    presentation_->setChecked(on);
}

void Appearance::setHighContrast(bool on) {
    highContrast_->setChecked(on);
}

QPalette Appearance::highContrastPalette() {
    QPalette p;
    const QColor black(Qt::black);
    const QColor white(Qt::white);
    const QColor yellow(0xff, 0xeb, 0x3b);
    for (const QPalette::ColorGroup g : {QPalette::Active, QPalette::Inactive}) {
        p.setColor(g, QPalette::Window, black);
        p.setColor(g, QPalette::WindowText, white);
        p.setColor(g, QPalette::Base, black);
        p.setColor(g, QPalette::AlternateBase, QColor(0x21, 0x21, 0x21));
        p.setColor(g, QPalette::Text, white);
        p.setColor(g, QPalette::PlaceholderText, QColor(0xe0, 0xe0, 0xe0));
        p.setColor(g, QPalette::Button, black);
        p.setColor(g, QPalette::ButtonText, white);
        p.setColor(g, QPalette::BrightText, yellow);
        p.setColor(g, QPalette::Highlight, yellow);
        p.setColor(g, QPalette::HighlightedText, black);
        p.setColor(g, QPalette::ToolTipBase, black);
        p.setColor(g, QPalette::ToolTipText, white);
        p.setColor(g, QPalette::Link, QColor(0x80, 0xd8, 0xff));
        p.setColor(g, QPalette::Light, white);
        p.setColor(g, QPalette::Midlight, QColor(0xbd, 0xbd, 0xbd));
        p.setColor(g, QPalette::Mid, white);
        p.setColor(g, QPalette::Dark, white);
        p.setColor(g, QPalette::Shadow, white);
    }
    p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x9e, 0x9e, 0x9e));
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x9e, 0x9e, 0x9e));
    p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x9e, 0x9e, 0x9e));
    p.setColor(QPalette::Disabled, QPalette::Window, black);
    p.setColor(QPalette::Disabled, QPalette::Base, black);
    p.setColor(QPalette::Disabled, QPalette::Button, black);
    return p;
}

void Appearance::apply() {
    QFont f = baseFont_;
    if (presentation()) {
        const double pt = baseFont_.pointSizeF() > 0 ? baseFont_.pointSizeF() : 9.0;
        f.setPointSizeF(pt * kFontScale);
    }
    if (highContrast())
        f.setBold(presentation());
    QApplication::setFont(f);
    // Without high contrast, an empty palette: Qt's own again, which follows the system's theme (dark mode).
    QApplication::setPalette(highContrast() ? highContrastPalette() : QPalette());
    // QApplication tells the widgets only once its event loop runs (QApplication::exec()); before that (a
    // saved choice applied at start-up, the tests) they are told here. A second notice costs nothing.
    for (QWidget* w : QApplication::allWidgets()) {
        QEvent fontChange(QEvent::ApplicationFontChange);
        QCoreApplication::sendEvent(w, &fontChange);
        QEvent paletteChange(QEvent::ApplicationPaletteChange);
        QCoreApplication::sendEvent(w, &paletteChange);
    }
    // A high-contrast theme draws heavier lines too; a projector heavier still.
    const double lines = (presentation() ? kLineScale : 1.0) * (highContrast() ? 1.3 : 1.0);
    ladder_->setLineScale(lines);
    // Taller rows for the larger labels.
    if (presentation() != zoomed_) {
        ladder_->zoomBy(presentation() ? kFontScale : 1.0 / kFontScale);
        zoomed_ = presentation();
    }
    diagram_->setLineScale(lines);
}

void Appearance::retranslate() {
    presentation_->setText(tr("&Presentation Mode"));
    presentation_->setToolTip(tr("Large fonts and thick lines for a projector (F5)"));
    highContrast_->setText(tr("&High Contrast"));
    highContrast_->setToolTip(tr("White on black with strong colours"));
}

} // namespace tcplab::ui
