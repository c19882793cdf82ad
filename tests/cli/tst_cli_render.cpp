// The text renderers (Wireshark summary, tcpdump lines, ladder) and the JSON Lines writer, on a trace built
// by hand (trace_fixture.h).
#include "io/ladder.h"
#include "io/trace_jsonl.h"
#include "trace_fixture.h"

#include <QBuffer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace tcplab;
using namespace tcplab::testing;

namespace {

QList<QByteArray> jsonLines(const QByteArray& jsonl) {
    QList<QByteArray> lines = jsonl.split('\n');
    if (!lines.isEmpty() && lines.last().isEmpty())
        lines.removeLast();
    return lines;
}

QJsonObject parseLine(const QByteArray& line) {
    QJsonParseError err{};
    const QJsonDocument doc = QJsonDocument::fromJson(line, &err);
    if (err.error != QJsonParseError::NoError || !doc.isObject())
        qWarning() << "not a JSON object:" << line << err.errorString();
    return doc.object();
}

} // namespace

class TestCliRender : public QObject {
    Q_OBJECT

private slots:
    // ---- wiresharkSummary ----
    void summary_synRelative_showsSeqZeroAndMss() {
        const SegmentRecord syn = segment(0, 1, 1000, 0, TcpFlag::SYN);
        QCOMPARE(wiresharkSummary(syn, SeqNum(1000), std::nullopt),
                 QString("[SYN] Seq=0 Win=65535 Len=0 MSS=1460"));
    }
    void summary_synAck_flagsInWiresharkOrder() {
        const SegmentRecord s = segment(1, 0, 5000, 1001, TcpFlag::SYN | TcpFlag::ACK);
        QCOMPARE(wiresharkSummary(s, SeqNum(5000), SeqNum(1000)),
                 QString("[SYN, ACK] Seq=0 Ack=1 Win=65535 Len=0 MSS=1460"));
    }
    void summary_absolute_showsRawNumbers() {
        const SegmentRecord s = segment(1, 0, 5000, 1001, TcpFlag::SYN | TcpFlag::ACK);
        QCOMPARE(wiresharkSummary(s, std::nullopt, std::nullopt),
                 QString("[SYN, ACK] Seq=5000 Ack=1001 Win=65535 Len=0 MSS=1460"));
    }
    void summary_data_showsLenAndNoMss() {
        const SegmentRecord s = segment(0, 1, 1001, 5001, TcpFlag::PSH | TcpFlag::ACK, 100);
        QCOMPARE(wiresharkSummary(s, SeqNum(1000), SeqNum(5000)),
                 QString("[PSH, ACK] Seq=1 Ack=1 Win=65535 Len=100"));
    }
    void summary_finAck_andRst() {
        QCOMPARE(wiresharkSummary(segment(0, 1, 1101, 5001, TcpFlag::FIN | TcpFlag::ACK), SeqNum(1000),
                                  SeqNum(5000)),
                 QString("[FIN, ACK] Seq=101 Ack=1 Win=65535 Len=0"));
        SegmentRecord rst = segment(1, 0, 0, 1001, TcpFlag::RST | TcpFlag::ACK);
        rst.window = 0;
        QCOMPARE(wiresharkSummary(rst, SeqNum(0), SeqNum(1000)),
                 QString("[RST, ACK] Seq=0 Ack=1 Win=0 Len=0"));
        SegmentRecord bare = segment(0, 1, 7, 0, 0);
        QCOMPARE(wiresharkSummary(bare, std::nullopt, std::nullopt),
                 QString("[<None>] Seq=7 Win=65535 Len=0"));
    }
    void summary_ackWithoutAckFlag_isNotShown() {
        // A SYN carries an ack field of 0 that means nothing: Wireshark does not print it.
        const SegmentRecord syn = segment(0, 1, 1000, 77, TcpFlag::SYN);
        QVERIFY(!wiresharkSummary(syn, std::nullopt, std::nullopt).contains("Ack="));
    }
    void summary_urgentPointer_shownWithUrg() {
        const SegmentRecord s = segment(0, 1, 1001, 5001, TcpFlag::URG | TcpFlag::ACK, 10);
        SegmentRecord u = s;
        u.urgentPointer = 5;
        QCOMPARE(wiresharkSummary(u, SeqNum(1000), SeqNum(5000)),
                 QString("[ACK, URG] Seq=1 Ack=1 Win=65535 Urg=5 Len=10"));
    }
    void summary_relativeAcrossWrap() {
        // ISN near 2^32: relative numbers are modular.
        const SegmentRecord s = segment(0, 1, 0x00000010, 5001, TcpFlag::ACK, 1);
        QCOMPARE(wiresharkSummary(s, SeqNum(0xFFFFFFF0u), SeqNum(5000)),
                 QString("[ACK] Seq=32 Ack=1 Win=65535 Len=1"));
    }
    void relativeBases_perDirectionFromFirstSyn() {
        const Trace t = handshakeTrace();
        const auto bases = wiresharkRelativeBases(t);
        QCOMPARE(bases.size(), t.segments.size());
        QCOMPARE(bases[0].seq->value(), 1000u); // the client's SYN
        QVERIFY(!bases[0].ack);                 // nothing seen from the server yet
        QCOMPARE(bases[1].seq->value(), 5000u); // the server's SYN,ACK
        QCOMPARE(bases[1].ack->value(), 1000u);
        QCOMPARE(bases[3].seq->value(), 1000u);
        QCOMPARE(bases[3].ack->value(), 5000u);
    }
    void relativeBases_newSynOnSameTupleRebases() {
        Trace t;
        t.segments.push_back(segment(0, 1, 1000, 0, TcpFlag::SYN));
        t.segments.push_back(segment(0, 1, 1000, 0, TcpFlag::SYN)); // a retransmission: same base
        t.segments.push_back(segment(0, 1, 9000, 0, TcpFlag::SYN)); // a new connection
        const auto bases = wiresharkRelativeBases(t);
        QCOMPARE(bases[1].seq->value(), 1000u);
        QCOMPARE(bases[2].seq->value(), 9000u);
    }
    void formatSeconds_isExactAndTruncated() {
        QCOMPARE(formatSeconds(0), std::string("0.000000"));
        QCOMPARE(formatSeconds(100'000'000), std::string("0.100000"));
        QCOMPARE(formatSeconds(240'310'000'999), std::string("240.310000"));
        QCOMPARE(formatSeconds(1'500'000'000, 3), std::string("1.500"));
        QCOMPARE(formatSeconds(1'000'000'001, 9), std::string("1.000000001"));
        QCOMPARE(formatSeconds(7'000'000'000, 0), std::string("7"));
    }

    // ---- tcpdump ----
    void tcpdump_relativeAfterSynAck() {
        const QStringList lines = renderTcpdump(handshakeTrace(), {}).split('\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 7);
        QCOMPARE(lines[0],
                 QString("0.100000 IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [S], seq 1000, win 65535, "
                         "options [mss 1460], length 0"));
        QCOMPARE(lines[1],
                 QString("0.110000 IP 10.0.0.2.80 > 10.0.0.1.40000: Flags [S.], seq 5000, ack 1001, "
                         "win 65535, options [mss 1460], length 0"));
        QCOMPARE(lines[2],
                 QString("0.120000 IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [.], ack 1, win 65535, length 0"));
        QCOMPARE(lines[3], QString("0.200000 IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [P.], seq 1:101, ack 1, "
                                   "win 65535, length 100"));
        QCOMPARE(
            lines[4],
            QString("0.210000 IP 10.0.0.2.80 > 10.0.0.1.40000: Flags [.], ack 101, win 65435, length 0"));
        QCOMPARE(lines[5], QString(lines[3]).replace("0.200000", "0.300000"));
        QCOMPARE(lines[6], lines[5]); // the network's duplicate
    }
    void tcpdump_absoluteLikeDashS() {
        LadderOptions opt;
        opt.absoluteSeq = true;
        const QStringList lines = renderTcpdump(handshakeTrace(), opt).split('\n', Qt::SkipEmptyParts);
        QCOMPARE(
            lines[2],
            QString("0.120000 IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [.], ack 5001, win 65535, length 0"));
        QCOMPARE(lines[3],
                 QString("0.200000 IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [P.], seq 1001:1101, ack 5001, "
                         "win 65535, length 100"));
    }
    void tcpdump_finRstAndUrgFields() {
        Trace t;
        t.hostNames = {"client", "server"};
        t.hostAddrs = {0x0A000001, 0x0A000002};
        TraceBuilder b;
        b.trace = t;
        b.send(ms(1), segment(0, 1, 1000, 0, TcpFlag::SYN), 0);
        b.send(ms(2), segment(1, 0, 0, 1001, TcpFlag::RST | TcpFlag::ACK), 0);
        SegmentRecord urg = segment(0, 1, 1001, 5001, TcpFlag::URG | TcpFlag::ACK | TcpFlag::FIN, 3);
        urg.urgentPointer = 2;
        b.send(ms(3), urg, 0);
        const QStringList lines = renderTcpdump(b.trace, {}).split('\n', Qt::SkipEmptyParts);
        // RST,ACK sets up the conversation (absolute); the later segment is relative to it.
        QCOMPARE(lines[1],
                 QString("0.002000 IP 10.0.0.2.80 > 10.0.0.1.40000: Flags [R.], seq 0, ack 1001, win 65535, "
                         "length 0"));
        QCOMPARE(lines[2],
                 QString("0.003000 IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [FU.], seq 1:4, ack 5001, "
                         "win 65535, urg 2, length 3"));
    }

    // ---- ladder ----
    void ladder_showsHostsStatesArrowsAndFates() {
        const QString ladder = renderLadder(handshakeTrace(), {});
        qInfo().noquote() << "\n" << ladder;
        const QStringList lines = ladder.split('\n', Qt::SkipEmptyParts);
        QVERIFY(lines[0].startsWith("time (s)"));
        QVERIFY(lines[0].contains("client") && lines[0].contains("server"));
        QVERIFY(lines[1].contains("10.0.0.1") && lines[1].contains("10.0.0.2"));
        QVERIFY(ladder.contains("CLOSED -> SYN-SENT (CL-2: active OPEN / snd SYN)"));
        QVERIFY(ladder.contains("CLOSED -> LISTEN (CL-1: passive OPEN)"));
        QVERIFY(ladder.contains("SYN-SENT -> ESTABLISHED (SS-3: rcv SYN,ACK / snd ACK)"));
        QVERIFY(ladder.contains(" [SYN] Seq=0 Win=65535 Len=0 MSS=1460 "));
        QVERIFY(ladder.contains(" [SYN, ACK] Seq=0 Ack=1 Win=65535 Len=0 MSS=1460 "));
        QVERIFY(ladder.contains("arrives 0.110000"));
        QVERIFY(ladder.contains("X dropped by fault rule 1"));
        QVERIFY(ladder.contains("-X   |"));
        QVERIFY(ladder.contains("->|"));
        QVERIFY(ladder.contains("|<-"));
        QVERIFY(ladder.contains("retransmission, arrives 0.310000"));
        QVERIFY(ladder.contains("network duplicate, retransmission, arrives 0.310000"));
        QVERIFY(ladder.contains("timer RTO armed: 1 s (until 1.100000)"));
        QVERIFY(ladder.contains("timer RTO cancelled"));
        QVERIFY(ladder.contains("ERROR: connection reset"));
        QVERIFY(ladder.contains("app: connect to 10.0.0.2:80"));
        QVERIFY(ladder.contains("app receives 100 bytes"));
        QVERIFY(ladder.contains("== end of run: no more events =="));
        QVERIFY(ladder.contains(
            QString::fromUtf8("note: say \"hi\" \\ back\\x01\\ttab\\nline \xE4\xB8\xAD\xE6\x96\x87 "
                              "(RFC 9293 \xC2\xA7"
                              "3.10.7.4)")));
        for (const QString& line : lines)
            QVERIFY2(!line.endsWith(' '), qPrintable(line));
    }
    void ladder_timeShownOncePerInstant() {
        const QStringList lines = renderLadder(handshakeTrace(), {}).split('\n', Qt::SkipEmptyParts);
        int rowsAt100ms = 0;
        for (const QString& line : lines)
            if (line.startsWith("0.100000"))
                ++rowsAt100ms;
        QCOMPARE(rowsAt100ms, 1);
    }
    void ladder_absoluteAndTimersOff() {
        LadderOptions opt;
        opt.absoluteSeq = true;
        opt.showTimers = false;
        const QString ladder = renderLadder(handshakeTrace(), opt);
        QVERIFY(ladder.contains("[SYN] Seq=1000 Win=65535 Len=0 MSS=1460"));
        QVERIFY(ladder.contains("[SYN, ACK] Seq=5000 Ack=1001"));
        QVERIFY(!ladder.contains("timer "));
    }
    void ladder_notesAfterTheirEvent() {
        LadderOptions opt;
        opt.notes.push_back({4, "\xE5\xAE\xA2\xE6\x88\xB7\xE7\xAB\xAF sends its SYN"}); // event 4: the SYN
        const QStringList lines = renderLadder(handshakeTrace(), opt).split('\n', Qt::SkipEmptyParts);
        const auto noteRow = lines.indexOf(QRegularExpression(".*>> 客户端 sends its SYN$"));
        QVERIFY(noteRow > 0);
        QVERIFY(lines[noteRow - 1].contains("[SYN] Seq=0"));
    }
    void ladder_narrowWidthElidesLabels() {
        LadderOptions opt;
        opt.width = 60;
        const QString ladder = renderLadder(handshakeTrace(), opt);
        QVERIFY(ladder.contains("..."));
        QVERIFY(ladder.contains("arrives 0.110000"));
    }
    void ladder_threeHostsAndEmptyTrace() {
        Trace t = handshakeTrace();
        t.hostNames.push_back("router");
        t.hostAddrs.push_back(0x0A000003);
        QVERIFY(renderLadder(t, {}).contains("router"));
        Trace empty;
        QVERIFY(renderLadder(empty, {}).startsWith("time (s)"));
        QVERIFY(renderTcpdump(empty, {}).isEmpty());
    }

    // ---- JSON Lines ----
    void jsonQuote_escapes() {
        QCOMPARE(jsonQuote("plain"), std::string("\"plain\""));
        QCOMPARE(jsonQuote("a\"b\\c"), std::string("\"a\\\"b\\\\c\""));
        QCOMPARE(jsonQuote("\n\r\t\b\f"), std::string("\"\\n\\r\\t\\b\\f\""));
        QCOMPARE(jsonQuote(std::string("\x01\x1f\x7f", 3)), std::string("\"\\u0001\\u001f\\u007f\""));
        QCOMPARE(jsonQuote(std::string("nul\0x", 5)), std::string("\"nul\\u0000x\""));
        QCOMPARE(jsonQuote("\xE4\xB8\xAD\xE6\x96\x87"),
                 std::string("\"\xE4\xB8\xAD\xE6\x96\x87\""));                        // 中文 as is
        QCOMPARE(jsonQuote("\xF0\x9F\x98\x80"), std::string("\"\xF0\x9F\x98\x80\"")); // U+1F600
    }
    void jsonQuote_invalidUtf8BecomesReplacement() {
        QCOMPARE(jsonQuote("a\xFF"
                           "b"),
                 std::string("\"a\xEF\xBF\xBD"
                             "b\""));
        QCOMPARE(jsonQuote("\xC0\xAF"), std::string("\"\xEF\xBF\xBD\xEF\xBF\xBD\"")); // overlong '/'
        QCOMPARE(jsonQuote("\xED\xA0\x80"),
                 std::string("\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\""));            // a surrogate
        QCOMPARE(jsonQuote("\xE4\xB8"), std::string("\"\xEF\xBF\xBD\xEF\xBF\xBD\"")); // truncated
    }
    void jsonl_everyLineIsAJsonObject() {
        const Trace t = handshakeTrace();
        const QList<QByteArray> lines = jsonLines(traceToJsonl(t));
        QCOMPARE(lines.size(), qsizetype(1 + t.connections.size() + t.events.size()));
        for (const QByteArray& line : lines) {
            QJsonParseError err{};
            const QJsonDocument doc = QJsonDocument::fromJson(line, &err);
            QVERIFY2(err.error == QJsonParseError::NoError, qPrintable(err.errorString() + ": " + line));
            QVERIFY(doc.isObject());
            QVERIFY(!line.contains('\n'));
        }
    }
    void jsonl_header() {
        const QList<QByteArray> lines = jsonLines(traceToJsonl(handshakeTrace()));
        QCOMPARE(
            lines[0],
            QByteArray(R"({"type":"header","format":"tcplab-trace","version":1,"hosts":[)"
                       R"({"name":"client","address":"10.0.0.1"},{"name":"server","address":"10.0.0.2"}],)"
                       R"("links":[{"name":"client-server"}]})"));
    }
    void jsonl_connectionsBeforeFirstUse() {
        const QList<QByteArray> lines = jsonLines(traceToJsonl(handshakeTrace()));
        QSet<int> seen;
        for (const QByteArray& line : lines) {
            const QJsonObject o = parseLine(line);
            if (o["type"] == "connection")
                seen.insert(o["conn"].toInt());
            else if (o["type"] == "event" && !o["conn"].isNull())
                QVERIFY2(seen.contains(o["conn"].toInt()), line.constData());
        }
        QCOMPARE(seen.size(), 3);
        QCOMPARE(lines[1],
                 QByteArray(R"({"type":"connection","conn":0,"t":0,"host":"server","listener":true,)"
                            R"("local":"10.0.0.2","local_port":80,"remote":"0.0.0.0","remote_port":0})"));
    }
    void jsonl_eventFields() {
        const Trace t = handshakeTrace();
        const QList<QByteArray> lines = jsonLines(traceToJsonl(t));
        QList<QJsonObject> events;
        for (const QByteArray& line : lines) {
            const QJsonObject o = parseLine(line);
            if (o["type"] == "event")
                events.push_back(o);
        }
        QCOMPARE(events.size(), qsizetype(t.events.size()));
        for (qsizetype i = 0; i < events.size(); ++i)
            QCOMPARE(events[i]["step"].toInteger(), i + 1);

        // The exact bytes of a segment event, keys in their documented order.
        const QByteArray synLine = lines[7];
        QCOMPARE(
            synLine,
            QByteArray(
                R"({"type":"event","step":5,"t":100000000,"kind":"segment-sent","host":"client","conn":1,)"
                R"("segment":{"id":0,"from":"client","to":"server","link":"client-server","src":"10.0.0.1",)"
                R"("src_port":40000,"dst":"10.0.0.2","dst_port":80,"seq":1000,"ack":0,"flags":["SYN"],)"
                R"("window":65535,"urgent":0,"mss":1460,"len":0,"seg_len":1,"retransmission":false,)"
                R"("duplicate":false,"copy_of":null,"sent_at":100000000}})"));

        const QJsonObject state = events[3];
        QCOMPARE(state["kind"].toString(), QString("state-change"));
        QCOMPARE(state["from"].toString(), QString("CLOSED"));
        QCOMPARE(state["to"].toString(), QString("SYN-SENT"));
        QCOMPARE(state["rule"].toString(), QString("CL-2"));
        QCOMPARE(state["label"].toString(), QString("active OPEN / snd SYN"));
        QCOMPARE(state["rfc"].toString(), QString("3.10.1"));

        const QJsonObject timer = events[5];
        QCOMPARE(timer["kind"].toString(), QString("timer-armed"));
        QCOMPARE(timer["timer"].toString(), QString("retransmission"));
        QCOMPARE(timer["deadline"].toInteger(), 1'100'000'000);

        const QJsonObject call = events[2];
        QCOMPARE(call["call"].toString(), QString("connect"));
        QCOMPARE(call["text"].toString(), QString("connect to 10.0.0.2:80"));

        bool sawDrop = false, sawDup = false, sawData = false, sawNote = false, sawEnd = false;
        for (const QJsonObject& e : events) {
            const QString kind = e["kind"].toString();
            if (kind == "segment-dropped") {
                sawDrop = true;
                QCOMPARE(e["reason"].toString(), QString("dropped by fault rule 1"));
                QCOMPARE(e["segment"]["flags"].toArray(), QJsonArray({"ACK"}));
                QVERIFY(e["segment"]["mss"].isNull());
            } else if (kind == "segment-duplicated") {
                sawDup = true;
                QCOMPARE(e["original"].toInteger(), 5);
                QCOMPARE(e["segment"]["copy_of"].toInteger(), 5);
                QCOMPARE(e["segment"]["duplicate"].toBool(), true);
                QCOMPARE(e["segment"]["retransmission"].toBool(), true);
                QCOMPARE(e["segment"]["flags"].toArray(), QJsonArray({"PSH", "ACK"}));
            } else if (kind == "data-delivered") {
                sawData = true;
                QCOMPARE(e["bytes"].toInteger(), 100);
                QCOMPARE(e["text"].toString(), QString::fromUtf8("abc\xEF\xBF\xBDz"));
            } else if (kind == "note") {
                sawNote = true;
                QCOMPARE(e["text"].toString(), QString::fromUtf8(kOddNote));
                QCOMPARE(e["rfc"].toString(), QString("3.10.7.4"));
            } else if (kind == "run-ended") {
                sawEnd = true;
                QCOMPARE(e["reason"].toString(), QString("no more events"));
                QVERIFY(e["conn"].isNull());
                QVERIFY(e["host"].isNull());
            }
        }
        QVERIFY(sawDrop && sawDup && sawData && sawNote && sawEnd);
    }
    void jsonl_largeNumbersAreIntegers() {
        Trace t = handshakeTrace();
        SegmentRecord first = t.segments[0];
        first.seq = SeqNum(0xFFFFFFFFu);
        t.segments.set(0, first);
        TraceEvent last = t.events.back();
        last.at = instantFromNanos(86'400'000'000'123); // a day and 123 ns
        t.events.setBack(last);
        const QByteArray jsonl = traceToJsonl(t);
        QVERIFY(jsonl.contains("\"seq\":4294967295,"));
        QVERIFY(jsonl.contains("\"t\":86400000000123,"));
        QVERIFY(!jsonl.contains("e+"));
    }
    void jsonl_isDeterministicAndWrites() {
        const Trace t = handshakeTrace();
        const QByteArray a = traceToJsonl(t);
        QCOMPARE(traceToJsonl(t), a);
        QVERIFY(a.endsWith('\n'));
        QBuffer buf;
        QVERIFY(buf.open(QIODevice::WriteOnly));
        QVERIFY(writeTraceJsonl(t, buf));
        QCOMPARE(buf.data(), a);
        QBuffer readOnly;
        QVERIFY(readOnly.open(QIODevice::ReadOnly));
        QTest::ignoreMessage(QtWarningMsg, "QIODevice::write (QBuffer): ReadOnly device");
        QVERIFY(!writeTraceJsonl(t, readOnly));
    }
    void jsonl_emptyTraceIsJustTheHeader() {
        const QList<QByteArray> lines = jsonLines(traceToJsonl(Trace{}));
        QCOMPARE(lines.size(), 1);
        QCOMPARE(parseLine(lines[0])["format"].toString(), QString("tcplab-trace"));
    }
};

QTEST_GUILESS_MAIN(TestCliRender)
#include "tst_cli_render.moc"
