#include "sim/simulation.h"

#include <algorithm>
#include <bit>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace tcplab {

bool segmentMatches(SegmentMatch m, std::uint8_t flags, std::size_t payloadLen) {
    const bool syn = flags & TcpFlag::SYN, ack = flags & TcpFlag::ACK, fin = flags & TcpFlag::FIN,
               rst = flags & TcpFlag::RST;
    switch (m) {
    case SegmentMatch::Any:
        return true;
    case SegmentMatch::Syn:
        return syn && !ack;
    case SegmentMatch::SynAck:
        return syn && ack;
    case SegmentMatch::PureAck:
        return ack && !syn && !fin && !rst && payloadLen == 0;
    case SegmentMatch::Data:
        return payloadLen > 0;
    case SegmentMatch::Fin:
        return fin;
    case SegmentMatch::Rst:
        return rst;
    }
    return false;
}

namespace {

bool matches(SegmentMatch m, const TcpSegment& s) {
    return segmentMatches(m, s.flags, s.payloadLen());
}

// The bytes a segment occupies on the wire: IPv4 header, TCP header with options, payload.
std::uint64_t wireBytes(const TcpSegment& s) {
    return 20u + s.headerLen() + s.payloadLen();
}

// The first 64 bytes, unprintable ones as '.', and "..." when there are more: the text of a DataDelivered
// event and of a send action. Made in a fixed buffer: a bulk transfer makes one per segment, and the trace
// interns it (26 distinct previews of the pattern bytes), so a heap string each time would be wasted.
class Preview {
public:
    explicit Preview(std::string_view bytes) {
        constexpr std::size_t kMax = 64;
        const std::size_t n = std::min(bytes.size(), kMax);
        for (std::size_t i = 0; i < n; ++i) {
            const auto c = static_cast<unsigned char>(bytes[i]);
            buf_[i] = (c >= 0x20 && c < 0x7f) ? static_cast<char>(c) : '.';
        }
        len_ = n;
        if (bytes.size() > kMax)
            for (int k = 0; k < 3; ++k)
                buf_[len_++] = '.';
    }
    std::string_view view() const { return {buf_, len_}; }
    std::string str() const { return std::string(view()); }

private:
    char buf_[67];
    std::size_t len_ = 0;
};

// The bytes a send action without text writes: "abc...z" repeated, made from a precomputed block.
std::string patternBytes(std::size_t n) {
    static const std::string kBlock = [] {
        std::string b(26 * 64, '\0');
        for (std::size_t i = 0; i < b.size(); ++i)
            b[i] = static_cast<char>('a' + i % 26);
        return b;
    }();
    std::string data;
    data.reserve(n);
    while (data.size() < n)
        data.append(kBlock, 0, std::min(kBlock.size(), n - data.size()));
    return data;
}

std::string describe(const ActionSpec& a, const Scenario& sc) {
    std::string t(actionKindName(a.kind));
    switch (a.kind) {
    case ActionKind::Listen:
        t += " on port " + std::to_string(a.port);
        break;
    case ActionKind::Ping:
    case ActionKind::Traceroute:
    case ActionKind::Connect: {
        std::string peerAddr = a.peer;
        for (const auto& h : sc.hosts)
            if (h.name == a.peer)
                peerAddr = formatIpv4(h.address);
        t += " to " + peerAddr + (a.kind == ActionKind::Connect ? ":" + std::to_string(a.port) : "");
        break;
    }
    case ActionKind::Send:
        t += a.text.empty()
                 ? " " + std::to_string(a.bytes) + " bytes"
                 : " \"" + Preview(a.text).str() + "\" (" + std::to_string(a.text.size()) + " bytes)";
        break;
    case ActionKind::Read:
        t += a.bytes ? " up to " + std::to_string(a.bytes) + " bytes" : " all buffered bytes";
        break;
    default:
        break;
    }
    return t;
}

} // namespace

namespace {

// Hashes whole blocks into the lanes. The lanes are local copies so that they stay in registers: the data is
// read through an unsigned char pointer, which may alias anything, so stores to the struct's own lanes
// would be reloaded after every word.
void hashBlocks(std::array<std::uint64_t, 4>& lanes, const unsigned char* p, std::size_t blocks) {
    constexpr std::uint64_t kPrime = 0x100000001b3ULL;
    auto load = [](const unsigned char* q) {
        // Little-endian whatever the machine's byte order: one load (g++ -O2 does not merge a byte loop).
        std::uint64_t w;
        std::memcpy(&w, q, 8);
        if constexpr (std::endian::native == std::endian::big)
            w = __builtin_bswap64(w);
        return w;
    };
    std::uint64_t h0 = lanes[0], h1 = lanes[1], h2 = lanes[2], h3 = lanes[3];
    for (std::size_t b = 0; b < blocks; ++b, p += DeliveryStats::kBlock) {
        h0 = (h0 ^ load(p)) * kPrime;
        h1 = (h1 ^ load(p + 8)) * kPrime;
        h2 = (h2 ^ load(p + 16)) * kPrime;
        h3 = (h3 ^ load(p + 24)) * kPrime;
    }
    lanes = {h0, h1, h2, h3};
}

} // namespace

void DeliveryStats::add(std::string_view data) {
    const auto* p = reinterpret_cast<const unsigned char*>(data.data());
    const std::size_t n = data.size();
    const std::size_t have = bytes % kBlock;
    bytes += n;
    std::size_t i = 0;
    if (have != 0) { // complete the block begun by earlier deliveries
        i = std::min(kBlock - have, n);
        std::memcpy(pending.data() + have, p, i);
        if (have + i < kBlock)
            return;
        hashBlocks(lanes, pending.data(), 1);
    }
    const std::size_t blocks = (n - i) / kBlock;
    hashBlocks(lanes, p + i, blocks);
    i += blocks * kBlock;
    if (i < n)
        std::memcpy(pending.data(), p + i, n - i);
}

bool DeliveryStats::operator==(const DeliveryStats& o) const {
    // Only the pending bytes that belong to the stream count: the rest of the buffer is what earlier blocks
    // left there, which depends on how the stream was cut.
    const std::size_t have = bytes % kBlock;
    return bytes == o.bytes && lanes == o.lanes && std::memcmp(pending.data(), o.pending.data(), have) == 0;
}

void EventQueue::push(Instant at, std::uint64_t order, EventPayload payload) {
    std::uint32_t slot;
    if (free_.empty()) {
        slot = static_cast<std::uint32_t>(slab_.size());
        slab_.push_back(std::move(payload));
    } else {
        slot = free_.back();
        free_.pop_back();
        slab_[slot] = std::move(payload);
    }
    heap_.push_back({at, order, slot});
    std::push_heap(heap_.begin(), heap_.end(), Later{});
}

EventQueue::Key EventQueue::popKey() {
    std::pop_heap(heap_.begin(), heap_.end(), Later{});
    const Key k = heap_.back();
    heap_.pop_back();
    return k;
}

void EventQueue::release(std::uint32_t slot) {
    slab_[slot] = EvStats{}; // let go of what the payload held (a datagram's bytes)
    free_.push_back(slot);
}

bool EventQueue::operator==(const EventQueue& o) const {
    if (heap_.size() != o.heap_.size())
        return false;
    for (std::size_t i = 0; i < heap_.size(); ++i) {
        const Key &a = heap_[i], &b = o.heap_[i];
        if (a.at != b.at || a.order != b.order || !(slab_[a.slot] == o.slab_[b.slot]))
            return false;
    }
    return true;
}

