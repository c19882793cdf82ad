// The busy server (issue 4): a listener's SYN queue and accept queue and what happens when each overflows,
// SYN-ACK retransmission timing, SYN cookies (encoding and in a run), the attacker host, application
// patterns and the per-host socket limit. One test per rule; linux-defaults.md §3 is the reference.
#include <QtTest>

#include <algorithm>

#include "scenario_builder.h"
#include "sim/simulation.h"
#include "tcp/syncookie.h"

using namespace tcplab;
using namespace tcplab::test;

namespace {

int notesContaining(const Trace& t, const char* text) {
    return static_cast<int>(std::count_if(t.events.begin(), t.events.end(), [&](const TraceEvent& e) {
        return e.kind == TraceKind::Note && t.text(e).find(text) != std::string::npos;
    }));
}

void setParam(Scenario& sc, const std::string& host, const std::string& name, std::int64_t v) {
    for (auto& h : sc.hosts)
        if (h.name == host)
            h.tcp.emplace_back(name, v);
}

const Host& hostNamed(const Simulation& sim, const std::string& name) {
    for (const auto& h : sim.world().hosts)
        if (h.name == name)
            return h;
    qFatal("no host %s", name.c_str());
}

// The connection of `host` whose local or remote port is `port` (the newest).
const Connection* connByPort(const Simulation& sim, const std::string& host, std::uint16_t port) {
    const Connection* best = nullptr;
    for (const auto& [id, c] : hostNamed(sim, host).connections)
        if (!c.listener && (c.tcb.local().port == port || c.tcb.remote().port == port))
            best = &c;
    return best;
}

const ListenQueue& queueOf(const Simulation& sim) {
    const Host& h = hostNamed(sim, "server");
    return h.connections.at(h.listeners.at(80)).queue;
}

// Times (ms after start) at which the server sent a SYN,ACK.
std::vector<std::int64_t> synAckTimesMs(const Trace& t) {
    std::vector<std::int64_t> out;
    for (const auto& e : t.events)
        if (e.kind == TraceKind::SegmentSent && t.hostNames[e.host] == "server") {
            const auto& s = t.segments[e.segment];
            if ((s.flags & TcpFlag::SYN) && (s.flags & TcpFlag::ACK))
                out.push_back(toNanos(s.sentAt) / 1'000'000);
        }
    return out;
}

Scenario floodScenario(int syncookies, std::uint64_t seed = 7) {
    Scenario sc = twoHosts(Profile::Linux);
    sc.seed = seed;
    sc.actions[0].backlog = 8;
    setParam(sc, "server", "tcp_syncookies", syncookies);
    HostSpec atk;
    atk.name = "attacker";
    atk.address = *parseIpv4("10.0.0.66");
    FloodSpec f;
    f.target = "server";
    f.port = 80;
    f.start = kTimeZero;
    f.duration = 5s;
    f.ratePerSecond = 200;
    atk.flood = f;
    sc.hosts.push_back(atk);
    LinkSpec l;
    l.name = "internet";
    l.a = "attacker";
    l.b = "server";
    sc.links.push_back(l);
    sc.actions.push_back(connectAt(2s));
    sc.duration = 30s;
    return sc;
}

} // namespace

class TestBusyServer : public QObject {
    Q_OBJECT
private slots:
    // ---- The SYN queue ----
    void synQueueFull_cookiesOff_dropsSyn() { // LI-4
        Scenario sc = twoHosts();
        sc.actions[0].backlog = 2;
        sc.faults.push_back(dropNth("client", "server", SegmentMatch::PureAck, 0)); // stay half-open
        for (std::uint16_t i = 0; i < 3; ++i)
            sc.actions.push_back(
                connectAt(std::chrono::milliseconds(i), static_cast<std::uint16_t>(40001 + i)));
        sc.duration = 500ms;
        Simulation sim(sc);
        sim.run();
        QCOMPARE(notesContaining(sim.trace(), "SYN dropped: the SYN queue is full"), 1);
        QCOMPARE(hostNamed(sim, "server").counters.synQueueDrops, std::uint64_t(1));
        QCOMPARE(queueOf(sim).synQueue, 2);
        QVERIFY(connByPort(sim, "server", 40003) == nullptr);
    }

