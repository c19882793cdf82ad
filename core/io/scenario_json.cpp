#include "io/scenario_json.h"

#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSet>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <initializer_list>
#include <limits>
#include <vector>

#include "io/builtin.h"

namespace tcplab {

namespace {

// ---------------------------------------------------------------------------------------------------------
// Limits of the format (docs/scenario-format.md, "Numbers").

// Every time in milliseconds is 0 ≤ t ≤ 10⁹ ms (about 11.6 days); in nanoseconds that is below 2⁵¹, so
// llround(ms · 10⁶) of the shortest decimal gives back the exact nanoseconds that were written.
constexpr double kMaxMs = 1e9;
constexpr double kMaxDurationS = 1e6;                         // the same limit, in seconds
constexpr std::int64_t kMaxBytes = 10'000'000;                // a send builds its pattern bytes in memory
constexpr std::int64_t kMaxBandwidth = 9'007'199'254'740'991; // 2⁵³ − 1
constexpr std::int64_t kMaxNth = 1'000'000;
constexpr qsizetype kMaxFileBytes = 16 * 1024 * 1024;
constexpr int kScanDepth = 4; // the key order of objects up to this many path segments is recorded

const char* const kFormat = "tcplab-scenario";
constexpr int kVersion = 1;

struct LoadError {
    QString message;
};

[[noreturn]] void fail(const QString& path, const QString& what) {
    throw LoadError{path.isEmpty() ? what : path + QStringLiteral(": ") + what};
}

QString childPath(const QString& path, const QString& key) {
    return path.isEmpty() ? key : path + QLatin1Char('.') + key;
}
QString indexPath(const QString& path, qsizetype i) {
    return path + QLatin1Char('[') + QString::number(i) + QLatin1Char(']');
}

// ---------------------------------------------------------------------------------------------------------
// Text of values, for messages and for the writer.

// A whole number that a qint64 holds exactly (1, 1.0, -0); nullopt for 1.5, 1e300 and non-numbers.
std::optional<qint64> exactInteger(const QJsonValue& v) {
    if (!v.isDouble())
        return std::nullopt;
    const qint64 a = v.toInteger(0);
    if (a != v.toInteger(1))
        return std::nullopt;
    return a;
}

QByteArray shortestDouble(double d) {
    if (!std::isfinite(d))
        return "null";
    char buf[64];
    const auto r = std::to_chars(buf, buf + sizeof buf, d);
    return QByteArray(buf, r.ptr - buf);
}

// A number in a message: 1000000000 rather than 1e+09.
QString numberText(double d) {
    if (std::isfinite(d) && d == std::trunc(d) && std::fabs(d) < 9007199254740992.0)
        return QString::number(static_cast<qint64>(d));
    return QString::fromLatin1(shortestDouble(d));
}

// value / scale as an exact decimal: 1500000 / 10⁶ → "1.5".
QByteArray exactDecimal(std::int64_t value, std::uint64_t scale) {
    QByteArray out;
    std::uint64_t u = static_cast<std::uint64_t>(value);
    if (value < 0) {
        out += '-';
        u = 0 - u;
    }
    out += QByteArray::number(static_cast<qulonglong>(u / scale));
    std::uint64_t frac = u % scale;
    if (frac != 0) {
        QByteArray digits;
        for (std::uint64_t s = scale; s > 1; s /= 10) {
            digits.prepend(static_cast<char>('0' + frac % 10));
            frac /= 10;
        }
        while (digits.endsWith('0'))
            digits.chop(1);
        out += '.' + digits;
    }
    return out;
}

// A JSON string literal: always valid UTF-8 (invalid input bytes become U+FFFD).
QByteArray jsonString(const QString& s) {
    QString out;
    out.reserve(s.size() + 2);
    out += QLatin1Char('"');
    for (const QChar c : s) {
        switch (c.unicode()) {
        case '"':
            out += QLatin1String("\\\"");
            break;
        case '\\':
            out += QLatin1String("\\\\");
            break;
        case '\b':
            out += QLatin1String("\\b");
            break;
        case '\f':
            out += QLatin1String("\\f");
            break;
        case '\n':
            out += QLatin1String("\\n");
            break;
        case '\r':
            out += QLatin1String("\\r");
            break;
        case '\t':
            out += QLatin1String("\\t");
            break;
        default:
            if (c.unicode() < 0x20)
                out += QStringLiteral("\\u%1").arg(c.unicode(), 4, 16, QLatin1Char('0'));
            else
                out += c;
        }
    }
    out += QLatin1Char('"');
    return out.toUtf8();
}
QByteArray jsonString(const std::string& s) {
    return jsonString(QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size())));
}
QByteArray jsonString(std::string_view s) {
    return jsonString(QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size())));
}

