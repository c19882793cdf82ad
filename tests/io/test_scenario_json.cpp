// The scenario reader and writer: a full file, defaults, the canonical form, round trips, every broken file
// in tests/data with its expected message, mutated input, and atomic saving.
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

#include "io/builtin.h"
#include "io/scenario_json.h"

using namespace tcplab;
using namespace std::chrono_literals;

namespace {

QString dataDir() {
    return QStringLiteral(TCPLAB_SOURCE_DIR "/tests/data");
}

QByteArray readAll(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        qWarning("cannot read %s", qPrintable(path));
    return f.readAll();
}

Scenario load(const QString& path) {
    const ScenarioLoad l = loadScenarioFile(path);
    if (!l.scenario)
        qFatal("%s: %s", qPrintable(path), qPrintable(l.error));
    return *l.scenario;
}

// tests/data/full.json, written out by hand.
Scenario expectedFull() {
    Scenario sc;
    sc.title = {"Handshake, data and close", "三次握手、数据与关闭"};
    sc.description = {"Every key of the format, once.", "格式中的每个键各出现一次。"};
    sc.seed = 42;
    sc.profile = Profile::Rfc9293;
    sc.duration = 600s;
    sc.maxEvents = 5'000'000;

    HostSpec client;
    client.name = "client";
    client.address = 0x0A000001;
    client.profile = Profile::Linux;
    client.isn = 1000;
    client.tcp = {{"tcp_syn_retries", 3}, {"mss", 1460}, {"delayed_ack", 0}, {"zero_window_probe", 1}};
    HostSpec server;
    server.name = "server";
    server.address = 0x0A000002;
    server.tcp = {
        {"rto_initial_ms", 500}, {"tcp_fin_timeout", 30}, {"dup_syn_in_syn_received", 1}, {"backlog", 2}};
    sc.hosts = {client, server};

    LinkSpec lan;
    lan.name = "lan";
    lan.a = "client";
    lan.b = "server";
    LinkDirection both;
    both.delay = 10ms;
    both.jitter = 0ms;
    both.bandwidthBps = 0;
    both.reorderDelay = 20ms;
    lan.aToB = both;
    lan.aToB.loss = 0.1;
    lan.bToA = both;
    lan.bToA.delay = 30ms;
    lan.mtu = 1500;
    sc.links = {lan};

    auto at = [](Duration d) {
        ActionTrigger t;
        t.at = Instant{d};
        return t;
    };
    auto on = [](std::string host, TcpState s, Duration after) {
        ActionTrigger t;
        t.onHost = std::move(host);
        t.onState = s;
        t.after = after;
        return t;
    };
    ActionSpec a;
    a.when = at(0ms);
    a.kind = ActionKind::Listen;
    a.host = "server";
    a.port = 80;
    a.backlog = 5;
    sc.actions.push_back(a);

    a = {};
    a.when = at(100ms);
    a.kind = ActionKind::Connect;
    a.host = "client";
    a.peer = "server";
    a.port = 80;
    a.localPort = 40000;
    a.isn = 7;
    sc.actions.push_back(a);

    a = {};
    a.when = on("client", TcpState::Established, 0ms);
    a.kind = ActionKind::Send;
    a.host = "client";
    a.bytes = 100;
    sc.actions.push_back(a);

    a = {};
    a.when = at(500ms);
    a.kind = ActionKind::Send;
    a.host = "client";
    a.text = "GET / HTTP/1.0\r\n\r\n";
    sc.actions.push_back(a);

    a = {};
    a.when = at(900ms);
    a.kind = ActionKind::Read;
    a.host = "server";
    a.bytes = 1000;
    sc.actions.push_back(a);

    a = {};
    a.when = on("server", TcpState::CloseWait, 2500us);
    a.kind = ActionKind::Shutdown;
    a.host = "server";
    sc.actions.push_back(a);

    a = {};
    a.when = at(1000000001ns);
    a.kind = ActionKind::Close;
    a.host = "client";
    sc.actions.push_back(a);

    a = {};
    a.when = at(5s);
    a.kind = ActionKind::Abort;
    a.host = "server";
    a.localPort = 80;
    sc.actions.push_back(a);

    FaultRule f;
    f.from = "client";
    f.to = "server";
    f.match = SegmentMatch::PureAck;
    f.nth = 2;
    f.action = FaultAction::Drop;
    sc.faults.push_back(f);
    f = {};
    f.from = "server";
    f.to = "client";
    f.match = SegmentMatch::SynAck;
    f.nth = 1;
    f.action = FaultAction::Delay;
    f.delay = 300ms;
    sc.faults.push_back(f);
    f = {};
    f.from = "client";
    f.to = "server";
    f.action = FaultAction::Duplicate;
    sc.faults.push_back(f);

    sc.notes = {{3, {"The handshake is complete.", "三次握手完成。"}}, {7, {"No translation yet.", ""}}};
    return sc;
}

// A deterministic PRNG for the mutation test (splitmix64).
struct Prng {
    std::uint64_t s;
    std::uint64_t next() {
        std::uint64_t z = (s += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    qsizetype below(qsizetype n) {
        return n <= 0 ? 0 : static_cast<qsizetype>(next() % static_cast<std::uint64_t>(n));
    }
};

QByteArray mutate(QByteArray s, Prng& rng) {
    static const QByteArray interesting =
        QByteArray("0123456789\"{}[],:.-+eE tfn\\u\n") + QByteArray(1, '\0') + QByteArray("\xff\xc3\xa9", 3);
    const int edits = 1 + static_cast<int>(rng.below(4));
    for (int e = 0; e < edits && !s.isEmpty(); ++e) {
        const qsizetype pos = rng.below(s.size());
        switch (rng.below(7)) {
        case 0: // one byte replaced
            s[pos] = interesting[rng.below(interesting.size())];
            break;
        case 1: // a run deleted
            s.remove(pos, 1 + rng.below(20));
            break;
        case 2: // a byte inserted
            s.insert(pos, interesting[rng.below(interesting.size())]);
            break;
        case 3: { // a slice copied elsewhere
            const QByteArray slice = s.mid(rng.below(s.size()), 1 + rng.below(40));
            s.insert(rng.below(s.size()), slice);
            break;
        }
        case 4: // truncated
            s.truncate(pos);
            break;
        case 5:   // a digit changed: often still a valid file, with other values
        case 6: { // (twice as likely)
            for (qsizetype i = 0; i < s.size(); ++i) {
                const qsizetype k = (pos + i) % s.size();
                if (s[k] >= '0' && s[k] <= '9') {
                    s[k] = static_cast<char>('0' + rng.below(10));
                    break;
                }
            }
            break;
        }
        }
    }
    return s;
}

QString firstDifference(const QByteArray& a, const QByteArray& b) {
    const QList<QByteArray> la = a.split('\n');
    const QList<QByteArray> lb = b.split('\n');
    for (qsizetype i = 0; i < std::max(la.size(), lb.size()); ++i) {
        const QByteArray x = i < la.size() ? la[i] : QByteArray("<end>");
        const QByteArray y = i < lb.size() ? lb[i] : QByteArray("<end>");
        if (x != y)
            return QStringLiteral("line %1:\n  %2\n  %3")
                .arg(i + 1)
                .arg(QString::fromUtf8(x), QString::fromUtf8(y));
    }
    return {};
}

// parse(save(sc)) == sc, with a readable failure.
void checkRoundTrip(const Scenario& sc, const QString& what) {
    const QByteArray saved = scenarioToJson(sc);
    const ScenarioLoad again = parseScenarioJson(saved);
    QVERIFY2(again.scenario, qPrintable(what + QStringLiteral(": the saved form does not load: ") +
                                        again.error + QStringLiteral("\n") + QString::fromUtf8(saved)));
    if (!(*again.scenario == sc))
        QFAIL(qPrintable(what + QStringLiteral(": load(save(x)) != x; saved again it differs at ") +
                         firstDifference(saved, scenarioToJson(*again.scenario))));
    QCOMPARE(scenarioToJson(*again.scenario), saved);
}

} // namespace

class TestScenarioJson : public QObject {
    Q_OBJECT

private slots:
    void fullFile() {
        const Scenario got = load(dataDir() + QStringLiteral("/full.json"));
        const Scenario want = expectedFull();
        QVERIFY(got.title == want.title);
        QVERIFY(got.description == want.description);
        QCOMPARE(got.seed, want.seed);
        QVERIFY(got.profile == want.profile);
        QCOMPARE(got.duration.count(), want.duration.count());
        QCOMPARE(got.maxEvents, want.maxEvents);
        QCOMPARE(got.hosts.size(), want.hosts.size());
        for (std::size_t i = 0; i < want.hosts.size(); ++i) {
            QCOMPARE(got.hosts[i].tcp, want.hosts[i].tcp);
            QVERIFY2(got.hosts[i] == want.hosts[i], qPrintable(QStringLiteral("hosts[%1]").arg(i)));
        }
        QCOMPARE(got.links.size(), want.links.size());
        QVERIFY(got.links[0].aToB == want.links[0].aToB);
        QVERIFY(got.links[0].bToA == want.links[0].bToA);
        QVERIFY(got.links[0] == want.links[0]);
        QCOMPARE(got.actions.size(), want.actions.size());
        for (std::size_t i = 0; i < want.actions.size(); ++i)
            QVERIFY2(got.actions[i] == want.actions[i], qPrintable(QStringLiteral("actions[%1]").arg(i)));
        QCOMPARE(got.faults.size(), want.faults.size());
        for (std::size_t i = 0; i < want.faults.size(); ++i)
            QVERIFY2(got.faults[i] == want.faults[i], qPrintable(QStringLiteral("faults[%1]").arg(i)));
        QVERIFY(got.notes == want.notes);
        QVERIFY(got == want);
    }

