// The JSON Lines writer. It writes JSON by hand rather than through QJsonObject so that every record's
// keys come out in the documented order (docs/trace-format.md), and so that integers are written as
// integers: QJsonValue holds numbers as doubles.
#include "io/trace_jsonl.h"

#include "scenario/scenario.h"
#include "tcp/transitions.h"

#include <cstdint>
#include <string>

namespace tcplab {

namespace {

// Length of the valid UTF-8 sequence at text[i], or 0 if the bytes there are not one (RFC 3629: no
// overlong forms, no surrogates, nothing above U+10FFFF).
std::size_t utf8SequenceLength(std::string_view text, std::size_t i) {
    const auto byte = [&](std::size_t k) {
        return static_cast<unsigned char>(text[k]);
    };
    const unsigned char c = byte(i);
    std::size_t len = 0;
    std::uint32_t cp = 0;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
        cp = c & 0x1Fu;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        cp = c & 0x0Fu;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        cp = c & 0x07u;
    } else {
        return 0;
    }
    if (i + len > text.size())
        return 0;
    for (std::size_t k = 1; k < len; ++k) {
        const unsigned char cc = byte(i + k);
        if ((cc & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (cc & 0x3Fu);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return len;
}

void appendQuoted(std::string& out, std::string_view text) {
    static constexpr char kHex[] = "0123456789abcdef";
    out += '"';
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x80) {
            const std::size_t len = utf8SequenceLength(text, i);
            if (len == 0) {
                out += "\xEF\xBF\xBD"; // U+FFFD REPLACEMENT CHARACTER
                ++i;
            } else {
                out.append(text.substr(i, len));
                i += len;
            }
            continue;
        }
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\f':
            out += "\\f";
            break;
        default:
            if (c < 0x20 || c == 0x7F) {
                out += "\\u00";
                out += kHex[c >> 4];
                out += kHex[c & 15];
            } else {
                out += static_cast<char>(c);
            }
        }
        ++i;
    }
    out += '"';
}

// One JSON object, written key by key in the order of the calls.
class ObjectWriter {
public:
    explicit ObjectWriter(std::string& out) : out_(out) { out_ += '{'; }
    void str(std::string_view key, std::string_view value) {
        keyPrefix(key);
        appendQuoted(out_, value);
    }
    void num(std::string_view key, std::int64_t value) {
        keyPrefix(key);
        out_ += std::to_string(value);
    }
    void unum(std::string_view key, std::uint64_t value) {
        keyPrefix(key);
        out_ += std::to_string(value);
    }
    void boolean(std::string_view key, bool value) {
        keyPrefix(key);
        out_ += value ? "true" : "false";
    }
    void null(std::string_view key) {
        keyPrefix(key);
        out_ += "null";
    }
    void optIndex(std::string_view key, std::uint32_t index) {
        if (index == kNone)
            null(key);
        else
            unum(key, index);
    }
    // Writes the key and returns the output for a nested value written by the caller.
    std::string& raw(std::string_view key) {
        keyPrefix(key);
        return out_;
    }
    void close() { out_ += '}'; }

private:
    void keyPrefix(std::string_view key) {
        if (!first_)
            out_ += ',';
        first_ = false;
        appendQuoted(out_, key);
        out_ += ':';
    }
    std::string& out_;
    bool first_ = true;
};

std::string hostName(const Trace& trace, std::uint16_t host) {
    if (host < trace.hostNames.size())
        return trace.hostNames[host];
    return "host" + std::to_string(host);
}

std::string linkName(const Trace& trace, std::uint16_t link) {
    if (link < trace.linkNames.size())
        return trace.linkNames[link];
    return "link" + std::to_string(link);
}

void appendFlags(std::string& out, std::uint8_t flags) {
    // Wireshark's order, the same as flagsToString().
    static constexpr struct {
        std::uint8_t bit;
        const char* name;
    } kFlags[] = {{TcpFlag::SYN, "SYN"}, {TcpFlag::FIN, "FIN"}, {TcpFlag::RST, "RST"}, {TcpFlag::PSH, "PSH"},
                  {TcpFlag::ACK, "ACK"}, {TcpFlag::URG, "URG"}, {TcpFlag::ECE, "ECE"}, {TcpFlag::CWR, "CWR"}};
    out += '[';
    bool first = true;
    for (const auto& f : kFlags) {
        if (!(flags & f.bit))
            continue;
        if (!first)
            out += ',';
        first = false;
        appendQuoted(out, f.name);
    }
    out += ']';
}

void appendSegment(std::string& out, const Trace& trace, std::uint32_t index) {
    const SegmentRecord& s = trace.segments[index];
    ObjectWriter o(out);
    o.unum("id", index);
    o.str("from", hostName(trace, s.srcHost));
    o.str("to", hostName(trace, s.dstHost));
    o.str("link", linkName(trace, s.link));
    o.str("src", formatIpv4(s.srcAddr));
    o.unum("src_port", s.srcPort);
    o.str("dst", formatIpv4(s.dstAddr));
    o.unum("dst_port", s.dstPort);
    o.unum("seq", s.seq.value());
    o.unum("ack", s.ack.value());
    appendFlags(o.raw("flags"), s.flags);
    o.unum("window", s.window);
    o.unum("urgent", s.urgentPointer);
    if (s.mss != 0)
        o.unum("mss", s.mss);
    else
        o.null("mss");
    o.unum("len", s.payloadLen);
    o.unum("seg_len", s.segLen());
    o.boolean("retransmission", s.retransmission);
    o.boolean("duplicate", s.duplicate);
    o.optIndex("copy_of", s.copyOf);
    o.num("sent_at", toNanos(s.sentAt));
    o.close();
}

void appendDatagram(std::string& out, const Trace& trace, std::uint32_t index) {
    const DatagramRecord& d = trace.datagrams[index];
    ObjectWriter o(out);
    o.unum("id", index);
    o.str("from", hostName(trace, d.fromNode));
    o.str("to", hostName(trace, d.toNode));
    o.str("link", linkName(trace, d.link));
    o.str("src", formatIpv4(d.srcAddr));
    o.str("dst", formatIpv4(d.dstAddr));
    o.str("protocol", d.arpOp != 0 ? "arp" : d.protocol == 6 ? "tcp" : d.protocol == 1 ? "icmp" : "other");
    o.unum("ip_id", d.id);
    o.unum("ttl", d.ttl);
    o.boolean("df", d.dontFragment);
    o.boolean("mf", d.moreFragments);
    o.unum("offset", d.fragmentOffset);
    o.unum("total_len", d.totalLen);
    if (d.fragment != 0) {
        o.unum("fragment", d.fragment);
        o.unum("fragments", d.fragments);
    } else {
        o.null("fragment");
        o.null("fragments");
    }
    o.optIndex("segment", d.segment);
    if (d.protocol == 1 && d.fragmentOffset == 0) {
        ObjectWriter i(o.raw("icmp"));
        i.unum("type", d.icmpType);
        i.unum("code", d.icmpCode);
        if (d.icmpMtu != 0)
            i.unum("mtu", d.icmpMtu);
        i.close();
    }
    if (d.arpOp != 0) {
        ObjectWriter a(o.raw("arp"));
        a.str("op", d.arpOp == 1 ? "request" : "reply");
        a.close();
    }
    o.num("sent_at", toNanos(d.sentAt));
    o.close();
}

void appendHeader(std::string& out, const Trace& trace) {
    ObjectWriter o(out);
    o.str("type", "header");
    o.str("format", "tcplab-trace");
    o.num("version", kTraceFormatVersion);
    std::string& hosts = o.raw("hosts");
    hosts += '[';
    for (std::size_t i = 0; i < trace.hostNames.size(); ++i) {
        if (i)
            hosts += ',';
        ObjectWriter h(hosts);
        h.str("name", trace.hostNames[i]);
        h.str("address",
              i < trace.hostAddrs.size() ? formatIpv4(trace.hostAddrs[i]) : std::string("0.0.0.0"));
        if (trace.isRouter(static_cast<std::uint16_t>(i)))
            h.boolean("router", true);
        h.close();
    }
    hosts += ']';
    std::string& links = o.raw("links");
    links += '[';
    for (std::size_t i = 0; i < trace.linkNames.size(); ++i) {
        if (i)
            links += ',';
        ObjectWriter l(links);
        l.str("name", trace.linkNames[i]);
        l.close();
    }
    links += ']';
    o.close();
    out += '\n';
}

void appendConnection(std::string& out, const Trace& trace, std::uint32_t id) {
    const ConnectionRecord& c = trace.connections[id];
    ObjectWriter o(out);
    o.str("type", "connection");
    o.unum("conn", id);
    o.num("t", toNanos(c.createdAt));
    o.str("host", hostName(trace, c.host));
    o.boolean("listener", c.listener);
    o.str("local", formatIpv4(c.local.addr));
    o.unum("local_port", c.local.port);
    o.str("remote", formatIpv4(c.remote.addr));
    o.unum("remote_port", c.remote.port);
    o.close();
    out += '\n';
}

// The kinds whose value names a DatagramRecord.
bool datagramKind(TraceKind k) {
    switch (k) {
    case TraceKind::DatagramSent:
    case TraceKind::DatagramArrived:
    case TraceKind::DatagramDropped:
    case TraceKind::DatagramFragmented:
    case TraceKind::FragmentStored:
    case TraceKind::FragmentDiscarded:
    case TraceKind::DatagramReassembled:
    case TraceKind::IcmpReceived:
        return true;
    default:
        return false;
    }
}

void appendEvent(std::string& out, const Trace& trace, std::size_t index) {
    const TraceEvent& ev = trace.events[index];
    ObjectWriter o(out);
    o.str("type", "event");
    o.unum("step", index + 1);
    o.num("t", toNanos(ev.at));
    o.str("kind", traceKindName(ev.kind));
    if (ev.kind == TraceKind::RunEnded)
        o.null("host"); // the run's end belongs to no host
    else
        o.str("host", hostName(trace, ev.host));
    o.optIndex("conn", ev.conn);

    bool textWritten = false;
    const std::string text = trace.text(ev);
    std::string_view rfc = trace.rfc(ev);
    switch (ev.kind) {
    case TraceKind::UserCall:
        if (ev.value() <= static_cast<std::uint64_t>(ActionKind::Traceroute))
            o.str("call", actionKindName(static_cast<ActionKind>(ev.value())));
        else
            o.null("call");
        break;
    case TraceKind::SegmentDropped:
        o.str("reason", text);
        textWritten = true;
        break;
    case TraceKind::SegmentDuplicated:
        o.unum("original", ev.value());
        break;
    case TraceKind::SegmentDelayed:
        o.unum("delay", ev.value());
        break;
    case TraceKind::StateChange:
        o.str("from", stateName(ev.from));
        o.str("to", stateName(ev.to));
        if (ev.rule()) {
            o.str("rule", ev.rule()->id);
            o.str("label", ev.rule()->label);
            if (rfc.empty())
                rfc = ev.rule()->rfcSection;
        } else {
            o.null("rule");
            o.null("label");
        }
        break;
    case TraceKind::TimerArmed:
    case TraceKind::TimerCancelled:
    case TraceKind::TimerFired:
        o.str("timer", timerName(ev.timer));
        o.num("deadline", toNanos(ev.deadline()));
        break;
    case TraceKind::DataDelivered:
        o.unum("bytes", ev.value());
        break;
    case TraceKind::RunEnded:
        o.str("reason", text);
        textWritten = true;
        break;
    case TraceKind::DatagramDropped:
    case TraceKind::FragmentDiscarded:
        o.str("reason", text);
        textWritten = true;
        break;
    case TraceKind::PmtuChanged:
        o.unum("mtu", ev.value());
        break;
    case TraceKind::SegmentSent:
    case TraceKind::SegmentDelivered:
    case TraceKind::ConnectionError:
    case TraceKind::Note:
    case TraceKind::DatagramSent:
    case TraceKind::DatagramArrived:
    case TraceKind::DatagramFragmented:
    case TraceKind::FragmentStored:
    case TraceKind::DatagramReassembled:
    case TraceKind::ReassemblyTimeout:
    case TraceKind::IcmpReceived:
        break;
    }
    if (ev.segment != kNone && ev.segment < trace.segments.size())
        appendSegment(o.raw("segment"), trace, ev.segment);
    if (datagramKind(ev.kind) && ev.value() < trace.datagrams.size())
        appendDatagram(o.raw("datagram"), trace, static_cast<std::uint32_t>(ev.value()));
    if (!textWritten && !text.empty())
        o.str("text", text);
    if (!rfc.empty())
        o.str("rfc", rfc);
    o.close();
    out += '\n';
}

void appendHostStats(std::string& out, const Trace& trace, const HostStatsRecord& r) {
    ObjectWriter o(out);
    o.str("type", "host-stats");
    o.num("t", toNanos(r.at));
    o.str("host", hostName(trace, r.host));
    std::string& states = o.raw("states");
    {
        ObjectWriter st(states);
        for (int i = 0; i < kTcpStateCount; ++i)
            if (r.states[static_cast<std::size_t>(i)] != 0)
                st.unum(stateName(static_cast<TcpState>(i)), r.states[static_cast<std::size_t>(i)]);
        st.close();
    }
    std::string& listeners = o.raw("listeners");
    listeners += '[';
    for (std::size_t i = 0; i < r.listeners.size(); ++i) {
        if (i)
            listeners += ',';
        ObjectWriter l(listeners);
        l.unum("port", r.listeners[i].port);
        l.unum("syn_queue", r.listeners[i].synQueue);
        l.unum("accept_queue", r.listeners[i].acceptQueue);
        l.unum("backlog", r.listeners[i].maxBacklog);
        l.close();
    }
    listeners += ']';
    o.unum("open_files", r.openFiles);
    std::string& counters = o.raw("counters");
    {
        const HostCounters& c = r.counters;
        ObjectWriter k(counters);
        k.unum("syns_received", c.synsReceived);
        k.unum("syn_queue_drops", c.synQueueDrops);
        k.unum("syn_backlog_drops", c.synBacklogDrops);
        k.unum("accept_queue_drops", c.acceptQueueDrops);
        k.unum("final_ack_overflows", c.finalAckOverflows);
        k.unum("cookies_sent", c.cookiesSent);
        k.unum("cookies_valid", c.cookiesValid);
        k.unum("cookies_invalid", c.cookiesInvalid);
        k.unum("accept_failures", c.acceptFailures);
        k.unum("segments_not_traced", c.quietSegments);
        k.close();
    }
    o.close();
    out += '\n';
}

} // namespace