// What a message says was found: "big" (quoted, shortened), 1.5, true, null, an array, an object.
QString describe(const QJsonValue& v) {
    switch (v.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double:
        if (const auto i = exactInteger(v))
            return QString::number(*i);
        return QString::fromLatin1(shortestDouble(v.toDouble()));
    case QJsonValue::String: {
        QString s = v.toString();
        constexpr qsizetype kShown = 40;
        const bool cut = s.size() > kShown;
        if (cut)
            s.truncate(kShown);
        QString q = QString::fromUtf8(jsonString(s));
        if (cut)
            q.insert(q.size() - 1, QStringLiteral("..."));
        return q;
    }
    case QJsonValue::Array:
        return QStringLiteral("an array");
    case QJsonValue::Object:
        return QStringLiteral("an object");
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("nothing");
}

// The one way a value is rejected: "path: expected PHRASE, got X", or "path: missing, expected PHRASE".
[[noreturn]] void expected(const QJsonValue& v, const QString& path, const QString& phrase) {
    if (v.isUndefined())
        fail(path, QStringLiteral("missing, expected ") + phrase);
    fail(path, QStringLiteral("expected ") + phrase + QStringLiteral(", got ") + describe(v));
}

// ---------------------------------------------------------------------------------------------------------
// Key order and duplicate keys. QJsonObject sorts its keys and keeps the last of duplicates, so this scans
// the text (already accepted by QJsonDocument) once more, recording the keys of each object in file order
// and the first key that occurs twice in one object. It stops quietly at anything unexpected.

class KeyScanner {
public:
    explicit KeyScanner(const QByteArray& json)
        : p_(json.constData()), end_(json.constData() + json.size()) {}

    void run() {
        if (end_ - p_ >= 3 && static_cast<unsigned char>(p_[0]) == 0xEF &&
            static_cast<unsigned char>(p_[1]) == 0xBB && static_cast<unsigned char>(p_[2]) == 0xBF)
            p_ += 3;
        value(0);
    }

    QString duplicate;                 // "hosts[0].tcp.mss", the first key given twice in one object
    QHash<QString, QStringList> order; // object path → keys in file order

private:
    void skipSpace() {
        while (p_ < end_ && (*p_ == ' ' || *p_ == '\t' || *p_ == '\n' || *p_ == '\r'))
            ++p_;
    }
    bool value(int depth) {
        if (depth > 4096)
            return false;
        skipSpace();
        if (p_ >= end_)
            return false;
        if (*p_ == '{')
            return object(depth);
        if (*p_ == '[')
            return array(depth);
        if (*p_ == '"')
            return string(nullptr);
        while (p_ < end_ && *p_ != ',' && *p_ != ']' && *p_ != '}' && *p_ != ' ' && *p_ != '\t' &&
               *p_ != '\n' && *p_ != '\r')
            ++p_;
        return true;
    }
    bool object(int depth) {
        ++p_;
        const bool record = path_.size() <= kScanDepth;
        const QString here = record || duplicate.isEmpty() ? pathText() : QString();
        QStringList keys;
        QSet<QString> seen;
        skipSpace();
        if (p_ < end_ && *p_ == '}') {
            ++p_;
            if (record)
                order.insert(here, keys);
            return true;
        }
        for (;;) {
            skipSpace();
            QString key;
            if (p_ >= end_ || *p_ != '"' || !string(&key))
                return false;
            skipSpace();
            if (p_ >= end_ || *p_ != ':')
                return false;
            ++p_;
            if (seen.contains(key)) {
                if (duplicate.isEmpty())
                    duplicate = childPath(here, key);
            } else {
                seen.insert(key);
                keys.append(key);
            }
            path_.push_back(key);
            const bool ok = value(depth + 1);
            path_.pop_back();
            if (!ok)
                return false;
            skipSpace();
            if (p_ < end_ && *p_ == ',') {
                ++p_;
                continue;
            }
            if (p_ < end_ && *p_ == '}') {
                ++p_;
                break;
            }
            return false;
        }
        if (record)
            order.insert(here, keys);
        return true;
    }
    bool array(int depth) {
        ++p_;
        skipSpace();
        if (p_ < end_ && *p_ == ']') {
            ++p_;
            return true;
        }
        for (qsizetype i = 0;; ++i) {
            path_.push_back(QLatin1Char('[') + QString::number(i) + QLatin1Char(']'));
            const bool ok = value(depth + 1);
            path_.pop_back();
            if (!ok)
                return false;
            skipSpace();
            if (p_ < end_ && *p_ == ',') {
                ++p_;
                continue;
            }
            if (p_ < end_ && *p_ == ']') {
                ++p_;
                return true;
            }
            return false;
        }
    }
    // At the opening quote; decodes into *out when given.
    bool string(QString* out) {
        ++p_;
        const char* run = p_;
        auto flush = [&] {
            if (out && p_ > run)
                out->append(QString::fromUtf8(run, p_ - run));
        };
        while (p_ < end_) {
            const char c = *p_;
            if (c == '"') {
                flush();
                ++p_;
                return true;
            }
            if (c != '\\') {
                ++p_;
                continue;
            }
            flush();
            if (end_ - p_ < 2)
                return false;
            const char e = p_[1];
            p_ += 2;
            char16_t unit = 0;
            switch (e) {
            case 'b':
                unit = '\b';
                break;
            case 'f':
                unit = '\f';
                break;
            case 'n':
                unit = '\n';
                break;
            case 'r':
                unit = '\r';
                break;
            case 't':
                unit = '\t';
                break;
            case 'u': {
                if (end_ - p_ < 4)
                    return false;
                bool ok = false;
                unit = static_cast<char16_t>(QByteArray(p_, 4).toUShort(&ok, 16));
                if (!ok)
                    return false;
                p_ += 4;
                break;
            }
            default:
                unit = static_cast<char16_t>(static_cast<unsigned char>(e));
            }
            if (out)
                out->append(QChar(unit));
            run = p_;
        }
        return false;
    }
    QString pathText() const {
        QString s;
        for (const QString& seg : path_) {
            if (!s.isEmpty() && !seg.startsWith(QLatin1Char('[')))
                s += QLatin1Char('.');
            s += seg;
        }
        return s;
    }

    const char* p_;
    const char* end_;
    std::vector<QString> path_;
};

// ---------------------------------------------------------------------------------------------------------
// Reading.

// An object at a path, with its keys in file order.
class Obj {
public:
    Obj(const QHash<QString, QStringList>& order, const QJsonValue& v, QString path)
        : path_(std::move(path)) {
        if (!v.isObject())
            expected(v, path_, QStringLiteral("an object"));
        o_ = v.toObject();
        const auto it = order.constFind(path_);
        keys_ = it != order.constEnd() && it->size() == o_.size() ? *it : o_.keys();
    }

    // Rejects the first key (in file order) not in `known`; a key in `elsewhere` gets `elsewhereWhy`.
    void allow(std::initializer_list<const char*> known, std::initializer_list<const char*> elsewhere = {},
               const QString& elsewhereWhy = {}) const {
        for (const QString& k : keys_) {
            auto in = [&](std::initializer_list<const char*> list) {
                for (const char* n : list)
                    if (k == QLatin1String(n))
                        return true;
                return false;
            };
            if (in(known))
                continue;
            fail(at(k), in(elsewhere) ? elsewhereWhy : QStringLiteral("unknown key"));
        }
    }

    bool has(const char* key) const { return o_.contains(QLatin1String(key)); }
    QJsonValue get(const char* key) const { return o_.value(QLatin1String(key)); }
    QJsonValue get(const QString& key) const { return o_.value(key); }
    QString at(const char* key) const { return childPath(path_, QLatin1String(key)); }
    QString at(const QString& key) const { return childPath(path_, key); }
    const QString& path() const { return path_; }
    const QStringList& keys() const { return keys_; }

private:
    QString path_;
    QJsonObject o_;
    QStringList keys_;
};

QString readString(const QJsonValue& v, const QString& path) {
    if (!v.isString())
        expected(v, path, QStringLiteral("a string"));
    return v.toString();
}
std::string readStdString(const QJsonValue& v, const QString& path) {
    return readString(v, path).toStdString();
}

std::int64_t readInt(const QJsonValue& v, const QString& path, std::int64_t lo, std::int64_t hi) {
    const auto i = exactInteger(v);
    if (!i || *i < lo || *i > hi)
        expected(v, path, QStringLiteral("an integer %1..%2").arg(lo).arg(hi));
    return *i;
}

// An unsigned 64-bit integer: a JSON number up to 2⁶³ − 1 (what QJsonValue holds exactly), or a string
// of decimal digits for the whole range.
std::uint64_t readU64(const QJsonValue& v, const QString& path, std::uint64_t lo) {
    const QString phrase =
        QStringLiteral("an integer %1..%2").arg(lo).arg(std::numeric_limits<quint64>::max());
    if (v.isString()) {
        const QString s = v.toString();
        bool ok = !s.isEmpty() && s.size() <= 20;
        for (const QChar c : s)
            ok = ok && c >= QLatin1Char('0') && c <= QLatin1Char('9');
        const qulonglong u = ok ? s.toULongLong(&ok) : 0;
        if (!ok || u < lo)
            expected(v, path, phrase);
        return u;
    }
    const auto i = exactInteger(v);
    if (!i || *i < 0 || static_cast<std::uint64_t>(*i) < lo)
        expected(v, path, phrase);
    return static_cast<std::uint64_t>(*i);
}

double readNumber(const QJsonValue& v, const QString& path, double lo, double hi) {
    const double d = v.toDouble();
    if (!v.isDouble() || !std::isfinite(d) || d < lo || d > hi)
        expected(v, path, QStringLiteral("a number %1..%2").arg(numberText(lo), numberText(hi)));
    return d;
}

Duration readMs(const QJsonValue& v, const QString& path) {
    const double ms = readNumber(v, path, 0, kMaxMs);
    return Duration{std::llround(ms * 1e6)};
}

bool readBool(const QJsonValue& v, const QString& path) {
    if (!v.isBool())
        expected(v, path, QStringLiteral("true or false"));
    return v.toBool();
}

// One of a list of names: "expected one of listen, connect, …, got "conect"".
template <typename E, typename NameOf, typename FromName>
E readName(const QJsonValue& v, const QString& path, int count, NameOf nameOf, FromName fromName) {
    if (v.isString()) {
        const QByteArray utf8 = v.toString().toUtf8();
        if (const auto e =
                fromName(std::string_view(utf8.constData(), static_cast<std::size_t>(utf8.size()))))
            return *e;
    }
    QStringList names;
    for (int i = 0; i < count; ++i) {
        const std::string_view n = nameOf(static_cast<E>(i));
        names << QString::fromLatin1(n.data(), static_cast<qsizetype>(n.size()));
    }
    expected(v, path, QStringLiteral("one of ") + names.join(QStringLiteral(", ")));
}

Profile readProfile(const QJsonValue& v, const QString& path) {
    return readName<Profile>(v, path, 2, profileName, profileFromName);
}
TcpState readState(const QJsonValue& v, const QString& path) {
    return readName<TcpState>(v, path, kTcpStateCount, stateName, stateFromName);
}

class Reader {
public:
    explicit Reader(const QHash<QString, QStringList>& order) : order_(order) {}

    Obj object(const QJsonValue& v, const QString& path) const { return Obj(order_, v, path); }

    QJsonArray array(const QJsonValue& v, const QString& path) const {
        if (!v.isArray())
            expected(v, path, QStringLiteral("an array"));
        return v.toArray();
    }

    LocalizedText text(const QJsonValue& v, const QString& path) const {
        const Obj o = object(v, path);
        o.allow({"en", "zh"});
        LocalizedText t;
        if (o.has("en"))
            t.en = readStdString(o.get("en"), o.at("en"));
        if (o.has("zh"))
            t.zh = readStdString(o.get("zh"), o.at("zh"));
        return t;
    }

    // "10.0.0.1" (prefix /24) or "10.0.0.1/24".
    static std::pair<std::uint32_t, int> addressWithPrefix(const QJsonValue& v, const QString& path) {
        const QStringList parts = v.toString().split(QLatin1Char('/'));
        const QByteArray addrText = parts.value(0).toLatin1();
        static const QRegularExpression digits(QStringLiteral("^[0-9]{1,2}$"));
        bool okLen = parts.size() == 1;
        const int len = parts.size() == 2 && digits.match(parts[1]).hasMatch() ? parts[1].toInt(&okLen) : 24;
        const auto addr =
            v.isString() && parts.size() <= 2
                ? parseIpv4(std::string_view(addrText.constData(), static_cast<std::size_t>(addrText.size())))
                : std::nullopt;
        if (!addr || !okLen || len < 8 || len > 30)
            expected(
                v, path,
                QStringLiteral("an IPv4 address such as \"10.0.0.1\" or \"10.0.0.1/24\" (prefix 8..30)"));
        return {*addr, len};
    }

    RouterSpec router(const QJsonValue& v, const QString& path) const {
        const Obj o = object(v, path);
        o.allow({"name", "interfaces"});
        RouterSpec r;
        r.name = readStdString(o.get("name"), o.at("name"));
        const QJsonArray items = array(o.get("interfaces"), o.at("interfaces"));
        for (qsizetype i = 0; i < items.size(); ++i) {
            const QString ipath = indexPath(o.at("interfaces"), i);
            const Obj io = object(items[i], ipath);
            io.allow({"link", "address"});
            InterfaceSpec itf;
            itf.link = readStdString(io.get("link"), io.at("link"));
            const auto [address, prefixLen] = addressWithPrefix(io.get("address"), io.at("address"));
            itf.address = address;
            itf.prefixLen = prefixLen;
            r.interfaces.push_back(std::move(itf));
        }
        return r;
    }

    IpSpec ip(const QJsonValue& v, const QString& path) const {
        const Obj o = object(v, path);
        o.allow({"reassembly_timeout_ms", "icmp_drop"});
        IpSpec ip;
        ip.present = true;
        if (o.has("reassembly_timeout_ms")) {
            const Duration t = readMs(o.get("reassembly_timeout_ms"), o.at("reassembly_timeout_ms"));
            if (t <= Duration{0})
                expected(o.get("reassembly_timeout_ms"), o.at("reassembly_timeout_ms"),
                         QStringLiteral("a time above 0"));
            ip.reassemblyTimeout = t;
        }
        if (o.has("icmp_drop")) {
            const QJsonArray items = array(o.get("icmp_drop"), o.at("icmp_drop"));
            for (qsizetype i = 0; i < items.size(); ++i) {
                const QString rpath = indexPath(o.at("icmp_drop"), i);
                const Obj r = object(items[i], rpath);
                r.allow({"router", "type", "code"});
                IcmpDropRule rule;
                if (r.has("router"))
                    rule.router = readStdString(r.get("router"), r.at("router"));
                rule.type = static_cast<int>(readInt(r.get("type"), r.at("type"), 0, 255));
                if (r.has("code"))
                    rule.code = static_cast<int>(readInt(r.get("code"), r.at("code"), 0, 255));
                ip.icmpDrop.push_back(std::move(rule));
            }
        }
        return ip;
    }

    HostSpec host(const QJsonValue& v, const QString& path) const {
        const Obj o = object(v, path);
        o.allow({"name", "address", "profile", "isn", "tcp", "attacker", "ip"});
        HostSpec h;
        h.name = readStdString(o.get("name"), o.at("name"));
        const auto [address, prefixLen] = addressWithPrefix(o.get("address"), o.at("address"));
        h.address = address;
        h.prefixLen = prefixLen;
        if (o.has("ip")) {
            const Obj ip = object(o.get("ip"), o.at("ip"));
            ip.allow({"df", "ttl"});
            if (ip.has("df"))
                h.dontFragment = readBool(ip.get("df"), ip.at("df"));
            if (ip.has("ttl"))
                h.ttl = static_cast<std::uint8_t>(readInt(ip.get("ttl"), ip.at("ttl"), 1, 255));
        }
        if (o.has("profile"))
            h.profile = readProfile(o.get("profile"), o.at("profile"));
        if (o.has("isn"))
            h.isn = static_cast<std::uint32_t>(readInt(o.get("isn"), o.at("isn"), 0, 0xFFFFFFFF));
        if (o.has("tcp")) {
            const Obj t = object(o.get("tcp"), o.at("tcp"));
            for (const QString& key : t.keys()) {
                const QByteArray name = key.toUtf8();
                const TcpParamInfo* info =
                    findTcpParam(std::string_view(name.constData(), static_cast<std::size_t>(name.size())));
                if (!info)
                    fail(t.at(key), QStringLiteral("unknown parameter"));
                h.tcp.emplace_back(name.toStdString(), tcpValue(*info, t.get(key), t.at(key)));
            }
        }
        if (o.has("attacker"))
            h.flood = attacker(o.get("attacker"), o.at("attacker"));
        return h;
    }

    FloodSpec attacker(const QJsonValue& v, const QString& path) const {
        const Obj o = object(v, path);
        o.allow({"target", "port", "start_ms", "duration_ms", "rate", "spoof"});
        FloodSpec f;
        f.target = readStdString(o.get("target"), o.at("target"));
        f.port = static_cast<std::uint16_t>(readInt(o.get("port"), o.at("port"), 1, 65535));
        if (o.has("start_ms"))
            f.start = Instant{readMs(o.get("start_ms"), o.at("start_ms"))};
        if (o.has("duration_ms"))
            f.duration = readMs(o.get("duration_ms"), o.at("duration_ms"));
        f.ratePerSecond = static_cast<std::uint64_t>(readInt(o.get("rate"), o.at("rate"), 1, 10'000'000));
        if (o.has("spoof")) {
            const QJsonValue sv = o.get("spoof");
            const QStringList parts = sv.toString().split(QLatin1Char('/'));
            const QByteArray addrText = parts.value(0).toLatin1();
            bool okLen = false;
            const int len = parts.size() == 2 ? parts[1].toInt(&okLen) : 0;
            const auto addr = sv.isString()
                                  ? parseIpv4(std::string_view(addrText.constData(),
                                                               static_cast<std::size_t>(addrText.size())))
                                  : std::nullopt;
            if (!addr || !okLen || len < 8 || len > 32)
                expected(sv, o.at("spoof"),
                         QStringLiteral("an IPv4 prefix such as \"198.18.0.0/15\" (length 8..32)"));
            f.spoofBase = *addr;
            f.spoofPrefixLen = len;
        }
        return f;
    }

    static std::int64_t tcpValue(const TcpParamInfo& info, const QJsonValue& v, const QString& path) {
        switch (info.kind) {
        case TcpParamInfo::Kind::Boolean:
            return readBool(v, path) ? 1 : 0;
        case TcpParamInfo::Kind::Choice: {
            const QStringList choices =
                QString::fromLatin1(info.choices.data(), static_cast<qsizetype>(info.choices.size()))
                    .split(QLatin1Char('|'));
            if (v.isString())
                if (const qsizetype i = choices.indexOf(v.toString()); i >= 0)
                    return i;
            expected(v, path, QStringLiteral("one of ") + choices.join(QStringLiteral(", ")));
        }
        case TcpParamInfo::Kind::Milliseconds:
        case TcpParamInfo::Kind::Seconds:
        case TcpParamInfo::Kind::Integer:
            break;
        }
        return readInt(v, path, info.min, info.max);
    }

    static void direction(const Obj& o, LinkDirection& d) {
        if (o.has("delay_ms"))
            d.delay = readMs(o.get("delay_ms"), o.at("delay_ms"));
        if (o.has("jitter_ms"))
            d.jitter = readMs(o.get("jitter_ms"), o.at("jitter_ms"));
        if (o.has("bandwidth_bps"))
            d.bandwidthBps = static_cast<std::uint64_t>(
                readInt(o.get("bandwidth_bps"), o.at("bandwidth_bps"), 0, kMaxBandwidth));
        if (o.has("loss"))
            d.loss = readNumber(o.get("loss"), o.at("loss"), 0, 1);
        if (o.has("duplicate"))
            d.duplicate = readNumber(o.get("duplicate"), o.at("duplicate"), 0, 1);
        if (o.has("reorder"))
            d.reorder = readNumber(o.get("reorder"), o.at("reorder"), 0, 1);
        if (o.has("reorder_delay_ms"))
            d.reorderDelay = readMs(o.get("reorder_delay_ms"), o.at("reorder_delay_ms"));
    }

    LinkSpec link(const QJsonValue& v, const QString& path) const {
        const Obj o = object(v, path);
        o.allow({"name", "a", "b", "delay_ms", "jitter_ms", "bandwidth_bps", "loss", "duplicate", "reorder",
                 "reorder_delay_ms", "mtu", "ethernet", "a_to_b", "b_to_a"});
        LinkSpec l;
        if (o.has("name"))
            l.name = readStdString(o.get("name"), o.at("name"));
        l.a = readStdString(o.get("a"), o.at("a"));
        l.b = readStdString(o.get("b"), o.at("b"));
        LinkDirection both;
        direction(o, both);
        if (o.has("mtu"))
            l.mtu = static_cast<std::uint32_t>(readInt(o.get("mtu"), o.at("mtu"), 68, 65535));
        if (o.has("ethernet"))
            l.ethernet = readBool(o.get("ethernet"), o.at("ethernet"));
        l.aToB = both;
        l.bToA = both;
        for (const char* key : {"a_to_b", "b_to_a"}) {
            if (!o.has(key))
                continue;
            const Obj d = object(o.get(key), o.at(key));
            d.allow({"delay_ms", "jitter_ms", "bandwidth_bps", "loss", "duplicate", "reorder",
                     "reorder_delay_ms"},
                    {"name", "a", "b", "mtu", "ethernet", "a_to_b", "b_to_a"},
                    QStringLiteral("only allowed at the link's top level"));
            direction(d, key[0] == 'a' ? l.aToB : l.bToA);
        }
        return l;
    }

    ActionSpec action(const QJsonValue& v, const QString& path) const {
        const Obj o = object(v, path);
        ActionSpec a;
        a.kind = readName<ActionKind>(o.get("do"), o.at("do"), 10, actionKindName, actionKindFromName);
        const QString notFor =
            QStringLiteral("not used by \"do\": \"%1\"")
                .arg(QString::fromLatin1(actionKindName(a.kind).data(),
                                         static_cast<qsizetype>(actionKindName(a.kind).size())));
        const std::initializer_list<const char*> all = {
            "port",   "backlog",  "peer",           "local_port",   "isn",   "bytes",  "text",
            "accept", "every_ms", "close_after_ms", "close_on_eof", "count", "gap_ms", "max_ttl"};
        switch (a.kind) {
        case ActionKind::Listen:
            o.allow({"at_ms", "on", "after_ms", "host", "do", "port", "backlog", "accept", "close_after_ms",
                     "close_on_eof"},
                    all, notFor);
            break;
        case ActionKind::Connect:
            o.allow({"at_ms", "on", "after_ms", "host", "do", "peer", "port", "local_port", "isn",
                     "close_after_ms", "close_on_eof", "count", "gap_ms"},
                    all, notFor);
            break;
        case ActionKind::Accept:
            o.allow({"at_ms", "on", "after_ms", "host", "do", "port", "every_ms"}, all, notFor);
            break;
        case ActionKind::Ping:
            o.allow({"at_ms", "on", "after_ms", "host", "do", "peer", "count", "every_ms", "bytes"}, all,
                    notFor);
            break;
        case ActionKind::Traceroute:
            o.allow({"at_ms", "on", "after_ms", "host", "do", "peer", "max_ttl", "every_ms"}, all, notFor);
            break;
        case ActionKind::Send:
            o.allow({"at_ms", "on", "after_ms", "host", "do", "bytes", "text", "local_port"}, all, notFor);
            break;
        case ActionKind::Read:
            o.allow({"at_ms", "on", "after_ms", "host", "do", "bytes", "local_port"}, all, notFor);
            break;
        case ActionKind::Close:
        case ActionKind::Shutdown:
        case ActionKind::Abort:
            o.allow({"at_ms", "on", "after_ms", "host", "do", "local_port"}, all, notFor);
            break;
        }

        const bool at = o.has("at_ms");
        const bool on = o.has("on");
        if (at && on)
            fail(path, QStringLiteral("expected either \"at_ms\" or \"on\", not both"));
        if (!at && !on)
            fail(path, QStringLiteral("expected \"at_ms\" or \"on\""));
        if (at) {
            a.when.at = Instant{readMs(o.get("at_ms"), o.at("at_ms"))};
            if (o.has("after_ms"))
                fail(o.at("after_ms"), QStringLiteral("only allowed with \"on\""));
        } else {
            const Obj w = object(o.get("on"), o.at("on"));
            w.allow({"host", "state"});
            a.when.onHost = readStdString(w.get("host"), w.at("host"));
            a.when.onState = readState(w.get("state"), w.at("state"));
            if (o.has("after_ms"))
                a.when.after = readMs(o.get("after_ms"), o.at("after_ms"));
        }
        a.host = readStdString(o.get("host"), o.at("host"));

        auto port = [&](const char* key, std::int64_t lo) {
            return static_cast<std::uint16_t>(readInt(o.get(key), o.at(key), lo, 65535));
        };
        if (o.has("local_port"))
            a.localPort = port("local_port", 0);
        if (o.has("close_after_ms"))
            a.closeAfter = readMs(o.get("close_after_ms"), o.at("close_after_ms"));
        if (o.has("close_on_eof"))
            a.closeOnEof = readBool(o.get("close_on_eof"), o.at("close_on_eof"));
        switch (a.kind) {
        case ActionKind::Listen:
            a.port = port("port", 1);
            if (o.has("backlog")) {
                const TcpParamInfo* b = findTcpParam("backlog");
                a.backlog = static_cast<int>(readInt(o.get("backlog"), o.at("backlog"), b ? b->min : 0,
                                                     b ? b->max : std::numeric_limits<int>::max()));
            }
            if (o.has("accept")) {
                const QJsonValue m = o.get("accept");
                if (m.toString() != QLatin1String("auto") && m.toString() != QLatin1String("manual"))
                    expected(m, o.at("accept"), QStringLiteral("one of auto, manual"));
                a.manualAccept = m.toString() == QLatin1String("manual");
            }
            break;
        case ActionKind::Accept:
            a.port = port("port", 1);
            if (o.has("every_ms"))
                a.every = readMs(o.get("every_ms"), o.at("every_ms"));
            break;
        case ActionKind::Connect:
            a.peer = readStdString(o.get("peer"), o.at("peer"));
            a.port = port("port", 1);
            if (o.has("isn"))
                a.isn = static_cast<std::uint32_t>(readInt(o.get("isn"), o.at("isn"), 0, 0xFFFFFFFF));
            if (o.has("count"))
                a.count = static_cast<std::uint64_t>(readInt(o.get("count"), o.at("count"), 1, 10'000'000));
            if (o.has("gap_ms"))
                a.gap = readMs(o.get("gap_ms"), o.at("gap_ms"));
            if (a.count > 1 && !a.closeAfter)
                fail(path, QStringLiteral(
                               "\"count\" above 1 needs \"close_after_ms\": each connection must be closed "
                               "before the next one"));
            break;
        case ActionKind::Send:
            if (o.has("bytes") && o.has("text"))
                fail(path, QStringLiteral("expected either \"bytes\" or \"text\", not both"));
            if (o.has("text"))
                a.text = readStdString(o.get("text"), o.at("text"));
            else if (o.has("bytes"))
                a.bytes = static_cast<std::uint64_t>(readInt(o.get("bytes"), o.at("bytes"), 0, kMaxBytes));
            else
                fail(path, QStringLiteral("expected \"bytes\" or \"text\""));
            break;
        case ActionKind::Ping:
        case ActionKind::Traceroute:
            a.peer = readStdString(o.get("peer"), o.at("peer"));
            a.every = std::chrono::seconds(1);
            if (o.has("every_ms")) {
                a.every = readMs(o.get("every_ms"), o.at("every_ms"));
                if (a.every <= Duration{0})
                    expected(o.get("every_ms"), o.at("every_ms"), QStringLiteral("a time above 0"));
            }
            if (a.kind == ActionKind::Ping) {
                a.count = o.has("count")
                              ? static_cast<std::uint64_t>(readInt(o.get("count"), o.at("count"), 1, 1000))
                              : 3;
                a.bytes = o.has("bytes")
                              ? static_cast<std::uint64_t>(readInt(o.get("bytes"), o.at("bytes"), 0, 1472))
                              : 56;
            } else if (o.has("max_ttl")) {
                a.maxTtl = static_cast<int>(readInt(o.get("max_ttl"), o.at("max_ttl"), 1, 255));
            }
            break;
        case ActionKind::Read: // 0: everything buffered
            if (o.has("bytes"))
                a.bytes = static_cast<std::uint64_t>(readInt(o.get("bytes"), o.at("bytes"), 0, kMaxBytes));
            break;
        case ActionKind::Close:
        case ActionKind::Shutdown:
        case ActionKind::Abort:
            break;
        }
        return a;
    }

    FaultRule fault(const QJsonValue& v, const QString& path) const {
        const Obj o = object(v, path);
        o.allow({"from", "to", "match", "nth", "action", "delay_ms", "fragment"});
        FaultRule f;
        f.from = readStdString(o.get("from"), o.at("from"));
        f.to = readStdString(o.get("to"), o.at("to"));
        if (o.has("match"))
            f.match = readName<SegmentMatch>(o.get("match"), o.at("match"), 7, segmentMatchName,
                                             segmentMatchFromName);
        if (o.has("nth"))
            f.nth = static_cast<int>(readInt(o.get("nth"), o.at("nth"), 0, kMaxNth));
        if (o.has("action"))
            f.action = readName<FaultAction>(o.get("action"), o.at("action"), 3, faultActionName,
                                             faultActionFromName);
        if (f.action == FaultAction::Delay)
            f.delay = readMs(o.get("delay_ms"), o.at("delay_ms"));
        else if (o.has("delay_ms"))
            fail(o.at("delay_ms"), QStringLiteral("only allowed with \"action\": \"delay\""));
        if (o.has("fragment"))
            f.fragment = static_cast<int>(readInt(o.get("fragment"), o.at("fragment"), 1, 8192));
        return f;
    }

    TeacherNote note(const QJsonValue& v, const QString& path) const {
        const Obj o = object(v, path);
        o.allow({"step", "text"});
        TeacherNote n;
        n.step = static_cast<int>(readInt(o.get("step"), o.at("step"), 1, std::numeric_limits<int>::max()));
        n.text = text(o.get("text"), o.at("text"));
        return n;
    }

    QuizQuestion quizQuestion(const QJsonValue& v, const QString& path) const {
        const Obj o = object(v, path);
        o.allow({"step", "ask", "host", "text"});
        QuizQuestion q;
        q.step = static_cast<int>(readInt(o.get("step"), o.at("step"), 1, std::numeric_limits<int>::max()));
        q.ask = readName<QuizAsk>(o.get("ask"), o.at("ask"), 3, quizAskName, quizAskFromName);
        if (o.has("host"))
            q.host = readStdString(o.get("host"), o.at("host"));
        if (o.has("text"))
            q.text = text(o.get("text"), o.at("text"));
        return q;
    }

    Scenario scenario(const QJsonValue& root) const {
        if (!root.isObject())
            fail({}, QStringLiteral("expected a JSON object at the top level, got ") + describe(root));
        const Obj o = object(root, {});
        const QJsonValue format = o.get("format");
        if (format.toString() != QLatin1String(kFormat))
            expected(format, o.at("format"), QStringLiteral("\"%1\"").arg(QLatin1String(kFormat)));
        const QJsonValue version = o.get("version");
        if (exactInteger(version) != kVersion)
            expected(version, o.at("version"), QString::number(kVersion));
        o.allow({"format", "version", "title", "description", "seed", "profile", "duration_s", "max_events",
                 "flood_trace", "host_stats_ms", "trace_connections", "ip", "hosts", "routers", "links",
                 "actions", "faults", "notes", "quiz"});

        Scenario sc;
        if (o.has("title"))
            sc.title = text(o.get("title"), o.at("title"));
        if (o.has("description"))
            sc.description = text(o.get("description"), o.at("description"));
        if (o.has("seed"))
            sc.seed = readU64(o.get("seed"), o.at("seed"), 0);
        if (o.has("profile"))
            sc.profile = readProfile(o.get("profile"), o.at("profile"));
        if (o.has("duration_s")) {
            const QJsonValue d = o.get("duration_s");
            const double s = d.toDouble();
            if (!d.isDouble() || !std::isfinite(s) || s <= 0 || s > kMaxDurationS ||
                std::llround(s * 1e9) <= 0)
                expected(d, o.at("duration_s"),
                         QStringLiteral("a number above 0, at most %1").arg(numberText(kMaxDurationS)));
            sc.duration = Duration{std::llround(s * 1e9)};
        }
        if (o.has("max_events"))
            sc.maxEvents = readU64(o.get("max_events"), o.at("max_events"), 1);
        if (o.has("flood_trace")) {
            const QJsonValue m = o.get("flood_trace");
            if (m.toString() != QLatin1String("full") && m.toString() != QLatin1String("summary"))
                expected(m, o.at("flood_trace"), QStringLiteral("one of full, summary"));
            sc.floodSummary = m.toString() == QLatin1String("summary");
        }
        if (o.has("host_stats_ms"))
            sc.hostStatsInterval = readMs(o.get("host_stats_ms"), o.at("host_stats_ms"));
        if (o.has("trace_connections"))
            sc.traceConnections = readU64(o.get("trace_connections"), o.at("trace_connections"), 0);

        const QJsonArray hosts = array(o.get("hosts"), o.at("hosts"));
        for (qsizetype i = 0; i < hosts.size(); ++i)
            sc.hosts.push_back(host(hosts[i], indexPath(o.at("hosts"), i)));
        auto each = [&](const char* key, auto read) {
            if (!o.has(key))
                return;
            const QJsonArray items = array(o.get(key), o.at(key));
            for (qsizetype i = 0; i < items.size(); ++i)
                read(items[i], indexPath(o.at(key), i));
        };
        if (o.has("ip"))
            sc.ip = ip(o.get("ip"), o.at("ip"));
        each("routers", [&](const QJsonValue& v, const QString& p) { sc.routers.push_back(router(v, p)); });
        each("links", [&](const QJsonValue& v, const QString& p) { sc.links.push_back(link(v, p)); });
        each("actions", [&](const QJsonValue& v, const QString& p) { sc.actions.push_back(action(v, p)); });
        each("faults", [&](const QJsonValue& v, const QString& p) { sc.faults.push_back(fault(v, p)); });
        each("notes", [&](const QJsonValue& v, const QString& p) { sc.notes.push_back(note(v, p)); });
        each("quiz", [&](const QJsonValue& v, const QString& p) { sc.quiz.push_back(quizQuestion(v, p)); });
        return sc;
    }

private:
    const QHash<QString, QStringList>& order_;
};

// "line 3, column 7" of a byte offset: lines from 1, columns in characters from 1.
QString lineColumn(const QByteArray& text, qsizetype offset) {
    offset = std::clamp<qsizetype>(offset, 0, text.size());
    int line = 1;
    int column = 1;
    for (qsizetype i = 0; i < offset; ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == '\n') {
            ++line;
            column = 1;
        } else if ((c & 0xC0) != 0x80) {
            ++column;
        }
    }
    return QStringLiteral("line %1, column %2").arg(line).arg(column);
}

