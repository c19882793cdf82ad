#include "io/netstat.h"

#include "io/ladder.h"

#include <cstdio>
#include <map>

namespace tcplab {

namespace {

std::string addrPort(std::uint32_t addr, std::uint16_t port) {
    return formatIpv4(addr) + ":" + std::to_string(port);
}

// net-tools netstat.c tcp_do_one(): "%-4s  %6ld %6ld %-23s %-23s %-11s" and the program column.
std::string row(const NetstatRow& r) {
    const std::string_view state = stateNetstatName(r.listener ? TcpState::Listen : r.state);
    char buf[256];
    std::snprintf(buf, sizeof buf, "%-4s  %6s %6s %-23s %-23s %-11.*s %s", "tcp",
                  std::to_string(r.recvQ).c_str(), std::to_string(r.sendQ).c_str(), r.local.c_str(),
                  r.foreign.c_str(), static_cast<int>(state.size()), state.data(), r.program.c_str());
    std::string line(buf);
    while (!line.empty() && line.back() == ' ')
        line.pop_back();
    return line + "\n";
}

} // namespace

std::vector<NetstatRow> netstatRows(const Simulation& sim, std::uint16_t hi) {
    const Host& h = sim.world().hosts[hi];
    const std::string program = std::to_string(1000 + hi) + "/" + h.name;
    std::vector<NetstatRow> rows;
    rows.reserve(h.connections.size());
    for (const auto& [port, lid] : h.listeners) {
        const Connection& c = h.connections.at(lid);
        NetstatRow r;
        r.recvQ = c.queue.acceptQueue.size();
        r.local = addrPort(0, port);
        r.foreign = "0.0.0.0:*";
        r.state = TcpState::Listen;
        r.program = c.holdsFd ? program : "-";
        r.conn = c.id;
        r.listener = true;
        rows.push_back(std::move(r));
    }
    for (const auto& [id, c] : h.connections) {
        if (c.listener)
            continue;
        const TcpEndpoint& t = c.tcb;
        NetstatRow r;
        r.recvQ = t.recvQueueBytes();
        r.sendQ = t.sendQueueBytes();
        r.local = addrPort(t.local().addr, t.local().port);
        r.foreign = addrPort(t.remote().addr, t.remote().port);
        r.state = t.state();
        r.program = c.holdsFd ? program : "-";
        r.conn = c.id;
        rows.push_back(std::move(r));
    }
    return rows;
}

std::string renderNetstat(const Simulation& sim, std::uint16_t hi) {
    std::string out = "Active Internet connections (servers and established)\n";
    out +=
        "Proto Recv-Q Send-Q Local Address           Foreign Address         State       PID/Program name\n";
    for (const NetstatRow& r : netstatRows(sim, hi))
        out += row(r);
    return out;
}

std::vector<std::pair<std::string, std::uint64_t>> netstatSummary(const Simulation& sim, std::uint16_t hi) {
    const Host& h = sim.world().hosts[hi];
    std::map<std::string, std::uint64_t> counts;
    for (const auto& [id, c] : h.connections)
        ++counts[std::string(stateNetstatName(c.listener ? TcpState::Listen : c.tcb.state()))];
    return {counts.begin(), counts.end()};
}

std::string renderNetstatSummary(const Simulation& sim, std::uint16_t hi) {
    std::string out;
    for (const auto& [state, n] : netstatSummary(sim, hi)) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%7llu ", static_cast<unsigned long long>(n));
        out += buf + state + "\n";
    }
    return out;
}

std::vector<ReassemblyRow> reassemblyRows(const Simulation& sim, std::uint16_t hi) {
    std::vector<ReassemblyRow> rows;
    for (const ReassemblyEntryView& e : sim.world().hosts[hi].reassembly.entries()) {
        ReassemblyRow r;
        r.id = e.key.identification;
        r.srcAddr = e.key.source.value;
        r.dstAddr = e.key.destination.value;
        r.protocol = e.key.protocol;
        r.fragments = e.fragmentsHeld;
        r.bytesHeld = e.bytesHeld;
        r.totalDataBytes = e.totalDataBytes;
        r.firstArrival = e.firstArrival;
        r.deadline = e.deadline;
        r.discarded = e.discarded;
        rows.push_back(r);
    }
    return rows;
}

std::string renderReassembly(const Simulation& sim, std::uint16_t hi) {
    std::string out =
        "IPv4 reassembly buffers\n"
        "ID      Source           Destination      Proto Frags   Held  Total  First (s)    Expires (s)\n";
    for (const ReassemblyRow& r : reassemblyRows(sim, hi)) {
        char buf[256];
        std::snprintf(buf, sizeof buf, "0x%04x  %-16s %-16s %-5u %5zu %6zu %6s  %-12s %s%s\n",
                      static_cast<unsigned>(r.id), formatIpv4(r.srcAddr).c_str(),
                      formatIpv4(r.dstAddr).c_str(), static_cast<unsigned>(r.protocol), r.fragments,
                      r.bytesHeld, r.totalDataBytes ? std::to_string(*r.totalDataBytes).c_str() : "-",
                      formatSeconds(toNanos(r.firstArrival)).c_str(),
                      formatSeconds(toNanos(r.deadline)).c_str(), r.discarded ? "  discarded" : "");
        out += buf;
    }
    return out;
}

} // namespace tcplab
