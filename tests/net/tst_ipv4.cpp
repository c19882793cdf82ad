// IPv4 header and TCP header bytes (core/net/ipv4.h): the RFC 1071 checksum against published values, the
// header layout of RFC 791 §3.1, and the TCP pseudo-header checksum of RFC 9293 §3.1.
#include <QtTest>

#include "net/ipv4.h"
#include "net_fixtures.h"

using namespace tcplab;
using namespace tcplab::testing;

namespace {
Bytes fromHex(const char* text) {
    const QByteArray b = QByteArray::fromHex(text);
    return Bytes(b.begin(), b.end());
}

// A real captured IPv4 header (UDP, 192.168.0.1 → 192.168.0.199, DF, TTL 64, total length 115) whose
// checksum field is 0xB861; the usual worked example of the header checksum.
const char* kCapturedHeader = "45000073000040004011b861c0a80001c0a800c7";
} // namespace

class TestIpv4 : public QObject {
    Q_OBJECT
private slots:
    // RFC 1071 §3, "Numerical Examples": the bytes 00 01 f2 03 f4 f5 f6 f7 sum to ddf2; the checksum is its
    // complement, 220d.
    void checksum_rfc1071Example_sumDdf2Checksum220d() {
        const Bytes b = fromHex("0001f203f4f5f6f7");
        QCOMPARE(onesComplementFinish(onesComplementAdd(b)), quint16(~0xddf2 & 0xFFFF));
        QCOMPARE(internetChecksum(b), quint16(0x220d));
    }

    void checksum_capturedHeader_computesB861() {
        Bytes b = fromHex(kCapturedHeader);
        b[10] = b[11] = 0;
        QCOMPARE(internetChecksum(b), quint16(0xb861));
    }

    // RFC 1071 §1: summing data that includes a correct checksum gives all ones, i.e. 0 after complementing.
    void checksum_overBytesWithCorrectChecksum_isZero() {
        QCOMPARE(internetChecksum(fromHex(kCapturedHeader)), quint16(0));
    }

    // RFC 1071 §4.1: an odd final byte is the high half of a 16-bit word padded with zero.
    void checksum_oddLength_padsLastByteOnTheRight() {
        QCOMPARE(internetChecksum(fromHex("0001f2")), internetChecksum(fromHex("0001f200")));
        QCOMPARE(internetChecksum(fromHex("0001f2")), quint16(~(0x0001 + 0xf200) & 0xFFFF));
    }

    // RFC 1071 §2(B): the end-around carry: ffff + 0001 = 0001 (not 0000).
    void checksum_carry_wrapsAround() {
        QCOMPARE(internetChecksum(fromHex("ffff0001")), quint16(~0x0001 & 0xFFFF));
    }

    // RFC 1071 §2(C): summing in wider words gives the same checksum as 16-bit words, whatever the length
    // (multiples of 8 and the 0-7 bytes after them), with carries out of every word (all-ones data) and
    // when a running sum is continued (the TCP pseudo-header's).
    void checksum_wideWords_sameAsSixteenBitWords() {
        auto reference = [](const Bytes& b, std::uint32_t sum) { // RFC 1071 §4.1, word by word
            for (std::size_t i = 0; i < b.size(); i += 2)
                sum += static_cast<std::uint32_t>(b[i] << 8) + (i + 1 < b.size() ? b[i + 1] : 0u);
            while (sum >> 16)
                sum = (sum & 0xFFFF) + (sum >> 16);
            return static_cast<std::uint16_t>(~sum & 0xFFFF);
        };
        std::uint32_t state = 12345;
        std::vector<std::size_t> lengths;
        for (std::size_t len = 0; len <= 70; ++len)
            lengths.push_back(len);
        for (std::size_t len : {255u, 256u, 1479u, 1480u, 1500u, 65535u}) // whole data segments and datagrams
            lengths.push_back(len);
        for (std::size_t len : lengths) {
            Bytes random(len), ones(len, 0xFF);
            for (auto& byte : random) {
                state = state * 1103515245u + 12345u;
                byte = static_cast<std::uint8_t>(state >> 16);
            }
            for (const Bytes* b : {&random, &ones})
                for (std::uint32_t start : {0u, 0xFFFFu, 0x10000u}) {
                    QCOMPARE(onesComplementFinish(onesComplementAdd(*b, start)), reference(*b, start));
                }
        }
    }

    void header_serialize_matchesCapturedBytes() {
        Ipv4Header h;
        h.totalLength = 0x73;
        h.identification = 0;
        h.dontFragment = true;
        h.ttl = 64;
        h.protocol = IpProtocol::UDP;
        h.source = Ipv4Address::fromOctets(192, 168, 0, 1);
        h.destination = Ipv4Address::fromOctets(192, 168, 0, 199);
        QCOMPARE(hex(serializeIpv4Header(h)), hex(fromHex(kCapturedHeader)));
    }