Simulation::Simulation(Scenario scenario, std::optional<std::uint64_t> seed)
    : scenario_(std::move(scenario)) {
    world_.rng.reseed(seed.value_or(scenario_.seed));
    for (const auto& hs : scenario_.hosts) {
        Host h;
        h.name = hs.name;
        h.address = hs.address;
        h.params = resolveParams(scenario_, hs);
        h.fixedIsn = hs.isn;
        world_.hosts.push_back(std::move(h));
        trace_.hostNames.push_back(hs.name);
        trace_.hostAddrs.push_back(hs.address);
        trace_.routers.push_back(false);
    }
    for (const auto& rs : scenario_.routers) {
        Host r;
        r.name = rs.name;
        r.router = true;
        r.address = rs.interfaces.empty() ? 0 : rs.interfaces.front().address;
        world_.hosts.push_back(std::move(r));
        trace_.hostNames.push_back(rs.name);
        trace_.hostAddrs.push_back(world_.hosts.back().address);
        trace_.routers.push_back(true);
    }
    for (std::size_t i = 0; i < scenario_.links.size(); ++i) {
        const auto& ls = scenario_.links[i];
        LinkState l;
        l.a = *hostIndex(ls.a);
        l.b = *hostIndex(ls.b);
        l.dir[0] = ls.aToB;
        l.dir[1] = ls.bToA;
        l.mtu = ls.mtu;
        l.ethernet = ls.ethernet;
        world_.hosts[l.a].links.push_back(static_cast<std::uint32_t>(i));
        world_.hosts[l.b].links.push_back(static_cast<std::uint32_t>(i));
        world_.links.push_back(l);
        trace_.linkNames.push_back(ls.name.empty() ? ls.a + "-" + ls.b : ls.name);
        trace_.linkMtus.push_back(static_cast<std::uint16_t>(std::min<std::uint32_t>(l.mtu, 65535)));
    }
    ipLayer_ = scenario_.ipLayer();
    if (ipLayer_)
        setUpIpLayer();
    stateTriggers_.resize(world_.hosts.size());
    for (std::size_t i = 0; i < scenario_.actions.size(); ++i) {
        const auto& when = scenario_.actions[i].when;
        if (when.onState)
            if (const auto hi = hostIndex(when.onHost))
                stateTriggers_[*hi].push_back(static_cast<std::uint32_t>(i));
    }
    world_.faultMatches.assign(scenario_.faults.size(), 0);
    world_.faultDatagram.assign(scenario_.faults.size(), std::nullopt);
    world_.actionTriggered.assign(scenario_.actions.size(), false);
    world_.connectsLeft.resize(scenario_.actions.size());
    for (std::size_t i = 0; i < scenario_.actions.size(); ++i)
        world_.connectsLeft[i] = scenario_.actions[i].count;
    // SYN cookie keys and attackers' address generators come from the seed, through generators of their own,
    // so that they do not shift the draws of the main generator (existing lessons keep their traces).
    const std::uint64_t runSeed = seed.value_or(scenario_.seed);
    for (std::size_t i = 0; i < scenario_.hosts.size(); ++i) { // routers have no keys and never attack
        Host& h = world_.hosts[i];
        Rng keys(runSeed ^ (0xC00C1E5ULL + i * 0x9E3779B97F4A7C15ULL));
        h.cookieKey = {keys.next(), keys.next()};
        const auto& flood = scenario_.hosts[i].flood;
        if (!flood)
            continue;
        h.attacker = true;
        h.spoofMask = flood->spoofPrefixLen >= 32 ? ~0u : ~(~0u >> flood->spoofPrefixLen);
        h.spoofBase = flood->spoofBase & h.spoofMask;
        h.floodRng.reseed(runSeed ^ (0xA77AC4ULL + (i + 1) * 0xD1B54A32D192ED03ULL));
        if (flood->ratePerSecond > 0 && flood->duration > Duration{0})
            schedule(flood->start, EvFlood{static_cast<std::uint16_t>(i)});
    }
    // Timed actions are queued in file order, so actions at the same instant run in the order written.
    for (std::size_t i = 0; i < scenario_.actions.size(); ++i)
        if (scenario_.actions[i].when.at)
            schedule(*scenario_.actions[i].when.at, EvAction{static_cast<std::uint32_t>(i)});
}

std::optional<std::uint16_t> Simulation::hostIndex(const std::string& name) const {
    for (std::size_t i = 0; i < world_.hosts.size(); ++i)
        if (world_.hosts[i].name == name)
            return static_cast<std::uint16_t>(i);
    return std::nullopt;
}

void Simulation::schedule(Instant at, EventPayload payload) {
    world_.queue.push(at, world_.nextOrder++, std::move(payload));
}

std::optional<Instant> Simulation::nextEventTime() const {
    if (world_.queue.empty())
        return std::nullopt;
    return world_.queue.top().at;
}

void TimerArms::insert(List& l, Arm a) {
    std::uint32_t i;
    if (free_.empty()) {
        i = static_cast<std::uint32_t>(nodes_.size());
        nodes_.push_back({});
    } else {
        i = free_.back();
        free_.pop_back();
    }
    std::uint32_t before = l.last; // usually the deadline is the latest: appended
    while (before != kNone && nodes_[before].arm.at > a.at)
        before = nodes_[before].prev;
    const std::uint32_t after = before == kNone ? l.first : nodes_[before].next;
    nodes_[i] = {a, before, after};
    (before == kNone ? l.first : nodes_[before].next) = i;
    (after == kNone ? l.last : nodes_[after].prev) = i;
}

void TimerArms::dropUpTo(List& l, Arm key) {
    while (l.first != kNone && nodes_[l.first].arm <= key) {
        free_.push_back(l.first);
        l.first = nodes_[l.first].next;
    }
    if (l.first == kNone)
        l.last = kNone;
    else
        nodes_[l.first].prev = kNone;
}

std::optional<TimerArms::Arm> TimerArms::firstAt(const List& l, Instant at, Arm after) const {
    std::optional<Arm> found;
    for (std::uint32_t i = l.last; i != kNone && nodes_[i].arm.at >= at; i = nodes_[i].prev)
        if (nodes_[i].arm.at == at && nodes_[i].arm > after)
            found = nodes_[i].arm;
    return found;
}

void Simulation::dropStaleTimers() {
    while (!world_.queue.empty()) {
        const EventPayload& payload = world_.queue.topPayload();
        if (!std::holds_alternative<EvTimer>(payload) || referenceTimers_) {
            if (!isStaleTimer(world_.queue.top().at, payload))
                return;
            world_.queue.dropTop();
            continue;
        }
        const EventQueue::Key top = world_.queue.top();
        const EvTimer* t = std::get_if<EvTimer>(&payload);
        const EvTimer e = *t;
        Host& h = world_.hosts[e.host];
        const auto it = h.connections.find(e.conn);
        TimerBook* book = it == h.connections.end() ? nullptr : &it->second.timerBooks[std::size_t(e.kind)];
        const TimerArms::Arm key{top.at, top.order};
        if (book && book->queued == key && it->second.tcb.timerDeadline(e.kind) == top.at)
            return; // due: every arming to this deadline that the queue has not passed comes after this one
        world_.queue.dropTop();
        if (!book || book->queued != key)
            continue; // superseded by an earlier entry for the same timer (re-armed earlier), or gone
        // The queue has passed this arming and the earlier ones: an entry at the deadline now comes from the
        // first arming to it after them.
        world_.timerArms.dropUpTo(book->arms, key);
        book->queued.reset();
        queueTimer(e.host, e.conn, it->second, e.kind);
    }
}

void Simulation::queueTimer(std::uint16_t hi, std::uint32_t connId, Connection& c, TimerKind kind) {
    const auto deadline = c.tcb.timerDeadline(kind);
    if (!deadline)
        return;
    TimerBook& book = c.timerBooks[std::size_t(kind)];
    // The first arming to the deadline that the queue has not passed: at the current instant, one after the
    // event being handled.
    const auto first = world_.timerArms.firstAt(
        book.arms, *deadline, {world_.now, *deadline == world_.now ? world_.handlingOrder : 0});
    if (!first || (book.queued && *book.queued <= *first))
        return; // (or the timer's entry comes up first, and is then re-queued here)
    // An entry before the queued one, if any: that one stays behind and is dropped when it comes up.
    book.queued = *first;
    world_.queue.push(first->at, first->order, EvTimer{hi, connId, kind});
}

