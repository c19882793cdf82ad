// The pcap writer (core/io/pcap.h) and the bytes core/net builds, checked twice: the file layout directly,
// and a handmade exchange decoded by tshark with checksum validation on (skipped if tshark is absent; the
// CI image installs it).
#include <QtTest>

#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>

#include "io/pcap.h"
#include "net/arp.h"
#include "net/fragment.h"
#include "net/icmp.h"
#include "net_fixtures.h"

using namespace tcplab;
using namespace tcplab::testing;
using namespace std::chrono_literals;

namespace {
Instant at(Duration d) {
    return kTimeZero + d;
}

struct Frame {
    Instant at;
    Bytes bytes;
};

Ipv4Datagram carry(const TcpSegment& s, Ipv4Address src, Ipv4Address dst, std::uint16_t id, bool df) {
    Ipv4Header h;
    h.identification = id;
    h.dontFragment = df;
    h.protocol = IpProtocol::TCP;
    h.source = src;
    h.destination = dst;
    return Ipv4Datagram::make(h, serializeTcpSegment(s, src, dst));
}

TcpSegment segment(std::uint16_t sport, std::uint16_t dport, std::uint32_t seq, std::uint32_t ack,
                   std::uint8_t flags, std::size_t payloadBytes = 0) {
    TcpSegment s;
    s.srcPort = sport;
    s.dstPort = dport;
    s.seq = SeqNum(seq);
    s.ack = SeqNum(ack);
    s.flags = flags;
    s.window = 64240;
    std::string payload;
    for (std::size_t i = 0; i < payloadBytes; ++i)
        payload.push_back(static_cast<char>('a' + i % 26));
    s.payload = std::move(payload);
    return s;
}

// Wireshark's tcp.flags.str: 12 positions "RRRACEUAPRSF" (reserved ×3, AccECN, CWR, ECE, URG, ACK, PSH, RST,
// SYN, FIN), a middle dot where a flag is clear.
QString wiresharkFlags(std::uint8_t flags) {
    QString out = QString(4, QChar(0x00B7));
    const char* letters = "CEUAPRSF";
    for (int bit = 7; bit >= 0; --bit)
        out += (flags & (1u << bit)) ? QChar(letters[7 - bit]) : QChar(0x00B7);
    return out;
}

QString tshark() {
    return QStandardPaths::findExecutable("tshark");
}

QStringList runTshark(const QString& file, const QStringList& extra) {
    QProcess p;
    QStringList args{"-r", file, "-o", "ip.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE"};
    p.start(tshark(), args + extra);
    if (!p.waitForFinished(60000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        qWarning("tshark failed: %s", p.readAllStandardError().constData());
        return {"<tshark failed>"};
    }
    return QString::fromUtf8(p.readAllStandardOutput()).split('\n', Qt::SkipEmptyParts);
}

QString writeFile(const QString& path, PcapLinkType type, const std::vector<Frame>& frames) {
    PcapWriter w;
    if (auto e = w.open(path.toStdString(), type))
        return QString::fromStdString(*e);
    for (const auto& f : frames)
        if (auto e = w.write(f.at, f.bytes))
            return QString::fromStdString(*e);
    if (auto e = w.close())
        return QString::fromStdString(*e);
    return {};
}

const TcpSegment kSyn = [] {
    TcpSegment s = segment(40000, 80, 1000, 0, TcpFlag::SYN);
    s.mss = 1460;
    return s;
}();
const TcpSegment kSynAck = [] {
    TcpSegment s = segment(80, 40000, 5000, 1001, TcpFlag::SYN | TcpFlag::ACK);
    s.mss = 536;
    return s;
}();
const TcpSegment kAck = segment(40000, 80, 1001, 5001, TcpFlag::ACK);
const TcpSegment kData = segment(40000, 80, 1001, 5001, TcpFlag::PSH | TcpFlag::ACK, 1200);
const TcpSegment kTooBig = segment(40000, 80, 2201, 5001, TcpFlag::ACK, 1460);
const TcpSegment kDataAck = segment(80, 40000, 5001, 2201, TcpFlag::ACK);
} // namespace

class TestPcap : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;

