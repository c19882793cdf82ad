// The socket table of a host at one instant, as `netstat -anp` prints it on Linux, the per-state counts
// of `netstat -nat | awk '{print $6}' | sort | uniq -c`, and the host's IPv4 reassembly buffers. Used by
// `tcplab-cli netstat` and by the GUI's socket table panel (ui/socket_table.*): both read the rows from here.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/simulation.h"

namespace tcplab {

// One line of the socket table.
struct NetstatRow {
    std::uint64_t recvQ = 0; // a listener: its accept queue's length; otherwise bytes received, not read
    std::uint64_t sendQ = 0; // bytes written and not yet acknowledged
    std::string local;       // "10.0.0.2:80", "0.0.0.0:80" for a listener
    std::string foreign;     // "10.0.0.1:40000", "0.0.0.0:*"
    TcpState state = TcpState::Closed;
    std::string program;        // "1001/server", or "-" for a socket no application holds
    std::uint32_t conn = kNone; // Connection::id (index into Trace::connections)
    bool listener = false;
    bool operator==(const NetstatRow&) const = default;
};

// One host's rows: listeners (by port), then connections in the order they were created. Recv-Q is the bytes
// received and not yet read (a listener's: its accept queue), Send-Q the bytes written and not yet
// acknowledged. PID/Program name is "<pid>/<host name>" for a socket the application holds (pid = 1000 + the
// host's index) and "-" for one it does not: TIME-WAIT and other orphans after close(), and connections still
// in a listener's queues.
std::vector<NetstatRow> netstatRows(const Simulation& sim, std::uint16_t host);

// The header lines, then netstatRows() in the layout of net-tools' netstat.
std::string renderNetstat(const Simulation& sim, std::uint16_t host);

// Connections per state (listeners included, netstat -a), by the state's netstat name in name order.
std::vector<std::pair<std::string, std::uint64_t>> netstatSummary(const Simulation& sim, std::uint16_t host);
// "      3 ESTABLISHED" lines of netstatSummary().
std::string renderNetstatSummary(const Simulation& sim, std::uint16_t host);

// One datagram the host is reassembling (RFC 791 §3.2): what it holds and until when.
struct ReassemblyRow {
    std::uint16_t id = 0; // IPv4 identification
    std::uint32_t srcAddr = 0;
    std::uint32_t dstAddr = 0;
    std::uint8_t protocol = 0;
    std::size_t fragments = 0; // fragments held
    std::size_t bytesHeld = 0;
    std::optional<std::uint32_t> totalDataBytes; // known once the last fragment (MF = 0) arrived
    Instant firstArrival;
    Instant deadline;       // the reassembly timeout: what is held is thrown away then
    bool discarded = false; // RFC 5722: an overlap discarded it; later pieces are dropped until the deadline
};

// The host's reassembly buffers, in (source, destination, protocol, ID) order.
std::vector<ReassemblyRow> reassemblyRows(const Simulation& sim, std::uint16_t host);

// reassemblyRows() as a table:
//   IPv4 reassembly buffers
//   ID      Source           Destination      Proto Frags   Held  Total  First (s)    Expires (s)
//   0x0002  10.0.0.1         10.0.1.2         6         2    928      -  0.245000     30.245000
std::string renderReassembly(const Simulation& sim, std::uint16_t host);

} // namespace tcplab
