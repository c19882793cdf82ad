#include "net/ipv4.h"

#include <bit>
#include <cassert>
#include <charconv>
#include <cstring>

namespace tcplab {

std::optional<Ipv4Address> Ipv4Address::parse(std::string_view text) {
    std::uint32_t value = 0;
    const char* p = text.data();
    const char* end = text.data() + text.size();
    for (int i = 0; i < 4; ++i) {
        if (i > 0) {
            if (p == end || *p != '.')
                return std::nullopt;
            ++p;
        }
        // One to three digits; from_chars alone would accept "0001" and leave a sign check to us.
        const char* start = p;
        while (p != end && *p >= '0' && *p <= '9' && p - start < 4)
            ++p;
        if (p == start || p - start > 3)
            return std::nullopt;
        unsigned octet = 0;
        std::from_chars(start, p, octet);
        if (octet > 255)
            return std::nullopt;
        value = (value << 8) | octet;
    }
    if (p != end)
        return std::nullopt;
    return Ipv4Address{value};
}

std::string Ipv4Address::toString() const {
    return std::to_string(value >> 24) + '.' + std::to_string((value >> 16) & 0xFF) + '.' +
           std::to_string((value >> 8) & 0xFF) + '.' + std::to_string(value & 0xFF);
}

std::uint16_t Ipv4Header::flagsAndOffset() const {
    return static_cast<std::uint16_t>((dontFragment ? 0x4000 : 0) | (moreFragments ? 0x2000 : 0) |
                                      (fragmentOffset & 0x1FFF));
}

namespace {

// The 64-bit one's-complement sum of n 8-byte words (machine byte order) with end-around carry.
std::uint64_t sumWords(const std::uint8_t* p, std::size_t n) {
#if defined(__SIZEOF_INT128__)
    // The carries are collected in the upper half of a 128-bit sum (an add and an add-with-carry per word,
    // with no compare in the chain) and added back once at the end: lo + hi * 2^64 = lo + hi mod 2^64 - 1.
    __extension__ using U128 = unsigned __int128;
    U128 acc = 0;
    std::size_t k = 0;
    for (; k + 4 <= n; k += 4) {
        std::uint64_t w0, w1, w2, w3; // four loads into registers (an array would go through the stack)
        std::memcpy(&w0, p + 8 * k, 8);
        std::memcpy(&w1, p + 8 * k + 8, 8);
        std::memcpy(&w2, p + 8 * k + 16, 8);
        std::memcpy(&w3, p + 8 * k + 24, 8);
        acc += w0;
        acc += w1;
        acc += w2;
        acc += w3;
    }
    for (; k < n; ++k) {
        std::uint64_t w;
        std::memcpy(&w, p + 8 * k, 8);
        acc += w;
    }
    auto lo = static_cast<std::uint64_t>(acc);
    const auto hi = static_cast<std::uint64_t>(acc >> 64);
    lo += hi;
    return lo + (lo < hi); // end-around carry
#else
    std::uint64_t acc = 0;
    for (std::size_t k = 0; k < n; ++k) {
        std::uint64_t w;
        std::memcpy(&w, p + 8 * k, 8);
        acc += w;
        acc += acc < w; // end-around carry
    }
    return acc;
#endif
}

} // namespace

std::uint32_t onesComplementAdd(std::span<const std::uint8_t> bytes, std::uint32_t sum) {
    // RFC 1071 §2: the sum is independent of byte order (B) and may be computed in wider words (C, "parallel
    // summation"). So 8 bytes at a time are added as a machine word into a 64-bit accumulator with an
    // end-around carry, folded to 16 bits and, on a little-endian machine, byte-swapped back to network
    // order. The result is the same as the 16-bit loop's (RFC 1071 §4.1), which does the last 0-7 bytes.
    const std::uint8_t* p = bytes.data();
    const std::size_t n = bytes.size();
    std::size_t i = 0;
    if (n >= 8) {
        std::uint64_t acc = sumWords(p, n / 8);
        i = n / 8 * 8;
        acc = (acc & 0xFFFFFFFFu) + (acc >> 32);
        acc = (acc & 0xFFFFFFFFu) + (acc >> 32);
        acc = (acc & 0xFFFFu) + (acc >> 16);
        acc = (acc & 0xFFFFu) + (acc >> 16);
        auto folded = static_cast<std::uint32_t>(acc);
        if constexpr (std::endian::native == std::endian::little)
            folded = ((folded & 0xFFu) << 8) | (folded >> 8);
        sum += folded;
        sum = (sum & 0xFFFF) + (sum >> 16);
    }
    for (; i + 1 < n; i += 2) {
        sum += static_cast<std::uint32_t>((p[i] << 8) | p[i + 1]);
        sum = (sum & 0xFFFF) + (sum >> 16);
    }
    if (i < n) {
        sum += static_cast<std::uint32_t>(p[i] << 8);
        sum = (sum & 0xFFFF) + (sum >> 16);
    }
    return sum;
}

std::uint16_t onesComplementFinish(std::uint32_t sum) {
    while (sum >> 16)
        sum = (sum & 0xFFFF) + (sum >> 16);
    return static_cast<std::uint16_t>(~sum & 0xFFFF);
}

std::uint16_t internetChecksum(std::span<const std::uint8_t> bytes) {
    return onesComplementFinish(onesComplementAdd(bytes));
}

namespace {

Bytes headerBytesWithChecksum(const Ipv4Header& h, std::uint16_t checksum) {
    Bytes out;
    out.reserve(h.headerBytes());
    out.push_back(static_cast<std::uint8_t>(0x40 | h.ihl())); // version 4
    out.push_back(static_cast<std::uint8_t>((h.dscp << 2) | (h.ecn & 0x03)));
    putU16(out, h.totalLength);
    putU16(out, h.identification);
    putU16(out, h.flagsAndOffset());
    out.push_back(h.ttl);
    out.push_back(h.protocol);
    putU16(out, checksum);
    putU32(out, h.source.value);
    putU32(out, h.destination.value);
    out.insert(out.end(), h.options.begin(), h.options.end());
    return out;
}

// The header checksum (RFC 791 §3.1) from the fields, without writing the header out: the same sum of 16-bit
// words as over serializeIpv4Header's bytes with the checksum field zero.
std::uint16_t headerChecksum(const Ipv4Header& h) {
    std::uint32_t sum = ((0x40u | h.ihl()) << 8) | static_cast<std::uint32_t>((h.dscp << 2) | (h.ecn & 0x03));
    sum += h.totalLength;
    sum += h.identification;
    sum += h.flagsAndOffset();
    sum += (std::uint32_t{h.ttl} << 8) | h.protocol;
    sum += (h.source.value >> 16) + (h.source.value & 0xFFFF);
    sum += (h.destination.value >> 16) + (h.destination.value & 0xFFFF);
    return onesComplementFinish(onesComplementAdd(h.options, sum));
}

} // namespace

Bytes serializeIpv4Header(const Ipv4Header& header) {
    // RFC 791 §3.1: "For purposes of computing the checksum, the value of the checksum field is zero."
    Bytes out = headerBytesWithChecksum(header, 0);
    const std::uint16_t sum = internetChecksum(out);
    out[10] = static_cast<std::uint8_t>(sum >> 8);
    out[11] = static_cast<std::uint8_t>(sum & 0xFF);
    return out;
}

Parsed<Ipv4HeaderRead> parseIpv4Header(std::span<const std::uint8_t> bytes) {
    if (bytes.size() < kIpv4MinHeaderBytes)
        return {std::nullopt, "IPv4 header truncated: " + std::to_string(bytes.size()) + " of 20 bytes"};
    const int version = bytes[0] >> 4;
    if (version != 4)
        return {std::nullopt, "not IPv4: version " + std::to_string(version)};
    const std::size_t headerLen = std::size_t{bytes[0] & 0x0Fu} * 4;
    if (headerLen < kIpv4MinHeaderBytes)
        return {std::nullopt, "IHL " + std::to_string(headerLen / 4) + " is below the minimum 5"};
    if (headerLen > bytes.size())
        return {std::nullopt, "IPv4 header truncated: IHL says " + std::to_string(headerLen) + " bytes, " +
                                  std::to_string(bytes.size()) + " present"};
    Ipv4HeaderRead r;
    Ipv4Header& h = r.header;
    h.dscp = static_cast<std::uint8_t>(bytes[1] >> 2);
    h.ecn = static_cast<std::uint8_t>(bytes[1] & 0x03);
    h.totalLength = getU16(bytes, 2);
    if (h.totalLength < headerLen)
        return {std::nullopt, "total length " + std::to_string(h.totalLength) + " is shorter than the " +
                                  std::to_string(headerLen) + "-byte header"};
    h.identification = getU16(bytes, 4);
    const std::uint16_t fo = getU16(bytes, 6);
    h.dontFragment = (fo & 0x4000) != 0;
    h.moreFragments = (fo & 0x2000) != 0;
    h.fragmentOffset = fo & 0x1FFF;
    h.ttl = bytes[8];
    h.protocol = bytes[9];
    h.headerChecksum = getU16(bytes, 10);
    h.source = Ipv4Address{getU32(bytes, 12)};
    h.destination = Ipv4Address{getU32(bytes, 16)};
    h.options.assign(bytes.begin() + kIpv4MinHeaderBytes,
                     bytes.begin() + static_cast<std::ptrdiff_t>(headerLen));
    r.checksumOk = internetChecksum(bytes.first(headerLen)) == 0;
    return {std::move(r), {}};
}

Ipv4Datagram Ipv4Datagram::make(Ipv4Header header, ByteSlice payload) {
    assert(header.headerBytes() + payload.size() <= kIpv4MaxDatagramBytes);
    header.totalLength = static_cast<std::uint16_t>(header.headerBytes() + payload.size());
    Ipv4Datagram d{std::move(header), std::move(payload)};
    // Keep headerChecksum what serialize() will write, so that a datagram compares equal to its parsed bytes.
    d.header.headerChecksum = headerChecksum(d.header);
    return d;
}

Bytes Ipv4Datagram::serialize() const {
    Bytes out = serializeIpv4Header(header);
    out.insert(out.end(), payload.begin(), payload.end());
    return out;
}

Parsed<Ipv4Datagram> Ipv4Datagram::parse(std::span<const std::uint8_t> bytes) {
    auto h = parseIpv4Header(bytes);
    if (!h)
        return {std::nullopt, h.error};
    const Ipv4Header& header = h.value->header;
    if (header.totalLength > bytes.size())
        return {std::nullopt, "datagram truncated: total length " + std::to_string(header.totalLength) +
                                  ", " + std::to_string(bytes.size()) + " bytes present"};
    Ipv4Datagram d;
    d.header = header;
    d.payload =
        ByteSlice::copyOf(bytes.subspan(header.headerBytes(), header.totalLength - header.headerBytes()));
    return {std::move(d), {}};
}

std::uint16_t tcpChecksum(Ipv4Address source, Ipv4Address destination,
                          std::span<const std::uint8_t> tcpBytes) {
    // RFC 9293 §3.1, "Checksum": the pseudo-header is source address, destination address, a zero octet,
    // the protocol number and the TCP length (header plus data, not counting the pseudo-header).
    // Its 16-bit words are added directly (no buffer to allocate for every segment).
    std::uint32_t pseudo = (source.value >> 16) + (source.value & 0xFFFF);
    pseudo += (destination.value >> 16) + (destination.value & 0xFFFF);
    pseudo += IpProtocol::TCP;
    pseudo += static_cast<std::uint16_t>(tcpBytes.size());
    return onesComplementFinish(onesComplementAdd(tcpBytes, pseudo));
}

ByteSlice serializeTcpSegment(const TcpSegment& s, Ipv4Address source, Ipv4Address destination) {
    const std::size_t headerLen = s.headerLen();
    std::uint8_t* p = nullptr;
    ByteSlice out = ByteSlice::allocate(headerLen + s.payload.size(), p);
    auto put16 = [&](std::size_t at, std::uint16_t v) {
        p[at] = static_cast<std::uint8_t>(v >> 8);
        p[at + 1] = static_cast<std::uint8_t>(v & 0xFF);
    };
    put16(0, s.srcPort);
    put16(2, s.dstPort);
    put16(4, static_cast<std::uint16_t>(s.seq.value() >> 16));
    put16(6, static_cast<std::uint16_t>(s.seq.value() & 0xFFFF));
    put16(8, static_cast<std::uint16_t>(s.ack.value() >> 16));
    put16(10, static_cast<std::uint16_t>(s.ack.value() & 0xFFFF));
    // RFC 9293 §3.1: data offset in 32-bit words in the top four bits, then four reserved bits (zero).
    p[12] = static_cast<std::uint8_t>((headerLen / 4) << 4);
    p[13] = s.flags;
    put16(14, s.window);
    put16(16, 0); // checksum, filled in below
    put16(18, s.urgentPointer);
    if (s.mss) {
        // RFC 9293 §3.2: Maximum Segment Size option, kind 2, length 4.
        p[20] = 2;
        p[21] = 4;
        put16(22, *s.mss);
    }
    if (!s.payload.empty())
        std::memcpy(p + headerLen, s.payload.data(), s.payload.size());
    put16(16, tcpChecksum(source, destination, out));
    return out;
}

Parsed<TcpSegmentRead> parseTcpSegment(const ByteSlice& bytes, Ipv4Address source, Ipv4Address destination) {
    if (bytes.size() < 20)
        return {std::nullopt, "TCP header truncated: " + std::to_string(bytes.size()) + " of 20 bytes"};
    const std::size_t offset = std::size_t{static_cast<std::uint8_t>(bytes[12] >> 4)} * 4;
    if (offset < 20)
        return {std::nullopt, "TCP data offset " + std::to_string(offset / 4) + " is below the minimum 5"};
    if (offset > bytes.size())
        return {std::nullopt, "TCP header truncated: data offset says " + std::to_string(offset) +
                                  " bytes, " + std::to_string(bytes.size()) + " present"};
    TcpSegmentRead r;
    TcpSegment& s = r.segment;
    s.srcPort = getU16(bytes, 0);
    s.dstPort = getU16(bytes, 2);
    s.seq = SeqNum(getU32(bytes, 4));
    s.ack = SeqNum(getU32(bytes, 8));
    s.flags = bytes[13];
    s.window = getU16(bytes, 14);
    s.urgentPointer = getU16(bytes, 18);
    // RFC 9293 §3.2: options are kind 0 (end), kind 1 (no-op), or kind, length, data.
    for (std::size_t i = 20; i < offset;) {
        const std::uint8_t kind = bytes[i];
        if (kind == 0)
            break;
        if (kind == 1) {
            ++i;
            continue;
        }
        if (i + 1 >= offset || bytes[i + 1] < 2 || i + bytes[i + 1] > offset)
            return {std::nullopt,
                    "malformed TCP option of kind " + std::to_string(kind) + " at byte " + std::to_string(i)};
        if (kind == 2 && bytes[i + 1] == 4)
            s.mss = getU16(bytes, i + 2);
        i += bytes[i + 1];
    }
    s.payload = bytes.sub(offset);
    r.checksumOk = tcpChecksum(source, destination, bytes) == 0;
    return {std::move(r), {}};
}

} // namespace tcplab