void Simulation::record(TraceEvent ev, std::string_view text, std::string_view rfc) {
    if (quiet_)
        return;
    if (!text.empty() || !rfc.empty())
        trace_.annotate(ev, text.empty() ? trace_.text(ev) : text, rfc.empty() ? trace_.rfc(ev) : rfc);
    trace_.events.push_back(ev);
}

void Simulation::recordUnique(TraceEvent ev, std::string_view text, std::string_view rfc) {
    if (quiet_)
        return;
    trace_.annotate(ev, text, rfc, true);
    trace_.events.push_back(ev);
}

bool Simulation::quietConn(std::uint32_t connId) const {
    return connId != kNone && connId >= scenario_.traceConnections;
}

bool Simulation::spoofed(std::uint32_t addr) const {
    for (const Host& h : world_.hosts)
        if (h.attacker && (addr & h.spoofMask) == h.spoofBase)
            return true;
    return false;
}

bool Simulation::step() {
    if (world_.status != RunStatus::Running)
        return false;
    auto end = [&](RunStatus status, const char* why) {
        world_.status = status;
        if (world_.statsDirty) {
            world_.statsDirty = false;
            recordHostStats();
        }
        TraceEvent ev;
        ev.at = world_.now;
        ev.kind = TraceKind::RunEnded;
        record(ev, why);
        return false;
    };
    // Timers are cancelled lazily: an entry whose timer was cancelled or re-armed since is dropped here,
    // without advancing the clock, so that nothing seems to happen at a deadline that no longer exists.
    dropStaleTimers();
    if (world_.queue.empty())
        return end(RunStatus::Finished, "no more events");
    if (world_.queue.top().at > kTimeZero + scenario_.duration)
        return end(RunStatus::TimeLimit, "simulated-time limit reached");
    if (world_.eventsProcessed >= scenario_.maxEvents)
        return end(RunStatus::EventLimit, "event limit reached");

    const EventQueue::Key ev = world_.queue.popKey();
    if (ev.at < world_.now) {
        std::fprintf(stderr, "tcplab: internal error: simulated time went backwards\n");
        std::abort();
    }
    world_.now = ev.at;
    world_.handlingOrder = ev.order;
    ++world_.eventsProcessed;
    std::visit([this](const auto& payload) { handle(payload); }, world_.queue.payload(ev.slot));
    world_.queue.release(ev.slot);
    return true;
}

void Simulation::runUntil(Instant until) {
    while (world_.status == RunStatus::Running) {
        // Discard cancelled timers first: step() would skip them and run the next live event even when it
        // lies beyond `until`.
        dropStaleTimers();
        const auto next = nextEventTime();
        if (next && *next > until)
            return;
        if (!step())
            return;
    }
}

void Simulation::run() {
    runUntil(kNever);
}

void Simulation::restore(const Snapshot& s) {
    world_ = s.world;
    trace_.truncate(s.mark);
}

void Simulation::restore(const Snapshot& s, const Simulation& full) {
    if (!trace_.reaches(s.mark))
        trace_.extendFrom(full.trace_, s.mark);
    restore(s);
}

const TcpEndpoint* Simulation::endpoint(std::uint32_t connId) const {
    if (connId >= trace_.connections.size())
        return nullptr;
    const Host& h = world_.hosts[trace_.connections[connId].host];
    const auto it = h.connections.find(connId);
    return it == h.connections.end() ? nullptr : &it->second.tcb;
}

// ---------------------------------------------------------------------------------------------------------

std::uint32_t Simulation::createConnection(std::uint16_t hostIdx, Endpoint4 local, Endpoint4 remote,
                                           bool listener) {
    const auto id = static_cast<std::uint32_t>(trace_.connections.size());
    trace_.connections.push_back({hostIdx, local, remote, listener, world_.now});
    Host& h = world_.hosts[hostIdx];
    Connection c{id, TcpEndpoint(h.params, local, remote), listener, kNone, false, false, false, kNone, {},
                 {}};
    h.connections.emplace(id, std::move(c));
    if (listener)
        h.listeners[local.port] = id;
    else
        h.byTuple[{local, remote}] = id;
    return id;
}

SeqNum Simulation::chooseIss(const Host& host, const ActionSpec* a) {
    if (a && a->isn)
        return SeqNum(*a->isn);
    if (host.fixedIsn)
        return SeqNum(*host.fixedIsn);
    // RFC 9293 §3.4.1 wants a clock plus a keyed hash; for teaching, any unpredictable number will do, and it
    // must come from the simulation's one seeded generator.
    return SeqNum(world_.rng.next32());
}

Connection* Simulation::findTarget(Host& host, const ActionSpec& a) {
    // The newest matching connection: the map is ordered by id, so search from the end (thousands of
    // connections in TIME-WAIT stay in the map; the one an action means is nearly always the last).
    for (auto it = host.connections.rbegin(); it != host.connections.rend(); ++it) {
        Connection& c = it->second;
        if (c.listener)
            continue;
        if (a.localPort != 0 && c.tcb.local().port != a.localPort)
            continue;
        // A connection of a manually accepting listener is the application's only once accept() returned it.
        if (c.listenerId != kNone && !c.holdsFd) {
            const auto lit = host.connections.find(c.listenerId);
            if (lit != host.connections.end() && lit->second.queue.manualAccept)
                continue;
        }
        return &c;
    }
    // No connection: close and abort also apply to the newest listener.
    if (a.kind == ActionKind::Close || a.kind == ActionKind::Abort)
        for (auto it = host.connections.rbegin(); it != host.connections.rend(); ++it)
            if (it->second.listener && (a.localPort == 0 || it->second.tcb.local().port == a.localPort))
                return &it->second;
    return nullptr;
}

