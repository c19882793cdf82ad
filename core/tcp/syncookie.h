// SYN cookies (RFC 4987 §3.6), after Linux net/ipv4/syncookies.c. A listener whose SYN queue is full answers
// a SYN with a SYN,ACK whose ISN encodes what it would otherwise have remembered, and keeps nothing. The
// returning ACK acknowledges cookie + 1; the cookie is checked and the connection created from it.
//
// Layout (Linux's): cookie = H0(tuple) + client ISN + (counter << 24) + ((H1(tuple, counter) + mssIndex)
// mod 2^24), where counter is the time in minutes and H0, H1 are keyed hashes of the four-tuple. A cookie is
// valid while counter is less than 2 minutes old (MAX_SYNCOOKIE_AGE) and the decoded MSS index is in the
// table. Limitation: the hash is a keyed 64-bit mix (SplitMix64's finaliser), not SipHash: good enough to
// teach, not to defend a server.
#pragma once

#include <array>
#include <cstdint>
#include <optional>

#include "sim/time.h"
#include "tcp/seqnum.h"

namespace tcplab {

// IPv4 MSS values a cookie can carry (Linux msstab[]); the client's MSS is rounded down to one of them.
constexpr std::array<std::uint16_t, 4> kSynCookieMss = {536, 1300, 1440, 1460};
constexpr int kSynCookieMaxAgeMinutes = 2;                     // MAX_SYNCOOKIE_AGE
constexpr Duration kSynCookiePeriod = std::chrono::minutes(1); // TCP_SYNCOOKIE_PERIOD

struct SynCookieTuple {
    std::uint32_t srcAddr = 0; // the client's
    std::uint32_t dstAddr = 0; // the listener's
    std::uint16_t srcPort = 0;
    std::uint16_t dstPort = 0;
};

struct SynCookieKey {
    std::uint64_t k0 = 0;
    std::uint64_t k1 = 0;
    bool operator==(const SynCookieKey&) const = default;
};

// The cookie time counter at `now`: whole minutes since the start of the run.
std::uint32_t synCookieCounter(Instant now);

// The index into kSynCookieMss of the largest entry not above `clientMss` (0 when below all of them).
std::uint32_t synCookieMssIndex(std::uint16_t clientMss);

// The ISN of a cookie SYN,ACK answering a SYN with sequence number `clientIsn`.
SeqNum encodeSynCookie(const SynCookieKey& key, const SynCookieTuple& t, SeqNum clientIsn,
                       std::uint32_t mssIndex, std::uint32_t counter);

// The MSS a returning ACK's cookie (SEG.ACK − 1) encodes, or nullopt when the cookie is not valid: wrong
// hash (a decoded MSS index out of the table) or older than kSynCookieMaxAgeMinutes. `clientIsn` is
// SEG.SEQ − 1.
std::optional<std::uint16_t> checkSynCookie(const SynCookieKey& key, const SynCookieTuple& t,
                                            SeqNum clientIsn, SeqNum cookie, std::uint32_t counter);

} // namespace tcplab
