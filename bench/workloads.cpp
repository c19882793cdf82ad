#include "workloads.h"

#include <chrono>

namespace tcplab::bench {

using namespace std::chrono_literals;

namespace {

constexpr std::uint64_t kMaxBytesPerSend = 10'000'000; // the loader's limit for one send action
constexpr std::uint64_t kLinkBps = 100'000'000;
constexpr Duration kLinkDelay = 5ms;
constexpr std::uint64_t kFloodRate = 100'000; // SYNs per second

HostSpec host(std::string name, std::uint32_t address) {
    HostSpec h;
    h.name = std::move(name);
    h.address = address;
    return h;
}

LinkSpec link(std::string name, std::string a, std::string b, std::uint32_t mtu) {
    LinkSpec l;
    l.name = std::move(name);
    l.a = std::move(a);
    l.b = std::move(b);
    for (LinkDirection* d : {&l.aToB, &l.bToA}) {
        d->delay = kLinkDelay;
        d->bandwidthBps = kLinkBps;
    }
    l.mtu = mtu;
    return l;
}

Scenario base() {
    Scenario sc;
    sc.seed = 1;
    sc.profile = Profile::Rfc9293;
    sc.maxEvents = UINT64_MAX;
    sc.duration = std::chrono::hours(24 * 365);
    return sc;
}

ActionSpec at(Instant t, ActionKind kind, std::string who) {
    ActionSpec a;
    a.when.at = t;
    a.kind = kind;
    a.host = std::move(who);
    return a;
}

ActionSpec onState(const std::string& stateHost, TcpState state, ActionKind kind, std::string who) {
    ActionSpec a;
    a.when.onHost = stateHost;
    a.when.onState = state;
    a.kind = kind;
    a.host = std::move(who);
    return a;
}

ActionSpec listenOn(const std::string& who) {
    ActionSpec listen = at(kTimeZero, ActionKind::Listen, who);
    listen.port = 80;
    return listen;
}

ActionSpec connectTo(Instant t, const std::string& who, const std::string& peer) {
    ActionSpec c = at(t, ActionKind::Connect, who);
    c.peer = peer;
    c.port = 80;
    return c;
}

// A (10.0.0.1) -lan- R (10.0.0.254, 10.0.1.254) -wan- B (10.0.1.2): ns-3's --router=1.
Scenario routedPath(Path path) {
    Scenario sc = base();
    sc.hosts.push_back(host("A", 0x0a000001));
    HostSpec b = host("B", 0x0a010002);
    // Frag576: B offers MSS 1460 although its own link is 576 (ns-3's B offers its SegmentSize too), so that
    // A sends full 1500-byte datagrams for R to cut.
    if (path == Path::Frag576)
        b.tcp.emplace_back("mss", 1460);
    sc.hosts.push_back(b);
    RouterSpec r;
    r.name = "R";
    r.interfaces.push_back({"lan", 0x0a0000fe, 24});
    r.interfaces.push_back({"wan", 0x0a0100fe, 24});
    sc.routers.push_back(r);
    sc.links.push_back(link("lan", "A", "R", path == Path::Mtu576 ? 576 : 1500));
    sc.links.push_back(link("wan", "R", "B", path == Path::Mtu1500 ? 1500 : 576));
    sc.actions.push_back(listenOn("B"));
    return sc;
}

std::string sizeName(std::uint64_t n, const char* unit) {
    if (n % 1'000'000 == 0)
        return std::to_string(n / 1'000'000) + "M" + unit;
    if (n % 1000 == 0)
        return std::to_string(n / 1000) + "k" + (unit[0] == 'B' ? "B" : "");
    return std::to_string(n) + (unit[0] == 'B' ? "B" : "");
}

} // namespace

Workload bulkWorkload(std::uint64_t bytes, Path path, double loss) {
    static constexpr const char* kPathName[] = {"mtu1500", "mtu576", "frag576"};
    static constexpr const char* kNs3Path[] = {"--router=1 --mtu=1500", "--router=1 --mtu=576 --mss=524",
                                               "--router=1 --mtu=576"};
    const auto p = static_cast<std::size_t>(path);
    Workload w;
    w.bytes = bytes;
    w.name = "bulk-" + sizeName(bytes, "B") + "-" + kPathName[p] + "-loss" +
             (loss > 0 ? std::to_string(static_cast<int>(loss * 100)) : "0");
    w.make = [bytes, path, loss] {
        Scenario sc = routedPath(path);
        sc.links[1].aToB.loss = loss;
        sc.actions.push_back(connectTo(kTimeZero + 1ms, "A", "B"));
        // The data, in sends of at most 10 MB, all written as soon as the connection is up.
        for (std::uint64_t left = bytes; left > 0;) {
            ActionSpec send = onState("A", TcpState::Established, ActionKind::Send, "A");
            send.bytes = std::min(left, kMaxBytesPerSend);
            left -= send.bytes;
            sc.actions.push_back(send);
        }
        sc.actions.push_back(onState("A", TcpState::Established, ActionKind::Close, "A"));
        sc.actions.push_back(onState("B", TcpState::CloseWait, ActionKind::Close, "B"));
        return sc;
    };
    w.ns3Args = "--mode=bulk --bytes=" + std::to_string(bytes) + " " + kNs3Path[p] +
                " --loss=" + (loss > 0 ? "0.01" : "0");
    return w;
}

Workload shortConnectionsWorkload(std::uint64_t count) {
    Workload w;
    w.connections = count;
    w.bytes = 100 * count;
    w.name = "short-" + sizeName(count, "");
    w.make = [count] {
        // One link A - B, as ns-3's handshakes mode (--router=0).
        Scenario sc = base();
        sc.hosts.push_back(host("A", 0x0a000001));
        sc.hosts.push_back(host("B", 0x0a000002));
        sc.links.push_back(link("A-B", "A", "B", 1500));
        sc.actions.push_back(listenOn("B"));
        // One connection every 100 ms: with a 10 ms round trip each one is over (the client in TIME-WAIT)
        // after 30 ms, so they run in sequence. "0 = latest connection" picks the one just opened.
        const Duration every = 100ms;
        for (std::uint64_t i = 0; i < count; ++i) {
            const Instant t0 = kTimeZero + 1ms + every * static_cast<std::int64_t>(i);
            sc.actions.push_back(connectTo(t0, "A", "B"));
            ActionSpec send = at(t0 + 25ms, ActionKind::Send, "A");
            send.bytes = 100;
            sc.actions.push_back(send);
            sc.actions.push_back(at(t0 + 26ms, ActionKind::Close, "A"));
            sc.actions.push_back(at(t0 + 45ms, ActionKind::Close, "B"));
        }
        return sc;
    };
    w.ns3Args = "--mode=handshakes --k=" + std::to_string(count);
    return w;
}

Workload synFloodWorkload(std::uint64_t syns, bool cookies) {
    Workload w;
    w.synFlood = syns;
    w.bytes = cookies ? 100 : 0;
    w.name = "syn-flood-" + sizeName(syns, "") + (cookies ? "-cookies" : "");
    w.make = [syns, cookies] {
        Scenario sc = base();
        sc.floodSummary = true; // the spoofed segments are counted, not traced (docs/performance.md)
        sc.hosts.push_back(host("A", 0x0a000001));
        HostSpec b = host("B", 0x0a000002);
        b.tcp.emplace_back("tcp_syncookies", cookies ? 1 : 0);
        sc.hosts.push_back(b);
        HostSpec x = host("X", 0x0a000042);
        FloodSpec f;
        f.target = "B";
        f.port = 80;
        f.start = kTimeZero + 10ms;
        f.ratePerSecond = kFloodRate;
        f.duration = Duration{static_cast<std::int64_t>(syns * 1'000'000'000ULL / kFloodRate)};
        x.flood = f;
        sc.hosts.push_back(x);
        sc.links.push_back(link("A-B", "A", "B", 1500));
        sc.links.push_back(link("X-B", "X", "B", 1500));
        sc.actions.push_back(listenOn("B"));
        if (cookies) {
            // A real client in the middle of the flood: the SYN queue is full, a cookie lets it in.
            const Instant mid = f.start + f.duration / 2;
            sc.actions.push_back(connectTo(mid, "A", "B"));
            ActionSpec send = onState("A", TcpState::Established, ActionKind::Send, "A");
            send.bytes = 100;
            sc.actions.push_back(send);
            sc.actions.push_back(onState("A", TcpState::Established, ActionKind::Close, "A"));
            sc.actions.push_back(onState("B", TcpState::CloseWait, ActionKind::Close, "B"));
        }
        return sc;
    };
    return w;
}

std::vector<Workload> allWorkloads() {
    std::vector<Workload> all;
    for (std::uint64_t bytes : {10'000'000ULL, 100'000'000ULL})
        for (Path path : {Path::Mtu1500, Path::Mtu576, Path::Frag576})
            for (double loss : {0.0, 0.01})
                all.push_back(bulkWorkload(bytes, path, loss));
    all.push_back(shortConnectionsWorkload(1000));
    all.push_back(shortConnectionsWorkload(10000));
    for (std::uint64_t syns : {100'000ULL, 1'000'000ULL})
        for (bool cookies : {false, true})
            all.push_back(synFloodWorkload(syns, cookies));
    return all;
}

} // namespace tcplab::bench
