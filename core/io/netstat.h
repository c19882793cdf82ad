// The socket table of a host at one instant, as `netstat -anp` prints it on Linux, and the per-state counts
// of `netstat -nat | awk '{print $6}' | sort | uniq -c`. Used by `tcplab-cli netstat`.
#pragma once

#include <string>

#include "sim/simulation.h"

namespace tcplab {

// One host's table: the header lines, then listeners (0.0.0.0:port, Recv-Q = the accept queue's length), then
// connections in the order they were created. Recv-Q is the bytes received and not yet read, Send-Q the
// bytes written and not yet acknowledged. PID/Program name is "<pid>/<host name>" for a socket the
// application holds (pid = 1000 + the host's index) and "-" for one it does not: TIME-WAIT and other
// orphans after close(), and connections still in a listener's queues.
std::string renderNetstat(const Simulation& sim, std::uint16_t host);

// "      3 ESTABLISHED" lines, sorted by state name, listeners included (netstat -a).
std::string renderNetstatSummary(const Simulation& sim, std::uint16_t host);

} // namespace tcplab