// ---------------------------------------------------------------------------------------------------------
// Writing: the canonical form. One line per host, link, action, fault and note.

class Line {
public:
    Line& add(std::string_view key, const QByteArray& value) {
        if (!first_)
            out_ += ", ";
        first_ = false;
        out_ += jsonString(key) + ": " + value;
        return *this;
    }
    QByteArray done() const { return '{' + out_ + '}'; }

private:
    QByteArray out_;
    bool first_ = true;
};

QByteArray num(std::int64_t v) {
    return QByteArray::number(static_cast<qlonglong>(v));
}
QByteArray u64(std::uint64_t v) {
    const QByteArray digits = QByteArray::number(static_cast<qulonglong>(v));
    return v > static_cast<std::uint64_t>(std::numeric_limits<qint64>::max()) ? '"' + digits + '"' : digits;
}
QByteArray ms(Duration d) {
    return exactDecimal(d.count(), 1'000'000);
}
QByteArray boolean(bool b) {
    return b ? "true" : "false";
}

QByteArray textJson(const LocalizedText& t) {
    Line l;
    l.add("en", jsonString(t.en));
    if (!t.zh.empty())
        l.add("zh", jsonString(t.zh));
    return l.done();
}

QByteArray tcpValueJson(const std::string& name, std::int64_t value) {
    const TcpParamInfo* info = findTcpParam(name);
    if (info && info->kind == TcpParamInfo::Kind::Boolean && (value == 0 || value == 1))
        return boolean(value != 0);
    if (info && info->kind == TcpParamInfo::Kind::Choice) {
        const QList<QByteArray> choices =
            QByteArray(info->choices.data(), static_cast<qsizetype>(info->choices.size())).split('|');
        if (value >= 0 && value < choices.size())
            return jsonString(QString::fromLatin1(choices[value]));
    }
    return num(value);
}

