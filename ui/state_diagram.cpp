#include "state_diagram.h"

#include <QEvent>
#include <QHelpEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>

#include <algorithm>
#include <cmath>

#include "colors.h"
#include "player_controller.h"

namespace tcplab::ui {

namespace {

constexpr double kWidth = 1000;
constexpr double kHeight = 720;

bool isMinor(const TransitionRule& r) {
    if (r.to != TcpState::Closed)
        return r.trigger == TcpTrigger::RcvRst || r.trigger == TcpTrigger::RetransmitLimit;
    switch (r.trigger) {
    case TcpTrigger::UserAbort:
    case TcpTrigger::RcvRst:
    case TcpTrigger::RetransmitLimit:
    case TcpTrigger::KeepaliveLimit:
    case TcpTrigger::RcvData:
    case TcpTrigger::FinWait2Timeout:
        return true;
    default:
        return false;
    }
}

// Into the CLOSED at the bottom (the RFC's "delete TCB" after an orderly close).
bool toBottomClosed(const TransitionRule& r) {
    return r.to == TcpState::Closed && (r.id == "TW-1" || r.id == "LA-1" || r.id == "F2-3");
}

// Where the line from `center` towards `towards` leaves the rectangle of half-size (hw, hh) around center.
QPointF clipToBox(QPointF center, double hw, double hh, QPointF towards) {
    const QPointF d = towards - center;
    if (d.isNull())
        return center;
    const double sx = d.x() != 0 ? hw / std::abs(d.x()) : 1e9;
    const double sy = d.y() != 0 ? hh / std::abs(d.y()) : 1e9;
    const double s = std::min({sx, sy, 1.0});
    return center + d * s;
}

} // namespace

StateDiagram::StateDiagram(PlayerController* controller, QWidget* parent)
    : QWidget(parent), controller_(controller) {
    setObjectName(QStringLiteral("stateDiagram"));
    setAttribute(Qt::WA_OpaquePaintEvent);
    build();
    anim_.setStartValue(0.0);
    anim_.setEndValue(1.0);
    anim_.setDuration(700);
    anim_.setEasingCurve(QEasingCurve::InOutCubic);
    connect(&anim_, &QVariantAnimation::valueChanged, this, [this](const QVariant& v) {
        progress_ = v.toDouble();
        update();
    });
    connect(controller_, &PlayerController::lessonLoaded, this, qOverload<>(&QWidget::update));
    connect(controller_, &PlayerController::followedChanged, this, qOverload<>(&QWidget::update));
    connect(controller_, &PlayerController::cursorChanged, this, [this](int cursor, int previous) {
        const std::optional<TraceEvent> ev = controller_->currentEvent();
        if (ev && ev->kind == TraceKind::StateChange && cursor == previous + 1) {
            progress_ = 0;
            anim_.stop();
            anim_.start();
        } else {
            anim_.stop();
            progress_ = 1.0;
        }
        update();
    });
}

void StateDiagram::build() {
    using S = TcpState;
    nodes_ = {
        {S::Closed, {500, 40}, false},       {S::Listen, {500, 150}, false},
        {S::SynReceived, {170, 255}, false}, {S::SynSent, {830, 255}, false},
        {S::Established, {500, 355}, false}, {S::FinWait1, {170, 460}, false},
        {S::CloseWait, {830, 460}, false},   {S::FinWait2, {170, 580}, false},
        {S::Closing, {500, 540}, false},     {S::LastAck, {830, 580}, false},
        {S::TimeWait, {400, 676}, false},    {S::Closed, {830, 676}, true},
    };
    edges_.clear();
    for (const TransitionRule& r : transitionTable()) {
        const int from = nodeFor(r.from, false);
        const int to = nodeFor(r.to, toBottomClosed(r));
        const bool minor = isMinor(r);
        auto it = std::find_if(edges_.begin(), edges_.end(), [&](const Edge& e) {
            return e.from == from && e.to == to && e.minor == minor;
        });
        if (it == edges_.end())
            edges_.push_back({from, to, {&r}, minor, 0});
        else
            it->rules.push_back(&r);
    }
    // Edges between the same two nodes bend apart.
    for (std::size_t i = 0; i < edges_.size(); ++i) {
        int same = 0;
        for (std::size_t j = 0; j < i; ++j)
            if ((edges_[j].from == edges_[i].from && edges_[j].to == edges_[i].to) ||
                (edges_[j].from == edges_[i].to && edges_[j].to == edges_[i].from))
                ++same;
        edges_[i].bend = same == 0 ? 0 : (same % 2 ? 34.0 : -34.0) * ((same + 1) / 2);
        // A few long edges read better curved round the middle.
        const Node& a = nodes_[static_cast<std::size_t>(edges_[i].from)];
        const Node& b = nodes_[static_cast<std::size_t>(edges_[i].to)];
        if (edges_[i].minor && b.state == TcpState::Closed)
            edges_[i].bend += (a.center.x() < 500 ? 60 : a.center.x() > 500 ? -60 : 0);
    }
}

int StateDiagram::nodeFor(TcpState s, bool bottom) const {
    for (std::size_t i = 0; i < nodes_.size(); ++i)
        if (nodes_[i].state == s && nodes_[i].bottom == bottom)
            return static_cast<int>(i);
    return 0;
}

int StateDiagram::edgeFor(const TransitionRule* rule) const {
    for (std::size_t i = 0; i < edges_.size(); ++i)
        if (std::find(edges_[i].rules.begin(), edges_[i].rules.end(), rule) != edges_[i].rules.end())
            return static_cast<int>(i);
    return -1;
}

int StateDiagram::legendHeight() const {
    return 2 * fontMetrics().height() + 8;
}

QTransform StateDiagram::logicalToWidget() const {
    const double margin = 8;
    const double top = legendHeight();
    const double sx = (width() - 2 * margin) / kWidth;
    const double sy = (height() - top - 2 * margin) / kHeight;
    const double s = std::max(0.05, std::min(sx, sy));
    const double ox = (width() - kWidth * s) / 2;
    const double oy = top + (height() - top - kHeight * s) / 2;
    return QTransform(s, 0, 0, s, ox, oy);
}

QRectF StateDiagram::nodeRect(int node) const {
    const QPointF c = nodes_[static_cast<std::size_t>(node)].center;
    return {c.x() - nodeW_ / 2, c.y() - nodeH_ / 2, nodeW_, nodeH_};
}

QPainterPath StateDiagram::edgePath(const Edge& e) const {
    const QPointF a = nodes_[static_cast<std::size_t>(e.from)].center;
    const QPointF b = nodes_[static_cast<std::size_t>(e.to)].center;
    const QPointF mid = (a + b) / 2;
    QPointF normal(-(b - a).y(), (b - a).x());
    const double len = std::hypot(normal.x(), normal.y());
    if (len > 0)
        normal /= len;
    const QPointF ctrl = mid + normal * e.bend;
    const QPointF start = clipToBox(a, nodeW_ / 2 + 2, nodeH_ / 2 + 2, ctrl);
    const QPointF end = clipToBox(b, nodeW_ / 2 + 4, nodeH_ / 2 + 4, ctrl);
    QPainterPath path(start);
    path.quadTo(ctrl, end);
    return path;
}

std::vector<StateDiagram::EndView> StateDiagram::ends() const {
    std::vector<EndView> out;
    const auto& convs = controller_->conversations();
    if (convs.empty())
        return out;
    const Conversation& conv = convs[static_cast<std::size_t>(
        std::clamp(controller_->followed(), 0, static_cast<int>(convs.size()) - 1))];
    const int cursor = controller_->cursor();
    const TraceIndex& ix = controller_->index();
    const Trace& t = controller_->trace();
    for (int i = 0; i < conv.endCount; ++i) {
        const FollowedEnd& e = conv.ends[i];
        EndView v;
        v.host = e.host;
        // The connection once it has changed state; before that the listener it came from.
        int row = ix.lastChangeRow(e.conn, cursor);
        std::uint32_t conn = e.conn;
        if (row < 0 && e.listener != kNone) {
            row = ix.lastChangeRow(e.listener, cursor);
            conn = e.listener;
        }
        if (row >= 0) {
            const TraceEvent& ev = t.events[static_cast<std::size_t>(row)];
            v.state = ix.connStateAt(conn, cursor);
            v.lastRule = ev.rule();
            v.justTaken = row == cursor;
        }
        out.push_back(v);
    }
    return out;
}

std::vector<TcpState> StateDiagram::highlightedStates() const {
    std::vector<TcpState> states;
    for (const EndView& e : ends())
        states.push_back(e.state);
    return states;
}

void StateDiagram::setLineScale(double scale) {
    lineScale_ = std::clamp(scale, 0.5, 4.0);
    update();
}

void StateDiagram::paintEvent(QPaintEvent* /*event*/) {
    QPainter p(this);
    const bool dark = isDarkPalette(palette());
    QColor base = palette().color(QPalette::Base);
    auto translucentBase = [&](int alpha) {
        QColor c = base;
        c.setAlpha(alpha);
        return c;
    };
    p.fillRect(rect(), palette().color(QPalette::Base));
    if (width() < 80 || height() < legendHeight() + 60)
        return;
    p.setRenderHint(QPainter::Antialiasing);
    p.setTransform(logicalToWidget());
    const double scale = logicalToWidget().m11();
    const double lw = lineScale_; // presentation mode: thicker lines
    // Fonts in logical units chosen so that they have a fixed size on screen.
    const double basePt = font().pointSizeF() > 0 ? font().pointSizeF() : 9.0;
    QFont nodeFont = font();
    nodeFont.setBold(true);
    {
        const QFontMetricsF screen(nodeFont);
        auto* self = const_cast<StateDiagram*>(this);
        self->nodeW_ = (screen.horizontalAdvance(QStringLiteral("SYN-RECEIVED")) + 20) / scale;
        self->nodeH_ = (screen.height() + 12) / scale;
    }
    // Large fonts (presentation mode) in a small diagram: the text shrinks so that the states do not overlap.
    double fit = 1.0;
    if (const double maxW = kWidth / 3.0; nodeW_ > maxW) {
        fit = maxW / nodeW_;
        const_cast<StateDiagram*>(this)->nodeW_ = maxW;
        const_cast<StateDiagram*>(this)->nodeH_ *= fit;
    }
    nodeFont.setPointSizeF(basePt * fit / scale);
    QFont labelFont = font();
    labelFont.setPointSizeF(basePt * 0.85 * fit / scale);
    QFont hiFont = font();
    hiFont.setPointSizeF(basePt * fit / scale);
    hiFont.setBold(true);
    // Every edge's label only when there is room for them; the taken edges' labels always.
    const bool allLabels = scale >= 0.62;

    const std::vector<EndView> endViews = ends();
    std::vector<std::pair<int, const EndView*>> takenEdges; // edge, by which end
    for (const EndView& e : endViews)
        if (e.lastRule)
            takenEdges.emplace_back(edgeFor(e.lastRule), &e);

    // Edges, minor first.
    p.setFont(labelFont);
    const QFontMetricsF lfm(labelFont);
    for (int pass = 0; pass < 2; ++pass) {
        for (std::size_t i = 0; i < edges_.size(); ++i) {
            const Edge& e = edges_[i];
            if (e.minor != (pass == 0))
                continue;
            const QPainterPath path = edgePath(e);
            QColor c = e.minor ? QColor(0xb0, 0xbe, 0xc5) : QColor(0x78, 0x90, 0x9c);
            p.setPen(QPen(c, (e.minor ? 0.8 : 1.2) * lw / scale, e.minor ? Qt::DashLine : Qt::SolidLine));
            p.setBrush(Qt::NoBrush);
            p.drawPath(path);
            // Arrowhead.
            const QPointF tip = path.pointAtPercent(1.0);
            const double angle = path.angleAtPercent(0.98) * M_PI / 180.0;
            if (path.length() < 1.0 || !std::isfinite(angle) || !std::isfinite(tip.x()) ||
                !std::isfinite(tip.y()))
                continue;
            const QPointF back(-std::cos(angle), std::sin(angle));
            const QPointF side(-back.y(), back.x());
            QPolygonF head;
            head << tip << tip + back * (8 * lw / scale) + side * (3.5 * lw / scale)
                 << tip + back * (8 * lw / scale) - side * (3.5 * lw / scale);
            p.setPen(Qt::NoPen);
            p.setBrush(c);
            p.drawPolygon(head);
            if (!e.minor && allLabels) {
                QStringList labels;
                for (const TransitionRule* r : e.rules)
                    if (!labels.contains(qs(r->label)))
                        labels << qs(r->label);
                QString text = labels.first();
                if (labels.size() > 1)
                    text += QStringLiteral(" (+%1)").arg(labels.size() - 1);
                const QPointF mid = path.pointAtPercent(0.5);
                const double w = lfm.horizontalAdvance(text) + 8;
                const QRectF box(mid.x() - w / 2, mid.y() - lfm.height() / 2, w, lfm.height());
                p.setBrush(translucentBase(225));
                p.drawRect(box);
                p.setPen(dark ? QColor(0xb0, 0xbe, 0xc5) : QColor(0x54, 0x6e, 0x7a));
                p.drawText(box, Qt::AlignCenter, text);
            }
        }
    }

    // The edges just taken, in the colours of the ends that took them.
    for (const auto& [edge, end] : takenEdges) {
        if (edge < 0)
            continue;
        const QPainterPath path = edgePath(edges_[static_cast<std::size_t>(edge)]);
        const QColor c = hostColor(end->host);
        p.setPen(QPen(c, (end->justTaken ? 3.5 : 2.5) * lw / scale, Qt::SolidLine, Qt::RoundCap));
        p.setBrush(Qt::NoBrush);
        p.drawPath(path);
        if (end->justTaken && progress_ < 1.0) {
            p.setPen(Qt::NoPen);
            p.setBrush(c);
            p.drawEllipse(path.pointAtPercent(progress_), 6 / scale, 6 / scale);
        }
    }
    // The states.
    p.setFont(nodeFont);
    for (std::size_t i = 0; i < nodes_.size(); ++i) {
        const Node& n = nodes_[i];
        const QRectF r = nodeRect(static_cast<int>(i));
        std::vector<const EndView*> here;
        for (const EndView& e : endViews) {
            const bool bottomClosed = e.lastRule && toBottomClosed(*e.lastRule);
            if (e.state == n.state && (n.state != TcpState::Closed || n.bottom == bottomClosed))
                here.push_back(&e);
        }
        const StateColors sc = stateColors(n.state);
        if (here.empty()) {
            p.setPen(QPen(QColor(0xb0, 0xbe, 0xc5), 1.5 * lw / scale));
            p.setBrush(dark ? base.lighter(140) : QColor(0xfa, 0xfa, 0xfa));
        } else {
            p.setPen(QPen(hostColor(here.front()->host), 2.5 * lw / scale));
            p.setBrush(sc.fill);
        }
        p.drawRoundedRect(r, 6 / scale, 6 / scale);
        p.setPen(here.empty() ? QColor(0x78, 0x90, 0x9c) : sc.text);
        p.drawText(r, Qt::AlignCenter, qs(stateName(n.state)));
        // The markers: one disc per end, with the host's initial.
        const double rad = nodeH_ * 0.36;
        double x = r.right() - rad * 0.3;
        for (const EndView* e : here) {
            const QPointF c(x, r.top());
            p.setPen(QPen(Qt::white, 2 / scale));
            p.setBrush(hostColor(e->host));
            p.drawEllipse(c, rad, rad);
            p.setPen(Qt::white);
            const QString name =
                QString::fromStdString(controller_->trace().hostNames[static_cast<std::size_t>(e->host)]);
            p.drawText(QRectF(c.x() - rad, c.y() - rad, 2 * rad, 2 * rad), Qt::AlignCenter,
                       name.left(1).toUpper());
            x -= 2.2 * rad;
        }
    }
    // The taken edges' labels, on top of everything else.
    p.setFont(hiFont);
    const QFontMetricsF hfm(hiFont);
    std::vector<QRectF> placed;
    for (const auto& [edge, end] : takenEdges) {
        if (edge < 0)
            continue;
        const QPainterPath path = edgePath(edges_[static_cast<std::size_t>(edge)]);
        const QString text = QStringLiteral("%1 — %2").arg(qs(end->lastRule->label), qs(end->lastRule->id));
        const QPointF mid = path.pointAtPercent(0.5);
        const double w = hfm.horizontalAdvance(text) + 12 / scale;
        QRectF box(mid.x() - w / 2, mid.y() - hfm.height() / 2 - 2 / scale, w, hfm.height() + 4 / scale);
        box.moveLeft(std::clamp(box.left(), 2.0, kWidth - box.width() - 2));
        bool fits = true;
        for (const QRectF& r : placed)
            fits = fits && !r.intersects(box);
        for (std::size_t n = 0; n < nodes_.size(); ++n)
            fits = fits && !nodeRect(static_cast<int>(n)).intersects(box);
        if (!fits)
            continue; // the legend above the diagram names it
        placed.push_back(box);
        const QColor c = hostColor(end->host);
        p.setPen(QPen(c, 1.5 * lw / scale));
        p.setBrush(translucentBase(240));
        p.drawRoundedRect(box, 4 / scale, 4 / scale);
        p.setPen(dark ? c.lighter(140) : c.darker(130));
        p.drawText(box, Qt::AlignCenter, text);
    }

    // The legend: each end's colour, its state and the edge it took last.
    p.resetTransform();
    QFont legendFont = font();
    const QFontMetricsF lf(legendFont);
    double y = 4;
    for (const EndView& e : endViews) {
        const QColor c = hostColor(e.host);
        p.setPen(Qt::NoPen);
        p.setBrush(c);
        p.drawEllipse(QPointF(10, y + lf.height() / 2), 5, 5);
        QString text = QStringLiteral("%1: %2").arg(
            QString::fromStdString(controller_->trace().hostNames[static_cast<std::size_t>(e.host)]),
            qs(stateName(e.state)));
        if (e.lastRule)
            text += QStringLiteral("   ← %1 (%2, RFC 9293 §%3)")
                        .arg(qs(e.lastRule->label), qs(e.lastRule->id), qs(e.lastRule->rfcSection));
        legendFont.setBold(e.justTaken);
        p.setFont(legendFont);
        p.setPen(e.justTaken ? (dark ? c.lighter(140) : c.darker(130)) : palette().color(QPalette::Text));
        p.drawText(QRectF(20, y, width() - 24, lf.height()), Qt::AlignLeft | Qt::AlignVCenter,
                   QFontMetricsF(legendFont).elidedText(text, Qt::ElideRight, width() - 24));
        y += lf.height() + 2;
    }
}

bool StateDiagram::event(QEvent* event) {
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const QPointF pos = logicalToWidget().inverted().map(QPointF(help->pos()));
        for (std::size_t i = 0; i < edges_.size(); ++i) {
            const QPainterPath path = edgePath(edges_[i]);
            QPainterPathStroker stroker;
            stroker.setWidth(12);
            if (stroker.createStroke(path).contains(pos)) {
                QStringList lines;
                for (const TransitionRule* r : edges_[i].rules)
                    lines << QStringLiteral("%1: %2 (RFC 9293 §%3)")
                                 .arg(qs(r->id), qs(r->label), qs(r->rfcSection));
                QToolTip::showText(help->globalPos(), lines.join(QLatin1Char('\n')), this);
                return true;
            }
        }
        QToolTip::hideText();
        return true;
    }
    return QWidget::event(event);
}

} // namespace tcplab::ui
