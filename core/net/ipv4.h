// IPv4 datagrams as bytes: the header (RFC 791 §3.1), the Internet checksum (RFC 1071), and the TCP header
// with its pseudo-header checksum (RFC 9293 §3.1), so that what the simulator carries can be written to a
// pcap file byte for byte.
//
// Sans-I/O: plain values in, bytes out; no clock, no RNG.
//
// Limitations:
// - IP options are kept as raw bytes (padded to a multiple of 4); they are not interpreted, except for the
//   "copied" flag that fragmentation needs (fragment.h).
// - The TCP serialiser writes only the options TcpSegment has: MSS (kind 2). The parser accepts any option
//   list but keeps only MSS.
// - No IPv6.
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "tcp/segment.h"

namespace tcplab {

using Bytes = std::vector<std::uint8_t>;

// Protocol numbers (IANA "Assigned Internet Protocol Numbers").
namespace IpProtocol {
constexpr std::uint8_t ICMP = 1;
constexpr std::uint8_t TCP = 6;
constexpr std::uint8_t UDP = 17;
} // namespace IpProtocol

struct Ipv4Address {
    std::uint32_t value = 0; // host byte order: 10.0.0.1 is 0x0A000001

    static constexpr Ipv4Address fromOctets(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d) {
        return Ipv4Address{(std::uint32_t{a} << 24) | (std::uint32_t{b} << 16) | (std::uint32_t{c} << 8) | d};
    }
    // Dotted quad, four decimal octets 0..255 and nothing else ("10.0.0.1"); nullopt otherwise.
    static std::optional<Ipv4Address> parse(std::string_view text);
    std::string toString() const;

    auto operator<=>(const Ipv4Address&) const = default;
};

// The fixed part of the header is 20 bytes (IHL 5); options make it longer, up to 60 bytes (IHL 15).
constexpr std::size_t kIpv4MinHeaderBytes = 20;
constexpr std::size_t kIpv4MaxHeaderBytes = 60;
constexpr std::size_t kIpv4MaxDatagramBytes = 65535;

struct Ipv4Header {
    std::uint8_t dscp = 0; // the upper six bits of the old TOS octet (RFC 2474)
    std::uint8_t ecn = 0;  // the lower two bits (RFC 3168)
    std::uint16_t totalLength = 0;
    std::uint16_t identification = 0;
    bool dontFragment = false;
    bool moreFragments = false;
    std::uint16_t fragmentOffset = 0; // in units of 8 bytes (13 bits)
    std::uint8_t ttl = 64;
    std::uint8_t protocol = 0;
    std::uint16_t headerChecksum = 0; // as read, or as last written by serialize()
    Ipv4Address source;
    Ipv4Address destination;
    Bytes options; // raw, a multiple of 4 bytes long (at most 40)

    // IHL in 32-bit words: 5 plus the options.
    std::uint8_t ihl() const { return static_cast<std::uint8_t>(5 + options.size() / 4); }
    std::size_t headerBytes() const { return std::size_t{ihl()} * 4; }
    // RFC 791 §3.2: a datagram is a fragment when MF is set or the offset is not zero.
    bool isFragment() const { return moreFragments || fragmentOffset != 0; }
    // The 16-bit word holding the flags and the offset: (DF << 14) | (MF << 13) | offset.
    std::uint16_t flagsAndOffset() const;

