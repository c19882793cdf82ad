#include "workloads.h"

#include <chrono>

namespace tcplab::bench {

using namespace std::chrono_literals;

namespace {

constexpr std::uint64_t kMaxBytesPerSend = 10'000'000; // the loader's limit for one send action

Scenario twoHosts() {
    Scenario sc;
    sc.seed = 1;
    sc.profile = Profile::Rfc9293;
    sc.hosts.push_back({"A", 0x0a000001, std::nullopt, {}, 1000, std::nullopt});
    sc.hosts.push_back({"B", 0x0a000002, std::nullopt, {}, 5000, std::nullopt});
    LinkSpec link;
    link.name = "A-B";
    link.a = "A";
    link.b = "B";
    for (LinkDirection* d : {&link.aToB, &link.bToA}) {
        d->delay = 10ms;
        d->bandwidthBps = 100'000'000;
    }
    link.mtu = 1500;
    sc.links.push_back(link);
    sc.maxEvents = UINT64_MAX;
    sc.duration = std::chrono::hours(24 * 365);

    ActionSpec listen;
    listen.when.at = kTimeZero;
    listen.kind = ActionKind::Listen;
    listen.host = "B";
    listen.port = 80;
    sc.actions.push_back(listen);
    return sc;
}

ActionSpec at(Instant t, ActionKind kind, std::string host) {
    ActionSpec a;
    a.when.at = t;
    a.kind = kind;
    a.host = std::move(host);
    return a;
}

std::string sizeName(std::uint64_t bytes) {
    return bytes % 1'000'000 == 0 ? std::to_string(bytes / 1'000'000) + "MB" : std::to_string(bytes) + "B";
}

} // namespace

Workload bulkWorkload(std::uint64_t bytes, double loss) {
    Workload w;
    w.bytes = bytes;
    w.name =
        "bulk-" + sizeName(bytes) + "-loss" + (loss > 0 ? std::to_string(static_cast<int>(loss * 100)) : "0");
    w.make = [bytes, loss] {
        Scenario sc = twoHosts();
        sc.links[0].aToB.loss = loss;
        ActionSpec connect = at(kTimeZero + 1ms, ActionKind::Connect, "A");
        connect.peer = "B";
        connect.port = 80;
        sc.actions.push_back(connect);
        // The data, in sends of at most 10 MB, all written as soon as the connection is up.
        for (std::uint64_t left = bytes; left > 0;) {
            ActionSpec send;
            send.when.onHost = "A";
            send.when.onState = TcpState::Established;
            send.kind = ActionKind::Send;
            send.host = "A";
            send.bytes = std::min(left, kMaxBytesPerSend);
            left -= send.bytes;
            sc.actions.push_back(send);
        }
        ActionSpec close;
        close.when.onHost = "A";
        close.when.onState = TcpState::Established;
        close.kind = ActionKind::Close;
        close.host = "A";
        sc.actions.push_back(close);
        ActionSpec serverClose;
        serverClose.when.onHost = "B";
        serverClose.when.onState = TcpState::CloseWait;
        serverClose.kind = ActionKind::Close;
        serverClose.host = "B";
        sc.actions.push_back(serverClose);
        return sc;
    };
    w.ns3Args = "--mode=bulk --bytes=" + std::to_string(bytes) + " --loss=" + (loss > 0 ? "0.01" : "0");
    return w;
}

Workload shortConnectionsWorkload(std::uint64_t count) {
    Workload w;
    w.connections = count;
    w.name = "short-" + (count % 1000 == 0 ? std::to_string(count / 1000) + "k" : std::to_string(count));
    w.make = [count] {
        Scenario sc = twoHosts();
        // One connection every 100 ms: with a 20 ms round trip each one is over (the client in TIME-WAIT)
        // after 60 ms, so they run in sequence. "0 = latest connection" picks the one just opened.
        const Duration every = 100ms;
        for (std::uint64_t i = 0; i < count; ++i) {
            const Instant t0 = kTimeZero + 1ms + every * static_cast<std::int64_t>(i);
            ActionSpec connect = at(t0, ActionKind::Connect, "A");
            connect.peer = "B";
            connect.port = 80;
            sc.actions.push_back(connect);
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

std::vector<Workload> allWorkloads() {
    return {bulkWorkload(10'000'000, 0),     bulkWorkload(10'000'000, 0.01), bulkWorkload(100'000'000, 0),
            bulkWorkload(100'000'000, 0.01), shortConnectionsWorkload(1000), shortConnectionsWorkload(10000)};
}

} // namespace tcplab::bench
