#include "net/icmp.h"

#include <algorithm>

namespace tcplab {

Bytes IcmpMessage::serialize() const {
    Bytes out;
    out.reserve(8 + data.size());
    out.push_back(type);
    out.push_back(code);
    putU16(out, 0); // checksum, filled in below
    if (type == IcmpType::EchoRequest || type == IcmpType::EchoReply) {
        putU16(out, identifier);
        putU16(out, sequence);
    } else if (type == IcmpType::DestinationUnreachable && code == IcmpCode::FragmentationNeeded) {
        putU16(out, 0); // RFC 1191 §4: the high 16 bits stay unused (zero)
        putU16(out, nextHopMtu);
    } else {
        putU32(out, 0); // RFC 792: unused, zero
    }
    out.insert(out.end(), data.begin(), data.end());
    // RFC 792: "the 16-bit one's complement of the one's complement sum of the ICMP message starting with
    // the ICMP Type."
    const std::uint16_t sum = internetChecksum(out);
    out[2] = static_cast<std::uint8_t>(sum >> 8);
    out[3] = static_cast<std::uint8_t>(sum & 0xFF);
    return out;
}

Parsed<IcmpMessage> IcmpMessage::parse(std::span<const std::uint8_t> bytes) {
    if (bytes.size() < 8)
        return {std::nullopt, "ICMP message truncated: " + std::to_string(bytes.size()) + " of 8 bytes"};
    if (internetChecksum(bytes) != 0)
        return {std::nullopt, "ICMP checksum mismatch"};
    IcmpMessage m;
    m.type = bytes[0];
    m.code = bytes[1];
    m.checksum = getU16(bytes, 2);
    if (m.type == IcmpType::EchoRequest || m.type == IcmpType::EchoReply) {
        m.identifier = getU16(bytes, 4);
        m.sequence = getU16(bytes, 6);
    } else if (m.type == IcmpType::DestinationUnreachable && m.code == IcmpCode::FragmentationNeeded) {
        m.nextHopMtu = getU16(bytes, 6);
    }
    m.data.assign(bytes.begin() + 8, bytes.end());
    return {std::move(m), {}};
}

namespace {
IcmpMessage withChecksum(IcmpMessage m) {
    const Bytes b = m.serialize();
    m.checksum = getU16(b, 2);
    return m;
}
} // namespace

IcmpMessage makeEchoRequest(std::uint16_t identifier, std::uint16_t sequence, Bytes data) {
    IcmpMessage m;
    m.type = IcmpType::EchoRequest;
    m.identifier = identifier;
    m.sequence = sequence;
    m.data = std::move(data);
    return withChecksum(std::move(m));
}

IcmpMessage makeEchoReply(const IcmpMessage& request) {
    IcmpMessage m = request;
    m.type = IcmpType::EchoReply;
    m.code = 0;
    return withChecksum(std::move(m));
}

Bytes quoteDatagram(const Ipv4Datagram& offending) {
    // RFC 792: "the internet header plus the first 64 bits of the original datagram's data".
    Bytes out = serializeIpv4Header(offending.header);
    const std::size_t n = std::min<std::size_t>(8, offending.payload.size());
    out.insert(out.end(), offending.payload.begin(),
               offending.payload.begin() + static_cast<std::ptrdiff_t>(n));
    return out;
}

IcmpMessage makeDestinationUnreachable(std::uint8_t code, const Ipv4Datagram& offending,
                                       std::uint16_t nextHopMtu) {
    IcmpMessage m;
    m.type = IcmpType::DestinationUnreachable;
    m.code = code;
    m.nextHopMtu = code == IcmpCode::FragmentationNeeded ? nextHopMtu : 0;
    m.data = quoteDatagram(offending);
    return withChecksum(std::move(m));
}

IcmpMessage makeFragmentationNeeded(const Ipv4Datagram& offending, std::uint16_t nextHopMtu) {
    return makeDestinationUnreachable(IcmpCode::FragmentationNeeded, offending, nextHopMtu);
}

IcmpMessage makeTimeExceeded(std::uint8_t code, const Ipv4Datagram& offending) {
    IcmpMessage m;
    m.type = IcmpType::TimeExceeded;
    m.code = code;
    m.data = quoteDatagram(offending);
    return withChecksum(std::move(m));
}

Parsed<IcmpQuote> parseQuote(const IcmpMessage& error) {
    if (!error.isError())
        return {std::nullopt, "ICMP type " + std::to_string(error.type) + " quotes no datagram"};
    auto h = parseIpv4Header(error.data);
    if (!h)
        return {std::nullopt, "quoted datagram: " + h.error};
    IcmpQuote q;
    q.header = h.value->header;
    const std::size_t hl = q.header.headerBytes();
    const std::size_t n = std::min<std::size_t>(8, error.data.size() - hl);
    q.firstBytes.assign(error.data.begin() + static_cast<std::ptrdiff_t>(hl),
                        error.data.begin() + static_cast<std::ptrdiff_t>(hl + n));
    return {std::move(q), {}};
}

Ipv4Datagram icmpDatagram(const IcmpMessage& message, Ipv4Address source, Ipv4Address destination,
                          std::uint16_t identification, std::uint8_t ttl) {
    Ipv4Header h;
    h.identification = identification;
    h.ttl = ttl;
    h.protocol = IpProtocol::ICMP;
    h.source = source;
    h.destination = destination;
    return Ipv4Datagram::make(std::move(h), message.serialize());
}

} // namespace tcplab
