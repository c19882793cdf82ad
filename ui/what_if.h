// What-if edits made in the diagrams: a segment of the run becomes a fault rule that matches exactly that
// segment ("the 1st pure ACK from client to server"), a moment on a host's lifeline becomes an action at
// that moment; and the first event where the run of the edited lesson departs from the run before it.
// Pure functions of the scenario and its trace: the main window turns their results into undoable edits.
#pragma once

#include <optional>
#include <string>

#include "scenario/scenario.h"
#include "sim/trace.h"

namespace tcplab::ui {

// The most specific match name a segment falls under, in the order the rules' vocabulary reads: syn,
// syn-ack, rst, fin, data, pure-ack (a FIN that carries data is matched as a FIN).
SegmentMatch mostSpecificMatch(const SegmentRecord& segment);

// A fault rule that acts on `segment` of `trace` (the run of `scenario`) and on nothing before it: the
// rule counts, as the simulator does, the segments of that kind on the segment's hop (its first hop with
// the IP layer) up to this one. Empty, with *why set, when the trace cannot tell (a copy made by the
// network, a run whose trace leaves segments out, a segment that never reached a link).
std::optional<FaultRule> faultRuleForSegment(const Scenario& scenario, const Trace& trace,
                                             std::uint32_t segment, FaultAction action, Duration delay,
                                             std::string* why = nullptr);
// The same for one datagram or fragment record of the IP layer (Trace::datagrams), on its own hop.
std::optional<FaultRule> faultRuleForDatagram(const Scenario& scenario, const Trace& trace,
                                              std::uint32_t datagram, FaultAction action, Duration delay,
                                              std::string* why = nullptr);

// An action of `kind` by `host` just after event `row` (1 ns later: the smallest step of simulated time),
// on the host's connection that is open at that row (by its local port), else its newest one.
ActionSpec actionAtRow(const Trace& trace, int row, std::uint16_t host, ActionKind kind,
                       std::uint64_t bytes = 0);

// The first event of `after` that differs from `before` (time, kind, host, connection, segment header,
// text …); -1 when the two runs are the same.
int firstDifferingEvent(const Trace& before, const Trace& after);

} // namespace tcplab::ui