    void resolvedParameters() {
        const Scenario sc = load(dataDir() + QStringLiteral("/full.json"));
        const TcpParams client = resolveParams(sc, sc.hosts[0]);
        QVERIFY(client.profile == Profile::Linux);
        QCOMPARE(client.synRetries, 3);
        QCOMPARE(client.delayedAck, false);
        QVERIFY(client.zeroWindowProbe == ZeroWindowProbe::EmptyAtUnaMinusOne);
        const TcpParams server = resolveParams(sc, sc.hosts[1]);
        QVERIFY(server.profile == Profile::Rfc9293);
        QCOMPARE(server.rtoInitial.count(), Duration(500ms).count());
        QCOMPARE(server.finTimeout.count(), Duration(30s).count());
        QVERIFY(server.dupSynInSynReceived == DupSynPolicy::ResendSynAck);
        QCOMPARE(server.backlog, 2);
    }

    // Every key left out takes the model's default.
    void minimalFile() {
        const Scenario got = load(dataDir() + QStringLiteral("/minimal.json"));
        Scenario want;
        HostSpec h;
        h.name = "h";
        h.address = 0xC0A80001;
        want.hosts = {h};
        QVERIFY(got == want);
    }

    // full.json saved is exactly canonical.json (the writer's stable layout), which loads to the same
    // scenario. TCPLAB_UPDATE_GOLDEN=1 rewrites canonical.json after a deliberate change of the layout.
    void canonicalForm() {
        const Scenario sc = load(dataDir() + QStringLiteral("/full.json"));
        if (qEnvironmentVariableIsSet("TCPLAB_UPDATE_GOLDEN")) {
            QString error;
            QVERIFY2(saveScenarioFile(sc, dataDir() + QStringLiteral("/canonical.json"), &error),
                     qPrintable(error));
        }
        const QByteArray canonical = readAll(dataDir() + QStringLiteral("/canonical.json"));
        const QByteArray saved = scenarioToJson(sc);
        QVERIFY2(saved == canonical, qPrintable(firstDifference(saved, canonical)));
        QVERIFY(load(dataDir() + QStringLiteral("/canonical.json")) == sc);
    }

