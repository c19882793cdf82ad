#include "sim/simulation.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace tcplab {

namespace {

// std::push_heap builds a max-heap; this ordering puts the earliest (time, insertion number) on top.
bool later(const QueuedEvent& a, const QueuedEvent& b) {
    if (a.at != b.at)
        return a.at > b.at;
    return a.order > b.order;
}

bool matches(SegmentMatch m, const TcpSegment& s) {
    switch (m) {
    case SegmentMatch::Any:
        return true;
    case SegmentMatch::Syn:
        return s.syn() && !s.ackFlag();
    case SegmentMatch::SynAck:
        return s.syn() && s.ackFlag();
    case SegmentMatch::PureAck:
        return s.ackFlag() && !s.syn() && !s.fin() && !s.rst() && s.payloadLen() == 0;
    case SegmentMatch::Data:
        return s.payloadLen() > 0;
    case SegmentMatch::Fin:
        return s.fin();
    case SegmentMatch::Rst:
        return s.rst();
    }
    return false;
}

// The bytes a segment occupies on the wire: IPv4 header, TCP header with options, payload.
std::uint64_t wireBytes(const TcpSegment& s) {
    return 20u + s.headerLen() + s.payloadLen();
}

std::string preview(const std::string& bytes) {
    constexpr std::size_t kMax = 64;
    std::string out;
    for (std::size_t i = 0; i < bytes.size() && i < kMax; ++i) {
        const auto c = static_cast<unsigned char>(bytes[i]);
        out += (c >= 0x20 && c < 0x7f) ? static_cast<char>(c) : '.';
    }
    if (bytes.size() > kMax)
        out += "...";
    return out;
}

std::string describe(const ActionSpec& a, const Scenario& sc) {
    std::string t(actionKindName(a.kind));
    switch (a.kind) {
    case ActionKind::Listen:
        t += " on port " + std::to_string(a.port);
        break;
    case ActionKind::Connect: {
        std::string peerAddr = a.peer;
        for (const auto& h : sc.hosts)
            if (h.name == a.peer)
                peerAddr = formatIpv4(h.address);
        t += " to " + peerAddr + ":" + std::to_string(a.port);
        break;
    }
    case ActionKind::Send:
        t += a.text.empty() ? " " + std::to_string(a.bytes) + " bytes"
                            : " \"" + preview(a.text) + "\" (" + std::to_string(a.text.size()) + " bytes)";
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

void DeliveryStats::add(std::string_view data) {
    bytes += data.size();
    for (const char c : data) {
        fnv1a ^= static_cast<unsigned char>(c);
        fnv1a *= 0x100000001b3ULL;
    }
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
    }
    for (std::size_t i = 0; i < scenario_.links.size(); ++i) {
        const auto& ls = scenario_.links[i];
        LinkState l;
        l.a = *hostIndex(ls.a);
        l.b = *hostIndex(ls.b);
        l.dir[0] = ls.aToB;
        l.dir[1] = ls.bToA;
        l.mtu = ls.mtu;
        world_.hosts[l.a].links.push_back(static_cast<std::uint32_t>(i));
        world_.hosts[l.b].links.push_back(static_cast<std::uint32_t>(i));
        world_.links.push_back(l);
        trace_.linkNames.push_back(ls.name.empty() ? ls.a + "-" + ls.b : ls.name);
    }
    world_.faultMatches.assign(scenario_.faults.size(), 0);
    world_.actionTriggered.assign(scenario_.actions.size(), false);
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
    world_.queue.push_back({at, world_.nextOrder++, std::move(payload)});
    std::push_heap(world_.queue.begin(), world_.queue.end(), later);
}

std::optional<Instant> Simulation::nextEventTime() const {
    if (world_.queue.empty())
        return std::nullopt;
    return world_.queue.front().at;
}

void Simulation::record(TraceEvent ev) {
    trace_.events.push_back(std::move(ev));
}

bool Simulation::step() {
    if (world_.status != RunStatus::Running)
        return false;
    auto end = [&](RunStatus status, const char* why) {
        world_.status = status;
        TraceEvent ev;
        ev.at = world_.now;
        ev.kind = TraceKind::RunEnded;
        ev.text = why;
        record(std::move(ev));
        return false;
    };
    // Timers are cancelled lazily: an entry whose timer was cancelled or re-armed since is dropped here,
    // without advancing the clock, so that nothing seems to happen at a deadline that no longer exists.
    while (!world_.queue.empty() && isStaleTimer(world_.queue.front())) {
        std::pop_heap(world_.queue.begin(), world_.queue.end(), later);
        world_.queue.pop_back();
    }
    if (world_.queue.empty())
        return end(RunStatus::Finished, "no more events");
    if (world_.queue.front().at > kTimeZero + scenario_.duration)
        return end(RunStatus::TimeLimit, "simulated-time limit reached");
    if (world_.eventsProcessed >= scenario_.maxEvents)
        return end(RunStatus::EventLimit, "event limit reached");

    std::pop_heap(world_.queue.begin(), world_.queue.end(), later);
    QueuedEvent ev = std::move(world_.queue.back());
    world_.queue.pop_back();
    if (ev.at < world_.now) {
        std::fprintf(stderr, "tcplab: internal error: simulated time went backwards\n");
        std::abort();
    }
    world_.now = ev.at;
    ++world_.eventsProcessed;
    std::visit([this](const auto& payload) { handle(payload); }, ev.payload);
    return true;
}

void Simulation::runUntil(Instant until) {
    while (world_.status == RunStatus::Running) {
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
    Connection c{id, TcpEndpoint(h.params, local, remote), listener, kNone};
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
    Connection* best = nullptr;
    for (auto& [id, c] : host.connections) {
        if (c.listener)
            continue;
        if (a.localPort != 0 && c.tcb.local().port != a.localPort)
            continue;
        best = &c; // the map is ordered by id: the last match is the newest connection
    }
    if (best)
        return best;
    // No connection: close and abort also apply to the newest listener.
    if (a.kind == ActionKind::Close || a.kind == ActionKind::Abort)
        for (auto& [id, c] : host.connections)
            if (c.listener && (a.localPort == 0 || c.tcb.local().port == a.localPort))
                best = &c;
    return best;
}

void Simulation::handle(const EvAction& e) {
    const ActionSpec& a = scenario_.actions[e.action];
    const std::uint16_t hi = *hostIndex(a.host);
    Host& host = world_.hosts[hi];

    TraceEvent call;
    call.at = world_.now;
    call.kind = TraceKind::UserCall;
    call.host = hi;
    call.value = static_cast<std::uint64_t>(a.kind);
    call.text = describe(a, scenario_);
    auto refuse = [&](std::string why) {
        TraceEvent n;
        n.at = world_.now;
        n.kind = TraceKind::Note;
        n.host = hi;
        n.text = std::move(why);
        record(std::move(n));
    };

    scratch_.clear();
    switch (a.kind) {
    case ActionKind::Listen: {
        if (host.listeners.count(a.port)) {
            record(std::move(call));
            refuse("error: port " + std::to_string(a.port) + " is already listening");
            return;
        }
        const auto id = createConnection(hi, {host.address, a.port}, {}, true);
        if (a.backlog >= 0) {
            TcpParams p = host.params;
            p.backlog = a.backlog;
            host.connections.at(id).tcb = TcpEndpoint(p, {host.address, a.port}, {});
        }
        call.conn = id;
        record(std::move(call));
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
            record(std::move(call));
            refuse("error: address already in use (" + formatIpv4(host.address) + ":" +
                   std::to_string(a.localPort) + " to " + formatIpv4(remote.addr) + ":" +
                   std::to_string(remote.port) + ")");
            return;
        }
        const auto id = createConnection(hi, {host.address, port}, remote, false);
        call.conn = id;
        record(std::move(call));
        const SeqNum iss = chooseIss(host, &a);
        host.connections.at(id).tcb.openActive(world_.now, iss, scratch_);
        apply(hi, id, scratch_);
        return;
    }
    default:
        break;
    }

    Connection* c = findTarget(host, a);
    if (!c) {
        record(std::move(call));
        refuse("error: connection does not exist");
        return;
    }
    const std::uint32_t id = c->id;
    call.conn = id;
    record(std::move(call));
    switch (a.kind) {
    case ActionKind::Send:
        if (!a.text.empty()) {
            c->tcb.send(world_.now, a.text, scratch_);
        } else {
            std::string data(static_cast<std::size_t>(a.bytes), '\0');
            for (std::size_t i = 0; i < data.size(); ++i)
                data[i] = static_cast<char>('a' + i % 26);
            c->tcb.send(world_.now, data, scratch_);
        }
        if (world_.accepted.size() <= id)
            world_.accepted.resize(id + 1);
        world_.accepted[id] = c->tcb.bytesAccepted();
        break;
    case ActionKind::Read:
        c->tcb.receive(world_.now, a.bytes ? static_cast<std::size_t>(a.bytes) : SIZE_MAX, scratch_);
        break;
    case ActionKind::Close:
        c->tcb.close(world_.now, scratch_);
        break;
    case ActionKind::Shutdown:
        c->tcb.shutdownSend(world_.now, scratch_);
        break;
    case ActionKind::Abort:
        c->tcb.abort(world_.now, scratch_);
        break;
    default:
        break;
    }
    apply(hi, id, scratch_);
}

bool Simulation::isStaleTimer(const QueuedEvent& ev) const {
    const auto* t = std::get_if<EvTimer>(&ev.payload);
    if (!t)
        return false;
    const Host& h = world_.hosts[t->host];
    const auto it = h.connections.find(t->conn);
    return it == h.connections.end() || it->second.tcb.timerDeadline(t->kind) != ev.at;
}

void Simulation::handle(const EvTimer& e) {
    Host& h = world_.hosts[e.host];
    auto it = h.connections.find(e.conn);
    if (it == h.connections.end() || it->second.tcb.timerDeadline(e.kind) != world_.now)
        return; // stale (step() normally discards these first)
    scratch_.clear();
    it->second.tcb.timerFires(world_.now, e.kind, scratch_);
    apply(e.host, e.conn, scratch_);
}

void Simulation::handle(const EvArrival& e) {
    TraceEvent d;
    d.at = world_.now;
    d.kind = TraceKind::SegmentDelivered;
    d.host = e.toHost;
    d.segment = e.segment;
    record(std::move(d));
    deliverToStack(e.toHost, e.segment, e.seg);
}

void Simulation::deliverToStack(std::uint16_t hi, std::uint32_t segIdx, const TcpSegment& seg) {
    Host& host = world_.hosts[hi];
    const std::uint32_t srcAddr = trace_.segments[segIdx].srcAddr;
    const Endpoint4 local{host.address, seg.dstPort};
    const Endpoint4 remote{srcAddr, seg.srcPort};
    scratch_.clear();

    if (auto it = host.byTuple.find({local, remote}); it != host.byTuple.end()) {
        const std::uint32_t id = it->second;
        host.connections.at(id).tcb.segmentArrives(world_.now, seg, scratch_);
        apply(hi, id, scratch_);
        return;
    }
    if (auto it = host.listeners.find(seg.dstPort); it != host.listeners.end()) {
        const std::uint32_t lid = it->second;
        Connection& listener = host.connections.at(lid);
        if (seg.syn() && !seg.ackFlag() && !seg.rst()) {
            // The listen backlog bounds the half-open (SYN-RECEIVED) connections of this listener.
            int halfOpen = 0;
            for (const auto& [id, c] : host.connections)
                if (c.listenerId == lid && c.tcb.state() == TcpState::SynReceived)
                    ++halfOpen;
            if (halfOpen >= listener.tcb.params().backlog) {
                TraceEvent n;
                n.at = world_.now;
                n.kind = TraceKind::Note;
                n.host = hi;
                n.conn = lid;
                n.segment = segIdx;
                n.text = "SYN dropped: the listen queue is full (" + std::to_string(halfOpen) + " half-open)";
                n.rfc = "RFC 4987";
                record(std::move(n));
                return;
            }
            TcpEndpoint child = listener.tcb.spawnForSyn(remote);
            const auto id = static_cast<std::uint32_t>(trace_.connections.size());
            trace_.connections.push_back({hi, local, remote, false, world_.now});
            host.connections.emplace(id, Connection{id, std::move(child), false, lid});
            host.byTuple[{local, remote}] = id;
            const SeqNum iss = chooseIss(host, nullptr);
            host.connections.at(id).tcb.segmentArrives(world_.now, seg, scratch_, iss);
            apply(hi, id, scratch_);
            return;
        }
        listener.tcb.segmentArrives(world_.now, seg, scratch_);
        apply(hi, lid, scratch_);
        return;
    }
    // RFC 9293 §3.10.7.1: no socket, so the state is CLOSED: answer with a RST unless this is one.
    TraceEvent n;
    n.at = world_.now;
    n.kind = TraceKind::Note;
    n.host = hi;
    n.segment = segIdx;
    n.rfc = "3.10.7.1";
    if (auto rst = resetForClosedPort(seg)) {
        n.text = "no socket for port " + std::to_string(seg.dstPort) + ": answered with RST";
        record(std::move(n));
        transmit(hi, srcAddr, kNone, std::move(*rst), false);
    } else {
        n.text = "RST for no socket is discarded";
        record(std::move(n));
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
        ev.deadline = t.deadline;
        record(std::move(ev));
    }
    const Endpoint4 remote = world_.hosts[hi].connections.count(connId)
                                 ? world_.hosts[hi].connections.at(connId).tcb.remote()
                                 : Endpoint4{};
    for (const auto& tr : out.transitions) {
        TraceEvent ev = base(TraceKind::StateChange);
        ev.from = tr.from;
        ev.to = tr.to;
        ev.rule = tr.rule;
        ev.rfc = tr.rule->rfcSection;
        record(std::move(ev));
    }
    for (auto& n : out.notices) {
        TraceEvent ev = base(TraceKind::Note);
        ev.rfc = n.rfc;
        switch (n.kind) {
        case Notice::Kind::DataDelivered:
            if (world_.delivered.size() <= connId)
                world_.delivered.resize(connId + 1);
            world_.delivered[connId].add(n.text);
            ev.kind = TraceKind::DataDelivered;
            ev.value = n.text.size();
            ev.text = preview(n.text);
            break;
        case Notice::Kind::Error:
            ev.kind = TraceKind::ConnectionError;
            ev.text = std::move(n.text);
            break;
        default:
            ev.text = std::move(n.text);
            break;
        }
        record(std::move(ev));
    }
    for (auto& o : out.segments)
        transmit(hi, remote.addr, connId, std::move(o.seg), o.retransmission);
    for (const auto& t : out.timers) {
        if (t.op == TimerChange::Op::Fired)
            continue;
        TraceEvent ev =
            base(t.op == TimerChange::Op::Armed ? TraceKind::TimerArmed : TraceKind::TimerCancelled);
        ev.timer = t.kind;
        ev.deadline = t.deadline;
        record(std::move(ev));
        if (t.op == TimerChange::Op::Armed)
            schedule(t.deadline, EvTimer{hi, connId, t.kind});
    }
    if (out.released) {
        Host& h = world_.hosts[hi];
        if (auto it = h.connections.find(connId); it != h.connections.end()) {
            const TcpEndpoint& tcb = it->second.tcb;
            if (it->second.listener)
                h.listeners.erase(tcb.local().port);
            else
                h.byTuple.erase({tcb.local(), tcb.remote()});
            h.connections.erase(it);
        }
    }
    for (const auto& tr : out.transitions)
        checkStateTriggers(hi, tr.to);
    out.clear();
}

void Simulation::checkStateTriggers(std::uint16_t hi, TcpState reached) {
    for (std::size_t i = 0; i < scenario_.actions.size(); ++i) {
        const auto& a = scenario_.actions[i];
        if (!a.when.onState || world_.actionTriggered[i] || *a.when.onState != reached ||
            a.when.onHost != world_.hosts[hi].name)
            continue;
        world_.actionTriggered[i] = true;
        schedule(world_.now + a.when.after, EvAction{static_cast<std::uint32_t>(i)});
    }
}

void Simulation::transmit(std::uint16_t from, std::uint32_t dstAddr, std::uint32_t connId, TcpSegment seg,
                          bool retransmission) {
    const Host& src = world_.hosts[from];
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
    rec.srcAddr = src.address;
    rec.dstAddr = dstAddr;
    rec.srcHost = from;
    rec.retransmission = retransmission;
    rec.sentAt = world_.now;

    // The link to the destination.
    std::optional<std::uint32_t> linkIdx;
    std::uint16_t to = 0;
    for (std::uint32_t li : src.links) {
        const LinkState& l = world_.links[li];
        const std::uint16_t other = l.a == from ? l.b : l.a;
        if (world_.hosts[other].address == dstAddr) {
            linkIdx = li;
            to = other;
            break;
        }
    }
    rec.dstHost = to;
    rec.link = static_cast<std::uint16_t>(linkIdx.value_or(0));
    const auto segIdx = static_cast<std::uint32_t>(trace_.segments.size());
    trace_.segments.push_back(rec);

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
        ev.text = std::move(why);
        record(std::move(ev));
    };
    if (!linkIdx) {
        drop(segIdx, "no route to host " + formatIpv4(dstAddr));
        return;
    }
    LinkState& link = world_.links[*linkIdx];
    const int d = link.a == from ? 0 : 1;
    const LinkDirection& dir = link.dir[d];

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
        ev.value = static_cast<std::uint64_t>(faultDelay.count());
        ev.text = "delayed by a fault rule";
        record(std::move(ev));
    }
    if (world_.rng.chance(dir.reorder))
        extra += dir.reorderDelay;
    Duration latency = dir.delay + world_.rng.jitter(dir.jitter);
    if (latency < Duration{0})
        latency = Duration{0};
    const Instant arrives = leaves + latency + extra;
    const bool duplicate = faultDup || world_.rng.chance(dir.duplicate);
    schedule(arrives, EvArrival{to, segIdx, seg});
    if (duplicate) {
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
        ev.value = segIdx;
        ev.text = faultDup ? "duplicated by a fault rule" : "duplicated by the link";
        record(std::move(ev));
        schedule(arrives, EvArrival{to, copyIdx, std::move(seg)});
    }
}

} // namespace tcplab