    // The point-to-point exchange: handshake; 1,200 data bytes with DF clear cut into 3 fragments for MTU
    // 576 (552 + 552 + 116 of the 1,220-byte TCP segment); ICMP 3/4 for a 1,500-byte DF datagram; the ACK.
    std::vector<Frame> rawExchange() const {
        std::vector<Frame> f;
        f.push_back({at(0ms), carry(kSyn, kClient, kServer, 1, true).serialize()});
        f.push_back({at(10ms), carry(kSynAck, kServer, kClient, 1, true).serialize()});
        f.push_back({at(20ms), carry(kAck, kClient, kServer, 2, true).serialize()});
        const auto pieces = fragmentForMtu(carry(kData, kClient, kServer, 3, false), 576).fragments;
        for (std::size_t i = 0; i < pieces.size(); ++i)
            f.push_back({at(30ms + std::chrono::milliseconds(i) + 123ns), pieces[i].serialize()});
        const Ipv4Datagram tooBig = carry(kTooBig, kClient, kServer, 4, true);
        f.push_back(
            {at(40ms), icmpDatagram(makeFragmentationNeeded(tooBig, 576), kRouter, kClient, 77).serialize()});
        f.push_back({at(50ms), carry(kDataAck, kServer, kClient, 2, true).serialize()});
        return f;
    }

    // The Ethernet link: the client resolves the router, then sends its SYN to the router's MAC.
    std::vector<Frame> ethernetExchange() const {
        const MacAddress client = MacAddress::forInterface(1, 0), router = MacAddress::forInterface(3, 0);
        const ArpPacket request = makeArpRequest(client, kClient, kRouter);
        std::vector<Frame> f;
        f.push_back(
            {at(0ms), ethernetFrame(MacAddress::broadcast(), client, EtherType::ARP, request.serialize())});
        f.push_back({at(1ms), ethernetFrame(client, router, EtherType::ARP,
                                            makeArpReply(request, router).serialize())});
        f.push_back({at(2ms), ethernetFrame(router, client, EtherType::IPv4,
                                            carry(kSyn, kClient, kServer, 1, true).serialize())});
        return f;
    }

private slots:
    void initTestCase() { QVERIFY(dir_.isValid()); }

    // pcap file header: nanosecond magic 0xA1B23C4D (written in host order), version 2.4, snaplen 65535,
    // LINKTYPE_RAW (101) for DLT_RAW; then per frame seconds, nanoseconds, caplen, len.
    void writer_rawLink_fileHeaderAndNanosecondRecords() {
        const QString path = dir_.filePath("layout.pcap");
        const Bytes frame = datagramWithPayload(10).serialize();
        QCOMPARE(writeFile(path, PcapLinkType::RawIpv4, {{at(3s + 250ms + 7ns), frame}}), QString());
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray b = file.readAll();
        QCOMPARE(b.size(), 24 + 16 + 30);
        auto u32 = [&](int off) {
            return qFromLittleEndian<quint32>(b.constData() + off);
        };
        QCOMPARE(u32(0), 0xA1B23C4Du);
        QCOMPARE(qFromLittleEndian<quint16>(b.constData() + 4), quint16(2));
        QCOMPARE(qFromLittleEndian<quint16>(b.constData() + 6), quint16(4));
        QCOMPARE(u32(16), 65535u);
        QCOMPARE(u32(20), 101u);
        QCOMPARE(u32(24), 3u);
        QCOMPARE(u32(28), 250000007u);
        QCOMPARE(u32(32), 30u);
        QCOMPARE(u32(36), 30u);
        QCOMPARE(b.mid(40), QByteArray(reinterpret_cast<const char*>(frame.data()), 30));
    }

