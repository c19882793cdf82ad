#include "trace_model.h"

#include <QApplication>
#include <QColor>
#include <QFont>
#include <QFontDatabase>
#include <QPalette>
#include <QStyle>

#include <algorithm>
#include <tuple>

#include "io/ladder.h"
#include "narration.h"
#include "scenario/scenario.h"
#include "tcp/transitions.h"

namespace tcplab::ui {

namespace {

QString qs(std::string_view s) {
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

bool isSegmentEvent(TraceKind k) {
    switch (k) {
    case TraceKind::SegmentSent:
    case TraceKind::SegmentDelivered:
    case TraceKind::SegmentDropped:
    case TraceKind::SegmentDuplicated:
    case TraceKind::SegmentDelayed:
        return true;
    default:
        return false;
    }
}

// A printable one-line preview of application bytes.
QString preview(std::string_view bytes) {
    QString s = qs(bytes);
    s.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
    s.replace(QLatin1Char('\n'), QLatin1String("\\n"));
    s.replace(QLatin1Char('\r'), QLatin1String("\\r"));
    s.replace(QLatin1Char('\t'), QLatin1String("\\t"));
    return s;
}

} // namespace

std::vector<std::vector<ConnectionState>> connectionStatesAt(const Trace& trace, int row) {
    // Every connection's latest state, in creation order (connection ids grow with time).
    std::map<std::uint32_t, std::pair<std::uint16_t, TcpState>> latest;
    const int last = std::min(row, static_cast<int>(trace.events.size()) - 1);
    for (int i = 0; i <= last; ++i) {
        const TraceEvent& ev = trace.events[static_cast<std::size_t>(i)];
        if (ev.kind != TraceKind::StateChange || ev.conn == kNone)
            continue;
        const std::uint16_t host =
            ev.conn < trace.connections.size() ? trace.connections[ev.conn].host : ev.host;
        latest[ev.conn] = {host, ev.to};
    }
    std::vector<std::vector<ConnectionState>> result(trace.hostNames.size());
    for (const auto& [conn, hs] : latest) {
        const auto& [host, state] = hs;
        if (state == TcpState::Closed || host >= result.size())
            continue;
        result[host].push_back({conn, state});
    }
    return result;
}

TraceModel::TraceModel(QObject* parent) : QAbstractTableModel(parent) {}

void TraceModel::setTrace(Trace trace, std::map<int, QString> notes) {
    beginResetModel();
    trace_ = std::move(trace);
    notes_ = std::move(notes);
    cursor_ = -1;

    // Wireshark's relative numbers: each direction of a connection counts from its ISN, the sequence number
    // of the latest SYN sent in that direction.
    using Key = std::tuple<std::uint32_t, std::uint16_t, std::uint32_t, std::uint16_t>;
    std::map<Key, SeqNum> isn;
    relBases_.clear();
    relBases_.reserve(trace_.segments.size());
    for (const SegmentRecord& s : trace_.segments) {
        const Key fwd{s.srcAddr, s.srcPort, s.dstAddr, s.dstPort};
        const Key rev{s.dstAddr, s.dstPort, s.srcAddr, s.srcPort};
        if (s.flags & TcpFlag::SYN)
            isn[fwd] = s.seq;
        std::optional<SeqNum> seqBase;
        std::optional<SeqNum> ackBase;
        if (auto it = isn.find(fwd); it != isn.end())
            seqBase = it->second;
        if (auto it = isn.find(rev); it != isn.end())
            ackBase = it->second;
        relBases_.emplace_back(seqBase, ackBase);
    }
    endResetModel();
}

void TraceModel::setCursor(int row) {
    row = std::clamp(row, -1, rowCount() - 1);
    if (row == cursor_)
        return;
    const int lo = std::max(0, std::min(row, cursor_));
    const int hi = std::max(row, cursor_);
    cursor_ = row;
    if (hi >= lo && rowCount() > 0)
        Q_EMIT dataChanged(index(lo, 0), index(hi, ColumnCount - 1), {Qt::ForegroundRole});
}

QString TraceModel::noteAt(int row) const {
    auto it = notes_.find(row);
    return it == notes_.end() ? QString() : it->second;
}

QString TraceModel::formatSeconds(Instant t) {
    const std::int64_t ns = toNanos(t);
    const std::int64_t micros = (ns % 1'000'000'000) / 1000;
    return QStringLiteral("%1.%2").arg(ns / 1'000'000'000).arg(micros, 6, 10, QLatin1Char('0'));
}

QString TraceModel::hostName(std::uint16_t host) const {
    if (host < trace_.hostNames.size())
        return QString::fromStdString(trace_.hostNames[host]);
    return QStringLiteral("#%1").arg(host);
}

QString TraceModel::segmentText(const TraceEvent& ev) const {
    if (ev.segment >= trace_.segments.size())
        return {};
    const SegmentRecord& s = trace_.segments[ev.segment];
    const auto& [seqBase, ackBase] = relBases_[ev.segment];
    QString text;
    if (s.retransmission)
        text += QStringLiteral("[TCP Retransmission] ");
    text += QStringLiteral("%1 → %2 ").arg(s.srcPort).arg(s.dstPort);
    text += wiresharkSummary(s, seqBase, ackBase);
    return text;
}

QString TraceModel::timeText(int row) const {
    return formatSeconds(trace_.events[static_cast<std::size_t>(row)].at);
}

QString TraceModel::hostText(int row) const {
    const TraceEvent& ev = trace_.events[static_cast<std::size_t>(row)];
    if (ev.kind == TraceKind::RunEnded)
        return {};
    return hostName(ev.host);
}

QString TraceModel::eventText(int row) const {
    const TraceEvent& ev = trace_.events[static_cast<std::size_t>(row)];
    const std::optional<SegmentRecord> s =
        ev.segment < trace_.segments.size() ? std::optional(trace_.segments[ev.segment]) : std::nullopt;
    switch (ev.kind) {
    case TraceKind::UserCall:
        return tr("User call");
    case TraceKind::SegmentSent:
        return s ? tr("Sent to %1").arg(hostName(s->dstHost)) : tr("Sent");
    case TraceKind::SegmentDelivered:
        return s ? tr("Arrived from %1").arg(hostName(s->srcHost)) : tr("Arrived");
    case TraceKind::SegmentDropped:
        return s ? tr("Lost: %1 → %2").arg(hostName(s->srcHost), hostName(s->dstHost)) : tr("Lost");
    case TraceKind::SegmentDuplicated:
        return tr("Duplicated by the network");
    case TraceKind::SegmentDelayed:
        return tr("Delayed by the network");
    case TraceKind::StateChange:
        return tr("State change");
    case TraceKind::TimerArmed:
        return tr("Timer armed");
    case TraceKind::TimerCancelled:
        return tr("Timer cancelled");
    case TraceKind::TimerFired:
        return tr("Timer fired");
    case TraceKind::DataDelivered:
        return tr("Data to the application");
    case TraceKind::ConnectionError:
        return tr("Connection error");
    case TraceKind::Note:
        return tr("Remark");
    case TraceKind::RunEnded:
        return tr("Run ended");
    case TraceKind::DatagramSent:
    case TraceKind::DatagramArrived:
        // An ARP frame is not an IP datagram (RFC 826: it is its own EtherType).
        if (ev.value() < trace_.datagrams.size() && trace_.datagrams[ev.value()].arpOp != 0) {
            const bool request = trace_.datagrams[ev.value()].arpOp == 1;
            if (ev.kind == TraceKind::DatagramSent)
                return request ? tr("ARP request sent") : tr("ARP reply sent");
            return request ? tr("ARP request arrived") : tr("ARP reply arrived");
        }
        return ev.kind == TraceKind::DatagramSent ? tr("IP datagram sent") : tr("IP datagram arrived");
    case TraceKind::DatagramDropped:
        return tr("IP datagram lost");
    case TraceKind::DatagramFragmented:
        return tr("Fragmented");
    case TraceKind::FragmentStored:
        return tr("Fragment held");
    case TraceKind::FragmentDiscarded:
        return tr("Fragment discarded");
    case TraceKind::DatagramReassembled:
        return tr("Reassembled");
    case TraceKind::ReassemblyTimeout:
        return tr("Reassembly timeout");
    case TraceKind::IcmpReceived:
        return tr("ICMP received");
    case TraceKind::PmtuChanged:
        return tr("Path MTU changed");
    }
    return {};
}

QString TraceModel::detailsText(int row) const {
    const TraceEvent& ev = trace_.events[static_cast<std::size_t>(row)];
    const QString text = qs(trace_.text(ev));
    switch (ev.kind) {
    case TraceKind::SegmentSent:
    case TraceKind::SegmentDelivered:
        return segmentText(ev);
    case TraceKind::SegmentDropped:
        return text.isEmpty() ? segmentText(ev) : tr("%1 — %2").arg(segmentText(ev), text);
    case TraceKind::SegmentDuplicated:
        return tr("%1 — a second copy").arg(segmentText(ev));
    case TraceKind::SegmentDelayed:
        return tr("%1 — held back %2 ms")
            .arg(segmentText(ev))
            .arg(static_cast<double>(ev.value()) / 1e6, 0, 'g', 6);
    case TraceKind::StateChange: {
        QString s = QStringLiteral("%1 → %2").arg(qs(stateName(ev.from)), qs(stateName(ev.to)));
        if (ev.rule())
            s += QStringLiteral(" (%1: %2)").arg(qs(ev.rule()->id), qs(ev.rule()->label));
        return s;
    }
    case TraceKind::TimerArmed:
        return tr("%1, fires at %2 s").arg(Narrator::timerName(ev.timer), formatSeconds(ev.deadline()));
    case TraceKind::TimerCancelled:
        return tr("%1 (was due at %2 s)").arg(Narrator::timerName(ev.timer), formatSeconds(ev.deadline()));
    case TraceKind::TimerFired:
        return Narrator::timerName(ev.timer);
    case TraceKind::DataDelivered:
        return tr("%1 bytes: “%2”").arg(ev.value()).arg(preview(trace_.text(ev)));
    case TraceKind::RunEnded:
        if (trace_.text(ev) == "no more events")
            return tr("no more events");
        if (trace_.text(ev) == "time limit")
            return tr("the lesson's time limit was reached");
        if (trace_.text(ev) == "event limit")
            return tr("the lesson's event limit was reached");
        return text;
    case TraceKind::DatagramSent:
    case TraceKind::DatagramArrived:
        if (ev.value() < trace_.datagrams.size() && trace_.datagrams[ev.value()].arpOp != 0) {
            const DatagramRecord& d = trace_.datagrams[ev.value()];
            // The reply's datagram-sent text names the MAC address: found a few rows back at its arrival.
            std::string sent;
            for (int r = row; d.arpOp == 2 && r >= 0 && r > row - 64; --r) {
                const TraceEvent& e = trace_.events[static_cast<std::size_t>(r)];
                if (e.kind == TraceKind::DatagramSent && e.value() == ev.value()) {
                    sent = trace_.text(e);
                    break;
                }
            }
            return QStringLiteral("ARP ") + QString::fromStdString(datagramSummary(d, sent));
        }
        if (ev.value() < trace_.datagrams.size()) {
            const DatagramRecord& d = trace_.datagrams[ev.value()];
            QString s = QStringLiteral("IPv4 %1 → %2 id=%3 ttl=%4 len=%5")
                            .arg(qs(formatIpv4(d.srcAddr)), qs(formatIpv4(d.dstAddr)))
                            .arg(d.id)
                            .arg(d.ttl)
                            .arg(d.totalLen);
            if (d.isFragment())
                s += QStringLiteral(" off=%1%2")
                         .arg(d.fragmentOffset * 8)
                         .arg(d.moreFragments ? QStringLiteral(" MF") : QString());
            if (d.dontFragment)
                s += QStringLiteral(" DF");
            if (d.protocol == 1 && d.fragmentOffset == 0)
                s += QStringLiteral(" ICMP %1/%2").arg(d.icmpType).arg(d.icmpCode);
            return s;
        }
        return text;
    case TraceKind::UserCall:
    case TraceKind::ConnectionError:
    case TraceKind::Note:
    case TraceKind::DatagramDropped:
    case TraceKind::DatagramFragmented:
    case TraceKind::FragmentStored:
    case TraceKind::FragmentDiscarded:
    case TraceKind::DatagramReassembled:
    case TraceKind::ReassemblyTimeout:
    case TraceKind::IcmpReceived:
    case TraceKind::PmtuChanged:
        return text;
    }
    return text;
}

QString TraceModel::rfcText(int row) const {
    const TraceEvent& ev = trace_.events[static_cast<std::size_t>(row)];
    std::string_view ref = trace_.rfc(ev);
    if (ref.empty() && ev.kind == TraceKind::StateChange && ev.rule())
        ref = ev.rule()->rfcSection;
    if (ref.empty())
        return {};
    const QString r = qs(ref);
    return r.front().isDigit() ? QStringLiteral("§") + r : r;
}

int TraceModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(trace_.events.size());
}

int TraceModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TraceModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const int row = index.row();
    const TraceEvent& ev = trace_.events[static_cast<std::size_t>(row)];
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case ColStep:
            return row + 1;
        case ColTime:
            return timeText(row);
        case ColHost:
            return hostText(row);
        case ColEvent:
            return eventText(row);
        case ColDetails:
            return detailsText(row);
        case ColRfc:
            return rfcText(row);
        default:
            return {};
        }
    case Qt::ToolTipRole: {
        QString tip = eventText(row) + QStringLiteral(": ") + detailsText(row);
        if (const QString rfc = rfcText(row); !rfc.isEmpty())
            tip += QStringLiteral("\n") + tr("RFC 9293 %1").arg(rfc);
        if (const QString note = noteAt(row); !note.isEmpty())
            tip += QStringLiteral("\n\n") + note;
        return tip;
    }
    case Qt::DecorationRole:
        if (index.column() == ColStep && notes_.count(row))
            return QApplication::style()->standardIcon(QStyle::SP_MessageBoxInformation);
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == ColStep || index.column() == ColTime)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::FontRole:
        if (index.column() == ColDetails && isSegmentEvent(ev.kind))
            return QFontDatabase::systemFont(QFontDatabase::FixedFont);
        if (ev.kind == TraceKind::StateChange && index.column() == ColDetails) {
            QFont f;
            f.setBold(true);
            return f;
        }
        return {};
    case Qt::ForegroundRole: {
        QColor c = QApplication::palette().color(QPalette::Text);
        // The kind of event colours what happened; step, time and host stay plain.
        const bool plain =
            index.column() == ColStep || index.column() == ColTime || index.column() == ColHost;
        switch (plain ? TraceKind::Note : ev.kind) {
        case TraceKind::SegmentDropped:
        case TraceKind::ConnectionError:
            c = QColor(0xc6, 0x28, 0x28);
            break;
        case TraceKind::StateChange:
            c = QColor(0x15, 0x65, 0xc0);
            break;
        case TraceKind::TimerArmed:
        case TraceKind::TimerCancelled:
            c = QColor(0x75, 0x75, 0x75);
            break;
        case TraceKind::TimerFired:
            c = QColor(0xb2, 0x6a, 0x00);
            break;
        case TraceKind::UserCall:
        case TraceKind::DataDelivered:
            c = QColor(0x2e, 0x7d, 0x32);
            break;
        default:
            break;
        }
        // The kinds' colours are dark: lighter on a dark ground (colors.h isDarkPalette()).
        if (!plain && QApplication::palette().color(QPalette::Window).lightness() < 128)
            c = c.lighter(170);
        if (row > cursor_)
            c.setAlpha(110); // not happened yet
        return c;
    }
    default:
        return {};
    }
}

QVariant TraceModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::DisplayRole) {
        switch (section) {
        case ColStep:
            return tr("Step");
        case ColTime:
            return tr("Time (s)");
        case ColHost:
            return tr("Host");
        case ColEvent:
            return tr("Event");
        case ColDetails:
            return tr("Details");
        case ColRfc:
            return tr("RFC");
        default:
            return {};
        }
    }
    if (role == Qt::ToolTipRole && section == ColRfc)
        return tr("The section of RFC 9293 (or the rule) behind the event");
    return {};
}

} // namespace tcplab::ui
