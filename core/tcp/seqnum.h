// TCP sequence numbers: 32-bit values compared modulo 2^32 (RFC 9293 §3.4). The type has no conversion to
// an integer that could be compared by mistake; use the operators, which are modular, or value().
#pragma once

#include <cstdint>

namespace tcplab {

class SeqNum {
public:
    constexpr SeqNum() = default;
    constexpr explicit SeqNum(std::uint32_t v) : v_(v) {}

    constexpr std::uint32_t value() const { return v_; }

    constexpr SeqNum operator+(std::uint32_t n) const { return SeqNum(v_ + n); }
    constexpr SeqNum operator-(std::uint32_t n) const { return SeqNum(v_ - n); }
    constexpr SeqNum& operator+=(std::uint32_t n) {
        v_ += n;
        return *this;
    }
    // Signed distance from b to a: positive when a is after b (valid while |a - b| < 2^31).
    constexpr std::int32_t operator-(SeqNum b) const { return static_cast<std::int32_t>(v_ - b.v_); }

    constexpr bool operator==(const SeqNum&) const = default;
    // RFC 9293 §3.4: "a < b" means (a - b) < 0 in 32-bit two's complement (Linux before()).
    constexpr bool operator<(SeqNum b) const { return (*this - b) < 0; }
    constexpr bool operator<=(SeqNum b) const { return (*this - b) <= 0; }
    constexpr bool operator>(SeqNum b) const { return (*this - b) > 0; }
    constexpr bool operator>=(SeqNum b) const { return (*this - b) >= 0; }

private:
    std::uint32_t v_ = 0;
};

// lo <= x < lo + len, modulo 2^32.
constexpr bool inWindow(SeqNum x, SeqNum lo, std::uint32_t len) {
    return static_cast<std::uint32_t>(x.value() - lo.value()) < len;
}

constexpr SeqNum seqMax(SeqNum a, SeqNum b) {
    return a < b ? b : a;
}
constexpr SeqNum seqMin(SeqNum a, SeqNum b) {
    return a < b ? a : b;
}

} // namespace tcplab