    void writer_microsecondPrecision_ethernetLinkType() {
        const QString path = dir_.filePath("micro.pcap");
        PcapWriter w;
        QVERIFY(!w.open(path.toStdString(), PcapLinkType::Ethernet, PcapPrecision::Microseconds));
        QVERIFY(!w.write(at(1s + 1500ns), Bytes(60, 0)));
        QVERIFY(!w.close());
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray b = file.readAll();
        QCOMPARE(qFromLittleEndian<quint32>(b.constData()), 0xA1B2C3D4u);
        QCOMPARE(qFromLittleEndian<quint32>(b.constData() + 20), 1u); // LINKTYPE_ETHERNET
        QCOMPARE(qFromLittleEndian<quint32>(b.constData() + 28), 1u); // 1,500 ns → 1 µs
    }

    void writer_unwritablePath_clearMessage() {
        PcapWriter w;
        const auto e = w.open("/nonexistent-dir/out.pcap", PcapLinkType::RawIpv4);
        QVERIFY(e);
        QVERIFY2(QString::fromStdString(*e).startsWith("cannot write /nonexistent-dir/out.pcap: "),
                 e->c_str());
        QVERIFY2(e->find("No such file or directory") != std::string::npos, e->c_str());
        QVERIFY(!w.isOpen());
        QCOMPARE(*w.write(at(0s), Bytes(20, 0)),
                 std::string("pcap file /nonexistent-dir/out.pcap is not open"));
    }

    void writer_negativeTime_refused() {
        PcapWriter w;
        QVERIFY(!w.open(dir_.filePath("neg.pcap").toStdString(), PcapLinkType::RawIpv4));
        QCOMPARE(*w.write(instantFromNanos(-1), Bytes(20, 0)),
                 std::string("frame time -1 ns is before the start of the run"));
    }

    // tshark, checksums on: no malformed frame, no bad IP/TCP/ICMP checksum, no expert error.
    void tshark_rawExchange_noMalformedNoBadChecksums() {
        if (tshark().isEmpty())
            QSKIP("tshark is not installed (apt-get install tshark); the CI image has it");
        const QString path = dir_.filePath("raw.pcap");
        QCOMPARE(writeFile(path, PcapLinkType::RawIpv4, rawExchange()), QString());
        QCOMPARE(runTshark(path, {"-T", "fields", "-e", "frame.number"}).size(), 8);
        const QString bad =
            "_ws.malformed || _ws.expert.severity >= error || ip.checksum.status == \"Bad\" || "
            "tcp.checksum.status == \"Bad\" || icmp.checksum.status == \"Bad\"";
        QCOMPARE(runTshark(path, {"-Y", bad}), QStringList());
        const QString good = "ip.checksum.status == \"Good\"";
        QCOMPARE(runTshark(path, {"-Y", good, "-T", "fields", "-e", "frame.number"}).size(), 8);
    }

