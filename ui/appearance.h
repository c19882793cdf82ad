// View → Presentation Mode and View → High Contrast: for a projector, larger fonts everywhere and thicker
// lines in the ladder and the state diagram; a high-contrast theme (white on black, yellow highlights).
// Otherwise the palette is the system's, so a dark system theme gives a dark ladder and diagram (the views
// take their colours from the palette; colors.h isDarkPalette()). Both choices are kept in QSettings.
#pragma once

#include <QFont>
#include <QObject>
#include <QPalette>

class QAction;

namespace tcplab::ui {

class LadderView;
class StateDiagram;

class Appearance : public QObject {
    Q_OBJECT
public:
    // Reads the saved choices and applies them.
    Appearance(LadderView* ladder, StateDiagram* diagram, QObject* parent);

    QAction* presentationAction() const { return presentation_; }
    QAction* highContrastAction() const { return highContrast_; }
    bool presentation() const;
    bool highContrast() const;
    void setPresentation(bool on);
    void setHighContrast(bool on);
    void retranslate();

    // The font scale and line weight of presentation mode.
    static constexpr double kFontScale = 1.5;
    static constexpr double kLineScale = 2.2;
    // The high-contrast palette.
    static QPalette highContrastPalette();

private:
    void apply();

    LadderView* ladder_;
    StateDiagram* diagram_;
    QAction* presentation_;
    QAction* highContrast_;
    QFont baseFont_;      // the application's font before any change
    bool zoomed_ = false; // the ladder's rows were made taller for presentation mode
};

} // namespace tcplab::ui
