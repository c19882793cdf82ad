#include "socket_table.h"

#include <QComboBox>
#include <QEvent>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPainter>
#include <QPainterPath>
#include <QRegularExpression>
#include <QSplitter>
#include <QTableView>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <map>

#include "colors.h"
#include "player_controller.h"
#include "trace_model.h"

namespace tcplab::ui {

namespace {

// More points than this are merged (the largest value of each run kept, so that peaks stay visible).
constexpr std::size_t kMaxChartPoints = 4000;

QString netstatName(TcpState s) {
    return qs(stateNetstatName(s));
}

} // namespace

// ---- SocketTableModel ----

void SocketTableModel::setRows(std::vector<NetstatRow> rows) {
    if (rows == rows_)
        return; // the common case while stepping through other hosts' events: keep sorting and selection
    beginResetModel();
    rows_ = std::move(rows);
    endResetModel();
}

int SocketTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

int SocketTableModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SocketTableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const NetstatRow& r = rows_[static_cast<std::size_t>(index.row())];
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case ColProto:
            return QStringLiteral("tcp");
        case ColRecvQ:
            return QString::number(r.recvQ);
        case ColSendQ:
            return QString::number(r.sendQ);
        case ColLocal:
            return QString::fromStdString(r.local);
        case ColForeign:
            return QString::fromStdString(r.foreign);
        case ColState:
            return netstatName(r.state);
        case ColProgram:
            return QString::fromStdString(r.program);
        default:
            return {};
        }
    }
    if (role == Qt::UserRole) {
        // What the columns sort by: numbers as numbers, addresses by address then port, states in the RFC's
        // order; the connection id breaks ties, so equal rows keep the order they were created in.
        switch (index.column()) {
        case ColRecvQ:
            return QVariant::fromValue<qulonglong>(r.recvQ);
        case ColSendQ:
            return QVariant::fromValue<qulonglong>(r.sendQ);
        case ColLocal:
        case ColForeign: {
            const std::string& a = index.column() == ColLocal ? r.local : r.foreign;
            const auto colon = a.rfind(':');
            const QStringList octets = QString::fromStdString(a.substr(0, colon)).split(QLatin1Char('.'));
            qulonglong key = 0;
            for (const QString& o : octets)
                key = key * 256 + o.toULongLong();
            const QString port = QString::fromStdString(a.substr(colon + 1));
            return QVariant::fromValue<qulonglong>(key * 65536 +
                                                   (port == QLatin1String("*") ? 0 : port.toULongLong()));
        }
        case ColState:
            return static_cast<int>(r.state);
        default:
            return data(index, Qt::DisplayRole);
        }
    }
    if (role == Qt::TextAlignmentRole)
        return QVariant::fromValue(index.column() == ColRecvQ || index.column() == ColSendQ
                                       ? Qt::AlignRight | Qt::AlignVCenter
                                       : Qt::AlignLeft | Qt::AlignVCenter);
    if (role == Qt::ForegroundRole && index.column() == ColState)
        return stateLineColor(r.state).darker(130);
    return {};
}

QVariant SocketTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    // netstat's own column names, as a Linux terminal shows them.
    switch (section) {
    case ColProto:
        return QStringLiteral("Proto");
    case ColRecvQ:
        return QStringLiteral("Recv-Q");
    case ColSendQ:
        return QStringLiteral("Send-Q");
    case ColLocal:
        return tr("Local Address");
    case ColForeign:
        return tr("Foreign Address");
    case ColState:
        return tr("State");
    case ColProgram:
        return tr("PID/Program name");
    default:
        return {};
    }
}

// ---- QueueChart ----

QueueChart::QueueChart(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("socketChart"));
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

QSize QueueChart::sizeHint() const {
    return {360, 160};
}

QSize QueueChart::minimumSizeHint() const {
    return {200, 90};
}