void Simulation::handle(const EvAction& e) {
    const ActionSpec& a = scenario_.actions[e.action];
    const std::uint16_t hi = *hostIndex(a.host);
    Host& host = world_.hosts[hi];

    TraceEvent call;
    call.at = world_.now;
    call.kind = TraceKind::UserCall;
    call.host = hi;
    call.setValue(static_cast<std::uint64_t>(a.kind));
    const std::string callText = describe(a, scenario_);
    auto refuse = [&](const std::string& why) {
        TraceEvent n;
        n.at = world_.now;
        n.kind = TraceKind::Note;
        n.host = hi;
        record(n, why);
    };

    scratch_.clear();
    switch (a.kind) {
    case ActionKind::Listen: {
        if (host.listeners.count(a.port)) {
            record(call, callText);
            refuse("error: port " + std::to_string(a.port) + " is already listening");
            return;
        }
        if (host.params.openFiles > 0 && host.openFds >= host.params.openFiles) {
            record(call, callText);
            refuse("error: too many open files (open_files = " + std::to_string(host.params.openFiles) + ")");
            return;
        }
        const auto id = createConnection(hi, {host.address, a.port}, {}, true);
        Connection& lc = host.connections.at(id);
        if (a.backlog >= 0) {
            TcpParams p = host.params;
            p.backlog = a.backlog;
            lc.tcb = TcpEndpoint(p, {host.address, a.port}, {});
        }
        // listen(): sk_max_ack_backlog = min(backlog, somaxconn).
        lc.queue.maxBacklog = std::min(lc.tcb.params().backlog, lc.tcb.params().somaxconn);
        lc.queue.manualAccept = a.manualAccept;
        lc.action = e.action;
        lc.holdsFd = true;
        ++host.openFds;
        call.conn = id;
        record(call, callText);
        host.connections.at(id).tcb.openPassive(world_.now, scratch_);
        apply(hi, id, scratch_);
        return;
    }
    case ActionKind::Connect: {
        const std::uint16_t pi = *hostIndex(a.peer);
        const Endpoint4 remote{world_.hosts[pi].address, a.port};
        std::uint16_t port = a.localPort;
        if (port == 0) {
            // An ephemeral port no connection of this host uses (Linux ip_local_port_range 32768–60999).
            for (int tries = 0; tries < 30000; ++tries) {
                const std::uint16_t candidate = host.nextEphemeralPort;
                host.nextEphemeralPort =
                    static_cast<std::uint16_t>(candidate >= 60999 ? 32768 : candidate + 1);
                if (!host.byTuple.count({{host.address, candidate}, remote}) &&
                    !host.listeners.count(candidate)) {
                    port = candidate;
                    break;
                }
            }
        }
        if (port == 0 || host.byTuple.count({{host.address, port}, remote})) {
            record(call, callText);
            refuse("error: address already in use (" + formatIpv4(host.address) + ":" +
                   std::to_string(a.localPort) + " to " + formatIpv4(remote.addr) + ":" +
                   std::to_string(remote.port) + ")");
            return;
        }
        if (host.params.openFiles > 0 && host.openFds >= host.params.openFiles) {
            record(call, callText);
            refuse("error: too many open files (open_files = " + std::to_string(host.params.openFiles) + ")");
            return;
        }
        const auto id = createConnection(hi, {host.address, port}, remote, false);
        quiet_ = quietConn(id);
        Connection& cc = host.connections.at(id);
        cc.action = e.action;
        cc.holdsFd = true;
        ++host.openFds;
        if (world_.connectsLeft[e.action] > 0)
            --world_.connectsLeft[e.action];
        call.conn = id;
        record(call, callText);
        const SeqNum iss = chooseIss(host, &a);
        host.connections.at(id).tcb.openActive(world_.now, iss, scratch_);
        apply(hi, id, scratch_);
        quiet_ = false;
        return;
    }
    case ActionKind::Ping:
    case ActionKind::Traceroute:
        record(call, callText);
        handle(EvProbe{e.action, 1});
        return;
    case ActionKind::Accept: {
        const auto it = host.listeners.find(a.port);
        if (it == host.listeners.end()) {
            record(call, callText);
            refuse("error: no socket listens on port " + std::to_string(a.port));
            return;
        }
        ListenQueue& q = host.connections.at(it->second).queue;
        if (!q.manualAccept) {
            record(call, callText);
            refuse("error: the listener on port " + std::to_string(a.port) +
                   " accepts automatically (its listen action has no \"accept\": \"manual\")");
            return;
        }
        // The UserCall is recorded when accept() returns a connection (tryAccept).
        q.acceptEvery = a.every;
        ++q.pendingAccepts;
        if (q.acceptQueue.empty()) {
            TraceEvent n = call;
            n.kind = TraceKind::Note;
            n.conn = it->second;
            record(n, "accept() waits: the accept queue is empty");
        }
        tryAccept(hi, it->second);
        return;
    }
    default:
        break;
    }

    Connection* c = findTarget(host, a);
    if (!c) {
        record(call, callText);
        refuse("error: connection does not exist");
        return;
    }
    const std::uint32_t id = c->id;
    call.conn = id;
    record(call, callText);
    switch (a.kind) {
    case ActionKind::Send:
        if (!a.text.empty()) {
            c->tcb.send(world_.now, a.text, scratch_);
        } else {
            c->tcb.send(world_.now, patternBytes(static_cast<std::size_t>(a.bytes)), scratch_);
        }
        if (world_.accepted.size() <= id)
            world_.accepted.resize(id + 1);
        world_.accepted[id] = c->tcb.bytesAccepted();
        break;
    case ActionKind::Read:
        c->tcb.receive(world_.now, a.bytes ? static_cast<std::size_t>(a.bytes) : SIZE_MAX, scratch_);
        break;
    case ActionKind::Close:
        releaseFd(hi, *c);
        c->tcb.close(world_.now, scratch_);
        break;
    case ActionKind::Shutdown:
        c->tcb.shutdownSend(world_.now, scratch_);
        break;
    case ActionKind::Abort:
        releaseFd(hi, *c);
        c->tcb.abort(world_.now, scratch_);
        break;
    default:
        break;
    }
    apply(hi, id, scratch_);
}

bool Simulation::isStaleTimer(Instant at, const EventPayload& payload) const {
    if (const auto* r = std::get_if<EvReassembly>(&payload))
        return world_.hosts[r->host].reassemblyTimerAt != at;
    if (const auto* r = std::get_if<EvArpTimer>(&payload))
        return world_.hosts[r->host].arpTimerAt != at;
    const auto* t = std::get_if<EvTimer>(&payload);
    if (!t)
        return false;
    const Host& h = world_.hosts[t->host];
    const auto it = h.connections.find(t->conn);
    return it == h.connections.end() || it->second.tcb.timerDeadline(t->kind) != at;
}

void Simulation::handle(const EvTimer& e) {
    Host& h = world_.hosts[e.host];
    auto it = h.connections.find(e.conn);
    if (it == h.connections.end() || it->second.tcb.timerDeadline(e.kind) != world_.now)
        return; // stale (step() normally discards these first)
    if (!referenceTimers_) {
        TimerBook& book = it->second.timerBooks[std::size_t(e.kind)];
        book.queued.reset();
        world_.timerArms.dropUpTo(book.arms, {world_.now, world_.handlingOrder});
    }
    quiet_ = (scenario_.floodSummary && spoofed(it->second.tcb.remote().addr)) || quietConn(e.conn);
    scratch_.clear();
    it->second.tcb.timerFires(world_.now, e.kind, scratch_);
    apply(e.host, e.conn, scratch_);
    quiet_ = false;
}

void Simulation::handle(const EvArrival& e) {
    quiet_ = e.segment == kNone;
    TraceEvent d;
    d.at = world_.now;
    d.kind = TraceKind::SegmentDelivered;
    d.host = e.toHost;
    d.segment = e.segment;
    record(std::move(d));
    deliverToStack(e.toHost, e.segment, e.seg, e.srcAddr);
    quiet_ = false;
}

void Simulation::queueNote(std::uint16_t hi, std::uint32_t conn, std::uint32_t segIdx, std::string text,
                           std::string_view rfc) {
    TraceEvent n;
    n.at = world_.now;
    n.kind = TraceKind::Note;
    n.host = hi;
    n.conn = conn;
    n.segment = segIdx;
    record(n, text, rfc);
}

void Simulation::deliverToStack(std::uint16_t hi, std::uint32_t segIdx, const TcpSegment& seg,
                                std::uint32_t srcAddr) {
    Host& host = world_.hosts[hi];
    const Endpoint4 local{host.address, seg.dstPort};
    const Endpoint4 remote{srcAddr, seg.srcPort};
    scratch_.clear();

    if (host.attacker) {
        // A spoofed address: nobody is there to answer (RFC 4987 §2).
        if (!quiet_)
            queueNote(hi, kNone, segIdx, "sent to a spoofed address: nobody answers", "RFC 4987");
        return;
    }
    if (auto it = host.byTuple.find({local, remote}); it != host.byTuple.end()) {
        const std::uint32_t id = it->second;
        Connection& c = host.connections.at(id);
        if (c.inSynQueue && finalAckOverflow(hi, c, seg))
            return;
        c.tcb.segmentArrives(world_.now, seg, scratch_);
        apply(hi, id, scratch_);
        return;
    }
    if (auto it = host.listeners.find(seg.dstPort); it != host.listeners.end()) {
        const std::uint32_t lid = it->second;
        if (seg.syn() && !seg.ackFlag() && !seg.rst()) {
            listenerSyn(hi, lid, segIdx, seg, local, remote);
            return;
        }
        if (seg.ackFlag() && !seg.syn() && !seg.rst() && listenerCookieAck(hi, lid, seg, local, remote))
            return;
        host.connections.at(lid).tcb.segmentArrives(world_.now, seg, scratch_);
        apply(hi, lid, scratch_);
        return;
    }
    // RFC 9293 §3.10.7.1: no socket, so the state is CLOSED: answer with a RST unless this is one.
    TraceEvent n;
    n.at = world_.now;
    n.kind = TraceKind::Note;
    n.host = hi;
    n.segment = segIdx;
    if (auto rst = resetForClosedPort(seg)) {
        record(n, "no socket for port " + std::to_string(seg.dstPort) + ": answered with RST", "3.10.7.1");
        transmit(hi, srcAddr, kNone, std::move(*rst), false);
    } else {
        record(n, "RST for no socket is discarded", "3.10.7.1");
    }
}

