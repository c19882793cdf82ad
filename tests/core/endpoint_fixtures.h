// Fixtures for the TcpEndpoint specification tests. A Harness holds one endpoint under test and plays its
// peer by hand: it feeds segments built from templates that name only the fields that differ, fires timers,
// and keeps its own model of the peer's sequence numbers (peerNxt, ourNxt) so that tests compare what the
// endpoint sends with numbers derived from ISS and IRS, never with the endpoint's own variables.
//
// Every test is data-driven over the profile and the ISN pair: the "wrap" rows put ISS at 2^32 − 10 and IRS
// at 2^32 − 3, so that SYN, FIN and data cross the 2^32 wrap, and the "max" rows put both at 2^32 − 1 (the
// first data octet is sequence number 0).
#pragma once

#include <QtTest>

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "tcp/endpoint.h"

Q_DECLARE_METATYPE(tcplab::Profile)
Q_DECLARE_METATYPE(tcplab::TcpState)

namespace tcplab {

// QCOMPARE prints these (found by argument-dependent lookup).
inline char* toString(TcpState s) {
    return qstrdup(std::string(stateName(s)).c_str());
}
inline QString formatDuration(Duration d) {
    const auto ns = d.count();
    if (ns % 1'000'000 == 0)
        return QStringLiteral("%1ms").arg(ns / 1'000'000);
    return QStringLiteral("%1ns").arg(ns);
}
inline char* toString(Instant t) {
    return qstrdup(qPrintable("t=" + formatDuration(t.time_since_epoch())));
}
inline char* toString(const std::optional<Instant>& t) {
    return t ? toString(*t) : qstrdup("(not armed)");
}
inline char* toString(SeqNum s) {
    return qstrdup(std::to_string(s.value()).c_str());
}

namespace test {

using namespace std::chrono_literals;
using namespace TcpFlag;

inline constexpr Endpoint4 kLocal{0x0a000001, 40000}; // 10.0.0.1:40000, the endpoint under test
inline constexpr Endpoint4 kRemote{0x0a000002, 80};   // 10.0.0.2:80, the peer played by the test

inline Instant at(Duration d) {
    return kTimeZero + d;
}
inline std::int64_t msOf(Duration d) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
}

// The RTO after the fixtures' handshake (one RTT sample of 20 ms), worked out by hand from
// linux-defaults.md §2.3: RFC 6298 max(1 s, 20 + 4·10 ms) = 1 s; Linux 20 + max(4·10, 200) ms = 220 ms.
inline Duration rtoAfterHandshake(Profile p) {
    return p == Profile::Linux ? Duration(220ms) : Duration(1s);
}
inline QString rtoText(Profile p) {
    return formatDuration(rtoAfterHandshake(p));
}

// ---- Data rows: profile × ISN pair ----

struct IsnRow {
    const char* name;
    std::uint32_t iss;
    std::uint32_t irs;
};
inline constexpr IsnRow kIsnRows[] = {
    {"isn-mid", 1000, 5000},                // the worked example of tcp-transitions.md §1.3
    {"isn-wrap", 0xFFFFFFF6u, 0xFFFFFFFDu}, // ISS = 2^32 − 10, IRS = 2^32 − 3: data crosses the wrap
    {"isn-max", 0xFFFFFFFFu, 0xFFFFFFFFu},  // ISS + 1 = IRS + 1 = 0
};

inline void addColumns() {
    QTest::addColumn<Profile>("profile");
    QTest::addColumn<quint32>("iss");
    QTest::addColumn<quint32>("irs");
}

// One row per profile in `profiles` and ISN pair, named "rfc9293/isn-wrap".
inline void addRows(std::initializer_list<Profile> profiles = {Profile::Rfc9293, Profile::Linux}) {
    addColumns();
    for (Profile p : profiles)
        for (const auto& isn : kIsnRows)
            QTest::addRow("%s/%s", std::string(profileName(p)).c_str(), isn.name)
                << p << quint32(isn.iss) << quint32(isn.irs);
}
inline void addRfcRows() {
    addRows({Profile::Rfc9293});
}
inline void addLinuxRows() {
    addRows({Profile::Linux});
}

// ---- Expected segments, timers, transitions ----

// What a sent segment must look like. Unset optionals are not compared; the payload length and the MSS
// option always are. A segment with the ACK flag must name its ack.
struct Sent {
    std::uint8_t flags = 0;
    SeqNum seq = {};
    std::optional<SeqNum> ack = {};
    std::uint32_t len = 0;
    std::optional<std::uint16_t> mss = {};
    std::optional<std::uint16_t> wnd = {};
    std::optional<bool> rtx = {};
    std::optional<std::string> data = {};
};

inline QString describe(const TcpSegment& s, bool rtx, const Sent& mask, bool expected) {
    QString d =
        QString::fromStdString(flagsToTcpdump(s.flags)) + QStringLiteral(" seq=%1").arg(s.seq.value());
    if (s.ackFlag()) {
        if (expected && !mask.ack)
            d += QStringLiteral(" ack=<test must name the ack>");
        else
            d += QStringLiteral(" ack=%1").arg(s.ack.value());
    }
    d += QStringLiteral(" len=%1").arg(s.payloadLen());
    if (s.mss)
        d += QStringLiteral(" mss=%1").arg(*s.mss);
    if (mask.wnd)
        d += QStringLiteral(" win=%1").arg(s.window);
    if (mask.rtx)
        d += rtx ? QStringLiteral(" rtx") : QStringLiteral(" new");
    if (mask.data)
        d += QStringLiteral(" data=\"%1\"").arg(QString::fromStdString(s.payload.str()));
    return d;
}

inline QString describeExpected(const std::vector<Sent>& exp) {
    QStringList parts;
    for (const auto& e : exp) {
        TcpSegment s;
        s.flags = e.flags;
        s.seq = e.seq;
        s.ack = e.ack.value_or(SeqNum{});
        s.payload = std::string(e.len, 'x');
        if (e.data)
            s.payload = *e.data;
        s.mss = e.mss;
        s.window = e.wnd.value_or(0);
        parts << describe(s, e.rtx.value_or(false), e, true);
    }
    return parts.join(QStringLiteral(" | "));
}

inline QString describeSent(const TcpOutput& out, const std::vector<Sent>& exp) {
    QStringList parts;
    for (std::size_t i = 0; i < out.segments.size(); ++i) {
        const Sent mask = i < exp.size() ? exp[i] : Sent{.ack = SeqNum{}};
        parts << describe(out.segments[i].seg, out.segments[i].retransmission, mask, false);
    }
    return parts.join(QStringLiteral(" | "));
}

// The segments of the last input, in order, exactly.
#define EXPECT_SENT(out, ...)                                                                                \
    do {                                                                                                     \
        const std::vector<::tcplab::test::Sent> expected_{__VA_ARGS__};                                      \
        QCOMPARE(::tcplab::test::describeSent((out), expected_),                                             \
                 ::tcplab::test::describeExpected(expected_));                                               \
    } while (false)

// "armed retransmission +1000ms", "cancelled time-wait", "fired persist": relative to `now`.
inline QString timerLog(const TcpOutput& out, Instant now) {
    QStringList parts;
    for (const auto& t : out.timers) {
        const QString name = QString::fromStdString(std::string(timerName(t.kind)));
        switch (t.op) {
        case TimerChange::Op::Armed:
            parts << QStringLiteral("armed %1 +%2").arg(name, formatDuration(t.deadline - now));
            break;
        case TimerChange::Op::Cancelled:
            parts << QStringLiteral("cancelled %1").arg(name);
            break;
        case TimerChange::Op::Fired:
            parts << QStringLiteral("fired %1").arg(name);
            break;
        }
    }
    return parts.join(QStringLiteral(" | "));
}

#define EXPECT_TIMERS(h, ...)                                                                                \
    QCOMPARE(::tcplab::test::timerLog((h).out, (h).now),                                                     \
             QStringList({__VA_ARGS__}).join(QStringLiteral(" | ")))

inline QString ruleIds(const TcpOutput& out) {
    QStringList ids;
    for (const auto& t : out.transitions)
        ids << QString::fromUtf8(t.rule->id.data(), static_cast<qsizetype>(t.rule->id.size()));
    return ids.join(QStringLiteral(" "));
}

// The transitions of the last input, by rule id, in order ("" for none).
#define EXPECT_TRANSITIONS(h, ids) QCOMPARE(::tcplab::test::ruleIds((h).out), QString(ids))

inline bool hasNotice(const TcpOutput& out, Notice::Kind kind, std::string_view containing = {}) {
    for (const auto& n : out.notices)
        if (n.kind == kind && n.text.find(containing) != std::string::npos)
            return true;
    return false;
}
inline QString noticeText(const TcpOutput& out, Notice::Kind kind) {
    for (const auto& n : out.notices)
        if (n.kind == kind)
            return QString::fromStdString(n.text);
    return {};
}
// Every byte the endpoint handed to the application in the last input, in order.
inline std::string delivered(const TcpOutput& out) {
    std::string s;
    for (const auto& n : out.notices)
        if (n.kind == Notice::Kind::DataDelivered)
            s += n.data.view();
    return s;
}

// ---- A segment from the peer: a template plus the fields that differ ----

class Seg {
public:
    explicit Seg(TcpSegment base) : s_(std::move(base)) {}
    Seg& seq(SeqNum v) {
        s_.seq = v;
        return *this;
    }
    Seg& ack(SeqNum v) {
        s_.ack = v;
        s_.flags |= ACK;
        return *this;
    }
    Seg& noAck() {
        s_.flags &= static_cast<std::uint8_t>(~ACK);
        s_.ack = SeqNum{};
        return *this;
    }
    Seg& flags(std::uint8_t f) {
        s_.flags = f;
        return *this;
    }
    Seg& plus(std::uint8_t f) {
        s_.flags |= f;
        return *this;
    }
    Seg& wnd(std::uint16_t w) {
        s_.window = w;
        return *this;
    }
    Seg& mss(std::optional<std::uint16_t> m) {
        s_.mss = m;
        return *this;
    }
    Seg& data(std::string p) {
        s_.payload = std::move(p);
        return *this;
    }
    operator const TcpSegment&() const { return s_; }
    const TcpSegment& get() const { return s_; }

private:
    TcpSegment s_;
};

// ---- The harness ----

enum Via : unsigned {
    Active = 0,   // reach SYN-RECEIVED by simultaneous open (SS-7) and ESTABLISHED by SS-3
    Passive = 1,  // reach SYN-RECEIVED and ESTABLISHED from LISTEN (LI-3, SR-1)
    Shutdown = 2, // send our FIN with shutdown(SHUT_WR) instead of CLOSE (the application keeps reading)
};

struct Harness {
    TcpParams params;
    TcpEndpoint ep;
    TcpOutput out;
    Instant now = kTimeZero;
    SeqNum iss; // ours
    SeqNum irs; // the peer's
    // The peer's model: its next sequence number (= the RCV.NXT we expect of the endpoint) and the highest
    // sequence number of ours it has received (= the SEG.ACK of its segments by default).
    SeqNum peerNxt;
    SeqNum ourNxt;
    std::uint16_t peerWnd = 65535;
    std::optional<std::uint16_t> peerMss = 1460;
    Duration rtt = 20ms; // how long the peer takes to answer in the fixtures

