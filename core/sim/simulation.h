// The simulation: an event queue over integer time, the hosts with their TCP stacks, the links, the fault
// rules and one seeded RNG. World is a value: copying it is a snapshot, and stepping backwards is
// restore-and-replay. Events at the same instant run in insertion order (ns-3's rule), so runs are
// deterministic; docs/behaviour.md spells out what that means for lessons.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "scenario/scenario.h"
#include "sim/rng.h"
#include "sim/time.h"
#include "sim/trace.h"
#include "tcp/endpoint.h"

namespace tcplab {

struct Connection {
    std::uint32_t id = kNone; // index into Trace::connections
    TcpEndpoint tcb;
    bool listener = false;
    std::uint32_t listenerId = kNone; // a passive connection: the listener it came from
    bool operator==(const Connection&) const = default;
};

struct FourTuple {
    Endpoint4 local;
    Endpoint4 remote;
    auto operator<=>(const FourTuple&) const = default;
};

struct Host {
    std::string name;
    std::uint32_t address = 0;
    TcpParams params;
    std::optional<std::uint32_t> fixedIsn;
    std::map<std::uint32_t, Connection> connections;  // by connection id, live ones only
    std::map<FourTuple, std::uint32_t> byTuple;       // established and half-open connections
    std::map<std::uint16_t, std::uint32_t> listeners; // local port -> connection id
    std::uint16_t nextEphemeralPort = 40000;
    std::vector<std::uint32_t> links; // link indices attached to this host
    bool operator==(const Host&) const = default;
};

struct LinkState {
    std::uint16_t a = 0; // host indices
    std::uint16_t b = 0;
    LinkDirection dir[2]; // [0]: a -> b, [1]: b -> a
    Instant busyUntil[2] = {kTimeZero, kTimeZero};
    std::uint32_t mtu = 1500;
    bool operator==(const LinkState&) const = default;
};

// Queue entries.
struct EvArrival {
    std::uint16_t toHost;
    std::uint32_t segment; // trace index
    TcpSegment seg;
    bool operator==(const EvArrival&) const = default;
};
struct EvTimer {
    std::uint16_t host;
    std::uint32_t conn;
    TimerKind kind;
    bool operator==(const EvTimer&) const = default;
};
struct EvAction {
    std::uint32_t action; // index into Scenario::actions
    bool operator==(const EvAction&) const = default;
};
using EventPayload = std::variant<EvArrival, EvTimer, EvAction>;

struct QueuedEvent {
    Instant at;
    std::uint64_t order; // insertion number: ties run first-in, first-out
    EventPayload payload;
    bool operator==(const QueuedEvent&) const = default;
};

// What a connection's application has received: the count and a running FNV-1a hash of the bytes, so that
// "delivered in order, exactly once" can be checked without keeping the bytes.
struct DeliveryStats {
    std::uint64_t bytes = 0;
    std::uint64_t fnv1a = 0xcbf29ce484222325ULL;
    void add(std::string_view data);
    bool operator==(const DeliveryStats&) const = default;
};

enum class RunStatus : std::uint8_t { Running, Finished, TimeLimit, EventLimit };

// Everything that changes during a run. A copy is a snapshot.
struct World {
    Instant now = kTimeZero;
    std::uint64_t nextOrder = 0;
    std::uint64_t eventsProcessed = 0;
    std::vector<QueuedEvent> queue; // a binary heap (std::push_heap with QueuedEvent's ordering)
    std::vector<Host> hosts;
    std::vector<LinkState> links;
    std::vector<int> faultMatches;        // per fault rule: matching segments seen so far
    std::vector<bool> actionTriggered;    // per state-triggered action: already scheduled
    std::vector<DeliveryStats> delivered; // per connection id
    std::vector<std::uint64_t> accepted;  // per connection id: bytes its application wrote and TCP accepted
    Rng rng;
    RunStatus status = RunStatus::Running;
    bool operator==(const World&) const = default;
};

class Simulation {
public:
    // The scenario must have passed checkScenario(); seed overrides the scenario's seed.
    explicit Simulation(Scenario scenario, std::optional<std::uint64_t> seed = std::nullopt);

    // Processes the next queued event. Returns false when the run has ended (and records why, once).
    bool step();
    // Runs until the run ends or simulated time would pass `until`.
    void runUntil(Instant until);
    void run();

    Instant now() const { return world_.now; }
    RunStatus status() const { return world_.status; }
    const World& world() const { return world_; }
    const Trace& trace() const { return trace_; }
    const Scenario& scenario() const { return scenario_; }
    std::optional<Instant> nextEventTime() const;

    struct Snapshot {
        World world;
        Trace::Mark mark;
    };
    Snapshot snapshot() const { return {world_, trace_.mark()}; }
    void restore(const Snapshot& s);

    // Connection lookup for views: the live TCB of a trace connection, or nullptr once it is gone.
    const TcpEndpoint* endpoint(std::uint32_t connId) const;
    std::uint64_t accepted(std::uint32_t connId) const {
        return connId < world_.accepted.size() ? world_.accepted[connId] : 0;
    }
    DeliveryStats delivered(std::uint32_t connId) const {
        return connId < world_.delivered.size() ? world_.delivered[connId] : DeliveryStats{};
    }

private:
    void schedule(Instant at, EventPayload payload);
    bool isStaleTimer(const QueuedEvent& ev) const;
    void handle(const EvArrival& e);
    void handle(const EvTimer& e);
    void handle(const EvAction& e);

    void transmit(std::uint16_t fromHost, std::uint32_t dstAddr, std::uint32_t connId, TcpSegment seg,
                  bool retransmission);
    void deliverToStack(std::uint16_t hostIdx, std::uint32_t segIdx, const TcpSegment& seg);
    void apply(std::uint16_t hostIdx, std::uint32_t connId, TcpOutput& out);
    std::uint32_t createConnection(std::uint16_t hostIdx, Endpoint4 local, Endpoint4 remote, bool listener);
    Connection* findTarget(Host& host, const ActionSpec& a);
    SeqNum chooseIss(const Host& host, const ActionSpec* a);
    void record(TraceEvent ev);
    void checkStateTriggers(std::uint16_t hostIdx, TcpState reached);
    std::optional<std::uint16_t> hostIndex(const std::string& name) const;

    Scenario scenario_;
    World world_;
    Trace trace_;
    TcpOutput scratch_;
};

} // namespace tcplab