// linux-defaults.md §3: tcp_conn_request(), in its order.
void Simulation::listenerSyn(std::uint16_t hi, std::uint32_t lid, std::uint32_t segIdx, const TcpSegment& seg,
                             Endpoint4 local, Endpoint4 remote) {
    Host& host = world_.hosts[hi];
    Connection& listener = host.connections.at(lid);
    ListenQueue& q = listener.queue;
    const TcpParams& p = listener.tcb.params();
    ++host.counters.synsReceived;
    markStats();
    // The texts are made only for the trace: a flood in summary mode (quiet_) records none of them.
    auto counts = [&] {
        return std::to_string(q.synQueue) + " half-open, " + std::to_string(q.acceptQueue.size()) +
               " waiting for accept(), backlog " + std::to_string(q.maxBacklog);
    };
    // 1. tcp_syncookies = 2, or the SYN queue is full: a cookie, or drop (LI-4).
    bool wantCookie = false;
    if (p.syncookies == 2 || q.synQueue >= q.maxBacklog) {
        if (p.syncookies == 0) {
            ++host.counters.synQueueDrops;
            if (!quiet_)
                queueNote(hi, lid, segIdx,
                          "SYN dropped: the SYN queue is full (" + counts() + "; tcp_syncookies = 0)",
                          "LI-4");
            return;
        }
        wantCookie = true;
    }
    // 2. The accept queue is full (it holds backlog + 1): drop, cookies or not (LI-5, ListenOverflows).
    if (static_cast<int>(q.acceptQueue.size()) > q.maxBacklog) {
        ++host.counters.acceptQueueDrops;
        if (!quiet_)
            queueNote(hi, lid, segIdx, "SYN dropped: the accept queue is full (" + counts() + ")", "LI-5");
        return;
    }
    // 3. Cookies off: the last quarter of tcp_max_syn_backlog is kept for peers proven earlier. TCP Lab keeps
    // no per-peer metrics, so no peer is proven.
    if (p.syncookies == 0 && p.maxSynBacklog - q.synQueue < p.maxSynBacklog / 4) {
        ++host.counters.synBacklogDrops;
        if (!quiet_)
            queueNote(hi, lid, segIdx,
                      "SYN dropped: fewer than a quarter of tcp_max_syn_backlog (" +
                          std::to_string(p.maxSynBacklog) + ") is free (" + counts() + ")",
                      "Linux tcp_conn_request");
        return;
    }
    // 4a. A cookie SYN,ACK: no state, never retransmitted (LI-6).
    if (wantCookie) {
        const SynCookieTuple tuple{remote.addr, local.addr, remote.port, local.port};
        const std::uint32_t mssIndex = synCookieMssIndex(seg.mss.value_or(536));
        TcpSegment sa;
        sa.srcPort = local.port;
        sa.dstPort = remote.port;
        sa.seq = encodeSynCookie(host.cookieKey, tuple, seg.seq, mssIndex, synCookieCounter(world_.now));
        sa.ack = seg.seq + 1;
        sa.flags = TcpFlag::SYN | TcpFlag::ACK;
        sa.window = static_cast<std::uint16_t>(std::min<std::uint32_t>(p.rcvBufBytes, 65535));
        sa.mss = p.mss;
        ++host.counters.cookiesSent;
        q.lastCookieAt = world_.now;
        if (!quiet_)
            queueNote(hi, lid, segIdx,
                      p.syncookies == 2
                          ? "answered with a SYN cookie (tcp_syncookies = 2: always); no state kept"
                          : "SYN queue full (" + counts() + "): answered with a SYN cookie; no state kept",
                      "LI-6");
        transmit(hi, remote.addr, lid, std::move(sa), false);
        return;
    }
    // 4b. A request: a child in SYN-RECEIVED, counted in the SYN queue (LI-3).
    TcpEndpoint child = listener.tcb.spawnForSyn(remote);
    const auto id = static_cast<std::uint32_t>(trace_.connections.size());
    trace_.connections.push_back({hi, local, remote, false, world_.now});
    Connection c{id, std::move(child), false, lid, false, false, false, kNone, {}, {}};
    c.action = listener.action;
    auto& cref = host.connections.emplace(id, std::move(c)).first->second;
    host.byTuple[{local, remote}] = id;
    const SeqNum iss = chooseIss(host, nullptr);
    cref.tcb.segmentArrives(world_.now, seg, scratch_, iss);
    if (cref.tcb.state() == TcpState::SynReceived) {
        cref.inSynQueue = true;
        ++q.synQueue;
    }
    apply(hi, id, scratch_);
}

// A final handshake ACK (no SYN) to a listener: it may carry a SYN cookie (LI-7). Returns true when the
// segment was consumed; false lets the listener answer it (LI-2: RST).
bool Simulation::listenerCookieAck(std::uint16_t hi, std::uint32_t lid, const TcpSegment& seg,
                                   Endpoint4 local, Endpoint4 remote) {
    Host& host = world_.hosts[hi];
    Connection& listener = host.connections.at(lid);
    ListenQueue& q = listener.queue;
    const TcpParams& p = listener.tcb.params();
    if (p.syncookies == 0)
        return false;
    // Linux tcp_synq_no_recent_overflow(): with tcp_syncookies = 1, cookies are only checked within
    // 2 minutes of the last one sent.
    if (p.syncookies == 1 &&
        (!q.lastCookieAt || world_.now - *q.lastCookieAt > kSynCookieMaxAgeMinutes * kSynCookiePeriod))
        return false;
    const SynCookieTuple tuple{remote.addr, local.addr, remote.port, local.port};
    const auto mss =
        checkSynCookie(host.cookieKey, tuple, seg.seq - 1, seg.ack - 1, synCookieCounter(world_.now));
    if (!mss) {
        ++host.counters.cookiesInvalid;
        markStats();
        queueNote(hi, lid, kNone, "ACK does not carry a valid SYN cookie", "LI-7");
        return false;
    }
    if (static_cast<int>(q.acceptQueue.size()) > q.maxBacklog) {
        ++host.counters.finalAckOverflows;
        markStats();
        queueNote(hi, lid, kNone, "valid SYN cookie, but the accept queue is full: the ACK is dropped",
                  "LI-5");
        return true;
    }
    ++host.counters.cookiesValid;
    TcpEndpoint child = listener.tcb.spawnForSyn(remote);
    const auto id = static_cast<std::uint32_t>(trace_.connections.size());
    trace_.connections.push_back({hi, local, remote, false, world_.now});
    Connection c{id, std::move(child), false, lid, false, false, false, kNone, {}, {}};
    c.action = listener.action;
    auto& cref = host.connections.emplace(id, std::move(c)).first->second;
    host.byTuple[{local, remote}] = id;
    queueNote(hi, id, kNone,
              "valid SYN cookie (MSS " + std::to_string(*mss) +
                  "): connection created without a SYN-queue entry",
              "LI-7");
    cref.tcb.openFromCookie(world_.now, seg, *mss, scratch_);
    apply(hi, id, scratch_);
    return true;
}

