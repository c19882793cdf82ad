// The IP layer on the GUI's ladder (issue 3): router lanes on the path, per-hop arrows for datagrams,
// fragments grouped under their segment, lost fragments marked, and a fragment's IPv4 header in the segment
// inspector. Driven through the real main window (QT_QPA_PLATFORM=offscreen) on the built-in IP lessons.
#include <QSettings>
#include <QStandardPaths>
#include <QTest>
#include <QTreeWidget>

#include "gui_fixture.h"
#include "i18n.h"
#include "inspectors.h"
#include "io/ladder.h"
#include "ladder_view.h"
#include "main_window.h"
#include "narration.h"
#include "packet_bytes.h"
#include "player_controller.h"
#include "trace_model.h"

using namespace tcplab;
using namespace tcplab::ui;
using namespace tcplab::ui::guitest;

namespace {

int hostIndex(const Trace& t, const char* name) {
    for (std::size_t h = 0; h < t.hostNames.size(); ++h)
        if (t.hostNames[h] == name)
            return static_cast<int>(h);
    return -1;
}

// The first segment whose datagram a router cut into pieces, and those pieces in offset order.
std::vector<std::uint32_t> firstFragmentGroup(const Trace& t) {
    for (std::uint32_t d = 0; d < t.datagrams.size(); ++d)
        if (t.datagrams[d].fragment == 1) {
            std::vector<std::uint32_t> group;
            for (std::uint32_t e = d; e < t.datagrams.size(); ++e)
                if (t.datagrams[e].fragment != 0 && t.datagrams[e].id == t.datagrams[d].id &&
                    t.datagrams[e].fromNode == t.datagrams[d].fromNode)
                    group.push_back(e);
            return group;
        }
    return {};
}

QTreeWidgetItem* field(QTreeWidget* tree, const QString& name) {
    const auto items = tree->findItems(name, Qt::MatchExactly | Qt::MatchRecursive);
    return items.isEmpty() ? nullptr : items.front();
}

} // namespace

