// The IP layer of the simulation (Scenario::ipLayer()): every TCP segment travels as an IPv4 datagram, hop
// by hop through routers, cut into fragments where a link's MTU is smaller (RFC 791), reassembled at the
// destination (RFC 815, RFC 5722), answered with ICMP where it cannot go on (RFC 792, RFC 1191). The
// building blocks are in core/net; this file puts them on the simulation's links and into its trace.
// docs/ip-layer.md describes the behaviour and its limits.
#include <algorithm>
#include <cstdio>

#include "sim/simulation.h"

namespace tcplab {

namespace {

std::string hex16(std::uint16_t v) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "0x%04x", v);
    return buf;
}

std::uint32_t maskOf(int prefixLen) {
    return prefixLen <= 0 ? 0 : prefixLen >= 32 ? ~0u : ~(~0u >> prefixLen);
}

std::string icmpName(std::uint8_t type, std::uint8_t code) {
    switch (type) {
    case IcmpType::EchoReply:
        return "echo reply";
    case IcmpType::EchoRequest:
        return "echo request";
    case IcmpType::DestinationUnreachable:
        switch (code) {
        case IcmpCode::NetUnreachable:
            return "destination unreachable (net unreachable)";
        case IcmpCode::HostUnreachable:
            return "destination unreachable (host unreachable)";
        case IcmpCode::PortUnreachable:
            return "destination unreachable (port unreachable)";
        case IcmpCode::FragmentationNeeded:
            return "destination unreachable (fragmentation needed and DF set)";
        default:
            return "destination unreachable (code " + std::to_string(code) + ")";
        }
    case IcmpType::TimeExceeded:
        return code == IcmpCode::TtlExceeded ? "time exceeded (TTL expired in transit)"
                                             : "time exceeded (fragment reassembly time exceeded)";
    default:
        return "type " + std::to_string(type) + " code " + std::to_string(code);
    }
}

} // namespace

// Interfaces, and routes computed from the topology: each node gets a connected route per interface (as
// Linux adds when an address is configured) and, for every other network of the scenario, a route through
// the neighbour on the shortest path to it (found breadth-first through routers, in link order, so the
// result is deterministic). A host whose other networks are all behind one gateway gets a default route
// instead, as a host configured by DHCP would.
void Simulation::setUpIpLayer() {
    const std::size_t hostCount = scenario_.hosts.size();
    for (std::size_t i = 0; i < world_.hosts.size(); ++i) {
        Host& h = world_.hosts[i];
        if (!h.router) {
            const HostSpec& hs = scenario_.hosts[i];
            const bool linux = h.params.profile == Profile::Linux;
            h.dontFragment = hs.dontFragment.value_or(linux);
            h.ttl = hs.ttl;
            h.pmtu = PmtuCache(linux ? PmtuConfig::linuxProfile() : PmtuConfig::rfc1191Profile());
            const Duration timeout = scenario_.ip.reassemblyTimeout.value_or(
                linux ? std::chrono::seconds(30) : std::chrono::seconds(60));
            h.reassembly = ReassemblyTable(timeout);
            for (std::size_t k = 0; k < h.links.size(); ++k)
                h.interfaces.push_back({"eth" + std::to_string(k), h.address, hs.prefixLen, h.links[k]});
            // RFC 9293 §3.7.1: the MSS option offered is the interface's MTU less 40, unless set by hand.
            const bool mssGiven =
                std::any_of(hs.tcp.begin(), hs.tcp.end(), [](const auto& kv) { return kv.first == "mss"; });
            if (!mssGiven && !h.links.empty())
                h.params.mss = mssFromMtu(static_cast<std::uint16_t>(world_.links[h.links.front()].mtu));
        } else {
            const RouterSpec& rs = scenario_.routers[i - hostCount];
            for (std::size_t k = 0; k < rs.interfaces.size(); ++k)
                for (std::size_t li = 0; li < scenario_.links.size(); ++li)
                    if (scenario_.links[li].name == rs.interfaces[k].link)
                        h.interfaces.push_back({"eth" + std::to_string(k), rs.interfaces[k].address,
                                                rs.interfaces[k].prefixLen, static_cast<std::uint32_t>(li)});
        }
    }
    // Every network of the scenario, in order of appearance.
    std::vector<std::pair<std::uint32_t, int>> networks;
    for (const Host& h : world_.hosts)
        for (const Interface& itf : h.interfaces) {
            const std::pair net{itf.address & maskOf(itf.prefixLen), itf.prefixLen};
            if (std::find(networks.begin(), networks.end(), net) == networks.end())
                networks.push_back(net);
        }
    auto other = [&](std::uint32_t link, std::size_t node) {
        const LinkState& l = world_.links[link];
        return static_cast<std::size_t>(l.a == node ? l.b : l.a);
    };
    auto interfaceOn = [&](std::size_t node, std::uint32_t link) -> const Interface* {
        for (const Interface& itf : world_.hosts[node].interfaces)
            if (itf.link == link)
                return &itf;
        return nullptr;
    };
    for (std::size_t n = 0; n < world_.hosts.size(); ++n) {
        Host& h = world_.hosts[n];
        for (const Interface& itf : h.interfaces)
            h.routes.add({Ipv4Address{itf.address & maskOf(itf.prefixLen)},
                          Ipv4Address{maskOf(itf.prefixLen)}, Ipv4Address{0}, itf.name, 0});
        std::vector<Route> found;
        for (const auto& [net, len] : networks) {
            bool connected = false;
            for (const Interface& itf : h.interfaces)
                connected = connected || ((itf.address & maskOf(len)) == net && itf.prefixLen == len);
            if (connected)
                continue;
            // Breadth-first from n; only routers pass datagrams on.
            std::vector<int> firstLink(world_.hosts.size(), -1);
            std::vector<std::size_t> queue;
            std::vector<bool> seen(world_.hosts.size(), false);
            seen[n] = true;
            for (const Interface& itf : h.interfaces) {
                const std::size_t m = other(itf.link, n);
                if (!seen[m]) {
                    seen[m] = true;
                    firstLink[m] = static_cast<int>(itf.link);
                    queue.push_back(m);
                }
            }
            std::optional<Route> route;
            for (std::size_t qi = 0; qi < queue.size() && !route; ++qi) {
                const std::size_t m = queue[qi];
                bool reaches = false;
                for (const Interface& itf : world_.hosts[m].interfaces)
                    reaches = reaches || (itf.address & maskOf(len)) == net;
                if (reaches) {
                    const auto link = static_cast<std::uint32_t>(firstLink[m]);
                    const std::size_t hop = other(link, n);
                    const Interface* mine = interfaceOn(n, link);
                    const Interface* theirs = interfaceOn(hop, link);
                    if (mine && theirs && world_.hosts[hop].router)
                        route = Route{Ipv4Address{net}, Ipv4Address{maskOf(len)},
                                      Ipv4Address{theirs->address}, mine->name, 0};
                    else if (mine && theirs) // a host directly on the link: reach it on the link
                        route =
                            Route{Ipv4Address{net}, Ipv4Address{maskOf(len)}, Ipv4Address{0}, mine->name, 0};
                    break;
                }
                if (!world_.hosts[m].router)
                    continue;
                for (const Interface& itf : world_.hosts[m].interfaces) {
                    const std::size_t k = other(itf.link, m);
                    if (!seen[k]) {
                        seen[k] = true;
                        firstLink[k] = firstLink[m];
                        queue.push_back(k);
                    }
                }
            }
            if (route)
                found.push_back(*route);
        }
        const bool oneGateway =
            !h.router && !found.empty() && std::all_of(found.begin(), found.end(), [&](const Route& r) {
                return r.gateway.value != 0 && r.gateway == found.front().gateway &&
                       r.interfaceName == found.front().interfaceName;
            });
        if (oneGateway) {
            h.routes.add(
                {Ipv4Address{0}, Ipv4Address{0}, found.front().gateway, found.front().interfaceName, 0});
        } else {
            for (const Route& r : found)
                h.routes.add(r);
        }
    }
}

