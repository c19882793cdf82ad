#include "what_if.h"

#include "sim/simulation.h"

namespace tcplab::ui {

namespace {

bool traceIsComplete(const Scenario& sc, std::string* why) {
    // The simulator counts segments the trace leaves out; counting the trace would then miss them.
    if (sc.floodSummary || sc.traceConnections != UINT64_MAX) {
        if (why)
            *why = "the trace of this lesson leaves segments out (flood_summary or trace_connections)";
        return false;
    }
    return true;
}

bool matchesRecord(SegmentMatch m, const SegmentRecord& s) {
    return segmentMatches(m, s.flags, s.payloadLen);
}

} // namespace

SegmentMatch mostSpecificMatch(const SegmentRecord& s) {
    for (SegmentMatch m : {SegmentMatch::Syn, SegmentMatch::SynAck, SegmentMatch::Rst, SegmentMatch::Fin,
                           SegmentMatch::Data, SegmentMatch::PureAck})
        if (matchesRecord(m, s))
            return m;
    return SegmentMatch::Any;
}

std::optional<FaultRule> faultRuleForSegment(const Scenario& sc, const Trace& trace, std::uint32_t segment,
                                             FaultAction action, Duration delay, std::string* why) {
    if (segment >= trace.segments.size() || !traceIsComplete(sc, why))
        return std::nullopt;
    const SegmentRecord& target = trace.segments[segment];
    if (target.duplicate) {
        if (why)
            *why = "this is a copy made by the network: act on the original";
        return std::nullopt;
    }
    if (sc.ipLayer()) {
        // Its first hop: the datagram (or first piece) the sending host put on its link.
        for (std::size_t d = 0; d < trace.datagrams.size(); ++d) {
            const DatagramRecord& r = trace.datagrams[d];
            if (r.segment == segment && r.fromNode == target.srcHost && r.fragmentOffset == 0 &&
                r.arpOp == 0) {
                auto rule =
                    faultRuleForDatagram(sc, trace, static_cast<std::uint32_t>(d), action, delay, why);
                if (rule)
                    rule->fragment = 0; // the whole segment, however its host cut it
                return rule;
            }
        }
        if (why)
            *why = "the segment never reached a link";
        return std::nullopt;
    }
    const SegmentMatch match = mostSpecificMatch(target);
    int nth = 0;
    for (std::uint32_t i = 0; i <= segment; ++i) {
        const SegmentRecord& s = trace.segments[i];
        if (!s.duplicate && s.srcHost == target.srcHost && s.dstHost == target.dstHost &&
            matchesRecord(match, s))
            ++nth;
    }
    FaultRule rule;
    rule.from = trace.hostNames[target.srcHost];
    rule.to = trace.hostNames[target.dstHost];
    rule.match = match;
    rule.nth = nth;
    rule.action = action;
    rule.delay = action == FaultAction::Delay ? delay : Duration{0};
    return rule;
}

std::optional<FaultRule> faultRuleForDatagram(const Scenario& sc, const Trace& trace, std::uint32_t datagram,
                                              FaultAction action, Duration delay, std::string* why) {
    if (datagram >= trace.datagrams.size() || !traceIsComplete(sc, why))
        return std::nullopt;
    const DatagramRecord& target = trace.datagrams[datagram];
    if (target.protocol != 6 || target.segment == kNone || target.arpOp != 0) {
        if (why)
            *why = "fault rules act on datagrams that carry TCP";
        return std::nullopt;
    }
    const SegmentMatch match = mostSpecificMatch(trace.segments[target.segment]);
    // The datagram this piece belongs to on this hop: the first piece (offset 0) at or before it with the
    // same source and identification.
    std::uint32_t first = datagram;
    for (std::uint32_t i = datagram; target.fragmentOffset != 0 && i-- > 0;) {
        const DatagramRecord& r = trace.datagrams[i];
        if (r.fragmentOffset == 0 && r.fromNode == target.fromNode && r.toNode == target.toNode &&
            r.srcAddr == target.srcAddr && r.id == target.id) {
            first = i;
            break;
        }
    }
    int nth = 0;
    for (std::uint32_t i = 0; i <= first; ++i) {
        const DatagramRecord& r = trace.datagrams[i];
        if (r.fromNode == target.fromNode && r.toNode == target.toNode && r.protocol == 6 && r.arpOp == 0 &&
            r.fragmentOffset == 0 && r.segment != kNone && matchesRecord(match, trace.segments[r.segment]))
            ++nth;
    }
    FaultRule rule;
    rule.from = trace.hostNames[target.fromNode];
    rule.to = trace.hostNames[target.toNode];
    rule.match = match;
    rule.nth = nth;
    rule.action = action;
    rule.delay = action == FaultAction::Delay ? delay : Duration{0};
    rule.fragment = target.isFragment() ? target.fragment : 0;
    return rule;
}

ActionSpec actionAtRow(const Trace& trace, int row, std::uint16_t host, ActionKind kind,
                       std::uint64_t bytes) {
    ActionSpec a;
    const Instant t = row >= 0 && static_cast<std::size_t>(row) < trace.events.size()
                          ? trace.events[static_cast<std::size_t>(row)].at
                          : kTimeZero;
    a.when.at = t + Duration{1};
    a.kind = kind;
    a.host = trace.hostNames[host];
    a.bytes = kind == ActionKind::Send ? bytes : 0;
    // The host's connection that is open at that row: the newest one that exists by then and has not
    // been closed (a state change to CLOSED at or before the row).
    std::vector<bool> closed(trace.connections.size(), false);
    for (std::size_t e = 0; row >= 0 && e <= static_cast<std::size_t>(row) && e < trace.events.size(); ++e) {
        const TraceEvent& ev = trace.events[e];
        if (ev.kind == TraceKind::StateChange && ev.to == TcpState::Closed && ev.conn < closed.size())
            closed[ev.conn] = true;
    }
    for (std::size_t c = trace.connections.size(); c-- > 0;) {
        const ConnectionRecord& rec = trace.connections[c];
        if (rec.host == host && !rec.listener && rec.createdAt <= t && !closed[c]) {
            a.localPort = rec.local.port;
            break;
        }
    }
    return a;
}

int firstDifferingEvent(const Trace& before, const Trace& after) {
    const std::size_t n = std::min(before.events.size(), after.events.size());
    auto sameSegment = [&](std::uint32_t a, std::uint32_t b) {
        if (a == kNone || b == kNone)
            return a == b;
        if (a >= before.segments.size() || b >= after.segments.size())
            return false;
        const SegmentRecord& x = before.segments[a];
        const SegmentRecord& y = after.segments[b];
        return x.srcHost == y.srcHost && x.dstHost == y.dstHost && x.seq == y.seq && x.ack == y.ack &&
               x.flags == y.flags && x.window == y.window && x.payloadLen == y.payloadLen &&
               x.retransmission == y.retransmission && x.duplicate == y.duplicate;
    };
    for (std::size_t i = 0; i < n; ++i) {
        const TraceEvent& a = before.events[i];
        const TraceEvent& b = after.events[i];
        const bool same = a.at == b.at && a.kind == b.kind && a.host == b.host && a.conn == b.conn &&
                          a.from == b.from && a.to == b.to && a.timer == b.timer && a.value() == b.value() &&
                          a.rule() == b.rule() && before.text(a) == after.text(b) &&
                          sameSegment(a.segment, b.segment);
        if (!same)
            return static_cast<int>(i);
    }
    if (before.events.size() != after.events.size())
        return static_cast<int>(n);
    return -1;
}

} // namespace tcplab::ui
