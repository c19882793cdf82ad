// The simulation: an event queue over integer time, the hosts with their TCP stacks, the links, the fault
// rules and one seeded RNG. World is a value: copying it is a snapshot, and stepping backwards is
// restore-and-replay. Events at the same instant run in insertion order (ns-3's rule), so runs are
// deterministic; docs/behaviour.md spells out what that means for lessons.
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <variant>
#include <vector>

#include "net/arp.h"
#include "net/fragment.h"
#include "net/icmp.h"
#include "net/ipv4.h"
#include "net/pmtu.h"
#include "net/reassembly.h"
#include "net/routing.h"
#include "scenario/scenario.h"
#include "sim/rng.h"
#include "sim/time.h"
#include "sim/trace.h"
#include "tcp/endpoint.h"
#include "tcp/syncookie.h"

namespace tcplab {

// A listener's two queues (Linux: the SYN queue of request socks and the accept queue; linux-defaults.md
// §3). The host keeps them; the endpoints know nothing of queues.
struct ListenQueue {
    int maxBacklog = 0;                    // sk_max_ack_backlog = min(listen backlog, somaxconn)
    int synQueue = 0;                      // children in SYN-RECEIVED
    std::deque<std::uint32_t> acceptQueue; // established children not yet accepted, oldest first
    bool manualAccept = false;             // false: the application accepts each connection at once
    int pendingAccepts = 0;                // accept() calls waiting for a connection
    Duration acceptEvery{0};               // after an accept, call accept() again this much later
    std::optional<Instant> lastCookieAt;   // Linux tcp_synq_overflow(): cookies are checked only after one
    bool operator==(const ListenQueue&) const = default;
};

// The armings of TCP timers that the event queue has not passed yet, (deadline, insertion number) each, so
// that a timer's one queue entry can be put where the queue with one entry per arming would have run the
// timer (TimerBook). One pool of nodes for all timers, each timer's armings a list in (at, order) order: a
// vector per timer would allocate for each of thousands of short connections.
class TimerArms {
public:
    struct Arm {
        Instant at;
        std::uint64_t order; // its insertion number
        auto operator<=>(const Arm&) const = default;
    };
    struct List {
        std::uint32_t first = kNone, last = kNone; // node indices
        bool operator==(const List&) const = default;
    };
    // a.order must be the newest insertion number: it goes after every arming to the same deadline.
    void insert(List& l, Arm a);
    // Forgets the armings at or before `key` (the queue has passed them).
    void dropUpTo(List& l, Arm key);
    void clear(List& l) { dropUpTo(l, {kNever, UINT64_MAX}); }
    // The first arming to `at` after `after`.
    std::optional<Arm> firstAt(const List& l, Instant at, Arm after) const;
    bool operator==(const TimerArms&) const = default;

private:
    struct Node {
        Arm arm;
        std::uint32_t prev, next;
        bool operator==(const Node&) const = default;
    };
    std::vector<Node> nodes_;
    std::vector<std::uint32_t> free_;
};

// Where a connection's timer of one kind stands in the event queue. The queue holds one entry per armed
// timer, not one per arming, yet runs the timer where the earlier queue (one entry per arming, a re-armed
// timer's old entries dropped when they came up) ran it: at the entry of the first arming to its deadline
// that had not come up yet, since among equal times the lower insertion number comes first. So the armings
// are kept until the queue has passed them, and the timer's entry is re-queued under the right one when it
// comes up early (its timer re-armed to a later deadline since) — docs/performance.md.
struct TimerBook {
    TimerArms::List arms;
    std::optional<TimerArms::Arm> queued; // the key of the timer's entry in the queue
    bool operator==(const TimerBook&) const = default;
};

struct Connection {
    std::uint32_t id = kNone; // index into Trace::connections
    TcpEndpoint tcb;
    bool listener = false;
    std::uint32_t listenerId = kNone; // a passive connection: the listener it came from
    bool inSynQueue = false;          // counted in the listener's SYN queue
    bool inAcceptQueue = false;       // waiting in the listener's accept queue
    bool holdsFd = false;             // the application holds a socket for it (counts against open_files)
    std::uint32_t action = kNone;     // the connect action that opened it (its count/close pattern)
    ListenQueue queue;                // listeners only
    std::array<TimerBook, kTimerKindCount> timerBooks{};
    bool operator==(const Connection&) const = default;
};

struct FourTuple {
    Endpoint4 local;
    Endpoint4 remote;
    auto operator<=>(const FourTuple&) const = default;
};

// What a datagram carries, for the trace and the fault rules (fragments after the first have no TCP header).
struct PacketMeta {
    std::uint32_t segment = kNone; // trace index of the TCP segment
    std::uint32_t conn = kNone;
    bool tcp = false;
    std::uint8_t tcpFlags = 0;
    std::uint32_t tcpPayloadLen = 0;
    bool operator==(const PacketMeta&) const = default;
};

// A host's or router's interface: one per link it is on (point-to-point links, so the link names the
// neighbour). Linux's names: eth0, eth1 … in the order of the node's links.
struct Interface {
    std::string name;
    std::uint32_t address = 0;
    int prefixLen = 24;
    std::uint32_t link = 0;
    bool operator==(const Interface&) const = default;
};

// A host or a router. Routers (Scenario::routers, after the hosts) have no connections and run no
// application; they only forward datagrams.
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
    int openFds = 0;                  // sockets the application holds (listen, connect, accept)
    HostCounters counters;
    SynCookieKey cookieKey;
    // An attacker: its spoofed range, its own address generator, and the SYNs it has sent.
    bool attacker = false;
    std::uint32_t spoofBase = 0;
    std::uint32_t spoofMask = 0;
    Rng floodRng;
    std::uint64_t floodSent = 0;
    // The IP layer (Scenario::ipLayer()).
    bool router = false;
    std::vector<Interface> interfaces;
    RoutingTable routes;
    PmtuCache pmtu;
    ReassemblyTable reassembly;
    std::optional<Instant> reassemblyTimerAt; // the EvReassembly that is queued for it
    ArpCache arp;                             // Ethernet links: IPv4 address -> MAC (RFC 826)
    std::optional<Instant> arpTimerAt;        // the EvArpTimer that is queued for it
    // What the datagrams waiting for ARP carry, by (source, ID, fragment offset): the cache keeps only the
    // datagrams themselves.
    std::map<std::tuple<std::uint32_t, std::uint16_t, std::uint16_t>,
             std::tuple<PacketMeta, std::uint8_t, std::uint8_t>>
        arpWaiting;
    std::uint16_t nextIpId = 0; // IPv4 identification of the next datagram this node makes
    bool dontFragment = false;  // DF on the datagrams it sends (profile: linux sets it)
    std::uint8_t ttl = 64;
    bool operator==(const Host&) const = default;
};