const RoutingTable* Simulation::routes(const std::string& node) const {
    for (const Host& h : world_.hosts)
        if (h.name == node)
            return &h.routes;
    return nullptr;
}

std::uint16_t Simulation::interfaceMtu(std::uint16_t node, std::uint32_t dst) const {
    const Host& h = world_.hosts[node];
    if (const auto r = h.routes.lookup(Ipv4Address{dst}))
        for (const Interface& itf : h.interfaces)
            if (itf.name == r->interfaceName)
                return static_cast<std::uint16_t>(std::min<std::uint32_t>(world_.links[itf.link].mtu, 65535));
    return 1500;
}

std::uint32_t Simulation::recordDatagram(std::uint16_t node, std::uint32_t link, const Ipv4Datagram& d,
                                         const PacketMeta& meta, std::uint8_t fragment,
                                         std::uint8_t fragments) {
    if (quiet_)
        return kNone;
    const LinkState& l = world_.links[link];
    DatagramRecord r;
    r.srcAddr = d.header.source.value;
    r.dstAddr = d.header.destination.value;
    r.segment = meta.segment;
    r.sentAt = world_.now;
    r.id = d.header.identification;
    r.totalLen = d.header.totalLength;
    r.fragmentOffset = d.header.fragmentOffset;
    r.fromNode = node;
    r.toNode = l.a == node ? l.b : l.a;
    r.link = static_cast<std::uint16_t>(link);
    r.ttl = d.header.ttl;
    r.protocol = d.header.protocol;
    r.fragment = fragment;
    r.fragments = fragments;
    r.dontFragment = d.header.dontFragment;
    r.moreFragments = d.header.moreFragments;
    if (r.protocol == IpProtocol::ICMP && r.fragmentOffset == 0 && d.payload.size() >= 8) {
        r.icmpType = d.payload[0];
        r.icmpCode = d.payload[1] & 0x3f; // codes are 0-15
        if (r.icmpType == IcmpType::DestinationUnreachable && r.icmpCode == IcmpCode::FragmentationNeeded)
            r.icmpMtu = static_cast<std::uint16_t>((d.payload[6] << 8) | d.payload[7]);
    }
    trace_.datagrams.push_back(r);
    return static_cast<std::uint32_t>(trace_.datagrams.size() - 1);
}

void Simulation::ipSendSegment(std::uint16_t from, const TcpSegment& seg, std::uint32_t srcAddr,
                               std::uint32_t dstAddr, const PacketMeta& meta) {
    Host& h = world_.hosts[from];
    Ipv4Header hdr;
    hdr.identification = h.nextIpId++;
    hdr.dontFragment = h.dontFragment && h.pmtu.dontFragment(world_.now, Ipv4Address{dstAddr});
    hdr.ttl = h.ttl;
    hdr.protocol = IpProtocol::TCP;
    hdr.source = Ipv4Address{srcAddr};
    hdr.destination = Ipv4Address{dstAddr};
    ipOutput(from, Ipv4Datagram::make(hdr, tcpSegmentPayload(seg, hdr.source, hdr.destination)), meta, false);
}

// A datagram was lost where it is: the trace says why and, for a segment, that it will not arrive.
void Simulation::ipDrop(std::uint16_t node, const PacketMeta& meta, std::uint32_t datagram,
                        const std::string& why) {
    TraceEvent ev;
    ev.at = world_.now;
    ev.kind = TraceKind::DatagramDropped;
    ev.host = node;
    ev.conn = meta.conn;
    ev.segment = meta.segment;
    ev.setValue(datagram == kNone ? UINT64_MAX : datagram);
    record(ev, why);
    if (meta.segment == kNone || quiet_)
        return;
    if (world_.segmentLost.size() <= meta.segment)
        world_.segmentLost.resize(meta.segment + 1, false);
    if (world_.segmentLost[meta.segment])
        return;
    world_.segmentLost[meta.segment] = true;
    TraceEvent s = ev;
    s.kind = TraceKind::SegmentDropped;
    s.setValue(0);
    record(s, why);
}