    void roundTripFiles_data() {
        QTest::addColumn<QString>("file");
        for (const char* name : {"full.json", "minimal.json", "canonical.json"})
            QTest::newRow(name) << dataDir() + QLatin1Char('/') + QLatin1String(name);
    }
    void roundTripFiles() {
        QFETCH(QString, file);
        checkRoundTrip(load(file), file);
    }

    // Values the canonical form has to spell carefully.
    void roundTripEdgeValues() {
        Scenario sc = expectedFull();
        sc.seed = UINT64_MAX; // above 2⁶³ − 1: written as a string
        sc.maxEvents = 1;
        sc.duration = Duration{1}; // 1 ns
        sc.title.zh.clear();
        sc.description = {"quotes \" backslash \\ tab \t nul " + std::string(1, '\0') + " é 中 \x7f", ""};
        sc.hosts[0].tcp = {{"zero_window_probe", 0}, {"rcv_buf", 0}, {"keepalive", 1}, {"mss", 88}};
        sc.hosts[1].profile = Profile::Rfc9293;
        sc.hosts[1].isn = 0xFFFFFFFF;
        sc.links[0].aToB.loss = 0.1 + 0.2; // 0.30000000000000004
        sc.links[0].aToB.duplicate = 1e-300;
        sc.links[0].aToB.bandwidthBps = 9'007'199'254'740'991;
        sc.links[0].bToA = sc.links[0].aToB;
        sc.links[0].bToA.reorder = 1;
        sc.links[0].bToA.reorderDelay = Duration{999'999'999'999'999}; // 999999999.999999 ms
        sc.links[0].bToA.jitter = Duration{1};
        sc.links[0].name.clear();
        sc.actions[0].backlog = 0;
        sc.actions[1].localPort = 0;
        sc.actions[1].isn = 0;
        sc.actions[2].when.after = Duration{123'456'789};
        sc.actions[3].text = "line\nbreak";
        sc.actions[4].bytes = 0;
        sc.actions[5].localPort = 65535;
        sc.faults[0].nth = 0;
        sc.faults[1].delay = Duration{0};
        sc.notes.push_back({2147483647, {"", ""}});
        checkRoundTrip(sc, QStringLiteral("edge values"));

        const QByteArray saved = scenarioToJson(sc);
        QVERIFY(saved.contains("\"seed\": \"18446744073709551615\""));
        QVERIFY(saved.contains("\"duration_s\": 0.000000001"));
        QVERIFY(saved.contains("\"reorder_delay_ms\": 999999999.999999"));
        QVERIFY(saved.contains("\"loss\": 0.30000000000000004"));
    }

