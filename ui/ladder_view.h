// The ladder (sequence) diagram: a lifeline per host with time downwards, each segment an arrow from its
// sending to its arrival (or a ✗ where it was lost), labelled the way Wireshark labels it. Lifelines are
// coloured by the host's state, with the state's name where it changes; running timers are bars beside the
// lifeline. It paints only the rows in view (found by binary search over the trace index), so a run with
// 100,000 segments scrolls as smoothly as a handshake. Like Wireshark's sequence diagram it only draws what
// the controller computed; clicking an arrow selects its segment, clicking elsewhere moves the cursor to that
// row.
#pragma once

#include <QAbstractScrollArea>

#include <QStaticText>

#include <cstdint>
#include <optional>
#include <unordered_map>
#include <vector>

#include "io/ladder.h"

namespace tcplab::ui {

class PlayerController;

class LadderView : public QAbstractScrollArea {
    Q_OBJECT
public:
    enum class Axis { EventPerRow, TimeProportional };

    explicit LadderView(PlayerController* controller, QWidget* parent = nullptr);

    Axis axis() const { return axis_; }
    void setAxis(Axis axis);
    bool relativeNumbers() const { return relative_; }
    void setRelativeNumbers(bool relative);
    // Zooms the vertical axis by `factor`, keeping the cursor's row where it is on screen.
    void zoomBy(double factor);
    void resetZoom();
    void ensureRowVisible(int row);

    // Content coordinates (0 = the top of the first row), for the tests and the benchmark.
    double yOfRow(int row) const;
    int rowAtY(double y) const;
    double contentHeight() const;
    // The arrow label of a segment, as drawn (without elision).
    QString segmentLabel(std::uint32_t segment) const;
    // Segments drawn in the last paint (the benchmark checks that it stays small).
    int lastPaintedSegments() const { return lastPainted_; }

    PlayerController* controller() const { return controller_; }
    // For exports (ui/exports.h): a second view drawing what this one draws (axis, numbers, zoom, line
    // weight), and the whole run as having happened (no cursor row, nothing faded).
    void copyViewSettings(const LadderView& from);
    void setWholeRun(bool whole);
    bool wholeRun() const { return wholeRun_; }
    // The height of the host header above the rows, in pixels.
    int headerPixels() const { return headerHeight(); }
    // Quiz mode: what has not happened yet is not drawn at all (no faded future that gives the answer away).
    bool hideFuture() const { return hideFuture_; }
    void setHideFuture(bool hide);
    // Line weight (1: normal; presentation mode draws thicker lines).
    double lineScale() const { return lineScale_; }
    void setLineScale(double scale);

Q_SIGNALS:
    void zoomChanged();

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    bool viewportEvent(QEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void lessonLoaded();
    void cursorMoved(int cursor, int previous);
    void updateScrollBars();
    double hostX(int host) const;
    int headerHeight() const;
    double toViewY(double contentY) const;
    std::optional<std::uint32_t> segmentAt(QPoint viewPos) const;
    struct Arrow {
        QPointF from;
        QPointF to;
    };
    std::optional<Arrow> arrowOf(std::uint32_t segment) const;
    // An arrow's label, elided to maxWidth and laid out once: shaping text is the dearest part of a frame.
    struct CachedLabel {
        QStaticText text;
        double width = 0;
    };
    const CachedLabel& cachedLabel(std::uint32_t segment, bool bold, double maxWidth) const;

    PlayerController* controller_;
    Axis axis_ = Axis::EventPerRow;
    bool relative_ = true;
    double rowHeight_ = 26.0;
    double pxPerSecond_ = 1500.0;
    QPoint pressPos_;
    int pressScroll_ = 0;
    bool dragging_ = false;
    int lastPainted_ = 0;
    // Labels by (segment, bold), all elided to labelsMaxWidth_ (the gap between the lifelines).
    mutable std::unordered_map<std::uint64_t, CachedLabel> labels_;
    mutable double labelsMaxWidth_ = -1;
    bool wholeRun_ = false;
    bool hideFuture_ = false;
    double lineScale_ = 1.0;
};

} // namespace tcplab::ui
