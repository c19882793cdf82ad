// docs/scenario-format.md and docs/scenario.schema.json kept in step with the code: the TCP parameter table,
// the names of actions, states, matches and fault actions, the full example and the list of error messages.
// TCPLAB_UPDATE_GOLDEN=1 rewrites the generated blocks of the Markdown file.
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include "io/scenario_json.h"

using namespace tcplab;

namespace {

QString docPath() {
    return QStringLiteral(TCPLAB_SOURCE_DIR "/docs/scenario-format.md");
}
QString schemaPath() {
    return QStringLiteral(TCPLAB_SOURCE_DIR "/docs/scenario.schema.json");
}
QString dataDir() {
    return QStringLiteral(TCPLAB_SOURCE_DIR "/tests/data");
}

QByteArray readAll(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        qWarning("cannot read %s", qPrintable(path));
    return f.readAll();
}

QString str(std::string_view s) {
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

QStringList choicesOf(const TcpParamInfo& p) {
    return str(p.choices).split(QLatin1Char('|'));
}

// A parameter's value as a scenario file writes it.
QString jsonValue(const TcpParamInfo& p, std::int64_t v) {
    if (p.kind == TcpParamInfo::Kind::Boolean)
        return v ? QStringLiteral("`true`") : QStringLiteral("`false`");
    if (p.kind == TcpParamInfo::Kind::Choice)
        return QStringLiteral("`\"%1\"`").arg(choicesOf(p).value(static_cast<qsizetype>(v)));
    return QString::number(v);
}

// The Markdown table of docs/scenario-format.md's "TCP parameters" section.
QString parameterTable() {
    QString t = QStringLiteral("| key | JSON type | unit | range | `rfc9293` | `linux` | meaning |\n"
                               "|---|---|---|---|---|---|---|\n");
    const TcpParams rfc = TcpParams::forProfile(Profile::Rfc9293);
    const TcpParams linux = TcpParams::forProfile(Profile::Linux);
    for (const TcpParamInfo& p : tcpParamTable()) {
        QString type, unit, range;
        switch (p.kind) {
        case TcpParamInfo::Kind::Milliseconds:
            type = QStringLiteral("integer");
            unit = QStringLiteral("ms");
            break;
        case TcpParamInfo::Kind::Seconds:
            type = QStringLiteral("integer");
            unit = QStringLiteral("s");
            break;
        case TcpParamInfo::Kind::Integer:
            type = QStringLiteral("integer");
            unit = QStringLiteral("—");
            break;
        case TcpParamInfo::Kind::Boolean:
            type = QStringLiteral("boolean");
            unit = QStringLiteral("—");
            range = QStringLiteral("`true`, `false`");
            break;
        case TcpParamInfo::Kind::Choice:
            type = QStringLiteral("string");
            unit = QStringLiteral("—");
            for (const QString& c : choicesOf(p))
                range +=
                    (range.isEmpty() ? QString() : QStringLiteral(", ")) + QStringLiteral("`\"%1\"`").arg(c);
            break;
        }
        if (range.isEmpty())
            range = QStringLiteral("%1..%2").arg(p.min).arg(p.max);
        QString meaning = str(p.description);
        meaning.replace(QLatin1Char('|'), QStringLiteral("\\|"));
        t += QStringLiteral("| `%1` | %2 | %3 | %4 | %5 | %6 | %7 |\n")
                 .arg(str(p.name), type, unit, range, jsonValue(p, p.get(rfc)), jsonValue(p, p.get(linux)),
                      meaning);
    }
    return t;
}

// The "Errors" list: every message of tests/data/bad-*.expected, after its file's name.
QString errorList() {
    QString t = QStringLiteral("```text\n");
    const QStringList files =
        QDir(dataDir()).entryList({QStringLiteral("bad-*.expected")}, QDir::Files, QDir::Name);
    for (const QString& f : files) {
        QString message = QString::fromUtf8(readAll(dataDir() + QLatin1Char('/') + f));
        if (message.endsWith(QLatin1Char('\n')))
            message.chop(1);
        t += QStringLiteral("%1  %2\n").arg(f.chopped(9) + QStringLiteral(".json"), -36).arg(message);
    }
    return t + QStringLiteral("```\n");
}

// The text between <!-- BEGIN NAME ... --> and <!-- END NAME -->; with TCPLAB_UPDATE_GOLDEN set, first
// replaces it by `expected`.
QString generatedBlock(const QString& name, const QString& expected) {
    QString doc = QString::fromUtf8(readAll(docPath()));
    const QString begin = QStringLiteral("<!-- BEGIN %1").arg(name);
    const QString end = QStringLiteral("<!-- END %1 -->").arg(name);
    const qsizetype b = doc.indexOf(begin);
    const qsizetype bodyStart = b < 0 ? -1 : doc.indexOf(QStringLiteral("-->\n"), b);
    const qsizetype e = doc.indexOf(end);
    if (b < 0 || bodyStart < 0 || e < bodyStart)
        return QStringLiteral("(no block %1 in docs/scenario-format.md)").arg(name);
    if (qEnvironmentVariableIsSet("TCPLAB_UPDATE_GOLDEN")) {
        doc.replace(bodyStart + 4, e - bodyStart - 4, expected);
        QFile f(docPath());
        if (f.open(QIODevice::WriteOnly))
            f.write(doc.toUtf8());
        return expected;
    }
    return doc.mid(bodyStart + 4, e - bodyStart - 4);
}

QJsonObject schema() {
    QJsonParseError err{};
    const QJsonDocument d = QJsonDocument::fromJson(readAll(schemaPath()), &err);
    if (err.error != QJsonParseError::NoError)
        qFatal("docs/scenario.schema.json: %s at %d", qPrintable(err.errorString()), err.offset);
    return d.object();
}

QJsonValue at(QJsonValue v, const QString& path) {
    for (const QString& k : path.split(QLatin1Char('/'), Qt::SkipEmptyParts))
        v = v.isArray() ? v.toArray().at(k.toInt()) : v.toObject().value(k);
    return v;
}

QStringList strings(const QJsonValue& v) {
    QStringList out;
    for (const QJsonValue& x : v.toArray())
        out << x.toString();
    return out;
}

template <typename E, typename NameOf> QStringList names(int count, NameOf nameOf) {
    QStringList out;
    for (int i = 0; i < count; ++i)
        out << str(nameOf(static_cast<E>(i)));
    return out;
}

// "SYN-SENT" → "[Ss][Yy][Nn][-_][Ss][Ee][Nn][Tt]": what stateFromName accepts.
QString statePattern() {
    QStringList alternatives;
    for (const QString& n : names<TcpState>(kTcpStateCount, stateName)) {
        QString p;
        for (const QChar c : n)
            p +=
                c == QLatin1Char('-') ? QStringLiteral("[-_]") : QStringLiteral("[%1%2]").arg(c, c.toLower());
        alternatives << p;
    }
    return QStringLiteral("^(?:") + alternatives.join(QLatin1Char('|')) + QStringLiteral(")$");
}

} // namespace

class TestScenarioDocs : public QObject {
    Q_OBJECT

private slots:
    void parameterTableInDocs() {
        const QString want = parameterTable();
        const QString got = generatedBlock(QStringLiteral("tcp-parameters"), want);
        if (got != want)
            qWarning().noquote() << "expected block (or run with TCPLAB_UPDATE_GOLDEN=1):\n" + want;
        QCOMPARE(got, want);
        const QString doc = QString::fromUtf8(readAll(docPath()));
        for (const TcpParamInfo& p : tcpParamTable())
            QVERIFY2(doc.contains(QStringLiteral("`%1`").arg(str(p.name))), p.name.data());
    }