    // The busy-server keys (issue 4): attacker hosts, accept modes and actions, application patterns, and the
    // trace-volume keys, written only when they differ from their defaults.
    void roundTripBusyServerKeys() {
        Scenario sc = expectedFull();
        QVERIFY(!scenarioToJson(sc).contains("flood_trace"));
        sc.floodSummary = true;
        sc.hostStatsInterval = std::chrono::milliseconds(250);
        sc.traceConnections = 40;
        HostSpec atk;
        atk.name = "attacker";
        atk.address = *parseIpv4("10.9.9.9");
        FloodSpec f;
        f.target = sc.hosts[1].name;
        f.port = 8080;
        f.start = kTimeZero + std::chrono::milliseconds(1500);
        f.duration = std::chrono::seconds(3);
        f.ratePerSecond = 12345;
        f.spoofBase = *parseIpv4("192.0.2.0");
        f.spoofPrefixLen = 24;
        atk.flood = f;
        sc.hosts.push_back(atk);
        sc.actions[0].manualAccept = true;
        sc.actions[0].closeAfter = std::chrono::milliseconds(5);
        sc.actions[0].closeOnEof = true;
        sc.actions[1].count = 7;
        sc.actions[1].gap = std::chrono::milliseconds(2);
        sc.actions[1].closeAfter = Duration{0};
        ActionSpec acc;
        acc.when.at = kTimeZero + std::chrono::seconds(1);
        acc.kind = ActionKind::Accept;
        acc.host = sc.actions[0].host;
        acc.port = sc.actions[0].port;
        acc.every = std::chrono::milliseconds(100);
        sc.actions.push_back(acc);
        checkRoundTrip(sc, QStringLiteral("busy-server keys"));
        const QByteArray saved = scenarioToJson(sc);
        for (const char* key :
             {"\"flood_trace\": \"summary\"", "\"host_stats_ms\": 250", "\"trace_connections\": 40",
              "\"spoof\": \"192.0.2.0/24\"", "\"accept\": \"manual\"", "\"do\": \"accept\"",
              "\"every_ms\": 100", "\"count\": 7", "\"close_after_ms\": 0", "\"close_on_eof\": true"})
            QVERIFY2(saved.contains(key), key);
    }

