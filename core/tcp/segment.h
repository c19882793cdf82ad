// A TCP segment as it travels: the header fields, the MSS option, and the payload bytes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "tcp/byte_slice.h"
#include "tcp/seqnum.h"

namespace tcplab {

namespace TcpFlag {
constexpr std::uint8_t FIN = 0x01;
constexpr std::uint8_t SYN = 0x02;
constexpr std::uint8_t RST = 0x04;
constexpr std::uint8_t PSH = 0x08;
constexpr std::uint8_t ACK = 0x10;
constexpr std::uint8_t URG = 0x20;
constexpr std::uint8_t ECE = 0x40;
constexpr std::uint8_t CWR = 0x80;
} // namespace TcpFlag

struct TcpSegment {
    std::uint16_t srcPort = 0;
    std::uint16_t dstPort = 0;
    SeqNum seq;
    SeqNum ack;
    std::uint8_t flags = 0;
    std::uint16_t window = 0;
    std::uint16_t urgentPointer = 0;
    std::optional<std::uint16_t> mss; // the MSS option (kind 2), on SYN segments
    ByteSlice payload; // usually a slice of the sender's send buffer or of the datagram it arrived in

    bool has(std::uint8_t f) const { return (flags & f) != 0; }
    bool syn() const { return has(TcpFlag::SYN); }
    bool fin() const { return has(TcpFlag::FIN); }
    bool rst() const { return has(TcpFlag::RST); }
    bool ackFlag() const { return has(TcpFlag::ACK); }

    std::uint32_t payloadLen() const { return static_cast<std::uint32_t>(payload.size()); }
    // SEG.LEN: payload octets plus one for SYN and one for FIN (RFC 9293 §3.4).
    std::uint32_t segLen() const { return payloadLen() + (syn() ? 1u : 0u) + (fin() ? 1u : 0u); }
    // 20 bytes plus options (MSS is 4 bytes).
    std::uint16_t headerLen() const { return static_cast<std::uint16_t>(20 + (mss ? 4 : 0)); }

    bool operator==(const TcpSegment&) const = default;
};

// "SYN, ACK" in Wireshark's order.
std::string flagsToString(std::uint8_t flags);
// tcpdump's compact form: "S", "S.", "F.", "P.", "R", ".".
std::string flagsToTcpdump(std::uint8_t flags);

} // namespace tcplab