// The final ACK of a handshake finds the accept queue full (Linux tcp_check_req(), listen_overflow).
bool Simulation::finalAckOverflow(std::uint16_t hi, Connection& child, const TcpSegment& seg) {
    if (!seg.ackFlag() || seg.syn() || seg.rst() || child.tcb.state() != TcpState::SynReceived ||
        seg.ack != child.tcb.sndNxt())
        return false;
    Host& host = world_.hosts[hi];
    const auto lit = host.connections.find(child.listenerId);
    if (lit == host.connections.end())
        return false;
    const ListenQueue& q = lit->second.queue;
    if (static_cast<int>(q.acceptQueue.size()) <= q.maxBacklog)
        return false;
    ++host.counters.finalAckOverflows;
    markStats();
    const std::string counts = std::to_string(q.acceptQueue.size()) + " waiting for accept(), backlog " +
                               std::to_string(q.maxBacklog);
    if (!child.tcb.params().abortOnOverflow) {
        queueNote(hi, child.id, kNone,
                  "final ACK dropped: the accept queue is full (" + counts +
                      "); the request stays in SYN-RECEIVED (tcp_abort_on_overflow = 0)",
                  "Linux tcp_check_req");
        return true;
    }
    queueNote(hi, child.id, kNone,
              "the accept queue is full (" + counts + "): the request is reset (tcp_abort_on_overflow = 1)",
              "Linux tcp_check_req");
    const std::uint32_t id = child.id;
    scratch_.clear();
    child.tcb.abort(world_.now, scratch_);
    apply(hi, id, scratch_);
    return true;
}

void Simulation::enqueueAccept(std::uint16_t hi, std::uint32_t childId) {
    Host& host = world_.hosts[hi];
    Connection& c = host.connections.at(childId);
    const auto lit = host.connections.find(c.listenerId);
    if (lit == host.connections.end())
        return; // the listener is gone: nobody will accept it
    c.inAcceptQueue = true;
    lit->second.queue.acceptQueue.push_back(childId);
    markStats();
}

void Simulation::tryAccept(std::uint16_t hi, std::uint32_t lid) {
    Host& host = world_.hosts[hi];
    const auto lit = host.connections.find(lid);
    if (lit == host.connections.end())
        return;
    ListenQueue& q = lit->second.queue;
    while (!q.acceptQueue.empty() && (!q.manualAccept || q.pendingAccepts > 0)) {
        if (host.params.openFiles > 0 && host.openFds >= host.params.openFiles) {
            ++host.counters.acceptFailures;
            markStats();
            queueNote(
                hi, lid, kNone,
                "accept() fails: too many open files (open_files = " + std::to_string(host.params.openFiles) +
                    "); the connection stays in the accept queue",
                "EMFILE");
            return;
        }
        const std::uint32_t id = q.acceptQueue.front();
        q.acceptQueue.pop_front();
        Connection& c = host.connections.at(id);
        c.inAcceptQueue = false;
        c.holdsFd = true;
        ++host.openFds;
        markStats();
        if (q.manualAccept) {
            --q.pendingAccepts;
            TraceEvent call;
            call.at = world_.now;
            call.kind = TraceKind::UserCall;
            call.host = hi;
            call.conn = id;
            call.setValue(static_cast<std::uint64_t>(ActionKind::Accept));
            record(call,
                   "accept: " + formatIpv4(c.tcb.remote().addr) + ":" + std::to_string(c.tcb.remote().port));
            if (q.acceptEvery > Duration{0})
                schedule(world_.now + q.acceptEvery, EvAccept{hi, lid});
        }
        if (c.action != kNone && scenario_.actions[c.action].closeAfter)
            schedule(world_.now + *scenario_.actions[c.action].closeAfter, EvAppClose{hi, id});
        if (c.action != kNone && scenario_.actions[c.action].closeOnEof &&
            c.tcb.state() == TcpState::CloseWait)
            schedule(world_.now, EvAppClose{hi, id});
    }
}

void Simulation::releaseFd(std::uint16_t hi, Connection& c) {
    if (!c.holdsFd)
        return;
    c.holdsFd = false;
    Host& host = world_.hosts[hi];
    --host.openFds;
    markStats();
    // A socket is free again: listeners whose accept() failed for lack of one may now succeed.
    if (host.params.openFiles > 0)
        for (const auto& [port, lid] : host.listeners)
            if (!host.connections.at(lid).queue.acceptQueue.empty())
                schedule(world_.now, EvAccept{hi, lid, true});
}

void Simulation::handle(const EvAccept& e) {
    const std::uint32_t lid = e.listener;
    Host& host = world_.hosts[e.host];
    const auto lit = host.connections.find(lid);
    if (lit == host.connections.end())
        return;
    if (!e.retry)
        ++lit->second.queue.pendingAccepts;
    tryAccept(e.host, lid);
}

void Simulation::handle(const EvAppClose& e) {
    Host& host = world_.hosts[e.host];
    const auto it = host.connections.find(e.conn);
    if (it == host.connections.end() || !it->second.holdsFd)
        return; // gone, or the application closed it already
    Connection& c = it->second;
    const std::uint32_t action = c.action;
    quiet_ = (scenario_.floodSummary && spoofed(c.tcb.remote().addr)) || quietConn(e.conn);
    TraceEvent call;
    call.at = world_.now;
    call.kind = TraceKind::UserCall;
    call.host = e.host;
    call.conn = e.conn;
    call.setValue(static_cast<std::uint64_t>(ActionKind::Close));
    record(call, "close (application pattern)");
    releaseFd(e.host, c);
    scratch_.clear();
    c.tcb.close(world_.now, scratch_);
    apply(e.host, e.conn, scratch_);
    quiet_ = false;
    afterClientClose(e.host, action);
}

// A `count` connect: the next connection of the sequence, `gap` after this one was closed.
void Simulation::afterClientClose(std::uint16_t hi, std::uint32_t action) {
    (void)hi;
    if (action == kNone || scenario_.actions[action].kind != ActionKind::Connect ||
        world_.connectsLeft[action] == 0)
        return;
    schedule(world_.now + scenario_.actions[action].gap, EvAction{action});
}

