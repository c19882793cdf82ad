// Path MTU discovery state for a host (RFC 1191): the path MTU per destination, lowered by ICMP
// "fragmentation needed" (3/4), raised again when the learned value expires; and the MSS that follows.
//
// Two profiles matter (see /work/shared/reference/linux-defaults.md §4):
// - RFC 1191: the PMTU never goes below 68; a Next-Hop MTU of 0 (an old router) means "take the next lower
//   plateau of Table 7-1 below the quoted datagram's total length".
// - Linux: min_pmtu 552. A reported MTU below it gives PMTU 552 and the path is "locked": datagrams to it are
//   sent with DF clear, so routers fragment them (net/ipv4/route.c __ip_rt_update_pmtu). mtu_expires 600 s.
//
// Limitations: no PLPMTUD (RFC 4821), no increase probing before expiry; the caller checks that the quoted
// TCP sequence number is in SND.UNA..SND.NXT before calling onFragmentationNeeded (RFC 5927 §4.1).
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "net/ipv4.h"
#include "sim/time.h"

namespace tcplab {

// RFC 9293 §3.7.1 / RFC 879: MSS = MTU − 20 (IP header) − 20 (TCP header), options not counted.
constexpr std::uint16_t mssFromMtu(std::uint16_t mtuBytes) {
    return mtuBytes > 40 ? static_cast<std::uint16_t>(mtuBytes - 40) : 0;
}
// RFC 9293 §3.7.1: the MSS a sender uses is the smaller of the peer's option (536 if none) and its own limit.
constexpr std::uint16_t effectiveSendMss(std::optional<std::uint16_t> peerMssOption,
                                         std::uint16_t ownMtuBytes) {
    const std::uint16_t peer = peerMssOption.value_or(536);
    const std::uint16_t own = mssFromMtu(ownMtuBytes);
    return peer < own ? peer : own;
}

// RFC 1191 §7, Table 7-1: the largest plateau strictly below totalLength (68 at the bottom).
std::uint16_t plateauBelow(std::uint16_t totalLength);

struct PmtuConfig {
    std::uint16_t minPmtu = 68;    // RFC 1191; the linux profile uses 552 (net.ipv4.route.min_pmtu)
    bool lockBelowMinimum = false; // linux: a report below minPmtu clears DF on the path
    Duration expires = std::chrono::minutes(10); // RFC 1191 §6.3 recommends 10 min; Linux mtu_expires 600 s

    static PmtuConfig rfc1191Profile() { return {}; }
    static PmtuConfig linuxProfile() { return {552, true, std::chrono::seconds(600)}; }
    bool operator==(const PmtuConfig&) const = default;
};

class PmtuCache {
public:
    explicit PmtuCache(PmtuConfig config = {}) : config_(config) {}

    // The MTU to use towards destination: the learned value while it lasts, else the interface's MTU.
    std::uint16_t pathMtu(Instant now, Ipv4Address destination, std::uint16_t interfaceMtu) const;
    // Whether datagrams to destination carry DF (false once a linux-profile path is locked at minPmtu).
    bool dontFragment(Instant now, Ipv4Address destination) const;

    struct Update {
        std::uint16_t oldPmtu = 0;
        std::uint16_t newPmtu = 0;
        bool lowered = false; // false: the report was not below the current PMTU and was ignored
        bool locked = false;  // linux: DF now clear on this path
    };
    // ICMP 3/4 about a datagram to destination. quotedTotalLength is the total length in the quoted header
    // (for the plateau rule when nextHopMtu is 0).
    Update onFragmentationNeeded(Instant now, Ipv4Address destination, std::uint16_t nextHopMtu,
                                 std::uint16_t quotedTotalLength, std::uint16_t interfaceMtu);

    // Forgets learned values whose time is up; returns the destinations forgotten.
    std::vector<Ipv4Address> expire(Instant now);
    std::optional<Instant> nextDeadline() const;

    bool operator==(const PmtuCache&) const = default;

private:
    struct Entry {
        std::uint16_t pmtu = 0;
        bool locked = false;
        Instant expiresAt;
        bool operator==(const Entry&) const = default;
    };
    PmtuConfig config_;
    std::map<Ipv4Address, Entry> entries_;
};

} // namespace tcplab