    void errorListInDocs() {
        const QString want = errorList();
        const QString got = generatedBlock(QStringLiteral("errors"), want);
        if (got != want)
            qWarning().noquote() << "expected block (or run with TCPLAB_UPDATE_GOLDEN=1):\n" + want;
        QCOMPARE(got, want);
    }

    // The "Full example" of the docs is tests/data/full.json.
    void fullExampleInDocs() {
        const QString doc = QString::fromUtf8(readAll(docPath()));
        const qsizetype h = doc.indexOf(QStringLiteral("\n## Full example"));
        QVERIFY(h >= 0);
        const qsizetype b = doc.indexOf(QStringLiteral("```json\n"), h);
        QVERIFY(b >= 0);
        const qsizetype e = doc.indexOf(QStringLiteral("\n```"), b + 8);
        QVERIFY(e >= 0);
        QCOMPARE(doc.mid(b + 8, e - b - 8 + 1).toUtf8(), readAll(dataDir() + QStringLiteral("/full.json")));
    }

    void schemaParameters() {
        const QJsonObject tcp = at(schema(), QStringLiteral("$defs/tcp")).toObject();
        QCOMPARE(tcp.value(QStringLiteral("additionalProperties")), QJsonValue(false));
        const QJsonObject props = tcp.value(QStringLiteral("properties")).toObject();
        QStringList tableNames;
        for (const TcpParamInfo& p : tcpParamTable()) {
            const QString name = str(p.name);
            tableNames << name;
            QVERIFY2(props.contains(name), qPrintable(name));
            const QJsonObject s = props.value(name).toObject();
            QVERIFY2(!s.value(QStringLiteral("description")).toString().isEmpty(), qPrintable(name));
            switch (p.kind) {
            case TcpParamInfo::Kind::Boolean:
                QCOMPARE(s.value(QStringLiteral("type")).toString(), QStringLiteral("boolean"));
                break;
            case TcpParamInfo::Kind::Choice:
                QCOMPARE(strings(s.value(QStringLiteral("enum"))), choicesOf(p));
                break;
            default:
                QCOMPARE(s.value(QStringLiteral("type")).toString(), QStringLiteral("integer"));
                QCOMPARE(s.value(QStringLiteral("minimum")).toInteger(-1), p.min);
                QCOMPARE(s.value(QStringLiteral("maximum")).toInteger(-1), p.max);
            }
        }
        QStringList schemaNames = props.keys();
        schemaNames.sort();
        tableNames.sort();
        QCOMPARE(schemaNames, tableNames);
    }