    // tshark reads back what was written: flags, raw seq/ack, TCP length, fragment fields, the reassembled
    // segment in the third fragment, ICMP 3/4 with its MTU, nanosecond times.
    void tshark_rawExchange_fieldsReadBackAsWritten() {
        if (tshark().isEmpty())
            QSKIP("tshark is not installed (apt-get install tshark); the CI image has it");
        const QString path = dir_.filePath("fields.pcap");
        QCOMPARE(writeFile(path, PcapLinkType::RawIpv4, rawExchange()), QString());
        const QStringList rows = runTshark(path, {"-2",     "-T",
                                                  "fields", // -2: fragments learn where they are reassembled
                                                  "-E",     "separator=|",
                                                  "-e",     "frame.time_relative",
                                                  "-e",     "ip.id",
                                                  "-e",     "ip.flags.mf",
                                                  "-e",     "ip.frag_offset",
                                                  "-e",     "ip.reassembled_in",
                                                  "-e",     "tcp.flags.str",
                                                  "-e",     "tcp.seq_raw",
                                                  "-e",     "tcp.ack_raw",
                                                  "-e",     "tcp.len",
                                                  "-e",     "icmp.type",
                                                  "-e",     "icmp.code",
                                                  "-e",     "icmp.mtu"});
        auto tcpRow = [](const char* time, int id, const TcpSegment& s) {
            return QString("%1|0x%2|0|0||%3|%4|%5|%6|||")
                .arg(time)
                .arg(id, 4, 16, QChar('0'))
                .arg(wiresharkFlags(s.flags))
                .arg(s.seq.value())
                .arg(s.ack.value())
                .arg(s.payloadLen());
        };
        const QStringList expected{
            tcpRow("0.000000000", 1, kSyn),
            tcpRow("0.010000000", 1, kSynAck),
            tcpRow("0.020000000", 2, kAck),
            // Fragments: offsets in 8-byte units (69 × 8 = 552); the first two say "reassembled in frame 6".
            "0.030000123|0x0003|1|0|6|||||||",
            "0.031000123|0x0003|1|69|6|||||||",
            QString("0.032000123|0x0003|0|138||%1|%2|%3|%4|||")
                .arg(wiresharkFlags(kData.flags))
                .arg(kData.seq.value())
                .arg(kData.ack.value())
                .arg(kData.payloadLen()),
            // ICMP 3/4: outer header id 77, then the quoted header (id 4, DF) and the quoted ports/seq.
            // (tshark does not show the sequence number of a quoted 8-byte TCP header; ports: below.)
            "0.040000000|0x004d,0x0004|0,0|0,0||||||3|4|576",
            tcpRow("0.050000000", 2, kDataAck),
        };
        QCOMPARE(rows, expected);
        const QStringList quoted = runTshark(path, {"-Y", "icmp", "-T", "fields", "-E", "separator=|", "-e",
                                                    "tcp.srcport", "-e", "tcp.dstport"});
        QCOMPARE(quoted, QStringList{QString("%1|%2").arg(kTooBig.srcPort).arg(kTooBig.dstPort)});
    }

    // The Ethernet capture: ARP request (broadcast) and reply, then the SYN, all decoded without error.
    void tshark_ethernetExchange_arpAndSyn() {
        if (tshark().isEmpty())
            QSKIP("tshark is not installed (apt-get install tshark); the CI image has it");
        const QString path = dir_.filePath("ether.pcap");
        QCOMPARE(writeFile(path, PcapLinkType::Ethernet, ethernetExchange()), QString());
        const QString bad =
            "_ws.malformed || _ws.expert.severity >= error || ip.checksum.status == \"Bad\" || "
            "tcp.checksum.status == \"Bad\"";
        QCOMPARE(runTshark(path, {"-Y", bad}), QStringList());
        const QStringList rows = runTshark(path, {"-T", "fields",
                                                  "-E", "separator=|",
                                                  "-e", "eth.dst",
                                                  "-e", "eth.src",
                                                  "-e", "arp.opcode",
                                                  "-e", "arp.src.proto_ipv4",
                                                  "-e", "arp.dst.proto_ipv4",
                                                  "-e", "arp.src.hw_mac",
                                                  "-e", "tcp.flags.str",
                                                  "-e", "tcp.options.mss_val"});
        const QStringList expected{
            "ff:ff:ff:ff:ff:ff|02:00:00:00:00:01|1|10.0.0.1|10.0.0.254|02:00:00:00:00:01||",
            "02:00:00:00:00:01|02:00:00:00:00:03|2|10.0.0.254|10.0.0.1|02:00:00:00:00:03||",
            QString("02:00:00:00:00:03|02:00:00:00:00:01|||||%1|1460").arg(wiresharkFlags(TcpFlag::SYN)),
        };
        QCOMPARE(rows, expected);
    }
};

QTEST_GUILESS_MAIN(TestPcap)
#include "tst_pcap.moc"
