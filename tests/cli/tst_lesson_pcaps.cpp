// Every built-in lesson exported to pcap, one file per link, as `tcplab-cli run --pcap OUT --pcap-link all`
// writes them, and read back by tshark with IP and TCP checksum validation on (issue 3's acceptance):
// no malformed frame, no bad checksum, no expert error; every fragment reassembled where its datagram was
// complete; and the TCP segments tshark decodes on a link (flags, raw seq and ack, length) are exactly the
// segments the trace says entered that link, in order.
#include "io/builtin.h"
#include "io/pcap.h"
#include "io/scenario_json.h"
#include "sim/simulation.h"
#include "tshark_check.h"

#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace tcplab;
using tcplab::test::runTshark;
using tcplab::test::tshark;

namespace {

struct Frame {
    std::uint32_t link;
    Instant at;
    Bytes bytes;
};

} // namespace

class TestLessonPcaps : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() {
        // ./tcplab.sh installs tshark; a machine without it cannot check the exports.
        QVERIFY2(!tshark().isEmpty(), "tshark is not installed (apt-get install tshark)");
    }

    void everyLink_tsharkAgreesWithTrace_data() {
        QTest::addColumn<QString>("name");
        for (const QString& n : builtinScenarioNames())
            QTest::newRow(qPrintable(n)) << n;
    }

    void everyLink_tsharkAgreesWithTrace() {
        QFETCH(QString, name);
        const ScenarioLoad load = loadScenarioArgument(QStringLiteral("builtin:") + name);
        QVERIFY2(load.scenario, qPrintable(load.error));
        Simulation sim(*load.scenario);
        std::vector<Frame> frames;
        sim.setWireTap([&](std::uint32_t link, Instant at, const Bytes& b) {
            frames.push_back({link, at, b});
        });
        sim.run();
        const Trace& trace = sim.trace();
        QTemporaryDir dir;
        for (std::uint32_t li = 0; li < trace.linkNames.size(); ++li) {
            const QString path = dir.filePath(QStringLiteral("link%1.pcap").arg(li));
            PcapWriter w;
            const bool ethernet = li < load.scenario->links.size() && load.scenario->links[li].ethernet;
            QCOMPARE(w.open(path.toStdString(), ethernet ? PcapLinkType::Ethernet : PcapLinkType::RawIpv4),
                     std::nullopt);
            int count = 0;
            for (const Frame& f : frames)
                if (f.link == li) {
                    QCOMPARE(w.write(f.at, f.bytes), std::nullopt);
                    ++count;
                }
            QCOMPARE(w.close(), std::nullopt);
            if (count == 0)
                continue;
            QCOMPARE(runTshark(path, {"-Y", tcplab::test::kTsharkBadFrames}), QStringList());
            QCOMPARE(runTshark(path, {"-T", "fields", "-e", "frame.number"}).size(), count);

            // A fragment whose datagram was complete on this link says where it was reassembled.
            std::map<std::pair<std::uint32_t, std::uint16_t>, std::uint32_t> fragmentBytes, totalBytes;
            for (const auto& d : trace.datagrams)
                if (d.link == li && d.isFragment()) {
                    fragmentBytes[{d.srcAddr, d.id}] += d.dataLen();
                    if (!d.moreFragments)
                        totalBytes[{d.srcAddr, d.id}] = d.fragmentOffset * 8u + d.dataLen();
                }
            int reassembled = 0;
            for (const auto& [key, total] : totalBytes)
                if (fragmentBytes[key] == total)
                    ++reassembled;
            QCOMPARE(
                runTshark(path, {"-Y", "ip.reassembled.length", "-T", "fields", "-e", "frame.number"}).size(),
                reassembled);

            // The TCP segments on the link, as tshark decodes them, against the trace: a datagram that is
            // not a fragment shows its segment at once; a fragmented one where its last piece completes it.
            // Lessons that leave flood segments out of their trace (flood_trace: summary) are not compared.
            if (load.scenario->floodSummary)
                continue;
            auto fields = [](const SegmentRecord& s) {
                return QStringLiteral("%1 %2 %3 %4")
                    .arg(s.flags)
                    .arg(s.seq.value())
                    .arg(s.ack.value())
                    .arg(s.payloadLen);
            };
            QStringList expected;
            std::map<std::pair<std::uint32_t, std::uint16_t>, std::uint32_t> seen;
            for (const auto& ev : trace.events) {
                if (trace.datagrams.size() == 0) {
                    if (ev.kind == TraceKind::SegmentSent && ev.segment < trace.segments.size() &&
                        trace.segments[ev.segment].link == li)
                        expected << fields(trace.segments[ev.segment]);
                    continue;
                }
                if (ev.kind != TraceKind::DatagramSent || ev.value() >= trace.datagrams.size())
                    continue;
                const DatagramRecord& d = trace.datagrams[ev.value()];
                if (d.link != li || d.protocol != 6 || d.segment >= trace.segments.size())
                    continue;
                if (!d.isFragment()) {
                    expected << fields(trace.segments[d.segment]);
                    continue;
                }
                const auto key = std::pair{d.srcAddr, d.id};
                seen[key] += d.dataLen();
                if (totalBytes.count(key) && seen[key] == totalBytes[key])
                    expected << fields(trace.segments[d.segment]);
            }
            QStringList actual;
            for (const QString& row :
                 runTshark(path, {"-Y", "tcp && !icmp", "-T", "fields", "-e", "tcp.flags", "-e",
                                  "tcp.seq_raw", "-e", "tcp.ack_raw", "-e", "tcp.len"})) {
                const QStringList f = row.split('\t');
                QCOMPARE(f.size(), 4);
                actual << QStringLiteral("%1 %2 %3 %4").arg(f[0].toUInt(nullptr, 16)).arg(f[1], f[2], f[3]);
            }
            QCOMPARE(actual, expected);
        }
    }
};

QTEST_GUILESS_MAIN(TestLessonPcaps)
#include "tst_lesson_pcaps.moc"
