// Shared helpers for the core/net tests: datagrams with recognisable payloads, and the addresses of the
// worked examples in /work/shared/reference/ip-fragmentation.md.
#pragma once

#include <QtTest>

#include <cstdint>
#include <string>
#include <vector>

#include "net/ipv4.h"

namespace tcplab::testing {

inline const Ipv4Address kClient = Ipv4Address::fromOctets(10, 0, 0, 1);
inline const Ipv4Address kServer = Ipv4Address::fromOctets(10, 0, 1, 2);
inline const Ipv4Address kRouter = Ipv4Address::fromOctets(10, 0, 0, 254);

// Payload byte i is (i * 7 + 3) mod 251: no run of 8 bytes repeats, so a misplaced fragment is noticed.
inline Bytes patternBytes(std::size_t n) {
    Bytes b(n);
    for (std::size_t i = 0; i < n; ++i)
        b[i] = static_cast<std::uint8_t>((i * 7 + 3) % 251);
    return b;
}

inline Ipv4Datagram datagramWithPayload(std::size_t payloadBytes, std::uint16_t id = 0x1C46,
                                        bool df = false) {
    Ipv4Header h;
    h.identification = id;
    h.dontFragment = df;
    h.ttl = 64;
    h.protocol = IpProtocol::TCP;
    h.source = kClient;
    h.destination = kServer;
    return Ipv4Datagram::make(h, patternBytes(payloadBytes));
}

// A fragment's shape as the reference tables list it.
struct Shape {
    std::uint16_t offset; // 8-byte units
    std::size_t dataBytes;
    bool mf;
    std::uint16_t totalLength;
    std::uint16_t flagsAndOffset;
    bool operator==(const Shape&) const = default;
};

inline std::vector<Shape> shapes(const std::vector<Ipv4Datagram>& fragments) {
    std::vector<Shape> out;
    for (const auto& f : fragments)
        out.push_back({f.header.fragmentOffset, f.payload.size(), f.header.moreFragments,
                       f.header.totalLength, f.header.flagsAndOffset()});
    return out;
}

inline QByteArray hex(std::span<const std::uint8_t> b) {
    return QByteArray(reinterpret_cast<const char*>(b.data()), static_cast<qsizetype>(b.size())).toHex(' ');
}

} // namespace tcplab::testing

namespace tcplab {
inline char* toString(const testing::Shape& s) {
    return qstrdup(("{FO " + std::to_string(s.offset) + ", " + std::to_string(s.dataBytes) + " B, MF " +
                    std::to_string(s.mf) + ", TL " + std::to_string(s.totalLength) + ", word 0x" +
                    QByteArray::number(s.flagsAndOffset, 16).toUpper().toStdString() + "}")
                       .c_str());
}
} // namespace tcplab
