// The trace's compact event store (sim/trace.h, EventStore): every event reads back exactly as it was
// recorded, whether it fits the 16-byte form or is kept whole, and truncating and extending it (a snapshot's
// restore, a jump forward) gives the same events as the run that recorded them.
#include <QtTest>

#include "sim/trace.h"

using namespace tcplab;

namespace {

Instant at(std::int64_t ns) {
    return instantFromNanos(ns);
}

TraceEvent rec(TraceKind kind, std::int64_t ns, std::uint16_t host = 1, std::uint32_t conn = kNone,
               std::uint32_t segment = kNone) {
    TraceEvent ev;
    ev.kind = kind;
    ev.at = at(ns);
    ev.host = host;
    ev.conn = conn;
    ev.segment = segment;
    return ev;
}

TraceEvent timer(TraceKind kind, std::int64_t ns, TimerKind t, std::int64_t deadlineNs, std::uint32_t conn) {
    TraceEvent ev = rec(kind, ns, 0, conn);
    ev.timer = t;
    ev.setDeadline(at(deadlineNs));
    return ev;
}

// One event of every kind, shaped as the simulation records it (docs/trace-format.md).
std::vector<TraceEvent> everyKind() {
    constexpr std::int64_t t0 = 3'000'000'000'123; // 3,000 s: far beyond 32 bits of nanoseconds
    std::vector<TraceEvent> v;
    TraceEvent call = rec(TraceKind::UserCall, t0, 0, 4);
    call.setValue(2);
    call.noteId = 7;
    v.push_back(call);
    v.push_back(rec(TraceKind::SegmentSent, t0 + 10, 0, 4, 1000));
    v.push_back(rec(TraceKind::SegmentDelivered, t0 + 5'000'000, 1, 5, 1000));
    TraceEvent dropped = rec(TraceKind::SegmentDropped, t0 + 5'000'001, 2, 4, 1001);
    dropped.noteId = 3;
    v.push_back(dropped);
    TraceEvent dup = rec(TraceKind::SegmentDuplicated, t0 + 5'000'002, 0, 4, 1003);
    dup.setValue(1002);
    v.push_back(dup);
    TraceEvent delayed = rec(TraceKind::SegmentDelayed, t0 + 5'000'003, 0, 4, 1003);
    delayed.setValue(250'000'000);
    v.push_back(delayed);
    TraceEvent state = rec(TraceKind::StateChange, t0 + 5'000'004, 1, 5);
    state.from = TcpState::SynReceived;
    state.to = TcpState::Established;
    state.setRule(&transitionTable().back());
    v.push_back(state);
    v.push_back(timer(TraceKind::TimerArmed, t0 + 5'000'005, TimerKind::TimeWait,
                      t0 + 5'000'005 + 240'000'000'000, 4)); // 2 MSL: 240 s
    v.push_back(
        timer(TraceKind::TimerCancelled, t0 + 5'000'006, TimerKind::Retransmission, t0 + 1'234'567'891, 4));
    v.push_back(timer(TraceKind::TimerFired, t0 + 5'000'007, TimerKind::FinWait2, t0 + 5'000'007, 5));
    TraceEvent data = rec(TraceKind::DataDelivered, t0 + 5'000'008, 1, 5);
    data.setValue(1460);
    data.noteId = 9;
    v.push_back(data);
    TraceEvent error = rec(TraceKind::ConnectionError, t0 + 5'000'009, 1, 5);
    error.noteId = 11;
    v.push_back(error);
    TraceEvent note = rec(TraceKind::Note, t0 + 5'000'010, 0, 4, 1003);
    note.noteId = 65535;
    v.push_back(note);
    TraceEvent ended = rec(TraceKind::RunEnded, t0 + 5'000'011, 0);
    ended.noteId = 1;
    v.push_back(ended);
    std::uint32_t datagram = 70'000;
    for (TraceKind k :
         {TraceKind::DatagramSent, TraceKind::DatagramArrived, TraceKind::DatagramDropped,
          TraceKind::DatagramFragmented, TraceKind::FragmentStored, TraceKind::FragmentDiscarded,
          TraceKind::DatagramReassembled, TraceKind::IcmpReceived}) {
        TraceEvent d = rec(k, t0 + 5'000'012 + datagram, 2, 4, 1004);
        d.setValue(datagram++);
        v.push_back(d);
    }
    TraceEvent timeout = rec(TraceKind::ReassemblyTimeout, t0 + 6'000'000, 1);
    timeout.noteId = 12;
    v.push_back(timeout);
    TraceEvent pmtu = rec(TraceKind::PmtuChanged, t0 + 6'000'001, 0, 4);
    pmtu.setValue(576);
    v.push_back(pmtu);
    return v;
}

EventStore storeOf(const std::vector<TraceEvent>& v) {
    EventStore s;
    for (const TraceEvent& ev : v)
        s.push_back(ev);
    return s;
}

void compareWith(const EventStore& s, const std::vector<TraceEvent>& v) {
    QCOMPARE(s.size(), v.size());
    for (std::size_t i = 0; i < v.size(); ++i)
        if (!(s[i] == v[i]))
            QFAIL(qPrintable(QStringLiteral("event %1 (%2) reads back differently")
                                 .arg(i)
                                 .arg(QString::fromUtf8(traceKindName(v[i].kind)))));
}

// A long run's worth of events: a transfer's shapes, with a few that must be kept whole (a time gap, a
// large value, a host above 255), spread over several 4,096-event chunks.
std::vector<TraceEvent> longRun(std::size_t n, std::uint32_t variant = 0) {
    std::vector<TraceEvent> v;
    std::int64_t t = 1'000'000;
    for (std::size_t i = 0; i < n; ++i) {
        t += (i % 997 == 500) ? 7'000'000'000 : 40'000 + static_cast<std::int64_t>(i % 3); // a gap of 7 s
        const auto seg = static_cast<std::uint32_t>(i / 4 + variant);
        TraceEvent ev = rec(i % 2 ? TraceKind::DatagramSent : TraceKind::SegmentSent, t,
                            static_cast<std::uint16_t>(i % 3), static_cast<std::uint32_t>(i / 500), seg);
        if (i % 2)
            ev.setValue(i / 2);
        if (i % 1013 == 7)
            ev.setValue(std::uint64_t{1} << 40); // kept whole
        if (i % 1536 == 64)
            ev.host = 300; // kept whole, a block's first event
        v.push_back(ev);
    }
    return v;
}

} // namespace

class TestTraceStore : public QObject {
    Q_OBJECT
private slots:
    // The packed form copies TraceEvent's words as they are laid out (checked at compile time by g++ only).
    void traceEvent_layoutAsTheStoreAssumes() { QVERIFY(detail::traceEventLayoutAsAssumed()); }

    // Every kind, recorded as the simulation records it, reads back field for field, and fits the 16-byte
    // form: nothing is kept whole.
    void everyKind_readsBackExactlyInTheCompactForm() {
        const std::vector<TraceEvent> v = everyKind();
        const EventStore s = storeOf(v);
        compareWith(s, v);
        QCOMPARE(s.escapedCount(), std::size_t{0});
    }

    // What the 16-byte form cannot hold is kept whole and still reads back exactly.
    void whatDoesNotFit_isKeptWhole() {
        std::vector<TraceEvent> v;
        v.push_back(rec(TraceKind::SegmentSent, 1000, 0, 1, 10));
        TraceEvent big = rec(TraceKind::DatagramDropped, 1001, 0, 1, 10);
        big.setValue(UINT64_MAX); // a datagram dropped before it was recorded
        v.push_back(big);
        v.push_back(rec(TraceKind::SegmentSent, 1002, 300, 1, 10)); // host above 255
        TraceEvent note = rec(TraceKind::Note, 1003, 0, 1);
        note.noteId = 65536;
        v.push_back(note);
        v.push_back(rec(TraceKind::SegmentSent, 1004, 0, 40'000, 10)); // connection 39,999 after the first
        v.push_back(rec(TraceKind::SegmentSent, 1005, 0, 1, 50'000));  // segment far from the first
        TraceEvent early =
            timer(TraceKind::TimerCancelled, 1006, TimerKind::Persist, 500, 1); // deadline past
        v.push_back(early);
        TraceEvent far = timer(TraceKind::TimerArmed, 1007, TimerKind::Keepalive, std::int64_t{1} << 50, 1);
        v.push_back(far);
        TraceEvent timerWithSegment = timer(TraceKind::TimerFired, 1008, TimerKind::Retransmission, 1008, 1);
        timerWithSegment.segment = 10;
        v.push_back(timerWithSegment);
        TraceEvent statesOnNote = rec(TraceKind::Note, 1009, 0, 1);
        statesOnNote.from = TcpState::Listen;
        v.push_back(statesOnNote);
        TraceEvent earlier = rec(TraceKind::SegmentDelivered, 999, 1, 1, 10); // before the block's time
        v.push_back(earlier);
        v.push_back(rec(TraceKind::SegmentDelivered, 1010, 1, 1, 10));
        const EventStore s = storeOf(v);
        compareWith(s, v);
        QCOMPARE(s.escapedCount(), v.size() - 2); // all but the first and the last
    }

    // Times are kept as nanoseconds since the block's first event, 32 bits: an event more than 4.29 s after
    // it is kept whole, and the next block starts from its own first event.
    void timeGapsBeyond32Bits_areExact() {
        std::vector<TraceEvent> v;
        const std::int64_t day = 86'400'000'000'123;
        v.push_back(rec(TraceKind::SegmentSent, day, 0, 1, 1));
        v.push_back(rec(TraceKind::SegmentSent, day + 4'294'967'295, 0, 1, 2)); // the last that fits
        v.push_back(rec(TraceKind::SegmentSent, day + 4'294'967'296, 0, 1, 3)); // one more: kept whole
        v.push_back(rec(TraceKind::SegmentSent, day + 240'000'000'000, 0, 1, 4));
        const EventStore first = storeOf(v);
        compareWith(first, v);
        QCOMPARE(first.escapedCount(), std::size_t{2});
        while (v.size() < 64) // the rest of the first block, after the gap
            v.push_back(rec(TraceKind::SegmentSent, day + 240'000'000'000, 0, 1, 5));
        for (int i = 0; i < 64; ++i) // the next block begins after the gap: nothing more is kept whole
            v.push_back(rec(TraceKind::SegmentDelivered, day + 240'000'000'001 + i, 1, 2, 5));
        const EventStore s = storeOf(v);
        compareWith(s, v);
        QCOMPARE(s.escapedCount(), std::size_t{2 + 60});
    }

    // A snapshot's restore cuts the store back anywhere (inside a block, at a block's or a chunk's edge,
    // before or after an event kept whole) and a jump grows it back from the full run: both give exactly the
    // full run's first events, and events recorded after a cut are stored as if the cut part never was.
    void truncateAndExtend_acrossBlocksAndChunks() {
        const std::vector<TraceEvent> v = longRun(9000);
        const EventStore full = storeOf(v);
        compareWith(full, v);
        QVERIFY(full.escapedCount() >= 10);
        for (std::size_t n :
             {std::size_t{0}, std::size_t{1}, std::size_t{63}, std::size_t{64}, std::size_t{65},
              std::size_t{505}, std::size_t{1504}, std::size_t{1505}, std::size_t{4095}, std::size_t{4096},
              std::size_t{4097}, std::size_t{8192}, std::size_t{8999}, std::size_t{9000}}) {
            EventStore cut = full;
            cut.truncate(n);
            compareWith(cut, std::vector<TraceEvent>(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(n)));
            for (std::size_t m : {n, n + 1, n + 64, std::size_t{9000}}) {
                if (m > v.size())
                    continue;
                EventStore grown = cut;
                grown.extendFrom(full, m);
                compareWith(grown,
                            std::vector<TraceEvent>(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(m)));
            }
            // Another continuation after the cut (a what-if): its events are its own.
            std::vector<TraceEvent> other(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(n));
            for (const TraceEvent& ev : longRun(200, 100'000))
                other.push_back(ev);
            for (std::size_t i = n; i < other.size(); ++i)
                cut.push_back(other[i]);
            compareWith(cut, other);
        }
    }

    // A store that recorded only the start of a block, extended from a full run in which a later event of
    // that block was the first to name a connection and a segment, reads that event right.
    void extendFrom_aBlockItOnlyBegan() {
        std::vector<TraceEvent> v;
        v.push_back(rec(TraceKind::RunEnded, 10, 0)); // names no connection or segment
        v.push_back(rec(TraceKind::SegmentSent, 20, 0, 123'456, 654'321));
        const EventStore full = storeOf(v);
        EventStore live;
        live.push_back(v[0]);
        live.extendFrom(full, 2);
        compareWith(live, v);
    }

    // Reading by iteration gives what reading by index gives.
    void iteration_givesTheEventsInOrder() {
        const std::vector<TraceEvent> v = longRun(300);
        const EventStore s = storeOf(v);
        std::size_t i = 0;
        for (const TraceEvent& ev : s)
            QVERIFY(ev == v[i++]);
        QCOMPARE(i, v.size());
        QCOMPARE(std::count_if(s.begin(), s.end(), [](const TraceEvent& ev) { return ev.host == 300; }),
                 std::ptrdiff_t{
                     std::count_if(v.begin(), v.end(), [](const TraceEvent& ev) { return ev.host == 300; })});
        QVERIFY(s.back() == v.back());
    }
};

QTEST_GUILESS_MAIN(TestTraceStore)
#include "tst_trace_store.moc"
