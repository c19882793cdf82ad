#include "inspectors.h"

#include <QComboBox>
#include <QEvent>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMouseEvent>
#include <QPainter>
#include <QSignalBlocker>
#include <QSplitter>
#include <QTableView>
#include <QTextBrowser>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>

#include "colors.h"
#include "i18n.h"
#include "io/ladder.h"
#include "narration.h"
#include "player_controller.h"
#include "trace_model.h"

namespace tcplab::ui {

namespace {

constexpr int kFieldRole = Qt::UserRole + 10;

QFont fixedFont() {
    return QFontDatabase::systemFont(QFontDatabase::FixedFont);
}

} // namespace

// ---- HexView ----

HexView::HexView(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("hexView"));
    setFont(fixedFont());
    setBackgroundRole(QPalette::Base);
    setAutoFillBackground(true);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
}

void HexView::setBytes(const QByteArray& bytes) {
    bytes_ = bytes;
    hiOffset_ = -1;
    hiLength_ = 0;
    updateGeometry();
    update();
}

void HexView::setHighlight(int offset, int length) {
    hiOffset_ = offset;
    hiLength_ = length;
    update();
}

QSize HexView::sizeHint() const {
    const QFontMetrics fm(font());
    const int rows = std::max<int>(1, static_cast<int>((bytes_.size() + 15) / 16));
    return {fm.horizontalAdvance(QLatin1Char('0')) * 72 + 16, rows * (fm.height() + 2) + 10};
}

QSize HexView::minimumSizeHint() const {
    return sizeHint();
}

int HexView::byteAt(QPoint pos) const {
    const QFontMetrics fm(font());
    const int cw = fm.horizontalAdvance(QLatin1Char('0'));
    const int row = (pos.y() - 5) / (fm.height() + 2);
    const int x = pos.x() - 8;
    int col = -1;
    if (x >= 6 * cw && x < 6 * cw + 16 * 3 * cw + cw) {
        int c = x - 6 * cw;
        if (c >= 8 * 3 * cw)
            c -= cw; // the gap after the eighth byte
        col = c / (3 * cw);
    } else if (x >= 57 * cw && x < 73 * cw) {
        col = (x - 57 * cw) / cw;
    }
    if (row < 0 || col < 0 || col > 15)
        return -1;
    const int i = row * 16 + col;
    return i < bytes_.size() ? i : -1;
}

void HexView::paintEvent(QPaintEvent* /*event*/) {
    QPainter p(this);
    const QFontMetrics fm(font());
    const int cw = fm.horizontalAdvance(QLatin1Char('0'));
    const int lh = fm.height() + 2;
    const QColor hi(0xff, 0xe0, 0x82);
    for (int i = 0; i < bytes_.size(); ++i) {
        const int row = i / 16;
        const int col = i % 16;
        const int y = 5 + row * lh;
        if (col == 0) {
            p.setPen(palette().color(QPalette::PlaceholderText));
            p.drawText(8, y + fm.ascent(), QStringLiteral("%1").arg(i, 4, 16, QLatin1Char('0')));
        }
        const int hx = 8 + 6 * cw + col * 3 * cw + (col >= 8 ? cw : 0);
        const int ax = 8 + 57 * cw + col * cw;
        const bool lit = i >= hiOffset_ && i < hiOffset_ + hiLength_;
        if (lit) {
            const bool nextLit = i + 1 < hiOffset_ + hiLength_ && col < 15;
            p.fillRect(
                QRect(hx - cw / 2, y, (nextLit ? 3 : 2) * cw + (nextLit && col == 7 ? cw : 0) + cw / 2, lh),
                hi);
            p.fillRect(QRect(ax, y, cw, lh), hi);
        }
        const auto b = static_cast<std::uint8_t>(bytes_[i]);
        p.setPen(palette().color(QPalette::Text));
        p.drawText(hx, y + fm.ascent(), QStringLiteral("%1").arg(b, 2, 16, QLatin1Char('0')));
        const QChar c = b >= 0x20 && b < 0x7f ? QChar(b) : QLatin1Char('.');
        p.setPen(palette().color(b >= 0x20 && b < 0x7f ? QPalette::Text : QPalette::PlaceholderText));
        p.drawText(ax, y + fm.ascent(), QString(c));
    }
}