    static TcpParams makeParams(Profile p, const std::function<void(TcpParams&)>& tweak) {
        TcpParams t = TcpParams::forProfile(p);
        if (tweak)
            tweak(t);
        return t;
    }

    Harness(Profile p, std::uint32_t issValue, std::uint32_t irsValue,
            const std::function<void(TcpParams&)>& tweak = {})
        : params(makeParams(p, tweak)), ep(params, kLocal, kRemote), iss(issValue), irs(irsValue),
          peerNxt(irsValue), ourNxt(issValue) {}

    // ---- Inputs. Each clears `out` first, so `out` holds what the last input produced. ----
    TcpOutput& arrive(const TcpSegment& s) {
        out.clear();
        ep.segmentArrives(now, s, out, iss);
        return out;
    }
    void advance(Duration d) { now += d; }
    // Moves the clock to the timer's deadline and fires it; false if it is not armed.
    bool fire(TimerKind k) {
        out.clear();
        const auto d = ep.timerDeadline(k);
        if (!d)
            return false;
        now = *d;
        ep.timerFires(now, k, out);
        return true;
    }
    TcpOutput& openPassive() {
        out.clear();
        ep.openPassive(now, out);
        return out;
    }
    TcpOutput& openActive() {
        out.clear();
        ep.openActive(now, iss, out);
        return out;
    }
    TcpOutput& send(std::string_view d) {
        out.clear();
        ep.send(now, d, out);
        return out;
    }
    TcpOutput& close() {
        out.clear();
        ep.close(now, out);
        return out;
    }
    TcpOutput& shutdown() {
        out.clear();
        ep.shutdownSend(now, out);
        return out;
    }
    TcpOutput& abort() {
        out.clear();
        ep.abort(now, out);
        return out;
    }
    std::size_t read(std::size_t n) {
        out.clear();
        return ep.receive(now, n, out);
    }

