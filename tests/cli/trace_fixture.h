// A small trace built by hand, for testing the renderers without running a simulation: a handshake whose
// third segment (the ACK) is dropped by a fault rule, 100 bytes of data, and a few oddities (a note with
// characters JSON must escape, a data preview with a byte that is not UTF-8, a duplicate).
#pragma once

#include "sim/trace.h"
#include "tcp/transitions.h"

#include <string>

namespace tcplab::testing {

inline Instant ms(std::int64_t v) {
    return instantFromNanos(v * 1'000'000);
}

inline SegmentRecord segment(std::uint16_t from, std::uint16_t to, std::uint32_t seq, std::uint32_t ack,
                             std::uint8_t flags, std::uint32_t len = 0) {
    SegmentRecord s;
    const bool client = from == 0;
    s.srcHost = from;
    s.dstHost = to;
    s.srcAddr = client ? 0x0A000001 : 0x0A000002;
    s.dstAddr = client ? 0x0A000002 : 0x0A000001;
    s.srcPort = client ? 40000 : 80;
    s.dstPort = client ? 80 : 40000;
    s.seq = SeqNum(seq);
    s.ack = SeqNum(ack);
    s.flags = flags;
    s.window = 65535;
    s.payloadLen = len;
    if (flags & TcpFlag::SYN)
        s.mss = 1460;
    return s;
}

class TraceBuilder {
public:
    Trace trace;

