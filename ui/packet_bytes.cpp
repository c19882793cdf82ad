#include "packet_bytes.h"

#include <QCoreApplication>
#include <QStringList>

#include "io/ladder.h"
#include "net/arp.h"
#include "scenario/scenario.h"
#include "tcp/segment.h"

namespace tcplab::ui {

// The field names and values are translated in this context.
class PacketText {
    Q_DECLARE_TR_FUNCTIONS(tcplab::ui::PacketText)
};

namespace {

void put16(QByteArray& b, int at, std::uint16_t v) {
    b[at] = static_cast<char>(v >> 8);
    b[at + 1] = static_cast<char>(v & 0xff);
}

void put32(QByteArray& b, int at, std::uint32_t v) {
    put16(b, at, static_cast<std::uint16_t>(v >> 16));
    put16(b, at + 2, static_cast<std::uint16_t>(v & 0xffff));
}

QString hex16(std::uint16_t v) {
    return QStringLiteral("0x%1").arg(v, 4, 16, QLatin1Char('0'));
}

// Wireshark's bit picture of one flag in the 12 bits of reserved + flags: "···· ···· ··1·".
QString bitPicture(int bit, bool set) {
    QString s;
    for (int i = 11; i >= 0; --i) {
        s += i == bit ? (set ? QLatin1Char('1') : QLatin1Char('0')) : QLatin1Char('.');
        if (i % 4 == 0 && i > 0)
            s += QLatin1Char(' ');
    }
    return s;
}

int addField(PacketBytes& p, QString name, QString value, int offset, int length, int parent) {
    p.fields.push_back({std::move(name), std::move(value), offset, length, parent});
    return static_cast<int>(p.fields.size()) - 1;
}

// The TCP header of `s` after the 20-byte IPv4 header in p.bytes, with its fields.
void appendTcp(PacketBytes& p, const SegmentRecord& s, std::int64_t relSeq, std::int64_t relAck) {
    constexpr int at = 20; // after an IPv4 header without options
    const int tcpLen = s.mss ? 24 : 20;
    QByteArray& b = p.bytes;
    b.append(QByteArray(tcpLen, '\0'));
    auto add = [&p](QString name, QString value, int offset, int length, int parent) {
        return addField(p, std::move(name), std::move(value), offset, length, parent);
    };
    // TCP (RFC 9293 §3.1).
    put16(b, at + 0, s.srcPort);
    put16(b, at + 2, s.dstPort);
    put32(b, at + 4, s.seq.value());
    put32(b, at + 8, s.ack.value());
    b[at + 12] = static_cast<char>((tcpLen / 4) << 4);
    b[at + 13] = static_cast<char>(s.flags);
    put16(b, at + 14, s.window);
    put16(b, at + 18, s.urgentPointer);
    if (s.mss) {
        b[at + 20] = 2;
        b[at + 21] = 4;
        put16(b, at + 22, s.mss);
    }
    // Pseudo-header: source, destination, zero, protocol, TCP length.
    std::uint32_t pseudo = (s.srcAddr >> 16) + (s.srcAddr & 0xffff) + (s.dstAddr >> 16) +
                           (s.dstAddr & 0xffff) + 6 +
                           static_cast<std::uint32_t>(tcpLen + static_cast<int>(s.payloadLen));
    const std::uint16_t tcpSum = internetChecksum(b.mid(at, tcpLen), pseudo);
    put16(b, at + 16, tcpSum);
    p.checksumCoversPayload = s.payloadLen == 0;

    const int tcp = add(
        PacketText::tr("Transmission Control Protocol"),
        PacketText::tr("Src Port: %1, Dst Port: %2, Len: %3").arg(s.srcPort).arg(s.dstPort).arg(s.payloadLen),
        20, tcpLen, -1);
    add(PacketText::tr("Source Port"), QString::number(s.srcPort), 20, 2, tcp);
    add(PacketText::tr("Destination Port"), QString::number(s.dstPort), 22, 2, tcp);
    add(PacketText::tr("Sequence Number"),
        relSeq >= 0 ? PacketText::tr("%1 (relative %2)").arg(s.seq.value()).arg(relSeq)
                    : QString::number(s.seq.value()),
        24, 4, tcp);
    add(PacketText::tr("Acknowledgment Number"),
        !(s.flags & TcpFlag::ACK) ? PacketText::tr("%1 (not used: no ACK flag)").arg(s.ack.value())
        : relAck >= 0             ? PacketText::tr("%1 (relative %2)").arg(s.ack.value()).arg(relAck)
                                  : QString::number(s.ack.value()),
        28, 4, tcp);
    add(PacketText::tr("Header Length"), PacketText::tr("%1 bytes (%2)").arg(tcpLen).arg(tcpLen / 4), 32, 1,
        tcp);
    const int flags = add(PacketText::tr("Flags"),
                          QStringLiteral("0x%1 (%2)")
                              .arg(s.flags, 3, 16, QLatin1Char('0'))
                              .arg(QString::fromStdString(flagsToString(s.flags))),
                          32, 2, tcp);
    static const char* const names[] = {"FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR"};
    for (int bit = 7; bit >= 0; --bit) {
        const bool set = (s.flags >> bit) & 1;
        add(QStringLiteral("%1 = %2").arg(bitPicture(bit, set), QLatin1String(names[bit])),
            set ? PacketText::tr("Set") : PacketText::tr("Not set"), 33, 1, flags);
    }
    add(PacketText::tr("Window"), QString::number(s.window), 34, 2, tcp);
    add(PacketText::tr("Checksum"),
        p.checksumCoversPayload
            ? PacketText::tr("%1 [correct]").arg(hex16(tcpSum))
            : PacketText::tr("%1 [over the header only: payload bytes not recorded]").arg(hex16(tcpSum)),
        36, 2, tcp);
    add(PacketText::tr("Urgent Pointer"), QString::number(s.urgentPointer), 38, 2, tcp);
    if (s.mss) {
        const int opts = add(PacketText::tr("Options"), PacketText::tr("4 bytes"), 40, 4, tcp);
        const int mss =
            add(PacketText::tr("Maximum Segment Size"), PacketText::tr("%1 bytes").arg(s.mss), 40, 4, opts);
        add(PacketText::tr("Kind"), PacketText::tr("Maximum Segment Size (2)"), 40, 1, mss);
        add(PacketText::tr("Length"), QStringLiteral("4"), 41, 1, mss);
        add(PacketText::tr("MSS Value"), QString::number(s.mss), 42, 2, mss);
    }
    if (s.payloadLen > 0)
        add(PacketText::tr("TCP payload"),
            PacketText::tr("%1 bytes (not recorded in the trace)").arg(s.payloadLen), 20 + tcpLen, 0, tcp);
}

} // namespace

std::uint16_t internetChecksum(const QByteArray& data, std::uint32_t initial) {
    std::uint32_t sum = initial;
    for (qsizetype i = 0; i + 1 < data.size(); i += 2)
        sum += (static_cast<std::uint8_t>(data[i]) << 8) | static_cast<std::uint8_t>(data[i + 1]);
    if (data.size() % 2)
        sum += static_cast<std::uint8_t>(data[data.size() - 1]) << 8;
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return static_cast<std::uint16_t>(~sum & 0xffff);
}

PacketBytes buildPacket(const SegmentRecord& s, std::uint16_t ipId, std::int64_t relSeq,
                        std::int64_t relAck) {
    PacketBytes p;
    const int tcpLen = s.mss ? 24 : 20;
    const int total = 20 + tcpLen + static_cast<int>(s.payloadLen);
    QByteArray& b = p.bytes;
    b = QByteArray(20, '\0');

    // IPv4 (RFC 791).
    b[0] = 0x45;
    b[1] = 0;
    put16(b, 2, static_cast<std::uint16_t>(total));
    put16(b, 4, ipId);
    put16(b, 6, 0x4000); // DF
    b[8] = 64;
    b[9] = 6;
    put32(b, 12, s.srcAddr);
    put32(b, 16, s.dstAddr);
    const std::uint16_t ipSum = internetChecksum(b.left(20));
    put16(b, 10, ipSum);

    auto add = [&p](QString name, QString value, int offset, int length, int parent) {
        return addField(p, std::move(name), std::move(value), offset, length, parent);
    };
    const QString src = QString::fromStdString(formatIpv4(s.srcAddr));
    const QString dst = QString::fromStdString(formatIpv4(s.dstAddr));
    const int ip = add(PacketText::tr("Internet Protocol Version 4"),
                       PacketText::tr("Src: %1, Dst: %2").arg(src, dst), 0, 20, -1);
    add(PacketText::tr("Version"), QStringLiteral("4"), 0, 1, ip);
    add(PacketText::tr("Header Length"), PacketText::tr("20 bytes (5)"), 0, 1, ip);
    add(PacketText::tr("Differentiated Services"), QStringLiteral("0x00"), 1, 1, ip);
    add(PacketText::tr("Total Length"), QString::number(total), 2, 2, ip);
    add(PacketText::tr("Identification"), QStringLiteral("%1 (%2)").arg(hex16(ipId)).arg(ipId), 4, 2, ip);
    add(PacketText::tr("Flags"), PacketText::tr("0x2, Don't fragment"), 6, 1, ip);
    add(PacketText::tr("Fragment Offset"), QStringLiteral("0"), 6, 2, ip);
    add(PacketText::tr("Time to Live"), QStringLiteral("64"), 8, 1, ip);
    add(PacketText::tr("Protocol"), PacketText::tr("TCP (6)"), 9, 1, ip);
    add(PacketText::tr("Header Checksum"), PacketText::tr("%1 [correct]").arg(hex16(ipSum)), 10, 2, ip);
    add(PacketText::tr("Source Address"), src, 12, 4, ip);
    add(PacketText::tr("Destination Address"), dst, 16, 4, ip);

    appendTcp(p, s, relSeq, relAck);
    return p;
}

PacketBytes buildDatagramPacket(const DatagramRecord& d, const SegmentRecord* segment, std::int64_t relSeq,
                                std::int64_t relAck) {
    PacketBytes p;
    QByteArray& b = p.bytes;
    auto add = [&p](QString name, QString value, int offset, int length, int parent) {
        return addField(p, std::move(name), std::move(value), offset, length, parent);
    };
    const QString src = QString::fromStdString(formatIpv4(d.srcAddr));
    const QString dst = QString::fromStdString(formatIpv4(d.dstAddr));
    if (d.arpOp != 0) {
        // RFC 826 "Packet format".
        const MacAddress senderMac = MacAddress::forInterface(static_cast<std::uint16_t>(d.fromNode + 1), 0);
        const MacAddress targetMac =
            d.arpOp == 2 ? MacAddress::forInterface(static_cast<std::uint16_t>(d.toNode + 1), 0)
                         : MacAddress{};
        b = QByteArray(28, '\0');
        put16(b, 0, 1);
        put16(b, 2, 0x0800);
        b[4] = 6;
        b[5] = 4;
        put16(b, 6, d.arpOp);
        for (int i = 0; i < 6; ++i) {
            b[8 + i] = static_cast<char>(senderMac.octets[static_cast<std::size_t>(i)]);
            b[18 + i] = static_cast<char>(targetMac.octets[static_cast<std::size_t>(i)]);
        }
        put32(b, 14, d.srcAddr);
        put32(b, 24, d.dstAddr);
        const int arp = add(PacketText::tr("Address Resolution Protocol"),
                            d.arpOp == 1 ? PacketText::tr("request") : PacketText::tr("reply"), 0, 28, -1);
        add(PacketText::tr("Hardware type"), PacketText::tr("Ethernet (1)"), 0, 2, arp);
        add(PacketText::tr("Protocol type"), QStringLiteral("IPv4 (0x0800)"), 2, 2, arp);
        add(PacketText::tr("Hardware size"), QStringLiteral("6"), 4, 1, arp);
        add(PacketText::tr("Protocol size"), QStringLiteral("4"), 5, 1, arp);
        add(PacketText::tr("Opcode"),
            d.arpOp == 1 ? PacketText::tr("request (1)") : PacketText::tr("reply (2)"), 6, 2, arp);
        add(PacketText::tr("Sender MAC address"), QString::fromStdString(senderMac.toString()), 8, 6, arp);
        add(PacketText::tr("Sender IP address"), src, 14, 4, arp);
        add(PacketText::tr("Target MAC address"), QString::fromStdString(targetMac.toString()), 18, 6, arp);
        add(PacketText::tr("Target IP address"), dst, 24, 4, arp);
        return p;
    }

    // IPv4 (RFC 791 §3.1), as this hop carried it.
    b = QByteArray(20, '\0');
    b[0] = 0x45;
    put16(b, 2, d.totalLen);
    put16(b, 4, d.id);
    const std::uint16_t flagsAndOffset = static_cast<std::uint16_t>(
        (d.dontFragment ? 0x4000 : 0) | (d.moreFragments ? 0x2000 : 0) | (d.fragmentOffset & 0x1fff));
    put16(b, 6, flagsAndOffset);
    b[8] = static_cast<char>(d.ttl);
    b[9] = static_cast<char>(d.protocol);
    put32(b, 12, d.srcAddr);
    put32(b, 16, d.dstAddr);
    const std::uint16_t ipSum = internetChecksum(b.left(20));
    put16(b, 10, ipSum);

    const int ip = add(PacketText::tr("Internet Protocol Version 4"),
                       PacketText::tr("Src: %1, Dst: %2").arg(src, dst), 0, 20, -1);
    add(PacketText::tr("Version"), QStringLiteral("4"), 0, 1, ip);
    add(PacketText::tr("Header Length"), PacketText::tr("20 bytes (5)"), 0, 1, ip);
    add(PacketText::tr("Differentiated Services"), QStringLiteral("0x00"), 1, 1, ip);
    add(PacketText::tr("Total Length"), QString::number(d.totalLen), 2, 2, ip);
    add(PacketText::tr("Identification"), QStringLiteral("%1 (%2)").arg(hex16(d.id)).arg(d.id), 4, 2, ip);
    QStringList set;
    if (d.dontFragment)
        set << PacketText::tr("Don't fragment");
    if (d.moreFragments)
        set << PacketText::tr("More fragments");
    const int flags =
        add(PacketText::tr("Flags"),
            QStringLiteral("0x%1%2")
                .arg(flagsAndOffset >> 13)
                .arg(set.isEmpty() ? QString() : QStringLiteral(", ") + set.join(QStringLiteral(", "))),
            6, 1, ip);
    add(QStringLiteral("0... .... = %1").arg(PacketText::tr("Reserved bit")), PacketText::tr("Not set"), 6, 1,
        flags);
    add(QStringLiteral(".%1.. .... = %2").arg(d.dontFragment ? 1 : 0).arg(PacketText::tr("Don't fragment")),
        d.dontFragment ? PacketText::tr("Set") : PacketText::tr("Not set"), 6, 1, flags);
    add(QStringLiteral("..%1. .... = %2").arg(d.moreFragments ? 1 : 0).arg(PacketText::tr("More fragments")),
        d.moreFragments ? PacketText::tr("Set") : PacketText::tr("Not set"), 6, 1, flags);
    add(PacketText::tr("Fragment Offset"),
        d.fragmentOffset == 0
            ? QStringLiteral("0")
            : PacketText::tr("%1 (× 8 = %2 bytes)").arg(d.fragmentOffset).arg(d.fragmentOffset * 8),
        6, 2, ip);
    add(PacketText::tr("Time to Live"), QString::number(d.ttl), 8, 1, ip);
    add(PacketText::tr("Protocol"),
        d.protocol == 6   ? PacketText::tr("TCP (6)")
        : d.protocol == 1 ? PacketText::tr("ICMP (1)")
                          : QString::number(d.protocol),
        9, 1, ip);
    add(PacketText::tr("Header Checksum"), PacketText::tr("%1 [correct]").arg(hex16(ipSum)), 10, 2, ip);
    add(PacketText::tr("Source Address"), src, 12, 4, ip);
    add(PacketText::tr("Destination Address"), dst, 16, 4, ip);

    if (d.fragmentOffset != 0) {
        // A later piece: only data bytes, which the trace does not keep.
        add(PacketText::tr("Fragment data"),
            PacketText::tr("%1 bytes: bytes %2–%3 of the datagram's data (not recorded in the trace)")
                .arg(d.dataLen())
                .arg(d.fragmentOffset * 8)
                .arg(d.fragmentOffset * 8 + d.dataLen() - 1),
            20, 0, -1);
        return p;
    }
    if (d.protocol == 1) {
        // RFC 792: type, code, checksum, then 4 bytes (the next-hop MTU of a 3/4, RFC 1191 §4).
        b.append(QByteArray(8, '\0'));
        b[20] = static_cast<char>(d.icmpType);
        b[21] = static_cast<char>(d.icmpCode);
        if (d.icmpType == 3 && d.icmpCode == 4)
            put16(b, 26, d.icmpMtu);
        const int icmp = add(PacketText::tr("Internet Control Message Protocol"),
                             QString::fromStdString(datagramSummary(d)), 20, 8, -1);
        add(PacketText::tr("Type"), QString::number(d.icmpType), 20, 1, icmp);
        add(PacketText::tr("Code"), QString::number(d.icmpCode), 21, 1, icmp);
        add(PacketText::tr("Checksum"), PacketText::tr("over the message and its quote (not recorded)"), 22,
            2, icmp);
        if (d.icmpType == 3 && d.icmpCode == 4)
            add(PacketText::tr("MTU of next hop"), QString::number(d.icmpMtu), 26, 2, icmp);
        return p;
    }
    if (segment && d.protocol == 6) {
        appendTcp(p, *segment, relSeq, relAck);
        if (d.moreFragments)
            add(PacketText::tr("Fragmented"),
                PacketText::tr("this first fragment holds %1 of the segment's %2 bytes after the IP header")
                    .arg(d.dataLen())
                    .arg((segment->mss ? 24 : 20) + segment->payloadLen),
                20, 0, -1);
    }
    return p;
}

} // namespace tcplab::ui
