#include "io/netstat.h"

#include <cstdio>
#include <map>

namespace tcplab {

namespace {

std::string addrPort(std::uint32_t addr, std::uint16_t port) {
    return formatIpv4(addr) + ":" + std::to_string(port);
}

// net-tools netstat.c tcp_do_one(): "%-4s  %6ld %6ld %-23s %-23s %-11s" and the program column.
std::string row(const std::string& recvQ, const std::string& sendQ, const std::string& local,
                const std::string& foreign, std::string_view state, const std::string& program) {
    char buf[256];
    std::snprintf(buf, sizeof buf, "%-4s  %6s %6s %-23s %-23s %-11.*s %s", "tcp", recvQ.c_str(),
                  sendQ.c_str(), local.c_str(), foreign.c_str(), static_cast<int>(state.size()), state.data(),
                  program.c_str());
    std::string line(buf);
    while (!line.empty() && line.back() == ' ')
        line.pop_back();
    return line + "\n";
}

} // namespace

std::string renderNetstat(const Simulation& sim, std::uint16_t hi) {
    const Host& h = sim.world().hosts[hi];
    const std::string program = std::to_string(1000 + hi) + "/" + h.name;
    std::string out = "Active Internet connections (servers and established)\n";
    out +=
        "Proto Recv-Q Send-Q Local Address           Foreign Address         State       PID/Program name\n";
    for (const auto& [port, lid] : h.listeners) {
        const Connection& c = h.connections.at(lid);
        out += row(std::to_string(c.queue.acceptQueue.size()), "0", addrPort(0, port), "0.0.0.0:*",
                   stateNetstatName(TcpState::Listen), c.holdsFd ? program : "-");
    }
    for (const auto& [id, c] : h.connections) {
        if (c.listener)
            continue;
        const TcpEndpoint& t = c.tcb;
        out += row(std::to_string(t.recvQueueBytes()), std::to_string(t.sendQueueBytes()),
                   addrPort(t.local().addr, t.local().port), addrPort(t.remote().addr, t.remote().port),
                   stateNetstatName(t.state()), c.holdsFd ? program : "-");
    }
    return out;
}

std::string renderNetstatSummary(const Simulation& sim, std::uint16_t hi) {
    const Host& h = sim.world().hosts[hi];
    std::map<std::string, std::uint64_t> counts;
    for (const auto& [id, c] : h.connections)
        ++counts[std::string(stateNetstatName(c.listener ? TcpState::Listen : c.tcb.state()))];
    std::string out;
    for (const auto& [state, n] : counts) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%7llu ", static_cast<unsigned long long>(n));
        out += buf + state + "\n";
    }
    return out;
}

} // namespace tcplab