    void header_parse_readsEveryField() {
        const auto r = parseIpv4Header(fromHex(kCapturedHeader));
        QVERIFY2(r, r.error.c_str());
        const Ipv4Header& h = r.value->header;
        QVERIFY(r.value->checksumOk);
        QCOMPARE(h.ihl(), quint8(5));
        QCOMPARE(h.totalLength, quint16(115));
        QCOMPARE(h.dontFragment, true);
        QCOMPARE(h.moreFragments, false);
        QCOMPARE(h.fragmentOffset, quint16(0));
        QCOMPARE(h.ttl, quint8(64));
        QCOMPARE(h.protocol, IpProtocol::UDP);
        QCOMPARE(h.headerChecksum, quint16(0xb861));
        QCOMPARE(h.source.toString(), std::string("192.168.0.1"));
        QCOMPARE(h.destination.toString(), std::string("192.168.0.199"));
    }

    void header_parse_badChecksum_isReportedNotRejected() {
        Bytes b = fromHex(kCapturedHeader);
        b[11] ^= 0x01;
        const auto r = parseIpv4Header(b);
        QVERIFY(r);
        QVERIFY(!r.value->checksumOk);
    }

    // RFC 791 §3.1: flags are bit 1 DF and bit 2 MF of the 3-bit field, the offset the low 13 bits.
    void header_flagsAndOffset_mfWithOffset185Is0x20B9() {
        Ipv4Header h;
        h.moreFragments = true;
        h.fragmentOffset = 185;
        QCOMPARE(h.flagsAndOffset(), quint16(0x20B9));
        h.dontFragment = true;
        h.moreFragments = false;
        h.fragmentOffset = 0;
        QCOMPARE(h.flagsAndOffset(), quint16(0x4000));
    }

    void header_dscpEcnAndOptions_roundTrip() {
        Ipv4Header h;
        h.dscp = 46; // EF
        h.ecn = 2;   // ECT(0)
        h.identification = 0xBEEF;
        h.moreFragments = true;
        h.fragmentOffset = 0x1FFF;
        h.ttl = 1;
        h.protocol = IpProtocol::TCP;
        h.source = kClient;
        h.destination = kServer;
        h.options = {0x94, 0x04, 0x00, 0x00}; // Router Alert (RFC 2113), copied flag set
        const Ipv4Datagram d = Ipv4Datagram::make(h, patternBytes(13));
        QCOMPARE(d.header.ihl(), quint8(6));
        QCOMPARE(d.header.totalLength, quint16(24 + 13));
        const Bytes bytes = d.serialize();
        QCOMPARE(bytes[0], quint8(0x46));
        QCOMPARE(bytes[1], quint8(46 << 2 | 2));
        const auto back = Ipv4Datagram::parse(bytes);
        QVERIFY2(back, back.error.c_str());
        QCOMPARE(*back.value, d);
    }