class TestIpLadder : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("TCP Lab tests"));
        QSettings(QStringLiteral("TCP Lab"), QStringLiteral("tcplab")).clear();
        QCOMPARE(installTranslations(QStringLiteral("en")), QStringLiteral("en"));
    }

    // client | r1 | server: the router stands between the hosts it joins, whatever the file's order.
    void routerLaneStandsOnThePath() {
        MainWindow w(QStringLiteral("builtin:ip-fragmentation-576"));
        QVERIFY(settled(w));
        const Trace& t = w.controller()->trace();
        const int client = hostIndex(t, "client");
        const int r1 = hostIndex(t, "r1");
        const int server = hostIndex(t, "server");
        QVERIFY(client >= 0 && r1 >= 0 && server >= 0);
        QCOMPARE(laneOrder(t), (std::vector<int>{client, r1, server}));
        QCOMPARE(w.controller()->index().lanes, laneOrder(t));
        // The hops' arrows run client → r1 → server from left to right.
        LadderView* ladder = w.ladder();
        std::optional<QLineF> toRouter;
        std::optional<QLineF> fromRouter;
        for (std::uint32_t d = 0; d < t.datagrams.size() && !(toRouter && fromRouter); ++d) {
            if (t.datagrams[d].fromNode == client && t.datagrams[d].toNode == r1 && !toRouter)
                toRouter = ladder->datagramArrowInView(d);
            if (t.datagrams[d].fromNode == r1 && t.datagrams[d].toNode == server && !fromRouter)
                fromRouter = ladder->datagramArrowInView(d);
        }
        QVERIFY(toRouter && fromRouter);
        QVERIFY(toRouter->p1().x() < toRouter->p2().x());
        QCOMPARE(toRouter->p2().x(), fromRouter->p1().x());
        QVERIFY(fromRouter->p1().x() < fromRouter->p2().x());
    }

    // The router's lane is headed "r1 (router)" with its addresses, at every step: never a TCP state.
    void routerLaneNeverShowsAState() {
        MainWindow w(QStringLiteral("builtin:ip-ping-traceroute"));
        QVERIFY(settled(w));
        const Trace& t = w.controller()->trace();
        LadderView* ladder = w.ladder();
        int routers = 0;
        for (int h = 0; h < static_cast<int>(t.hostNames.size()); ++h) {
            if (!t.isRouter(static_cast<std::uint16_t>(h)))
                continue;
            ++routers;
            QCOMPARE(ladder->laneHeading(h),
                     QString::fromStdString(t.hostNames[static_cast<std::size_t>(h)]) +
                         QStringLiteral(" (router)"));
            // Every interface's address.
            for (const RouterSpec& r : w.controller()->scenario().routers)
                if (r.name == t.hostNames[static_cast<std::size_t>(h)])
                    for (const InterfaceSpec& i : r.interfaces)
                        QVERIFY(ladder->laneSubheading(h, -1).contains(
                            QString::fromStdString(formatIpv4(i.address))));
            for (int row = -1; row < w.controller()->eventCount(); ++row) {
                const QString sub = ladder->laneSubheading(h, row);
                QVERIFY2(sub.contains(
                             QString::fromStdString(formatIpv4(t.hostAddrs[static_cast<std::size_t>(h)]))),
                         qPrintable(sub));
                for (int s = 0; s < kTcpStateCount; ++s)
                    QVERIFY2(!sub.contains(QString::fromUtf8(stateName(static_cast<TcpState>(s)).data())),
                             qPrintable(sub));
            }
        }
        QVERIFY(routers >= 2);
        // A host's lane does show its state.
        QVERIFY(ladder->laneSubheading(hostIndex(t, "client"), -1).contains(QStringLiteral("CLOSED")));
    }

    // The datagram cut on the 576-byte hop: one dashed arrow per fragment, thinner than a segment's, all of
    // them its segment's pieces, labelled as Wireshark labels them.
    void fragmentsAreArrowsGroupedUnderTheirSegment() {
        MainWindow w(QStringLiteral("builtin:ip-fragmentation-576"));
        w.resize(1366, 768);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(settled(w));
        const Trace& t = w.controller()->trace();
        const std::vector<std::uint32_t> group = firstFragmentGroup(t);
        QVERIFY(!group.empty());
        const DatagramRecord& first = t.datagrams[group.front()];
        // As many pieces as RFC 791 §3.2 makes: data in multiples of 8 bytes that fit the smaller MTU.
        std::uint16_t mtu = 0;
        for (const DatagramRecord& d : t.datagrams)
            if (d.id == first.id && d.fragment != 0)
                mtu = std::max(mtu, d.totalLen);
        const int perPiece = (mtu - 20) / 8 * 8;
        int whole = 0;
        for (std::uint32_t d : group)
            whole += t.datagrams[d].dataLen();
        QCOMPARE(static_cast<int>(group.size()), (whole + perPiece - 1) / perPiece);
        QCOMPARE(static_cast<int>(first.fragments), static_cast<int>(group.size()));

        const std::uint32_t seg = first.segment;
        w.controller()->setCursor(w.controller()->index().datagrams[group.back()].endRow);
        w.ladder()->ensureRowVisible(w.controller()->index().datagrams[group.front()].sendRow);
        w.controller()->selectSegment(kNone); // nothing selected: every arrow at its plain weight
        w.ladder()->viewport()->repaint();
        const auto& painted = w.ladder()->lastPaintedDatagrams();
        int drawnPieces = 0;
        for (std::uint32_t d : painted)
            if (t.datagrams[d].segment == seg && t.datagrams[d].id == first.id &&
                t.datagrams[d].fragment != 0)
                ++drawnPieces;
        QCOMPARE(drawnPieces, static_cast<int>(group.size()));
        for (std::size_t k = 0; k < group.size(); ++k) {
            const DatagramRecord& d = t.datagrams[group[k]];
            QCOMPARE(d.segment, seg);
            const LadderView::DatagramStyle st = w.ladder()->datagramStyle(group[k]);
            QCOMPARE(st.style, Qt::DashLine);
            QVERIFY(st.strands < 2); // a segment's arrow has two
            const QString label = w.ladder()->datagramLabel(group[k]);
            QVERIFY2(label.contains(QStringLiteral("Fragmented IP protocol (proto=TCP 6, off=%1, ID=%2)")
                                        .arg(d.fragmentOffset * 8)
                                        .arg(d.id, 4, 16, QLatin1Char('0'))),
                     qPrintable(label));
            QVERIFY(label.startsWith(QStringLiteral("%1/%2 ").arg(k + 1).arg(group.size())));
        }
        // Selecting the segment marks its pieces: heavier, still lighter than a segment.
        w.controller()->selectSegment(seg);
        QCOMPARE(w.ladder()->datagramStyle(group.front()).strands, 2);
    }

    // The piece the fault rule dropped stops halfway with its ✗; its siblings reach the server.
    void lostFragmentIsMarked() {
        MainWindow w(QStringLiteral("builtin:ip-fragment-lost"));
        QVERIFY(settled(w));
        const Trace& t = w.controller()->trace();
        const TraceIndex& ix = w.controller()->index();
        std::uint32_t lost = kNone;
        std::uint32_t arrived = kNone;
        for (std::uint32_t d = 0; d < t.datagrams.size(); ++d) {
            if (t.datagrams[d].fragment == 0)
                continue;
            if (ix.datagrams[d].dropped && lost == kNone)
                lost = d;
            else if (!ix.datagrams[d].dropped && ix.datagrams[d].endRow >= 0 && arrived == kNone)
                arrived = d;
        }
        QVERIFY(lost != kNone && arrived != kNone);
        QCOMPARE(t.datagrams[lost].fromNode, t.datagrams[arrived].fromNode);
        const auto lostLine = w.ladder()->datagramArrowInView(lost);
        const auto arrivedLine = w.ladder()->datagramArrowInView(arrived);
        QVERIFY(lostLine && arrivedLine);
        QCOMPARE(lostLine->p1().x(), arrivedLine->p1().x());
        QVERIFY(lostLine->p2().x() < arrivedLine->p2().x() - 20);
        QCOMPARE(lostLine->p2().x(), (lostLine->p1().x() + arrivedLine->p2().x()) / 2);
    }

    // Clicking a fragment's arrow shows its IPv4 header: ID, DF/MF, the offset in 8-byte units, TTL,
    // checksum.
    void inspectorShowsAFragmentsHeader() {
        MainWindow w(QStringLiteral("builtin:ip-fragmentation-576"));
        w.resize(1366, 768);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(settled(w));
        const Trace& t = w.controller()->trace();
        const std::vector<std::uint32_t> group = firstFragmentGroup(t);
        QVERIFY(group.size() >= 2);
        const std::uint32_t second = group[1];
        const DatagramRecord& d = t.datagrams[second];
        w.controller()->setCursor(w.controller()->index().datagrams[group.back()].endRow);
        w.ladder()->ensureRowVisible(w.controller()->index().datagrams[second].sendRow);
        const auto line = w.ladder()->datagramArrowInView(second);
        QVERIFY(line);
        QTest::mouseClick(w.ladder()->viewport(), Qt::LeftButton, {}, line->pointAt(0.75).toPoint());
        QCOMPARE(w.controller()->selectedDatagram(), second);
        QCOMPARE(w.controller()->selectedSegment(), d.segment);

        SegmentInspector* inspector = w.segmentInspector();
        QTreeWidget* tree = inspector->tree();
        QTreeWidgetItem* id = field(tree, QStringLiteral("Identification"));
        QTreeWidgetItem* offset = field(tree, QStringLiteral("Fragment Offset"));
        QTreeWidgetItem* flags = field(tree, QStringLiteral("Flags"));
        QTreeWidgetItem* ttl = field(tree, QStringLiteral("Time to Live"));
        QTreeWidgetItem* checksum = field(tree, QStringLiteral("Header Checksum"));
        QVERIFY(id && offset && flags && ttl && checksum);
        QVERIFY(id->text(1).endsWith(QStringLiteral("(%1)").arg(d.id)));
        QCOMPARE(offset->text(1),
                 QStringLiteral("%1 (× 8 = %2 bytes)").arg(d.fragmentOffset).arg(d.fragmentOffset * 8));
        QCOMPARE(flags->text(1).contains(QStringLiteral("More fragments")), d.moreFragments);
        QCOMPARE(flags->text(1).contains(QStringLiteral("Don't fragment")), d.dontFragment);
        QCOMPARE(ttl->text(1), QString::number(d.ttl));
        QVERIFY(checksum->text(1).endsWith(QStringLiteral("[correct]")));
        // The header's bytes check out (RFC 1071: the sum over the header with its checksum is zero)...
        const QByteArray bytes = inspector->packet().bytes;
        QCOMPARE(internetChecksum(bytes.left(20)), std::uint16_t{0});
        QCOMPARE(((static_cast<std::uint8_t>(bytes[6]) << 8) | static_cast<std::uint8_t>(bytes[7])) & 0x1fff,
                 static_cast<int>(d.fragmentOffset));
        // ...and picking a field highlights its bytes in the dump.
        tree->setCurrentItem(offset);
        QCOMPARE(inspector->hexView()->highlightOffset(), 6);
        QCOMPARE(inspector->hexView()->highlightLength(), 2);
        tree->setCurrentItem(ttl);
        QCOMPARE(inspector->hexView()->highlightOffset(), 8);
        QCOMPARE(inspector->hexView()->highlightLength(), 1);
    }

    // An ARP frame is named as ARP (RFC 826), not as an IP datagram: in the event list, the narration and on
    // its arrow, with the addresses it asks about and the MAC address it answers with.
    void arpIsNamedArp() {
        MainWindow w(QStringLiteral("builtin:ip-arp-before-syn"));
        QVERIFY(settled(w));
        const Trace& t = w.controller()->trace();
        TraceModel model;
        model.setTrace(t);
        int requests = 0;
        int replies = 0;
        for (std::size_t i = 0; i < t.events.size(); ++i) {
            const TraceEvent& ev = t.events[i];
            if (ev.kind != TraceKind::DatagramSent || ev.value() >= t.datagrams.size())
                continue;
            const DatagramRecord& d = t.datagrams[ev.value()];
            if (d.arpOp == 0)
                continue;
            const int row = static_cast<int>(i);
            const QString sentence = Narrator::sentence(t, row);
            const QString target = QString::fromStdString(formatIpv4(d.dstAddr));
            const QString sender = QString::fromStdString(formatIpv4(d.srcAddr));
            QVERIFY2(!sentence.contains(QStringLiteral("IPv4 datagram")), qPrintable(sentence));
            if (d.arpOp == 1) {
                ++requests;
                QCOMPARE(model.eventText(row), QStringLiteral("ARP request sent"));
                QVERIFY2(sentence.contains(QStringLiteral("Who has %1? Tell %2.").arg(target, sender)),
                         qPrintable(sentence));
                QCOMPARE(w.ladder()->datagramLabel(static_cast<std::uint32_t>(ev.value())),
                         QStringLiteral("Who has %1? Tell %2").arg(target, sender));
            } else {
                ++replies;
                QCOMPARE(model.eventText(row), QStringLiteral("ARP reply sent"));
                QVERIFY2(sentence.contains(QStringLiteral("ARP reply")), qPrintable(sentence));
                // The MAC address the simulation gave the replying node's interface.
                const QString mac =
                    QString::fromStdString(MacAddress::forInterface(d.fromNode + 1, 0).toString());
                QCOMPARE(w.ladder()->datagramLabel(static_cast<std::uint32_t>(ev.value())),
                         QStringLiteral("%1 is at %2").arg(sender, mac));
            }
        }
        QVERIFY(requests > 0 && replies > 0);
    }
};

QTEST_MAIN(TestIpLadder)
#include "tst_ip_ladder.moc"
