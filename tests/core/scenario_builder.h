// Small builders for test scenarios: two hosts on one link, with pinned ISNs, so tests name only what
// differs.
#pragma once

#include <string>

#include "scenario/scenario.h"
#include "sim/simulation.h"
#include "tcp/segment.h"

namespace tcplab::test {

using namespace std::chrono_literals;

inline Instant at(Duration d) {
    return kTimeZero + d;
}

// client 10.0.0.1 (ISN 1000) — 10 ms each way — server 10.0.0.2 (ISN 5000), server listening on port 80.
inline Scenario twoHosts(Profile profile = Profile::Rfc9293, Duration delay = 10ms) {
    Scenario sc;
    sc.title.en = "test";
    sc.profile = profile;
    HostSpec c;
    c.name = "client";
    c.address = *parseIpv4("10.0.0.1");
    c.isn = 1000;
    HostSpec s;
    s.name = "server";
    s.address = *parseIpv4("10.0.0.2");
    s.isn = 5000;
    sc.hosts = {c, s};
    LinkSpec l;
    l.name = "lan";
    l.a = "client";
    l.b = "server";
    l.aToB.delay = delay;
    l.bToA.delay = delay;
    sc.links = {l};
    ActionSpec listen;
    listen.when.at = kTimeZero;
    listen.kind = ActionKind::Listen;
    listen.host = "server";
    listen.port = 80;
    sc.actions.push_back(listen);
    return sc;
}

inline ActionSpec action(Duration when, ActionKind kind, const std::string& host) {
    ActionSpec a;
    a.when.at = kTimeZero + when;
    a.kind = kind;
    a.host = host;
    return a;
}

inline ActionSpec connectAt(Duration when, std::uint16_t localPort = 40000) {
    ActionSpec a = action(when, ActionKind::Connect, "client");
    a.peer = "server";
    a.port = 80;
    a.localPort = localPort;
    return a;
}

inline ActionSpec sendAt(Duration when, const std::string& host, std::uint64_t bytes) {
    ActionSpec a = action(when, ActionKind::Send, host);
    a.bytes = bytes;
    return a;
}

inline FaultRule dropNth(const std::string& from, const std::string& to, SegmentMatch m, int nth) {
    FaultRule f;
    f.from = from;
    f.to = to;
    f.match = m;
    f.nth = nth;
    f.action = FaultAction::Drop;
    return f;
}

// One line per trace event, compact, for debugging and for readable expectations.
std::string describeTrace(const Trace& t);

// "C>S [S] 1000:1000 ack 0 win 65535" lines of the segments that were sent, absolute numbers.
std::vector<std::string> sentSegments(const Trace& t);

// The sequence of states a host's connections went through, "CLOSED>SYN-SENT>ESTABLISHED…", per connection.
std::vector<std::string> statePaths(const Trace& t, const std::string& host);

} // namespace tcplab::test