    bool operator==(const Ipv4Header&) const = default;
};

// RFC 1071 §4.1: the one's-complement sum of 16-bit big-endian words, an odd last byte padded with zero on
// the right. The running form lets the TCP checksum add its pseudo-header first.
std::uint32_t onesComplementAdd(std::span<const std::uint8_t> bytes, std::uint32_t sum = 0);
// Folds the carries and complements: the value to put in a checksum field. Over bytes that already contain
// a correct checksum the result is 0 (RFC 1071 §1, "the result will be all 1 bits" before complementing).
std::uint16_t onesComplementFinish(std::uint32_t sum);
std::uint16_t internetChecksum(std::span<const std::uint8_t> bytes);

// The header's bytes with the checksum computed over them (RFC 791 §3.1 "Header Checksum"). Total length is
// written as given: Ipv4Datagram keeps it consistent.
Bytes serializeIpv4Header(const Ipv4Header& header);

template <class T> struct Parsed {
    std::optional<T> value;
    std::string error; // empty when value is set

    explicit operator bool() const { return value.has_value(); }
};

// Reads a header from the start of bytes. Rejects: fewer than 20 bytes, version not 4, IHL < 5, a header
// longer than bytes, total length smaller than the header. checksumOk tells whether the checksum verified;
// a bad checksum is reported, not rejected, so that a caller can show it.
struct Ipv4HeaderRead {
    Ipv4Header header;
    bool checksumOk = false;
};
Parsed<Ipv4HeaderRead> parseIpv4Header(std::span<const std::uint8_t> bytes);

// A datagram: header and payload (the transport segment, or a fragment of it). The payload is a slice, so a
// router passes it on and fragmentation cuts it without copying the bytes.
struct Ipv4Datagram {
    Ipv4Header header;
    ByteSlice payload;

    // Builds a datagram whose total length is the header plus the payload, and fills in headerChecksum.
    // The caller keeps header + payload within 65,535 bytes (RFC 791 §3.1): TCP segments are bounded by the
    // MSS, fragments by the MTU.
    static Ipv4Datagram make(Ipv4Header header, ByteSlice payload);
    Bytes serialize() const;
    // Reads a whole datagram; bytes beyond total length (link padding) are ignored.
    static Parsed<Ipv4Datagram> parse(std::span<const std::uint8_t> bytes);

    bool operator==(const Ipv4Datagram&) const = default;
};

// RFC 9293 §3.1: the TCP checksum covers a 12-byte pseudo-header (source, destination, zero, protocol 6,
// TCP length) followed by the TCP header and data. Over a segment whose checksum field is zero the result
// is the checksum to write; over a segment carrying a correct checksum it is 0.
std::uint16_t tcpChecksum(Ipv4Address source, Ipv4Address destination,
                          std::span<const std::uint8_t> tcpBytes);

// The segment as bytes: header (data offset 5, or 6 with the MSS option), flags, window, checksum over the
// pseudo-header, urgent pointer, MSS option (RFC 9293 §3.2, kind 2 length 4), payload. Written into one new
// buffer of exactly that size (the datagram's payload slices it).
ByteSlice serializeTcpSegment(const TcpSegment& segment, Ipv4Address source, Ipv4Address destination);

struct TcpSegmentRead {
    TcpSegment segment;
    bool checksumOk = false;
};
// Reads a segment back (the inverse of serializeTcpSegment). Rejects a data offset below 5 or beyond the
// bytes, and a malformed option list. The segment's payload is a slice of `bytes` (no copy).
Parsed<TcpSegmentRead> parseTcpSegment(const ByteSlice& bytes, Ipv4Address source, Ipv4Address destination);

// Big-endian helpers shared by the serialisers in core/net.
inline void putU16(Bytes& out, std::uint16_t v) {
    out.push_back(static_cast<std::uint8_t>(v >> 8));
    out.push_back(static_cast<std::uint8_t>(v & 0xFF));
}
inline void putU32(Bytes& out, std::uint32_t v) {
    putU16(out, static_cast<std::uint16_t>(v >> 16));
    putU16(out, static_cast<std::uint16_t>(v & 0xFFFF));
}
inline std::uint16_t getU16(std::span<const std::uint8_t> b, std::size_t at) {
    return static_cast<std::uint16_t>((b[at] << 8) | b[at + 1]);
}
inline std::uint32_t getU32(std::span<const std::uint8_t> b, std::size_t at) {
    return (std::uint32_t{getU16(b, at)} << 16) | getU16(b, at + 2);
}

} // namespace tcplab