QColor QueueChart::color(int series) {
    switch (series) {
    case SynQueue:
        return QColor(0xef, 0x6c, 0x00);
    case AcceptQueue:
        return QColor(0x15, 0x65, 0xc0);
    case SynReceived:
        return stateLineColor(TcpState::SynReceived);
    case CloseWait:
        return stateLineColor(TcpState::CloseWait);
    case TimeWait:
        return QColor(0x8e, 0x24, 0xaa);
    default:
        return Qt::black;
    }
}

QString QueueChart::seriesName(int series) {
    switch (series) {
    case SynQueue:
        return tr("SYN queue");
    case AcceptQueue:
        return tr("accept queue");
    case SynReceived:
        return QStringLiteral("SYN-RECEIVED");
    case CloseWait:
        return QStringLiteral("CLOSE-WAIT");
    case TimeWait:
        return QStringLiteral("TIME-WAIT");
    default:
        return {};
    }
}

void QueueChart::setPoints(std::vector<Point> points, double endSeconds) {
    if (points.size() > kMaxChartPoints) {
        const std::size_t per = (points.size() + kMaxChartPoints - 1) / kMaxChartPoints;
        std::vector<Point> merged;
        merged.reserve(points.size() / per + 1);
        for (std::size_t i = 0; i < points.size(); i += per) {
            Point p = points[i];
            for (std::size_t j = i + 1; j < std::min(points.size(), i + per); ++j)
                for (int s = 0; s < SeriesCount; ++s)
                    p.v[static_cast<std::size_t>(s)] =
                        std::max(p.v[static_cast<std::size_t>(s)], points[j].v[static_cast<std::size_t>(s)]);
            merged.push_back(p);
        }
        points = std::move(merged);
    }
    points_ = std::move(points);
    end_ = std::max(1e-9, endSeconds);
    maxValue_ = 1;
    for (const Point& p : points_)
        for (double v : p.v)
            maxValue_ = std::max(maxValue_, v);
    update();
}

void QueueChart::setCursorTime(double seconds) {
    if (seconds == cursor_)
        return;
    cursor_ = seconds;
    update();
}

