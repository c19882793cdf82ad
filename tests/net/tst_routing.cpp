// Routing tables (core/net/routing.h): longest-prefix match (RFC 1812 §5.2.4.3) and the `route -n` layout.
#include <QtTest>

#include "net/routing.h"

using namespace tcplab;

namespace {
Ipv4Address ip(const char* s) {
    return *Ipv4Address::parse(s);
}
Route route(const char* dst, const char* mask, const char* gw, const char* ifName, std::uint32_t metric = 0) {
    return {ip(dst), ip(mask), ip(gw), ifName, metric};
}

// A router between 10.0.0.0/24 (eth0) and 10.0.1.0/24 (eth1), default via 10.0.1.254, a /32 host route.
RoutingTable routerTable() {
    RoutingTable t;
    t.add(route("0.0.0.0", "0.0.0.0", "10.0.1.254", "eth1", 100));
    t.add(route("10.0.0.0", "255.255.255.0", "0.0.0.0", "eth0"));
    t.add(route("10.0.1.0", "255.255.255.0", "0.0.0.0", "eth1"));
    t.add(route("10.0.0.0", "255.255.0.0", "10.0.1.1", "eth1"));
    t.add(route("10.0.0.77", "255.255.255.255", "10.0.1.7", "eth1"));
    return t;
}
} // namespace

class TestRouting : public QObject {
    Q_OBJECT
private slots:
    void lookup_longestPrefixWins_data() {
        QTest::addColumn<QString>("destination");
        QTest::addColumn<QString>("gateway");
        QTest::addColumn<QString>("iface");
        QTest::newRow("on-link-/24-beats-/16") << "10.0.0.5"
                                               << "0.0.0.0"
                                               << "eth0";
        QTest::newRow("host-/32-beats-/24") << "10.0.0.77"
                                            << "10.0.1.7"
                                            << "eth1";
        QTest::newRow("/16-beats-default") << "10.0.9.9"
                                           << "10.0.1.1"
                                           << "eth1";
        QTest::newRow("default") << "192.0.2.1"
                                 << "10.0.1.254"
                                 << "eth1";
        QTest::newRow("other-/24") << "10.0.1.200"
                                   << "0.0.0.0"
                                   << "eth1";
    }
    void lookup_longestPrefixWins() {
        QFETCH(QString, destination);
        QFETCH(QString, gateway);
        QFETCH(QString, iface);
        const auto r = routerTable().lookup(ip(destination.toLatin1().constData()));
        QVERIFY(r);
        QCOMPARE(QString::fromStdString(r->gateway.toString()), gateway);
        QCOMPARE(QString::fromStdString(r->interfaceName), iface);
    }

    void lookup_equalPrefix_lowestMetricWins() {
        RoutingTable t;
        t.add(route("10.0.0.0", "255.255.255.0", "10.9.0.1", "eth0", 20));
        t.add(route("10.0.0.0", "255.255.255.0", "10.9.0.2", "eth1", 10));
        t.add(route("10.0.0.0", "255.255.255.0", "10.9.0.3", "eth2", 10));
        QCOMPARE(t.lookup(ip("10.0.0.1"))->interfaceName, std::string("eth1"));
    }

    void lookup_noRoute_isNullopt() {
        RoutingTable t;
        t.add(route("10.0.0.0", "255.255.255.0", "0.0.0.0", "eth0"));
        QVERIFY(!t.lookup(ip("10.0.1.1")));
    }

    void add_nonContiguousMask_rejected() {
        RoutingTable t;
        QCOMPARE(*t.add(route("10.0.0.0", "255.0.255.0", "0.0.0.0", "eth0")),
                 std::string("netmask 255.0.255.0 is not contiguous"));
        QVERIFY(t.routes().empty());
    }

    void add_hostBitsOutsideMask_rejected() {
        RoutingTable t;
        QCOMPARE(*t.add(route("10.0.0.1", "255.255.255.0", "0.0.0.0", "eth0")),
                 std::string("netmask 255.255.255.0 doesn't match route address 10.0.0.1"));
    }

    void netmaskFromPrefix_values() {
        QCOMPARE(netmaskFromPrefix(0).toString(), std::string("0.0.0.0"));
        QCOMPARE(netmaskFromPrefix(24).toString(), std::string("255.255.255.0"));
        QCOMPARE(netmaskFromPrefix(30).toString(), std::string("255.255.255.252"));
        QCOMPARE(netmaskFromPrefix(32).toString(), std::string("255.255.255.255"));
        QCOMPARE(*route("10.0.0.0", "255.255.240.0", "0.0.0.0", "e").prefixLength(), 20);
    }

    // net-tools `route -n`: fixed header lines, 15-wide address columns, Flags 5, Metric 6, Ref, Use 7.
    void renderRouteN_matchesLinuxLayout() {
        const std::string expected =
            "Kernel IP routing table\n"
            "Destination     Gateway         Genmask         Flags Metric Ref    Use Iface\n"
            "0.0.0.0         10.0.1.254      0.0.0.0         UG    100    0        0 eth1\n"
            "10.0.0.0        0.0.0.0         255.255.255.0   U     0      0        0 eth0\n"
            "10.0.1.0        0.0.0.0         255.255.255.0   U     0      0        0 eth1\n"
            "10.0.0.0        10.0.1.1        255.255.0.0     UG    0      0        0 eth1\n"
            "10.0.0.77       10.0.1.7        255.255.255.255 UGH   0      0        0 eth1\n";
        QCOMPARE(routerTable().renderRouteN(), expected);
    }
};

QTEST_APPLESS_MAIN(TestRouting)
#include "tst_routing.moc"