struct LinkState {
    std::uint16_t a = 0; // host indices
    std::uint16_t b = 0;
    LinkDirection dir[2]; // [0]: a -> b, [1]: b -> a
    Instant busyUntil[2] = {kTimeZero, kTimeZero};
    std::uint32_t mtu = 1500;
    bool ethernet = false;
    bool operator==(const LinkState&) const = default;
};

// Queue entries.
struct EvArrival {
    std::uint16_t toHost;
    std::uint32_t segment; // trace index; kNone when left out of the trace (flood summary)
    TcpSegment seg;
    std::uint32_t srcAddr = 0;
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
struct EvAccept { // a listener's application calls accept() again (an accept action's `every`)
    std::uint16_t host;
    std::uint32_t listener;
    bool retry = false; // not a new accept() call: try the waiting ones again (a connection or socket freed)
    bool operator==(const EvAccept&) const = default;
};
struct EvFlood { // an attacker sends its next spoofed SYN
    std::uint16_t host;
    bool operator==(const EvFlood&) const = default;
};
struct EvAppClose { // an application pattern closes a connection (close_after_ms)
    std::uint16_t host;
    std::uint32_t conn;
    bool operator==(const EvAppClose&) const = default;
};
struct EvStats { // time for host-stats records
    bool operator==(const EvStats&) const = default;
};
// A datagram in flight is shared by the copies of a snapshot (it never changes while shared); equality is by
// value. A router may take the bytes of one that nothing else holds any more (Simulation::handle(EvPacket)).
struct SharedDatagram {
    std::shared_ptr<Ipv4Datagram> d;
    bool operator==(const SharedDatagram& o) const { return d == o.d || (d && o.d && *d == *o.d); }
};
struct EvPacket { // a datagram or fragment reaches the other end of a link
    std::uint16_t toNode;
    std::uint32_t link;
    std::uint32_t record; // trace index of its DatagramRecord (kNone when not traced)
    SharedDatagram datagram;
    PacketMeta meta;
    bool operator==(const EvPacket&) const = default;
};
struct EvArp { // an ARP packet reaches the other end of an Ethernet link
    std::uint16_t toNode;
    std::uint32_t link;
    std::uint32_t record;
    ArpPacket packet;
    bool operator==(const EvArp&) const = default;
};
struct EvArpTimer { // a node's ARP cache has a retry or an expiry due
    std::uint16_t host;
    bool operator==(const EvArpTimer&) const = default;
};
struct EvProbe { // a ping or traceroute action sends its probe number seq
    std::uint32_t action;
    std::uint16_t seq;
    bool operator==(const EvProbe&) const = default;
};
struct EvReassembly { // a host's reassembly timer
    std::uint16_t host;
    bool operator==(const EvReassembly&) const = default;
};
using EventPayload = std::variant<EvArrival, EvTimer, EvAction, EvAccept, EvFlood, EvAppClose, EvStats,
                                  EvPacket, EvReassembly, EvProbe, EvArp, EvArpTimer>;

// The event queue: a binary heap of small keys (time, insertion number, slot) over a slab of payloads, so
// that sifting moves 24 bytes instead of a whole event (a segment with its payload string), and the event
// being handled is read where it lies (a deque: pushing during the handler moves nothing). The earliest
// (time, insertion number) comes first. Equality is by contents: the same keys in the same heap order with
// equal payloads, whatever slots they occupy.
class EventQueue {
public:
    struct Key {
        Instant at;
        std::uint64_t order;
        std::uint32_t slot;
    };

