// ARP on links marked Ethernet (RFC 826): the packet format, Ethernet II framing, deterministic MAC
// addresses, and a host's ARP cache with its timers, in the sans-I/O style of the rest of core/net.
//
// The cache follows RFC 826 "Packet Reception" for learning, and RFC 1122 §2.3.2.1–2.3.2.2 for the rest:
// an entry times out; while a request is outstanding the datagrams for that address wait in the entry
// ("SHOULD save at least one (the latest) packet"); requests are retried a bounded number of times, then the
// waiting datagrams are dropped and reported (the caller sends ICMP host unreachable, 3/1).
//
// Limitations: Linux's neighbour state machine (REACHABLE/STALE/DELAY/PROBE with reachability confirmation
// from TCP) is reduced to one lifetime per entry; no gratuitous ARP, no proxy ARP; no Ethernet FCS in frames
// (pcap files carry none either).
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "net/ipv4.h"
#include "sim/time.h"

namespace tcplab {

struct MacAddress {
    std::array<std::uint8_t, 6> octets{};

    static constexpr MacAddress broadcast() { return {{0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF}}; }
    // A locally administered unicast address (first octet 0x02, IEEE 802 "U/L" bit set) that depends only on
    // the host's index and the interface's index in the scenario: 02:00:00:II:HH:HH (II = interface,
    // HHHH = host, big-endian). Host 2, interface 0 is 02:00:00:00:00:02.
    static MacAddress forInterface(std::uint16_t hostIndex, std::uint8_t interfaceIndex);
    std::string toString() const; // "02:00:00:00:00:02", lower case as arp and ip print it

    auto operator<=>(const MacAddress&) const = default;
};

namespace EtherType {
constexpr std::uint16_t IPv4 = 0x0800;
constexpr std::uint16_t ARP = 0x0806;
} // namespace EtherType

// Ethernet II: destination, source, EtherType, payload padded with zeros to the 60-byte minimum frame
// (IEEE 802.3 minimum 64 bytes less the 4-byte FCS, which captures do not contain).
Bytes ethernetFrame(MacAddress destination, MacAddress source, std::uint16_t etherType,
                    std::span<const std::uint8_t> payload);

struct ArpPacket {
    static constexpr std::uint16_t kRequest = 1;
    static constexpr std::uint16_t kReply = 2;

    std::uint16_t operation = kRequest;
    MacAddress senderHardware;
    Ipv4Address senderProtocol;
    MacAddress targetHardware; // 00:00:00:00:00:00 in a request
    Ipv4Address targetProtocol;

    // RFC 826 "Packet format": hardware type 1 (Ethernet), protocol type 0x0800, lengths 6 and 4: 28 bytes.
    Bytes serialize() const;
    static Parsed<ArpPacket> parse(std::span<const std::uint8_t> bytes);

    bool operator==(const ArpPacket&) const = default;
};

ArpPacket makeArpRequest(MacAddress senderMac, Ipv4Address senderIp, Ipv4Address targetIp);
// RFC 826: the reply swaps sender and target and fills in the replier's hardware address.
ArpPacket makeArpReply(const ArpPacket& request, MacAddress ownMac);

struct ArpConfig {
    // Linux: base_reachable_time 30 s (REACHABLE); retrans_time 1 s between requests; mcast_solicit 3
    // requests.
    Duration entryLifetime = std::chrono::seconds(30);
    Duration retransTime = std::chrono::seconds(1);
    int maxRequests = 3;
    // Datagrams held per unresolved address; the oldest is dropped beyond it (Linux: unres_qlen_bytes).
    std::size_t maxQueued = 3;
    bool operator==(const ArpConfig&) const = default;
};

class ArpCache {
public:
    explicit ArpCache(ArpConfig config = {}) : config_(config) {}

    // The host wants to send datagram to nextHop (the gateway, or the destination on the link) via ifName.
    struct Resolution {
        std::optional<MacAddress> mac;         // known: send now, datagram not kept
        bool sendRequest = false;              // a new entry: broadcast a request now
        std::optional<Ipv4Datagram> displaced; // the queue was full: this older datagram is dropped
    };
    Resolution resolve(Instant now, Ipv4Address nextHop, const std::string& ifName,
                       const Ipv4Datagram& datagram);

    // An ARP packet arrived on ifName for a host that owns ownIp. RFC 826 "Packet Reception": if the sender
    // is in the table, update it ("merge"); if the packet is for us, add the sender if it was not there.
    // Returns the datagrams that were waiting for that address, in arrival order, to send now.
    std::vector<Ipv4Datagram> learn(Instant now, const ArpPacket& packet, Ipv4Address ownIp,
                                    const std::string& ifName);

    struct TimerWork {
        std::vector<std::pair<Ipv4Address, std::string>> retryRequests; // (address, interface): send again
        // Addresses given up after maxRequests, with the datagrams that were waiting (to report).
        std::vector<std::pair<Ipv4Address, std::vector<Ipv4Datagram>>> failed;
        std::vector<Ipv4Address> expired; // resolved entries whose lifetime ended
    };
    TimerWork expire(Instant now);
    std::optional<Instant> nextDeadline() const;

    std::optional<MacAddress> lookup(Instant now, Ipv4Address ip) const;

    // `arp -an` (net-tools): "? (10.0.0.2) at 02:00:00:00:00:02 [ether] on eth0", or
    // "? (10.0.0.3) at <incomplete> on eth0" while a request is outstanding; in address order.
    std::string renderArpAn() const;

    bool operator==(const ArpCache&) const = default;

private:
    struct Entry {
        std::string ifName;
        std::optional<MacAddress> mac; // nullopt: incomplete
        Instant deadline;              // resolved: end of lifetime; incomplete: next retry or give-up time
        int requestsSent = 0;
        std::vector<Ipv4Datagram> queued;
        bool operator==(const Entry&) const = default;
    };
    ArpConfig config_;
    std::map<Ipv4Address, Entry> entries_;
};

} // namespace tcplab