    std::optional<Instant> deadline(TimerKind k) const { return ep.timerDeadline(k); }
    Instant in(Duration d) const { return now + d; }

    // ---- Segment templates (from the peer) ----
    TcpSegment base(std::uint8_t flags) const {
        TcpSegment s;
        s.srcPort = kRemote.port;
        s.dstPort = kLocal.port;
        s.flags = flags;
        s.seq = peerNxt;
        if (flags & ACK)
            s.ack = ourNxt;
        s.window = peerWnd;
        return s;
    }
    // <SEQ=IRS><CTL=SYN> with the peer's MSS option.
    Seg syn() const {
        TcpSegment s = base(SYN);
        s.seq = irs;
        s.mss = peerMss;
        return Seg(s);
    }
    // <SEQ=IRS><ACK=ISS+1><CTL=SYN,ACK> with the peer's MSS option.
    Seg synAck() const {
        TcpSegment s = base(SYN | ACK);
        s.seq = irs;
        s.ack = iss + 1;
        s.mss = peerMss;
        return Seg(s);
    }
    Seg ack() const { return Seg(base(ACK)); }
    Seg data(std::string payload) const { return Seg(base(ACK | PSH)).data(std::move(payload)); }
    Seg fin() const { return Seg(base(FIN | ACK)); }
    // <SEQ=peerNxt><CTL=RST> (no ACK, as after RFC 9293 §3.10.5 ABORT).
    Seg rst() const { return Seg(base(RST)); }

