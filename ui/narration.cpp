#include "narration.h"

#include "colors.h"
#include "io/ladder.h"
#include "scenario/scenario.h"
#include "trace_model.h"

namespace tcplab::ui {

namespace {

QString host(const Trace& t, std::uint16_t h) {
    return h < t.hostNames.size() ? QString::fromStdString(t.hostNames[h]) : QStringLiteral("#%1").arg(h);
}

// The segment the host received just before a state change (what triggered it), or nullptr.
std::optional<SegmentRecord> arrivedBefore(const Trace& t, int row, std::uint16_t h) {
    for (int i = row - 1; i >= 0 && i >= row - 12; --i) {
        const TraceEvent& ev = t.events[static_cast<std::size_t>(i)];
        if (ev.kind == TraceKind::SegmentDelivered && ev.segment < t.segments.size() &&
            t.segments[ev.segment].dstHost == h)
            return t.segments[ev.segment];
        if (ev.kind == TraceKind::SegmentSent || ev.kind == TraceKind::UserCall)
            break;
    }
    return std::nullopt;
}

// The segment the host sent right after a state change (its answer), or nullptr.
std::optional<SegmentRecord> sentAfter(const Trace& t, int row, std::uint16_t h) {
    for (std::size_t i = static_cast<std::size_t>(row) + 1;
         i < t.events.size() && i <= static_cast<std::size_t>(row) + 12; ++i) {
        const TraceEvent& ev = t.events[i];
        if (ev.kind == TraceKind::SegmentSent && ev.segment < t.segments.size() &&
            t.segments[ev.segment].srcHost == h)
            return t.segments[ev.segment];
        if (ev.kind == TraceKind::SegmentDelivered)
            break;
    }
    return std::nullopt;
}

QString summary(const Trace& t, std::uint32_t seg) {
    if (seg >= t.segments.size())
        return {};
    const SegmentRecord& s = t.segments[seg];
    return QStringLiteral("[%1]").arg(QString::fromStdString(flagsToString(s.flags))) +
           (s.payloadLen ? QStringLiteral(" Len=%1").arg(s.payloadLen) : QString());
}

} // namespace

QString Narrator::timerName(TimerKind k) {
    switch (k) {
    case TimerKind::Retransmission:
        return tr("retransmission timer");
    case TimerKind::Persist:
        return tr("persist timer");
    case TimerKind::Keepalive:
        return tr("keep-alive timer");
    case TimerKind::DelayedAck:
        return tr("delayed-ACK timer");
    case TimerKind::TimeWait:
        return tr("TIME-WAIT (2·MSL) timer");
    case TimerKind::FinWait2:
        return tr("FIN-WAIT-2 timer");
    }
    return {};
}

QString Narrator::citation(const Trace& trace, int row) {
    if (row < 0 || row >= static_cast<int>(trace.events.size()))
        return {};
    const TraceEvent& ev = trace.events[static_cast<std::size_t>(row)];
    std::string_view ref = trace.rfc(ev);
    if (ref.empty() && ev.kind == TraceKind::StateChange && ev.rule())
        ref = ev.rule()->rfcSection;
    if (ref.empty() && (ev.kind == TraceKind::TimerArmed || ev.kind == TraceKind::TimerFired) &&
        ev.timer == TimerKind::Retransmission)
        return tr("RFC 6298");
    if (ref.empty())
        return {};
    const QString r = qs(ref);
    if (r.front().isDigit())
        return tr("RFC 9293 §%1").arg(r);
    return r;
}

QString Narrator::sentence(const Trace& t, int row) {
    if (row < 0)
        return tr("Nothing has happened yet. Press Step (→) to see the first event, or Play (Space).");
    if (row >= static_cast<int>(t.events.size()))
        return {};
    const TraceEvent& ev = t.events[static_cast<std::size_t>(row)];
    const QString who = host(t, ev.host);
    // A copy of the segment's record (the trace decodes it), or nullptr.
    SegmentRecord segCopy;
    const SegmentRecord* seg = nullptr;
    if (ev.segment < t.segments.size()) {
        segCopy = t.segments[ev.segment];
        seg = &segCopy;
    }
    QString text;
    switch (ev.kind) {
    case TraceKind::StateChange: {
        const std::string_view id = ev.rule() ? ev.rule()->id : std::string_view();
        const std::optional<SegmentRecord> in = arrivedBefore(t, row, ev.host);
        const std::optional<SegmentRecord> out = sentAfter(t, row, ev.host);
        const QString irs = in ? QString::number(in->seq.value()) : QStringLiteral("?");
        const QString iss = out ? QString::number(out->seq.value()) : QStringLiteral("?");
        if (id == "CL-1")
            text =
                tr("%1 opens passively (listen): it creates a TCB and waits in LISTEN for a SYN.").arg(who);
        else if (id == "CL-2")
            text =
                tr("%1 opens actively (connect): it chooses its ISS = %2, sends a SYN and enters SYN-SENT.")
                    .arg(who, iss);
        else if (id == "LI-3")
            text = tr("%1 is in LISTEN and receives a SYN: it records IRS = %2, sends SYN,ACK with its ISS = "
                      "%3, "
                      "and enters SYN-RECEIVED.")
                       .arg(who, irs, iss);
        else if (id == "SS-3")
            text =
                tr("%1 is in SYN-SENT and receives a SYN,ACK that acknowledges its SYN: it records IRS = %2, "
                   "answers with an ACK and enters ESTABLISHED.")
                    .arg(who, irs);
        else if (id == "SS-7")
            text = tr("%1 is in SYN-SENT and receives a SYN without an ACK — both sides opened at once: it "
                      "records IRS = %2, sends SYN,ACK and enters SYN-RECEIVED.")
                       .arg(who, irs);
        else if (id == "SR-1")
            text = tr("%1 is in SYN-RECEIVED and receives the ACK of its SYN: the three-way handshake is "
                      "complete "
                      "and it enters ESTABLISHED.")
                       .arg(who);
        else if (id == "ES-2" || id == "SR-14")
            text =
                tr("%1's application closes the connection: %1 sends a FIN and enters FIN-WAIT-1.").arg(who);
        else if (id == "ES-10")
            text =
                tr("%1 is in ESTABLISHED and receives a FIN: the peer has finished sending. It acknowledges "
                   "the FIN, tells its application (end of stream) and enters CLOSE-WAIT.")
                    .arg(who);
        else if (id == "F1-1")
            text =
                tr("%1 is in FIN-WAIT-1 and receives the ACK of its FIN: its direction is closed. It enters "
                   "FIN-WAIT-2 and waits for the peer's FIN.")
                    .arg(who);
        else if (id == "F1-3")
            text = tr("%1 is in FIN-WAIT-1 and receives the peer's FIN before the ACK of its own (a "
                      "simultaneous "
                      "close): it acknowledges the FIN and enters CLOSING.")
                       .arg(who);
        else if (id == "F2-1")
            text = tr("%1 is in FIN-WAIT-2 and receives the peer's FIN: it acknowledges it and enters "
                      "TIME-WAIT, "
                      "where it stays for 2·MSL in case that last ACK is lost.")
                       .arg(who);
        else if (id == "CW-2")
            text = tr("%1's application closes its side too: %1 sends its FIN and enters LAST-ACK.").arg(who);
        else if (id == "CG-1")
            text = tr("%1 is in CLOSING and receives the ACK of its FIN: it enters TIME-WAIT.").arg(who);
        else if (id == "LA-1")
            text = tr("%1 is in LAST-ACK and receives the ACK of its FIN: the connection is closed and %1 "
                      "deletes its TCB (CLOSED).")
                       .arg(who);
        else if (id == "TW-1")
            text =
                tr("%1's 2·MSL timer expires in TIME-WAIT: no old segment of this connection can still be in "
                   "the network, so it deletes its TCB (CLOSED).")
                    .arg(who);
        else
            text = tr("%1 goes from %2 to %3 (“%4”).")
                       .arg(who, qs(stateName(ev.from)), qs(stateName(ev.to)),
                            ev.rule() ? qs(ev.rule()->label) : QString());
        break;
    }
    case TraceKind::UserCall:
        text = tr("%1's application calls %2.").arg(who, qs(t.text(ev)));
        break;
    case TraceKind::SegmentSent:
        if (seg) {
            text = tr("%1 sends %2 to %3.").arg(who, summary(t, ev.segment), host(t, seg->dstHost));
            if (seg->retransmission)
                text += QLatin1Char(' ') + tr("It is a retransmission: these sequence numbers were sent "
                                              "before and not acknowledged.");
        }
        break;
    case TraceKind::SegmentDelivered:
        if (seg)
            text = tr("%1 from %2 arrives at %3 after %4 ms on the link.")
                       .arg(summary(t, ev.segment), host(t, seg->srcHost), host(t, seg->dstHost))
                       .arg(static_cast<double>(toNanos(ev.at) - toNanos(seg->sentAt)) / 1e6, 0, 'g', 6);
        break;
    case TraceKind::SegmentDropped:
        if (seg)
            text = tr("The network loses %1 from %2 to %3 (%4). Nobody is told: the sender will notice only "
                      "when "
                      "its retransmission timer expires.")
                       .arg(summary(t, ev.segment), host(t, seg->srcHost), host(t, seg->dstHost),
                            qs(t.text(ev)));
        break;
    case TraceKind::SegmentDuplicated:
        text = tr("The network duplicates %1: a second copy will arrive.").arg(summary(t, ev.segment));
        break;
    case TraceKind::SegmentDelayed:
        text = tr("The network holds %1 back by %2 ms.")
                   .arg(summary(t, ev.segment))
                   .arg(static_cast<double>(ev.value()) / 1e6, 0, 'g', 6);
        break;
    case TraceKind::TimerArmed:
        text = tr("%1 starts its %2: it will fire at %3 s, in %4 s, unless it is stopped first.")
                   .arg(who, timerName(ev.timer), TraceModel::formatSeconds(ev.deadline()))
                   .arg(static_cast<double>(toNanos(ev.deadline()) - toNanos(ev.at)) / 1e9, 0, 'f', 3);
        break;
    case TraceKind::TimerCancelled:
        text = tr("%1 stops its %2: what it was waiting for has happened.").arg(who, timerName(ev.timer));
        break;
    case TraceKind::TimerFired:
        text = tr("%1's %2 expires.").arg(who, timerName(ev.timer));
        if (ev.timer == TimerKind::Retransmission)
            text += QLatin1Char(' ') + tr("It retransmits the oldest unacknowledged segment and doubles its "
                                          "timeout (exponential back-off).");
        break;
    case TraceKind::DataDelivered:
        text = tr("%1 hands %2 bytes, in order, to its application.").arg(who).arg(ev.value());
        break;
    case TraceKind::ConnectionError:
        text = tr("%1 reports an error to its application: %2.").arg(who, qs(t.text(ev)));
        break;
    case TraceKind::Note:
        text = tr("%1: %2.").arg(who, qs(t.text(ev)));
        break;
    case TraceKind::RunEnded:
        text = tr("The run ends: %1.").arg(qs(t.text(ev)));
        break;
    case TraceKind::DatagramSent:
    case TraceKind::DatagramArrived:
        if (ev.value() < t.datagrams.size()) {
            const DatagramRecord& d = t.datagrams[ev.value()];
            const QString link = host(t, d.fromNode) + QStringLiteral("–") + host(t, d.toNode);
            const QString src = QString::fromStdString(formatIpv4(d.srcAddr));
            const QString dst = QString::fromStdString(formatIpv4(d.dstAddr));
            if (d.arpOp == 1) {
                // RFC 826: the request is broadcast; the one node that owns the address answers.
                text =
                    ev.kind == TraceKind::DatagramSent
                        ? tr("%1 broadcasts an ARP request on link %2: “Who has %3? Tell %4.” It cannot send "
                             "the IP datagram until it knows the next hop's MAC address (RFC 826).")
                              .arg(who, link, dst, src)
                        : tr("%1 receives the ARP request for %2: it notes the sender's MAC address and, "
                             "since "
                             "%2 is its own address, answers (RFC 826).")
                              .arg(who, dst);
                break;
            }
            if (d.arpOp == 2) {
                text = ev.kind == TraceKind::DatagramSent
                           ? tr("%1 answers with an ARP reply straight to %2: “%3 is at my MAC address” "
                                "(RFC 826).")
                                 .arg(who, dst, src)
                           : tr("The ARP reply reaches %1: it stores %2's MAC address in its ARP cache and "
                                "sends "
                                "the datagrams that were waiting (RFC 826).")
                                 .arg(who, src);
                break;
            }
            if (d.protocol == 1 && d.fragmentOffset == 0) {
                const QString what = QString::fromStdString(datagramSummary(d));
                text = ev.kind == TraceKind::DatagramSent
                           ? tr("%1 sends an ICMP message to %2 on link %3: %4 (RFC 792).")
                                 .arg(who, dst, link, what)
                           : tr("The ICMP message (%1) arrives at %2.").arg(what, who);
                break;
            }
            const QString what = d.isFragment()
                                     ? tr("fragment (offset %1, %2 data bytes%3) of IPv4 datagram ID %4")
                                           .arg(d.fragmentOffset * 8)
                                           .arg(d.dataLen())
                                           .arg(d.moreFragments ? QStringLiteral(", MF") : QString())
                                           .arg(d.id)
                                     : tr("IPv4 datagram ID %1 (%2 bytes)").arg(d.id).arg(d.totalLen);
            text = ev.kind == TraceKind::DatagramSent
                       ? tr("%1 puts a %2 on link %3, TTL %4.").arg(who, what, link).arg(d.ttl)
                       : tr("The %1 arrives at %2.").arg(what, who);
            if (ev.kind == TraceKind::DatagramSent && d.fragment != 0)
                text +=
                    QLatin1Char(' ') + tr("It is piece %1 of %2: each piece is a datagram of its own with "
                                          "the same ID, and only the destination puts them back together "
                                          "(RFC 791 §3.2).")
                                           .arg(d.fragment)
                                           .arg(d.fragments);
        }
        break;
    case TraceKind::DatagramDropped:
    case TraceKind::DatagramFragmented:
    case TraceKind::FragmentStored:
    case TraceKind::FragmentDiscarded:
    case TraceKind::DatagramReassembled:
    case TraceKind::ReassemblyTimeout:
    case TraceKind::IcmpReceived:
    case TraceKind::PmtuChanged:
        text = tr("%1 (IP layer): %2.").arg(who, qs(t.text(ev)));
        break;
    }
    return text;
}

} // namespace tcplab::ui
