// Fragmentation of an IPv4 datagram for the MTU of the next link (RFC 791 §2.3 "Fragmentation", §3.2
// "An Example Fragmentation Procedure"), as a host does before sending and a router does before forwarding.
//
// Limitations:
// - Fragments are as large as the MTU allows (what real stacks do); RFC 791 also permits smaller ones.
// - An MTU below 68 is refused (RFC 791: every module must forward a 68-byte datagram), as is an MTU too
//   small for the header plus 8 data bytes.
#pragma once

#include <cstdint>
#include <vector>

#include "net/ipv4.h"

namespace tcplab {

// RFC 791 §3.2: "Every internet module must be able to forward a datagram of 68 octets without further
// fragmentation."
constexpr std::uint16_t kIpv4MinimumMtu = 68;

struct FragmentResult {
    enum class Kind {
        Fits,        // total length <= MTU: forward the datagram unchanged (fragments holds it)
        Fragmented,  // fragments holds the pieces, in offset order
        NeedsIcmp,   // DF set and too big: drop, send ICMP 3/4 with nextHopMtu (RFC 792, RFC 1191 §4)
        MtuTooSmall, // MTU below 68 or below header + 8 bytes: a configuration error, nothing sent
    };
    Kind kind = Kind::Fits;
    std::vector<Ipv4Datagram> fragments;
    std::uint16_t nextHopMtu = 0; // for NeedsIcmp: the MTU of the link that could not take the datagram
};

// Cuts datagram for a link of mtuBytes. The datagram may itself be a fragment: offsets are then relative to
// the original datagram and the last piece keeps the input's MF (RFC 791 §3.2 step (9)).
FragmentResult fragmentForMtu(const Ipv4Datagram& datagram, std::uint16_t mtuBytes);

// RFC 791 §3.1 "Options": the options a non-first fragment carries, those whose type has the "copied" flag
// (the top bit), padded with End of Option List to a multiple of 4 bytes.
Bytes copiedOptions(const Bytes& options);

} // namespace tcplab
