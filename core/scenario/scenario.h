// The scenario model: what a lesson file holds, as plain values. core/io/scenario_json reads and writes it;
// Simulation runs it. Names carry their units.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sim/time.h"
#include "tcp/params.h"
#include "tcp/state.h"

namespace tcplab {

struct LocalizedText {
    std::string en;
    std::string zh; // Simplified Chinese; empty = fall back to English
    bool operator==(const LocalizedText&) const = default;
};

// An attacker (RFC 4987): a host that sends SYNs from spoofed source addresses and never answers. Every
// address of `spoofBase/spoofPrefixLen` is reachable through it, so SYN,ACKs to them cross its link and
// vanish there.
struct FloodSpec {
    std::string target;      // the attacked host's name
    std::uint16_t port = 80; // its listening port
    Instant start = kTimeZero;
    Duration duration{std::chrono::seconds(10)};
    std::uint64_t ratePerSecond = 100;    // SYNs per second, evenly spaced
    std::uint32_t spoofBase = 0xC6120000; // 198.18.0.0 (RFC 2544 benchmarking range)
    int spoofPrefixLen = 15;
    bool operator==(const FloodSpec&) const = default;
};

struct HostSpec {
    std::string name;               // "client"
    std::uint32_t address{};        // IPv4, host byte order
    std::optional<Profile> profile; // unset: the scenario's profile
    // Parameter overrides by their table name (tcp_syn_retries …), in file order, value in the parameter's
    // unit.
    std::vector<std::pair<std::string, std::int64_t>> tcp;
    std::optional<std::uint32_t>
        isn;                        // fixed ISN for this host's connections; unset: drawn from the seeded RNG
    std::optional<FloodSpec> flood; // set: this host is an attacker
    int prefixLen = 24;             // the network of its interfaces ("10.0.0.1/24")
    // IP layer (used when Scenario::ipLayer()): DF on the datagrams it sends (unset: the profile's: linux
    // sets DF for path MTU discovery, rfc9293 does not) and the TTL they start with.
    std::optional<bool> dontFragment;
    std::uint8_t ttl = 64;
    bool operator==(const HostSpec&) const = default;
};

// A router's interface: the link it is on and its address on that link's network.
struct InterfaceSpec {
    std::string link; // a link's name
    std::uint32_t address = 0;
    int prefixLen = 24;
    bool operator==(const InterfaceSpec&) const = default;
};

// A router forwards IPv4 datagrams between its links (RFC 1812): it decrements the TTL, fragments for the
// next link's MTU and sends ICMP errors. It runs no TCP. Routes are computed from the topology (see
// docs/ip-layer.md).
struct RouterSpec {
    std::string name; // shares the hosts' namespace
    std::vector<InterfaceSpec> interfaces;
    bool operator==(const RouterSpec&) const = default;
};

// ICMP messages of this kind are generated, traced as dropped, and never sent: a firewall that filters them
// (the PMTUD black hole, RFC 2923 §2.1).
struct IcmpDropRule {
    std::string router; // empty: any router or host
    int type = 3;
    int code = -1; // -1: any code
    bool operator==(const IcmpDropRule&) const = default;
};

// The scenario's "ip" object.
struct IpSpec {
    bool present = false;                      // the file has an "ip" object: model the IP layer
    std::optional<Duration> reassemblyTimeout; // unset: the profile's (linux ipfrag_time 30 s, rfc9293 60 s)
    std::vector<IcmpDropRule> icmpDrop;
    bool operator==(const IpSpec&) const = default;
};

// One direction of a link.
struct LinkDirection {
    Duration delay{std::chrono::milliseconds(10)};
    Duration jitter{0};             // uniform in ±jitter
    std::uint64_t bandwidthBps = 0; // 0 = infinite (no serialisation delay)
    double loss = 0;                // probabilities in [0, 1]
    double duplicate = 0;
    double reorder = 0; // a reordered segment is held back by reorderDelay
    Duration reorderDelay{std::chrono::milliseconds(20)};
    bool operator==(const LinkDirection&) const = default;
};

struct LinkSpec {
    std::string name; // "client-server"
    std::string a;    // host names
    std::string b;
    LinkDirection aToB;
    LinkDirection bToA;
    std::uint32_t mtu = 1500; // bytes of IPv4 datagram the link carries in one frame
    bool ethernet = false;    // frames carry MAC addresses: ARP resolves the next hop first (RFC 826)
    bool operator==(const LinkSpec&) const = default;
};

enum class ActionKind : std::uint8_t {
    Listen,
    Connect,
    Send,
    Read,
    Close,
    Shutdown,
    Abort,
    Accept,
    Ping,       // ICMP echo requests to peer (the IP layer)
    Traceroute, // ICMP echo requests with TTL 1, 2, … (traceroute -I)
};
std::string_view actionKindName(ActionKind k);
std::optional<ActionKind> actionKindFromName(std::string_view name);

// When an action runs: at a time, or `after` a host's connection first enters a state.
struct ActionTrigger {
    std::optional<Instant> at;
    std::string onHost; // with onState
    std::optional<TcpState> onState;
    Duration after{0};
    bool operator==(const ActionTrigger&) const = default;
};

struct ActionSpec {
    ActionTrigger when;
    ActionKind kind = ActionKind::Listen;
    std::string host;       // who acts
    std::uint16_t port = 0; // listen: local port; connect: the remote port
    std::string peer;       // connect: the remote host's name
    std::uint16_t localPort =
        0;                   // connect: 0 = an ephemeral port; send/close/...: which connection (0 = latest)
    std::uint64_t bytes = 0; // send: this many pattern bytes (when text is empty); read: at most this many
    std::string text;        // send: these bytes
    std::optional<std::uint32_t> isn; // connect: ISS for this connection
    int backlog = -1;                 // listen: -1 = the host's parameter
    bool manualAccept = false;        // listen: connections wait in the accept queue for `accept` actions
    Duration every{0};                // accept: repeat every this long (0 = once)
    // Application patterns. listen: for each accepted connection; connect: for the connection it opens.
    std::optional<Duration> closeAfter; // close() this long after accept() / ESTABLISHED
    bool closeOnEof = false;            // close() as soon as the peer's FIN arrives (CLOSE-WAIT)
    std::uint64_t count = 1;            // connect: this many connections in sequence, each one after the
    Duration gap{0};                    //   previous one was closed by this host, `gap` later
    // ping: `count` echo requests of `bytes` data bytes, `every` apart; traceroute: probes with TTL 1 to
    // maxTtl, `every` apart, until the peer answers.
    int maxTtl = 30;
    bool operator==(const ActionSpec&) const = default;
};

// Which segments a fault rule counts.
enum class SegmentMatch : std::uint8_t { Any, Syn, SynAck, PureAck, Data, Fin, Rst };
std::string_view segmentMatchName(SegmentMatch m);
std::optional<SegmentMatch> segmentMatchFromName(std::string_view name);

enum class FaultAction : std::uint8_t { Drop, Delay, Duplicate };
std::string_view faultActionName(FaultAction a);
std::optional<FaultAction> faultActionFromName(std::string_view name);

// "Drop the 2nd pure ACK from client to server."
struct FaultRule {
    std::string from; // sending host
    std::string to;   // receiving host
    SegmentMatch match = SegmentMatch::Any;
    int nth = 1; // 1-based; 0 = every matching segment
    FaultAction action = FaultAction::Drop;
    Duration delay{0}; // FaultAction::Delay
    // IP layer: 1-based, the rule applies to that fragment of the matched segment's datagram only (the k-th
    // piece, in offset order, of the datagram as it was cut for this link); 0 = the whole datagram.
    int fragment = 0;
    bool operator==(const FaultRule&) const = default;
};

struct TeacherNote {
    int step = 0; // the trace event it belongs to (1-based)
    LocalizedText text;
    bool operator==(const TeacherNote&) const = default;
};

// Quiz mode (docs/gui.md): before a step the student predicts what happens. A question asks about the first
// matching event at or after its step: the next state of a host (a state change), the acknowledgment number
// of the next segment (one with ACK set), or which side retransmits (the next retransmission). It never
// changes the run.
enum class QuizAsk : std::uint8_t { NextState, AckNumber, Retransmitter };
std::string_view quizAskName(QuizAsk a);
std::optional<QuizAsk> quizAskFromName(std::string_view name);

struct QuizQuestion {
    int step = 0; // asked before this trace event is shown (1-based)
    QuizAsk ask = QuizAsk::NextState;
    std::string host;   // next_state: whose state; ack_number: who sends; empty: whichever host is next
    LocalizedText text; // the teacher's wording; empty: the program's
    bool operator==(const QuizQuestion&) const = default;
};

struct Scenario {
    LocalizedText title;
    LocalizedText description;
    std::uint64_t seed = 1;
    Profile profile = Profile::Rfc9293;
    std::vector<HostSpec> hosts;
    std::vector<RouterSpec> routers;
    IpSpec ip;
    std::vector<LinkSpec> links;
    std::vector<ActionSpec> actions;
    std::vector<FaultRule> faults;
    std::vector<TeacherNote> notes;
    std::vector<QuizQuestion> quiz;              // empty: quiz mode asks questions of its own (docs/gui.md)
    Duration duration{std::chrono::minutes(10)}; // simulated-time limit of a run
    std::uint64_t maxEvents = 5'000'000;         // event limit of a run
    // Trace volume for floods: false records every segment; true leaves out the segments to and from
    // spoofed addresses and everything they cause (the host-stats records still count them).
    bool floodSummary = false;
    Duration hostStatsInterval{0}; // > 0: a host-stats record at most this often while something changes
    // Connections with a trace id at or above this are left out of the trace (host-stats still count them):
    // 100,000 short connections need not make a trace of millions of lines.
    std::uint64_t traceConnections = UINT64_MAX;
    bool operator==(const Scenario&) const = default;

    // Whether segments travel as IPv4 datagrams hop by hop (routers, fragmentation, ICMP, reassembly, and
    // their trace records). Without routers, an "ip" object or a link MTU other than 1500, every segment
    // fits every link and the simpler direct path gives the same run.
    bool ipLayer() const;
};

// The parameters a host's connections use: the profile's, then the host's overrides. Overrides were
// validated by the loader; an unknown name is ignored here.
TcpParams resolveParams(const Scenario& sc, const HostSpec& host);

// Semantic checks a JSON schema cannot make (names that must refer to hosts, duplicate names …).
// Returns the first problem as "path: message", or an empty string.
std::string checkScenario(const Scenario& sc);

std::string formatIpv4(std::uint32_t addr);
std::optional<std::uint32_t> parseIpv4(std::string_view text);

} // namespace tcplab
