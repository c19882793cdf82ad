#include "ladder_view.h"

#include <QContextMenuEvent>
#include <QEvent>
#include <QFontMetricsF>
#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QScrollBar>
#include <QStaticText>
#include <QStringList>
#include <QToolTip>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

#include "colors.h"
#include "player_controller.h"
#include "trace_model.h"

namespace tcplab::ui {

namespace {

constexpr double kGutter = 92.0;  // the time column on the left
constexpr double kMarginX = 96.0; // beside the outer lifelines: room for the timers
constexpr int kFadedAlpha = 70;   // what has not happened yet

QString timerShortName(TimerKind k) {
    switch (k) {
    case TimerKind::Retransmission:
        return LadderView::tr("RTO");
    case TimerKind::Persist:
        return LadderView::tr("persist");
    case TimerKind::Keepalive:
        return LadderView::tr("keep-alive");
    case TimerKind::DelayedAck:
        return LadderView::tr("delayed ACK");
    case TimerKind::TimeWait:
        return LadderView::tr("2·MSL");
    case TimerKind::FinWait2:
        return LadderView::tr("FIN-WAIT-2");
    }
    return {};
}

QColor faded(QColor c, bool future) {
    if (future)
        c.setAlpha(kFadedAlpha);
    return c;
}

double seconds(Instant t) {
    return static_cast<double>(toNanos(t)) / 1e9;
}

// A router's addresses: one per interface, as seen in the hops it sent and the ICMP messages it originated
// (its trace entry has the first one only).
QString routerAddresses(const Trace& t, int h) {
    QStringList out;
    if (static_cast<std::size_t>(h) < t.hostAddrs.size())
        out << QString::fromStdString(formatIpv4(t.hostAddrs[static_cast<std::size_t>(h)]));
    for (const DatagramRecord& d : t.datagrams)
        if (d.fromNode == h && d.protocol == 1 && d.fragmentOffset == 0) {
            const QString a = QString::fromStdString(formatIpv4(d.srcAddr));
            if (!out.contains(a))
                out << a;
        }
    return out.join(QStringLiteral(", "));
}

} // namespace

LadderView::LadderView(PlayerController* controller, QWidget* parent)
    : QAbstractScrollArea(parent), controller_(controller) {
    setObjectName(QStringLiteral("ladderView"));
    viewport()->setMouseTracking(false);
    viewport()->setBackgroundRole(QPalette::Base);
    viewport()->setAutoFillBackground(true);
    setFocusPolicy(Qt::StrongFocus);
    setMinimumSize(360, 240);
    verticalScrollBar()->setSingleStep(static_cast<int>(rowHeight_));
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    connect(controller_, &PlayerController::lessonLoaded, this, &LadderView::lessonLoaded);
    connect(controller_, &PlayerController::cursorChanged, this, &LadderView::cursorMoved);
    connect(controller_, &PlayerController::selectedSegmentChanged, viewport(),
            qOverload<>(&QWidget::update));
    connect(controller_, &PlayerController::selectedDatagramChanged, viewport(),
            qOverload<>(&QWidget::update));
    connect(verticalScrollBar(), &QScrollBar::valueChanged, viewport(), qOverload<>(&QWidget::update));
}

void LadderView::lessonLoaded() {
    labels_.clear();
    {
        const Trace& t = controller_->trace();
        routerAddresses_.assign(t.hostNames.size(), QString());
        for (std::size_t h = 0; h < t.hostNames.size(); ++h) {
            if (!t.isRouter(static_cast<std::uint16_t>(h)))
                continue;
            // The scenario names every interface; the trace only the first (and what ICMP showed).
            QStringList addrs;
            if (controller_->hasLesson())
                for (const RouterSpec& r : controller_->scenario().routers)
                    if (r.name == t.hostNames[h])
                        for (const InterfaceSpec& i : r.interfaces)
                            addrs << QString::fromStdString(formatIpv4(i.address));
            routerAddresses_[h] =
                addrs.isEmpty() ? routerAddresses(t, static_cast<int>(h)) : addrs.join(QStringLiteral(", "));
        }
        const TraceIndex& ix = controller_->index();
        datagramsByRow_.clear();
        for (std::size_t d = 0; d < ix.datagrams.size(); ++d)
            if (ix.datagrams[d].sendRow >= 0 && t.datagrams[d].fromNode != t.datagrams[d].toNode)
                datagramsByRow_.push_back(static_cast<std::uint32_t>(d));
        std::stable_sort(datagramsByRow_.begin(), datagramsByRow_.end(),
                         [&ix](std::uint32_t a, std::uint32_t b) {
                             return ix.datagrams[a].sendRow < ix.datagrams[b].sendRow;
                         });
    }
    // Time axis: the median gap between distinct event times gets about one row.
    const Trace& t = controller_->trace();
    std::vector<std::int64_t> gaps;
    for (std::size_t i = 1; i < t.events.size() && gaps.size() < 2000; ++i) {
        const std::int64_t g = toNanos(t.events[i].at) - toNanos(t.events[i - 1].at);
        if (g > 0)
            gaps.push_back(g);
    }
    if (!gaps.empty()) {
        std::nth_element(gaps.begin(), gaps.begin() + static_cast<std::ptrdiff_t>(gaps.size() / 2),
                         gaps.end());
        const double g = static_cast<double>(gaps[gaps.size() / 2]) / 1e9;
        pxPerSecond_ = std::clamp(2.0 * rowHeight_ / g, 10.0, 1e7);
    }
    updateScrollBars();
    verticalScrollBar()->setValue(0);
    viewport()->update();
}

void LadderView::cursorMoved(int cursor, int /*previous*/) {
    ensureRowVisible(cursor);
    viewport()->update();
}

void LadderView::setAxis(Axis axis) {
    if (axis == axis_)
        return;
    axis_ = axis;
    updateScrollBars();
    ensureRowVisible(controller_->cursor());
    viewport()->update();
}

void LadderView::setRelativeNumbers(bool relative) {
    relative_ = relative;
    labels_.clear();
    viewport()->update();
}

void LadderView::copyViewSettings(const LadderView& from) {
    axis_ = from.axis_;
    relative_ = from.relative_;
    rowHeight_ = from.rowHeight_;
    pxPerSecond_ = from.pxPerSecond_;
    lineScale_ = from.lineScale_;
    setFont(from.font());
    setPalette(from.palette());
    labels_.clear();
    updateScrollBars();
}

void LadderView::setWholeRun(bool whole) {
    wholeRun_ = whole;
    viewport()->update();
}

void LadderView::setHideFuture(bool hide) {
    hideFuture_ = hide;
    viewport()->update();
}

void LadderView::setLineScale(double scale) {
    lineScale_ = std::clamp(scale, 0.5, 4.0);
    viewport()->update();
}

void LadderView::zoomBy(double factor) {
    const int cursor = controller_->cursor();
    const double before = toViewY(yOfRow(cursor));
    if (axis_ == Axis::EventPerRow)
        rowHeight_ = std::clamp(rowHeight_ * factor, 4.0, 120.0);
    else
        pxPerSecond_ = std::clamp(pxPerSecond_ * factor, 1.0, 1e8);
    updateScrollBars();
    verticalScrollBar()->setValue(static_cast<int>(yOfRow(cursor) - (before - headerHeight())));
    viewport()->update();
    Q_EMIT zoomChanged();
}

void LadderView::resetZoom() {
    rowHeight_ = 26.0;
    lessonLoaded();
    ensureRowVisible(controller_->cursor());
}

double LadderView::yOfRow(int row) const {
    if (axis_ == Axis::EventPerRow)
        return (row + 1.5) * rowHeight_;
    const Trace& t = controller_->trace();
    if (row < 0 || t.events.empty())
        return rowHeight_ * 0.5;
    row = std::min(row, static_cast<int>(t.events.size()) - 1);
    return rowHeight_ * 1.5 + seconds(t.events[static_cast<std::size_t>(row)].at) * pxPerSecond_;
}

int LadderView::rowAtY(double y) const {
    const int count = controller_->eventCount();
    if (axis_ == Axis::EventPerRow)
        return std::clamp(static_cast<int>(std::floor(y / rowHeight_ - 1.0)), -1, count - 1);
    // The last row at or above y.
    int lo = -1;
    int hi = count - 1;
    while (lo < hi) {
        const int mid = (lo + hi + 1) / 2;
        if (yOfRow(mid) <= y)
            lo = mid;
        else
            hi = mid - 1;
    }
    return lo;
}

double LadderView::contentHeight() const {
    return yOfRow(controller_->eventCount() - 1) + 2 * rowHeight_;
}

int LadderView::headerHeight() const {
    return fontMetrics().height() * 3 + 14;
}

double LadderView::toViewY(double contentY) const {
    return contentY - verticalScrollBar()->value() + headerHeight();
}

double LadderView::hostX(int host) const {
    const int n = std::max<int>(1, static_cast<int>(controller_->trace().hostNames.size()));
    const double usable = std::max(100.0, viewport()->width() - kGutter - 2 * kMarginX);
    if (n == 1)
        return kGutter + kMarginX + usable / 2;
    // Lanes in io/ladder.h's laneOrder(), the CLI's: routers stand between the hosts they join.
    const std::vector<int>& laneOf = controller_->index().laneOf;
    const int lane = host >= 0 && static_cast<std::size_t>(host) < laneOf.size()
                         ? laneOf[static_cast<std::size_t>(host)]
                         : host;
    return kGutter + kMarginX + usable * lane / (n - 1);
}

void LadderView::updateScrollBars() {
    const int page = std::max(1, viewport()->height() - headerHeight());
    const double h = contentHeight();
    verticalScrollBar()->setPageStep(page);
    verticalScrollBar()->setSingleStep(std::max(4, static_cast<int>(rowHeight_)));
    verticalScrollBar()->setRange(0, std::max(0, static_cast<int>(std::min(h, 2.0e9)) - page));
}

void LadderView::ensureRowVisible(int row) {
    const double y = yOfRow(row);
    const int page = viewport()->height() - headerHeight();
    const int top = verticalScrollBar()->value();
    const double margin = std::min(3.0 * rowHeight_, page / 4.0);
    if (y < top + margin || y > top + page - margin)
        verticalScrollBar()->setValue(static_cast<int>(y - page / 2.0));
}

QString LadderView::segmentLabel(std::uint32_t segment) const {
    const Trace& t = controller_->trace();
    if (segment >= t.segments.size())
        return {};
    const SegmentRecord& s = t.segments[segment];
    std::optional<SeqNum> seqBase;
    std::optional<SeqNum> ackBase;
    const std::vector<RelativeBases>& bases = controller_->relativeBases();
    if (relative_ && segment < bases.size()) {
        seqBase = bases[segment].seq;
        ackBase = bases[segment].ack;
    }
    QString text = wiresharkSummary(s, seqBase, ackBase);
    if (s.duplicate)
        text = tr("[Duplicate] %1").arg(text);
    else if (s.retransmission)
        text = tr("[Retransmission] %1").arg(text);
    return text;
}

std::optional<LadderView::Arrow> LadderView::arrowOf(std::uint32_t segment) const {
    const Trace& t = controller_->trace();
    const TraceIndex& ix = controller_->index();
    if (segment >= ix.segments.size())
        return std::nullopt;
    const TraceIndex::SegmentSpan& span = ix.segments[segment];
    if (span.sendRow < 0)
        return std::nullopt;
    const SegmentRecord& s = t.segments[segment];
    const double x0 = hostX(s.srcHost);
    const double x1 = hostX(s.dstHost);
    const double y0 = yOfRow(span.sendRow);
    const int endRow = span.endRow >= 0 ? span.endRow : controller_->eventCount() - 1;
    double y1 = yOfRow(endRow);
    if (span.dropped) {
        // Lost on the link: the arrow stops halfway, at least a row below where it started.
        y1 = std::max(y1, y0 + rowHeight_);
        return Arrow{{x0, y0}, {(x0 + x1) / 2, y1}};
    }
    if (span.endRow < 0) // still in flight when the run ended
        return Arrow{{x0, y0}, {(x0 + x1) / 2, std::max(y1, y0 + rowHeight_)}};
    return Arrow{{x0, y0}, {x1, std::max(y1, y0 + 2.0)}};
}

const LadderView::CachedLabel& LadderView::cachedLabel(std::uint32_t segment, bool bold,
                                                       double maxWidth) const {
    if (maxWidth != labelsMaxWidth_ || labels_.size() > 4096) {
        labels_.clear();
        labelsMaxWidth_ = maxWidth;
    }
    const std::uint64_t key = (static_cast<std::uint64_t>(segment) << 1) | (bold ? 1u : 0u);
    auto it = labels_.find(key);
    if (it != labels_.end())
        return it->second;
    QFont f = font();
    f.setBold(bold);
    const QFontMetricsF fm(f);
    CachedLabel label;
    label.text.setTextFormat(Qt::PlainText);
    label.text.setPerformanceHint(QStaticText::AggressiveCaching);
    // Laid out once; a second time, elided, only when it does not fit (a label seldom needs it).
    const QString full = segmentLabel(segment);
    label.text.setText(full);
    label.text.prepare(QTransform(), f);
    if (label.text.size().width() > maxWidth) {
        label.text.setText(fm.elidedText(full, Qt::ElideRight, maxWidth));
        label.text.prepare(QTransform(), f);
    }
    label.width = label.text.size().width();
    return labels_.emplace(key, std::move(label)).first->second;
}

QString LadderView::laneHeading(int host) const {
    const Trace& t = controller_->trace();
    if (host < 0 || static_cast<std::size_t>(host) >= t.hostNames.size())
        return {};
    const QString name = QString::fromStdString(t.hostNames[static_cast<std::size_t>(host)]);
    return t.isRouter(static_cast<std::uint16_t>(host)) ? tr("%1 (router)").arg(name) : name;
}

QString LadderView::laneSubheading(int host, int cursor) const {
    const Trace& t = controller_->trace();
    if (host < 0 || static_cast<std::size_t>(host) >= t.hostNames.size())
        return {};
    const auto h = static_cast<std::size_t>(host);
    const QString addr =
        h < t.hostAddrs.size() ? QString::fromStdString(formatIpv4(t.hostAddrs[h])) : QString();
    // A router runs no TCP: its addresses, never a state.
    if (t.isRouter(static_cast<std::uint16_t>(host)))
        return h < routerAddresses_.size() && !routerAddresses_[h].isEmpty() ? routerAddresses_[h] : addr;
    const TcpState now = controller_->index().hostStateAt(static_cast<std::uint16_t>(host), cursor);
    return QStringLiteral("%1 · %2").arg(addr, qs(stateName(now)));
}

LadderView::DatagramStyle LadderView::datagramStyle(std::uint32_t datagram) const {
    DatagramStyle st;
    const Trace& t = controller_->trace();
    if (datagram >= t.datagrams.size())
        return st;
    const DatagramRecord& d = t.datagrams[datagram];
    if (d.arpOp != 0)
        st.style = Qt::DotLine;
    else if (d.isFragment())
        st.style = Qt::DashLine;
    else
        st.labelled = d.protocol == 1;
    // Selected, or one piece of the selected segment: a little heavier, still lighter than a segment.
    const bool mine = d.segment != kNone && d.segment == controller_->selectedSegment() && d.isFragment();
    st.strands = datagram == controller_->selectedDatagram() ? 3 : (mine ? 2 : 1);
    return st;
}

QString LadderView::datagramLabel(std::uint32_t datagram) const {
    const Trace& t = controller_->trace();
    if (datagram >= t.datagrams.size())
        return {};
    const DatagramRecord& d = t.datagrams[datagram];
    std::string text;
    if (d.arpOp == 2) {
        // The reply's MAC address is in its datagram-sent record's text.
        const TraceIndex::SegmentSpan& span = controller_->index().datagrams[datagram];
        if (span.sendRow >= 0)
            text = t.text(t.events[static_cast<std::size_t>(span.sendRow)]);
    }
    const QString summary = QString::fromStdString(datagramSummary(d, text));
    if (d.fragment != 0)
        return QStringLiteral("%1/%2 %3").arg(d.fragment).arg(d.fragments).arg(summary);
    return summary;
}

QColor LadderView::datagramColor(std::uint32_t datagram) const {
    const Trace& t = controller_->trace();
    const DatagramRecord& d = t.datagrams[datagram];
    if (d.arpOp != 0)
        return QColor(0x2e, 0x7d, 0x32);
    if (d.protocol == 1 && d.fragmentOffset == 0)
        return QColor(0x00, 0x89, 0x7b);
    if (!d.isFragment())
        return QColor(0x90, 0xa4, 0xae);
    // A fragment takes its segment's colour: the pieces read as a group under their segment.
    if (d.segment < t.segments.size()) {
        const SegmentRecord& s = t.segments[d.segment];
        if (s.retransmission)
            return QColor(0xe6, 0x51, 0x00);
        if (s.flags & (TcpFlag::SYN | TcpFlag::FIN))
            return QColor(0x15, 0x65, 0xc0);
    }
    return QColor(0x37, 0x47, 0x4f);
}

std::optional<LadderView::Arrow> LadderView::datagramArrowOf(std::uint32_t datagram) const {
    const Trace& t = controller_->trace();
    const TraceIndex& ix = controller_->index();
    if (datagram >= ix.datagrams.size())
        return std::nullopt;
    const TraceIndex::SegmentSpan& span = ix.datagrams[datagram];
    const DatagramRecord& d = t.datagrams[datagram];
    if (span.sendRow < 0 || d.fromNode == d.toNode)
        return std::nullopt;
    const double x0 = hostX(d.fromNode);
    const double x1 = hostX(d.toNode);
    const double y0 = yOfRow(span.sendRow);
    const int endRow = span.endRow >= 0 ? span.endRow : controller_->eventCount() - 1;
    const double y1 = yOfRow(endRow);
    if (span.dropped || span.endRow < 0)
        return Arrow{{x0, y0}, {(x0 + x1) / 2, std::max(y1, y0 + rowHeight_)}};
    return Arrow{{x0, y0}, {x1, std::max(y1, y0 + 2.0)}};
}

std::optional<QLineF> LadderView::datagramArrowInView(std::uint32_t datagram) const {
    const auto a = datagramArrowOf(datagram);
    if (!a)
        return std::nullopt;
    return QLineF(QPointF(a->from.x(), toViewY(a->from.y())), QPointF(a->to.x(), toViewY(a->to.y())));
}

void LadderView::paintDatagrams(QPainter& p, int r0, int r1, int cursor) {
    paintedDatagrams_.clear();
    const TraceIndex& ix = controller_->index();
    if (datagramsByRow_.empty())
        return;
    QFont small = font();
    small.setPointSizeF(font().pointSizeF() * 0.85);
    const QFontMetricsF fmSmall(small);
    p.setFont(small);
    const int fromRow = r0 - ix.maxDatagramSpanRows - 1;
    auto it = std::partition_point(datagramsByRow_.begin(), datagramsByRow_.end(),
                                   [&](std::uint32_t d) { return ix.datagrams[d].sendRow < fromRow; });
    const Trace& t = controller_->trace();
    for (; it != datagramsByRow_.end(); ++it) {
        const std::uint32_t dg = *it;
        const TraceIndex::SegmentSpan& span = ix.datagrams[dg];
        if (span.sendRow > r1 + 1)
            break;
        const int endRow = span.endRow >= 0 ? span.endRow : controller_->eventCount() - 1;
        if (endRow < r0 - 1)
            continue;
        const auto line = datagramArrowInView(dg);
        if (!line)
            continue;
        paintedDatagrams_.push_back(dg);
        const DatagramStyle st = datagramStyle(dg);
        const bool future = span.sendRow > cursor;
        const QColor c = faded(datagramColor(dg), future);
        QPen pen(c, 1.0, Qt::SolidLine, Qt::FlatCap);
        if (st.style == Qt::DashLine)
            pen.setDashPattern({5, 3});
        else if (st.style == Qt::DotLine)
            pen.setDashPattern({1.5, 2.5});
        p.setPen(pen);
        const QPointF from = line->p1();
        const QPointF to = line->p2();
        const double len = std::max(1e-9, line->length());
        const QPointF normal(-line->dy() / len, line->dx() / len);
        for (int k = 0; k < st.strands; ++k)
            p.drawLine(line->translated(normal * (0.7 * (k - (st.strands - 1) / 2.0))));
        if (span.dropped) {
            p.setPen(QPen(faded(QColor(0xd3, 0x2f, 0x2f), future), 2.0));
            const double r = 4.5;
            p.drawLine(to + QPointF(-r, -r), to + QPointF(r, r));
            p.drawLine(to + QPointF(-r, r), to + QPointF(r, -r));
        } else if (span.endRow >= 0) {
            const double angle = std::atan2(from.y() - to.y(), from.x() - to.x());
            const double hl = 7;
            QPolygonF head;
            head << to << to + QPointF(hl * std::cos(angle + 0.35), hl * std::sin(angle + 0.35))
                 << to + QPointF(hl * std::cos(angle - 0.35), hl * std::sin(angle - 0.35));
            p.setPen(Qt::NoPen);
            p.setBrush(c);
            p.drawPolygon(head);
            p.setBrush(Qt::NoBrush);
        }
        if (!st.labelled || (rowHeight_ < fmSmall.height() * 0.7 && axis_ != Axis::TimeProportional))
            continue;
        // The label under the middle of the arrow (a segment's label is above its own), in small type.
        const DatagramRecord& d = t.datagrams[dg];
        const double left = std::min(hostX(d.fromNode), hostX(d.toNode)) + 6;
        const double right = std::max(hostX(d.fromNode), hostX(d.toNode)) - 6;
        // Wireshark's words when they fit, else the short form ("2/3 off=552 ID=0002"), elided.
        const double room = std::max(40.0, right - left - 8);
        QString text = datagramLabel(dg);
        if (fmSmall.horizontalAdvance(text) > room && d.isFragment() && d.arpOp == 0)
            text = QStringLiteral("%1/%2 off=%3 ID=%4")
                       .arg(d.fragment)
                       .arg(d.fragments)
                       .arg(d.fragmentOffset * 8)
                       .arg(d.id, 4, 16, QLatin1Char('0'));
        else if (fmSmall.horizontalAdvance(text) > room && d.protocol == 1 && d.arpOp == 0)
            text = QStringLiteral("ICMP %1/%2%3")
                       .arg(d.icmpType)
                       .arg(d.icmpCode)
                       .arg(d.icmpType == 3 && d.icmpCode == 4 ? QStringLiteral(" MTU=%1").arg(d.icmpMtu)
                                                               : QString());
        text = fmSmall.elidedText(text, Qt::ElideRight, room);
        const double tw = fmSmall.horizontalAdvance(text);
        const QPointF mid = line->pointAt(0.5);
        const double x = std::clamp(mid.x() - tw / 2 - 3, left, std::max(left, right - tw - 6));
        const QRectF box(x, mid.y() + 1, tw + 6, fmSmall.height());
        p.setPen(Qt::NoPen);
        p.setBrush(future ? QColor(255, 255, 255, 110) : QColor(255, 255, 255, 200));
        p.drawRoundedRect(box, 3, 3);
        p.setBrush(Qt::NoBrush);
        p.setPen(faded(datagramColor(dg).darker(120), future));
        p.drawText(box.adjusted(3, 0, 0, 0), Qt::AlignLeft | Qt::AlignVCenter, text);
    }
}

std::optional<std::uint32_t> LadderView::datagramAt(QPoint pos, double* distance) const {
    const TraceIndex& ix = controller_->index();
    if (datagramsByRow_.empty())
        return std::nullopt;
    const double y = pos.y() - headerHeight() + verticalScrollBar()->value();
    const int row = rowAtY(y);
    const int fromRow = row - ix.maxDatagramSpanRows - 2;
    auto it = std::partition_point(datagramsByRow_.begin(), datagramsByRow_.end(),
                                   [&](std::uint32_t d) { return ix.datagrams[d].sendRow < fromRow; });
    std::optional<std::uint32_t> best;
    double bestDist = *distance;
    for (; it != datagramsByRow_.end() && ix.datagrams[*it].sendRow <= row + 2; ++it) {
        const auto line = datagramArrowInView(*it);
        if (!line)
            continue;
        const QPointF d = line->p2() - line->p1();
        const double len2 = QPointF::dotProduct(d, d);
        const double f =
            len2 > 0 ? std::clamp(QPointF::dotProduct(QPointF(pos) - line->p1(), d) / len2, 0.0, 1.0) : 0.0;
        const QPointF q = line->p1() + f * d;
        const double dist = std::hypot(pos.x() - q.x(), pos.y() - q.y());
        if (dist < bestDist) {
            bestDist = dist;
            best = *it;
        }
    }
    *distance = bestDist;
    return best;
}

void LadderView::paintEvent(QPaintEvent* /*event*/) {
    QPainter p(viewport());
    p.setRenderHint(QPainter::Antialiasing);
    const QPalette pal = palette();
    const bool dark = isDarkPalette(pal);
    const Trace& t = controller_->trace();
    const TraceIndex& ix = controller_->index();
    // The whole run (an export): everything has happened, and no row is the cursor's.
    const int cursor = wholeRun_ ? controller_->eventCount() - 1 : controller_->cursor();
    const int header = headerHeight();
    const double scroll = verticalScrollBar()->value();
    const double visTop = scroll - rowHeight_;
    const double visBottom = scroll + viewport()->height() - header + rowHeight_;
    const int r0 = std::max(0, rowAtY(visTop) - 1);
    const int r1 = std::min(controller_->eventCount() - 1, rowAtY(visBottom) + 1);
    const QFontMetricsF fm(font());
    QFont small = font();
    small.setPointSizeF(font().pointSizeF() * 0.85);
    const QFontMetricsF fmSmall(small);
    lastPainted_ = 0;
    // Rectangles are cut to the view before filling: bars millions of pixels tall are slow to rasterise.
    const QRectF visible(-10, header - 10, viewport()->width() + 20, viewport()->height() - header + 20);

    p.save();
    p.setClipRect(QRectF(0, header, viewport()->width(), viewport()->height() - header));

    // The cursor's row.
    if (!wholeRun_ && cursor >= 0 && cursor >= r0 - 1 && cursor <= r1 + 1) {
        const double y = toViewY(yOfRow(cursor));
        const double h = axis_ == Axis::EventPerRow ? rowHeight_ : std::max(6.0, fm.height());
        p.fillRect(QRectF(0, y - h / 2, viewport()->width(), h),
                   dark ? QColor(0x5d, 0x4a, 0x10) : QColor(0xff, 0xf5, 0x9d));
        p.fillRect(QRectF(0, y - h / 2, 4, h), QColor(0xf9, 0xa8, 0x25));
    }

    // The time column.
    p.setFont(small);
    p.setPen(pal.color(QPalette::PlaceholderText));
    if (axis_ == Axis::EventPerRow) {
        const int every = std::max(1, static_cast<int>(std::ceil(fmSmall.height() / rowHeight_)));
        for (int r = r0; r <= r1; ++r) {
            if (r % every != 0 && r != cursor)
                continue;
            if (hideFuture_ && r > cursor) // a later row's time would tell when (and that) something happens
                break;
            const double y = toViewY(yOfRow(r));
            p.setPen(r == cursor ? pal.color(QPalette::Text) : pal.color(QPalette::PlaceholderText));
            p.drawText(QRectF(4, y - fmSmall.height() / 2, kGutter - 12, fmSmall.height()),
                       Qt::AlignRight | Qt::AlignVCenter,
                       TraceModel::formatSeconds(t.events[static_cast<std::size_t>(r)].at));
        }
    } else {
        // Ticks at a round interval with about 60 px between them.
        const double want = 60.0 / pxPerSecond_;
        double step = std::pow(10.0, std::floor(std::log10(want)));
        for (double m : {1.0, 2.0, 5.0, 10.0})
            if (step * m >= want) {
                step *= m;
                break;
            }
        const double s0 = std::floor((visTop - rowHeight_ * 1.5) / pxPerSecond_ / step) * step;
        for (double s = std::max(0.0, s0); s * pxPerSecond_ + rowHeight_ * 1.5 <= visBottom; s += step) {
            const double y = toViewY(rowHeight_ * 1.5 + s * pxPerSecond_);
            p.setPen(pal.color(QPalette::Midlight));
            p.drawLine(QPointF(kGutter - 8, y), QPointF(viewport()->width(), y));
            p.setPen(pal.color(QPalette::PlaceholderText));
            p.drawText(QRectF(4, y - fmSmall.height() / 2, kGutter - 12, fmSmall.height()),
                       Qt::AlignRight | Qt::AlignVCenter, QString::number(s, 'f', step < 0.001 ? 6 : 3));
        }
    }

    // Lifelines, coloured by state; what has not happened yet is faded.
    const int hosts = static_cast<int>(t.hostNames.size());
    for (int h = 0; h < hosts; ++h) {
        const double x = hostX(h);
        if (t.isRouter(static_cast<std::uint16_t>(h))) {
            // A router runs no TCP: a plain grey lifeline, no state.
            p.fillRect(QRectF(x - 1.5, header, 3, viewport()->height() - header), QColor(0xb0, 0xbe, 0xc5));
            continue;
        }
        const auto& states = ix.hostStates[static_cast<std::size_t>(h)];
        // Runs of one state: [start, end) in rows; before the first change the host is CLOSED.
        auto drawRun = [&](int from, int to, TcpState s) {
            if (to < r0 - 1 || from > r1 + 1)
                return;
            const double ya = toViewY(yOfRow(std::max(from, r0 - 1)));
            const double yb = toViewY(yOfRow(std::min(to, r1 + 1)));
            auto drawPart = [&](double a, double b, bool future) {
                if (b <= a || (future && hideFuture_))
                    return;
                const double w = (s == TcpState::Closed ? 2.0 : 6.0) * lineScale_;
                p.fillRect(QRectF(x - w / 2, a, w, b - a).intersected(visible),
                           faded(stateLineColor(s), future));
            };
            const double yc = toViewY(yOfRow(cursor));
            drawPart(ya, std::min(yb, yc), false);
            drawPart(std::max(ya, yc), yb, true);
        };
        int start = -1;
        TcpState state = TcpState::Closed;
        const int last = controller_->eventCount();
        auto it = std::upper_bound(states.begin(), states.end(), r0,
                                   [](int r, const TraceIndex::HostState& s) { return r < s.row; });
        if (it != states.begin()) {
            start = (it - 1)->row;
            state = (it - 1)->state;
        }
        for (; it != states.end() && start <= r1 + 1; ++it) {
            drawRun(start, it->row, state);
            start = it->row;
            state = it->state;
        }
        drawRun(start, last, state);
    }

    // Timers: a bar beside the lifeline from arming to firing (solid end) or cancelling.
    {
        const auto& timers = ix.timers;
        auto it = std::lower_bound(timers.begin(), timers.end(), r0 - ix.maxTimerSpanRows - 1,
                                   [](const TraceIndex::TimerSpan& s, int r) { return s.startRow < r; });
        const int lastRow = controller_->eventCount() - 1;
        for (; it != timers.end() && it->startRow <= r1 + 1; ++it) {
            const int end = it->endRow >= 0 ? it->endRow : lastRow;
            if (end < r0 - 1)
                continue;
            const double x0 = hostX(it->host);
            const double side = x0 < viewport()->width() / 2.0 ? -1.0 : 1.0;
            const double x = x0 + side * (10.0 + 5.0 * static_cast<int>(it->kind));
            const double ya = toViewY(yOfRow(it->startRow));
            const double yb = toViewY(yOfRow(end));
            const bool future = it->startRow > cursor;
            if (future && hideFuture_)
                continue;
            const bool running = it->startRow <= cursor && (it->endRow < 0 || cursor < it->endRow);
            QColor c = it->kind == TimerKind::TimeWait ? QColor(0x8e, 0x24, 0xaa) : QColor(0x9e, 0x9d, 0x24);
            if (it->kind == TimerKind::Retransmission)
                c = QColor(0xef, 0x6c, 0x00);
            c.setAlpha(future ? 50 : (running ? 230 : 120));
            const bool endHidden = hideFuture_ && end > cursor;
            const double shownEnd = endHidden ? std::min(yb, toViewY(yOfRow(cursor))) : yb;
            p.fillRect(QRectF(x - 2, ya, 4, std::max(2.0, shownEnd - ya)).intersected(visible), c);
            if (it->fired && !endHidden) {
                p.setPen(QPen(c, 2));
                p.drawLine(QPointF(x - 5, yb), QPointF(x + 5, yb));
            }
            // Its name at the start, and the remaining time beside the cursor while it runs.
            p.setFont(small);
            if (rowHeight_ >= fmSmall.height() * 0.8 || axis_ == Axis::TimeProportional) {
                const QString name = timerShortName(it->kind);
                const double w = fmSmall.horizontalAdvance(name);
                p.setPen(faded(dark ? c.lighter(130) : c.darker(130), future));
                p.drawText(QPointF(side < 0 ? x - 6 - w : x + 6, ya + fmSmall.ascent() / 2), name);
            }
        }
    }

    // The IP layer's hops, under the segments.
    paintDatagrams(p, r0, r1, cursor);

    // Segments: from the first one that may reach into view.
    p.setFont(font());
    QFont boldFont = font();
    boldFont.setBold(true);
    const QFontMetricsF fmBold(boldFont);
    const std::uint32_t selected = controller_->selectedSegment();
    {
        const auto& segs = ix.segments;
        const int fromRow = r0 - ix.maxSegmentSpanRows - 1;
        // Segment indices grow with their send rows (duplicates start at their original's row).
        auto first =
            std::partition_point(segs.begin(), segs.end(), [fromRow](const TraceIndex::SegmentSpan& s) {
                return s.sendRow >= 0 && s.sendRow < fromRow;
            });
        for (auto it = first; it != segs.end(); ++it) {
            if (it->sendRow > r1 + 1)
                break;
            if (it->sendRow < 0)
                continue;
            const int endRow = it->endRow >= 0 ? it->endRow : controller_->eventCount() - 1;
            if (endRow < r0 - 1)
                continue;
            const auto seg = static_cast<std::uint32_t>(it - segs.begin());
            const std::optional<Arrow> a = arrowOf(seg);
            if (!a)
                continue;
            ++lastPainted_;
            const SegmentRecord& s = t.segments[seg];
            const bool future = it->sendRow > cursor;
            if (future && hideFuture_)
                continue;
            const QPointF from(a->from.x(), toViewY(a->from.y()));
            QPointF to(a->to.x(), toViewY(a->to.y()));
            // Quiz mode: a segment still on its way is drawn only as far as it has got.
            const bool endHidden = hideFuture_ && (it->endRow < 0 || it->endRow > cursor);
            if (endHidden) {
                const double span = std::max(1.0, to.y() - from.y());
                to = from + (to - from) * std::clamp((toViewY(yOfRow(cursor)) - from.y()) / span, 0.0, 1.0);
            }
            QColor c = dark ? pal.color(QPalette::Text) : QColor(0x37, 0x47, 0x4f);
            Qt::PenStyle style = Qt::SolidLine;
            if (s.flags & TcpFlag::RST)
                c = QColor(0xc6, 0x28, 0x28);
            else if (s.flags & (TcpFlag::SYN | TcpFlag::FIN))
                c = QColor(0x15, 0x65, 0xc0);
            if (s.retransmission) {
                c = QColor(0xe6, 0x51, 0x00);
                style = Qt::DashLine;
            }
            if (s.duplicate) {
                c = QColor(0x8e, 0x24, 0xaa);
                style = Qt::DotLine;
            }
            if (dark && c != pal.color(QPalette::Text))
                c = c.lighter(165);
            const bool isSelected = seg == selected;
            // One-pixel antialiased pens take the raster engine's fast line drawer; a wider pen is stroked
            // into a polygon and filled, which costs a millisecond or more per arrow. A heavier line is
            // therefore drawn as parallel one-pixel lines: two (about 1.6 px), four when selected.
            QPen pen(faded(c, future), 1.0, Qt::SolidLine, Qt::FlatCap);
            // The dashes of the wider line the strands stand for (Qt's patterns are in pen widths).
            const double weight = (isSelected ? 3.0 : 1.6) * lineScale_;
            if (style == Qt::DashLine)
                pen.setDashPattern({4 * weight, 2 * weight});
            else if (style == Qt::DotLine)
                pen.setDashPattern({1 * weight, 2 * weight});
            p.setPen(pen);
            const QLineF line(from, to);
            {
                // Only the part in view: a line of millions of pixels (a segment still in flight at the end
                // of a long run) is slow to rasterise, dashed ones most of all.
                const double top = -20;
                const double bottom = viewport()->height() + 20;
                const double dy = line.dy();
                const double f0 = dy > 0 ? std::clamp((top - from.y()) / dy, 0.0, 1.0) : 0.0;
                const double f1 = dy > 0 ? std::clamp((bottom - from.y()) / dy, 0.0, 1.0) : 1.0;
                if (f1 > f0) {
                    const QLineF part(line.pointAt(f0), line.pointAt(f1));
                    const double len = std::max(1e-9, line.length());
                    const QPointF normal(-line.dy() / len, line.dx() / len);
                    const int strands = static_cast<int>(std::lround((isSelected ? 4 : 2) * lineScale_));
                    for (int k = 0; k < strands; ++k)
                        p.drawLine(part.translated(normal * (0.7 * (k - (strands - 1) / 2.0))));
                }
            }
            if (endHidden) {
                // Where it ends is still to come.
            } else if (it->dropped || it->endRow < 0) {
                if (it->dropped) {
                    // ✗ where it was lost.
                    p.setPen(QPen(faded(QColor(0xd3, 0x2f, 0x2f), future), 2.6));
                    const double r = 6;
                    p.drawLine(to + QPointF(-r, -r), to + QPointF(r, r));
                    p.drawLine(to + QPointF(-r, r), to + QPointF(r, -r));
                }
            } else {
                // Arrowhead.
                const double angle = std::atan2(from.y() - to.y(), from.x() - to.x());
                const double len = 10;
                QPolygonF head;
                head << to << to + QPointF(len * std::cos(angle + 0.4), len * std::sin(angle + 0.4))
                     << to + QPointF(len * std::cos(angle - 0.4), len * std::sin(angle - 0.4));
                p.setPen(Qt::NoPen);
                p.setBrush(faded(c, future));
                p.drawPolygon(head);
                p.setBrush(Qt::NoBrush);
            }
            // In flight at the cursor: a dot on its way.
            if (!future && it->sendRow <= cursor && (it->endRow < 0 || cursor < it->endRow)) {
                const double span = std::max(1.0, line.dy());
                const double f = std::clamp((toViewY(yOfRow(cursor)) - from.y()) / span, 0.0, 1.0);
                const QPointF dot = line.pointAt(f);
                p.setPen(Qt::NoPen);
                p.setBrush(c);
                p.drawEllipse(dot, 5, 5);
                p.setBrush(Qt::NoBrush);
            }
            // The label, above the middle of the arrow, elided to the arrow's width.
            if (rowHeight_ >= fm.height() * 0.7 || axis_ == Axis::TimeProportional) {
                // Elided to the gap between the two lifelines, kept inside it.
                const double left = std::min(hostX(s.srcHost), hostX(s.dstHost)) + 6;
                const double right = std::max(hostX(s.srcHost), hostX(s.dstHost)) - 6;
                const QFontMetricsF& lfm = isSelected ? fmBold : fm;
                const CachedLabel& label = cachedLabel(seg, isSelected, std::max(60.0, right - left - 8));
                const double tw = label.width;
                const QPointF mid = line.pointAt(0.5);
                const double x = std::clamp(mid.x() - tw / 2 - 3, left, std::max(left, right - tw - 6));
                const QRectF box(x, mid.y() - lfm.height() - 1, tw + 6, lfm.height());
                p.setPen(Qt::NoPen);
                QColor labelBack = pal.color(QPalette::Base);
                labelBack.setAlpha(future ? 120 : 215);
                p.setBrush(labelBack);
                p.drawRoundedRect(box, 3, 3);
                p.setBrush(Qt::NoBrush);
                p.setFont(isSelected ? boldFont : font());
                p.setPen(faded(dark ? c : c.darker(115), future));
                p.drawStaticText(QPointF(box.left() + 3, box.top()), label.text);
                p.setFont(font());
            }
        }
    }

    // The state's name where it changes.
    p.setFont(small);
    for (int h = 0; h < hosts; ++h) {
        const auto& states = ix.hostStates[static_cast<std::size_t>(h)];
        auto it = std::lower_bound(states.begin(), states.end(), r0 - 1,
                                   [](const TraceIndex::HostState& s, int r) { return s.row < r; });
        for (; it != states.end() && it->row <= r1 + 1; ++it) {
            const bool future = it->row > cursor;
            if (future && hideFuture_)
                continue;
            const QString name = qs(stateName(it->state));
            const StateColors sc = stateColors(it->state);
            const double w = fmSmall.horizontalAdvance(name) + 12;
            const double y = toViewY(yOfRow(it->row));
            const QRectF pill(hostX(h) - w / 2, y - fmSmall.height() / 2 - 2, w, fmSmall.height() + 4);
            p.setPen(QPen(faded(stateLineColor(it->state), future), 1));
            p.setBrush(faded(sc.fill, future));
            p.drawRoundedRect(pill, pill.height() / 2, pill.height() / 2);
            p.setPen(faded(sc.text, future));
            p.drawText(pill, Qt::AlignCenter, name);
        }
    }
    p.setBrush(Qt::NoBrush);

    // Where the run of the edited lesson departs from the run before the edit (what-if).
    const int departure = controller_->departureRow();
    if (departure >= 0 && departure >= r0 - 1 && departure <= r1 + 1) {
        const double y = toViewY(yOfRow(departure)) -
                         (axis_ == Axis::EventPerRow ? rowHeight_ / 2 : std::max(3.0, fm.height() / 2));
        p.setPen(QPen(QColor(0xd3, 0x2f, 0x2f), 1.5, Qt::DashLine));
        p.drawLine(QPointF(0, y), QPointF(viewport()->width(), y));
        p.setFont(small);
        const QString label = tr("the new run departs here");
        const QRectF box(viewport()->width() - fmSmall.horizontalAdvance(label) - 10,
                         y - fmSmall.height() - 1, fmSmall.horizontalAdvance(label) + 6, fmSmall.height());
        QColor under = pal.color(QPalette::Base);
        under.setAlpha(220); // legible over the lifelines and timer bars it crosses
        p.fillRect(box, under);
        p.drawText(box, Qt::AlignCenter, label);
    }
    p.restore();

    // The header: host names and addresses.
    p.fillRect(QRect(0, 0, viewport()->width(), header), pal.color(QPalette::Window));
    p.setPen(pal.color(QPalette::Mid));
    p.drawLine(0, header - 1, viewport()->width(), header - 1);
    for (int h = 0; h < hosts; ++h) {
        const double x = hostX(h);
        QFont bold = font();
        bold.setBold(true);
        p.setFont(bold);
        const bool router = t.isRouter(static_cast<std::uint16_t>(h));
        p.setPen(router ? pal.color(QPalette::Text) : hostColor(h));
        p.drawText(QRectF(x - 120, 4, 240, fm.height()), Qt::AlignCenter, laneHeading(h));
        p.setFont(small);
        p.setPen(pal.color(QPalette::PlaceholderText));
        p.drawText(QRectF(x - 140, 6 + fm.height(), 280, fmSmall.height()), Qt::AlignCenter,
                   laneSubheading(h, cursor));
        if (router)
            continue;
        // Its running timers with their remaining time (their bars are beside the lifeline).
        QStringList running;
        QColor timerColor = QColor(0xe6, 0x51, 0x00);
        if (cursor >= 0) {
            const Instant at = t.events[static_cast<std::size_t>(cursor)].at;
            auto it = std::lower_bound(ix.timers.begin(), ix.timers.end(), cursor - ix.maxTimerSpanRows - 1,
                                       [](const TraceIndex::TimerSpan& s, int r) { return s.startRow < r; });
            for (; it != ix.timers.end() && it->startRow <= cursor; ++it)
                if (it->host == h && (it->endRow < 0 || cursor < it->endRow)) {
                    running << tr("%1 %2 s left")
                                   .arg(timerShortName(it->kind))
                                   .arg(seconds(it->deadline) - seconds(at), 0, 'f', 3);
                    if (it->kind == TimerKind::TimeWait)
                        timerColor = QColor(0x8e, 0x24, 0xaa);
                }
        }
        if (!running.isEmpty()) {
            // A pile of connections (twenty in TIME-WAIT) would make a line wider than the lane: the first
            // timer and how many more, kept inside the view.
            QString text = running.size() > 2 ? running.first() + QStringLiteral(" · ") +
                                                    tr("%1 more").arg(running.size() - 1)
                                              : running.join(QStringLiteral(" · "));
            const double width = std::min(400.0, 2.0 * (x - 4.0));
            text = fmSmall.elidedText(text, Qt::ElideRight, static_cast<int>(width));
            p.setPen(timerColor);
            p.drawText(QRectF(x - width / 2, 8 + fm.height() + fmSmall.height(), width, fmSmall.height()),
                       Qt::AlignCenter, text);
        }
    }
    p.setFont(small);
    p.setPen(pal.color(QPalette::PlaceholderText));
    p.drawText(QRectF(4, 4, kGutter - 12, header - 8), Qt::AlignRight | Qt::AlignVCenter, tr("time (s)"));
}

void LadderView::resizeEvent(QResizeEvent* event) {
    QAbstractScrollArea::resizeEvent(event);
    updateScrollBars();
}

void LadderView::wheelEvent(QWheelEvent* event) {
    if (event->modifiers() & Qt::ControlModifier) {
        const double steps = event->angleDelta().y() / 120.0;
        zoomBy(std::pow(1.2, steps));
        event->accept();
        return;
    }
    QAbstractScrollArea::wheelEvent(event);
}

std::optional<std::uint32_t> LadderView::segmentAt(QPoint pos) const {
    const TraceIndex& ix = controller_->index();
    const double y = pos.y() - headerHeight() + verticalScrollBar()->value();
    const int row = rowAtY(y);
    std::optional<std::uint32_t> best;
    double bestDist = 6.0;
    const int fromRow = row - ix.maxSegmentSpanRows - 2;
    auto first = std::partition_point(
        ix.segments.begin(), ix.segments.end(),
        [fromRow](const TraceIndex::SegmentSpan& s) { return s.sendRow >= 0 && s.sendRow < fromRow; });
    for (auto it = first; it != ix.segments.end() && it->sendRow <= row + 2; ++it) {
        const auto seg = static_cast<std::uint32_t>(it - ix.segments.begin());
        const auto a = arrowOf(seg);
        if (!a)
            continue;
        const QPointF p0(a->from.x(), toViewY(a->from.y()));
        const QPointF p1(a->to.x(), toViewY(a->to.y()));
        const QPointF d = p1 - p0;
        const double len2 = QPointF::dotProduct(d, d);
        const double f =
            len2 > 0 ? std::clamp(QPointF::dotProduct(QPointF(pos) - p0, d) / len2, 0.0, 1.0) : 0.0;
        const QPointF q = p0 + f * d;
        const double dist = std::hypot(pos.x() - q.x(), pos.y() - q.y());
        if (dist < bestDist) {
            bestDist = dist;
            best = seg;
        }
    }
    return best;
}

double LadderView::segmentDistance(std::uint32_t segment, QPoint pos) const {
    const auto a = arrowOf(segment);
    if (!a)
        return 1e9;
    const QPointF p0(a->from.x(), toViewY(a->from.y()));
    const QPointF p1(a->to.x(), toViewY(a->to.y()));
    const QPointF d = p1 - p0;
    const double len2 = QPointF::dotProduct(d, d);
    const double f = len2 > 0 ? std::clamp(QPointF::dotProduct(QPointF(pos) - p0, d) / len2, 0.0, 1.0) : 0.0;
    const QPointF q = p0 + f * d;
    return std::hypot(pos.x() - q.x(), pos.y() - q.y());
}

void LadderView::mousePressEvent(QMouseEvent* event) {
    if (event->button() == Qt::LeftButton) {
        pressPos_ = event->position().toPoint();
        pressScroll_ = verticalScrollBar()->value();
        dragging_ = false;
    }
    QAbstractScrollArea::mousePressEvent(event);
}

void LadderView::mouseMoveEvent(QMouseEvent* event) {
    if (event->buttons() & Qt::LeftButton) {
        const QPoint d = event->position().toPoint() - pressPos_;
        if (dragging_ || d.manhattanLength() > 4) {
            dragging_ = true;
            viewport()->setCursor(Qt::ClosedHandCursor);
            verticalScrollBar()->setValue(pressScroll_ - d.y());
        }
    }
}

void LadderView::mouseReleaseEvent(QMouseEvent* event) {
    if (event->button() == Qt::LeftButton) {
        viewport()->unsetCursor();
        if (!dragging_) {
            const QPoint pos = event->position().toPoint();
            if (pos.y() > headerHeight()) {
                double dgDist = 6.0;
                const auto dg = datagramAt(pos, &dgDist);
                const auto seg = segmentAt(pos);
                // The nearer of a segment's arrow and a hop's; on a tie the segment.
                if (dg && (!seg || dgDist < segmentDistance(*seg, pos))) {
                    controller_->selectDatagram(*dg);
                } else if (seg) {
                    controller_->selectSegment(*seg);
                } else {
                    const double y = pos.y() - headerHeight() + verticalScrollBar()->value();
                    // One event per row: the row whose band holds y. On the time axis rows are points in
                    // time: the nearest one at or above half a row below the click.
                    const int row = axis_ == Axis::EventPerRow ? rowAtY(y) : rowAtY(y + rowHeight_ / 2);
                    controller_->setCursor(row);
                }
            }
        }
        dragging_ = false;
    }
}

bool LadderView::viewportEvent(QEvent* event) {
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        double dgDist = 6.0;
        const auto dg = datagramAt(help->pos(), &dgDist);
        const auto seg = segmentAt(help->pos());
        if (dg && (!seg || dgDist < segmentDistance(*seg, help->pos()))) {
            QToolTip::showText(help->globalPos(), datagramLabel(*dg), viewport());
            return true;
        }
        if (seg) {
            QToolTip::showText(help->globalPos(), segmentLabel(*seg), viewport());
            return true;
        }
        QToolTip::hideText();
        return true;
    }
    return QAbstractScrollArea::viewportEvent(event);
}