void Simulation::ipOutput(std::uint16_t node, Ipv4Datagram d, const PacketMeta& meta, bool forwarding) {
    Host& h = world_.hosts[node];
    const std::uint32_t dst = d.header.destination.value;
    const auto route = h.routes.lookup(d.header.destination);
    const Interface* out = nullptr;
    if (route)
        for (const Interface& itf : h.interfaces)
            if (itf.name == route->interfaceName)
                out = &itf;
    if (!out) {
        ipDrop(node, meta, kNone, "no route to host " + formatIpv4(dst));
        if (forwarding && d.header.protocol != IpProtocol::ICMP)
            sendIcmp(node, makeDestinationUnreachable(IcmpCode::NetUnreachable, d), d.header.source.value);
        return;
    }
    const std::uint32_t link = out->link;
    const std::uint32_t nextHop = route->gateway.value != 0 ? route->gateway.value : dst;
    if (!forwarding && meta.segment != kNone && meta.segment < trace_.segments.size() && !quiet_) {
        // The segment was recorded before its link was known (it is the last record: changed in place).
        trace_.segments.setLink(meta.segment, static_cast<std::uint16_t>(link));
    }
    const auto mtu = static_cast<std::uint16_t>(std::min<std::uint32_t>(world_.links[link].mtu, 65535));
    // The usual case first: the datagram fits and goes on whole, moved rather than copied (fragmentForMtu
    // returns a copy).
    if (mtu >= kIpv4MinimumMtu && d.header.headerBytes() + d.payload.size() <= mtu) {
        ipTransmit(node, link, nextHop, std::move(d), meta, 0, 0);
        return;
    }
    FragmentResult fr = fragmentForMtu(d, mtu);
    const std::string& linkName = trace_.linkNames[link];
    switch (fr.kind) {
    case FragmentResult::Kind::Fits:
        ipTransmit(node, link, nextHop, d, meta, 0, 0);
        return;
    case FragmentResult::Kind::Fragmented: {
        TraceEvent ev;
        ev.at = world_.now;
        ev.kind = TraceKind::DatagramFragmented;
        ev.host = node;
        ev.conn = meta.conn;
        ev.segment = meta.segment;
        ev.setValue(trace_.datagrams.size());
        if (!quiet_) {
            // The trace makes the text from the pieces' records (Trace::text) when they follow this event one
            // after the other (no ARP on the link), each names its piece, and the headers have no options.
            bool made = !world_.links[link].ethernet && fr.fragments.size() <= 255 &&
                        d.header.headerBytes() == 20 && trace_.linkMtus[link] == mtu;
            for (const Ipv4Datagram& f : fr.fragments)
                made = made && f.header.headerBytes() == 20;
            if (made) {
                trace_.annotateMade(ev, "RFC 791 §3.2");
                record(ev);
            } else {
                std::vector<std::uint32_t> pieces;
                for (const Ipv4Datagram& f : fr.fragments)
                    pieces.push_back(static_cast<std::uint32_t>(f.payload.size()));
                std::string t;
                appendFragmentationText(t, d.header.totalLength, d.header.identification, linkName, mtu,
                                        pieces);
                recordUnique(ev, t, "RFC 791 §3.2");
            }
        }
        const auto n = static_cast<std::uint8_t>(std::min<std::size_t>(fr.fragments.size(), 255));
        for (std::size_t k = 0; k < fr.fragments.size(); ++k)
            ipTransmit(node, link, nextHop, std::move(fr.fragments[k]), meta,
                       static_cast<std::uint8_t>(k + 1), n);
        return;
    }
    case FragmentResult::Kind::NeedsIcmp:
        if (forwarding) {
            ipDrop(node, meta, kNone,
                   "the " + std::to_string(d.header.totalLength) + "-byte datagram does not fit link " +
                       linkName + " (MTU " + std::to_string(mtu) + ") and DF is set: dropped");
            sendIcmp(node, makeFragmentationNeeded(d, fr.nextHopMtu), d.header.source.value);
        } else {
            // The sender's own interface is too small for a DF datagram (Linux: EMSGSIZE): it lowers the
            // path MTU at once, as if it had received the ICMP.
            ipDrop(node, meta, kNone,
                   "the " + std::to_string(d.header.totalLength) + "-byte datagram exceeds the MTU " +
                       std::to_string(mtu) + " of link " + linkName + " and DF is set");
            lowerPathMtu(node, dst, fr.nextHopMtu, d.header.totalLength, "the local interface's MTU", kNone);
        }
        return;
    case FragmentResult::Kind::MtuTooSmall:
        ipDrop(node, meta, kNone,
               "link " + linkName + " (MTU " + std::to_string(mtu) + ") is too small for any fragment");
        return;
    }
}

