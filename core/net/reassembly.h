// Reassembly of IPv4 fragments at the destination (RFC 791 §3.2 "An Example Reassembly Procedure",
// RFC 1122 §3.3.2), with hole descriptors in the manner of RFC 815 and the overlap rule of RFC 5722.
//
// The table is a value (copyable: a simulation snapshot copies it) and sans-I/O: arrivals and expiry take
// the current Instant from the caller, who also asks nextDeadline() when to call expire(). Every decision is
// reported as a ReassemblyEvent, in the order taken, for the trace.
//
// Rules (and where they come from):
// - Key (source, destination, protocol, identification) — RFC 791 "BUFID".
// - A datagram that is not a fragment (MF = 0, offset 0) passes straight through (event Passed); like Linux
//   and unlike RFC 791's example procedure, it does not flush a queue with the same key.
// - An exact duplicate of a fragment held (same offset, length and bytes) is ignored — Linux behaviour.
// - Any other overlap discards the whole datagram, and fragments of it that arrive later until the entry's
//   timer runs out (RFC 5722 §4, applied to IPv4 as Linux does since CVE-2018-5391).
// - A non-last fragment whose data is not a multiple of 8 bytes, or is empty, is dropped (RFC 791: only the
//   last fragment may be of any length); the queue is kept.
// - Inconsistent ends (a second last fragment with another length, data beyond the end) and a datagram over
//   65,535 bytes discard the datagram (RFC 791 §3.1 "Total Length"; the "ping of death").
// - Timeout: the entry's timer starts at its first fragment and is not restarted (Linux ipfrag_time, 30 s;
//   RFC 1122 §3.3.2 recommends 60–120 s). On expiry the partial datagram is discarded and, only if fragment 0
//   had arrived, an ICMP Time Exceeded code 1 is to be sent to the source (RFC 792, RFC 1122 §3.3.2).
//
// Limitations: no memory bound across entries (Linux ipfrag_high_thresh); RFC 791's raising of the timer to
// the fragment's TTL is not done; IP options of fragment 0 become the datagram's options.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "net/icmp.h"
#include "net/ipv4.h"
#include "sim/time.h"

namespace tcplab {

struct ReassemblyKey {
    Ipv4Address source;
    Ipv4Address destination;
    std::uint8_t protocol = 0;
    std::uint16_t identification = 0;

    static ReassemblyKey of(const Ipv4Header& h) {
        return {h.source, h.destination, h.protocol, h.identification};
    }
    auto operator<=>(const ReassemblyKey&) const = default;
};

enum class ReassemblyEventKind {
    Passed,            // not a fragment: delivered as it is (datagram set)
    FragmentStored,    // held, waiting for the rest
    DuplicateIgnored,  // an exact copy of a fragment already held
    FragmentDropped,   // this fragment alone is refused (reason), or its datagram was discarded before
    DatagramComplete,  // every hole filled: the reassembled datagram (datagram set)
    DatagramDiscarded, // overlap (RFC 5722) or inconsistent lengths (reason): everything held is freed
    TimedOut,          // the timer ran out with holes left (icmp set if fragment 0 had arrived)
};
const char* toString(ReassemblyEventKind kind);

struct ReassemblyEvent {
    ReassemblyEventKind kind = ReassemblyEventKind::FragmentStored;
    ReassemblyKey key;
    Instant at;
    // The fragment this event is about (not set for TimedOut).
    std::uint16_t fragmentOffset = 0; // 8-byte units
    std::uint16_t dataBytes = 0;
    bool moreFragments = false;
    // The entry after the event.
    std::size_t fragmentsHeld = 0;
    std::size_t bytesHeld = 0;
    std::string reason;
    std::optional<Ipv4Datagram> datagram; // Passed, DatagramComplete
    std::optional<IcmpMessage> icmp;      // TimedOut with fragment 0: Time Exceeded 11/1, to key.source
};

// A hole: data bytes [first, last] not yet received; last == kOpenEnd while the last fragment is unknown.
struct ReassemblyHole {
    std::uint32_t first = 0;
    std::uint32_t last = 0;
    bool operator==(const ReassemblyHole&) const = default;
};

// What an inspector shows of one entry.
struct ReassemblyEntryView {
    ReassemblyKey key;
    Instant firstArrival;
    Instant deadline;
    std::size_t fragmentsHeld = 0;
    std::size_t bytesHeld = 0;
    std::optional<std::uint32_t> totalDataBytes; // known once the last fragment (MF = 0) arrived
    std::vector<ReassemblyHole> holes;
    bool discarded = false; // RFC 5722: later fragments are dropped until the deadline
};

class ReassemblyTable {
public:
    static constexpr std::uint32_t kOpenEnd = 0xFFFFFFFFu;
    // Linux: IP_FRAG_TIME (30 * HZ), net.ipv4.ipfrag_time.
    static constexpr Duration kLinuxTimeout = std::chrono::seconds(30);

    explicit ReassemblyTable(Duration timeout = kLinuxTimeout) : timeout_(timeout) {}

    // A datagram arrives for this host. Returns what happened, in order.
    std::vector<ReassemblyEvent> receive(Instant now, const Ipv4Datagram& datagram);
    // Discards the entries whose deadline is at or before now.
    std::vector<ReassemblyEvent> expire(Instant now);
    // The earliest deadline, if any entry is held.
    std::optional<Instant> nextDeadline() const;

    Duration timeout() const { return timeout_; }
    std::size_t size() const { return entries_.size(); }
    std::vector<ReassemblyEntryView> entries() const;

    bool operator==(const ReassemblyTable&) const = default;

private:
    struct Entry {
        Instant firstArrival;
        Instant deadline;
        std::map<std::uint32_t, ByteSlice> pieces; // by byte offset in the original data; the fragments' own
                                                   // bytes, shared, not copied
        std::vector<ReassemblyHole> holes{{0, kOpenEnd}};
        std::optional<std::uint32_t> totalDataBytes;
        std::optional<Ipv4Header> firstHeader; // fragment 0's header, as received
        std::size_t bytesHeld = 0;
        bool discarded = false;
        bool operator==(const Entry&) const = default;
    };

    static void fillHoles(Entry& e, std::uint32_t first, std::uint32_t last, bool moreFragments);
    static void discard(Entry& e);
    ReassemblyEvent event(ReassemblyEventKind kind, const ReassemblyKey& key, Instant now,
                          const Ipv4Header& fragment, std::size_t dataBytes) const;

    Duration timeout_;
    std::map<ReassemblyKey, Entry> entries_;
};

} // namespace tcplab