    void milliseconds_data() {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<qint64>("nanos");
        QTest::addColumn<QByteArray>("written");
        QTest::newRow("integer") << QByteArray("250") << qint64(250'000'000) << QByteArray("250");
        QTest::newRow("integral double") << QByteArray("250.0") << qint64(250'000'000) << QByteArray("250");
        QTest::newRow("half") << QByteArray("1.5") << qint64(1'500'000) << QByteArray("1.5");
        QTest::newRow("exponent") << QByteArray("1.5e3") << qint64(1'500'000'000) << QByteArray("1500");
        QTest::newRow("1 ns") << QByteArray("0.000001") << qint64(1) << QByteArray("0.000001");
        QTest::newRow("below 1 ns") << QByteArray("0.0000001") << qint64(0) << QByteArray("0");
        QTest::newRow("0.1 ms") << QByteArray("0.1") << qint64(100'000) << QByteArray("0.1");
        QTest::newRow("many digits") << QByteArray("123.456789") << qint64(123'456'789)
                                     << QByteArray("123.456789");
        QTest::newRow("maximum") << QByteArray("1000000000") << qint64(1'000'000'000'000'000)
                                 << QByteArray("1000000000");
        QTest::newRow("maximum - 1 ns") << QByteArray("999999999.999999") << qint64(999'999'999'999'999)
                                        << QByteArray("999999999.999999");
    }
    void milliseconds() {
        QFETCH(QByteArray, text);
        QFETCH(qint64, nanos);
        QFETCH(QByteArray, written);
        const QByteArray json = R"({"format": "tcplab-scenario", "version": 1,
            "hosts": [{"name": "h", "address": "10.0.0.1"}],
            "actions": [{"at_ms": )" +
                                text + R"(, "host": "h", "do": "listen", "port": 1}]})";
        const ScenarioLoad l = parseScenarioJson(json);
        QVERIFY2(l.scenario, qPrintable(l.error));
        QCOMPARE(toNanos(*l.scenario->actions[0].when.at), nanos);
        QVERIFY2(scenarioToJson(*l.scenario).contains("{\"at_ms\": " + written + ", "),
                 scenarioToJson(*l.scenario).constData());
    }

    // Every tests/data/bad-NAME.json fails with exactly the message in bad-NAME.expected.
    void badFiles_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("message");
        const QStringList files =
            QDir(dataDir()).entryList({QStringLiteral("bad-*.json")}, QDir::Files, QDir::Name);
        QVERIFY(files.size() >= 15);
        for (const QString& f : files) {
            const QString expectedPath =
                dataDir() + QLatin1Char('/') + f.chopped(5) + QStringLiteral(".expected");
            QVERIFY2(QFileInfo::exists(expectedPath), qPrintable(expectedPath));
            QByteArray message = readAll(expectedPath);
            if (message.endsWith('\n'))
                message.chop(1);
            QTest::newRow(qPrintable(f)) << dataDir() + QLatin1Char('/') + f << QString::fromUtf8(message);
        }
    }
    void badFiles() {
        QFETCH(QString, file);
        QFETCH(QString, message);
        const ScenarioLoad l = loadScenarioFile(file);
        QVERIFY(!l.scenario);
        QCOMPARE(l.error, message);
    }

    void syntaxErrorPosition() {
        const ScenarioLoad l = parseScenarioJson("{\n  \"format\": \"tcplab-scenario\",\n  \"é\": tru\n}");
        QVERIFY(!l.scenario);
        QCOMPARE(l.error,
                 QStringLiteral("line 3, column 11: illegal value")); // columns count characters, not bytes
        QCOMPARE(parseScenarioJson("{}\n x").error,
                 QStringLiteral("line 2, column 2: garbage at the end of the document"));
        QCOMPARE(parseScenarioJson("{\"a\": 1,}").error,
                 QStringLiteral("line 1, column 9: object is missing after a comma"));
        QCOMPARE(parseScenarioJson("\"x\"").error, QStringLiteral("line 1, column 1: illegal value"));
    }

    void oddInputs_data() {
        QTest::addColumn<QByteArray>("json");
        QTest::newRow("null") << QByteArray("null");
        QTest::newRow("number") << QByteArray("42");
        QTest::newRow("string") << QByteArray("\"tcplab-scenario\"");
        QTest::newRow("empty object") << QByteArray("{}");
        QTest::newRow("whitespace") << QByteArray(" \n\t ");
        QTest::newRow("nul bytes") << QByteArray(16, '\0');
        QTest::newRow("binary") << QByteArray("\xff\xfe\x00\x01{", 5);
        QTest::newRow("bom only") << QByteArray("\xef\xbb\xbf");
        QTest::newRow("deep objects")
            << QByteArray("{\"a\":").repeated(3000) + QByteArray("1") + QByteArray("}").repeated(3000);
        QTest::newRow("deep hosts") << QByteArray(
                                           R"({"format": "tcplab-scenario", "version": 1, "hosts": )") +
                                           QByteArray("[").repeated(1000) + QByteArray("]").repeated(1000) +
                                           "}";
        QTest::newRow("wrong types everywhere") << QByteArray(
            R"({"format": "tcplab-scenario", "version": 1, "title": [], "hosts": [1, "a", null]})");
        QTest::newRow("huge number") << QByteArray(R"({"format": "tcplab-scenario", "version": 1e308})");
        QTest::newRow("negative zero")
            << QByteArray(R"({"format": "tcplab-scenario", "version": 1, "seed": -0, "hosts": [{"name": "h",
                          "address": "10.0.0.1", "isn": -0.0}], "actions": [{"at_ms": -0, "host": "h",
                          "do": "listen", "port": 1}]})");
        QTest::newRow("escaped keys") << QByteArray(R"({"form\u0061t": "tcplab-scenario", "version": 1,
                                          "hosts": [{"n\u0061me": "h", "address": "10.0.0.1"}]})");
        QTest::newRow("escaped duplicate") << QByteArray(R"({"format": "tcplab-scenario", "version": 1,
                                          "hosts": [{"name": "h", "n\u0061me": "h", "address": "10.0.0.1"}]})");
    }
    void oddInputs() {
        QFETCH(QByteArray, json);
        const ScenarioLoad l = parseScenarioJson(json);
        QVERIFY(l.scenario.has_value() == l.error.isEmpty());
        if (l.scenario)
            checkRoundTrip(*l.scenario, QString::fromUtf8(json.left(60)));
        else
            qDebug() << l.error.left(200);
    }