    void synBacklog_lastQuarterKept_dropsSyn() { // tcp_max_syn_backlog, cookies off
        Scenario sc = twoHosts();
        setParam(sc, "server", "tcp_max_syn_backlog", 8); // drop when fewer than 2 of 8 are free
        sc.faults.push_back(dropNth("client", "server", SegmentMatch::PureAck, 0));
        for (std::uint16_t i = 0; i < 8; ++i)
            sc.actions.push_back(
                connectAt(std::chrono::milliseconds(i), static_cast<std::uint16_t>(40001 + i)));
        sc.duration = 500ms;
        Simulation sim(sc);
        sim.run();
        QCOMPARE(queueOf(sim).synQueue, 7); // 8 - 7 = 1 < 8/4
        QCOMPARE(hostNamed(sim, "server").counters.synBacklogDrops, std::uint64_t(1));
    }

    void synAckRetries_linux_backOff1248ThenDropAt63s() {
        Scenario sc = twoHosts(Profile::Linux, 0ms);
        sc.faults.push_back(dropNth("client", "server", SegmentMatch::PureAck, 0));
        sc.actions.push_back(connectAt(0ms));
        sc.duration = 100s;
        Simulation sim(sc);
        sim.run();
        const std::vector<std::int64_t> want = {0, 1000, 3000, 7000, 15000, 31000};
        QCOMPARE(synAckTimesMs(sim.trace()), want);
        bool dropped = false;
        for (const auto& e : sim.trace().events)
            if (e.kind == TraceKind::StateChange && e.rule() && e.rule()->id == "SR-10p") {
                QCOMPARE(toNanos(e.at), std::int64_t(63'000'000'000));
                dropped = true;
            }
        QVERIFY(dropped);
        QCOMPARE(queueOf(sim).synQueue, 0); // the entry left the SYN queue
    }

    // ---- The accept queue ----
    void acceptQueueFull_dropsSyn() { // LI-5: it holds backlog + 1
        Scenario sc = twoHosts();
        sc.actions[0].backlog = 1;
        sc.actions[0].manualAccept = true;
        for (std::uint16_t i = 0; i < 3; ++i)
            sc.actions.push_back(
                connectAt(std::chrono::milliseconds(100 * i), static_cast<std::uint16_t>(40001 + i)));
        sc.duration = 500ms;
        Simulation sim(sc);
        sim.run();
        QCOMPARE(queueOf(sim).acceptQueue.size(), std::size_t(2));
        QCOMPARE(hostNamed(sim, "server").counters.acceptQueueDrops, std::uint64_t(1));
        QCOMPARE(notesContaining(sim.trace(), "SYN dropped: the accept queue is full"), 1);
        QVERIFY(connByPort(sim, "server", 40003) == nullptr);
    }

    void acceptQueueFull_cookiesOn_stillDropsSyn() { // LI-5 applies with cookies too
        Scenario sc = twoHosts(Profile::Linux);
        sc.actions[0].backlog = 1;
        sc.actions[0].manualAccept = true;
        for (std::uint16_t i = 0; i < 3; ++i)
            sc.actions.push_back(
                connectAt(std::chrono::milliseconds(100 * i), static_cast<std::uint16_t>(40001 + i)));
        sc.duration = 500ms;
        Simulation sim(sc);
        sim.run();
        QCOMPARE(hostNamed(sim, "server").counters.acceptQueueDrops, std::uint64_t(1));
        QCOMPARE(hostNamed(sim, "server").counters.cookiesSent, std::uint64_t(0));
    }

    void finalAckAcceptQueueFull_abortOff_dropsAckKeepsRequest() {
        Scenario sc = twoHosts(Profile::Linux);
        sc.actions[0].backlog = 2; // the accept queue is full at 3
        sc.actions[0].manualAccept = true;
        sc.actions.push_back(connectAt(0ms, 40001));
        sc.actions.push_back(connectAt(100ms, 40002));
        sc.actions.push_back(connectAt(200ms, 40003));
        sc.actions.push_back(connectAt(201ms, 40004)); // its SYN arrives before 40003's final ACK
        sc.duration = 2500ms;
        Simulation sim(sc);
        sim.run();
        QVERIFY(hostNamed(sim, "server").counters.finalAckOverflows >= 2); // the first ACK and the re-ACKs
        QCOMPARE(connByPort(sim, "server", 40004)->tcb.state(), TcpState::SynReceived);
        QCOMPARE(connByPort(sim, "client", 40004)->tcb.state(), TcpState::Established);
        QVERIFY(notesContaining(sim.trace(), "tcp_abort_on_overflow = 0") >= 1);
        QVERIFY(synAckTimesMs(sim.trace()).size() > 4); // the request's SYN,ACK is retransmitted
    }

    void finalAckAcceptQueueFull_abortOn_resets() {
        Scenario sc = twoHosts(Profile::Linux);
        setParam(sc, "server", "tcp_abort_on_overflow", 1);
        sc.actions[0].backlog = 2;
        sc.actions[0].manualAccept = true;
        sc.actions.push_back(connectAt(0ms, 40001));
        sc.actions.push_back(connectAt(100ms, 40002));
        sc.actions.push_back(connectAt(200ms, 40003));
        sc.actions.push_back(connectAt(201ms, 40004));
        sc.duration = 2500ms;
        Simulation sim(sc);
        sim.run();
        QCOMPARE(hostNamed(sim, "server").counters.finalAckOverflows, std::uint64_t(1));
        QVERIFY(connByPort(sim, "server", 40004) == nullptr);
        QVERIFY(connByPort(sim, "client", 40004) == nullptr); // reset
        QCOMPARE(notesContaining(sim.trace(), "tcp_abort_on_overflow = 1"), 1);
    }

    void acceptAction_takesOldestAndRecordsCall() {
        Scenario sc = twoHosts();
        sc.actions[0].manualAccept = true;
        sc.actions.push_back(connectAt(0ms, 40001));
        sc.actions.push_back(connectAt(10ms, 40002));
        ActionSpec acc = action(200ms, ActionKind::Accept, "server");
        acc.port = 80;
        sc.actions.push_back(acc);
        sc.duration = 1s;
        Simulation sim(sc);
        sim.run();
        QCOMPARE(queueOf(sim).acceptQueue.size(), std::size_t(1));
        QVERIFY(connByPort(sim, "server", 40001)->holdsFd);
        QVERIFY(!connByPort(sim, "server", 40002)->holdsFd);
        int calls = 0;
        for (const auto& e : sim.trace().events)
            if (e.kind == TraceKind::UserCall && e.value() == std::uint64_t(ActionKind::Accept)) {
                ++calls;
                QCOMPARE(toNanos(e.at), std::int64_t(200'000'000));
            }
        QCOMPARE(calls, 1);
    }

    void acceptEvery_drainsOnePerPeriod() {
        Scenario sc = twoHosts();
        sc.actions[0].manualAccept = true;
        for (std::uint16_t i = 0; i < 3; ++i)
            sc.actions.push_back(
                connectAt(std::chrono::milliseconds(i), static_cast<std::uint16_t>(40001 + i)));
        ActionSpec acc = action(100ms, ActionKind::Accept, "server");
        acc.port = 80;
        acc.every = 1s;
        sc.actions.push_back(acc);
        sc.duration = 5s;
        Simulation sim(sc);
        sim.run();
        std::vector<std::int64_t> at;
        for (const auto& e : sim.trace().events)
            if (e.kind == TraceKind::UserCall && e.value() == std::uint64_t(ActionKind::Accept))
                at.push_back(toNanos(e.at) / 1'000'000);
        QCOMPARE(at, (std::vector<std::int64_t>{100, 1100, 2100}));
    }

    // ---- SYN cookies ----
    void cookie_encodeThenCheck_givesMssBack() {
        const SynCookieKey key{0x1234, 0x5678};
        const SynCookieTuple t{0x0a000001, 0x0a000002, 40000, 80};
        const SeqNum isn(0xfffffff0u);
        const SeqNum c = encodeSynCookie(key, t, isn, synCookieMssIndex(1460), 5);
        QCOMPARE(checkSynCookie(key, t, isn, c, 5), std::optional<std::uint16_t>(1460));
        QCOMPARE(checkSynCookie(key, t, isn, c, 6), std::optional<std::uint16_t>(1460)); // 1 minute old
    }
    void cookie_mss_roundedDown() {
        QCOMPARE(kSynCookieMss[synCookieMssIndex(1400)], std::uint16_t(1300));
        QCOMPARE(kSynCookieMss[synCookieMssIndex(1460)], std::uint16_t(1460));
        QCOMPARE(kSynCookieMss[synCookieMssIndex(9000)], std::uint16_t(1460));
        QCOMPARE(kSynCookieMss[synCookieMssIndex(500)], std::uint16_t(536));
    }
    void cookie_stale_rejected() {
        const SynCookieKey key{1, 2};
        const SynCookieTuple t{0x0a000001, 0x0a000002, 40000, 80};
        const SeqNum c = encodeSynCookie(key, t, SeqNum(1000), 3, 10);
        QCOMPARE(checkSynCookie(key, t, SeqNum(1000), c, 12), std::nullopt); // 2 minutes: too old
    }
    void cookie_wrongTupleOrIsnOrKey_rejected() {
        const SynCookieKey key{1, 2};
        const SynCookieTuple t{0x0a000001, 0x0a000002, 40000, 80};
        const SeqNum c = encodeSynCookie(key, t, SeqNum(1000), 3, 10);
        SynCookieTuple other = t;
        other.srcPort = 40001;
        QCOMPARE(checkSynCookie(key, other, SeqNum(1000), c, 10), std::nullopt);
        // (An ISN off by 1..3 only shifts the MSS index, as in Linux: the low 24 bits carry 2 bits of data.)
        QCOMPARE(checkSynCookie(key, t, SeqNum(1000 + 0x12345), c, 10), std::nullopt);
        QCOMPARE(checkSynCookie(SynCookieKey{1, 3}, t, SeqNum(1000), c, 10), std::nullopt);
        QCOMPARE(checkSynCookie(key, t, SeqNum(1000), c + 1, 10), std::nullopt);
    }

    void synQueueFull_cookiesOn_connectsWithoutState() { // LI-6 then LI-7
        Scenario sc = twoHosts(Profile::Linux);
        sc.actions[0].backlog = 1;
        sc.faults.push_back(
            dropNth("client", "server", SegmentMatch::PureAck, 1)); // the first stays half-open
        sc.actions.push_back(connectAt(0ms, 40001));
        sc.actions.push_back(connectAt(5ms, 40002));
        sc.duration = 500ms;
        Simulation sim(sc);
        sim.run();
        const Host& s = hostNamed(sim, "server");
        QCOMPARE(s.counters.cookiesSent, std::uint64_t(1));
        QCOMPARE(s.counters.cookiesValid, std::uint64_t(1));
        QCOMPARE(connByPort(sim, "server", 40002)->tcb.state(), TcpState::Established);
        QCOMPARE(connByPort(sim, "client", 40002)->tcb.state(), TcpState::Established);
        const auto paths = statePaths(sim.trace(), "server");
        QVERIFY(std::find(paths.begin(), paths.end(), "LISTEN>ESTABLISHED") != paths.end());
    }

    void syncookies2_alwaysCookie() {
        Scenario sc = twoHosts(Profile::Linux);
        setParam(sc, "server", "tcp_syncookies", 2);
        sc.actions.push_back(connectAt(0ms, 40001));
        sc.duration = 500ms;
        Simulation sim(sc);
        sim.run();
        QCOMPARE(hostNamed(sim, "server").counters.cookiesSent, std::uint64_t(1));
        QCOMPARE(connByPort(sim, "server", 40001)->tcb.state(), TcpState::Established);
    }

    void cookieSynAck_neverRetransmitted() {
        Scenario sc = twoHosts(Profile::Linux);
        setParam(sc, "server", "tcp_syncookies", 2);
        sc.faults.push_back(dropNth("server", "client", SegmentMatch::SynAck, 1));
        sc.actions.push_back(connectAt(0ms, 40001));
        sc.duration = 1500ms;
        Simulation sim(sc);
        sim.run();
        // One SYN,ACK per SYN (the client's SYN retransmission at 1 s gets the second): none on a timer.
        QCOMPARE(synAckTimesMs(sim.trace()), (std::vector<std::int64_t>{10, 1010}));
    }

    // ---- The attacker ----
    void attacker_sameSeed_sameFlood() {
        Simulation a(floodScenario(0, 7)), b(floodScenario(0, 7)), c(floodScenario(0, 8));
        a.run();
        b.run();
        c.run();
        auto sources = [](const Simulation& s) {
            std::vector<std::uint32_t> out;
            for (const auto& seg : s.trace().segments)
                if (s.trace().hostNames[seg.srcHost] == "attacker")
                    out.push_back(seg.srcAddr ^ seg.srcPort ^ seg.seq.value());
            return out;
        };
        QCOMPARE(sources(a).size(), std::size_t(1000)); // 200/s for 5 s
        QVERIFY(sources(a) == sources(b));
        QVERIFY(sources(a) != sources(c));
        QCOMPARE(describeTrace(a.trace()), describeTrace(b.trace()));
    }

    void attacker_cookiesOff_legitimateClientFails() {
        Simulation sim(floodScenario(0));
        sim.run();
        const auto paths = statePaths(sim.trace(), "client");
        QCOMPARE(paths.size(), std::size_t(1));
        QVERIFY2(paths[0].find("ESTABLISHED") == std::string::npos, paths[0].c_str());
        QVERIFY(hostNamed(sim, "server").counters.synQueueDrops > 900);
    }

    void attacker_cookiesOn_legitimateClientGetsIn() {
        Simulation sim(floodScenario(1));
        sim.run();
        const auto paths = statePaths(sim.trace(), "client");
        QCOMPARE(paths.size(), std::size_t(1));
        QVERIFY2(paths[0].find("ESTABLISHED") != std::string::npos, paths[0].c_str());
        QVERIFY(hostNamed(sim, "server").counters.cookiesSent > 900);
    }

    void floodSummary_leavesSpoofedSegmentsOut() {
        Scenario sc = floodScenario(1);
        sc.floodSummary = true;
        Simulation sim(sc);
        sim.run();
        for (const auto& seg : sim.trace().segments)
            QVERIFY(sim.trace().hostNames[seg.srcHost] != "attacker");
        QVERIFY(hostNamed(sim, "attacker").counters.quietSegments == 1000);
        const auto paths = statePaths(sim.trace(), "client");
        QVERIFY(paths[0].find("ESTABLISHED") != std::string::npos);
    }

    void hostStats_recordQueueLengths() {
        Scenario sc = floodScenario(0);
        sc.hostStatsInterval = 1s;
        Simulation sim(sc);
        sim.run();
        const auto& hs = sim.trace().hostStats;
        QVERIFY(hs.size() >= 5);
        std::uint32_t maxSyn = 0;
        for (const auto& r : hs)
            for (const auto& l : r.listeners)
                maxSyn = std::max(maxSyn, l.synQueue);
        QCOMPARE(maxSyn, 8u);
        for (std::size_t i = 1; i < hs.size(); ++i)
            QVERIFY(hs[i - 1].at <= hs[i].at && hs[i - 1].afterEvent <= hs[i].afterEvent);
    }

    // ---- Application patterns and the socket limit ----
    void serverNeverCloses_closeWaitLeak() {
        Scenario sc = twoHosts();
        ActionSpec c = connectAt(0ms, 40001);
        c.closeAfter = 100ms;
        sc.actions.push_back(c);
        sc.duration = 10s;
        Simulation sim(sc);
        sim.run();
        QCOMPARE(connByPort(sim, "server", 40001)->tcb.state(), TcpState::CloseWait);
    }

    void closeOnEof_serverClosesAfterFin() {
        Scenario sc = twoHosts();
        sc.actions[0].closeOnEof = true;
        ActionSpec c = connectAt(0ms, 40001);
        c.closeAfter = 100ms;
        sc.actions.push_back(c);
        sc.duration = 10s;
        Simulation sim(sc);
        sim.run();
        QVERIFY(connByPort(sim, "server", 40001) == nullptr);
        QCOMPARE(connByPort(sim, "client", 40001)->tcb.state(), TcpState::TimeWait);
    }

    void serverClosesFirst_timeWaitOnServer() {
        Scenario sc = twoHosts();
        sc.actions[0].closeAfter = 50ms;
        ActionSpec c = connectAt(0ms, 40001);
        c.closeOnEof = true;
        sc.actions.push_back(c);
        sc.duration = 10s;
        Simulation sim(sc);
        sim.run();
        QCOMPARE(connByPort(sim, "server", 40001)->tcb.state(), TcpState::TimeWait);
        QVERIFY(connByPort(sim, "client", 40001) == nullptr);
    }

    void connectCount_timeWaitPileUp() {
        Scenario sc = twoHosts();
        sc.actions[0].closeOnEof = true;
        ActionSpec c = connectAt(0ms, 0);
        c.count = 20;
        c.closeAfter = 10ms;
        c.gap = 5ms;
        sc.actions.push_back(c);
        sc.duration = 60s;
        Simulation sim(sc);
        sim.run();
        int tw = 0;
        for (const auto& [id, conn] : hostNamed(sim, "client").connections)
            tw += conn.tcb.state() == TcpState::TimeWait;
        QCOMPARE(tw, 20); // rfc9293: 240 s of TIME-WAIT, all still there
        QCOMPARE(hostNamed(sim, "client").openFds, 0);
    }

    void connectCount_failedConnection_nextOneFollows() {
        Scenario sc = twoHosts();
        ActionSpec c = connectAt(0ms, 0);
        c.port = 81; // nobody listens: each connect is refused with a RST
        c.count = 3;
        c.closeAfter = 10ms;
        c.gap = 5ms;
        sc.actions.push_back(c);
        sc.duration = 10s;
        Simulation sim(sc);
        sim.run();
        int connects = 0;
        for (const auto& e : sim.trace().events)
            connects += e.kind == TraceKind::UserCall && e.value() == std::uint64_t(ActionKind::Connect);
        QCOMPARE(connects, 3);
    }

    void openFilesLimit_closeWaitSocketsBlockAccept() {
        Scenario sc = twoHosts();
        setParam(sc, "server", "open_files", 3); // the listener and two connections
        for (std::uint16_t i = 0; i < 3; ++i) {
            ActionSpec c =
                connectAt(std::chrono::milliseconds(100 * i), static_cast<std::uint16_t>(40001 + i));
            c.closeAfter = 10ms;
            sc.actions.push_back(c);
        }
        sc.duration = 10s;
        Simulation sim(sc);
        sim.run();
        const Host& s = hostNamed(sim, "server");
        QCOMPARE(s.openFds, 3);
        QVERIFY(s.counters.acceptFailures >= 1);
        QCOMPARE(queueOf(sim).acceptQueue.size(), std::size_t(1));
        QVERIFY(!connByPort(sim, "server", 40003)->holdsFd);
    }
};

QTEST_GUILESS_MAIN(TestBusyServer)
#include "tst_busy_server.moc"