void HexView::mousePressEvent(QMouseEvent* event) {
    const int i = byteAt(event->position().toPoint());
    if (i >= 0)
        Q_EMIT byteClicked(i);
}

// ---- SegmentInspector ----

SegmentInspector::SegmentInspector(PlayerController* controller, QWidget* parent)
    : QWidget(parent), controller_(controller) {
    setObjectName(QStringLiteral("segmentInspector"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    title_ = new QLabel(this);
    title_->setObjectName(QStringLiteral("segmentTitle"));
    title_->setWordWrap(true);
    layout->addWidget(title_);
    tree_ = new QTreeWidget(this);
    tree_->setObjectName(QStringLiteral("segmentFields"));
    tree_->setColumnCount(2);
    tree_->setUniformRowHeights(true);
    tree_->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    layout->addWidget(tree_, 1);
    hex_ = new HexView(this);
    layout->addWidget(hex_);
    connect(tree_, &QTreeWidget::currentItemChanged, this, &SegmentInspector::fieldSelected);
    connect(hex_, &HexView::byteClicked, this, &SegmentInspector::selectByte);
    connect(controller_, &PlayerController::selectedSegmentChanged, this, &SegmentInspector::refresh);
    connect(controller_, &PlayerController::selectedDatagramChanged, this, &SegmentInspector::refresh);
    connect(controller_, &PlayerController::lessonLoaded, this, &SegmentInspector::refresh);
    refresh();
}

void SegmentInspector::refresh() {
    tree_->setHeaderLabels({tr("Field"), tr("Value")});
    const QSignalBlocker blocker(tree_);
    const Trace& t = controller_->trace();
    const std::uint32_t seg = controller_->selectedSegment();
    if (seg >= t.segments.size() && controller_->selectedDatagram() >= t.datagrams.size()) {
        tree_->clear();
        items_.clear();
        title_->setText(tr("No segment selected: step to a segment, or click an arrow in the ladder."));
        packet_ = {};
        hex_->setBytes({});
        return;
    }
    const std::optional<SegmentRecord> s =
        seg < t.segments.size() ? std::optional(t.segments[seg]) : std::nullopt;
    std::int64_t relSeq = -1;
    std::int64_t relAck = -1;
    const std::vector<RelativeBases>& all = controller_->relativeBases();
    if (s && seg < all.size()) {
        if (all[seg].seq)
            relSeq = static_cast<std::uint32_t>(s->seq.value() - all[seg].seq->value());
        if (all[seg].ack)
            relAck = static_cast<std::uint32_t>(s->ack.value() - all[seg].ack->value());
    }
    auto nodeName = [&t](std::uint16_t h) {
        return h < t.hostNames.size() ? QString::fromStdString(t.hostNames[h]).toHtmlEscaped() : QString();
    };
    if (const std::uint32_t dg = controller_->selectedDatagram(); dg < t.datagrams.size()) {
        // One hop of a datagram: its IPv4 header as that hop carried it.
        const DatagramRecord& d = t.datagrams[dg];
        packet_ = buildDatagramPacket(d, s ? &*s : nullptr, relSeq, relAck);
        QString what;
        if (d.arpOp != 0)
            what = d.arpOp == 1 ? tr("ARP request") : tr("ARP reply");
        else if (d.fragment != 0)
            what = tr("Fragment %1 of %2").arg(d.fragment).arg(d.fragments);
        else if (d.isFragment())
            what = tr("Fragment (offset %1)").arg(d.fragmentOffset * 8);
        else if (d.protocol == 1)
            what = tr("ICMP message");
        else
            what = tr("IPv4 datagram");
        QString of;
        if (s)
            of = tr(" of segment %1").arg(seg + 1);
        title_->setText(tr("<b>%1</b>%2: %3 → %4 (one hop), sent at %5 s")
                            .arg(what, of, nodeName(d.fromNode), nodeName(d.toNode),
                                 TraceModel::formatSeconds(d.sentAt)));
    } else {
        packet_ = buildPacket(*s, static_cast<std::uint16_t>(seg + 1), relSeq, relAck);
        QString kind;
        if (s->duplicate)
            kind = tr(" · a network duplicate");
        else if (s->retransmission)
            kind = tr(" · a retransmission");
        title_->setText(
            tr("<b>Segment %1</b>: %2 → %3, sent at %4 s%5")
                .arg(seg + 1)
                .arg(nodeName(s->srcHost), nodeName(s->dstHost), TraceModel::formatSeconds(s->sentAt), kind));
    }
    // The same fields as the segment shown before (stepping through a transfer): only the values change, so
    // they are set in place; rebuilding the tree costs its whole layout again at the next paint.
    bool sameFields = items_.size() == packet_.fields.size() && !items_.empty();
    for (std::size_t i = 0; sameFields && i < packet_.fields.size(); ++i)
        sameFields = items_[i]->text(0) == packet_.fields[i].name &&
                     (packet_.fields[i].parent < 0 ? items_[i]->parent() == nullptr
                                                   : items_[i]->parent() == items_[packet_.fields[i].parent]);
    if (sameFields) {
        for (std::size_t i = 0; i < packet_.fields.size(); ++i)
            items_[i]->setText(1, packet_.fields[i].value);
        hex_->setBytes(packet_.bytes);
        fieldSelected();
        return;
    }
    tree_->clear();
    items_.clear();
    for (std::size_t i = 0; i < packet_.fields.size(); ++i) {
        const PacketField& f = packet_.fields[i];
        QTreeWidgetItem* item =
            f.parent < 0 ? new QTreeWidgetItem(tree_) : new QTreeWidgetItem(items_[f.parent]);
        item->setText(0, f.name);
        item->setText(1, f.value);
        item->setData(0, kFieldRole, static_cast<int>(i));
        if (f.name.contains(QLatin1String(" = ")))
            item->setFont(0, fixedFont());
        items_.push_back(item);
    }
    tree_->expandToDepth(0);
    hex_->setBytes(packet_.bytes);
}

void SegmentInspector::fieldSelected() {
    QTreeWidgetItem* item = tree_->currentItem();
    if (!item) {
        hex_->setHighlight(-1, 0);
        return;
    }
    const PacketField& f = packet_.fields[static_cast<std::size_t>(item->data(0, kFieldRole).toInt())];
    hex_->setHighlight(f.offset, f.length);
}

void SegmentInspector::selectByte(int offset) {
    int best = -1;
    for (std::size_t i = 0; i < packet_.fields.size(); ++i) {
        const PacketField& f = packet_.fields[i];
        if (offset >= f.offset && offset < f.offset + f.length &&
            (best < 0 || f.length < packet_.fields[static_cast<std::size_t>(best)].length ||
             (f.length == packet_.fields[static_cast<std::size_t>(best)].length &&
              f.parent < static_cast<int>(i) && packet_.fields[static_cast<std::size_t>(best)].parent < 0)))
            best = static_cast<int>(i);
    }
    if (best < 0)
        return;
    // Among fields of the same size (a flags byte and its bits), the first one: the byte, not a bit.
    tree_->setCurrentItem(items_[static_cast<std::size_t>(best)]);
    tree_->scrollToItem(items_[static_cast<std::size_t>(best)]);
}

// ---- TcbPanel ----

TcbPanel::TcbPanel(PlayerController* controller, QWidget* parent) : QWidget(parent), controller_(controller) {
    setObjectName(QStringLiteral("tcbPanel"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    tree_ = new QTreeWidget(this);
    tree_->setObjectName(QStringLiteral("tcbTable"));
    tree_->setRootIsDecorated(false);
    tree_->setUniformRowHeights(true);
    tree_->setColumnCount(3);
    tree_->header()->setSectionResizeMode(QHeaderView::Stretch);
    tree_->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    for (int r = 0; r < RowCount; ++r)
        new QTreeWidgetItem(tree_);
    layout->addWidget(tree_);
    retranslate();
    connect(controller_, &PlayerController::cursorChanged, this, &TcbPanel::refresh);
    connect(controller_, &PlayerController::followedChanged, this, &TcbPanel::refresh);
    connect(controller_, &PlayerController::lessonLoaded, this, [this] {
        lastCursor_ = -2;
        refresh();
    });
}

void TcbPanel::retranslate() {
    const QStringList names = {tr("State"),
                               QStringLiteral("ISS"),
                               QStringLiteral("IRS"),
                               QStringLiteral("SND.UNA"),
                               QStringLiteral("SND.NXT"),
                               QStringLiteral("SND.WND"),
                               QStringLiteral("RCV.NXT"),
                               QStringLiteral("RCV.WND"),
                               QStringLiteral("RTO"),
                               QStringLiteral("SRTT"),
                               tr("Send buffer"),
                               tr("Receive buffer"),
                               tr("Retransmission timer"),
                               tr("Persist timer"),
                               tr("Keep-alive timer"),
                               tr("Delayed-ACK timer"),
                               tr("TIME-WAIT timer"),
                               tr("FIN-WAIT-2 timer")};
    for (int r = 0; r < RowCount; ++r)
        tree_->topLevelItem(r)->setText(0, names[r]);
    tree_->headerItem()->setText(0, tr("Variable"));
    if (!controller_->hasLesson()) // no ends yet: not the default column numbers
        for (int c = 1; c < tree_->columnCount(); ++c)
            tree_->headerItem()->setText(c, QString());
    lastCursor_ = -2;
    refresh();
}

QString TcbPanel::value(int end, Row row) const {
    return end >= 0 && end < 2 ? values_[end][row] : QString();
}

bool TcbPanel::changed(int end, Row row) const {
    return end >= 0 && end < 2 && changed_[end][row];
}

void TcbPanel::compute(int row, QString (&out)[2][RowCount], int& endCount) {
    for (auto& v : out)
        for (QString& x : v)
            x.clear();
    endCount = 0;
    const auto& convs = controller_->conversations();
    if (convs.empty())
        return;
    const Conversation& conv = convs[static_cast<std::size_t>(
        std::clamp(controller_->followed(), 0, static_cast<int>(convs.size()) - 1))];
    endCount = conv.endCount;
    const Simulation& sim = controller_->simulationAt(row);
    const Trace& t = controller_->trace();
    const TraceIndex& ix = controller_->index();
    const Instant now = row >= 0 ? t.events[static_cast<std::size_t>(row)].at : kTimeZero;
    for (int e = 0; e < conv.endCount; ++e) {
        const FollowedEnd& end = conv.ends[e];
        const QString hostName = QString::fromStdString(t.hostNames[end.host]);
        std::uint32_t conn = end.conn;
        if (ix.lastChangeRow(conn, row) < 0 && end.listener != kNone)
            conn = end.listener;
        QString port;
        if (conn < t.connections.size())
            port = QStringLiteral(":%1").arg(t.connections[conn].local.port);
        tree_->headerItem()->setText(1 + e, hostName + port);
        tree_->headerItem()->setForeground(1 + e, hostColor(end.host));
        QString* v = out[e];
        const TcpEndpoint* tcb =
            conn != kNone && ix.lastChangeRow(conn, row) >= 0 ? sim.endpoint(conn) : nullptr;
        const TcpState state = conn != kNone ? ix.connStateAt(conn, row) : TcpState::Closed;
        // The state from the trace, exact to the event (the other variables are those after the whole step).
        v[RowState] = qs(stateName(state));
        const QString none = QStringLiteral("—");
        for (int r = RowIss; r < RowCount; ++r)
            v[r] = none;
        if (!tcb)
            continue;
        const TcpState st = tcb->state();
        const bool sent = st != TcpState::Closed && st != TcpState::Listen;
        const bool received = sent && st != TcpState::SynSent;
        const std::uint32_t iss = tcb->iss().value();
        const std::uint32_t irs = tcb->irs().value();
        auto rel = [](std::uint32_t x, std::uint32_t base) {
            return QStringLiteral("%1  (%2)").arg(x).arg(static_cast<std::uint32_t>(x - base));
        };
        if (sent) {
            v[RowIss] = QString::number(iss);
            v[RowSndUna] = rel(tcb->sndUna().value(), iss);
            v[RowSndNxt] = rel(tcb->sndNxt().value(), iss);
            v[RowSndWnd] = QString::number(tcb->sndWnd());
            v[RowRto] = tr("%1 s").arg(static_cast<double>(toNanos(tcb->currentRto())) / 1e9, 0, 'f', 3);
            v[RowSrtt] =
                tcb->rtt().srtt
                    ? tr("%1 ms").arg(static_cast<double>(toNanos(*tcb->rtt().srtt)) / 1e6, 0, 'f', 3)
                    : tr("no sample yet");
        }
        if (received) {
            v[RowIrs] = QString::number(irs);
            v[RowRcvNxt] = rel(tcb->rcvNxt().value(), irs);
            v[RowRcvWnd] = QString::number(tcb->rcvWnd());
        }
        v[RowSendBuffer] = tr("%1 bytes").arg(tcb->sendQueueBytes());
        v[RowRecvBuffer] = tr("%1 bytes").arg(tcb->recvQueueBytes());
        for (int k = 0; k < kTimerKindCount; ++k) {
            const auto deadline = tcb->timerDeadline(static_cast<TimerKind>(k));
            if (deadline)
                v[RowTimerFirst + k] =
                    tr("%1 s left")
                        .arg(static_cast<double>(toNanos(*deadline) - toNanos(now)) / 1e9, 0, 'f', 3);
        }
    }
}

void TcbPanel::refresh() {
    if (!controller_->hasLesson())
        return;
    const int cursor = controller_->cursor();
    // What the cursor's event changed: the values before it, then after it. Timers' remaining times change
    // with the clock alone, so only their starting and stopping counts as a change. The state row comes from
    // the trace, exact to the event; the other variables change with the step.
    QString before[2][RowCount];
    int endCount = 0;
    if (cursor >= 0)
        compute(controller_->stepFirstRow(cursor) - 1, before, endCount);
    compute(cursor, values_, endCount);
    QString stateBefore[2][RowCount];
    if (cursor >= 0) {
        const auto& convs = controller_->conversations();
        const Conversation& conv = convs[static_cast<std::size_t>(
            std::clamp(controller_->followed(), 0, static_cast<int>(convs.size()) - 1))];
        const TraceIndex& ix = controller_->index();
        for (int e = 0; e < conv.endCount; ++e) {
            std::uint32_t conn = conv.ends[e].conn;
            if (ix.lastChangeRow(conn, cursor - 1) < 0 && conv.ends[e].listener != kNone)
                conn = conv.ends[e].listener;
            stateBefore[e][RowState] =
                qs(stateName(conn != kNone ? ix.connStateAt(conn, cursor - 1) : TcpState::Closed));
        }
    }
    tree_->setColumnCount(1 + std::max(1, endCount));
    const QColor hi(0xff, 0xf1, 0x76);
    for (int r = 0; r < RowCount; ++r) {
        QTreeWidgetItem* item = tree_->topLevelItem(r);
        for (int e = 0; e < endCount; ++e) {
            const bool timer = r >= RowTimerFirst;
            const QString none = QStringLiteral("—");
            if (r == RowState)
                changed_[e][r] = cursor >= 0 && values_[e][r] != stateBefore[e][r];
            else
                changed_[e][r] = cursor >= 0 && (timer ? (values_[e][r] == none) != (before[e][r] == none)
                                                       : values_[e][r] != before[e][r]);
            item->setText(1 + e, values_[e][r]);
            item->setBackground(1 + e, changed_[e][r] ? QBrush(hi) : QBrush());
            // On a dark palette a changed value's light background needs dark text.
            if (r != RowState) {
                if (changed_[e][r] && isDarkPalette(palette()))
                    item->setForeground(1 + e, QBrush(Qt::black));
                else
                    item->setData(1 + e, Qt::ForegroundRole, QVariant()); // the palette's text colour
            }
            QFont f = item->font(1 + e);
            f.setBold(changed_[e][r] || r == RowState);
            item->setFont(1 + e, f);
            if (r == RowState) {
                const auto s = stateFromName(values_[e][r].toStdString());
                const bool dark = isDarkPalette(palette()) && !changed_[e][r];
                item->setForeground(1 + e, s ? (dark ? stateLineColor(*s).lighter(125) : stateColors(*s).text)
                                             : palette().color(QPalette::Text));
            }
        }
    }
    lastCursor_ = cursor;
    lastFollowed_ = controller_->followed();
}

// ---- NarrationPanel ----

NarrationPanel::NarrationPanel(PlayerController* controller, QWidget* parent)
    : QWidget(parent), controller_(controller) {
    setObjectName(QStringLiteral("narrationPanel"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    browser_ = new QTextBrowser(this);
    browser_->setObjectName(QStringLiteral("narration"));
    browser_->setOpenLinks(false);
    browser_->setFrameShape(QFrame::NoFrame);
    layout->addWidget(browser_);
    connect(controller_, &PlayerController::cursorChanged, this, &NarrationPanel::refresh);
    connect(controller_, &PlayerController::lessonLoaded, this, &NarrationPanel::refresh);
}

void NarrationPanel::refresh() {
    if (!controller_->hasLesson()) {
        browser_->clear();
        return;
    }
    const Trace& t = controller_->trace();
    const int cursor = controller_->cursor();
    sentence_ = Narrator::sentence(t, cursor);
    note_.clear();
    for (const TeacherNote& n : controller_->scenario().notes)
        if (n.step - 1 == cursor)
            note_ = localized(n.text);
    QString html;
    if (cursor < 0) {
        html += QStringLiteral("<p style='color:#616161'>%1</p>")
                    .arg(tr("Start · %1 events in this run").arg(controller_->eventCount()));
        html +=
            QStringLiteral("<p><b>%1</b></p>").arg(localized(controller_->scenario().title).toHtmlEscaped());
        html +=
            QStringLiteral("<p>%1</p>").arg(localized(controller_->scenario().description).toHtmlEscaped());
        html += QStringLiteral("<p style='color:#455a64'>%1</p>").arg(sentence_.toHtmlEscaped());
    } else {
        html += QStringLiteral("<p style='color:#616161'>%1</p>")
                    .arg(tr("Event %1 of %2 · t = %3 s")
                             .arg(cursor + 1)
                             .arg(controller_->eventCount())
                             .arg(TraceModel::formatSeconds(t.events[static_cast<std::size_t>(cursor)].at)));
        html += QStringLiteral("<p style='font-size:large'>%1</p>").arg(sentence_.toHtmlEscaped());
        const QString cite = Narrator::citation(t, cursor);
        if (!cite.isEmpty())
            html += QStringLiteral("<p style='color:#1565c0'>— %1</p>").arg(cite.toHtmlEscaped());
    }
    if (!note_.isEmpty())
        html +=
            QStringLiteral("<table width='100%' cellpadding='6' style='background-color:#fff8e1; border:1px "
                           "solid #ffe082'><tr><td><b>%1</b> %2</td></tr></table>")
                .arg(tr("Teacher's note:").toHtmlEscaped(), note_.toHtmlEscaped());
    browser_->setHtml(html);
}

// ---- EventFilter / EventList ----

void EventFilter::setHost(int host) {
    host_ = host;
    invalidate();
}

void EventFilter::setKinds(int kinds) {
    kinds_ = kinds;
    invalidate();
}

void EventFilter::setLastRow(int row) {
    if (row == lastRow_)
        return;
    lastRow_ = row;
    invalidateRowsFilter();
}

bool EventFilter::filterAcceptsRow(int sourceRow, const QModelIndex& /*sourceParent*/) const {
    if (sourceRow > lastRow_)
        return false;
    const auto* model = static_cast<const TraceModel*>(sourceModel());
    const TraceEvent& ev = model->trace().events[static_cast<std::size_t>(sourceRow)];
    if (host_ >= 0 && ev.kind != TraceKind::RunEnded) {
        bool mine = ev.host == host_;
        if (!mine && ev.segment < model->trace().segments.size()) {
            const SegmentRecord& s = model->trace().segments[ev.segment];
            mine = s.srcHost == host_ || s.dstHost == host_;
        }
        if (!mine)
            return false;
    }
    switch (kinds_) {
    case Segments:
        return ev.kind == TraceKind::SegmentSent || ev.kind == TraceKind::SegmentDelivered ||
               ev.kind == TraceKind::SegmentDropped || ev.kind == TraceKind::SegmentDuplicated ||
               ev.kind == TraceKind::SegmentDelayed;
    case StateChanges:
        return ev.kind == TraceKind::StateChange;
    case Timers:
        return ev.kind == TraceKind::TimerArmed || ev.kind == TraceKind::TimerCancelled ||
               ev.kind == TraceKind::TimerFired;
    case Application:
        return ev.kind == TraceKind::UserCall || ev.kind == TraceKind::DataDelivered;
    case Problems:
        return ev.kind == TraceKind::SegmentDropped || ev.kind == TraceKind::ConnectionError ||
               ev.kind == TraceKind::Note ||
               (ev.kind == TraceKind::SegmentSent && model->trace().segments[ev.segment].retransmission);
    default:
        return true;
    }
}

EventList::EventList(PlayerController* controller, TraceModel* model, QWidget* parent)
    : QWidget(parent), controller_(controller), model_(model) {
    setObjectName(QStringLiteral("eventList"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    auto* row = new QHBoxLayout;
    hostCombo_ = new QComboBox(this);
    hostCombo_->setObjectName(QStringLiteral("hostFilter"));
    kindCombo_ = new QComboBox(this);
    kindCombo_->setObjectName(QStringLiteral("kindFilter"));
    // As wide as their items in the current font, also after presentation mode enlarges it (the default
    // measures once, at the first show).
    hostCombo_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    kindCombo_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    // In a narrow dock the kind filter gives way first: a host's name is short and must stay readable.
    hostCombo_->setSizePolicy(QSizePolicy::Minimum, QSizePolicy::Fixed);
    row->addWidget(hostCombo_);
    row->addWidget(kindCombo_);
    row->addStretch(1);
    layout->addLayout(row);
    filter_ = new EventFilter(this);
    filter_->setSourceModel(model_);
    table_ = new QTableView(this);
    table_->setObjectName(QStringLiteral("eventTable"));
    table_->setModel(filter_);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setAlternatingRowColors(true);
    table_->setWordWrap(false);
    table_->setShowGrid(false);
    table_->verticalHeader()->hide();
    table_->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    QHeaderView* header = table_->horizontalHeader();
    header->setHighlightSections(false);
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setSectionResizeMode(TraceModel::ColDetails, QHeaderView::Stretch);
    // The narration cites the RFC: the column is there for wide windows (header context menu).
    table_->setColumnHidden(TraceModel::ColRfc, true);
    table_->horizontalHeader()->setMinimumSectionSize(24);
    sizeColumns();
    layout->addWidget(table_, 1);
    retranslate();

    connect(hostCombo_, &QComboBox::currentIndexChanged, this, [this] {
        filter_->setHost(hostCombo_->currentData().toInt());
        cursorMoved(controller_->cursor());
    });
    connect(kindCombo_, &QComboBox::currentIndexChanged, this, [this] {
        filter_->setKinds(kindCombo_->currentData().toInt());
        cursorMoved(controller_->cursor());
    });
    connect(table_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
                if (!syncing_ && current.isValid())
                    controller_->setCursor(filter_->mapToSource(current).row());
            });
    connect(controller_, &PlayerController::cursorChanged, this, [this](int cursor) { cursorMoved(cursor); });
}

void EventList::sizeColumns() {
    const QFontMetrics fm(table_->font());
    table_->verticalHeader()->setDefaultSectionSize(fm.height() + 6);
    QHeaderView* header = table_->horizontalHeader();
    header->resizeSection(TraceModel::ColStep, fm.horizontalAdvance(QStringLiteral("000000")) + 26);
    header->resizeSection(TraceModel::ColTime, fm.horizontalAdvance(QStringLiteral("000.000000")) + 16);
    header->resizeSection(TraceModel::ColHost, fm.horizontalAdvance(QStringLiteral("client-x")) + 12);
    header->resizeSection(TraceModel::ColEvent,
                          fm.horizontalAdvance(QStringLiteral("Arrived from client")) + 12);
    header->resizeSection(TraceModel::ColRfc, fm.horizontalAdvance(QStringLiteral("§3.10.7.4")) + 16);
}

void EventList::changeEvent(QEvent* event) {
    if (event->type() == QEvent::FontChange)
        sizeColumns();
    QWidget::changeEvent(event);
}

void EventList::retranslate() {
    const QSignalBlocker b1(hostCombo_);
    const QSignalBlocker b2(kindCombo_);
    const int host = hostCombo_->currentIndex();
    const int kind = kindCombo_->currentIndex();
    hostCombo_->clear();
    hostCombo_->addItem(tr("All hosts"), -1);
    if (controller_->hasLesson())
        for (std::size_t h = 0; h < controller_->trace().hostNames.size(); ++h)
            hostCombo_->addItem(QString::fromStdString(controller_->trace().hostNames[h]),
                                static_cast<int>(h));
    hostCombo_->setCurrentIndex(std::max(0, std::min(host, hostCombo_->count() - 1)));
    kindCombo_->clear();
    kindCombo_->addItem(tr("All events"), EventFilter::AllKinds);
    kindCombo_->addItem(tr("Segments"), EventFilter::Segments);
    kindCombo_->addItem(tr("State changes"), EventFilter::StateChanges);
    kindCombo_->addItem(tr("Timers"), EventFilter::Timers);
    kindCombo_->addItem(tr("Application"), EventFilter::Application);
    kindCombo_->addItem(tr("Losses, retransmissions and remarks"), EventFilter::Problems);
    kindCombo_->setCurrentIndex(std::max(0, kind));
    hostCombo_->setToolTip(tr("Show the events of one host only"));
    kindCombo_->setToolTip(tr("Show one kind of event only"));
}

void EventList::lessonLoaded() {
    {
        const QSignalBlocker b1(hostCombo_);
        hostCombo_->setCurrentIndex(0);
    }
    retranslate();
    filter_->setHost(-1);
    cursorMoved(controller_->cursor());
}

void EventList::cursorMoved(int cursor) {
    syncing_ = true;
    model_->setCursor(cursor);
    if (cursor < 0) {
        table_->selectionModel()->clear();
        table_->scrollToTop();
    } else {
        // The nearest visible row at or before the cursor.
        QModelIndex index = filter_->mapFromSource(model_->index(cursor, 0));
        if (!index.isValid()) {
            for (int r = cursor - 1; r >= 0 && r >= cursor - 2000 && !index.isValid(); --r)
                index = filter_->mapFromSource(model_->index(r, 0));
        }
        if (index.isValid()) {
            table_->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect |
                                                                 QItemSelectionModel::Rows);
            table_->scrollTo(index, QAbstractItemView::EnsureVisible);
        } else {
            table_->selectionModel()->clear();
        }
    }
    syncing_ = false;
}

} // namespace tcplab::ui