void QueueChart::paintEvent(QPaintEvent* /*event*/) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QPalette pal = palette();
    p.fillRect(rect(), pal.color(QPalette::Base));
    QFont small = font();
    small.setPointSizeF(font().pointSizeF() * 0.85);
    p.setFont(small);
    const QFontMetricsF fm(small);
    // The legend on top (on as many lines as it needs), the axis labels on the left and below.
    double lx = 6;
    double ly = 4;
    for (int s = 0; s < SeriesCount; ++s) {
        const QString name = seriesName(s);
        const double w = 16 + fm.horizontalAdvance(name) + 12;
        if (lx > 6 && lx + w > width()) {
            lx = 6;
            ly += fm.height() + 2;
        }
        p.fillRect(QRectF(lx, ly + fm.height() / 2 - 2, 12, 4), color(s));
        p.setPen(pal.color(QPalette::Text));
        p.drawText(QPointF(lx + 16, ly + fm.ascent()), name);
        lx += w;
    }
    const QString maxText = QString::number(maxValue_, 'f', 0);
    const QRectF plot(fm.horizontalAdvance(maxText) + 10, ly + fm.height() + 6,
                      width() - fm.horizontalAdvance(maxText) - 16, height() - ly - 2 * fm.height() - 12);
    if (plot.width() < 20 || plot.height() < 20)
        return;
    p.setPen(pal.color(QPalette::Mid));
    p.drawRect(plot);
    p.setPen(pal.color(QPalette::PlaceholderText));
    p.drawText(QRectF(0, plot.top() - fm.height() / 2, plot.left() - 4, fm.height()),
               Qt::AlignRight | Qt::AlignVCenter, maxText);
    p.drawText(QRectF(0, plot.bottom() - fm.height() / 2, plot.left() - 4, fm.height()),
               Qt::AlignRight | Qt::AlignVCenter, QStringLiteral("0"));
    p.drawText(QRectF(plot.left(), plot.bottom() + 2, plot.width(), fm.height()), Qt::AlignLeft,
               QStringLiteral("0 s"));
    p.drawText(QRectF(plot.left(), plot.bottom() + 2, plot.width(), fm.height()), Qt::AlignRight,
               tr("%1 s").arg(end_, 0, 'g', 6));
    if (points_.empty()) {
        p.drawText(plot, Qt::AlignCenter | Qt::TextWordWrap, tr("No socket counts recorded for this host"));
        return;
    }
    auto xOf = [&](double t) {
        return plot.left() + plot.width() * std::clamp(t / end_, 0.0, 1.0);
    };
    auto yOf = [&](double v) {
        return plot.bottom() - plot.height() * v / maxValue_;
    };
    // Each count holds until the next record: steps.
    for (int s = 0; s < SeriesCount; ++s) {
        QPainterPath path;
        bool open = false;
        double lastY = 0;
        for (const Point& pt : points_) {
            const double v = pt.v[static_cast<std::size_t>(s)];
            if (v < 0) {
                open = false;
                continue;
            }
            const double x = xOf(pt.t);
            const double y = yOf(v);
            if (!open) {
                path.moveTo(x, y);
                open = true;
            } else {
                path.lineTo(x, lastY);
                path.lineTo(x, y);
            }
            lastY = y;
        }
        if (open)
            path.lineTo(plot.right(), lastY);
        // The SYN queue usually equals the SYN-RECEIVED count: drawn wider, underneath, so both show.
        p.setPen(QPen(color(s), s == SynQueue ? 4.0 : 1.6));
        p.drawPath(path);
    }
    if (cursor_ >= 0) {
        // The cursor's time: a dashed line with the time under the axis, where the end time would be.
        const double x = xOf(cursor_);
        p.setPen(QPen(pal.color(QPalette::Text), 1.2, Qt::DashLine));
        p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
        const QString now = tr("%1 s").arg(cursor_, 0, 'f', 3);
        const double w = fm.horizontalAdvance(now) + 6;
        const QRectF box(std::clamp(x - w / 2, plot.left(), plot.right() - w), plot.bottom() + 1, w,
                         fm.height());
        p.fillRect(box, pal.color(QPalette::Base));
        p.drawText(box, Qt::AlignCenter, now);
    }
}

// ---- SocketTablePanel ----

