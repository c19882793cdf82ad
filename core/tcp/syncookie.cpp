#include "tcp/syncookie.h"

namespace tcplab {

namespace {

constexpr int kCookieBits = 24;
constexpr std::uint32_t kCookieMask = (1u << kCookieBits) - 1;

std::uint64_t mix(std::uint64_t z) {
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

// Linux cookie_hash(): a keyed hash of the four-tuple and a counter.
std::uint32_t cookieHash(std::uint64_t key, const SynCookieTuple& t, std::uint32_t count) {
    std::uint64_t h = mix(key ^ ((std::uint64_t{t.srcAddr} << 32) | t.dstAddr));
    h = mix(h ^ ((std::uint64_t{t.srcPort} << 48) | (std::uint64_t{t.dstPort} << 32) | count));
    return static_cast<std::uint32_t>(h >> 32);
}

} // namespace

std::uint32_t synCookieCounter(Instant now) {
    return static_cast<std::uint32_t>((now - kTimeZero) / kSynCookiePeriod);
}

std::uint32_t synCookieMssIndex(std::uint16_t clientMss) {
    std::uint32_t i = kSynCookieMss.size() - 1;
    while (i > 0 && kSynCookieMss[i] > clientMss)
        --i;
    return i;
}

SeqNum encodeSynCookie(const SynCookieKey& key, const SynCookieTuple& t, SeqNum clientIsn,
                       std::uint32_t mssIndex, std::uint32_t counter) {
    // secure_tcp_syn_cookie(): the counter in the top 8 bits, hash + data in the low 24.
    const std::uint32_t v = cookieHash(key.k0, t, 0) + clientIsn.value() + (counter << kCookieBits) +
                            ((cookieHash(key.k1, t, counter) + mssIndex) & kCookieMask);
    return SeqNum(v);
}

std::optional<std::uint16_t> checkSynCookie(const SynCookieKey& key, const SynCookieTuple& t,
                                            SeqNum clientIsn, SeqNum cookie, std::uint32_t counter) {
    // check_tcp_syn_cookie(): strip the first hash and the client's ISN; the top 8 bits give the counter.
    const std::uint32_t v = cookie.value() - cookieHash(key.k0, t, 0) - clientIsn.value();
    const std::uint32_t diff = (counter - (v >> kCookieBits)) & (0xFFFFFFFFu >> kCookieBits);
    if (diff >= static_cast<std::uint32_t>(kSynCookieMaxAgeMinutes))
        return std::nullopt;
    const std::uint32_t mssIndex = (v - cookieHash(key.k1, t, counter - diff)) & kCookieMask;
    if (mssIndex >= kSynCookieMss.size())
        return std::nullopt;
    return kSynCookieMss[mssIndex];
}

} // namespace tcplab