void Simulation::handle(const EvFlood& e) {
    Host& h = world_.hosts[e.host];
    const FloodSpec& f = *scenario_.hosts[e.host].flood;
    const auto target = *hostIndex(f.target);
    TcpSegment syn;
    const std::uint32_t src =
        h.spoofBase | static_cast<std::uint32_t>(h.floodRng.below(std::uint64_t{~h.spoofMask} + 1));
    syn.srcPort = static_cast<std::uint16_t>(1024 + h.floodRng.below(65536 - 1024));
    syn.dstPort = f.port;
    syn.seq = SeqNum(h.floodRng.next32());
    syn.flags = TcpFlag::SYN;
    syn.window = 64240;
    syn.mss = 1460;
    ++h.floodSent;
    transmit(e.host, world_.hosts[target].address, kNone, std::move(syn), false, src);
    const std::uint64_t total =
        static_cast<std::uint64_t>(f.duration.count()) / 1000 * f.ratePerSecond / 1'000'000;
    if (h.floodSent < total)
        schedule(f.start +
                     Duration{static_cast<std::int64_t>(h.floodSent * 1'000'000'000ULL / f.ratePerSecond)},
                 EvFlood{e.host});
}

void Simulation::markStats() {
    if (scenario_.hostStatsInterval <= Duration{0})
        return;
    world_.statsDirty = true;
    if (!world_.statsScheduled) {
        world_.statsScheduled = true;
        schedule(world_.now + scenario_.hostStatsInterval, EvStats{});
    }
}

void Simulation::handle(const EvStats&) {
    world_.statsScheduled = false;
    if (!world_.statsDirty)
        return;
    world_.statsDirty = false;
    recordHostStats();
}

void Simulation::recordHostStats() {
    for (std::size_t hi = 0; hi < world_.hosts.size(); ++hi) {
        const Host& h = world_.hosts[hi];
        if (h.attacker)
            continue;
        HostStatsRecord r;
        r.at = world_.now;
        r.host = static_cast<std::uint16_t>(hi);
        r.afterEvent = trace_.events.size();
        for (const auto& [id, c] : h.connections) {
            const TcpState st = c.listener ? TcpState::Listen : c.tcb.state();
            ++r.states[static_cast<std::size_t>(st)];
            if (c.listener)
                r.listeners.push_back({c.tcb.local().port, static_cast<std::uint32_t>(c.queue.synQueue),
                                       static_cast<std::uint32_t>(c.queue.acceptQueue.size()),
                                       static_cast<std::uint32_t>(c.queue.maxBacklog)});
        }
        r.openFiles = static_cast<std::uint32_t>(h.openFds);
        r.counters = h.counters;
        trace_.hostStats.push_back(std::move(r));
    }
}

void Simulation::apply(std::uint16_t hi, std::uint32_t connId, TcpOutput& out) {
    auto base = [&](TraceKind kind) {
        TraceEvent ev;
        ev.at = world_.now;
        ev.kind = kind;
        ev.host = hi;
        ev.conn = connId;
        return ev;
    };
    // Order in the trace: the fired timer (the cause), state changes, notices, segments, then timer changes.
    for (const auto& t : out.timers) {
        if (t.op != TimerChange::Op::Fired)
            continue;
        TraceEvent ev = base(TraceKind::TimerFired);
        ev.timer = t.kind;
        ev.setDeadline(t.deadline);
        record(ev);
    }
    // Stays valid until the connection is released below (nothing before that erases one).
    Connection* conn = nullptr;
    if (auto it = world_.hosts[hi].connections.find(connId); it != world_.hosts[hi].connections.end())
        conn = &it->second;
    const Endpoint4 remote = conn ? conn->tcb.remote() : Endpoint4{};
    for (const auto& tr : out.transitions) {
        TraceEvent ev = base(TraceKind::StateChange);
        ev.from = tr.from;
        ev.to = tr.to;
        ev.setRule(tr.rule);
        record(ev, {}, tr.rule->rfcSection);
    }
    for (auto& n : out.notices) {
        TraceEvent ev = base(TraceKind::Note);
        switch (n.kind) {
        case Notice::Kind::DataDelivered:
            if (world_.delivered.size() <= connId)
                world_.delivered.resize(connId + 1);
            world_.delivered[connId].add(n.data.view());
            ev.kind = TraceKind::DataDelivered;
            ev.setValue(n.data.size());
            if (!quiet_)
                record(ev, Preview(n.data.view()).view(), n.rfc);
            continue;
        case Notice::Kind::Error:
            ev.kind = TraceKind::ConnectionError;
            break;
        default:
            break;
        }
        record(ev, n.text, n.rfc);
    }
    for (auto& o : out.segments)
        transmit(hi, remote.addr, connId, std::move(o.seg), o.retransmission);
    queueBookkeeping(hi, connId, out);
    unsigned armed = 0; // bit per timer kind
    for (const auto& t : out.timers) {
        if (t.op == TimerChange::Op::Fired)
            continue;
        TraceEvent ev =
            base(t.op == TimerChange::Op::Armed ? TraceKind::TimerArmed : TraceKind::TimerCancelled);
        ev.timer = t.kind;
        ev.setDeadline(t.deadline);
        record(ev);
        if (t.op != TimerChange::Op::Armed)
            continue;
        const std::uint64_t order = world_.nextOrder++;
        if (referenceTimers_) {
            world_.queue.push(t.deadline, order, EvTimer{hi, connId, t.kind});
        } else if (conn) {
            world_.timerArms.insert(conn->timerBooks[std::size_t(t.kind)].arms, {t.deadline, order});
            armed |= 1u << static_cast<unsigned>(t.kind);
        }
    }
    for (unsigned k = 0; armed >> k; ++k)
        if (armed >> k & 1u)
            queueTimer(hi, connId, *conn, static_cast<TimerKind>(k));
    if (out.released) {
        Host& h = world_.hosts[hi];
        if (auto it = h.connections.find(connId); it != h.connections.end()) {
            Connection& rc = it->second;
            if (rc.inAcceptQueue) {
                // Gone before accept() (reset, timed out): it leaves the accept queue.
                if (auto lit = h.connections.find(rc.listenerId); lit != h.connections.end()) {
                    auto& aq = lit->second.queue.acceptQueue;
                    aq.erase(std::find(aq.begin(), aq.end(), connId));
                }
            }
            if (rc.holdsFd) {
                // Simplification: a socket whose connection is gone no longer counts as open.
                rc.holdsFd = false;
                --h.openFds;
                // A `count` client whose connection failed (refused, timed out) goes on with the next one.
                if (rc.listenerId == kNone && !rc.listener)
                    afterClientClose(hi, rc.action);
            }
            if (rc.listener) {
                // The listener is gone: its children in either queue become ordinary connections.
                for (auto& [cid, child] : h.connections)
                    if (child.listenerId == connId) {
                        child.listenerId = kNone;
                        child.inSynQueue = false;
                        child.inAcceptQueue = false;
                    }
            }
            markStats();
            const TcpEndpoint& tcb = it->second.tcb;
            if (it->second.listener)
                h.listeners.erase(tcb.local().port);
            else
                h.byTuple.erase({tcb.local(), tcb.remote()});
            for (TimerBook& book : it->second.timerBooks)
                world_.timerArms.clear(book.arms);
            h.connections.erase(it);
        }
    }
    for (const auto& tr : out.transitions)
        checkStateTriggers(hi, tr.to);
    out.clear();
}

// The host's side of a connection's state changes: the listener's queues and the application patterns.
void Simulation::queueBookkeeping(std::uint16_t hi, std::uint32_t connId, const TcpOutput& out) {
    if (out.transitions.empty())
        return;
    markStats();
    Host& h = world_.hosts[hi];
    const auto it = h.connections.find(connId);
    if (it == h.connections.end())
        return;
    Connection& c = it->second;
    for (const auto& tr : out.transitions) {
        if (c.inSynQueue && tr.from == TcpState::SynReceived) {
            c.inSynQueue = false;
            if (auto lit = h.connections.find(c.listenerId); lit != h.connections.end())
                --lit->second.queue.synQueue;
        }
        if (c.listenerId != kNone && tr.to == TcpState::Established &&
            (tr.from == TcpState::SynReceived || tr.from == TcpState::Listen)) {
            enqueueAccept(hi, connId);
            // An application waiting in accept() (or accepting automatically) takes it at once, in this same
            // step; its pattern starts when accept() returns it (tryAccept).
            tryAccept(hi, c.listenerId);
        }
        if (c.action == kNone || !c.holdsFd)
            continue;
        const ActionSpec& a = scenario_.actions[c.action];
        if (c.listenerId == kNone && tr.to == TcpState::Established && a.closeAfter)
            schedule(world_.now + *a.closeAfter, EvAppClose{hi, connId});
        if (tr.to == TcpState::CloseWait && a.closeOnEof)
            schedule(world_.now, EvAppClose{hi, connId});
    }
}

void Simulation::checkStateTriggers(std::uint16_t hi, TcpState reached) {
    for (const std::uint32_t i : stateTriggers_[hi]) {
        const auto& a = scenario_.actions[i];
        if (world_.actionTriggered[i] || *a.when.onState != reached)
            continue;
        world_.actionTriggered[i] = true;
        schedule(world_.now + a.when.after, EvAction{i});
    }
}

void Simulation::transmit(std::uint16_t from, std::uint32_t dstAddr, std::uint32_t connId, TcpSegment seg,
                          bool retransmission, std::uint32_t srcAddr) {
    const Host& src = world_.hosts[from];
    if (srcAddr == 0)
        srcAddr = src.address;
    // Flood summary: segments to or from spoofed addresses, and all they cause, stay out of the trace.
    const bool wasQuiet = quiet_;
    if ((scenario_.floodSummary && (spoofed(srcAddr) || spoofed(dstAddr))) || quietConn(connId))
        quiet_ = true;
    struct Restore {
        bool& flag;
        bool value;
        ~Restore() { flag = value; }
    } restore{quiet_, wasQuiet};
    SegmentRecord rec;
    rec.srcPort = seg.srcPort;
    rec.dstPort = seg.dstPort;
    rec.seq = seg.seq;
    rec.ack = seg.ack;
    rec.flags = seg.flags;
    rec.window = seg.window;
    rec.urgentPointer = seg.urgentPointer;
    rec.mss = seg.mss.value_or(0);
    rec.payloadLen = seg.payloadLen();
    rec.srcAddr = srcAddr;
    rec.dstAddr = dstAddr;
    rec.srcHost = from;
    rec.retransmission = retransmission;
    rec.sentAt = world_.now;

    if (ipLayer_) {
        for (std::size_t i = 0; i < world_.hosts.size(); ++i)
            if (!world_.hosts[i].router && world_.hosts[i].address == dstAddr)
                rec.dstHost = static_cast<std::uint16_t>(i);
        std::uint32_t segIdx = kNone;
        if (quiet_) {
            ++world_.hosts[from].counters.quietSegments;
        } else {
            segIdx = static_cast<std::uint32_t>(trace_.segments.size());
            trace_.segments.push_back(rec);
        }
        TraceEvent sent;
        sent.at = world_.now;
        sent.kind = TraceKind::SegmentSent;
        sent.host = from;
        sent.conn = connId;
        sent.segment = segIdx;
        record(std::move(sent));
        PacketMeta meta;
        meta.segment = segIdx;
        meta.conn = connId;
        meta.tcp = true;
        meta.tcpFlags = seg.flags;
        meta.tcpPayloadLen = static_cast<std::uint32_t>(seg.payloadLen());
        ipSendSegment(from, seg, srcAddr, dstAddr, meta);
        return;
    }
    // Every datagram gets the next identification of its host, whether or not a tap sees it.
    const std::uint16_t ipId = world_.hosts[from].nextIpId++;

    // The link to the destination: the host with that address, else the attacker whose spoofed range holds
    // it.
    std::optional<std::uint32_t> linkIdx;
    std::uint16_t to = 0;
    for (int pass = 0; pass < 2 && !linkIdx; ++pass)
        for (std::uint32_t li : src.links) {
            const LinkState& l = world_.links[li];
            const std::uint16_t other = l.a == from ? l.b : l.a;
            const Host& oh = world_.hosts[other];
            if (pass == 0 ? oh.address == dstAddr
                          : (oh.attacker && (dstAddr & oh.spoofMask) == oh.spoofBase)) {
                linkIdx = li;
                to = other;
                break;
            }
        }
    rec.dstHost = to;
    rec.link = static_cast<std::uint16_t>(linkIdx.value_or(0));
    std::uint32_t segIdx = kNone;
    if (quiet_) {
        ++world_.hosts[from].counters.quietSegments;
    } else {
        segIdx = static_cast<std::uint32_t>(trace_.segments.size());
        trace_.segments.push_back(rec);
    }

    TraceEvent sent;
    sent.at = world_.now;
    sent.kind = TraceKind::SegmentSent;
    sent.host = from;
    sent.conn = connId;
    sent.segment = segIdx;
    record(std::move(sent));

    auto drop = [&](std::uint32_t idx, std::string why) {
        TraceEvent ev;
        ev.at = world_.now;
        ev.kind = TraceKind::SegmentDropped;
        ev.host = from;
        ev.conn = connId;
        ev.segment = idx;
        record(ev, why);
    };
    if (!linkIdx) {
        drop(segIdx, "no route to host " + formatIpv4(dstAddr));
        return;
    }
    LinkState& link = world_.links[*linkIdx];
    const int d = link.a == from ? 0 : 1;
    const LinkDirection& dir = link.dir[d];
    if (tap_) {
        Ipv4Header h;
        h.identification = ipId;
        h.dontFragment = src.params.profile == Profile::Linux;
        h.ttl = 64;
        h.protocol = IpProtocol::TCP;
        h.source = Ipv4Address{srcAddr};
        h.destination = Ipv4Address{dstAddr};
        tap_(*linkIdx, world_.now,
             Ipv4Datagram::make(h, serializeTcpSegment(seg, h.source, h.destination)).serialize());
    }

    // Serialisation: the link sends one segment at a time at its bandwidth.
    Instant leaves = world_.now;
    if (dir.bandwidthBps > 0) {
        const Instant start = std::max(world_.now, link.busyUntil[d]);
        const auto txNs = static_cast<std::int64_t>(
            (wireBytes(seg) * 8 * 1'000'000'000ULL + dir.bandwidthBps - 1) / dir.bandwidthBps);
        link.busyUntil[d] = start + Duration{txNs};
        leaves = link.busyUntil[d];
    }

    // Scripted faults first (they are the lesson), then the link's random behaviour.
    bool faultDrop = false;
    bool faultDup = false;
    Duration faultDelay{0};
    std::string faultWhy;
    for (std::size_t i = 0; i < scenario_.faults.size(); ++i) {
        const FaultRule& f = scenario_.faults[i];
        if (f.from != src.name || f.to != world_.hosts[to].name || !matches(f.match, seg))
            continue;
        const int n = ++world_.faultMatches[i];
        if (f.nth != 0 && n != f.nth)
            continue;
        switch (f.action) {
        case FaultAction::Drop:
            faultDrop = true;
            faultWhy = "dropped by fault rule " + std::to_string(i + 1);
            break;
        case FaultAction::Delay:
            faultDelay += f.delay;
            break;
        case FaultAction::Duplicate:
            faultDup = true;
            break;
        }
    }
    if (faultDrop) {
        drop(segIdx, faultWhy);
        return;
    }
    if (world_.rng.chance(dir.loss)) {
        drop(segIdx, "lost on link " + trace_.linkNames[*linkIdx]);
        return;
    }
    Duration extra = faultDelay;
    if (faultDelay > Duration{0}) {
        TraceEvent ev;
        ev.at = world_.now;
        ev.kind = TraceKind::SegmentDelayed;
        ev.host = from;
        ev.conn = connId;
        ev.segment = segIdx;
        ev.setValue(static_cast<std::uint64_t>(faultDelay.count()));
        record(ev, "delayed by a fault rule");
    }
    if (world_.rng.chance(dir.reorder))
        extra += dir.reorderDelay;
    Duration latency = dir.delay + world_.rng.jitter(dir.jitter);
    if (latency < Duration{0})
        latency = Duration{0};
    const Instant arrives = leaves + latency + extra;
    const bool duplicate = faultDup || world_.rng.chance(dir.duplicate);
    schedule(arrives, EvArrival{to, segIdx, seg, srcAddr});
    if (duplicate) {
        if (quiet_) {
            schedule(arrives, EvArrival{to, kNone, std::move(seg), srcAddr});
            return;
        }
        SegmentRecord copy = trace_.segments[segIdx];
        copy.duplicate = true;
        copy.copyOf = segIdx;
        const auto copyIdx = static_cast<std::uint32_t>(trace_.segments.size());
        trace_.segments.push_back(copy);
        TraceEvent ev;
        ev.at = world_.now;
        ev.kind = TraceKind::SegmentDuplicated;
        ev.host = from;
        ev.conn = connId;
        ev.segment = copyIdx;
        ev.setValue(segIdx);
        record(ev, faultDup ? "duplicated by a fault rule" : "duplicated by the link");
        schedule(arrives, EvArrival{to, copyIdx, std::move(seg), srcAddr});
    }
}

} // namespace tcplab
