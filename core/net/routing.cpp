#include "net/routing.h"

#include <cstdio>

namespace tcplab {

std::optional<int> Route::prefixLength() const {
    const std::uint32_t m = genmask.value;
    const std::uint32_t inverted = ~m;
    // Contiguous ones: the inverted mask is 2^k - 1.
    if ((inverted & (inverted + 1)) != 0)
        return std::nullopt;
    int n = 0;
    for (std::uint32_t v = m; v != 0; v <<= 1)
        ++n;
    return n;
}

std::string Route::flags() const {
    std::string f = "U";
    if (gateway.value != 0)
        f += 'G';
    if (genmask.value == 0xFFFFFFFFu)
        f += 'H';
    return f;
}

Ipv4Address netmaskFromPrefix(int prefixLength) {
    if (prefixLength <= 0)
        return Ipv4Address{0};
    if (prefixLength >= 32)
        return Ipv4Address{0xFFFFFFFFu};
    return Ipv4Address{~((1u << (32 - prefixLength)) - 1)};
}

std::optional<std::string> RoutingTable::add(Route route) {
    if (!route.prefixLength())
        return "netmask " + route.genmask.toString() + " is not contiguous";
    if ((route.destination.value & ~route.genmask.value) != 0)
        return "netmask " + route.genmask.toString() + " doesn't match route address " +
               route.destination.toString();
    routes_.push_back(std::move(route));
    return std::nullopt;
}

std::optional<Route> RoutingTable::lookup(Ipv4Address destination) const {
    const Route* best = nullptr;
    for (const Route& r : routes_) {
        if (!r.matches(destination))
            continue;
        if (!best || *r.prefixLength() > *best->prefixLength() ||
            (*r.prefixLength() == *best->prefixLength() && r.metric < best->metric))
            best = &r;
    }
    if (!best)
        return std::nullopt;
    return *best;
}

std::string RoutingTable::renderRouteN() const {
    // The layout of net-tools `route -n` as real machines print it: addresses left-aligned in 15 columns,
    // Flags in 5, Metric in 6, then Ref and a right-aligned Use (identical to real output for values below
    // 10; not checked against the net-tools source for wider values).
    std::string out = "Kernel IP routing table\n"
                      "Destination     Gateway         Genmask         Flags Metric Ref    Use Iface\n";
    char line[160];
    for (const Route& r : routes_) {
        std::snprintf(line, sizeof line, "%-15s %-15s %-15s %-5s %-6u %-2d %7d %s\n",
                      r.destination.toString().c_str(), r.gateway.toString().c_str(),
                      r.genmask.toString().c_str(), r.flags().c_str(), r.metric, 0, 0,
                      r.interfaceName.c_str());
        out += line;
    }
    return out;
}

} // namespace tcplab
