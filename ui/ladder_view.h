// The ladder (sequence) diagram: a lifeline per host with time downwards, each segment an arrow from its
// sending to its arrival (or a ✗ where it was lost), labelled the way Wireshark labels it. Lifelines are
// coloured by the host's state, with the state's name where it changes; running timers are bars beside the
// lifeline. It paints only the rows in view (found by binary search over the trace index), so a run with
// 100,000 segments scrolls as smoothly as a handshake. Like Wireshark's sequence diagram it only draws what
// the controller computed; clicking an arrow selects its segment, clicking elsewhere moves the cursor to that
// row.
#pragma once

#include <QAbstractScrollArea>

#include <QLineF>
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
    // Where the arrow of `segment` is drawn, halfway along, in viewport coordinates (for a click or a
    // context menu); empty when it has none.
    std::optional<QPoint> segmentViewPoint(std::uint32_t segment) const;
    // A point on the lifeline of `host` at event `row`, in viewport coordinates.
    QPoint laneViewPoint(int host, int row) const;
    // Segments drawn in the last paint (the benchmark checks that it stays small).
    int lastPaintedSegments() const { return lastPainted_; }

    // A lane's heading: the host's name ("r1 (router)" for a router), and under it the host's address and
    // its state at `cursor`, or a router's addresses (a router never shows a TCP state).
    QString laneHeading(int host) const;
    QString laneSubheading(int host, int cursor) const;

    // The IP layer's hops (Trace::datagrams), drawn as thinner arrows under the segments': fragments dashed
    // in their segment's colour and labelled as Wireshark does, ICMP messages teal, ARP frames dotted green,
    // whole datagrams unlabelled grey; a ✗ where one was lost.
    struct DatagramStyle {
        Qt::PenStyle style = Qt::SolidLine;
        int strands = 1;      // one-pixel lines side by side (a segment's arrow has 2, selected 4)
        bool labelled = true; // whole TCP datagrams are not: their segment's arrow says it all
    };
    DatagramStyle datagramStyle(std::uint32_t datagram) const;
    // The arrow's label: "2/3 Fragmented IP protocol (proto=TCP 6, off=552, ID=0002)", "Who has …".
    QString datagramLabel(std::uint32_t datagram) const;
    // The datagram arrow's ends in viewport coordinates (nullopt: not drawn).
    std::optional<QLineF> datagramArrowInView(std::uint32_t datagram) const;
    // Datagrams drawn in the last paint, in drawing order.
    const std::vector<std::uint32_t>& lastPaintedDatagrams() const { return paintedDatagrams_; }
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
    // A right click on a segment's arrow (what-if: drop, delay, duplicate it).
    void segmentContextMenuRequested(std::uint32_t segment, const QPoint& globalPos);
    // A right click on an IP hop's arrow: a datagram or fragment (what-if on that hop).
    void datagramContextMenuRequested(std::uint32_t datagram, const QPoint& globalPos);
    // A right click on a host's lifeline at event `row` (what-if: an action by that host at that moment).
    void laneContextMenuRequested(int host, int row, const QPoint& globalPos);

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    bool viewportEvent(QEvent* event) override;
    void changeEvent(QEvent* event) override;
    void contextMenuEvent(QContextMenuEvent* event) override;

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
    std::optional<Arrow> datagramArrowOf(std::uint32_t datagram) const;
    std::optional<std::uint32_t> datagramAt(QPoint viewPos, double* distance) const;
    double segmentDistance(std::uint32_t segment, QPoint viewPos) const;
    QColor datagramColor(std::uint32_t datagram) const;
    void paintDatagrams(QPainter& p, int r0, int r1, int cursor);
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
    std::vector<std::uint32_t> paintedDatagrams_;
    std::vector<QString> routerAddresses_;      // per host: a router's addresses, for its heading
    std::vector<std::uint32_t> datagramsByRow_; // datagram indices ordered by their sending row
    // Labels by (segment, bold), all elided to labelsMaxWidth_ (the gap between the lifelines).
    mutable std::unordered_map<std::uint64_t, CachedLabel> labels_;
    mutable double labelsMaxWidth_ = -1;
    bool wholeRun_ = false;
    bool hideFuture_ = false;
    double lineScale_ = 1.0;
};

} // namespace tcplab::ui
