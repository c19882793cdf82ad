// The built-in lessons: compiled in with index.txt, listed in teaching order, each one loads and round-trips.
#include <QDir>
#include <QFile>
#include <QTest>

#include "io/builtin.h"
#include "io/scenario_json.h"

using namespace tcplab;

namespace {

QString scenarioDir() {
    return QStringLiteral(TCPLAB_SOURCE_DIR "/resources/scenarios");
}

const QStringList kTeachingOrder = {
    QStringLiteral("handshake-and-close"),
    QStringLiteral("server-closes"),
    QStringLiteral("lost-syn"),
    QStringLiteral("lost-syn-ack"),
    QStringLiteral("lost-handshake-ack"),
    QStringLiteral("lost-fin"),
    QStringLiteral("lost-final-ack"),
    QStringLiteral("simultaneous-open"),
    QStringLiteral("simultaneous-close"),
    QStringLiteral("half-close"),
    QStringLiteral("closed-port-rst"),
    QStringLiteral("abort-rst"),
    QStringLiteral("zero-window"),
    QStringLiteral("syn-retries-exhausted"),
    QStringLiteral("syn-flood-no-cookies"),
    QStringLiteral("syn-flood-cookies"),
    QStringLiteral("accept-queue-full"),
    QStringLiteral("close-wait-leak"),
    QStringLiteral("time-wait-pile-up"),
    QStringLiteral("time-wait-skipped-old-fin"),
    QStringLiteral("keepalive-dead-peer"),
    QStringLiteral("ip-fragmentation-576"),
    QStringLiteral("ip-fragment-lost"),
    QStringLiteral("ip-reassembly-timeout"),
    QStringLiteral("ip-pmtud"),
    QStringLiteral("ip-pmtud-black-hole"),
    QStringLiteral("ip-ping-traceroute"),
    QStringLiteral("ip-arp-before-syn"),
};

QStringList indexNames(const QByteArray& text) {
    QStringList names;
    for (const QByteArray& line : text.split('\n')) {
        const QString name = QString::fromUtf8(line.trimmed());
        if (!name.isEmpty() && !name.startsWith(QLatin1Char('#')))
            names << name;
    }
    return names;
}

QStringList filesOnDisk() {
    QStringList names;
    for (const QString& f :
         QDir(scenarioDir()).entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name))
        names << f.chopped(5);
    return names;
}

} // namespace

class TestBuiltin : public QObject {
    Q_OBJECT

private slots:
    void indexIsCompiledIn() {
        QFile compiled(QStringLiteral(":/scenarios/index.txt"));
        QVERIFY(compiled.open(QIODevice::ReadOnly));
        QFile source(scenarioDir() + QStringLiteral("/index.txt"));
        QVERIFY(source.open(QIODevice::ReadOnly));
        QCOMPARE(compiled.readAll(), source.readAll());
    }

    void indexTeachingOrder() {
        QFile source(scenarioDir() + QStringLiteral("/index.txt"));
        QVERIFY(source.open(QIODevice::ReadOnly));
        QCOMPARE(indexNames(source.readAll()), kTeachingOrder);
    }

    // The compiled-in lessons are exactly the files in resources/scenarios: index order first, then the
    // rest alphabetically.
    void namesInOrder() {
        const QStringList onDisk = filesOnDisk();
        QStringList expected;
        for (const QString& n : kTeachingOrder)
            if (onDisk.contains(n))
                expected << n;
        for (const QString& n : onDisk)
            if (!expected.contains(n))
                expected << n;
        QCOMPARE(builtinScenarioNames(), expected);
    }

    void defaultLesson() {
        QCOMPARE(defaultScenarioName(), QStringLiteral("handshake-and-close"));
        if (filesOnDisk().contains(QStringLiteral("handshake-and-close")))
            QVERIFY(builtinScenarioNames().contains(defaultScenarioName()));
    }

    void unknownNames_data() {
        QTest::addColumn<QString>("name");
        QTest::newRow("missing") << QStringLiteral("no-such-lesson");
        QTest::newRow("empty") << QString();
        QTest::newRow("index") << QStringLiteral("index");
        QTest::newRow("traversal") << QStringLiteral("../scenarios/index");
        QTest::newRow("with suffix") << QStringLiteral("handshake-and-close.json");
    }
    void unknownNames() {
        QFETCH(QString, name);
        QVERIFY(builtinScenarioJson(name).isEmpty());
        const ScenarioLoad l = loadScenarioArgument(QStringLiteral("builtin:") + name);
        QVERIFY(!l.scenario);
        QVERIFY2(l.error.startsWith(QStringLiteral("unknown built-in lesson \"%1\"; ").arg(name)),
                 qPrintable(l.error));
    }

    // Every lesson loads, by name and as builtin:NAME, is the file in resources/scenarios byte for byte, and
    // round-trips: load(save(x)) == x.
    void lessonsLoadAndRoundTrip() {
        const QStringList names = builtinScenarioNames();
        QVERIFY2(!names.isEmpty(), "the built-in lessons are missing");
        for (const QString& name : names) {
            const QByteArray json = builtinScenarioJson(name);
            QFile source(scenarioDir() + QLatin1Char('/') + name + QStringLiteral(".json"));
            QVERIFY(source.open(QIODevice::ReadOnly));
            QCOMPARE(json, source.readAll());

            const ScenarioLoad l = loadScenarioArgument(QStringLiteral("builtin:") + name);
            QVERIFY2(l.scenario, qPrintable(name + QStringLiteral(": ") + l.error));
            QVERIFY2(!l.scenario->title.en.empty(), qPrintable(name + QStringLiteral(": no English title")));
            const ScenarioLoad again = parseScenarioJson(scenarioToJson(*l.scenario));
            QVERIFY2(again.scenario, qPrintable(name + QStringLiteral(": ") + again.error));
            QVERIFY2(*again.scenario == *l.scenario,
                     qPrintable(name + QStringLiteral(": load(save(x)) != x")));
        }
    }
};

QTEST_GUILESS_MAIN(TestBuiltin)
#include "test_builtin.moc"