std::string addressJson(std::uint32_t address, int prefixLen) {
    return prefixLen == 24 ? formatIpv4(address) : formatIpv4(address) + "/" + std::to_string(prefixLen);
}

QByteArray hostJson(const HostSpec& h) {
    Line l;
    l.add("name", jsonString(h.name)).add("address", jsonString(addressJson(h.address, h.prefixLen)));
    if (h.profile)
        l.add("profile", jsonString(profileName(*h.profile)));
    if (h.isn)
        l.add("isn", num(*h.isn));
    if (!h.tcp.empty()) {
        Line t;
        for (const auto& [name, value] : h.tcp)
            t.add(name, tcpValueJson(name, value));
        l.add("tcp", t.done());
    }
    if (h.flood) {
        const FloodSpec& f = *h.flood;
        l.add("attacker",
              Line()
                  .add("target", jsonString(f.target))
                  .add("port", num(f.port))
                  .add("start_ms", ms(f.start.time_since_epoch()))
                  .add("duration_ms", ms(f.duration))
                  .add("rate", u64(f.ratePerSecond))
                  .add("spoof", jsonString(formatIpv4(f.spoofBase) + "/" + std::to_string(f.spoofPrefixLen)))
                  .done());
    }
    if (h.dontFragment || h.ttl != 64) {
        Line ip;
        if (h.dontFragment)
            ip.add("df", boolean(*h.dontFragment));
        if (h.ttl != 64)
            ip.add("ttl", num(h.ttl));
        l.add("ip", ip.done());
    }
    return l.done();
}

