// The IP layer in the simulation, one rule per test: client —(MTU 1500)— r1 —(MTU 576)— server, built in
// code so that each test states its topology, profile and faults. The expectations come from RFC 791
// (fragment offsets in 8-byte units), RFC 1191 (ICMP 3/4 and the path MTU), RFC 1122 §3.3.2 (reassembly
// timeout, ICMP 11/1 only with fragment 0), RFC 1812 §5.3.1 (TTL) and RFC 9293 §3.7.1 (MSS).
#include <QtTest>

#include "sim/simulation.h"

using namespace tcplab;
using namespace std::chrono_literals;

namespace {

Scenario routed(Profile profile, std::uint32_t wanMtu = 576) {
    Scenario sc;
    sc.profile = profile;
    HostSpec c;
    c.name = "client";
    c.address = 0x0A000001; // 10.0.0.1
    c.isn = 1000;
    HostSpec s;
    s.name = "server";
    s.address = 0x0A000102; // 10.0.1.2
    s.isn = 5000;
    s.tcp = {{"mss", 1460}}; // the server offers 1460 whatever its own link
    sc.hosts = {c, s};
    RouterSpec r;
    r.name = "r1";
    r.interfaces = {{"lan", 0x0A0000FE, 24}, {"wan", 0x0A0001FE, 24}};
    sc.routers = {r};
    LinkSpec lan;
    lan.name = "lan";
    lan.a = "client";
    lan.b = "r1";
    lan.aToB.delay = lan.bToA.delay = 5ms;
    LinkSpec wan;
    wan.name = "wan";
    wan.a = "r1";
    wan.b = "server";
    wan.mtu = wanMtu;
    wan.aToB.delay = wan.bToA.delay = 10ms;
    sc.links = {lan, wan};
    ActionSpec listen;
    listen.when.at = kTimeZero;
    listen.kind = ActionKind::Listen;
    listen.host = "server";
    listen.port = 80;
    ActionSpec connect;
    connect.when.at = kTimeZero + 100ms;
    connect.kind = ActionKind::Connect;
    connect.host = "client";
    connect.peer = "server";
    connect.port = 80;
    ActionSpec send;
    send.when.onHost = "client";
    send.when.onState = TcpState::Established;
    send.when.after = 100ms;
    send.kind = ActionKind::Send;
    send.host = "client";
    send.bytes = 1460;
    sc.actions = {listen, connect, send};
    sc.duration = 200s;
    return sc;
}

std::vector<DatagramRecord> sentOn(const Trace& t, const std::string& link, std::uint8_t protocol = 6) {
    std::vector<DatagramRecord> out;
    for (const auto& ev : t.events)
        if (ev.kind == TraceKind::DatagramSent && ev.value() < t.datagrams.size()) {
            const DatagramRecord& d = t.datagrams[ev.value()];
            if (t.linkNames[d.link] == link && d.protocol == protocol)
                out.push_back(d);
        }
    return out;
}

int countKind(const Trace& t, TraceKind k, std::uint16_t host) {
    int n = 0;
    for (const auto& ev : t.events)
        n += ev.kind == k && ev.host == host;
    return n;
}

std::uint64_t deliveredToServer(const Simulation& sim) {
    std::uint64_t bytes = 0;
    for (std::uint32_t id = 0; id < sim.trace().connections.size(); ++id)
        if (sim.trace().connections[id].host == 1)
            bytes += sim.delivered(id).bytes;
    return bytes;
}

// The texts of the IP layer's fragmentation events, in trace order, and whether the string pool holds them.
std::vector<std::string> fragmentTexts(const Trace& t) {
    std::vector<std::string> out;
    for (const auto& ev : t.events)
        if (ev.kind == TraceKind::DatagramFragmented || ev.kind == TraceKind::FragmentStored ||
            ev.kind == TraceKind::DatagramReassembled)
            out.push_back(t.text(ev));
    return out;
}

bool poolHolds(const Trace& t, const std::string& text) {
    for (std::uint32_t id = 0; id < t.strings.size(); ++id)
        if (t.strings[id] == text)
            return true;
    return false;
}

std::string hexId(std::uint16_t id) {
    return QStringLiteral("0x%1").arg(id, 4, 16, QLatin1Char('0')).toStdString();
}

} // namespace