    void escapedDuplicateKey() {
        const ScenarioLoad l = parseScenarioJson(R"({"format": "tcplab-scenario", "version": 1,
            "hosts": [{"name": "h", "n\u0061me": "h", "address": "10.0.0.1"}]})");
        QCOMPARE(l.error, QStringLiteral("hosts[0].name: duplicate key"));
    }

    // Unknown keys are reported in file order, not alphabetically.
    void firstUnknownKeyInFileOrder() {
        const ScenarioLoad l = parseScenarioJson(R"({"format": "tcplab-scenario", "version": 1,
            "zzz": 1, "aaa": 2, "hosts": []})");
        QCOMPARE(l.error, QStringLiteral("zzz: unknown key"));
    }

    // A few hundred mutations of a valid file: never a crash; either a scenario (which then round-trips)
    // or a message.
    void mutations() {
        const QByteArray base = readAll(dataDir() + QStringLiteral("/full.json"));
        Prng rng{20240601};
        int loaded = 0;
        constexpr int kRuns = 600;
        for (int i = 0; i < kRuns; ++i) {
            const QByteArray input = mutate(base, rng);
            const ScenarioLoad l = parseScenarioJson(input);
            if (l.scenario) {
                ++loaded;
                QVERIFY(l.error.isEmpty());
                checkRoundTrip(*l.scenario, QStringLiteral("mutation %1").arg(i));
                if (QTest::currentTestFailed())
                    qWarning().noquote() << "input:" << QString::fromUtf8(input);
            } else {
                QVERIFY2(!l.error.isEmpty(), qPrintable(QStringLiteral("mutation %1").arg(i)));
            }
            if (QTest::currentTestFailed())
                return;
        }
        qInfo("%d of %d mutations still loaded", loaded, kRuns);
        QVERIFY(loaded > 0);
    }

    void saveAndLoad() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const Scenario sc = expectedFull();
        const QString path = dir.filePath(QStringLiteral("lesson.json"));
        QString error;
        QVERIFY2(saveScenarioFile(sc, path, &error), qPrintable(error));
        QCOMPARE(readAll(path), scenarioToJson(sc));
        QVERIFY(load(path) == sc);

        // Overwriting replaces the whole file, and leaves no temporary file behind.
        Scenario other = sc;
        other.seed = 7;
        QVERIFY2(saveScenarioFile(other, path, &error), qPrintable(error));
        QVERIFY(load(path) == other);
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden),
                 QStringList{QStringLiteral("lesson.json")});
    }

    void saveFails_data() {
        QTest::addColumn<QString>("relative"); // under a fresh temporary directory
        QTest::addColumn<bool>("existing");    // a file is there already and must stay untouched
        QTest::newRow("missing directory") << QStringLiteral("no/such/dir/lesson.json") << false;
        QTest::newRow("parent is a file") << QStringLiteral("file/lesson.json") << false;
        QTest::newRow("path is a directory") << QStringLiteral("sub") << false;
        // The temporary file QSaveFile makes beside it ("NAME.XXXXXX") cannot be created: the name is
        // too long. This fails even for root, and the existing file must survive.
        QTest::newRow("temporary file impossible") << QString(250, QLatin1Char('x')) << true;
        // Root writes into read-only directories anyway (and CI runs as root): the row above covers it there.
        if (geteuid() != 0)
            QTest::newRow("read-only directory") << QStringLiteral("ro/lesson.json") << true;
    }
    void saveFails() {
        QFETCH(QString, relative);
        QFETCH(bool, existing);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QDir(dir.path()).mkpath(QStringLiteral("sub"));
        QDir(dir.path()).mkpath(QStringLiteral("ro"));
        {
            QFile f(dir.filePath(QStringLiteral("file")));
            QVERIFY(f.open(QIODevice::WriteOnly));
        }
        const QString path = dir.filePath(relative);
        const QByteArray old = "{\"old\": \"contents\"}\n";
        if (existing) {
            QFile f(path);
            QVERIFY2(f.open(QIODevice::WriteOnly), qPrintable(f.errorString()));
            f.write(old);
        }
        const QString parent = QFileInfo(path).absolutePath();
        const auto perms = QFile::permissions(parent);
        if (relative.startsWith(QStringLiteral("ro/")))
            QVERIFY(QFile::setPermissions(parent, QFileDevice::ReadOwner | QFileDevice::ExeOwner));
        const QStringList before =
            QDir(parent).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot);

        QString error;
        const bool ok = saveScenarioFile(expectedFull(), path, &error);
        const QStringList after =
            QDir(parent).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot);
        QFile::setPermissions(parent, perms);

        QVERIFY(!ok);
        QVERIFY2(error.startsWith(QStringLiteral("cannot write ") + path + QStringLiteral(": ")),
                 qPrintable(error));
        QVERIFY2(error.size() > QStringLiteral("cannot write ").size() + path.size() + 2, qPrintable(error));
        QCOMPARE(after, before);
        if (existing)
            QCOMPARE(readAll(path), old);
        QVERIFY(!saveScenarioFile(expectedFull(), path, nullptr)); // no message wanted: no crash
    }

    void loadFileErrors() {
        QTemporaryDir dir;
        const QString missing = dir.filePath(QStringLiteral("missing.json"));
        ScenarioLoad l = loadScenarioFile(missing);
        QVERIFY(!l.scenario);
        QVERIFY2(l.error.startsWith(QStringLiteral("cannot open ") + missing + QStringLiteral(": ")),
                 qPrintable(l.error));
        QVERIFY(l.error.size() > QStringLiteral("cannot open : ").size() + missing.size());

        l = loadScenarioFile(dir.path());
        QCOMPARE(l.error,
                 QStringLiteral("cannot open ") + dir.path() + QStringLiteral(": it is a directory"));

        l = loadScenarioArgument(dataDir() + QStringLiteral("/full.json"));
        QVERIFY(l.scenario && *l.scenario == expectedFull());

        l = loadScenarioArgument(QStringLiteral("builtin:no-such-lesson"));
        QVERIFY(!l.scenario);
        QVERIFY2(l.error.startsWith(QStringLiteral("unknown built-in lesson \"no-such-lesson\"")),
                 qPrintable(l.error));
    }
};

QTEST_GUILESS_MAIN(TestScenarioJson)
#include "test_scenario_json.moc"
