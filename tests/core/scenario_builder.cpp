#include "scenario_builder.h"

#include <map>
#include <sstream>

namespace tcplab::test {

namespace {
std::string segLine(const Trace& t, const SegmentRecord& s) {
    std::ostringstream o;
    o << t.hostNames[s.srcHost].substr(0, 1) << ">" << t.hostNames[s.dstHost].substr(0, 1) << " ["
      << flagsToTcpdump(s.flags) << "] " << s.seq.value() << ":" << (s.seq + s.payloadLen).value();
    if (s.flags & TcpFlag::ACK)
        o << " ack " << s.ack.value();
    o << " win " << s.window;
    if (s.mss)
        o << " mss " << s.mss;
    if (s.retransmission)
        o << " (rtx)";
    return o.str();
}
} // namespace

std::string describeTrace(const Trace& t) {
    std::ostringstream o;
    for (const auto& e : t.events) {
        o << toNanos(e.at) / 1000 << "us " << t.hostNames[e.host] << " " << traceKindName(e.kind);
        if (e.segment != kNone)
            o << " " << segLine(t, t.segments[e.segment]);
        if (e.kind == TraceKind::StateChange)
            o << " " << stateName(e.from) << " -> " << stateName(e.to) << " (" << e.rule()->id << ")";
        if (e.kind == TraceKind::TimerArmed || e.kind == TraceKind::TimerFired ||
            e.kind == TraceKind::TimerCancelled)
            o << " " << timerName(e.timer) << " @" << toNanos(e.deadline()) / 1000 << "us";
        if (!t.text(e).empty())
            o << " : " << t.text(e);
        o << "\n";
    }
    return o.str();
}

std::vector<std::string> sentSegments(const Trace& t) {
    std::vector<std::string> out;
    for (const auto& e : t.events)
        if (e.kind == TraceKind::SegmentSent)
            out.push_back(segLine(t, t.segments[e.segment]));
    return out;
}

std::vector<std::string> statePaths(const Trace& t, const std::string& host) {
    std::map<std::uint32_t, std::string> paths;
    for (const auto& e : t.events) {
        if (e.kind != TraceKind::StateChange || t.hostNames[e.host] != host)
            continue;
        auto& p = paths[e.conn];
        if (p.empty())
            p = std::string(stateName(e.from));
        p += ">" + std::string(stateName(e.to));
    }
    std::vector<std::string> out;
    for (auto& [id, p] : paths)
        out.push_back(p);
    return out;
}

} // namespace tcplab::test