class TestIpLayer : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void scenarioWithoutRouters_isNotIpLayer() {
        Scenario sc = routed(Profile::Rfc9293);
        sc.routers.clear();
        sc.links = {sc.links[0]};
        sc.links[0].b = "server";
        QVERIFY(!sc.ipLayer());
        sc.links[0].mtu = 1400;
        QVERIFY(sc.ipLayer());
    }

    void router_fragmentsDatagramForSmallerMtu_rfc791Offsets() {
        Simulation sim(routed(Profile::Rfc9293));
        sim.run();
        const auto wan = sentOn(sim.trace(), "wan");
        std::vector<DatagramRecord> pieces;
        for (const auto& d : wan)
            if (d.isFragment() && d.srcAddr == 0x0A000001)
                pieces.push_back(d);
        QCOMPARE(pieces.size(), std::size_t{3});
        const std::uint16_t offsets[] = {0, 69, 138}; // 552 / 8 = 69
        const std::uint16_t lengths[] = {572, 572, 396};
        for (int k = 0; k < 3; ++k) {
            QCOMPARE(pieces[k].fragmentOffset, offsets[k]);
            QCOMPARE(pieces[k].totalLen, lengths[k]);
            QCOMPARE(pieces[k].moreFragments, k < 2);
            QCOMPARE(pieces[k].id, pieces[0].id);
            QCOMPARE(pieces[k].ttl, std::uint8_t{63}); // one router crossed
        }
        QCOMPARE(deliveredToServer(sim), std::uint64_t{1460});
        QCOMPARE(countKind(sim.trace(), TraceKind::DatagramReassembled, 1), 1);
    }

    // A datagram cut and reassembled in order: its three texts read as the IP layer would write them, and
    // are made from the datagram records when read, not kept as a string per datagram (docs/performance.md).
    void fragmentTexts_inOrder_madeFromTheRecords() {
        Simulation sim(routed(Profile::Rfc9293));
        sim.run();
        const Trace& t = sim.trace();
        const auto wan = sentOn(t, "wan");
        std::vector<DatagramRecord> pieces;
        for (const auto& d : wan)
            if (d.isFragment() && d.srcAddr == 0x0A000001)
                pieces.push_back(d);
        QCOMPARE(pieces.size(), std::size_t{3});
        const std::string id = hexId(pieces[0].id);
        const std::vector<std::string> expected = {
            "the 1500-byte datagram (ID " + id +
                ") does not fit link wan (MTU 576): cut into 3 fragments of 552, 552 and 376 data bytes",
            "fragment at offset 0 (552 bytes, MF) stored: 1 fragment (552 bytes) held for ID " + id,
            "fragment at offset 552 (552 bytes, MF) stored: 2 fragments (1104 bytes) held for ID " + id,
            "every fragment of ID " + id + " is here: the 1500-byte datagram is reassembled"};
        QCOMPARE(fragmentTexts(t), expected);
        for (const std::string& text : expected)
            QVERIFY2(!poolHolds(t, text), text.c_str());
    }

    // Fragments that do not come in order: what is held cannot be read off the fragment's record, so the
    // text is kept as written.
    void fragmentTexts_outOfOrder_keptAsWritten() {
        Scenario sc = routed(Profile::Rfc9293);
        FaultRule f;
        f.from = "r1";
        f.to = "server";
        f.match = SegmentMatch::Data;
        f.nth = 1;
        f.fragment = 2;
        f.action = FaultAction::Delay;
        f.delay = 1ms; // the second piece arrives after the third
        sc.faults = {f};
        Simulation sim(sc);
        sim.run();
        const Trace& t = sim.trace();
        const std::vector<std::string> texts = fragmentTexts(t);
        QCOMPARE(texts.size(), std::size_t{4});
        const std::string id = texts[0].substr(texts[0].find("(ID ") + 4, 6);
        const std::string third =
            "fragment at offset 1104 (376 bytes, the last) stored: 2 fragments (928 bytes) held for ID " + id;
        QCOMPARE(texts[2], third);
        QVERIFY(poolHolds(t, third));
        // The second piece completes the datagram: its record is not the datagram's end.
        const std::string done =
            "every fragment of ID " + id + " is here: the 1500-byte datagram is reassembled";
        QCOMPARE(texts[3], done);
        QVERIFY(poolHolds(t, done));
        QCOMPARE(deliveredToServer(sim), std::uint64_t{1460});
    }

    void lostFragment_segmentNeverDelivered_wholeSegmentRetransmittedWithNewId() {
        Scenario sc = routed(Profile::Rfc9293);
        FaultRule f;
        f.from = "r1";
        f.to = "server";
        f.match = SegmentMatch::Data;
        f.nth = 1;
        f.fragment = 2;
        sc.faults = {f};
        Simulation sim(sc);
        sim.run();
        const Trace& t = sim.trace();
        std::vector<std::uint16_t> ids;
        for (const auto& d : sentOn(t, "lan"))
            if (d.segment < t.segments.size() && t.segments[d.segment].payloadLen == 1460)
                ids.push_back(d.id);
        QCOMPARE(ids.size(), std::size_t{2}); // the original and the retransmission
        QVERIFY(ids[0] != ids[1]);
        QCOMPARE(deliveredToServer(sim), std::uint64_t{1460});
        // rfc9293 profile: reassembly times out after 60 s, with ICMP 11/1 since fragment 0 had arrived.
        QCOMPARE(countKind(t, TraceKind::ReassemblyTimeout, 1), 1);
        const auto icmp = sentOn(t, "wan", 1);
        QCOMPARE(icmp.size(), std::size_t{1});
        QCOMPARE(icmp[0].icmpType, std::uint8_t{11});
        QCOMPARE(icmp[0].icmpCode, std::uint8_t{1});
    }

    void lostFirstFragment_reassemblyTimeout_sendsNoIcmp() {
        Scenario sc = routed(Profile::Linux);
        sc.hosts[0].dontFragment = false;
        FaultRule f;
        f.from = "r1";
        f.to = "server";
        f.match = SegmentMatch::Data;
        f.fragment = 1;
        sc.faults = {f};
        Simulation sim(sc);
        sim.run();
        QCOMPARE(countKind(sim.trace(), TraceKind::ReassemblyTimeout, 1), 1);
        QVERIFY(sentOn(sim.trace(), "wan", 1).empty());
    }

    void reassemblyTimeout_isTheProfiles() {
        for (const Profile p : {Profile::Linux, Profile::Rfc9293}) {
            Scenario sc = routed(p);
            sc.hosts[0].dontFragment = false;
            FaultRule f;
            f.from = "r1";
            f.to = "server";
            f.match = SegmentMatch::Data;
            f.fragment = 3;
            sc.faults = {f};
            Simulation sim(sc);
            sim.run();
            const Trace& t = sim.trace();
            std::optional<Instant> firstStored, timeout;
            for (const auto& ev : t.events) {
                if (ev.kind == TraceKind::FragmentStored && !firstStored)
                    firstStored = ev.at;
                if (ev.kind == TraceKind::ReassemblyTimeout)
                    timeout = ev.at;
            }
            QVERIFY(firstStored && timeout);
            QCOMPARE(*timeout - *firstStored, p == Profile::Linux ? Duration{30s} : Duration{60s});
        }
    }

    void dfSet_routerSendsFragmentationNeeded_senderLowersPmtuAndResends() {
        Simulation sim(routed(Profile::Linux));
        sim.run();
        const Trace& t = sim.trace();
        const auto icmp = sentOn(t, "lan", 1);
        QVERIFY(!icmp.empty());
        QCOMPARE(icmp[0].icmpType, std::uint8_t{3});
        QCOMPARE(icmp[0].icmpCode, std::uint8_t{4});
        QCOMPARE(icmp[0].icmpMtu, std::uint16_t{576});
        bool lowered = false;
        for (const auto& ev : t.events)
            lowered = lowered || (ev.kind == TraceKind::PmtuChanged && ev.host == 0 && ev.value() == 576);
        QVERIFY(lowered);
        for (const auto& d : sentOn(t, "wan"))
            QVERIFY(!d.isFragment() && d.totalLen <= 576);
        QCOMPARE(deliveredToServer(sim), std::uint64_t{1460});
    }

    void icmpFiltered_blackHole_noPmtuChange_dataNeverArrives() {
        Scenario sc = routed(Profile::Linux);
        sc.ip.present = true;
        sc.ip.icmpDrop = {{"r1", 3, 4}};
        sc.hosts[0].tcp = {{"tcp_retries2", 3}};
        Simulation sim(sc);
        sim.run();
        QVERIFY(sentOn(sim.trace(), "lan", 1).empty());
        QCOMPARE(countKind(sim.trace(), TraceKind::PmtuChanged, 0), 0);
        QCOMPARE(deliveredToServer(sim), std::uint64_t{0});
        QVERIFY(countKind(sim.trace(), TraceKind::ConnectionError, 0) > 0); // gave up
    }

    void ttlOne_routerDropsAndSendsTimeExceeded() {
        Scenario sc = routed(Profile::Rfc9293);
        sc.hosts[0].ttl = 1;
        Simulation sim(sc);
        sim.run();
        const auto icmp = sentOn(sim.trace(), "lan", 1);
        QVERIFY(!icmp.empty());
        QCOMPARE(icmp[0].icmpType, std::uint8_t{11});
        QCOMPARE(icmp[0].icmpCode, std::uint8_t{0});
        QVERIFY(sentOn(sim.trace(), "wan").empty()); // nothing with TTL 1 gets past a router
        QCOMPARE(deliveredToServer(sim), std::uint64_t{0});
    }

    void mssOption_isInterfaceMtuLess40() {
        Scenario sc = routed(Profile::Rfc9293);
        sc.hosts[1].tcp.clear(); // the server's own link has MTU 576
        Simulation sim(sc);
        sim.run();
        const Trace& t = sim.trace();
        std::uint16_t clientMss = 0, serverMss = 0;
        for (const auto& s : t.segments)
            (s.srcHost == 0 ? clientMss : serverMss) =
                s.mss ? s.mss : (s.srcHost == 0 ? clientMss : serverMss);
        QCOMPARE(clientMss, std::uint16_t{1460});
        QCOMPARE(serverMss, std::uint16_t{536});
        for (const auto& d : sentOn(t, "wan"))
            QVERIFY(!d.isFragment()); // the client sends at most 536 bytes a segment
    }

    void routes_hostsGetDefaultRoute_routerConnectedNetworks() {
        Simulation sim(routed(Profile::Rfc9293));
        const RoutingTable* client = sim.routes("client");
        QVERIFY(client);
        QCOMPARE(client->routes().size(), std::size_t{2});
        QCOMPARE(client->routes()[1].destination.value, 0u);
        QCOMPARE(client->routes()[1].gateway.value, 0x0A0000FEu);
        const RoutingTable* r1 = sim.routes("r1");
        QCOMPARE(r1->routes().size(), std::size_t{2});
        QCOMPARE(r1->lookup(Ipv4Address{0x0A000102})->interfaceName, std::string("eth1"));
    }

    void ping_repliesCrossOneRouter_ttlDecremented() {
        Scenario sc = routed(Profile::Linux);
        ActionSpec ping;
        ping.when.at = kTimeZero + 10s;
        ping.kind = ActionKind::Ping;
        ping.host = "client";
        ping.peer = "server";
        ping.count = 2;
        ping.bytes = 56;
        ping.every = 1s;
        sc.actions = {ping};
        Simulation sim(sc);
        sim.run();
        QStringList lines;
        for (const auto& ev : sim.trace().events)
            if (ev.kind == TraceKind::IcmpReceived && ev.host == 0)
                lines << QString::fromStdString(std::string(sim.trace().text(ev)));
        QCOMPARE(lines, QStringList({"64 bytes from 10.0.1.2: icmp_seq=1 ttl=63 time=30.000 ms",
                                     "64 bytes from 10.0.1.2: icmp_seq=2 ttl=63 time=30.000 ms"}));
    }

    void traceroute_eachRouterAnswersTimeExceeded_thenThePeerEchoes() {
        Scenario sc = routed(Profile::Linux);
        ActionSpec tr;
        tr.when.at = kTimeZero;
        tr.kind = ActionKind::Traceroute;
        tr.host = "client";
        tr.peer = "server";
        tr.maxTtl = 30;
        tr.every = 1s;
        sc.actions = {tr};
        Simulation sim(sc);
        sim.run();
        QStringList lines;
        int probes = 0;
        for (const auto& ev : sim.trace().events) {
            if (ev.kind == TraceKind::IcmpReceived && ev.host == 0)
                lines << QString::fromStdString(std::string(sim.trace().text(ev)));
            probes += ev.kind == TraceKind::DatagramSent && ev.host == 0;
        }
        QCOMPARE(lines, QStringList({" 1  10.0.0.254  10.000 ms  (time exceeded (TTL expired in transit))",
                                     " 2  10.0.1.2  30.000 ms  (echo reply)"}));
        QCOMPARE(probes, 2); // no probe after the peer answered
    }

    void ethernet_firstDatagramWaitsForArpReply() {
        Scenario sc = routed(Profile::Rfc9293);
        sc.links[0].ethernet = true;
        Simulation sim(sc);
        sim.run();
        const Trace& t = sim.trace();
        std::vector<std::string> lan;
        for (const auto& ev : t.events)
            if (ev.kind == TraceKind::DatagramSent && ev.value() < t.datagrams.size() &&
                t.linkNames[t.datagrams[ev.value()].link] == "lan")
                lan.push_back(t.datagrams[ev.value()].arpOp == 1   ? "who-has"
                              : t.datagrams[ev.value()].arpOp == 2 ? "is-at"
                                                                   : "ip");
        QVERIFY(lan.size() > 3);
        QCOMPARE(lan[0], std::string("who-has")); // the SYN waits for the router's MAC
        QCOMPARE(lan[1], std::string("is-at"));
        QCOMPARE(lan[2], std::string("ip"));
        QCOMPARE(std::count(lan.begin(), lan.end(), "who-has"), 1); // both ends learned from that exchange
        QCOMPARE(sim.arpCache("client")->lookup(sim.now(), Ipv4Address{0x0A0000FE}).has_value(),
                 false); // expired
        QCOMPARE(deliveredToServer(sim), std::uint64_t{1460});
    }

    void snapshotRestore_midFragmentation_replaysTheSameTrace() {
        Scenario sc = routed(Profile::Rfc9293);
        Simulation a(sc);
        while (a.trace().datagrams.size() < 6 && a.step()) {
        }
        const auto snap = a.snapshot();
        a.run();
        const auto endEvents = a.trace().events.size();
        const auto endDatagrams = a.trace().datagrams.size();
        a.restore(snap);
        a.run();
        QCOMPARE(a.trace().events.size(), endEvents);
        QCOMPARE(a.trace().datagrams.size(), endDatagrams);
        Simulation b(sc);
        b.run();
        QVERIFY(a.world() == b.world());
    }
};

QTEST_GUILESS_MAIN(TestIpLayer)
#include "tst_ip_layer.moc"
