// A host's or router's IPv4 routing table: longest-prefix match (RFC 1812 §5.2.4.3), and the table printed
// the way Linux's `route -n` (net-tools) prints it, so that students can compare with a real machine.
//
// Limitations: one table (no policy routing); no source address selection; the Ref and Use columns are
// always 0 (Linux has not counted them for years either).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "net/ipv4.h"

namespace tcplab {

struct Route {
    Ipv4Address destination;
    Ipv4Address genmask;
    Ipv4Address gateway; // 0.0.0.0: the destination is on the link (no G flag)
    std::string interfaceName;
    std::uint32_t metric = 0;

    // The prefix length of genmask; nullopt if the mask's ones are not contiguous.
    std::optional<int> prefixLength() const;
    bool matches(Ipv4Address address) const {
        return (address.value & genmask.value) == (destination.value & genmask.value);
    }
    // Linux route flags: U (up, always), G (via a gateway), H (a host route, mask /32).
    std::string flags() const;

    bool operator==(const Route&) const = default;
};

// Netmask from a prefix length 0..32 (/24 → 255.255.255.0).
Ipv4Address netmaskFromPrefix(int prefixLength);

class RoutingTable {
public:
    // Adds a route. Rejects (returns an error) a mask that is not contiguous and a destination with bits
    // outside its mask (Linux: "route: netmask doesn't match route address").
    std::optional<std::string> add(Route route);

    // RFC 1812 §5.2.4.3: the longest matching prefix wins; among equal prefixes the lowest metric, then the
    // route added first.
    std::optional<Route> lookup(Ipv4Address destination) const;

    const std::vector<Route>& routes() const { return routes_; }

    // `route -n`: "Kernel IP routing table", the column header, then one line per route in the order added.
    std::string renderRouteN() const;

    bool operator==(const RoutingTable&) const = default;

private:
    std::vector<Route> routes_;
};

} // namespace tcplab