QByteArray routerJson(const RouterSpec& r) {
    QByteArray interfaces = "[";
    for (std::size_t i = 0; i < r.interfaces.size(); ++i) {
        const InterfaceSpec& itf = r.interfaces[i];
        if (i)
            interfaces += ", ";
        interfaces +=
            Line()
                .add("link", jsonString(itf.link))
                .add("address", jsonString(formatIpv4(itf.address) + "/" + std::to_string(itf.prefixLen)))
                .done();
    }
    return Line().add("name", jsonString(r.name)).add("interfaces", interfaces + "]").done();
}

QByteArray ipJson(const IpSpec& ip) {
    Line l;
    if (ip.reassemblyTimeout)
        l.add("reassembly_timeout_ms", ms(*ip.reassemblyTimeout));
    if (!ip.icmpDrop.empty()) {
        QByteArray rules = "[";
        for (std::size_t i = 0; i < ip.icmpDrop.size(); ++i) {
            const IcmpDropRule& r = ip.icmpDrop[i];
            Line rule;
            if (!r.router.empty())
                rule.add("router", jsonString(r.router));
            rule.add("type", num(r.type));
            if (r.code >= 0)
                rule.add("code", num(r.code));
            rules += (i ? ", " : "") + rule.done();
        }
        l.add("icmp_drop", rules + "]");
    }
    return l.done();
}