    bool empty() const { return heap_.empty(); }
    std::size_t size() const { return heap_.size(); }
    const Key& top() const { return heap_.front(); }
    const EventPayload& topPayload() const { return slab_[heap_.front().slot]; }
    void push(Instant at, std::uint64_t order, EventPayload payload);
    // Takes the earliest key off the heap; its payload stays in payload(key.slot) until release(key.slot).
    Key popKey();
    const EventPayload& payload(std::uint32_t slot) const { return slab_[slot]; }
    void release(std::uint32_t slot);
    void dropTop() { release(popKey().slot); }
    bool operator==(const EventQueue& o) const;

private:
    struct Later { // std::push_heap keeps the greatest on top: the earliest must compare greatest
        bool operator()(const Key& a, const Key& b) const {
            return a.at != b.at ? a.at > b.at : a.order > b.order;
        }
    };
    std::vector<Key> heap_;
    std::deque<EventPayload> slab_;
    std::vector<std::uint32_t> free_; // slab slots not in use
};

// What a connection's application has received: the count and a running hash of the bytes, so that
// "delivered in order, exactly once" can be checked without keeping the bytes. The hash is FNV-style over
// 8-byte words of the stream (8 times fewer multiplies than byte-wise FNV-1a), in four lanes that take the
// words of each 32-byte block in turn, so that four multiplies are in flight at once instead of one chain of
// them; the stream's last 0-31 bytes wait in `pending`, so the result does not depend on how the stream was
// cut into deliveries.
struct DeliveryStats {
    static constexpr std::size_t kBlock = 32;
    std::uint64_t bytes = 0;
    std::array<std::uint64_t, 4> lanes{0xcbf29ce484222325ULL, 0xcbf29ce484222326ULL, 0xcbf29ce484222327ULL,
                                       0xcbf29ce484222328ULL};
    std::array<unsigned char, kBlock> pending{}; // the first bytes % kBlock are the stream's unhashed end
    void add(std::string_view data);
    bool operator==(const DeliveryStats& o) const;
};

// Whether a segment with these flags and this much data is of kind m (a fault rule's "match").
bool segmentMatches(SegmentMatch m, std::uint8_t flags, std::size_t payloadLen);

enum class RunStatus : std::uint8_t { Running, Finished, TimeLimit, EventLimit };

// Everything that changes during a run. A copy is a snapshot.
struct World {
    Instant now = kTimeZero;
    std::uint64_t nextOrder = 0;
    std::uint64_t handlingOrder = 0; // the insertion number of the event being (or last) handled
    std::uint64_t eventsProcessed = 0;
    EventQueue queue;
    TimerArms timerArms;
    std::vector<Host> hosts;
    std::vector<LinkState> links;
    std::vector<int> faultMatches; // per fault rule: matching segments seen so far
    // Per fault rule: the datagram (source, identification) it matched last, so that its later fragments
    // (which carry no TCP header) are recognised.
    std::vector<std::optional<std::pair<std::uint32_t, std::uint16_t>>> faultDatagram;
    std::vector<bool> segmentLost; // per trace segment: a SegmentDropped was recorded (IP layer)
    std::map<std::uint32_t, Instant>
        echoSent;                         // ping/traceroute probes: (identifier << 16 | sequence) -> sent
    std::vector<bool> traceDone;          // per action: the traceroute reached its peer
    std::vector<bool> actionTriggered;    // per state-triggered action: already scheduled
    std::vector<DeliveryStats> delivered; // per connection id
    std::vector<std::uint64_t> accepted;  // per connection id: bytes its application wrote and TCP accepted
    std::vector<std::uint64_t> connectsLeft; // per action: connections a `count` connect still has to make
    bool statsDirty = false;                 // something a host-stats record shows changed since the last
    bool statsScheduled = false;
    Rng rng;
    RunStatus status = RunStatus::Running;
    bool operator==(const World&) const = default;
};

class Simulation {
public:
    // The scenario must have passed checkScenario(); seed overrides the scenario's seed.
    explicit Simulation(Scenario scenario, std::optional<std::uint64_t> seed = std::nullopt);

