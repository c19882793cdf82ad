#include "packet_bytes.h"

#include <QCoreApplication>

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
    b = QByteArray(20 + tcpLen, '\0');

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

    // TCP (RFC 9293 §3.1).
    put16(b, 20, s.srcPort);
    put16(b, 22, s.dstPort);
    put32(b, 24, s.seq.value());
    put32(b, 28, s.ack.value());
    b[32] = static_cast<char>((tcpLen / 4) << 4);
    b[33] = static_cast<char>(s.flags);
    put16(b, 34, s.window);
    put16(b, 38, s.urgentPointer);
    if (s.mss) {
        b[40] = 2;
        b[41] = 4;
        put16(b, 42, s.mss);
    }
    // Pseudo-header: source, destination, zero, protocol, TCP length.
    std::uint32_t pseudo = (s.srcAddr >> 16) + (s.srcAddr & 0xffff) + (s.dstAddr >> 16) +
                           (s.dstAddr & 0xffff) + 6 +
                           static_cast<std::uint32_t>(tcpLen + static_cast<int>(s.payloadLen));
    const std::uint16_t tcpSum = internetChecksum(b.mid(20), pseudo);
    put16(b, 36, tcpSum);
    p.checksumCoversPayload = s.payloadLen == 0;

    auto add = [&p](QString name, QString value, int offset, int length, int parent) {
        p.fields.push_back({std::move(name), std::move(value), offset, length, parent});
        return static_cast<int>(p.fields.size()) - 1;
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
    return p;
}

} // namespace tcplab::ui
