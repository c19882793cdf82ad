// Text renderings of a trace for the terminal: a ladder diagram a teacher could put on a slide, and
// tcpdump-style lines. Both read only the Trace; neither changes it.
#pragma once

#include "sim/trace.h"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <QString>

namespace tcplab {

// A line of commentary shown under a trace event's row (a lesson's teacher note).
struct LadderNote {
    std::size_t event = 0; // index into Trace::events (0-based)
    std::string text;      // UTF-8
};

struct LadderOptions {
    bool absoluteSeq = false; // relative numbers by default, as Wireshark shows them
    bool showTimers = true;
    int width = 100;               // characters: the diagram part fits in this; annotations may run past it
    std::vector<LadderNote> notes; // rendered after their event's row, in the order given
};

// One row per interesting event, in trace order:
//   time (s)  client                                                     server
//             10.0.0.1                                                   10.0.0.2
//   0.100000  |  CLOSED -> SYN-SENT (CL-2: active OPEN / snd SYN)         |
//             |------ [SYN] Seq=0 Win=65535 Len=0 MSS=1460 ------------->|  arrives 0.110000
// A segment is one arrow row at the time it was sent, with its fate (arrival time, or the drop reason)
// after the last column. docs/trace-format.md shows a whole ladder.
QString renderLadder(const Trace& trace, const LadderOptions& opt);

// One line per segment put on a link (the capture point is the sender's interface), in tcpdump's format:
//   0.100000 IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [S], seq 1000, win 65535, options [mss 1460], length 0
// Relative numbers follow tcpdump's rule (absolute until the conversation's SYN,ACK, relative after it);
// opt.absoluteSeq gives tcpdump -S.
QString renderTcpdump(const Trace& trace, const LadderOptions& opt);

// "[SYN, ACK] Seq=0 Ack=1 Win=65535 Len=0 MSS=1460", with relative numbers when relSeqBase/relAckBase are
// given (the sender's ISN and the receiver's ISN). Ack only with the ACK flag, Urg only with URG, MSS only
// when the option is present.
QString wiresharkSummary(const SegmentRecord& s, std::optional<SeqNum> relSeqBase,
                         std::optional<SeqNum> relAckBase);

// Wireshark's relative-number bases for every segment of the trace (same index as Trace::segments): per
// direction of a 4-tuple, the sequence number of the first SYN seen in that direction (a SYN with another
// sequence number starts a new base), or of the first segment when no SYN was seen; the ack base is the
// other direction's. Empty optionals when unknown.
struct RelativeBases {
    std::optional<SeqNum> seq;
    std::optional<SeqNum> ack;
};
std::vector<RelativeBases> wiresharkRelativeBases(const Trace& trace);

// The ladder's lanes, left to right, as host indices (into Trace::hostNames): the CLI ladder and the GUI's
// ladder view both use this order. Without routers, the hosts in file order; with routers, the path the
// datagrams took (depth first from the first host along the hops seen), so that a router stands between
// the hosts it joins: client | r1 | server.
std::vector<int> laneOrder(const Trace& trace);

// A lane's heading: the host's name, "r1 (router)" for a router.
std::string laneName(const Trace& trace, int host);

// Wireshark's Info column for one datagram the IP layer traced, for the arrows of its hops: fragments
// "Fragmented IP protocol (proto=TCP 6, off=552, ID=0002)", ICMP "Destination unreachable (Fragmentation
// needed) MTU=576", ARP "Who has 10.0.0.2? Tell 10.0.0.1" and "10.0.0.2 is at 02:00:00:00:00:02" (the MAC
// address comes from eventText, the datagram-sent record's text), a whole TCP datagram "IPv4 ID=0002 TTL=63".
std::string datagramSummary(const DatagramRecord& d, std::string_view eventText = {});

// "1.234567": integer nanoseconds as seconds with `decimals` (0..9) digits, truncated; no floating point.
std::string formatSeconds(std::int64_t ns, int decimals = 6);

} // namespace tcplab
