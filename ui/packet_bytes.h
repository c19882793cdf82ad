// A segment's IPv4 and TCP headers as bytes on the wire, built from its SegmentRecord (the trace keeps the
// header fields, not the bytes): IPv4 with DF set, TTL 64, the Identification from the segment's number, and
// correct header checksums. The trace does not record payload bytes, only their count, so the dump holds the
// 40–44 header bytes; the TCP checksum covers the pseudo-header, the header and — only when the segment
// carries no data — the whole segment (docs/gui.md explains).
#pragma once

#include <QByteArray>
#include <QString>

#include <cstdint>
#include <vector>

#include "sim/trace.h"

namespace tcplab::ui {

struct PacketField {
    QString name;   // "Sequence Number"
    QString value;  // "1000 (relative 0)"
    int offset = 0; // bytes
    int length = 0;
    int parent = -1; // index into PacketBytes::fields; -1 for the two protocol headers
};

struct PacketBytes {
    QByteArray bytes;
    std::vector<PacketField> fields;
    bool checksumCoversPayload = true; // false: data bytes exist but are not recorded
};

// The one's-complement sum of RFC 1071 over `data` (and `initial`), folded and complemented.
std::uint16_t internetChecksum(const QByteArray& data, std::uint32_t initial = 0);

// relSeq/relAck: the relative numbers to show next to the absolute ones (negative: none).
PacketBytes buildPacket(const SegmentRecord& s, std::uint16_t ipId, std::int64_t relSeq = -1,
                        std::int64_t relAck = -1);

// One datagram the IP layer traced, as it crossed one hop (DatagramRecord): its IPv4 header as sent on that
// hop (Identification, DF and MF, the fragment offset, the TTL left, the header checksum), then what follows
// it in the bytes: the TCP header when it is a whole datagram or the first fragment of one (`segment`, the
// segment it carries; relSeq/relAck as for buildPacket), the ICMP header of an ICMP message, or nothing for a
// later fragment (its data bytes are not recorded). An ARP frame (arpOp != 0) is the 28-byte ARP packet of
// RFC 826; its hardware addresses are the simulation's (MacAddress::forInterface(node + 1, 0)).
PacketBytes buildDatagramPacket(const DatagramRecord& d, const SegmentRecord* segment,
                                std::int64_t relSeq = -1, std::int64_t relAck = -1);

} // namespace tcplab::ui