    void parse_rejectsMalformedHeaders_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("error");
        QTest::newRow("truncated") << QByteArray::fromHex("4500007300")
                                   << "IPv4 header truncated: 5 of 20 bytes";
        QTest::newRow("version-6") << QByteArray::fromHex("65000073000040004011b861c0a80001c0a800c7")
                                   << "not IPv4: version 6";
        QTest::newRow("ihl-4") << QByteArray::fromHex("44000073000040004011b861c0a80001c0a800c7")
                               << "IHL 4 is below the minimum 5";
        QTest::newRow("ihl-beyond-bytes") << QByteArray::fromHex("46000073000040004011b861c0a80001c0a800c7")
                                          << "IPv4 header truncated: IHL says 24 bytes, 20 present";
        QTest::newRow("total-length-short") << QByteArray::fromHex("45000010000040004011b861c0a80001c0a800c7")
                                            << "total length 16 is shorter than the 20-byte header";
    }
    void parse_rejectsMalformedHeaders() {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, error);
        const auto r = parseIpv4Header(Bytes(bytes.begin(), bytes.end()));
        QVERIFY(!r);
        QCOMPARE(QString::fromStdString(r.error), error);
    }

    void datagram_parse_truncatedPayload_isRejected() {
        Bytes b = datagramWithPayload(100).serialize();
        b.resize(90);
        const auto r = Ipv4Datagram::parse(b);
        QVERIFY(!r);
        QCOMPARE(r.error, std::string("datagram truncated: total length 120, 90 bytes present"));
    }

    void datagram_parse_ignoresLinkPadding() {
        const Ipv4Datagram d = datagramWithPayload(6);
        Bytes b = d.serialize();
        b.resize(46, 0); // Ethernet pads to its 46-byte minimum payload
        QCOMPARE(*Ipv4Datagram::parse(b).value, d);
    }

    void address_parseAndPrint_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<quint32>("value");
        QTest::newRow("plain") << "10.0.0.1" << true << 0x0A000001u;
        QTest::newRow("max") << "255.255.255.255" << true << 0xFFFFFFFFu;
        QTest::newRow("zero") << "0.0.0.0" << true << 0u;
        QTest::newRow("octet-256") << "10.0.0.256" << false << 0u;
        QTest::newRow("three-octets") << "10.0.1" << false << 0u;
        QTest::newRow("five-octets") << "10.0.0.1.5" << false << 0u;
        QTest::newRow("four-digits") << "10.0.0.0001" << false << 0u;
        QTest::newRow("empty-octet") << "10..0.1" << false << 0u;
        QTest::newRow("sign") << "10.0.0.-1" << false << 0u;
        QTest::newRow("trailing-space") << "10.0.0.1 " << false << 0u;
    }
    void address_parseAndPrint() {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        QFETCH(quint32, value);
        const auto a = Ipv4Address::parse(text.toStdString());
        QCOMPARE(a.has_value(), valid);
        if (valid) {
            QCOMPARE(a->value, value);
            QCOMPARE(QString::fromStdString(a->toString()), text);
        }
    }

    // Worked by hand: pseudo-header 0a00+0001+0a00+0002+0006+0014 = 141d; TCP header 03e8+0050+5002 = 543a;
    // 141d + 543a = 6857; checksum = ~6857 = 97a8.
    void tcpChecksum_bareSyn_isHandComputed97a8() {
        TcpSegment s;
        s.srcPort = 1000;
        s.dstPort = 80;
        s.flags = TcpFlag::SYN;
        const ByteSlice b = serializeTcpSegment(s, Ipv4Address::fromOctets(10, 0, 0, 1),
                                                Ipv4Address::fromOctets(10, 0, 0, 2));
        QCOMPARE(b.size(), std::size_t(20));
        QCOMPARE(getU16(b, 16), quint16(0x97a8));
    }

    // RFC 9293 §3.1: the pseudo-header makes the checksum depend on the addresses: the same bytes sent to
    // another destination no longer verify.
    void tcpChecksum_coversPseudoHeaderAddresses() {
        TcpSegment s;
        s.srcPort = 1000;
        s.dstPort = 80;
        s.payload = "hello";
        const ByteSlice b = serializeTcpSegment(s, kClient, kServer);
        QCOMPARE(tcpChecksum(kClient, kServer, b), quint16(0));
        QVERIFY(tcpChecksum(kClient, Ipv4Address::fromOctets(10, 0, 1, 3), b) != 0);
    }

    // RFC 9293 §3.1 and §3.2: data offset 6 with the MSS option (kind 2, length 4), flags byte, window.
    void tcpSegment_synWithMss_exactBytes() {
        TcpSegment s;
        s.srcPort = 40000;
        s.dstPort = 80;
        s.seq = SeqNum(0xFFFFFFF0u);
        s.flags = TcpFlag::SYN;
        s.window = 64240;
        s.mss = 1460;
        const ByteSlice b = serializeTcpSegment(s, kClient, kServer);
        Bytes expected = fromHex("9c400050fffffff0000000006002faf000000000020405b4");
        expected[16] = b[16];
        expected[17] = b[17];
        QCOMPARE(hex(b), hex(expected));
        QCOMPARE(tcpChecksum(kClient, kServer, b), quint16(0));
    }

    void tcpSegment_parse_roundTrips() {
        TcpSegment s;
        s.srcPort = 80;
        s.dstPort = 40000;
        s.seq = SeqNum(12345);
        s.ack = SeqNum(0xFFFFFFFFu);
        s.flags = TcpFlag::PSH | TcpFlag::ACK;
        s.window = 512;
        s.urgentPointer = 7;
        s.payload = std::string(333, 'x');
        const auto r = parseTcpSegment(serializeTcpSegment(s, kServer, kClient), kServer, kClient);
        QVERIFY2(r, r.error.c_str());
        QVERIFY(r.value->checksumOk);
        QCOMPARE(r.value->segment, s);
    }

    void tcpSegment_parse_corruptedPayload_failsChecksum() {
        TcpSegment s;
        s.payload = "abcdef";
        const ByteSlice wire = serializeTcpSegment(s, kServer, kClient);
        Bytes b(wire.begin(), wire.end());
        QCOMPARE(b.size(), std::size_t(26));
        b[25] ^= 0x20; // the last payload byte
        const auto r = parseTcpSegment(b, kServer, kClient);
        QVERIFY(r);
        QVERIFY(!r.value->checksumOk);
    }

    void tcpSegment_parse_malformedOption_isRejected() {
        Bytes b = fromHex("9c400050000000000000000060020000000000000205"); // MSS option cut short
        b.resize(24, 0);
        b[21] = 0x09; // length 9 runs past the 24-byte header
        const auto r = parseTcpSegment(b, kServer, kClient);
        QVERIFY(!r);
        QCOMPARE(r.error, std::string("malformed TCP option of kind 2 at byte 20"));
    }
};

QTEST_APPLESS_MAIN(TestIpv4)
#include "tst_ipv4.moc"
