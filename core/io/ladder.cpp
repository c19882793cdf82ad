// The terminal ladder and tcpdump renderings. Rows are built as plain ASCII canvases (lanes, arrows) with
// UTF-8 text (annotations, teacher notes) appended where a lane would otherwise be overwritten.
#include "io/ladder.h"

#include "scenario/scenario.h"
#include "tcp/transitions.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace tcplab {

namespace {

constexpr std::int64_t kNsPerSec = 1'000'000'000;

// "1 s", "1.5 s", "200 ms", "40 us", "7 ns": a duration for a person, exact (trailing zeros trimmed).
std::string formatDuration(std::int64_t ns) {
    if (ns < 0)
        return "-" + formatDuration(-ns);
    auto trimmed = [](std::int64_t v, std::int64_t unit, int decimals, const char* suffix) {
        std::string s = std::to_string(v / unit);
        std::int64_t frac = v % unit;
        if (frac != 0) {
            std::string f = std::to_string(frac);
            f.insert(0, static_cast<std::size_t>(decimals) - f.size(), '0');
            while (!f.empty() && f.back() == '0')
                f.pop_back();
            s += "." + f;
        }
        return s + suffix;
    };
    if (ns >= kNsPerSec)
        return trimmed(ns, kNsPerSec, 9, " s");
    if (ns >= 1'000'000)
        return trimmed(ns, 1'000'000, 6, " ms");
    if (ns >= 1'000)
        return trimmed(ns, 1'000, 3, " us");
    return std::to_string(ns) + " ns";
}

std::string rfcSuffix(std::string_view rfc) {
    if (rfc.empty())
        return {};
    if (rfc.front() >= '0' && rfc.front() <= '9')
        return " (RFC 9293 \xC2\xA7" + std::string(rfc) + ")";
    return " (" + std::string(rfc) + ")";
}

std::string timerLabel(TimerKind k) {
    switch (k) {
    case TimerKind::Retransmission:
        return "RTO";
    case TimerKind::Persist:
        return "persist";
    case TimerKind::Keepalive:
        return "keep-alive";
    case TimerKind::DelayedAck:
        return "delayed ACK";
    case TimerKind::TimeWait:
        return "TIME-WAIT 2MSL";
    case TimerKind::FinWait2:
        return "FIN-WAIT-2";
    }
    return std::string(timerName(k));
}

// Terminal columns taken by UTF-8 text: wide East Asian characters count two.
int displayWidth(std::string_view s) {
    int w = 0;
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        std::uint32_t cp = c;
        std::size_t len = 1;
        if (c >= 0xF0 && i + 3 < s.size()) {
            len = 4;
            cp = ((c & 0x07u) << 18) | ((static_cast<unsigned char>(s[i + 1]) & 0x3Fu) << 12) |
                 ((static_cast<unsigned char>(s[i + 2]) & 0x3Fu) << 6) |
                 (static_cast<unsigned char>(s[i + 3]) & 0x3Fu);
        } else if (c >= 0xE0 && i + 2 < s.size()) {
            len = 3;
            cp = ((c & 0x0Fu) << 12) | ((static_cast<unsigned char>(s[i + 1]) & 0x3Fu) << 6) |
                 (static_cast<unsigned char>(s[i + 2]) & 0x3Fu);
        } else if (c >= 0xC0 && i + 1 < s.size()) {
            len = 2;
            cp = ((c & 0x1Fu) << 6) | (static_cast<unsigned char>(s[i + 1]) & 0x3Fu);
        }
        const bool wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
                          (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
                          (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
                          (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
        w += wide ? 2 : 1;
        i += len;
    }
    return w;
}

// Annotation text for a terminal: control characters become visible escapes so a row stays one line.
std::string printable(std::string_view s) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(s.size());
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == '\n')
            out += "\\n";
        else if (c == '\t')
            out += "\\t";
        else if (c == '\r')
            out += "\\r";
        else if (c < 0x20 || c == 0x7F) {
            out += "\\x";
            out += kHex[c >> 4];
            out += kHex[c & 15];
        } else
            out += ch;
    }
    return out;
}

void rtrim(std::string& s) {
    while (!s.empty() && s.back() == ' ')
        s.pop_back();
}

// ---- Wireshark numbers
// -------------------------------------------------------------------------------------

struct Direction {
    std::uint32_t srcAddr;
    std::uint16_t srcPort;
    std::uint32_t dstAddr;
    std::uint16_t dstPort;
    auto operator<=>(const Direction&) const = default;
    Direction reversed() const { return {dstAddr, dstPort, srcAddr, srcPort}; }
};

Direction directionOf(const SegmentRecord& s) {
    return {s.srcAddr, s.srcPort, s.dstAddr, s.dstPort};
}

std::string summary(const SegmentRecord& s, std::optional<SeqNum> seqBase, std::optional<SeqNum> ackBase) {
    const std::string flags = flagsToString(s.flags);
    std::string out = "[" + (flags.empty() ? std::string("<None>") : flags) + "]";
    const std::uint32_t seq = seqBase ? s.seq.value() - seqBase->value() : s.seq.value();
    out += " Seq=" + std::to_string(seq);
    if (s.flags & TcpFlag::ACK) {
        const std::uint32_t ack = ackBase ? s.ack.value() - ackBase->value() : s.ack.value();
        out += " Ack=" + std::to_string(ack);
    }
    out += " Win=" + std::to_string(s.window);
    if (s.flags & TcpFlag::URG)
        out += " Urg=" + std::to_string(s.urgentPointer);
    out += " Len=" + std::to_string(s.payloadLen);
    if (s.mss != 0)
        out += " MSS=" + std::to_string(s.mss);
    return out;
}

// ---- tcpdump ---------------------------------------------------------------------------------------------

// tcpdump's print-tcp.c keeps, per conversation (both directions), the base of each direction. An entry is
// made (or remade) by a segment with ACK whose conversation has none yet, or by one with SYN and ACK; that
// segment is printed absolute, and later segments with ACK relative. Segments without ACK are absolute.
class TcpdumpNumbers {
public:
    // Returns the numbers to print for s.
    std::pair<std::uint32_t, std::uint32_t> numbers(const SegmentRecord& s) {
        std::uint32_t seq = s.seq.value();
        std::uint32_t ack = s.ack.value();
        if (!(s.flags & TcpFlag::ACK))
            return {seq, ack};
        const Direction d = directionOf(s);
        const bool rev = d.reversed() < d;
        const Direction key = rev ? d.reversed() : d;
        auto it = conv_.find(key);
        if (it == conv_.end() || (s.flags & TcpFlag::SYN)) {
            Bases b;
            if (rev) {
                b.ack = seq;
                b.seq = ack - 1;
            } else {
                b.seq = seq;
                b.ack = ack - 1;
            }
            conv_[key] = b;
            return {seq, ack};
        }
        if (rev) {
            seq -= it->second.ack;
            ack -= it->second.seq;
        } else {
            seq -= it->second.seq;
            ack -= it->second.ack;
        }
        return {seq, ack};
    }

private:
    struct Bases {
        std::uint32_t seq = 0; // the key's forward direction
        std::uint32_t ack = 0; // the reverse direction
    };
    std::map<Direction, Bases> conv_;
};

std::string tcpdumpLine(Instant at, const SegmentRecord& s, std::uint32_t seq, std::uint32_t ack) {
    std::string out = formatSeconds(toNanos(at)) + " IP " + formatIpv4(s.srcAddr) + "." +
                      std::to_string(s.srcPort) + " > " + formatIpv4(s.dstAddr) + "." +
                      std::to_string(s.dstPort) + ": Flags [" + flagsToTcpdump(s.flags) + "]";
    if (s.payloadLen > 0 || (s.flags & (TcpFlag::SYN | TcpFlag::FIN | TcpFlag::RST))) {
        out += ", seq " + std::to_string(seq);
        if (s.payloadLen > 0)
            out += ":" + std::to_string(static_cast<std::uint32_t>(seq + s.payloadLen));
    }
    if (s.flags & TcpFlag::ACK)
        out += ", ack " + std::to_string(ack);
    out += ", win " + std::to_string(s.window);
    if (s.flags & TcpFlag::URG)
        out += ", urg " + std::to_string(s.urgentPointer);
    if (s.mss != 0)
        out += ", options [mss " + std::to_string(s.mss) + "]";
    out += ", length " + std::to_string(s.payloadLen);
    return out;
}

// ---- Ladder
// ------------------------------------------------------------------------------------------------

struct Fate {
    bool dropped = false;
    std::string reason;
    std::optional<Instant> arrived;
    std::int64_t delayNs = 0;
};

class Ladder {
public:
    Ladder(const Trace& trace, const LadderOptions& opt) : trace_(trace), opt_(opt) {}

    std::string render() {
        prepare();
        header();
        std::vector<std::vector<const LadderNote*>> notesAt(trace_.events.size());
        std::vector<const LadderNote*> lateNotes;
        for (const auto& n : opt_.notes) {
            if (n.event < trace_.events.size())
                notesAt[n.event].push_back(&n);
            else
                lateNotes.push_back(&n);
        }
        for (std::size_t i = 0; i < trace_.events.size(); ++i) {
            event(trace_.events[i]);
            for (const LadderNote* n : notesAt[i])
                note(n->text);
        }
        for (const LadderNote* n : lateNotes)
            note(n->text);
        return out_;
    }

private:
    void prepare() {
        bases_ = wiresharkRelativeBases(trace_);
        fates_.assign(trace_.segments.size(), Fate{});
        std::size_t timeWidth = std::string("time (s)").size();
        for (const auto& ev : trace_.events) {
            timeWidth = std::max(timeWidth, formatSeconds(toNanos(ev.at)).size());
            if (ev.segment == kNone || ev.segment >= fates_.size())
                continue;
            Fate& f = fates_[ev.segment];
            switch (ev.kind) {
            case TraceKind::SegmentDropped:
                f.dropped = true;
                f.reason = trace_.text(ev);
                break;
            case TraceKind::SegmentDelivered:
                if (!f.arrived)
                    f.arrived = ev.at;
                break;
            case TraceKind::SegmentDelayed:
                f.delayNs += static_cast<std::int64_t>(ev.value());
                break;
            default:
                break;
            }
        }
        const int hosts = std::max<int>(1, static_cast<int>(trace_.hostNames.size()));
        const int first = static_cast<int>(timeWidth) + 2;
        constexpr int kMinGap = 24;
        constexpr int kRightReserve = 26; // room for "arrives 12.345678" after the last lane
        int gap = kMinGap;
        if (hosts > 1)
            gap = std::max(kMinGap, (opt_.width - first - 1 - kRightReserve) / (hosts - 1));
        const std::vector<int> order = laneOrder(trace_);
        lanes_.assign(static_cast<std::size_t>(hosts), first);
        for (int k = 0; k < hosts; ++k)
            lanes_[static_cast<std::size_t>(order[static_cast<std::size_t>(k)])] = first + k * gap;
        datagramFates_.assign(trace_.datagrams.size(), Fate{});
        for (const auto& ev : trace_.events) {
            if (ev.value() >= trace_.datagrams.size())
                continue;
            if (ev.kind == TraceKind::DatagramArrived && !datagramFates_[ev.value()].arrived)
                datagramFates_[ev.value()].arrived = ev.at;
            if (ev.kind == TraceKind::DatagramDropped) {
                datagramFates_[ev.value()].dropped = true;
                datagramFates_[ev.value()].reason = trace_.text(ev);
            }
        }

        // Connection tags, when a host has more than one connection (other than listeners).
        std::vector<int> perHost(trace_.hostNames.size(), 0);
        for (const auto& c : trace_.connections)
            if (!c.listener && c.host < perHost.size())
                ++perHost[c.host];
        tags_.assign(trace_.connections.size(), std::string());
        std::set<std::pair<std::uint16_t, std::uint16_t>> listening; // (host, port): linear, not quadratic
        for (const auto& l : trace_.connections)
            if (l.listener)
                listening.insert({l.host, l.local.port});
        for (std::size_t i = 0; i < trace_.connections.size(); ++i) {
            const ConnectionRecord& c = trace_.connections[i];
            if (c.host >= perHost.size() || perHost[c.host] < 2)
                continue;
            if (c.listener) {
                tags_[i] = "[listen :" + std::to_string(c.local.port) + "] ";
                continue;
            }
            // The ephemeral end names the connection on both hosts: the remote port on a server.
            const bool serverSide = listening.count({c.host, c.local.port}) != 0;
            tags_[i] = "[:" + std::to_string(serverSide ? c.remote.port : c.local.port) + "] ";
        }
    }

    std::string canvas(std::string_view time) const {
        std::string line(static_cast<std::size_t>(*std::max_element(lanes_.begin(), lanes_.end()) + 1), ' ');
        line.replace(0, time.size(), time);
        for (int x : lanes_)
            line[static_cast<std::size_t>(x)] = '|';
        return line;
    }

    // The time column shows an instant once; rows at the same instant leave it blank.
    std::string timeFor(Instant at) {
        if (lastTime_ && *lastTime_ == at)
            return {};
        lastTime_ = at;
        return formatSeconds(toNanos(at));
    }

    void emitLine(std::string line) {
        rtrim(line);
        out_ += line;
        out_ += '\n';
    }

    void header() {
        std::string names = canvas("time (s)");
        std::string addrs = canvas("");
        std::string namesTail;
        for (std::size_t h = 0; h < lanes_.size() && h < trace_.hostNames.size(); ++h) {
            const auto x = static_cast<std::size_t>(lanes_[h]);
            const std::string name = laneName(trace_, static_cast<int>(h));
            const std::string addr =
                h < trace_.hostAddrs.size() ? formatIpv4(trace_.hostAddrs[h]) : std::string();
            names.replace(x, std::min(name.size(), names.size() - x), name.substr(0, names.size() - x));
            if (name.size() > names.size() - x)
                namesTail = name.substr(names.size() - x);
            addrs.replace(x, std::min(addr.size(), addrs.size() - x), addr.substr(0, addrs.size() - x));
            if (addr.size() > addrs.size() - x)
                addrs += addr.substr(addrs.size() - x);
        }
        emitLine(names + namesTail);
        emitLine(addrs);
    }

    // Text next to a host's lane. It keeps the lanes to its right when it fits before the next one.
    void annotate(Instant at, std::uint16_t host, const std::string& rawText) {
        const std::string text = printable(rawText);
        const std::string line = canvas(timeFor(at));
        const std::size_t h = std::min<std::size_t>(host, lanes_.size() - 1);
        const auto col = static_cast<std::size_t>(lanes_[h] + 3);
        std::string out = line.substr(0, std::min(col, line.size()));
        if (out.size() < col)
            out.append(col - out.size(), ' ');
        out += text;
        int nextLane = INT32_MAX;
        for (int x : lanes_)
            if (x > lanes_[h])
                nextLane = std::min(nextLane, x);
        if (nextLane != INT32_MAX) {
            const auto next = static_cast<std::size_t>(nextLane);
            const std::size_t end = col + static_cast<std::size_t>(displayWidth(text));
            if (end + 1 < next) {
                out.append(next - end, ' ');
                out += line.substr(next);
            }
        }
        emitLine(out);
    }

    void note(const std::string& text) {
        std::string line(static_cast<std::size_t>(*std::min_element(lanes_.begin(), lanes_.end())), ' ');
        emitLine(line + ">> " + printable(text));
    }

    std::string tag(const TraceEvent& ev) const {
        return ev.conn < tags_.size() ? tags_[ev.conn] : std::string();
    }

    void arrow(const TraceEvent& ev) {
        const SegmentRecord& s = trace_.segments[ev.segment];
        const Fate& fate = fates_[ev.segment];
        const RelativeBases rb = opt_.absoluteSeq ? RelativeBases{} : bases_[ev.segment];
        const std::string label = summary(s, rb.seq, rb.ack);

        std::vector<std::string> notes;
        if (ev.kind == TraceKind::SegmentDuplicated)
            notes.push_back("network duplicate");
        if (s.retransmission)
            notes.push_back("retransmission");
        if (fate.delayNs > 0)
            notes.push_back("held " + formatDuration(fate.delayNs));
        if (fate.dropped)
            notes.push_back("X " + fate.reason);
        else if (fate.arrived)
            notes.push_back("arrives " + formatSeconds(toNanos(*fate.arrived)));
        else
            notes.push_back("in flight at end of run");
        std::string comment;
        for (const auto& n : notes)
            comment += (comment.empty() ? "" : ", ") + n;

        const bool drawable = s.srcHost < lanes_.size() && s.dstHost < lanes_.size() &&
                              s.srcHost != s.dstHost && s.srcHost < trace_.hostNames.size() &&
                              s.dstHost < trace_.hostNames.size();
        if (!drawable) {
            annotate(ev.at, s.srcHost, tag(ev) + "sends " + label + "  " + comment);
            return;
        }
        drawArrow(ev.at, s.srcHost, s.dstHost, fate.dropped, label, tag(ev) + comment);
    }

    // A datagram's hop drawn as its own arrow: fragments (indented under their segment) and ICMP messages.
    void datagramArrow(const TraceEvent& ev) {
        const DatagramRecord& d = trace_.datagrams[ev.value()];
        const Fate& fate = datagramFates_[ev.value()];
        std::string label;
        if (d.arpOp != 0) {
            label = std::string(trace_.text(ev));
        } else if (d.protocol == 1 && d.fragmentOffset == 0) {
            label = "ICMP " + std::to_string(d.icmpType) + "/" + std::to_string(d.icmpCode);
            if (d.icmpType == 3 && d.icmpCode == 4)
                label += " need to frag (mtu " + std::to_string(d.icmpMtu) + ")";
            else if (d.icmpType == 11)
                label += d.icmpCode == 0 ? " TTL exceeded" : " reassembly time exceeded";
            else if (d.icmpType == 8)
                label += " echo request";
            else if (d.icmpType == 0)
                label += " echo reply";
            label += " ttl=" + std::to_string(d.ttl);
        } else {
            label = "  frag " + std::to_string(d.fragment) + "/" + std::to_string(d.fragments) +
                    " id=" + std::to_string(d.id) + " off=" + std::to_string(d.fragmentOffset * 8) +
                    " len=" + std::to_string(d.dataLen()) + (d.moreFragments ? " MF" : "");
        }
        std::string comment = "  " + label;
        if (fate.dropped)
            comment += ", X " + fate.reason;
        else if (fate.arrived)
            comment += ", arrives " + formatSeconds(toNanos(*fate.arrived));
        if (d.fromNode >= lanes_.size() || d.toNode >= lanes_.size() || d.fromNode == d.toNode) {
            annotate(ev.at, d.fromNode, comment);
            return;
        }
        drawArrow(ev.at, d.fromNode, d.toNode, fate.dropped, std::string(), comment);
    }

    void drawArrow(Instant at, std::uint16_t src, std::uint16_t dst, bool dropped, const std::string& label,
                   const std::string& comment) {
        std::string line = canvas(timeFor(at));
        const int from = lanes_[src];
        const int to = lanes_[dst];
        const bool right = to > from;
        const int left = std::min(from, to);
        const int len = std::abs(to - from) - 1; // the characters between the two lanes
        std::string body(static_cast<std::size_t>(len), '-');
        // The part of the body that carries the arrow: all of it, or up to the X of a drop.
        int lo = 0;
        int hi = len; // [lo, hi)
        constexpr int kDropGap = 4;
        if (dropped && len > 2 * kDropGap) {
            if (right) {
                hi = len - kDropGap;
                body[static_cast<std::size_t>(hi)] = 'X';
                for (int k = hi + 1; k < len; ++k)
                    body[static_cast<std::size_t>(k)] = ' ';
            } else {
                lo = kDropGap;
                body[static_cast<std::size_t>(lo - 1)] = 'X';
                for (int k = 0; k < lo - 1; ++k)
                    body[static_cast<std::size_t>(k)] = ' ';
            }
        } else if (right) {
            body[static_cast<std::size_t>(len - 1)] = '>';
        } else {
            body[0] = '<';
        }
        // The label, centred on the arrow with a space either side, elided if the arrow is short.
        const int room = hi - lo - 6;
        if (room > 3 && !label.empty()) {
            std::string text = label;
            if (static_cast<int>(text.size()) > room)
                text = text.substr(0, static_cast<std::size_t>(room - 3)) + "...";
            text = " " + text + " ";
            const int start = lo + (hi - lo - static_cast<int>(text.size())) / 2;
            body.replace(static_cast<std::size_t>(start), text.size(), text);
        }
        line.replace(static_cast<std::size_t>(left + 1), body.size(), body);
        line += "  " + comment;
        emitLine(line);
    }

    void event(const TraceEvent& ev) {
        switch (ev.kind) {
        case TraceKind::SegmentSent:
        case TraceKind::SegmentDuplicated:
            if (ev.segment < trace_.segments.size())
                arrow(ev);
            return;
        case TraceKind::SegmentDelivered:
        case TraceKind::SegmentDropped:
        case TraceKind::SegmentDelayed:
            return; // shown on the segment's arrow
        case TraceKind::UserCall:
            annotate(ev.at, ev.host, tag(ev) + "app: " + std::string(trace_.text(ev)));
            return;
        case TraceKind::StateChange: {
            std::string text =
                tag(ev) + std::string(stateName(ev.from)) + " -> " + std::string(stateName(ev.to));
            if (ev.rule())
                text += " (" + std::string(ev.rule()->id) + ": " + std::string(ev.rule()->label) + ")";
            annotate(ev.at, ev.host, text);
            return;
        }
        case TraceKind::TimerArmed:
            if (opt_.showTimers)
                annotate(ev.at, ev.host,
                         tag(ev) + "timer " + timerLabel(ev.timer) +
                             " armed: " + formatDuration(toNanos(ev.deadline() - ev.at)) + " (until " +
                             formatSeconds(toNanos(ev.deadline())) + ")");
            return;
        case TraceKind::TimerCancelled:
            if (opt_.showTimers)
                annotate(ev.at, ev.host, tag(ev) + "timer " + timerLabel(ev.timer) + " cancelled");
            return;
        case TraceKind::TimerFired:
            if (opt_.showTimers)
                annotate(ev.at, ev.host, tag(ev) + "timer " + timerLabel(ev.timer) + " fired");
            return;
        case TraceKind::DataDelivered: {
            std::string text = tag(ev) + "app receives " + std::to_string(ev.value()) + " bytes";
            if (!trace_.text(ev).empty())
                text += ": \"" + std::string(trace_.text(ev)) + "\"";
            annotate(ev.at, ev.host, text);
            return;
        }
        case TraceKind::ConnectionError:
            annotate(ev.at, ev.host,
                     tag(ev) + "ERROR: " + std::string(trace_.text(ev)) + rfcSuffix(trace_.rfc(ev)));
            return;
        case TraceKind::Note:
            annotate(ev.at, ev.host,
                     tag(ev) + "note: " + std::string(trace_.text(ev)) + rfcSuffix(trace_.rfc(ev)));
            return;
        case TraceKind::DatagramSent:
            if (ev.value() < trace_.datagrams.size()) {
                const DatagramRecord& d = trace_.datagrams[ev.value()];
                if (d.fragment != 0 || d.arpOp != 0 || (d.protocol == 1 && d.fragmentOffset == 0))
                    datagramArrow(ev);
            }
            return;
        case TraceKind::DatagramArrived:
            return; // shown on the arrow
        case TraceKind::DatagramDropped:
            if (ev.value() >= trace_.datagrams.size() && ev.segment == kNone)
                annotate(ev.at, ev.host, "IP: X " + std::string(trace_.text(ev)));
            else if (ev.value() >= trace_.datagrams.size())
                annotate(ev.at, ev.host, tag(ev) + "IP: X " + std::string(trace_.text(ev)));
            return;
        case TraceKind::DatagramFragmented:
        case TraceKind::FragmentStored:
        case TraceKind::FragmentDiscarded:
        case TraceKind::DatagramReassembled:
        case TraceKind::ReassemblyTimeout:
        case TraceKind::IcmpReceived:
        case TraceKind::PmtuChanged:
            annotate(ev.at, ev.host, "IP: " + std::string(trace_.text(ev)) + rfcSuffix(trace_.rfc(ev)));
            return;
        case TraceKind::RunEnded: {
            std::string line(static_cast<std::size_t>(*std::min_element(lanes_.begin(), lanes_.end())), ' ');
            const std::string time = timeFor(ev.at);
            line.replace(0, time.size(), time);
            emitLine(line + "== end of run: " + printable(trace_.text(ev)) + " ==");
            return;
        }
        }
    }

    const Trace& trace_;
    const LadderOptions& opt_;
    std::vector<RelativeBases> bases_;
    std::vector<Fate> fates_;
    std::vector<Fate> datagramFates_;
    std::vector<int> lanes_;
    std::vector<std::string> tags_;
    std::optional<Instant> lastTime_;
    std::string out_;
};

} // namespace

std::vector<int> laneOrder(const Trace& trace) {
    const int n = std::max<int>(1, static_cast<int>(trace.hostNames.size()));
    std::vector<int> order;
    bool anyRouter = false;
    for (int h = 0; h < n; ++h)
        anyRouter = anyRouter || trace.isRouter(static_cast<std::uint16_t>(h));
    if (!anyRouter) {
        for (int h = 0; h < n; ++h)
            order.push_back(h);
        return order;
    }
    std::vector<std::set<int>> next(static_cast<std::size_t>(n));
    for (const auto& d : trace.datagrams)
        if (d.fromNode < n && d.toNode < n) {
            next[d.fromNode].insert(d.toNode);
            next[d.toNode].insert(d.fromNode);
        }
    std::vector<bool> seen(static_cast<std::size_t>(n), false);
    std::vector<int> stack;
    for (int start = 0; start < n; ++start) {
        if (seen[static_cast<std::size_t>(start)] || trace.isRouter(static_cast<std::uint16_t>(start)))
            continue;
        stack.push_back(start);
        while (!stack.empty()) {
            const int h = stack.back();
            stack.pop_back();
            if (seen[static_cast<std::size_t>(h)])
                continue;
            seen[static_cast<std::size_t>(h)] = true;
            order.push_back(h);
            for (auto it = next[static_cast<std::size_t>(h)].rbegin();
                 it != next[static_cast<std::size_t>(h)].rend(); ++it)
                if (!seen[static_cast<std::size_t>(*it)])
                    stack.push_back(*it);
        }
    }
    for (int h = 0; h < n; ++h)
        if (!seen[static_cast<std::size_t>(h)])
            order.push_back(h);
    return order;
}

std::string laneName(const Trace& trace, int host) {
    if (host < 0 || static_cast<std::size_t>(host) >= trace.hostNames.size())
        return {};
    const std::string& name = trace.hostNames[static_cast<std::size_t>(host)];
    return trace.isRouter(static_cast<std::uint16_t>(host)) ? name + " (router)" : name;
}

std::string datagramSummary(const DatagramRecord& d, std::string_view eventText) {
    char id[8];
    std::snprintf(id, sizeof id, "%04x", static_cast<unsigned>(d.id));
    if (d.arpOp == 1)
        return "Who has " + formatIpv4(d.dstAddr) + "? Tell " + formatIpv4(d.srcAddr);
    if (d.arpOp == 2) {
        std::string mac;
        if (const auto at = eventText.find("is-at "); at != std::string_view::npos)
            mac = std::string(eventText.substr(at + 6, 17));
        return formatIpv4(d.srcAddr) + " is at " + (mac.empty() ? std::string("?") : mac);
    }
    if (d.isFragment()) {
        const std::string proto = d.protocol == 6   ? "TCP 6"
                                  : d.protocol == 1 ? "ICMP 1"
                                                    : std::to_string(d.protocol);
        return "Fragmented IP protocol (proto=" + proto + ", off=" + std::to_string(d.fragmentOffset * 8) +
               ", ID=" + id + ")";
    }
    if (d.protocol == 1) {
        std::string out;
        if (d.icmpType == 8)
            out = "Echo (ping) request";
        else if (d.icmpType == 0)
            out = "Echo (ping) reply";
        else if (d.icmpType == 3 && d.icmpCode == 4)
            out = "Destination unreachable (Fragmentation needed) MTU=" + std::to_string(d.icmpMtu);
        else if (d.icmpType == 3 && d.icmpCode == 3)
            out = "Destination unreachable (Port unreachable)";
        else if (d.icmpType == 3)
            out = "Destination unreachable (code " + std::to_string(d.icmpCode) + ")";
        else if (d.icmpType == 11 && d.icmpCode == 0)
            out = "Time-to-live exceeded (Time to live exceeded in transit)";
        else if (d.icmpType == 11)
            out = "Time-to-live exceeded (Fragment reassembly time exceeded)";
        else
            out = "ICMP type " + std::to_string(d.icmpType) + " code " + std::to_string(d.icmpCode);
        return out + " ttl=" + std::to_string(d.ttl);
    }
    return std::string("IPv4 ID=") + id + " TTL=" + std::to_string(d.ttl) +
           " len=" + std::to_string(d.totalLen);
}

std::string formatSeconds(std::int64_t ns, int decimals) {
    decimals = std::clamp(decimals, 0, 9);
    std::string sign;
    if (ns < 0) {
        sign = "-";
        ns = -ns;
    }
    std::string out = sign + std::to_string(ns / kNsPerSec);
    if (decimals == 0)
        return out;
    std::string frac = std::to_string(ns % kNsPerSec);
    frac.insert(0, 9 - frac.size(), '0');
    return out + "." + frac.substr(0, static_cast<std::size_t>(decimals));
}

std::vector<RelativeBases> wiresharkRelativeBases(const Trace& trace) {
    std::vector<RelativeBases> out(trace.segments.size());
    std::map<Direction, SeqNum> base;
    for (std::size_t i = 0; i < trace.segments.size(); ++i) {
        const SegmentRecord& s = trace.segments[i];
        const Direction d = directionOf(s);
        auto it = base.find(d);
        if (it == base.end())
            it = base.emplace(d, s.seq).first;
        else if ((s.flags & TcpFlag::SYN) && it->second != s.seq)
            it->second = s.seq; // a new connection on the same 4-tuple
        out[i].seq = it->second;
        if (auto r = base.find(d.reversed()); r != base.end())
            out[i].ack = r->second;
    }
    return out;
}

QString wiresharkSummary(const SegmentRecord& s, std::optional<SeqNum> relSeqBase,
                         std::optional<SeqNum> relAckBase) {
    return QString::fromStdString(summary(s, relSeqBase, relAckBase));
}

QString renderLadder(const Trace& trace, const LadderOptions& opt) {
    return QString::fromStdString(Ladder(trace, opt).render());
}

QString renderTcpdump(const Trace& trace, const LadderOptions& opt) {
    std::string out;
    TcpdumpNumbers numbers;
    for (const auto& ev : trace.events) {
        if ((ev.kind != TraceKind::SegmentSent && ev.kind != TraceKind::SegmentDuplicated) ||
            ev.segment >= trace.segments.size())
            continue;
        const SegmentRecord& s = trace.segments[ev.segment];
        auto [seq, ack] = numbers.numbers(s);
        if (opt.absoluteSeq) {
            seq = s.seq.value();
            ack = s.ack.value();
        }
        out += tcpdumpLine(ev.at, s, seq, ack);
        out += '\n';
    }
    return QString::fromStdString(out);
}

} // namespace tcplab