    std::uint32_t send(Instant at, SegmentRecord s, std::uint32_t conn) {
        s.sentAt = at;
        const auto idx = static_cast<std::uint32_t>(trace.segments.size());
        trace.segments.push_back(s);
        TraceEvent ev = base(at, TraceKind::SegmentSent, s.srcHost, conn);
        ev.segment = idx;
        trace.events.push_back(ev);
        return idx;
    }
    void deliver(Instant at, std::uint32_t seg, std::uint32_t conn) {
        TraceEvent ev = base(at, TraceKind::SegmentDelivered, trace.segments[seg].dstHost, conn);
        ev.segment = seg;
        trace.events.push_back(ev);
    }
    void drop(Instant at, std::uint32_t seg, std::string why) {
        TraceEvent ev = base(at, TraceKind::SegmentDropped, trace.segments[seg].srcHost, kNone);
        ev.segment = seg;
        trace.setText(ev, why);
        trace.events.push_back(ev);
    }
    void state(Instant at, std::uint16_t host, std::uint32_t conn, const char* ruleId) {
        const TransitionRule* r = findTransition(ruleId);
        TraceEvent ev = base(at, TraceKind::StateChange, host, conn);
        ev.from = r->from;
        ev.to = r->to;
        ev.setRule(r);
        trace.setRfc(ev, r->rfcSection);
        trace.events.push_back(ev);
    }
    void timer(Instant at, TraceKind kind, std::uint16_t host, std::uint32_t conn, TimerKind k,
               Instant deadline) {
        TraceEvent ev = base(at, kind, host, conn);
        ev.timer = k;
        ev.setDeadline(deadline);
        trace.events.push_back(ev);
    }
    void text(Instant at, TraceKind kind, std::uint16_t host, std::uint32_t conn, std::string text,
              std::uint64_t value = 0) {
        TraceEvent ev = base(at, kind, host, conn);
        trace.setText(ev, text);
        ev.setValue(value);
        trace.events.push_back(ev);
    }
    TraceEvent base(Instant at, TraceKind kind, std::uint16_t host, std::uint32_t conn) {
        TraceEvent ev;
        ev.at = at;
        ev.kind = kind;
        ev.host = host;
        ev.conn = conn;
        return ev;
    }
};

inline const char* kOddNote = "say \"hi\" \\ back\x01\ttab\nline \xE4\xB8\xAD\xE6\x96\x87";

// client = host 0 (10.0.0.1:40000), server = host 1 (10.0.0.2:80).
// Connections: 0 server listener, 1 client, 2 server's connection for the client.
inline Trace handshakeTrace() {
    TraceBuilder b;
    Trace& t = b.trace;
    t.hostNames = {"client", "server"};
    t.hostAddrs = {0x0A000001, 0x0A000002};
    t.linkNames = {"client-server"};
    t.connections.push_back({1, {0x0A000002, 80}, {}, true, ms(0)});

    b.text(ms(0), TraceKind::UserCall, 1, 0, "listen on port 80", 0);
    b.state(ms(0), 1, 0, "CL-1");

    t.connections.push_back({0, {0x0A000001, 40000}, {0x0A000002, 80}, false, ms(100)});
    b.text(ms(100), TraceKind::UserCall, 0, 1, "connect to 10.0.0.2:80", 1);
    b.state(ms(100), 0, 1, "CL-2");
    const auto syn = b.send(ms(100), segment(0, 1, 1000, 0, TcpFlag::SYN), 1);
    b.timer(ms(100), TraceKind::TimerArmed, 0, 1, TimerKind::Retransmission, ms(1100));

    b.deliver(ms(110), syn, kNone);
    t.connections.push_back({1, {0x0A000002, 80}, {0x0A000001, 40000}, false, ms(110)});
    b.state(ms(110), 1, 2, "LI-3");
    const auto synAck = b.send(ms(110), segment(1, 0, 5000, 1001, TcpFlag::SYN | TcpFlag::ACK), 2);
    b.timer(ms(110), TraceKind::TimerArmed, 1, 2, TimerKind::Retransmission, ms(1110));

    b.deliver(ms(120), synAck, 1);
    b.state(ms(120), 0, 1, "SS-3");
    const auto ack = b.send(ms(120), segment(0, 1, 1001, 5001, TcpFlag::ACK), 1);
    b.drop(ms(120), ack, "dropped by fault rule 1");
    b.timer(ms(120), TraceKind::TimerCancelled, 0, 1, TimerKind::Retransmission, ms(1100));

    b.text(ms(200), TraceKind::UserCall, 0, 1, "send 100 bytes", 2);
    const auto data = b.send(ms(200), segment(0, 1, 1001, 5001, TcpFlag::PSH | TcpFlag::ACK, 100), 1);
    b.deliver(ms(210), data, 2);
    b.state(ms(210), 1, 2, "SR-1");
    b.timer(ms(210), TraceKind::TimerCancelled, 1, 2, TimerKind::Retransmission, ms(1110));
    b.text(ms(210), TraceKind::DataDelivered, 1, 2, "abc\xFFz", 100);
    SegmentRecord reply = segment(1, 0, 5001, 1101, TcpFlag::ACK);
    reply.window = 65435;
    const auto replyIdx = b.send(ms(210), reply, 2);
    b.deliver(ms(220), replyIdx, 1);
    b.text(ms(220), TraceKind::Note, 0, 1, kOddNote);
    TraceEvent odd = t.events.back();
    t.setRfc(odd, "3.10.7.4");
    t.events.setBack(odd);

    // A retransmission of the data that the network duplicates.
    SegmentRecord again = segment(0, 1, 1001, 5001, TcpFlag::PSH | TcpFlag::ACK, 100);
    again.retransmission = true;
    const auto re = b.send(ms(300), again, 1);
    SegmentRecord copy = t.segments[re];
    copy.duplicate = true;
    copy.copyOf = re;
    t.segments.push_back(copy);
    const auto copyIdx = static_cast<std::uint32_t>(t.segments.size() - 1);
    TraceEvent dup = b.base(ms(300), TraceKind::SegmentDuplicated, 0, 1);
    dup.segment = copyIdx;
    dup.setValue(re);
    t.setText(dup, "duplicated by the link");
    t.events.push_back(dup);
    b.deliver(ms(310), re, 2);
    b.deliver(ms(310), copyIdx, 2);

    b.text(ms(2500), TraceKind::ConnectionError, 0, 1, "connection reset");
    b.text(ms(2500), TraceKind::RunEnded, 0, kNone, "no more events");
    return t;
}

} // namespace tcplab::testing