    // The peer sends `payload` at peerNxt and advances peerNxt.
    TcpOutput& peerSends(const std::string& payload) {
        const TcpSegment s = data(payload);
        peerNxt += static_cast<std::uint32_t>(payload.size());
        return arrive(s);
    }

    // ---- Per-state fixtures ----

    // Drives the endpoint into `target` by feeding it the segments a peer would send. Records a test failure
    // (use ENTER) if some step does not reach its state. Afterwards `out` is empty, peerNxt is the peer's
    // next sequence number and ourNxt the highest sequence number of ours the peer has received.
    void enter(TcpState target, unsigned via = Active) {
        const bool passive = (via & Passive) != 0;
        auto step = [&](TcpState expected) {
            return QTest::qCompare(ep.state(), expected, "ep.state()", "expected", __FILE__, __LINE__);
        };
        auto sendFin = [&]() {
            if (via & Shutdown)
                shutdown();
            else
                close();
        };
        switch (target) {
        case TcpState::Closed:
            break;
        case TcpState::Listen:
            openPassive();
            if (!step(TcpState::Listen))
                return;
            break;
        case TcpState::SynSent:
            openActive();
            if (!step(TcpState::SynSent))
                return;
            break;
        case TcpState::SynReceived:
            enter(passive ? TcpState::Listen : TcpState::SynSent, via);
            if (QTest::currentTestFailed())
                return;
            if (!passive)
                advance(rtt);
            arrive(syn()); // LI-3 or SS-7 (simultaneous open)
            peerNxt = irs + 1;
            if (!step(TcpState::SynReceived))
                return;
            break;
        case TcpState::Established:
            if (passive) {
                enter(TcpState::SynReceived, via);
                if (QTest::currentTestFailed())
                    return;
                advance(rtt);
                ourNxt = iss + 1;
                arrive(ack()); // SR-1
            } else {
                enter(TcpState::SynSent, via);
                if (QTest::currentTestFailed())
                    return;
                advance(rtt);
                arrive(synAck()); // SS-3
            }
            peerNxt = irs + 1;
            ourNxt = iss + 1;
            if (!step(TcpState::Established))
                return;
            break;
        case TcpState::FinWait1:
            enter(TcpState::Established, via);
            if (QTest::currentTestFailed())
                return;
            sendFin(); // ES-2: our FIN at ISS+1, not yet received by the peer
            if (!step(TcpState::FinWait1))
                return;
            break;
        case TcpState::FinWait2:
            enter(TcpState::FinWait1, via);
            if (QTest::currentTestFailed())
                return;
            advance(rtt);
            ourNxt = iss + 2;
            arrive(ack()); // F1-1
            if (!step(TcpState::FinWait2))
                return;
            break;
        case TcpState::CloseWait:
            enter(TcpState::Established, via);
            if (QTest::currentTestFailed())
                return;
            advance(rtt);
            arrive(fin()); // ES-10: the peer's FIN at IRS+1
            peerNxt = irs + 2;
            if (!step(TcpState::CloseWait))
                return;
            break;
        case TcpState::Closing:
            enter(TcpState::FinWait1, via);
            if (QTest::currentTestFailed())
                return;
            advance(rtt);
            arrive(fin()); // F1-3: the FINs cross; the peer's does not acknowledge ours
            peerNxt = irs + 2;
            if (!step(TcpState::Closing))
                return;
            break;
        case TcpState::LastAck:
            enter(TcpState::CloseWait, via);
            if (QTest::currentTestFailed())
                return;
            sendFin(); // CW-2: our FIN at ISS+1
            if (!step(TcpState::LastAck))
                return;
            break;
        case TcpState::TimeWait:
            enter(TcpState::FinWait2, via);
            if (QTest::currentTestFailed())
                return;
            advance(rtt);
            arrive(fin()); // F2-1
            peerNxt = irs + 2;
            if (!step(TcpState::TimeWait))
                return;
            break;
        }
        out.clear();
    }
};

// Declares `Harness h` from the current data row (profile, iss, irs), optionally tweaking the parameters.
#define HARNESS(h, ...)                                                                                      \
    QFETCH(::tcplab::Profile, profile);                                                                      \
    QFETCH(quint32, iss);                                                                                    \
    QFETCH(quint32, irs);                                                                                    \
    ::tcplab::test::Harness h(profile, iss, irs __VA_OPT__(, ) __VA_ARGS__)

// Drives h into `state` (see Harness::enter) and stops the test if that failed.
#define ENTER(h, target, ...)                                                                                \
    do {                                                                                                     \
        (h).enter((target)__VA_OPT__(, ) __VA_ARGS__);                                                       \
        if (QTest::currentTestFailed())                                                                      \
            return;                                                                                          \
        QCOMPARE((h).ep.state(), (target));                                                                  \
    } while (false)

// The deadline of a timer (EXPECT_DEADLINE) or its absence (EXPECT_NO_TIMER).
#define EXPECT_DEADLINE(h, kind, instant)                                                                    \
    QCOMPARE((h).deadline(kind), std::optional<::tcplab::Instant>(instant))
#define EXPECT_NO_TIMER(h, kind) QCOMPARE((h).deadline(kind), std::optional<::tcplab::Instant>())

// Fires the armed timer `kind` (moving the clock to its deadline) and stops the test if it is not armed.
#define FIRE(h, kind) QVERIFY2((h).fire(kind), "timer not armed: " #kind)

} // namespace test
} // namespace tcplab