    // For tests: queue TCP timers as before TimerBook, one entry per arming, each dropped when it comes up
    // after its timer was re-armed or cancelled. Call before the first step(); the trace must not change.
    void useReferenceTimerQueue() { referenceTimers_ = true; }

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

    // Every IPv4 datagram or fragment as it enters a link (before the link may lose it), for pcap export:
    // the link's index, the simulated time and the datagram's bytes. Not part of the simulation's state.
    using WireTap = std::function<void(std::uint32_t link, Instant at, const Bytes& datagram)>;
    void setWireTap(WireTap tap) { tap_ = std::move(tap); }
    // The host's or router's routing table (`route -n`).
    const RoutingTable* routes(const std::string& node) const;
    // The host's or router's ARP cache (`arp -an`).
    const ArpCache* arpCache(const std::string& node) const;

    struct Snapshot {
        World world;
        Trace::Mark mark;
    };
    Snapshot snapshot() const { return {world_, trace_.mark()}; }
    void restore(const Snapshot& s);
    // Restores a snapshot of the run `full` recorded, when this instance (a copy of the same run) may have
    // been cut back further than the snapshot: the trace records it lacks come from `full`.
    void restore(const Snapshot& s, const Simulation& full);

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
    bool isStaleTimer(Instant at, const EventPayload& payload) const;
    // Takes off the top of the queue what would not run: cancelled or stale timers, and a TCP timer's entry
    // that came up before its deadline (re-queued at it).
    void dropStaleTimers();
    void queueTimer(std::uint16_t hostIdx, std::uint32_t connId, Connection& c, TimerKind kind);
    void handle(const EvArrival& e);
    void handle(const EvTimer& e);
    void handle(const EvAction& e);
    void handle(const EvAccept& e);
    void handle(const EvFlood& e);
    void handle(const EvAppClose& e);
    void handle(const EvStats& e);
    void handle(const EvPacket& e);
    void handle(const EvReassembly& e);
    void handle(const EvProbe& e);
    void handle(const EvArp& e);
    void handle(const EvArpTimer& e);
    void ipTransmit(std::uint16_t node, std::uint32_t link, std::uint32_t nextHop, Ipv4Datagram piece,
                    const PacketMeta& meta, std::uint8_t fragment, std::uint8_t fragments);
    void sendArp(std::uint16_t node, std::uint32_t link, const ArpPacket& packet, MacAddress dst);
    void scheduleArp(std::uint16_t host);
    MacAddress macOf(std::uint16_t node, std::uint32_t link) const;
    void echoAnswered(std::uint16_t host, std::uint16_t id, std::uint16_t seq, std::uint32_t from,
                      const std::string& what, TraceEvent ev, std::uint8_t ttl, std::size_t bytes);