std::optional<QPoint> LadderView::segmentViewPoint(std::uint32_t segment) const {
    const auto a = arrowOf(segment);
    if (!a)
        return std::nullopt;
    const QPointF mid = (a->from + a->to) / 2;
    return QPointF(mid.x(), toViewY(mid.y())).toPoint();
}

QPoint LadderView::laneViewPoint(int host, int row) const {
    return QPointF(hostX(host), toViewY(yOfRow(row))).toPoint();
}

void LadderView::contextMenuEvent(QContextMenuEvent* event) {
    // From the viewport (a right click): viewport coordinates; from the menu key: the scroll area's.
    const QPoint pos =
        event->reason() == QContextMenuEvent::Mouse ? event->pos() : viewport()->mapFrom(this, event->pos());
    if (pos.y() <= headerHeight() || controller_->eventCount() == 0)
        return;
    // The nearer of a segment's arrow and a hop's, as a left click picks them.
    double dgDist = 6.0;
    const auto dg = datagramAt(pos, &dgDist);
    const auto seg = segmentAt(pos);
    if (dg && (!seg || dgDist < segmentDistance(*seg, pos))) {
        Q_EMIT datagramContextMenuRequested(*dg, event->globalPos());
        return;
    }
    if (seg) {
        Q_EMIT segmentContextMenuRequested(*seg, event->globalPos());
        return;
    }
    const int hosts = static_cast<int>(controller_->trace().hostNames.size());
    for (int h = 0; h < hosts; ++h)
        if (std::abs(pos.x() - hostX(h)) <= 24) {
            const double y = pos.y() - headerHeight() + verticalScrollBar()->value();
            Q_EMIT laneContextMenuRequested(h, rowAtY(y), event->globalPos()); // the row whose band holds y
            return;
        }
}

void LadderView::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange || event->type() == QEvent::FontChange) {
        labels_.clear();
        viewport()->update();
    }
    QAbstractScrollArea::changeEvent(event);
}

} // namespace tcplab::ui
