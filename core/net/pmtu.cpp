#include "net/pmtu.h"

#include <algorithm>
#include <array>

namespace tcplab {

std::uint16_t plateauBelow(std::uint16_t totalLength) {
    // RFC 1191 §7, Table 7-1, the plateaus in use.
    static constexpr std::array<std::uint16_t, 11> kPlateaus{65535, 32000, 17914, 8166, 4352, 2002,
                                                             1492,  1006,  508,   296,  68};
    for (std::uint16_t p : kPlateaus)
        if (p < totalLength)
            return p;
    return 68;
}

std::uint16_t PmtuCache::pathMtu(Instant now, Ipv4Address destination, std::uint16_t interfaceMtu) const {
    auto it = entries_.find(destination);
    if (it == entries_.end() || it->second.expiresAt <= now)
        return interfaceMtu;
    return std::min(it->second.pmtu, interfaceMtu);
}

bool PmtuCache::dontFragment(Instant now, Ipv4Address destination) const {
    auto it = entries_.find(destination);
    return it == entries_.end() || it->second.expiresAt <= now || !it->second.locked;
}

PmtuCache::Update PmtuCache::onFragmentationNeeded(Instant now, Ipv4Address destination,
                                                   std::uint16_t nextHopMtu, std::uint16_t quotedTotalLength,
                                                   std::uint16_t interfaceMtu) {
    Update u;
    u.oldPmtu = pathMtu(now, destination, interfaceMtu);
    // RFC 1191 §5: a Next-Hop MTU of zero comes from a router that predates RFC 1191: "the host should use
    // the next lower plateau" below the quoted datagram's total length.
    std::uint16_t reported = nextHopMtu != 0 ? nextHopMtu : plateauBelow(quotedTotalLength);
    // RFC 1191 §3: "A host MUST never reduce its estimate of the Path MTU below 68 octets"; Linux's floor is
    // min_pmtu, and below it the path is locked without DF.
    bool locked = false;
    if (reported < config_.minPmtu) {
        locked = config_.lockBelowMinimum;
        reported = config_.minPmtu;
    }
    // RFC 1191 §6.1: never raise the estimate from an ICMP message.
    if (reported >= u.oldPmtu && !locked) {
        u.newPmtu = u.oldPmtu;
        return u;
    }
    Entry& e = entries_[destination];
    e.pmtu = std::min(reported, u.oldPmtu);
    e.locked = e.locked || locked;
    e.expiresAt = now + config_.expires;
    u.newPmtu = e.pmtu;
    u.lowered = u.newPmtu < u.oldPmtu;
    u.locked = e.locked;
    return u;
}

std::vector<Ipv4Address> PmtuCache::expire(Instant now) {
    std::vector<Ipv4Address> out;
    for (auto it = entries_.begin(); it != entries_.end();) {
        if (it->second.expiresAt <= now) {
            out.push_back(it->first);
            it = entries_.erase(it);
        } else {
            ++it;
        }
    }
    return out;
}

std::optional<Instant> PmtuCache::nextDeadline() const {
    std::optional<Instant> next;
    for (const auto& [ip, e] : entries_)
        if (!next || e.expiresAt < *next)
            next = e.expiresAt;
    return next;
}

} // namespace tcplab