    // The IP layer (ip_layer.cpp).
    void setUpIpLayer();
    void ipSendSegment(std::uint16_t from, const TcpSegment& seg, std::uint32_t srcAddr,
                       std::uint32_t dstAddr, const PacketMeta& meta);
    void ipOutput(std::uint16_t node, Ipv4Datagram d, const PacketMeta& meta, bool forwarding);
    void ipSendPiece(std::uint16_t node, std::uint32_t link, Ipv4Datagram piece, const PacketMeta& meta,
                     std::uint8_t fragment, std::uint8_t fragments,
                     std::optional<MacAddress> dstMac = std::nullopt);
    void ipDeliver(std::uint16_t host, const Ipv4Datagram& d, const PacketMeta& meta, std::uint32_t record);
    void icmpArrives(std::uint16_t host, const Ipv4Datagram& d, const PacketMeta& meta, std::uint32_t record);
    void sendIcmp(std::uint16_t node, const IcmpMessage& msg, std::uint32_t dst, std::uint8_t ttl = 64);
    void lowerPathMtu(std::uint16_t host, std::uint32_t dst, std::uint16_t nextHopMtu,
                      std::uint16_t quotedLen, const std::string& why, std::uint32_t record);
    void ipDrop(std::uint16_t node, const PacketMeta& meta, std::uint32_t record, const std::string& why);
    void scheduleReassembly(std::uint16_t host);
    std::uint32_t recordDatagram(std::uint16_t node, std::uint32_t link, const Ipv4Datagram& d,
                                 const PacketMeta& meta, std::uint8_t fragment, std::uint8_t fragments);
    std::uint16_t interfaceMtu(std::uint16_t node, std::uint32_t dst) const;

    // Listen queues.
    void listenerSyn(std::uint16_t hi, std::uint32_t lid, std::uint32_t segIdx, const TcpSegment& seg,
                     Endpoint4 local, Endpoint4 remote);
    bool listenerCookieAck(std::uint16_t hi, std::uint32_t lid, const TcpSegment& seg, Endpoint4 local,
                           Endpoint4 remote);
    bool finalAckOverflow(std::uint16_t hi, Connection& child, const TcpSegment& seg);
    void enqueueAccept(std::uint16_t hi, std::uint32_t childId);
    void tryAccept(std::uint16_t hi, std::uint32_t lid);
    void releaseFd(std::uint16_t hi, Connection& c);
    void queueNote(std::uint16_t hi, std::uint32_t conn, std::uint32_t segIdx, std::string text,
                   std::string_view rfc);
    void markStats();
    void recordHostStats();
    bool spoofed(std::uint32_t addr) const;
    bool quietConn(std::uint32_t connId) const;
    void afterClientClose(std::uint16_t hi, std::uint32_t connId);

    // srcAddr: 0 = the host's address; an attacker passes a spoofed one.
    void transmit(std::uint16_t fromHost, std::uint32_t dstAddr, std::uint32_t connId, TcpSegment seg,
                  bool retransmission, std::uint32_t srcAddr = 0);
    void deliverToStack(std::uint16_t hostIdx, std::uint32_t segIdx, const TcpSegment& seg,
                        std::uint32_t srcAddr);
    void queueBookkeeping(std::uint16_t hostIdx, std::uint32_t connId, const TcpOutput& out);
    void apply(std::uint16_t hostIdx, std::uint32_t connId, TcpOutput& out);
    std::uint32_t createConnection(std::uint16_t hostIdx, Endpoint4 local, Endpoint4 remote, bool listener);
    Connection* findTarget(Host& host, const ActionSpec& a);
    SeqNum chooseIss(const Host& host, const ActionSpec* a);
    // Appends to the trace (unless quiet_), with its text and RFC reference interned in the string pool.
    void record(TraceEvent ev, std::string_view text = {}, std::string_view rfc = {});
    // The same, for a text that names something unique (a datagram's ID): not looked up in the string pool.
    void recordUnique(TraceEvent ev, std::string_view text, std::string_view rfc);
    void checkStateTriggers(std::uint16_t hostIdx, TcpState reached);
    std::optional<std::uint16_t> hostIndex(const std::string& name) const;

    Scenario scenario_;
    // Per host: the actions triggered by one of its state changes (`when.onState`), in file order.
    std::vector<std::vector<std::uint32_t>> stateTriggers_;
    World world_;
    Trace trace_;
    TcpOutput scratch_;
    bool quiet_ = false;           // handling a flood segment in summary mode: record nothing
    bool referenceTimers_ = false; // useReferenceTimerQueue()
    bool ipLayer_ = false;
    WireTap tap_;
};

} // namespace tcplab