// The keys of `d` whose value equals (same) or differs from (!same) the other direction's.
void directionJson(Line& l, const LinkDirection& d, const LinkDirection& other, bool same) {
    if ((d.delay == other.delay) == same)
        l.add("delay_ms", ms(d.delay));
    if ((d.jitter == other.jitter) == same)
        l.add("jitter_ms", ms(d.jitter));
    if ((d.bandwidthBps == other.bandwidthBps) == same)
        l.add("bandwidth_bps", u64(d.bandwidthBps));
    if ((d.loss == other.loss) == same)
        l.add("loss", shortestDouble(d.loss));
    if ((d.duplicate == other.duplicate) == same)
        l.add("duplicate", shortestDouble(d.duplicate));
    if ((d.reorder == other.reorder) == same)
        l.add("reorder", shortestDouble(d.reorder));
    if ((d.reorderDelay == other.reorderDelay) == same)
        l.add("reorder_delay_ms", ms(d.reorderDelay));
}

// What both directions share at the top level; where they differ, each direction's value in a_to_b and
// b_to_a.
QByteArray linkJson(const LinkSpec& k) {
    Line l;
    if (!k.name.empty())
        l.add("name", jsonString(k.name));
    l.add("a", jsonString(k.a)).add("b", jsonString(k.b));
    directionJson(l, k.aToB, k.bToA, true);
    l.add("mtu", num(k.mtu));
    if (k.ethernet)
        l.add("ethernet", boolean(true));
    if (!(k.bToA == k.aToB)) {
        Line ab;
        directionJson(ab, k.aToB, k.bToA, false);
        l.add("a_to_b", ab.done());
        Line ba;
        directionJson(ba, k.bToA, k.aToB, false);
        l.add("b_to_a", ba.done());
    }
    return l.done();
}