SocketTablePanel::SocketTablePanel(PlayerController* controller, QWidget* parent)
    : QWidget(parent), controller_(controller) {
    setObjectName(QStringLiteral("socketTablePanel"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    auto* splitter = new QSplitter(Qt::Horizontal, this);
    layout->addWidget(splitter);

    auto* left = new QWidget(splitter);
    auto* ll = new QVBoxLayout(left);
    ll->setContentsMargins(0, 0, 0, 0);
    auto* row = new QHBoxLayout;
    title_ = new QLabel(left);
    title_->setObjectName(QStringLiteral("socketTitle"));
    hostCombo_ = new QComboBox(left);
    hostCombo_->setObjectName(QStringLiteral("socketHost"));
    stateCombo_ = new QComboBox(left);
    stateCombo_->setObjectName(QStringLiteral("socketStateFilter"));
    row->addWidget(hostCombo_);
    row->addWidget(stateCombo_);
    row->addWidget(title_, 1);
    ll->addLayout(row);
    counts_ = new QLabel(left);
    counts_->setObjectName(QStringLiteral("socketCounts"));
    counts_->setWordWrap(true);
    counts_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    ll->addWidget(counts_);
    model_ = new SocketTableModel(this);
    proxy_ = new QSortFilterProxyModel(this);
    proxy_->setSourceModel(model_);
    proxy_->setSortRole(Qt::UserRole);
    proxy_->setFilterKeyColumn(SocketTableModel::ColState);
    table_ = new QTableView(left);
    table_->setObjectName(QStringLiteral("socketTable"));
    table_->setModel(proxy_);
    table_->setSortingEnabled(true);
    table_->sortByColumn(-1, Qt::AscendingOrder); // netstat's own order until a header is clicked
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->verticalHeader()->hide();
    table_->verticalHeader()->setDefaultSectionSize(table_->fontMetrics().height() + 4);
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    {
        // Widths from the widest text a column can hold: measuring every row is slow for 20,000 sockets.
        const QFontMetrics fm(table_->font());
        const int pad = 16;
        table_->setColumnWidth(SocketTableModel::ColProto,
                               fm.horizontalAdvance(QStringLiteral("Proto")) + pad);
        table_->setColumnWidth(SocketTableModel::ColRecvQ,
                               fm.horizontalAdvance(QStringLiteral("Recv-Q")) + pad);
        table_->setColumnWidth(SocketTableModel::ColSendQ,
                               fm.horizontalAdvance(QStringLiteral("Send-Q")) + pad);
        const int addr = fm.horizontalAdvance(QStringLiteral("255.255.255.255:65535")) + pad;
        table_->setColumnWidth(SocketTableModel::ColLocal, addr);
        table_->setColumnWidth(SocketTableModel::ColForeign, addr);
        table_->setColumnWidth(SocketTableModel::ColState,
                               fm.horizontalAdvance(QStringLiteral("ESTABLISHED")) + pad);
    }
    table_->setWordWrap(false);
    ll->addWidget(table_, 1);

    auto* right = new QWidget(splitter);
    // Small minimums: the tabs beside this one (the event list) and the narration beside them must be able
    // to take the width, e.g. with presentation fonts; the table scrolls instead.
    left->setMinimumWidth(160);
    right->setMinimumWidth(160);
    auto* rl = new QVBoxLayout(right);
    rl->setContentsMargins(0, 0, 0, 0);
    chart_ = new QueueChart(right);
    rl->addWidget(chart_, 3);
    reassemblyTitle_ = new QLabel(right);
    rl->addWidget(reassemblyTitle_);
    reassembly_ = new QTableWidget(right);
    reassembly_->setObjectName(QStringLiteral("reassemblyTable"));
    reassembly_->setColumnCount(4);
    reassembly_->verticalHeader()->hide();
    reassembly_->horizontalHeader()->setStretchLastSection(true);
    reassembly_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    reassembly_->verticalHeader()->setDefaultSectionSize(reassembly_->fontMetrics().height() + 4);
    rl->addWidget(reassembly_, 2);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setSizes({640, 360});

    refreshTimer_.setSingleShot(true);
    refreshTimer_.setInterval(40); // while playing fast, one table per frame at most
    connect(&refreshTimer_, &QTimer::timeout, this, &SocketTablePanel::refresh);
    connect(controller_, &PlayerController::lessonLoaded, this, &SocketTablePanel::lessonLoaded);
    connect(controller_, &PlayerController::cursorChanged, this, &SocketTablePanel::scheduleRefresh);
    connect(hostCombo_, &QComboBox::currentIndexChanged, this, [this] {
        buildChart();
        refresh();
    });
    connect(stateCombo_, &QComboBox::currentIndexChanged, this, [this] {
        const int state = stateCombo_->currentData().toInt();
        proxy_->setFilterRegularExpression(
            state < 0 ? QRegularExpression()
                      : QRegularExpression(QStringLiteral("^%1$").arg(
                            QRegularExpression::escape(netstatName(static_cast<TcpState>(state))))));
    });
    retranslate();
    if (controller_->hasLesson())
        lessonLoaded();
}

int SocketTablePanel::host() const {
    return hostCombo_->currentIndex() < 0 ? -1 : hostCombo_->currentData().toInt();
}

void SocketTablePanel::setHost(int host) {
    const int i = hostCombo_->findData(host);
    if (i >= 0)
        hostCombo_->setCurrentIndex(i);
}

void SocketTablePanel::retranslate() {
    {
        const QSignalBlocker blocker(stateCombo_);
        const int current = stateCombo_->currentIndex();
        stateCombo_->clear();
        stateCombo_->addItem(tr("All states"), -1);
        for (int s = 1; s < kTcpStateCount; ++s) // CLOSED sockets are gone from the table
            stateCombo_->addItem(netstatName(static_cast<TcpState>(s)), s);
        stateCombo_->setCurrentIndex(std::max(0, current));
    }
    hostCombo_->setToolTip(tr("The host whose sockets are shown"));
    stateCombo_->setToolTip(tr("Show only the sockets in this state"));
    reassemblyTitle_->setText(tr("IPv4 reassembly buffers (RFC 791 §3.2)"));
    reassembly_->setHorizontalHeaderLabels({tr("ID"), tr("Source → Destination"), tr("Held"), tr("Timeout")});
    Q_EMIT model_->headerDataChanged(Qt::Horizontal, 0, SocketTableModel::ColumnCount - 1);
    chart_->update();
    refresh();
}

void SocketTablePanel::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void SocketTablePanel::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    refresh();
}

void SocketTablePanel::lessonLoaded() {
    const Trace& t = controller_->trace();
    {
        const QSignalBlocker blocker(hostCombo_);
        hostCombo_->clear();
        for (std::size_t h = 0; h < t.hostNames.size(); ++h)
            if (!t.isRouter(static_cast<std::uint16_t>(h)))
                hostCombo_->addItem(QString::fromStdString(t.hostNames[h]), static_cast<int>(h));
        // The busy one: the host with the most sockets at once in the host-stats records (the server of a
        // SYN flood, the client of a TIME-WAIT pile-up); without records the host with a listener.
        int pick = 0;
        std::vector<std::uint64_t> peak(t.hostNames.size(), 0);
        for (const HostStatsRecord& r : t.hostStats) {
            std::uint64_t n = 0;
            for (std::uint32_t c : r.states)
                n += c;
            if (r.host < peak.size())
                peak[r.host] = std::max(peak[r.host], n);
        }
        const auto busiest = std::max_element(peak.begin(), peak.end());
        if (busiest != peak.end() && *busiest > 0) {
            pick = std::max(0, hostCombo_->findData(static_cast<int>(busiest - peak.begin())));
        } else {
            for (const ConnectionRecord& c : t.connections)
                if (c.listener) {
                    pick = std::max(0, hostCombo_->findData(static_cast<int>(c.host)));
                    break;
                }
        }
        hostCombo_->setCurrentIndex(hostCombo_->count() > 0 ? pick : -1);
    }
    buildChart();
    refresh();
}

void SocketTablePanel::buildChart() {
    const Trace& t = controller_->trace();
    const int h = host();
    std::vector<QueueChart::Point> points;
    const double end = t.events.empty() ? 1.0 : static_cast<double>(toNanos(t.events.back().at)) / 1e9;
    if (h < 0) {
        chart_->setPoints({}, end);
        return;
    }
    bool fromStats = false;
    for (const HostStatsRecord& r : t.hostStats) {
        if (r.host != h)
            continue;
        fromStats = true;
        QueueChart::Point p;
        p.t = static_cast<double>(toNanos(r.at)) / 1e9;
        double syn = 0;
        double accept = 0;
        for (const ListenerStats& l : r.listeners) {
            syn += l.synQueue;
            accept += l.acceptQueue;
        }
        p.v = {syn, accept, static_cast<double>(r.states[static_cast<std::size_t>(TcpState::SynReceived)]),
               static_cast<double>(r.states[static_cast<std::size_t>(TcpState::CloseWait)]),
               static_cast<double>(r.states[static_cast<std::size_t>(TcpState::TimeWait)])};
        points.push_back(p);
    }
    if (!fromStats) {
        // No host-stats records: the states from the trace's state changes; the queues are not known.
        std::map<std::uint32_t, TcpState> live;
        std::array<double, 3> n{};
        auto slot = [](TcpState s) {
            return s == TcpState::SynReceived ? 0
                   : s == TcpState::CloseWait ? 1
                   : s == TcpState::TimeWait  ? 2
                                              : -1;
        };
        QueueChart::Point start;
        start.v = {-1, -1, 0, 0, 0};
        points.push_back(start);
        for (const TraceEvent& ev : t.events) {
            if (ev.kind != TraceKind::StateChange || ev.conn >= t.connections.size() ||
                t.connections[ev.conn].host != h)
                continue;
            if (const int k = slot(ev.from); k >= 0 && live.count(ev.conn))
                n[static_cast<std::size_t>(k)] -= 1;
            if (const int k = slot(ev.to); k >= 0)
                n[static_cast<std::size_t>(k)] += 1;
            live[ev.conn] = ev.to;
            QueueChart::Point p;
            p.t = static_cast<double>(toNanos(ev.at)) / 1e9;
            p.v = {-1, -1, n[0], n[1], n[2]};
            points.push_back(p);
        }
    }
    chart_->setPoints(std::move(points), end);
}

void SocketTablePanel::scheduleRefresh() {
    if (!refreshTimer_.isActive())
        refreshTimer_.start();
}

void SocketTablePanel::refresh() {
    refreshTimer_.stop();
    const int h = host();
    if (!controller_->hasLesson() || h < 0 || controller_->isLoading()) {
        model_->setRows({});
        counts_->clear();
        title_->clear();
        reassembly_->setRowCount(0);
        return;
    }
    const Trace& t = controller_->trace();
    const int cursor = controller_->cursor();
    const Instant at = cursor >= 0 ? t.events[static_cast<std::size_t>(cursor)].at : kTimeZero;
    const double seconds = static_cast<double>(toNanos(at)) / 1e9;
    chart_->setCursorTime(seconds);
    title_->setText(tr("at %1 s").arg(TraceModel::formatSeconds(at)));
    // Hidden (a tab behind another): the table waits until it is shown.
    if (!isVisible())
        return;
    const Simulation& sim = controller_->simulationAtCursor();
    const auto host = static_cast<std::uint16_t>(h);
    model_->setRows(netstatRows(sim, host));
    // Addresses as wide as the ones shown, so that the State column stays in sight beside the chart; with
    // thousands of sockets the widths measured up front stay (measuring every row would cost a step).
    if (model_->rowCount() <= 500) {
        table_->resizeColumnToContents(SocketTableModel::ColLocal);
        table_->resizeColumnToContents(SocketTableModel::ColForeign);
    }

    QStringList parts;
    for (const auto& [state, n] : netstatSummary(sim, host))
        parts << QStringLiteral("%1 %2").arg(QString::fromStdString(state)).arg(n);
    counts_->setText(parts.isEmpty() ? tr("No sockets.")
                                     : tr("Per state: %1").arg(parts.join(QStringLiteral(" · "))));

    const std::vector<ReassemblyRow> rows = reassemblyRows(sim, host);
    reassembly_->setRowCount(static_cast<int>(rows.size()));
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const ReassemblyRow& r = rows[i];
        const int row = static_cast<int>(i);
        auto set = [&](int col, const QString& text) {
            auto* item = reassembly_->item(row, col);
            if (!item) {
                item = new QTableWidgetItem;
                reassembly_->setItem(row, col, item);
            }
            item->setText(text);
        };
        set(0, QStringLiteral("0x%1").arg(r.id, 4, 16, QLatin1Char('0')));
        set(1, QStringLiteral("%1 → %2").arg(QString::fromStdString(formatIpv4(r.srcAddr)),
                                             QString::fromStdString(formatIpv4(r.dstAddr))));
        QString held = tr("%1 bytes / %2 fragments").arg(r.bytesHeld).arg(r.fragments);
        if (r.totalDataBytes)
            held += QLatin1Char(' ') + tr("(of %1)").arg(*r.totalDataBytes);
        if (r.discarded)
            held += QLatin1Char(' ') + tr("discarded");
        set(2, held);
        set(3, tr("%1 s (%2 s left)")
                   .arg(TraceModel::formatSeconds(r.deadline))
                   .arg(static_cast<double>(toNanos(r.deadline) - toNanos(at)) / 1e9, 0, 'f', 3));
    }
    reassembly_->resizeColumnsToContents();
}

} // namespace tcplab::ui