    void schemaNames() {
        const QJsonObject s = schema();
        QCOMPARE(at(s, QStringLiteral("$schema")).toString(),
                 QStringLiteral("https://json-schema.org/draft/2020-12/schema"));
        QCOMPARE(strings(at(s, QStringLiteral("$defs/profile/enum"))), names<Profile>(2, profileName));
        QCOMPARE(strings(at(s, QStringLiteral("$defs/state/anyOf/0/enum"))),
                 names<TcpState>(kTcpStateCount, stateName));
        QCOMPARE(at(s, QStringLiteral("$defs/state/anyOf/1/pattern")).toString(), statePattern());
        const QStringList actions = names<ActionKind>(10, actionKindName);
        QCOMPARE(strings(at(s, QStringLiteral("$defs/action/properties/do/enum"))), actions);
        QStringList perKind;
        for (const QJsonValue& c : at(s, QStringLiteral("$defs/action/allOf")).toArray())
            perKind << at(c, QStringLiteral("if/properties/do/const")).toString();
        QCOMPARE(perKind, actions);
        QCOMPARE(strings(at(s, QStringLiteral("$defs/fault/properties/match/enum"))),
                 names<SegmentMatch>(7, segmentMatchName));
        QCOMPARE(strings(at(s, QStringLiteral("$defs/fault/properties/action/enum"))),
                 names<FaultAction>(3, faultActionName));
        // Every name appears in the Markdown file too.
        const QString doc = QString::fromUtf8(readAll(docPath()));
        QStringList all = actions + names<TcpState>(kTcpStateCount, stateName) +
                          names<SegmentMatch>(7, segmentMatchName) + names<FaultAction>(3, faultActionName);
        for (const QString& n : all)
            QVERIFY2(doc.contains(QStringLiteral("`%1`").arg(n)) ||
                         doc.contains(QStringLiteral("`\"%1\"`").arg(n)),
                     qPrintable(n));
    }
};

QTEST_GUILESS_MAIN(TestScenarioDocs)
#include "test_scenario_docs.moc"