QByteArray actionJson(const ActionSpec& a) {
    Line l;
    if (a.when.at) {
        l.add("at_ms", ms(a.when.at->time_since_epoch()));
    } else if (a.when.onState) {
        l.add("on", Line()
                        .add("host", jsonString(a.when.onHost))
                        .add("state", jsonString(stateName(*a.when.onState)))
                        .done());
        l.add("after_ms", ms(a.when.after));
    }
    l.add("host", jsonString(a.host)).add("do", jsonString(actionKindName(a.kind)));
    switch (a.kind) {
    case ActionKind::Listen:
        l.add("port", num(a.port));
        if (a.backlog != -1)
            l.add("backlog", num(a.backlog));
        if (a.manualAccept)
            l.add("accept", jsonString(std::string_view("manual")));
        break;
    case ActionKind::Accept:
        l.add("port", num(a.port));
        if (a.every > Duration{0})
            l.add("every_ms", ms(a.every));
        break;
    case ActionKind::Connect:
        l.add("peer", jsonString(a.peer)).add("port", num(a.port));
        if (a.localPort != 0)
            l.add("local_port", num(a.localPort));
        if (a.isn)
            l.add("isn", num(*a.isn));
        if (a.count != 1)
            l.add("count", u64(a.count));
        if (a.gap > Duration{0})
            l.add("gap_ms", ms(a.gap));
        break;
    case ActionKind::Send:
        if (!a.text.empty())
            l.add("text", jsonString(a.text));
        else
            l.add("bytes", u64(a.bytes));
        if (a.localPort != 0)
            l.add("local_port", num(a.localPort));
        break;
    case ActionKind::Read:
        if (a.bytes != 0)
            l.add("bytes", u64(a.bytes));
        if (a.localPort != 0)
            l.add("local_port", num(a.localPort));
        break;
    case ActionKind::Close:
    case ActionKind::Shutdown:
    case ActionKind::Abort:
        if (a.localPort != 0)
            l.add("local_port", num(a.localPort));
        break;
    case ActionKind::Ping:
        l.add("peer", jsonString(a.peer)).add("count", u64(a.count)).add("bytes", u64(a.bytes));
        l.add("every_ms", ms(a.every));
        break;
    case ActionKind::Traceroute:
        l.add("peer", jsonString(a.peer)).add("max_ttl", num(a.maxTtl)).add("every_ms", ms(a.every));
        break;
    }
    if (a.closeAfter)
        l.add("close_after_ms", ms(*a.closeAfter));
    if (a.closeOnEof)
        l.add("close_on_eof", boolean(true));
    return l.done();
}

