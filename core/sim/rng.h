// The one source of randomness in a simulation. xoshiro256** seeded through SplitMix64, with our own
// conversions from raw bits to numbers: standard library distributions differ between implementations,
// and traces must not.
#pragma once

#include <array>
#include <cstdint>

#include "sim/time.h"

namespace tcplab {

class Rng {
public:
    explicit Rng(std::uint64_t seed = 0) { reseed(seed); }

    void reseed(std::uint64_t seed);

    // 64 uniformly distributed raw bits.
    std::uint64_t next();

    // A uniform integer in [0, bound) without modulo bias (rejection). bound > 0.
    std::uint64_t below(std::uint64_t bound);

    // A uniform integer in [lo, hi], inclusive. lo <= hi.
    std::int64_t between(std::int64_t lo, std::int64_t hi);

    // A uniform double in [0, 1) built from the top 53 bits.
    double unit();

    // True with probability p (p <= 0: never, p >= 1: always, and no draw is made in either case so that
    // turning a probability off does not shift every later draw).
    bool chance(double p);

    // A uniform duration in [-amplitude, +amplitude] (zero amplitude: no draw).
    Duration jitter(Duration amplitude);

    std::uint32_t next32() { return static_cast<std::uint32_t>(next() >> 32); }

    bool operator==(const Rng&) const = default;

private:
    std::array<std::uint64_t, 4> s_{};
};

} // namespace tcplab
