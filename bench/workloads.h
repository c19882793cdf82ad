// The benchmark workloads as scenarios, built in code (docs/performance.md). They mirror
// ../shared/bench/ns3 as far as our simulator can today: no routers and no IP layer yet, so "two 100 Mbit/s
// links with 5 ms delay each" is one link of 100 Mbit/s with 10 ms delay each way.
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
    std::uint64_t connections = 0;  // short-connection workloads: how many; 0 for bulk
    std::uint64_t bytes = 0;        // bulk: the bytes sent
    std::string ns3Args;            // the matching ../shared/bench/ns3 run, "" = none
};

// Bulk transfer of `bytes` from A to B; `loss` on A -> B only (ns-3 drops on B's receiver, never ACKs).
Workload bulkWorkload(std::uint64_t bytes, double loss);
// `count` short connections in sequence: connect, send 100 bytes, close; TIME-WAIT at the profile's length.
Workload shortConnectionsWorkload(std::uint64_t count);

std::vector<Workload> allWorkloads();

} // namespace tcplab::bench