QByteArray faultJson(const FaultRule& f) {
    Line l;
    l.add("from", jsonString(f.from)).add("to", jsonString(f.to));
    l.add("match", jsonString(segmentMatchName(f.match))).add("nth", num(f.nth));
    l.add("action", jsonString(faultActionName(f.action)));
    if (f.action == FaultAction::Delay)
        l.add("delay_ms", ms(f.delay));
    if (f.fragment != 0)
        l.add("fragment", num(f.fragment));
    return l.done();
}

QByteArray noteJson(const TeacherNote& n) {
    return Line().add("step", num(n.step)).add("text", textJson(n.text)).done();
}

QByteArray quizJson(const QuizQuestion& q) {
    Line line;
    line.add("step", num(q.step)).add("ask", jsonString(quizAskName(q.ask)));
    if (!q.host.empty())
        line.add("host", jsonString(q.host));
    if (!q.text.en.empty() || !q.text.zh.empty())
        line.add("text", textJson(q.text));
    return line.done();
}

template <typename T, typename F> QByteArray listJson(const std::vector<T>& items, F one) {
    if (items.empty())
        return "[]";
    QByteArray out = "[\n";
    for (std::size_t i = 0; i < items.size(); ++i) {
        out += "    " + one(items[i]);
        out += i + 1 < items.size() ? ",\n" : "\n";
    }
    return out + "  ]";
}

} // namespace

ScenarioLoad parseScenarioJson(const QByteArray& json) {
    ScenarioLoad result;
    QJsonParseError err{};
    const QJsonDocument doc = QJsonDocument::fromJson(json, &err);
    if (err.error != QJsonParseError::NoError) {
        if (json.trimmed().isEmpty()) {
            result.error = QStringLiteral("expected a JSON object at the top level, got an empty file");
        } else {
            // Qt's offset is just past the character it stopped at (the one read last), except for
            // trailing garbage, where it is the garbage itself.
            const qsizetype at = err.error == QJsonParseError::GarbageAtEnd ? err.offset : err.offset - 1;
            result.error = lineColumn(json, at) + QStringLiteral(": ") + err.errorString();
        }
        return result;
    }
    KeyScanner scan(json);
    scan.run();
    try {
        if (!scan.duplicate.isEmpty())
            fail(scan.duplicate, QStringLiteral("duplicate key"));
        const QJsonValue root = doc.isObject() ? QJsonValue(doc.object()) : QJsonValue(doc.array());
        Scenario sc = Reader(scan.order).scenario(root);
        const std::string problem = checkScenario(sc);
        if (!problem.empty())
            fail({}, QString::fromStdString(problem));
        result.scenario = std::move(sc);
    } catch (const LoadError& e) {
        result.error = e.message;
    }
    return result;
}

ScenarioLoad loadScenarioFile(const QString& path) {
    ScenarioLoad result;
    if (QFileInfo(path).isDir()) {
        result.error = QStringLiteral("cannot open %1: it is a directory").arg(path);
        return result;
    }
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        result.error = QStringLiteral("cannot open %1: %2").arg(path, f.errorString());
        return result;
    }
    const QByteArray data = f.read(kMaxFileBytes + 1);
    if (f.error() != QFileDevice::NoError) {
        result.error = QStringLiteral("cannot read %1: %2").arg(path, f.errorString());
        return result;
    }
    if (data.size() > kMaxFileBytes) {
        result.error =
            QStringLiteral("cannot open %1: larger than %2 MiB").arg(path).arg(kMaxFileBytes >> 20);
        return result;
    }
    return parseScenarioJson(data);
}

ScenarioLoad loadScenarioArgument(const QString& arg) {
    const QLatin1String prefix("builtin:");
    if (!arg.startsWith(prefix))
        return loadScenarioFile(arg);
    const QString name = arg.mid(prefix.size());
    const QByteArray json = builtinScenarioJson(name);
    if (json.isEmpty()) {
        ScenarioLoad result;
        const QStringList names = builtinScenarioNames();
        result.error =
            QStringLiteral("unknown built-in lesson \"%1\"; ").arg(name) +
            (names.isEmpty() ? QStringLiteral("there are none")
                             : QStringLiteral("expected one of ") + names.join(QStringLiteral(", ")));
        return result;
    }
    return parseScenarioJson(json);
}

QByteArray scenarioToJson(const Scenario& sc) {
    QByteArray out = "{\n";
    auto field = [&](const char* key, const QByteArray& value, bool last = false) {
        out += "  \"";
        out += key;
        out += "\": " + value + (last ? "\n" : ",\n");
    };
    field("format", jsonString(std::string_view(kFormat)));
    field("version", num(kVersion));
    field("title", textJson(sc.title));
    field("description", textJson(sc.description));
    field("seed", u64(sc.seed));
    field("profile", jsonString(profileName(sc.profile)));
    field("duration_s", exactDecimal(sc.duration.count(), 1'000'000'000));
    field("max_events", u64(sc.maxEvents));
    if (sc.floodSummary)
        field("flood_trace", jsonString(std::string_view("summary")));
    if (sc.hostStatsInterval > Duration{0})
        field("host_stats_ms", ms(sc.hostStatsInterval));
    if (sc.traceConnections != UINT64_MAX)
        field("trace_connections", u64(sc.traceConnections));
    if (sc.ip.present)
        field("ip", ipJson(sc.ip));
    field("hosts", listJson(sc.hosts, hostJson));
    if (!sc.routers.empty())
        field("routers", listJson(sc.routers, routerJson));
    field("links", listJson(sc.links, linkJson));
    field("actions", listJson(sc.actions, actionJson));
    field("faults", listJson(sc.faults, faultJson));
    field("notes", listJson(sc.notes, noteJson), sc.quiz.empty());
    if (!sc.quiz.empty())
        field("quiz", listJson(sc.quiz, quizJson), true);
    return out + "}\n";
}

bool saveScenarioFile(const Scenario& sc, const QString& path, QString* error) {
    auto failed = [&](const QString& why) {
        if (error)
            *error = QStringLiteral("cannot write %1: %2").arg(path, why);
        return false;
    };
    const QByteArray data = scenarioToJson(sc);
    QSaveFile f(path);
    f.setDirectWriteFallback(false);
    if (!f.open(QIODevice::WriteOnly))
        return failed(f.errorString());
    if (f.write(data) != data.size()) {
        const QString why = f.errorString();
        f.cancelWriting();
        return failed(why);
    }
    if (!f.commit())
        return failed(f.errorString());
    return true;
}

} // namespace tcplab
