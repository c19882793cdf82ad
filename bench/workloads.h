// The benchmark workloads as scenarios, built in code (docs/performance.md). They mirror
// ../shared/bench/ns3 (ns3_tcp_bench.cc): bulk transfers A -> R -> B over two 100 Mbit/s links of 5 ms each
// (MTU 1500, MTU 576, and a router that fragments onto a 576-byte link), 1 % loss on the last hop towards B,
// short connections in sequence, and a SYN flood (which the ns-3 program does not have).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "scenario/scenario.h"

namespace tcplab::bench {

struct Workload {
    std::string name;
    std::function<Scenario()> make; // built in the process that runs it, so that it counts in its peak RSS
    std::uint64_t connections = 0;  // short-connection workloads: how many; 0 otherwise
    std::uint64_t bytes = 0;        // the bytes B's application must receive, all connections together
    std::uint64_t synFlood = 0;     // SYN flood: the spoofed SYNs the attacker sends
    std::string ns3Args;            // the matching ../shared/bench/ns3 run, "" = none
};

enum class Path : std::uint8_t {
    Mtu1500, // A -R- B, both links MTU 1500 (MSS 1460)
    Mtu576,  // both links MTU 576 (MSS 536): no fragmentation, 2.7 times the segments
    Frag576, // A-R MTU 1500, R-B MTU 576, MSS 1460: R cuts every full segment into 3 fragments
};

// Bulk transfer of `bytes` from A to B; `loss` on R -> B only (ns-3 drops on B's receiver, ACKs never).
Workload bulkWorkload(std::uint64_t bytes, Path path, double loss);
// `count` short connections in sequence: connect, send 100 bytes, close; TIME-WAIT at the profile's length.
Workload shortConnectionsWorkload(std::uint64_t count);
// `syns` spoofed SYNs at 100,000 a second at B's listener (flood_trace "summary"); with cookies, a client
// connects in the middle of the flood and must get its 100 bytes through.
Workload synFloodWorkload(std::uint64_t syns, bool cookies);

std::vector<Workload> allWorkloads();

} // namespace tcplab::bench