void Simulation::ipSendPiece(std::uint16_t node, std::uint32_t link, Ipv4Datagram piece,
                             const PacketMeta& meta, std::uint8_t fragment, std::uint8_t fragments,
                             std::optional<MacAddress> dstMac) {
    LinkState& l = world_.links[link];
    const int d = l.a == node ? 0 : 1;
    const std::uint16_t to = d == 0 ? l.b : l.a;
    const LinkDirection& dir = l.dir[d];
    const std::uint32_t rec = recordDatagram(node, link, piece, meta, fragment, fragments);
    TraceEvent sent;
    sent.at = world_.now;
    sent.kind = TraceKind::DatagramSent;
    sent.host = node;
    sent.conn = meta.conn;
    sent.segment = meta.segment;
    sent.setValue(rec);
    record(sent);
    if (tap_) {
        if (dstMac)
            tap_(link, world_.now,
                 ethernetFrame(*dstMac, macOf(node, link), EtherType::IPv4, piece.serialize()));
        else
            tap_(link, world_.now, piece.serialize());
    }

    // Serialisation: the link sends one frame at a time at its bandwidth.
    Instant leaves = world_.now;
    if (dir.bandwidthBps > 0) {
        const Instant start = std::max(world_.now, l.busyUntil[d]);
        const auto txNs = static_cast<std::int64_t>(
            (std::uint64_t{piece.header.totalLength} * 8 * 1'000'000'000ULL + dir.bandwidthBps - 1) /
            dir.bandwidthBps);
        l.busyUntil[d] = start + Duration{txNs};
        leaves = l.busyUntil[d];
    }

    // Scripted faults: a rule names the link's two ends; `nth` counts datagrams whose TCP segment matches
    // (recognised by the first fragment, which carries the TCP header), `fragment` picks one piece.
    bool faultDrop = false;
    bool faultDup = false;
    Duration faultDelay{0};
    std::string faultWhy;
    const std::pair<std::uint32_t, std::uint16_t> key{piece.header.source.value, piece.header.identification};
    for (std::size_t i = 0; i < scenario_.faults.size() && meta.tcp; ++i) {
        const FaultRule& f = scenario_.faults[i];
        if (f.from != world_.hosts[node].name || f.to != world_.hosts[to].name)
            continue;
        if (piece.header.fragmentOffset == 0) {
            if (!segmentMatches(f.match, meta.tcpFlags, meta.tcpPayloadLen))
                continue;
            const int n = ++world_.faultMatches[i];
            if (f.nth != 0 && n != f.nth) {
                world_.faultDatagram[i].reset();
                continue;
            }
            world_.faultDatagram[i] = key;
        } else if (world_.faultDatagram[i] != key) {
            continue;
        }
        if (f.fragment != 0 && f.fragment != fragment)
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
    auto what = [&] { // made only when a trace text needs it
        return fragment != 0
                   ? "fragment " + std::to_string(fragment) + " of " + std::to_string(fragments) + " "
                   : std::string();
    };
    if (faultDrop) {
        ipDrop(node, meta, rec, what() + faultWhy);
        return;
    }
    if (world_.rng.chance(dir.loss)) {
        ipDrop(node, meta, rec, what() + "lost on link " + trace_.linkNames[link]);
        return;
    }
    Duration extra = faultDelay;
    if (faultDelay > Duration{0}) {
        TraceEvent ev = sent;
        ev.kind = TraceKind::Note;
        record(ev, what() + "delayed by a fault rule");
    }
    if (world_.rng.chance(dir.reorder))
        extra += dir.reorderDelay;
    Duration latency = dir.delay + world_.rng.jitter(dir.jitter);
    if (latency < Duration{0})
        latency = Duration{0};
    const Instant arrives = leaves + latency + extra;
    const bool duplicate = faultDup || world_.rng.chance(dir.duplicate);
    SharedDatagram shared{std::make_shared<Ipv4Datagram>(std::move(piece))};
    schedule(arrives, EvPacket{to, link, rec, shared, meta});
    if (duplicate) {
        TraceEvent ev = sent;
        ev.kind = TraceKind::Note;
        record(ev, faultDup ? "datagram duplicated by a fault rule" : "datagram duplicated by the link");
        schedule(arrives, EvPacket{to, link, rec, std::move(shared), meta});
    }
}

void Simulation::handle(const EvPacket& e) {
    const Ipv4Datagram& d = *e.datagram.d;
    const PacketMeta& meta = e.meta;
    quiet_ = meta.segment == kNone && meta.tcp; // a flood segment left out of the trace
    struct Restore {
        bool& flag;
        ~Restore() { flag = false; }
    } restore{quiet_};
    TraceEvent ev;
    ev.at = world_.now;
    ev.kind = TraceKind::DatagramArrived;
    ev.host = e.toNode;
    ev.conn = meta.conn;
    ev.segment = meta.segment;
    ev.setValue(e.record);
    record(ev);

    Host& h = world_.hosts[e.toNode];
    if (h.router) {
        for (const Interface& itf : h.interfaces)
            if (itf.address == d.header.destination.value) {
                if (d.header.protocol == IpProtocol::ICMP && !d.header.isFragment()) {
                    icmpArrives(e.toNode, d, meta, e.record); // a router answers ping
                    return;
                }
                ipDrop(e.toNode, meta, e.record, "addressed to the router itself: nothing listens there");
                return;
            }
        // RFC 1812 §5.3.1: a datagram whose TTL would reach 0 is discarded, with ICMP time exceeded (never
        // about an ICMP error, RFC 1122 §3.2.2).
        if (d.header.ttl <= 1) {
            ipDrop(e.toNode, meta, e.record, "TTL exceeded at " + h.name);
            const bool icmpError =
                d.header.protocol == IpProtocol::ICMP && !d.payload.empty() &&
                (d.payload[0] == IcmpType::DestinationUnreachable || d.payload[0] == IcmpType::TimeExceeded);
            if (!icmpError)
                sendIcmp(e.toNode, makeTimeExceeded(IcmpCode::TtlExceeded, d), d.header.source.value);
            return;
        }
        Ipv4Header hdr = d.header;
        hdr.ttl = static_cast<std::uint8_t>(hdr.ttl - 1);
        // The payload goes on as it is: the next hop's datagram shares its bytes (a snapshot or a duplicate
        // holding this one sees them unchanged; nobody writes them).
        ipOutput(e.toNode, Ipv4Datagram::make(hdr, d.payload), meta, true);
        return;
    }
    if (d.header.destination.value != h.address) {
        ipDrop(e.toNode, meta, e.record,
               "not for this host (" + formatIpv4(d.header.destination.value) + ")");
        return;
    }
    // Not a fragment: the reassembly table passes it straight through (ReassemblyEventKind::Passed); skip the
    // copy it would make.
    if (!d.header.isFragment()) {
        ipDeliver(e.toNode, d, meta, e.record);
        scheduleReassembly(e.toNode);
        return;
    }
    for (ReassemblyEvent& r : h.reassembly.receive(world_.now, d)) {
        TraceEvent x = ev;
        switch (r.kind) {
        case ReassemblyEventKind::Passed:
            ipDeliver(e.toNode, *r.datagram, meta, e.record);
            break;
        case ReassemblyEventKind::FragmentStored:
            x.kind = TraceKind::FragmentStored;
            if (!quiet_) {
                // Made from the fragment's record (Trace::text) when it came in order: the k-th piece, with
                // the k - 1 before it held, from offset 0 on.
                const std::optional<DatagramRecord> rec = e.record < trace_.datagrams.size()
                                                              ? std::optional(trace_.datagrams[e.record])
                                                              : std::nullopt;
                if (rec && rec->id == r.key.identification && rec->fragmentOffset == r.fragmentOffset &&
                    rec->dataLen() == r.dataBytes && rec->moreFragments == r.moreFragments &&
                    std::size_t{rec->fragment} == r.fragmentsHeld &&
                    std::size_t{rec->fragmentOffset} * 8 + rec->dataLen() == r.bytesHeld &&
                    d.header.headerBytes() == 20) {
                    trace_.annotateMade(x, "RFC 791 §3.2");
                    record(x);
                } else {
                    std::string t;
                    appendFragmentStoredText(t, r.fragmentOffset, r.dataBytes, r.moreFragments,
                                             r.fragmentsHeld, r.bytesHeld, r.key.identification);
                    recordUnique(x, t, "RFC 791 §3.2");
                }
            }
            break;
        case ReassemblyEventKind::DuplicateIgnored:
        case ReassemblyEventKind::FragmentDropped:
        case ReassemblyEventKind::DatagramDiscarded:
            x.kind = TraceKind::FragmentDiscarded;
            record(x, r.reason.empty() ? std::string(toString(r.kind)) : r.reason, "RFC 5722");
            break;
        case ReassemblyEventKind::DatagramComplete:
            x.kind = TraceKind::DatagramReassembled;
            if (!quiet_) {
                // Made from the completing fragment's record (Trace::text) when it is the datagram's end.
                const std::optional<DatagramRecord> rec = e.record < trace_.datagrams.size()
                                                              ? std::optional(trace_.datagrams[e.record])
                                                              : std::nullopt;
                if (rec && rec->id == r.key.identification && d.header.headerBytes() == 20 &&
                    20u + rec->fragmentOffset * 8u + rec->dataLen() == r.datagram->header.totalLength) {
                    trace_.annotateMade(x, "RFC 791 §3.2");
                    record(x);
                } else {
                    std::string t;
                    appendReassembledText(t, r.key.identification, r.datagram->header.totalLength);
                    recordUnique(x, t, "RFC 791 §3.2");
                }
            }
            ipDeliver(e.toNode, *r.datagram, meta, e.record);
            break;
        case ReassemblyEventKind::TimedOut:
            break;
        }
    }
    scheduleReassembly(e.toNode);
}

void Simulation::scheduleReassembly(std::uint16_t host) {
    Host& h = world_.hosts[host];
    const auto next = h.reassembly.nextDeadline();
    if (!next || (h.reassemblyTimerAt && *h.reassemblyTimerAt == *next))
        return;
    h.reassemblyTimerAt = *next;
    schedule(*next, EvReassembly{host});
}

void Simulation::handle(const EvReassembly& e) {
    Host& h = world_.hosts[e.host];
    h.reassemblyTimerAt.reset();
    for (ReassemblyEvent& r : h.reassembly.expire(world_.now)) {
        if (r.kind != ReassemblyEventKind::TimedOut)
            continue;
        TraceEvent ev;
        ev.at = world_.now;
        ev.kind = TraceKind::ReassemblyTimeout;
        ev.host = e.host;
        const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(h.reassembly.timeout()).count();
        record(ev,
               "reassembly of ID " + hex16(r.key.identification) + " from " + formatIpv4(r.key.source.value) +
                   " timed out after " + std::to_string(seconds) + " s: " + std::to_string(r.fragmentsHeld) +
                   " fragment" + (r.fragmentsHeld == 1 ? "" : "s") + " (" + std::to_string(r.bytesHeld) +
                   " bytes) thrown away" +
                   (r.icmp ? "; ICMP time exceeded sent, since the first fragment had arrived"
                           : "; no ICMP, since the first fragment never arrived"),
               "RFC 1122 §3.3.2");
        if (r.icmp)
            sendIcmp(e.host, *r.icmp, r.key.source.value);
    }
    scheduleReassembly(e.host);
}

void Simulation::ipDeliver(std::uint16_t host, const Ipv4Datagram& d, const PacketMeta& meta,
                           std::uint32_t record) {
    if (d.header.protocol == IpProtocol::ICMP) {
        icmpArrives(host, d, meta, record);
        return;
    }
    if (d.header.protocol != IpProtocol::TCP)
        return;
    auto parsed = parseTcpSegment(d.payload, d.header.source, d.header.destination);
    if (!parsed || !parsed.value->checksumOk) {
        ipDrop(host, meta, record,
               "TCP segment damaged: " + (parsed ? std::string("bad checksum") : parsed.error));
        return;
    }
    TraceEvent ev;
    ev.at = world_.now;
    ev.kind = TraceKind::SegmentDelivered;
    ev.host = host;
    ev.segment = meta.segment;
    this->record(ev);
    deliverToStack(host, meta.segment, parsed.value->segment, d.header.source.value);
}

void Simulation::icmpArrives(std::uint16_t host, const Ipv4Datagram& d, const PacketMeta& meta,
                             std::uint32_t record) {
    TraceEvent ev;
    ev.at = world_.now;
    ev.kind = TraceKind::IcmpReceived;
    ev.host = host;
    ev.conn = meta.conn;
    ev.setValue(record);
    const auto msg = IcmpMessage::parse(d.payload.contiguous());
    if (!msg) {
        this->record(ev, "malformed ICMP message ignored: " + msg.error);
        return;
    }
    const IcmpMessage& m = *msg.value;
    const std::string from = formatIpv4(d.header.source.value);
    if (m.type == IcmpType::EchoRequest) {
        this->record(ev, "echo request from " + from + ": echo reply sent", "RFC 792");
        sendIcmp(host, makeEchoReply(m), d.header.source.value);
        return;
    }
    if (m.type == IcmpType::EchoReply) {
        echoAnswered(host, m.identifier, m.sequence, d.header.source.value, "echo reply", ev, d.header.ttl,
                     m.data.size() + 8);
        return;
    }
    if (!m.isError()) {
        this->record(ev, icmpName(m.type, m.code) + " from " + from + ": nothing waits for it", "RFC 792");
        return;
    }
    const auto quote = parseQuote(m);
    if (!quote) {
        this->record(ev, icmpName(m.type, m.code) + " from " + from + " ignored: " + quote.error, "RFC 792");
        return;
    }
    if (quote.value->header.protocol == IpProtocol::ICMP && quote.value->firstBytes.size() >= 8 &&
        quote.value->firstBytes[0] == IcmpType::EchoRequest) {
        // An error about one of our probes: traceroute's answer from a router on the way.
        echoAnswered(host, getU16(quote.value->firstBytes, 4), getU16(quote.value->firstBytes, 6),
                     d.header.source.value, icmpName(m.type, m.code), ev, d.header.ttl, 0);
        return;
    }
    if (m.type != IcmpType::DestinationUnreachable || m.code != IcmpCode::FragmentationNeeded) {
        // RFC 9293 §3.9.2.2 (MUST-56): other ICMP errors are soft errors for TCP; the connection goes on.
        this->record(ev,
                     icmpName(m.type, m.code) + " from " + from + " about a datagram to " +
                         formatIpv4(quote.value->header.destination.value) +
                         ": a soft error, TCP goes on (it may still time out)",
                     "RFC 9293 §3.9.2.2");
        return;
    }
    // RFC 5927 §4.1: believe a "fragmentation needed" only if it quotes a sequence number we have in flight.
    const IcmpQuote& q = *quote.value;
    Host& h = world_.hosts[host];
    const Endpoint4 local{q.header.source.value, q.srcPort()};
    const Endpoint4 remote{q.header.destination.value, q.dstPort()};
    const auto it = h.byTuple.find({local, remote});
    if (it == h.byTuple.end()) {
        this->record(ev,
                     "fragmentation needed from " + from + " for a connection that does not exist: ignored",
                     "RFC 5927 §4.1");
        return;
    }
    const TcpEndpoint& tcb = h.connections.at(it->second).tcb;
    const SeqNum seq(q.tcpSeq());
    if (seq < tcb.sndUna() || !(seq < tcb.sndNxt())) {
        this->record(ev,
                     "fragmentation needed from " + from + " quotes SEQ " + std::to_string(q.tcpSeq()) +
                         ", outside SND.UNA..SND.NXT: ignored",
                     "RFC 5927 §4.1");
        return;
    }
    this->record(
        ev, "fragmentation needed from " + from + ": the next hop's MTU is " + std::to_string(m.nextHopMtu),
        "RFC 1191 §4");
    lowerPathMtu(host, remote.addr, m.nextHopMtu, q.header.totalLength, "ICMP from " + from, record);
}

void Simulation::lowerPathMtu(std::uint16_t host, std::uint32_t dst, std::uint16_t nextHopMtu,
                              std::uint16_t quotedLen, const std::string& why, std::uint32_t record) {
    Host& h = world_.hosts[host];
    const std::uint16_t ifMtu = interfaceMtu(host, dst);
    const PmtuCache::Update u =
        h.pmtu.onFragmentationNeeded(world_.now, Ipv4Address{dst}, nextHopMtu, quotedLen, ifMtu);
    TraceEvent ev;
    ev.at = world_.now;
    ev.kind = TraceKind::PmtuChanged;
    ev.host = host;
    ev.setValue(u.newPmtu);
    (void)record;
    if (!u.lowered) {
        ev.kind = TraceKind::Note;
        this->record(
            ev, "path MTU to " + formatIpv4(dst) + " stays " + std::to_string(u.oldPmtu) + " (" + why + ")",
            "RFC 1191 §6.3");
        return;
    }
    this->record(
        ev,
        "path MTU to " + formatIpv4(dst) + " lowered from " + std::to_string(u.oldPmtu) + " to " +
            std::to_string(u.newPmtu) + " (" + why + ")" +
            (u.locked ? "; below the minimum, so datagrams go without DF and may be fragmented" : ""),
        "RFC 1191 §6.3");
    const auto mss = mssFromMtu(u.newPmtu);
    std::vector<std::uint32_t> ids;
    for (const auto& [id, c] : h.connections)
        if (!c.listener && c.tcb.remote().addr == dst)
            ids.push_back(id);
    for (const std::uint32_t id : ids) {
        scratch_.clear();
        h.connections.at(id).tcb.pathMtuChanged(world_.now, mss, scratch_);
        apply(host, id, scratch_);
    }
}

void Simulation::sendIcmp(std::uint16_t node, const IcmpMessage& msg, std::uint32_t dst, std::uint8_t ttl) {
    const Host& h = world_.hosts[node];
    for (std::size_t i = 0; i < scenario_.ip.icmpDrop.size(); ++i) {
        const IcmpDropRule& r = scenario_.ip.icmpDrop[i];
        if ((r.router.empty() || r.router == h.name) && r.type == msg.type &&
            (r.code < 0 || r.code == msg.code)) {
            TraceEvent ev;
            ev.at = world_.now;
            ev.kind = TraceKind::Note;
            ev.host = node;
            record(ev,
                   "ICMP " + icmpName(msg.type, msg.code) + " to " + formatIpv4(dst) +
                       " is filtered (ip.icmp_drop rule " + std::to_string(i + 1) + "): it is never sent",
                   "RFC 2923 §2.1");
            return;
        }
    }
    // The source is the address of the interface the message leaves by.
    std::uint32_t src = h.address;
    if (const auto r = h.routes.lookup(Ipv4Address{dst}))
        for (const Interface& itf : h.interfaces)
            if (itf.name == r->interfaceName)
                src = itf.address;
    const std::uint16_t id = world_.hosts[node].nextIpId++;
    PacketMeta meta;
    ipOutput(node, icmpDatagram(msg, Ipv4Address{src}, Ipv4Address{dst}, id, ttl), meta, false);
}

// A probe of a ping or traceroute action (identifier = action index + 1) was answered.
void Simulation::echoAnswered(std::uint16_t host, std::uint16_t id, std::uint16_t seq, std::uint32_t from,
                              const std::string& what, TraceEvent ev, std::uint8_t ttl, std::size_t bytes) {
    (void)host;
    const auto sent = world_.echoSent.find((std::uint32_t{id} << 16) | seq);
    const std::uint32_t action = id - 1u;
    if (sent == world_.echoSent.end() || action >= scenario_.actions.size()) {
        record(ev, what + " from " + formatIpv4(from) + ": nothing waits for it", "RFC 792");
        return;
    }
    const ActionSpec& a = scenario_.actions[action];
    const std::int64_t us = toNanos(world_.now) / 1000 - toNanos(sent->second) / 1000;
    char ms[48];
    std::snprintf(ms, sizeof ms, "%lld.%03lld", static_cast<long long>(us / 1000),
                  static_cast<long long>(us % 1000));
    if (a.kind == ActionKind::Ping) {
        // ping's line: "64 bytes from 10.0.1.2: icmp_seq=1 ttl=62 time=40.000 ms"
        record(ev,
               what == "echo reply"
                   ? std::to_string(bytes) + " bytes from " + formatIpv4(from) + ": icmp_seq=" +
                         std::to_string(seq) + " ttl=" + std::to_string(ttl) + " time=" + ms + " ms"
                   : "From " + formatIpv4(from) + " icmp_seq=" + std::to_string(seq) + " " + what,
               "RFC 792");
        return;
    }
    // traceroute -I's line: " 1  10.0.0.254  10.000 ms"; the echo reply from the peer ends it.
    char hop[16];
    std::snprintf(hop, sizeof hop, "%2u", static_cast<unsigned>(seq));
    record(ev, std::string(hop) + "  " + formatIpv4(from) + "  " + ms + " ms  (" + what + ")", "RFC 792");
    if (what == "echo reply") {
        if (world_.traceDone.size() <= action)
            world_.traceDone.resize(action + 1, false);
        world_.traceDone[action] = true;
    }
}

void Simulation::handle(const EvProbe& e) {
    const ActionSpec& a = scenario_.actions[e.action];
    if (a.kind == ActionKind::Traceroute && e.action < world_.traceDone.size() && world_.traceDone[e.action])
        return;
    const auto hi = *hostIndex(a.host);
    const auto pi = *hostIndex(a.peer);
    const auto id = static_cast<std::uint16_t>(e.action + 1);
    Bytes data;
    const std::size_t size = a.kind == ActionKind::Ping ? static_cast<std::size_t>(a.bytes) : 32;
    for (std::size_t i = 0; i < size; ++i)
        data.push_back(static_cast<std::uint8_t>(0x10 + i % 0x30)); // a pattern, as ping sends
    world_.echoSent[(std::uint32_t{id} << 16) | e.seq] = world_.now;
    const auto ttl =
        a.kind == ActionKind::Traceroute ? static_cast<std::uint8_t>(e.seq) : world_.hosts[hi].ttl;
    TraceEvent ev;
    ev.at = world_.now;
    ev.kind = TraceKind::Note;
    ev.host = hi;
    record(ev,
           (a.kind == ActionKind::Ping
                ? "ping: echo request icmp_seq=" + std::to_string(e.seq)
                : "traceroute: probe " + std::to_string(e.seq) + " with TTL " + std::to_string(ttl)) +
               " to " + formatIpv4(world_.hosts[pi].address),
           "RFC 792");
    sendIcmp(hi, makeEchoRequest(id, e.seq, std::move(data)), world_.hosts[pi].address, ttl);
    const auto last = a.kind == ActionKind::Ping ? a.count : static_cast<std::uint64_t>(a.maxTtl);
    if (e.seq < last)
        schedule(world_.now + a.every, EvProbe{e.action, static_cast<std::uint16_t>(e.seq + 1)});
}

// ---- ARP on Ethernet links (RFC 826) -------------------------------------------------------------------

MacAddress Simulation::macOf(std::uint16_t node, std::uint32_t link) const {
    const auto& ifs = world_.hosts[node].interfaces;
    for (std::size_t i = 0; i < ifs.size(); ++i)
        if (ifs[i].link == link)
            return MacAddress::forInterface(static_cast<std::uint16_t>(node + 1),
                                            static_cast<std::uint8_t>(i)); // host 1 is ...:01
    return MacAddress::forInterface(static_cast<std::uint16_t>(node + 1), 0);
}

const ArpCache* Simulation::arpCache(const std::string& node) const {
    for (const Host& h : world_.hosts)
        if (h.name == node)
            return &h.arp;
    return nullptr;
}

// A datagram (or fragment) leaves by `link` towards nextHop: on an Ethernet link the next hop's MAC comes
// from the ARP cache, or the datagram waits for an ARP reply (RFC 826, RFC 1122 §2.3.2.2).
void Simulation::ipTransmit(std::uint16_t node, std::uint32_t link, std::uint32_t nextHop, Ipv4Datagram piece,
                            const PacketMeta& meta, std::uint8_t fragment, std::uint8_t fragments) {
    if (!world_.links[link].ethernet) {
        ipSendPiece(node, link, std::move(piece), meta, fragment, fragments);
        return;
    }
    Host& h = world_.hosts[node];
    const Interface* itf = nullptr;
    for (const Interface& i : h.interfaces)
        if (i.link == link)
            itf = &i;
    const std::string ifName = itf ? itf->name : std::string("eth0");
    ArpCache::Resolution r = h.arp.resolve(world_.now, Ipv4Address{nextHop}, ifName, piece);
    if (r.mac) {
        ipSendPiece(node, link, std::move(piece), meta, fragment, fragments, r.mac);
        return;
    }
    h.arpWaiting[{piece.header.source.value, piece.header.identification, piece.header.fragmentOffset}] = {
        meta, fragment, fragments};
    TraceEvent ev;
    ev.at = world_.now;
    ev.kind = TraceKind::Note;
    ev.host = node;
    ev.conn = meta.conn;
    ev.segment = meta.segment;
    record(ev,
           "ARP: the datagram (ID " + hex16(piece.header.identification) + ") waits until " +
               formatIpv4(nextHop) + "'s MAC address is known",
           "RFC 1122 §2.3.2.2");
    if (r.displaced)
        ipDrop(node, meta, kNone,
               "ARP: the queue for " + formatIpv4(nextHop) + " is full; an older datagram is dropped");
    if (r.sendRequest)
        sendArp(node, link,
                makeArpRequest(macOf(node, link), Ipv4Address{itf ? itf->address : h.address},
                               Ipv4Address{nextHop}),
                MacAddress::broadcast());
    scheduleArp(node);
}

void Simulation::sendArp(std::uint16_t node, std::uint32_t link, const ArpPacket& packet, MacAddress dst) {
    LinkState& l = world_.links[link];
    const int d = l.a == node ? 0 : 1;
    const std::uint16_t to = d == 0 ? l.b : l.a;
    const LinkDirection& dir = l.dir[d];
    std::uint32_t rec = kNone;
    if (!quiet_) {
        DatagramRecord r;
        r.srcAddr = packet.senderProtocol.value;
        r.dstAddr = packet.targetProtocol.value;
        r.sentAt = world_.now;
        r.totalLen = 28;
        r.fromNode = node;
        r.toNode = to;
        r.link = static_cast<std::uint16_t>(link);
        r.arpOp = static_cast<std::uint8_t>(packet.operation);
        trace_.datagrams.push_back(r);
        rec = static_cast<std::uint32_t>(trace_.datagrams.size() - 1);
    }
    TraceEvent ev;
    ev.at = world_.now;
    ev.kind = TraceKind::DatagramSent;
    ev.host = node;
    ev.setValue(rec);
    const bool request = packet.operation == ArpPacket::kRequest;
    record(ev,
           request ? "ARP who-has " + packet.targetProtocol.toString() + " tell " +
                         packet.senderProtocol.toString()
                   : "ARP " + packet.senderProtocol.toString() + " is-at " + packet.senderHardware.toString(),
           "RFC 826");
    if (tap_)
        tap_(link, world_.now, ethernetFrame(dst, macOf(node, link), EtherType::ARP, packet.serialize()));
    if (world_.rng.chance(dir.loss)) {
        TraceEvent x = ev;
        x.kind = TraceKind::DatagramDropped;
        record(x, "lost on link " + trace_.linkNames[link]);
        return;
    }
    Duration latency = dir.delay + world_.rng.jitter(dir.jitter);
    if (latency < Duration{0})
        latency = Duration{0};
    schedule(world_.now + latency, EvArp{to, link, rec, packet});
}

void Simulation::handle(const EvArp& e) {
    TraceEvent ev;
    ev.at = world_.now;
    ev.kind = TraceKind::DatagramArrived;
    ev.host = e.toNode;
    ev.setValue(e.record);
    record(ev);
    Host& h = world_.hosts[e.toNode];
    const Interface* itf = nullptr;
    for (const Interface& i : h.interfaces)
        if (i.link == e.link)
            itf = &i;
    if (!itf)
        return;
    const bool forUs = e.packet.targetProtocol.value == itf->address;
    std::vector<Ipv4Datagram> ready = h.arp.learn(world_.now, e.packet, Ipv4Address{itf->address}, itf->name);
    if (forUs || !ready.empty()) {
        TraceEvent n = ev;
        n.kind = TraceKind::Note;
        record(
            n,
            "ARP: " + e.packet.senderProtocol.toString() + " is at " + e.packet.senderHardware.toString() +
                " (entry in the ARP cache" +
                (ready.empty() ? "" : ", " + std::to_string(ready.size()) + " waiting datagram(s) sent now") +
                ")",
            "RFC 826");
    }
    const MacAddress mac = e.packet.senderHardware;
    for (Ipv4Datagram& d : ready) {
        const auto key = std::tuple{d.header.source.value, d.header.identification, d.header.fragmentOffset};
        const auto it = h.arpWaiting.find(key);
        PacketMeta meta;
        std::uint8_t fragment = 0, fragments = 0;
        if (it != h.arpWaiting.end()) {
            std::tie(meta, fragment, fragments) = it->second;
            h.arpWaiting.erase(it);
        }
        ipSendPiece(e.toNode, e.link, std::move(d), meta, fragment, fragments, mac);
    }
    if (forUs && e.packet.operation == ArpPacket::kRequest)
        sendArp(e.toNode, e.link, makeArpReply(e.packet, macOf(e.toNode, e.link)), e.packet.senderHardware);
    scheduleArp(e.toNode);
}

void Simulation::scheduleArp(std::uint16_t host) {
    Host& h = world_.hosts[host];
    const auto next = h.arp.nextDeadline();
    if (!next || (h.arpTimerAt && *h.arpTimerAt == *next))
        return;
    h.arpTimerAt = *next;
    schedule(*next, EvArpTimer{host});
}

void Simulation::handle(const EvArpTimer& e) {
    Host& h = world_.hosts[e.host];
    h.arpTimerAt.reset();
    ArpCache::TimerWork work = h.arp.expire(world_.now);
    TraceEvent ev;
    ev.at = world_.now;
    ev.kind = TraceKind::Note;
    ev.host = e.host;
    for (const auto& [addr, ifName] : work.retryRequests)
        for (const Interface& itf : h.interfaces)
            if (itf.name == ifName) {
                record(ev, "ARP: no reply from " + addr.toString() + " yet: asking again",
                       "RFC 1122 §2.3.2.1");
                sendArp(e.host, itf.link,
                        makeArpRequest(macOf(e.host, itf.link), Ipv4Address{itf.address}, addr),
                        MacAddress::broadcast());
            }
    for (auto& [addr, datagrams] : work.failed)
        for (const Ipv4Datagram& d : datagrams) {
            const auto key =
                std::tuple{d.header.source.value, d.header.identification, d.header.fragmentOffset};
            PacketMeta meta;
            if (const auto it = h.arpWaiting.find(key); it != h.arpWaiting.end()) {
                meta = std::get<0>(it->second);
                h.arpWaiting.erase(it);
            }
            ipDrop(e.host, meta, kNone, "ARP: no reply from " + addr.toString());
        }
    for (const Ipv4Address& addr : work.expired)
        record(ev, "ARP: the cache entry for " + addr.toString() + " expired", "RFC 1122 §2.3.2.1");
    scheduleArp(e.host);
}

} // namespace tcplab
