// The ICMP messages TCP Lab uses (RFC 792): echo request/reply, destination unreachable (port, and
// fragmentation needed with the next-hop MTU of RFC 1191 §4), and time exceeded (TTL, reassembly).
// Error messages quote the offending datagram's IP header and the first 8 bytes of its data, which for
// TCP are the ports and the sequence number.
//
// Limitations: no redirect, source quench, timestamp or parameter-problem messages; the quoted data is
// always exactly the header + 8 bytes (RFC 1812 §4.3.2.3 allows routers to quote more; Linux quotes up to
// 576 bytes in all).
#pragma once

#include <cstdint>
#include <span>

#include "net/ipv4.h"

namespace tcplab {

namespace IcmpType {
constexpr std::uint8_t EchoReply = 0;
constexpr std::uint8_t DestinationUnreachable = 3;
constexpr std::uint8_t EchoRequest = 8;
constexpr std::uint8_t TimeExceeded = 11;
} // namespace IcmpType

namespace IcmpCode {
// Destination unreachable (RFC 792)
constexpr std::uint8_t NetUnreachable = 0;
constexpr std::uint8_t HostUnreachable = 1;
constexpr std::uint8_t ProtocolUnreachable = 2;
constexpr std::uint8_t PortUnreachable = 3;
constexpr std::uint8_t FragmentationNeeded = 4; // "fragmentation needed and DF set"
// Time exceeded (RFC 792)
constexpr std::uint8_t TtlExceeded = 0;        // "time to live exceeded in transit"
constexpr std::uint8_t ReassemblyExceeded = 1; // "fragment reassembly time exceeded"
} // namespace IcmpCode

struct IcmpMessage {
    std::uint8_t type = 0;
    std::uint8_t code = 0;
    std::uint16_t checksum = 0; // as read, or as written by serialize()
    // Echo request/reply: the identifier and sequence number (the second header word).
    std::uint16_t identifier = 0;
    std::uint16_t sequence = 0;
    // Destination unreachable code 4: RFC 1191 §4, the low 16 bits of the second word. 0 from an old router.
    std::uint16_t nextHopMtu = 0;
    // Echo: the data, returned unchanged in the reply. Errors: the quoted IP header + first 8 data bytes.
    Bytes data;

    bool isError() const {
        return type == IcmpType::DestinationUnreachable || type == IcmpType::TimeExceeded;
    }
    Bytes serialize() const; // 8-byte header + data, checksum over all of it (RFC 792)
    static Parsed<IcmpMessage> parse(std::span<const std::uint8_t> bytes);

    bool operator==(const IcmpMessage&) const = default;
};

IcmpMessage makeEchoRequest(std::uint16_t identifier, std::uint16_t sequence, Bytes data);
// RFC 792 "Echo or Echo Reply Message": the reply swaps the type and returns identifier, sequence and data.
IcmpMessage makeEchoReply(const IcmpMessage& request);
IcmpMessage makeDestinationUnreachable(std::uint8_t code, const Ipv4Datagram& offending,
                                       std::uint16_t nextHopMtu = 0);
IcmpMessage makeFragmentationNeeded(const Ipv4Datagram& offending, std::uint16_t nextHopMtu);
IcmpMessage makeTimeExceeded(std::uint8_t code, const Ipv4Datagram& offending);

// The offending datagram's header + first 8 data bytes, as an error message quotes it (RFC 792).
Bytes quoteDatagram(const Ipv4Datagram& offending);

// What a host reads back from an error message: the quoted header, and for TCP the ports and sequence number
// (RFC 5927 §4.1 / RFC 9293 §3.9.2.2: check the sequence number against SND.UNA..SND.NXT before acting).
struct IcmpQuote {
    Ipv4Header header;
    Bytes firstBytes; // up to 8
    std::uint16_t srcPort() const { return firstBytes.size() >= 2 ? getU16(firstBytes, 0) : 0; }
    std::uint16_t dstPort() const { return firstBytes.size() >= 4 ? getU16(firstBytes, 2) : 0; }
    std::uint32_t tcpSeq() const { return firstBytes.size() >= 8 ? getU32(firstBytes, 4) : 0; }
};
Parsed<IcmpQuote> parseQuote(const IcmpMessage& error);

// The ICMP message in an IPv4 datagram (protocol 1) from source to destination.
Ipv4Datagram icmpDatagram(const IcmpMessage& message, Ipv4Address source, Ipv4Address destination,
                          std::uint16_t identification, std::uint8_t ttl = 64);

} // namespace tcplab
