// Simulated time: integer nanoseconds, never floating point, so that traces are identical on every machine.
#pragma once

#include <chrono>
#include <cstdint>

namespace tcplab {

using Duration = std::chrono::nanoseconds;

// The simulation's own clock: time zero is the start of a run. Nothing in the core reads a wall clock.
struct SimClock {
    using rep = std::int64_t;
    using period = std::nano;
    using duration = Duration;
    using time_point = std::chrono::time_point<SimClock, Duration>;
    static constexpr bool is_steady = true;
};

using Instant = SimClock::time_point;

constexpr Instant kTimeZero{};
constexpr Instant kNever = Instant{Duration{INT64_MAX}};

constexpr std::int64_t toNanos(Instant t) {
    return t.time_since_epoch().count();
}
constexpr std::int64_t toNanos(Duration d) {
    return d.count();
}
constexpr Instant instantFromNanos(std::int64_t ns) {
    return Instant{Duration{ns}};
}

} // namespace tcplab
