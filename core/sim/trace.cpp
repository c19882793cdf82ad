#include "sim/trace.h"

#include <array>

namespace tcplab {

std::string_view traceKindName(TraceKind k) {
    static constexpr std::array<std::string_view, 14> kNames = {"user-call",
                                                                "segment-sent",
                                                                "segment-delivered",
                                                                "segment-dropped",
                                                                "segment-duplicated",
                                                                "segment-delayed",
                                                                "state-change",
                                                                "timer-armed",
                                                                "timer-cancelled",
                                                                "timer-fired",
                                                                "data-delivered",
                                                                "connection-error",
                                                                "note",
                                                                "run-ended"};
    return kNames[static_cast<std::size_t>(k)];
}

void Trace::truncate(const Mark& m) {
    connections.resize(m.connections);
    segments.resize(m.segments);
    events.resize(m.events);
    hostStats.resize(m.hostStats);
}

} // namespace tcplab
