// The trace: everything that happened in a run, in order. It is append-only, so a snapshot of the
// simulation only remembers the trace's length. io/trace_jsonl writes it as JSON Lines
// (docs/trace-format.md); the CLI's ladder and the GUI read it.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/time.h"
#include "tcp/endpoint.h"
#include "tcp/segment.h"

namespace tcplab {

constexpr std::uint32_t kNone = UINT32_MAX;

// A segment's header as it was sent, without its payload bytes (only the length is kept).
struct SegmentRecord {
    std::uint16_t srcPort = 0;
    std::uint16_t dstPort = 0;
    SeqNum seq;
    SeqNum ack;
    std::uint8_t flags = 0;
    std::uint16_t window = 0;
    std::uint16_t urgentPointer = 0;
    std::uint16_t mss = 0; // 0 = no MSS option
    std::uint32_t payloadLen = 0;
    std::uint32_t srcAddr = 0;
    std::uint32_t dstAddr = 0;
    std::uint16_t srcHost = 0;
    std::uint16_t dstHost = 0;
    std::uint16_t link = 0;
    bool retransmission = false;  // the sender sent these sequence numbers before
    bool duplicate = false;       // a copy made by the network (duplication)
    Instant sentAt;               // its arrival or drop is a later TraceEvent that names it
    std::uint32_t copyOf = kNone; // duplicate: the original's index

    std::uint32_t segLen() const {
        return payloadLen + ((flags & TcpFlag::SYN) ? 1u : 0u) + ((flags & TcpFlag::FIN) ? 1u : 0u);
    }
};

enum class TraceKind : std::uint8_t {
    UserCall,          // text = "connect 10.0.0.2:80", call = ActionKind
    SegmentSent,       // segment; the sender put it on the link
    SegmentDelivered,  // segment; it reached the receiving host
    SegmentDropped,    // segment; text = the reason ("loss", "fault rule 1", ...)
    SegmentDuplicated, // segment = the copy; value = the original's index
    SegmentDelayed,    // segment; a fault rule delayed it by value nanoseconds
    StateChange,       // from, to, rule
    TimerArmed,        // timer, deadline
    TimerCancelled,    // timer, deadline
    TimerFired,        // timer, deadline
    DataDelivered,     // value = bytes handed to the application, text = a preview of them
    ConnectionError,   // text = "connection reset" ...
    Note,              // text: anything else (retransmission, unacceptable segment, refused user call ...)
    RunEnded,          // text = why ("no more events", "time limit", "event limit")
};

std::string_view traceKindName(TraceKind k);

struct TraceEvent {
    Instant at;
    TraceKind kind = TraceKind::Note;
    std::uint16_t host = 0;
    std::uint32_t conn = kNone;    // index into Trace::connections
    std::uint32_t segment = kNone; // index into Trace::segments
    TcpState from = TcpState::Closed;
    TcpState to = TcpState::Closed;
    const TransitionRule* rule = nullptr;
    TimerKind timer = TimerKind::Retransmission;
    Instant deadline;
    std::uint64_t value = 0;
    std::string text;
    std::string_view rfc; // the RFC section or rule behind it
};

struct ConnectionRecord {
    std::uint16_t host = 0;
    Endpoint4 local;
    Endpoint4 remote;
    bool listener = false;
    Instant createdAt;
};

// What a host's stack counted since the start of the run (Linux's LINUX_MIB_* counters in spirit).
struct HostCounters {
    std::uint64_t synsReceived = 0;    // SYNs that reached a listener
    std::uint64_t synQueueDrops = 0;   // SYN queue full, cookies off (LI-4)
    std::uint64_t synBacklogDrops = 0; // tcp_max_syn_backlog: last quarter kept for proven peers
    std::uint64_t acceptQueueDrops =
        0; // SYN dropped because the accept queue is full (LI-5, ListenOverflows)
    std::uint64_t finalAckOverflows = 0; // final handshake ACK found the accept queue full
    std::uint64_t cookiesSent = 0;       // LI-6
    std::uint64_t cookiesValid = 0;      // LI-7
    std::uint64_t cookiesInvalid = 0;    // an ACK to a listener whose cookie did not check out
    std::uint64_t acceptFailures = 0;    // accept() failed: too many open files
    std::uint64_t quietSegments = 0;     // segments left out of the trace (flood summary mode)
    bool operator==(const HostCounters&) const = default;
};

// A listener's queues at one instant.
struct ListenerStats {
    std::uint16_t port = 0;
    std::uint32_t synQueue = 0;    // half-open requests (SYN-RECEIVED)
    std::uint32_t acceptQueue = 0; // established, not yet accepted
    std::uint32_t maxBacklog = 0;  // min(backlog, somaxconn)
};

// A host's socket table summarised at one instant: what a GUI draws as queue lengths and per-state counts
// over time. Written when the scenario asks for them (Scenario::hostStatsInterval).
struct HostStatsRecord {
    Instant at;
    std::uint16_t host = 0;
    std::size_t afterEvent = 0; // the number of trace events before it (its place in the JSON Lines)
    std::array<std::uint32_t, kTcpStateCount> states{}; // connections per state (listeners count as LISTEN)
    std::vector<ListenerStats> listeners;
    std::uint32_t openFiles = 0;
    HostCounters counters;
};

struct Trace {
    std::vector<std::string> hostNames;
    std::vector<std::uint32_t> hostAddrs;
    std::vector<std::string> linkNames;
    std::vector<ConnectionRecord> connections;
    std::vector<SegmentRecord> segments;
    std::vector<TraceEvent> events;
    std::vector<HostStatsRecord> hostStats; // in time order, interleaved with events by afterEvent

    struct Mark {
        std::size_t connections, segments, events, hostStats;
    };
    Mark mark() const { return {connections.size(), segments.size(), events.size(), hostStats.size()}; }
    // Back to a mark taken earlier (a snapshot's restore).
    void truncate(const Mark& m);
};

} // namespace tcplab