std::string jsonQuote(std::string_view text) {
    std::string out;
    appendQuoted(out, text);
    return out;
}

QByteArray traceToJsonl(const Trace& trace) {
    std::string out;
    out.reserve(256 + trace.events.size() * 200);
    appendHeader(out, trace);
    // A connection's record comes just before the first event that names it (with those of any lower
    // index not yet written), so that a reader meets every connection before it is used.
    std::uint32_t nextConn = 0;
    const auto connCount = static_cast<std::uint32_t>(trace.connections.size());
    std::size_t nextStats = 0;
    for (std::size_t i = 0; i < trace.events.size(); ++i) {
        while (nextStats < trace.hostStats.size() && trace.hostStats[nextStats].afterEvent <= i)
            appendHostStats(out, trace, trace.hostStats[nextStats++]);
        const std::uint32_t conn = trace.events[i].conn;
        while (conn != kNone && nextConn <= conn && nextConn < connCount)
            appendConnection(out, trace, nextConn++);
        appendEvent(out, trace, i);
    }
    // Connections no event names (left out of the trace: Scenario::traceConnections) get no record.
    while (nextStats < trace.hostStats.size())
        appendHostStats(out, trace, trace.hostStats[nextStats++]);
    return QByteArray::fromStdString(out);
}

bool writeTraceJsonl(const Trace& trace, QIODevice& out) {
    const QByteArray bytes = traceToJsonl(trace);
    return out.write(bytes) == bytes.size();
}

} // namespace tcplab
