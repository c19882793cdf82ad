#include "net/arp.h"

#include <algorithm>
#include <cstdio>

namespace tcplab {

MacAddress MacAddress::forInterface(std::uint16_t hostIndex, std::uint8_t interfaceIndex) {
    return {{0x02, 0x00, 0x00, interfaceIndex, static_cast<std::uint8_t>(hostIndex >> 8),
             static_cast<std::uint8_t>(hostIndex & 0xFF)}};
}

std::string MacAddress::toString() const {
    char buf[18];
    std::snprintf(buf, sizeof buf, "%02x:%02x:%02x:%02x:%02x:%02x", octets[0], octets[1], octets[2],
                  octets[3], octets[4], octets[5]);
    return buf;
}

Bytes ethernetFrame(MacAddress destination, MacAddress source, std::uint16_t etherType,
                    std::span<const std::uint8_t> payload) {
    Bytes out;
    out.reserve(14 + payload.size());
    out.insert(out.end(), destination.octets.begin(), destination.octets.end());
    out.insert(out.end(), source.octets.begin(), source.octets.end());
    putU16(out, etherType);
    out.insert(out.end(), payload.begin(), payload.end());
    if (out.size() < 60)
        out.resize(60, 0);
    return out;
}

Bytes ArpPacket::serialize() const {
    Bytes out;
    out.reserve(28);
    putU16(out, 1);               // ar$hrd: Ethernet (RFC 826; IANA hardware type 1)
    putU16(out, EtherType::IPv4); // ar$pro
    out.push_back(6);             // ar$hln
    out.push_back(4);             // ar$pln
    putU16(out, operation);       // ar$op
    out.insert(out.end(), senderHardware.octets.begin(), senderHardware.octets.end());
    putU32(out, senderProtocol.value);
    out.insert(out.end(), targetHardware.octets.begin(), targetHardware.octets.end());
    putU32(out, targetProtocol.value);
    return out;
}

Parsed<ArpPacket> ArpPacket::parse(std::span<const std::uint8_t> bytes) {
    if (bytes.size() < 28)
        return {std::nullopt, "ARP packet truncated: " + std::to_string(bytes.size()) + " of 28 bytes"};
    // RFC 826 "Packet Reception": "?Do I have the hardware type in ar$hrd? ... ?Do I speak the protocol in
    // ar$pro?" — otherwise discard.
    if (getU16(bytes, 0) != 1 || getU16(bytes, 2) != EtherType::IPv4 || bytes[4] != 6 || bytes[5] != 4)
        return {std::nullopt, "not an Ethernet/IPv4 ARP packet"};
    ArpPacket p;
    p.operation = getU16(bytes, 6);
    if (p.operation != kRequest && p.operation != kReply)
        return {std::nullopt,
                "ARP operation " + std::to_string(p.operation) + " is neither request nor reply"};
    std::copy_n(bytes.begin() + 8, 6, p.senderHardware.octets.begin());
    p.senderProtocol = Ipv4Address{getU32(bytes, 14)};
    std::copy_n(bytes.begin() + 18, 6, p.targetHardware.octets.begin());
    p.targetProtocol = Ipv4Address{getU32(bytes, 24)};
    return {std::move(p), {}};
}

ArpPacket makeArpRequest(MacAddress senderMac, Ipv4Address senderIp, Ipv4Address targetIp) {
    return {ArpPacket::kRequest, senderMac, senderIp, MacAddress{}, targetIp};
}

ArpPacket makeArpReply(const ArpPacket& request, MacAddress ownMac) {
    // RFC 826: "swap hardware and protocol fields, putting the local hardware and protocol addresses in the
    // sender fields. Set the ar$op field to ares_op$REPLY."
    return {ArpPacket::kReply, ownMac, request.targetProtocol, request.senderHardware,
            request.senderProtocol};
}

ArpCache::Resolution ArpCache::resolve(Instant now, Ipv4Address nextHop, const std::string& ifName,
                                       const Ipv4Datagram& datagram) {
    Resolution r;
    auto it = entries_.find(nextHop);
    if (it != entries_.end() && it->second.mac && it->second.deadline > now) {
        r.mac = it->second.mac;
        return r;
    }
    if (it == entries_.end() || it->second.mac) {
        // No entry, or a resolved one whose lifetime ended: start a request (RFC 1122 §2.3.2.1).
        Entry e;
        e.ifName = ifName;
        e.deadline = now + config_.retransTime;
        e.requestsSent = 1;
        it = entries_.insert_or_assign(nextHop, std::move(e)).first;
        r.sendRequest = true;
    }
    // RFC 1122 §2.3.2.2: "SHOULD save at least one (the latest) packet"; the oldest goes beyond the bound.
    Entry& e = it->second;
    e.queued.push_back(datagram);
    if (e.queued.size() > config_.maxQueued) {
        r.displaced = std::move(e.queued.front());
        e.queued.erase(e.queued.begin());
    }
    return r;
}

std::vector<Ipv4Datagram> ArpCache::learn(Instant now, const ArpPacket& packet, Ipv4Address ownIp,
                                          const std::string& ifName) {
    // RFC 826 "Packet Reception": "If the pair <protocol type, sender protocol address> is already in my
    // translation table, update the sender hardware address field of the entry with the new information in
    // the packet and set Merge_flag to true."
    auto it = entries_.find(packet.senderProtocol);
    const bool merge = it != entries_.end();
    // "?Am I the target protocol address? Yes: If Merge_flag is false, add the triplet ... to the table."
    if (!merge && packet.targetProtocol != ownIp)
        return {};
    if (!merge)
        it = entries_.emplace(packet.senderProtocol, Entry{}).first;
    Entry& e = it->second;
    e.ifName = ifName;
    e.mac = packet.senderHardware;
    e.deadline = now + config_.entryLifetime;
    e.requestsSent = 0;
    std::vector<Ipv4Datagram> ready = std::move(e.queued);
    e.queued.clear();
    return ready;
}

ArpCache::TimerWork ArpCache::expire(Instant now) {
    TimerWork work;
    for (auto it = entries_.begin(); it != entries_.end();) {
        Entry& e = it->second;
        if (e.deadline > now) {
            ++it;
            continue;
        }
        if (e.mac) {
            work.expired.push_back(it->first);
            it = entries_.erase(it);
        } else if (e.requestsSent < config_.maxRequests) {
            // RFC 1122 §2.3.2.1: retransmit the request, no faster than once per second per address.
            ++e.requestsSent;
            e.deadline = now + config_.retransTime;
            work.retryRequests.emplace_back(it->first, e.ifName);
            ++it;
        } else {
            work.failed.emplace_back(it->first, std::move(e.queued));
            it = entries_.erase(it);
        }
    }
    return work;
}

std::optional<Instant> ArpCache::nextDeadline() const {
    std::optional<Instant> next;
    for (const auto& [ip, e] : entries_)
        if (!next || e.deadline < *next)
            next = e.deadline;
    return next;
}

std::optional<MacAddress> ArpCache::lookup(Instant now, Ipv4Address ip) const {
    auto it = entries_.find(ip);
    if (it == entries_.end() || !it->second.mac || it->second.deadline <= now)
        return std::nullopt;
    return it->second.mac;
}

std::string ArpCache::renderArpAn() const {
    // net-tools arp.c, -a with -n: "? (%s) at %s [%s] on %s"; "<incomplete>" has no hardware type.
    std::string out;
    for (const auto& [ip, e] : entries_) {
        out += "? (" + ip.toString() + ") at ";
        out += e.mac ? e.mac->toString() + " [ether]" : std::string("<incomplete>");
        out += " on " + e.ifName + "\n";
    }
    return out;
}

} // namespace tcplab
