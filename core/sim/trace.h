// The trace: everything that happened in a run, in order. It is append-only, so a snapshot of the
// simulation only remembers the trace's length. io/trace_jsonl writes it as JSON Lines
// (docs/trace-format.md); the CLI's ladder and the GUI read it.
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <deque>
#include <iterator>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include "net/ipv4.h"
#include "sim/time.h"
#include "tcp/endpoint.h"
#include "tcp/segment.h"

namespace tcplab {

constexpr std::uint32_t kNone = UINT32_MAX;

// A segment's header as it was sent, without its payload bytes (only the length is kept).
struct SegmentRecord {
    std::uint16_t srcPort = 0;
    std::uint16_t dstPort = 0;
    SeqNum seq;
    SeqNum ack;
    std::uint8_t flags = 0;
    std::uint16_t window = 0;
    std::uint16_t urgentPointer = 0;
    std::uint16_t mss = 0; // 0 = no MSS option
    std::uint32_t payloadLen = 0;
    std::uint32_t srcAddr = 0;
    std::uint32_t dstAddr = 0;
    std::uint16_t srcHost = 0;
    std::uint16_t dstHost = 0;
    std::uint16_t link = 0;
    bool retransmission = false;  // the sender sent these sequence numbers before
    bool duplicate = false;       // a copy made by the network (duplication)
    Instant sentAt;               // its arrival or drop is a later TraceEvent that names it
    std::uint32_t copyOf = kNone; // duplicate: the original's index

    bool operator==(const SegmentRecord&) const = default;
    std::uint32_t segLen() const {
        return payloadLen + ((flags & TcpFlag::SYN) ? 1u : 0u) + ((flags & TcpFlag::FIN) ? 1u : 0u);
    }
};

enum class TraceKind : std::uint8_t {
    UserCall,          // text = "connect 10.0.0.2:80", call = ActionKind
    SegmentSent,       // segment; the sender put it on the link
    SegmentDelivered,  // segment; it reached the receiving host
    SegmentDropped,    // segment; text = the reason ("loss", "fault rule 1", ...)
    SegmentDuplicated, // segment = the copy; value = the original's index
    SegmentDelayed,    // segment; a fault rule delayed it by value nanoseconds
    StateChange,       // from, to, rule
    TimerArmed,        // timer, deadline
    TimerCancelled,    // timer, deadline
    TimerFired,        // timer, deadline
    DataDelivered,     // value = bytes handed to the application, text = a preview of them
    ConnectionError,   // text = "connection reset" ...
    Note,              // text: anything else (retransmission, unacceptable segment, refused user call ...)
    RunEnded,          // text = why ("no more events", "time limit", "event limit")
    // The IP layer (Scenario::ipLayer()). value = index into Trace::datagrams; segment = the TCP segment the
    // datagram carries (kNone for ICMP).
    DatagramSent,        // a datagram or one fragment goes onto a link (host = the sending host or router)
    DatagramArrived,     // it reached the other end of the link
    DatagramDropped,     // text = the reason (lost on a link, fault rule, TTL exceeded, DF and too big ...)
    DatagramFragmented,  // value = the first piece; text = how it was cut (RFC 791 §3.2)
    FragmentStored,      // the destination holds the fragment until the datagram is complete
    FragmentDiscarded,   // text = why: a duplicate, an overlap (RFC 5722), a datagram already discarded
    DatagramReassembled, // value = the fragment that completed it; the segment goes up to TCP
    ReassemblyTimeout,   // text = what was held and thrown away (RFC 791, RFC 1122 §3.3.2)
    IcmpReceived,        // value = the ICMP datagram; text = what the host did with it
    PmtuChanged,         // value = the new path MTU; text = towards which destination and why (RFC 1191)
};

std::string_view traceKindName(TraceKind k);

// One event of the trace, 32 bytes: a run records ~3 per segment (7 with a router), and the GUI keeps them
// all. Its text and RFC reference are one id of a (text, RFC) pair of the trace's (Trace::text(ev),
// Trace::rfc(ev)); state, timer and kind are bit-fields; deadline, value and a state change's rule share
// storage (no kind uses two of them).
struct TraceEvent {
    Instant at;
    std::uint32_t conn = kNone;    // index into Trace::connections
    std::uint32_t segment = kNone; // index into Trace::segments
    std::uint16_t host = 0;
    TcpState from : 4 = TcpState::Closed;
    TcpState to : 4 = TcpState::Closed;
    TraceKind kind : 5 = TraceKind::Note;
    TimerKind timer : 3 = TimerKind::Retransmission;
    std::uint32_t noteId = 0; // Trace::text(ev), Trace::rfc(ev); 0 = neither

    // State changes: the transition table's row (set after the kind).
    const TransitionRule* rule() const {
        return kind != TraceKind::StateChange || data_ == 0 ? nullptr : &transitionTable()[data_ - 1u];
    }
    void setRule(const TransitionRule* r) {
        data_ = r ? static_cast<std::uint64_t>(r - transitionTable().data() + 1) : 0;
    }
    // Timer events.
    Instant deadline() const { return Instant{Duration{static_cast<std::int64_t>(data_)}}; }
    void setDeadline(Instant t) { data_ = static_cast<std::uint64_t>(toNanos(t)); }
    // The other kinds (see TraceKind).
    constexpr std::uint64_t value() const { return data_; }
    constexpr void setValue(std::uint64_t v) { data_ = v; }

    bool operator==(const TraceEvent&) const = default;

private:
    std::uint64_t data_ = 0;
};
static_assert(sizeof(TraceEvent) <= 32);

// A vector in fixed chunks of 4,096 elements: growing never copies what is stored, and wastes at most one
// chunk (std::vector copies everything at each doubling and holds up to twice what it needs).
template <class T> class ChunkedVector {
    static constexpr std::size_t kChunk = 4096;

    template <bool Const> class Iter {
        using Owner = std::conditional_t<Const, const ChunkedVector, ChunkedVector>;

    public:
        using iterator_category = std::random_access_iterator_tag;
        using value_type = T;
        using difference_type = std::ptrdiff_t;
        using pointer = std::conditional_t<Const, const T*, T*>;
        using reference = std::conditional_t<Const, const T&, T&>;

        Iter() = default;
        Iter(Owner* o, std::size_t i) : o_(o), i_(i) {}
        operator Iter<true>() const { return {o_, i_}; }
        reference operator*() const { return (*o_)[i_]; }
        pointer operator->() const { return &(*o_)[i_]; }
        reference operator[](difference_type n) const { return (*o_)[i_ + static_cast<std::size_t>(n)]; }
        Iter& operator++() { return ++i_, *this; }
        Iter operator++(int) { return {o_, i_++}; }
        Iter& operator--() { return --i_, *this; }
        Iter operator--(int) { return {o_, i_--}; }
        Iter& operator+=(difference_type n) { return i_ += static_cast<std::size_t>(n), *this; }
        Iter& operator-=(difference_type n) { return i_ -= static_cast<std::size_t>(n), *this; }
        Iter operator+(difference_type n) const { return {o_, i_ + static_cast<std::size_t>(n)}; }
        friend Iter operator+(difference_type n, const Iter& it) { return it + n; }
        Iter operator-(difference_type n) const { return {o_, i_ - static_cast<std::size_t>(n)}; }
        difference_type operator-(const Iter& b) const {
            return static_cast<difference_type>(i_) - static_cast<difference_type>(b.i_);
        }
        bool operator==(const Iter& b) const { return i_ == b.i_; }
        bool operator<(const Iter& b) const { return i_ < b.i_; }
        bool operator>(const Iter& b) const { return i_ > b.i_; }
        bool operator<=(const Iter& b) const { return i_ <= b.i_; }
        bool operator>=(const Iter& b) const { return i_ >= b.i_; }

    private:
        Owner* o_ = nullptr;
        std::size_t i_ = 0;
    };

public:
    using value_type = T;
    using iterator = Iter<false>;
    using const_iterator = Iter<true>;

    ChunkedVector() = default;
    ChunkedVector(const ChunkedVector& o) { *this = o; }
    ChunkedVector& operator=(const ChunkedVector& o) {
        if (this != &o) {
            chunks_.clear();
            size_ = 0;
            for (const auto& c : o.chunks_)
                for (const T& v : c)
                    push_back(v);
        }
        return *this;
    }
    ChunkedVector(ChunkedVector&&) noexcept = default;
    ChunkedVector& operator=(ChunkedVector&&) noexcept = default;

    std::size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    std::size_t capacity() const { return chunks_.size() * kChunk; }
    T& operator[](std::size_t i) { return chunks_[i / kChunk][i % kChunk]; }
    const T& operator[](std::size_t i) const { return chunks_[i / kChunk][i % kChunk]; }
    T& back() { return (*this)[size_ - 1]; }
    const T& back() const { return (*this)[size_ - 1]; }
    void push_back(const T& v) {
        // The last chunk is the one being filled (truncate keeps no empty chunk).
        if (size_ % kChunk == 0) {
            chunks_.emplace_back();
            chunks_.back().reserve(kChunk);
        }
        chunks_.back().push_back(v);
        ++size_;
    }
    // Appends o's elements from this vector's end up to the first n (this vector is a prefix of o).
    void extendFrom(const ChunkedVector& o, std::size_t n) {
        while (size_ < n)
            push_back(o[size_]);
    }
    // Back to the first n elements (n <= size()).
    void truncate(std::size_t n) {
        chunks_.resize((n + kChunk - 1) / kChunk);
        if (!chunks_.empty())
            chunks_.back().resize(n - (chunks_.size() - 1) * kChunk);
        size_ = n;
    }
    iterator begin() { return {this, 0}; }
    iterator end() { return {this, size_}; }
    const_iterator begin() const { return {this, 0}; }
    const_iterator end() const { return {this, size_}; }

private:
    std::vector<std::vector<T>> chunks_; // each reserved to kChunk, so never reallocated
    std::size_t size_ = 0;
};

namespace detail {
// What a packed event's payload holds, by kind (EventStore::encode()).
enum class EventShape : std::uint8_t { Value, State, Timer };
inline constexpr std::array<EventShape, 32> kEventShapes = [] {
    std::array<EventShape, 32> a{};
    a[static_cast<std::size_t>(TraceKind::StateChange)] = EventShape::State;
    a[static_cast<std::size_t>(TraceKind::TimerArmed)] = EventShape::Timer;
    a[static_cast<std::size_t>(TraceKind::TimerCancelled)] = EventShape::Timer;
    a[static_cast<std::size_t>(TraceKind::TimerFired)] = EventShape::Timer;
    return a;
}();
// TraceEvent as g++ lays it out (checked by the static_assert below), as four 64-bit words: the time in
// nanoseconds; conn | segment << 32; host | from << 16 | to << 20 | kind << 24 | timer << 29 | noteId << 32;
// the value. The packed form reads the two bytes of bit-fields at once, and a decoded event is written as
// four words (filling it field by field made the processor wait for its partial writes when it was read).
inline constexpr std::size_t kTraceEventBitsOffset = 18;
// Checked by tst_trace_store at run time (and here at compile time where the compiler can: clang 14 cannot
// bit_cast a struct with bit-fields in a constant expression).
constexpr bool traceEventLayoutAsAssumed() {
    TraceEvent ev;
    ev.at = instantFromNanos(-5);
    ev.conn = 7;
    ev.segment = 9;
    ev.host = 300;
    ev.from = TcpState::Listen;
    ev.to = TcpState::TimeWait;
    ev.kind = TraceKind::PmtuChanged;
    ev.timer = TimerKind::FinWait2;
    ev.noteId = 77;
    ev.setValue(0x123456789);
    const auto w = std::bit_cast<std::array<std::uint64_t, 4>>(ev);
    return w[0] == static_cast<std::uint64_t>(-5) && w[1] == (7u | std::uint64_t{9} << 32) &&
           w[2] == (300u | (1u | 10u << 4) << 16 | (23u | 5u << 5) << 24 | std::uint64_t{77} << 32) &&
           w[3] == 0x123456789;
}
#if defined(__clang__)
static_assert(sizeof(TraceEvent) == 32);
#else
static_assert(sizeof(TraceEvent) == 32 && traceEventLayoutAsAssumed());
#endif
} // namespace detail

// The trace's events, 16 bytes each instead of TraceEvent's 32: a run records ~3 per segment (7 with a
// router) and the GUI keeps them all. Events are packed in blocks of 64; a block remembers the time of its
// first event and the first connection and segment index one of its events names, and each event keeps the
// differences: its time in nanoseconds since the block's (32 bits: 4.3 s), connection and segment as 16-bit
// differences. The kind decides what the 32-bit payload holds (a value, a timer's deadline with the segment's
// 16 bits above it, a state change's states and rule). An event that does not fit (a gap of seconds, a note
// pair above 65,535, a value above 32 bits, a host above 255 ...) is kept whole in a side table, in order,
// and its packed entry names it. Reading gives TraceEvent values (events[i], iteration); nothing refers into
// the store, so there is nothing to keep valid. Packed entries live in chunks of 4,096 that never move.
class EventStore {
    static constexpr std::size_t kBlock = 64;
    static constexpr std::size_t kChunk = 4096;
    struct Packed {
        std::uint32_t dt;      // at - the block's time, ns
        std::uint32_t payload; // by kind, see encode()
        std::uint16_t conn;    // kNoIndex, or the difference from the block's connection + kBias
        std::uint16_t segment; // the same for the segment; a timer's deadline bits 32-47
        std::uint16_t note;    // TraceEvent::noteId
        std::uint8_t host;
        std::uint8_t kindTimer; // kind | timer << 5; kEscaped: payload = index into escapes_
    };
    static_assert(sizeof(Packed) == 16);
    struct Block {
        Instant at;                    // the first event's time
        std::uint32_t conn = kNone;    // the first connection index an event of the block names
        std::uint32_t segment = kNone; // the same for segments
        std::uint32_t firstEscape = 0; // escapes_ before the block
    };

public:
    class const_iterator {
    public:
        using iterator_concept = std::random_access_iterator_tag;
        using iterator_category = std::input_iterator_tag; // operator* returns a value
        using value_type = TraceEvent;
        using difference_type = std::ptrdiff_t;
        using reference = TraceEvent;

        const_iterator() = default;
        const_iterator(const EventStore* s, std::size_t i) : s_(s), i_(i) {}
        TraceEvent operator*() const { return (*s_)[i_]; }
        TraceEvent operator[](difference_type n) const { return (*s_)[i_ + static_cast<std::size_t>(n)]; }
        const_iterator& operator++() { return ++i_, *this; }
        const_iterator operator++(int) { return {s_, i_++}; }
        const_iterator& operator--() { return --i_, *this; }
        const_iterator operator--(int) { return {s_, i_--}; }
        const_iterator& operator+=(difference_type n) { return i_ += static_cast<std::size_t>(n), *this; }
        const_iterator& operator-=(difference_type n) { return i_ -= static_cast<std::size_t>(n), *this; }
        const_iterator operator+(difference_type n) const { return {s_, i_ + static_cast<std::size_t>(n)}; }
        friend const_iterator operator+(difference_type n, const const_iterator& it) { return it + n; }
        const_iterator operator-(difference_type n) const { return {s_, i_ - static_cast<std::size_t>(n)}; }
        difference_type operator-(const const_iterator& b) const {
            return static_cast<difference_type>(i_) - static_cast<difference_type>(b.i_);
        }
        bool operator==(const const_iterator& b) const { return i_ == b.i_; }
        bool operator<(const const_iterator& b) const { return i_ < b.i_; }
        bool operator>(const const_iterator& b) const { return i_ > b.i_; }
        bool operator<=(const const_iterator& b) const { return i_ <= b.i_; }
        bool operator>=(const const_iterator& b) const { return i_ >= b.i_; }

    private:
        const EventStore* s_ = nullptr;
        std::size_t i_ = 0;
    };
    using iterator = const_iterator;
    using value_type = TraceEvent;

    EventStore() = default;
    EventStore(const EventStore& o) { *this = o; }
    EventStore& operator=(const EventStore& o);
    EventStore(EventStore&&) noexcept = default;
    EventStore& operator=(EventStore&&) noexcept = default;

    std::size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    TraceEvent operator[](std::size_t i) const { return decode(at(i), blocks_[i / kBlock]); }
    TraceEvent back() const { return (*this)[size_ - 1]; }
    void push_back(const TraceEvent& ev);
    // Replaces the last event (tests and fixtures that adjust what they just recorded).
    void setBack(const TraceEvent& ev) {
        truncate(size_ - 1);
        push_back(ev);
    }
    // Back to the first n events (n <= size()).
    void truncate(std::size_t n);
    // Appends o's events from this store's end up to the first n (this store is a prefix of o).
    void extendFrom(const EventStore& o, std::size_t n);
    const_iterator begin() const { return {this, 0}; }
    const_iterator end() const { return {this, size_}; }
    std::size_t escapedCount() const { return escapes_.size(); } // events kept whole
    std::size_t memoryBytes() const;

private:
    static constexpr std::uint8_t kEscaped = 31;
    static constexpr std::uint16_t kNoIndex = 0xFFFF;
    static constexpr std::uint32_t kBias = 0x8000;
    const Packed& at(std::size_t i) const { return chunks_[i / kChunk][i % kChunk]; }
    Packed& at(std::size_t i) { return chunks_[i / kChunk][i % kChunk]; }
    using Shape = detail::EventShape;
    static constexpr const std::array<Shape, 32>& kShapes = detail::kEventShapes;
    static bool encode(const TraceEvent& ev, Block& b, Packed& p);
    void newBlock(Instant t);
    TraceEvent decode(const Packed& p, const Block& b) const;
    void escape(const TraceEvent& ev, Packed& p);
    std::size_t escapesBefore(std::size_t n) const;

    std::vector<std::unique_ptr<Packed[]>> chunks_;
    std::size_t size_ = 0;
    std::vector<Block> blocks_;
    std::vector<TraceEvent> escapes_;
};

// The payload by kind: a state change's from and to (4 bits each) and its rule's row + 1 (24 bits); a timer
// event's deadline as nanoseconds after the event, 48 bits (its segment field holds bits 32-47: timer events
// name no segment); every other kind's value, 32 bits. Whatever does not fit is escaped (false). A connection
// or segment index is kept as a difference from the block's first one (set by the first event of the block
// that names one).
inline bool EventStore::encode(const TraceEvent& ev, Block& b, Packed& p) {
    std::uint8_t bits[2]; // from | to << 4, kind | timer << 5
    std::memcpy(bits, reinterpret_cast<const unsigned char*>(&ev) + detail::kTraceEventBitsOffset, 2);
    const auto dt = static_cast<std::uint64_t>(toNanos(ev.at) - toNanos(b.at));
    if ((dt >> 32) | (ev.host >> 8) | (ev.noteId >> 16))
        return false;
    auto index = [](std::uint32_t v, std::uint32_t& base, std::uint16_t& out) {
        if (v == kNone) {
            out = kNoIndex;
            return true;
        }
        if (base == kNone)
            base = v;
        const std::uint32_t d = v - base + kBias; // modulo 2^32: below the range wraps to a large number
        out = static_cast<std::uint16_t>(d);
        return d < kNoIndex;
    };
    if (!index(ev.conn, b.conn, p.conn))
        return false;
    const std::uint64_t data = ev.value();
    switch (kShapes[bits[1] & 31u]) {
    case Shape::Value:
        if ((data >> 32) | bits[0] || !index(ev.segment, b.segment, p.segment))
            return false;
        p.payload = static_cast<std::uint32_t>(data);
        break;
    case Shape::State:
        if ((data >> 24) || !index(ev.segment, b.segment, p.segment))
            return false;
        p.payload = static_cast<std::uint32_t>(bits[0] | data << 8);
        break;
    case Shape::Timer: {
        const std::uint64_t after = data - static_cast<std::uint64_t>(toNanos(ev.at));
        if ((after >> 48) | bits[0] || ev.segment != kNone)
            return false;
        p.payload = static_cast<std::uint32_t>(after);
        p.segment = static_cast<std::uint16_t>(after >> 32);
        break;
    }
    }
    p.dt = static_cast<std::uint32_t>(dt);
    p.note = static_cast<std::uint16_t>(ev.noteId);
    p.host = static_cast<std::uint8_t>(ev.host);
    p.kindTimer = bits[1];
    return true;
}

inline void EventStore::push_back(const TraceEvent& ev) {
    if (size_ % kBlock == 0)
        newBlock(ev.at);
    Packed& p = at(size_);
    if (!encode(ev, blocks_.back(), p)) [[unlikely]]
        escape(ev, p);
    ++size_;
}

// One object written in place (the caller's: named return value), in full words: a copy of a temporary
// filled field by field made the processor wait for the partial writes when it was read as a whole.
inline TraceEvent EventStore::decode(const Packed& p, const Block& b) const {
    TraceEvent ev;
    if ((p.kindTimer & 31u) == kEscaped) [[unlikely]] {
        ev = escapes_[p.payload];
        return ev;
    }
    auto index = [](std::uint16_t v, std::uint32_t base) {
        return v == kNoIndex ? kNone : base + v - kBias;
    };
    const auto at = static_cast<std::uint64_t>(toNanos(b.at)) + p.dt;
    ev.at = instantFromNanos(static_cast<std::int64_t>(at));
    ev.conn = index(p.conn, b.conn);
    std::uint64_t states = 0;
    switch (kShapes[p.kindTimer & 31u]) {
    case Shape::Value:
        ev.segment = index(p.segment, b.segment);
        ev.setValue(p.payload);
        break;
    case Shape::State:
        ev.segment = index(p.segment, b.segment);
        states = p.payload & 0xFF;
        ev.setValue(p.payload >> 8);
        break;
    case Shape::Timer:
        ev.segment = kNone;
        ev.setValue(at + (std::uint64_t{p.segment} << 32 | p.payload));
        break;
    }
    // host, the bit-fields and noteId in one word (detail::traceEventLayoutAsAssumed)
    const std::uint64_t word =
        p.host | states << 16 | std::uint64_t{p.kindTimer} << 24 | std::uint64_t{p.note} << 32;
    std::memcpy(reinterpret_cast<unsigned char*>(&ev) + 16, &word, sizeof word);
    return ev;
}

// Each distinct string once, named by a number: the trace's texts repeat ("lost on link a-b", 26 distinct
// data previews in a bulk transfer). Id 0 is the empty string. The characters are kept in blocks (1 KiB, then
// as large as what is held, up to 64 KiB) that never move (no std::string object and no allocation per
// string), so the views stay valid and the index can use them; a copy rebuilds its own blocks and index. A
// text that names something unique (a datagram's ID) is added without an index entry: nothing could ever
// share it.
class StringPool {
public:
    StringPool() { views_.push_back({}); }
    StringPool(const StringPool& o) { *this = o; }
    StringPool& operator=(const StringPool& o);
    StringPool(StringPool&&) = default;
    StringPool& operator=(StringPool&&) = default;

    std::uint32_t intern(std::string_view s);
    std::uint32_t add(std::string_view s); // a string that will not repeat: stored, not indexed
    std::string_view operator[](std::uint32_t id) const { return views_[id]; }
    std::size_t size() const { return views_.size(); }
    void truncate(std::size_t n); // back to the first n strings (n >= 1)
    // Appends o's strings from this pool's end up to the first n (this pool is a prefix of o).
    void extendFrom(const StringPool& o, std::size_t n);
    std::size_t memoryBytes() const;

private:
    struct Block {
        std::unique_ptr<char[]> data;
        std::size_t capacity = 0;
        std::size_t used = 0;
        std::uint32_t firstId = 0; // the first string stored in it
    };
    std::string_view store(std::string_view s);
    std::vector<Block> blocks_;
    std::deque<std::string_view> views_; // small nodes: a lesson's trace has a few dozen strings
    std::unordered_map<std::string_view, std::uint32_t> index_;
};

// One IPv4 datagram or fragment as it crossed one link (the IP layer's trace records), 40 bytes: a run
// records one per hop of every segment. The offset and the two flags share 16 bits as in the IPv4 header (RFC
// 791 §3.1); the ICMP code (0-15 for every type RFC 792 and RFC 1122 define) shares a byte with the ARP
// operation.
struct DatagramRecord {
    Instant sentAt;
    std::uint32_t srcAddr = 0;
    std::uint32_t dstAddr = 0;
    std::uint32_t segment = kNone;         // the TCP segment it carries (or a piece of)
    std::uint16_t id = 0;                  // IPv4 identification
    std::uint16_t totalLen = 0;            // header + data bytes
    std::uint16_t fragmentOffset : 13 = 0; // 8-byte units
    bool dontFragment : 1 = false;
    bool moreFragments : 1 = false;
    std::uint16_t fromNode = 0; // host or router indices (Trace::hostNames)
    std::uint16_t toNode = 0;
    std::uint16_t link = 0;
    std::uint16_t icmpMtu = 0; // ICMP 3/4: the next-hop MTU
    std::uint8_t ttl = 0;
    std::uint8_t protocol = 0;  // 6 TCP, 1 ICMP
    std::uint8_t icmpType = 0;  // protocol 1, first fragment
    std::uint8_t fragment = 0;  // 1-based piece of the last fragmentation, 0 = not cut there
    std::uint8_t fragments = 0; // how many pieces that fragmentation made
    std::uint8_t icmpCode : 6 = 0;
    std::uint8_t arpOp : 2 =
        0; // an ARP frame, not a datagram: 1 request, 2 reply (addresses: sender, target)
    std::uint16_t dataLen() const { return static_cast<std::uint16_t>(totalLen - 20); }
    bool isFragment() const { return moreFragments || fragmentOffset != 0; }
    bool operator==(const DatagramRecord&) const = default;
};
static_assert(sizeof(DatagramRecord) <= 40);

// Where a segment or datagram record went: its addresses, the two nodes (hosts or routers) and the link. A
// run has few of them (a bulk transfer through a router: 4 for its datagrams, 2 for its segments), so the
// packed records name one by a 16-bit index into a table of the store's (RouteTable).
struct RecordRoute {
    std::uint32_t src = 0;
    std::uint32_t dst = 0;
    std::uint16_t from = 0;
    std::uint16_t to = 0;
    std::uint16_t link = 0;
    bool operator==(const RecordRoute&) const = default;
};

// The distinct routes of a store in the order of their first use, each named by its index, found by an
// open-addressing hash table of indices (a std::unordered_map cost 3 times as many instructions per record).
// Routes are only appended, so a store cut back to a record keeps the table it had then by dropping the
// table's tail (RecordStore::truncate).
class RouteTable {
public:
    static constexpr std::uint32_t kFull = 0xFFFF; // at most 65,535 routes (16-bit indices)

    // r's index, added if it is new; kFull if it is new and the table is full.
    std::uint32_t find(const RecordRoute& r) {
        if (slots_.empty())
            rehash(16);
        const std::size_t mask = slots_.size() - 1;
        std::size_t i = slotOf(r);
        for (; slots_[i] != kEmpty; i = (i + 1) & mask)
            if (routes_[slots_[i]] == r)
                return slots_[i];
        if (routes_.size() >= kFull)
            return kFull;
        const auto index = static_cast<std::uint16_t>(routes_.size());
        routes_.push_back(r);
        slots_[i] = index;
        if (routes_.size() * 2 > slots_.size()) // at most half full: short probes
            rehash(slots_.size() * 2);
        return index;
    }
    const RecordRoute& operator[](std::size_t i) const { return routes_[i]; }
    std::size_t size() const { return routes_.size(); }
    // Back to the first n routes.
    void truncate(std::size_t n) {
        if (n >= routes_.size())
            return;
        routes_.resize(n);
        rehash(slots_.size());
    }
    // Whether this table is the start of o's (it holds the same routes under the same indices).
    bool isPrefixOf(const RouteTable& o) const {
        return routes_.size() <= o.routes_.size() &&
               std::equal(routes_.begin(), routes_.end(), o.routes_.begin());
    }
    // Appends o's routes from this table's end up to the first n (this table is a prefix of o's).
    void extendFrom(const RouteTable& o, std::size_t n) {
        if (n <= routes_.size())
            return;
        routes_.insert(routes_.end(), o.routes_.begin() + static_cast<std::ptrdiff_t>(routes_.size()),
                       o.routes_.begin() + static_cast<std::ptrdiff_t>(n));
        rehash(std::max(slots_.size(), o.slots_.size()));
    }
    std::size_t memoryBytes() const {
        return routes_.capacity() * sizeof(RecordRoute) + slots_.capacity() * sizeof(std::uint16_t);
    }

private:
    static constexpr std::uint16_t kEmpty = 0xFFFF;
    // Multiplicative hashing: the top bits of the product.
    std::size_t slotOf(const RecordRoute& r) const {
        const std::uint64_t a = r.src | std::uint64_t{r.dst} << 32;
        const std::uint64_t b = r.from | std::uint64_t{r.to} << 16 | std::uint64_t{r.link} << 32;
        return static_cast<std::size_t>(((a * 0x9E3779B97F4A7C15ull) ^ b) * 0xBF58476D1CE4E5B9ull >> shift_);
    }
    void rehash(std::size_t count) {
        while (routes_.size() * 2 > count)
            count *= 2;
        slots_.assign(count, kEmpty);
        shift_ = 64 - static_cast<unsigned>(std::countr_zero(count));
        const std::size_t mask = count - 1;
        for (std::size_t k = 0; k < routes_.size(); ++k) {
            std::size_t i = slotOf(routes_[k]);
            while (slots_[i] != kEmpty)
                i = (i + 1) & mask;
            slots_[i] = static_cast<std::uint16_t>(k);
        }
    }
    std::vector<RecordRoute> routes_;
    std::vector<std::uint16_t> slots_; // kEmpty or an index into routes_; a power of two
    unsigned shift_ = 60;
};

// Records (segments, datagrams) packed in the way EventStore packs events, by a codec (SegmentCodec,
// DatagramCodec): blocks of 64 records with a base (the first record's time, and what else the codec keeps
// there), each record as small differences from it, its route an index into a RouteTable; a record that does
// not fit (ICMP, ARP, a duplicate, an urgent pointer, a gap of seconds ...) is kept whole in a side table, in
// order, and its packed entry names it. Reading gives Record values (store[i], iteration); nothing refers
// into the store. A record can be replaced (set(): the IP layer names a segment's link after recording it).
template <class Codec> class RecordStore {
public:
    using Record = typename Codec::Record;

private:
    using Packed = typename Codec::Packed;
    using Base = typename Codec::Base;
    static constexpr std::size_t kBlock = 64;
    static constexpr std::size_t kChunk = 4096;
    struct Block {
        Base base;
        std::uint32_t firstEscape = 0; // escapes_ before the block
        std::uint32_t firstRoute = 0;  // routes_ when the block began
    };

public:
    class const_iterator {
    public:
        using iterator_concept = std::random_access_iterator_tag;
        using iterator_category = std::input_iterator_tag; // operator* returns a value
        using value_type = Record;
        using difference_type = std::ptrdiff_t;
        using reference = Record;
        struct Arrow { // it->field: the decoded record, held while the expression lasts
            Record r;
            const Record* operator->() const { return &r; }
        };

        const_iterator() = default;
        const_iterator(const RecordStore* s, std::size_t i) : s_(s), i_(i) {}
        Record operator*() const { return (*s_)[i_]; }
        Arrow operator->() const { return {(*s_)[i_]}; }
        Record operator[](difference_type n) const { return (*s_)[i_ + static_cast<std::size_t>(n)]; }
        const_iterator& operator++() { return ++i_, *this; }
        const_iterator operator++(int) { return {s_, i_++}; }
        const_iterator& operator--() { return --i_, *this; }
        const_iterator operator--(int) { return {s_, i_--}; }
        const_iterator& operator+=(difference_type n) { return i_ += static_cast<std::size_t>(n), *this; }
        const_iterator& operator-=(difference_type n) { return i_ -= static_cast<std::size_t>(n), *this; }
        const_iterator operator+(difference_type n) const { return {s_, i_ + static_cast<std::size_t>(n)}; }
        friend const_iterator operator+(difference_type n, const const_iterator& it) { return it + n; }
        const_iterator operator-(difference_type n) const { return {s_, i_ - static_cast<std::size_t>(n)}; }
        difference_type operator-(const const_iterator& b) const {
            return static_cast<difference_type>(i_) - static_cast<difference_type>(b.i_);
        }
        bool operator==(const const_iterator& b) const { return i_ == b.i_; }
        bool operator<(const const_iterator& b) const { return i_ < b.i_; }
        bool operator>(const const_iterator& b) const { return i_ > b.i_; }
        bool operator<=(const const_iterator& b) const { return i_ <= b.i_; }
        bool operator>=(const const_iterator& b) const { return i_ >= b.i_; }

    private:
        const RecordStore* s_ = nullptr;
        std::size_t i_ = 0;
    };
    using iterator = const_iterator;
    using value_type = Record;

    RecordStore() = default;
    RecordStore(const RecordStore& o) { *this = o; }
    RecordStore& operator=(const RecordStore& o) {
        if (this == &o)
            return *this;
        chunks_.clear();
        for (std::size_t c = 0; c * kChunk < o.size_; ++c) {
            chunks_.push_back(std::make_unique_for_overwrite<Packed[]>(kChunk));
            std::copy_n(o.chunks_[c].get(), std::min(kChunk, o.size_ - c * kChunk), chunks_.back().get());
        }
        size_ = o.size_;
        blocks_ = o.blocks_;
        escapes_ = o.escapes_;
        routes_ = o.routes_;
        return *this;
    }
    RecordStore(RecordStore&&) noexcept = default;
    RecordStore& operator=(RecordStore&&) noexcept = default;

    std::size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    Record operator[](std::size_t i) const {
        const Packed& p = at(i);
        if (Codec::isEscaped(p)) [[unlikely]]
            return escapes_[Codec::escapeIndex(p)];
        return Codec::decode(p, blocks_[i / kBlock].base, routes_);
    }
    Record back() const { return (*this)[size_ - 1]; }
    void push_back(const Record& r) {
        if (size_ % kBlock == 0)
            newBlock(r);
        Packed& p = at(size_);
        if (!Codec::encode(r, blocks_.back().base, routes_, p)) [[unlikely]]
            escape(r, p);
        ++size_;
    }
    // Replaces record i (i < size()): in place when it fits where it is (a record escaped or kept packed, or
    // the last one), else by recording the ones after it again.
    void set(std::size_t i, const Record& r) {
        Packed& p = at(i);
        if (Codec::isEscaped(p)) {
            escapes_[Codec::escapeIndex(p)] = r;
            return;
        }
        // A route added for it comes after the routes of the records after it: only the last may add one.
        const std::size_t routes = routes_.size();
        if (Codec::encode(r, blocks_[i / kBlock].base, routes_, p) &&
            (i + 1 == size_ || routes_.size() == routes))
            return;
        if (i + 1 == size_) { // escapes_ stays in order
            escape(r, p);
            return;
        }
        std::vector<Record> after;
        for (std::size_t k = i + 1; k < size_; ++k)
            after.push_back((*this)[k]);
        truncate(i);
        push_back(r);
        for (const Record& a : after)
            push_back(a);
    }
    // Record i's link (both record types have one): the IP layer learns a segment's link after recording it,
    // when the segment is the last record. Its route index is replaced in place.
    void setLink(std::size_t i, std::uint16_t link) {
        Packed& p = at(i);
        if (!Codec::isEscaped(p) && i + 1 == size_) {
            RecordRoute r = routes_[Codec::route(p)];
            r.link = link;
            if (const std::uint32_t index = routes_.find(r); index != RouteTable::kFull) {
                Codec::setRoute(p, index);
                return;
            }
        }
        Record rec = (*this)[i];
        rec.link = link;
        set(i, rec);
    }
    // Back to the first n records (n <= size()).
    void truncate(std::size_t n) {
        if (n >= size_)
            return;
        escapes_.resize(escapesBefore(n));
        routes_.truncate(routesBefore(n));
        size_ = n;
        chunks_.resize((n + kChunk - 1) / kChunk);
        blocks_.resize((n + kBlock - 1) / kBlock);
    }
    // Appends o's records from this store's end up to the first n (this store is a prefix of o).
    void extendFrom(const RecordStore& o, std::size_t n) {
        if (n <= size_)
            return;
        const std::size_t routes = o.routesBefore(n);
        if (!routes_.isPrefixOf(o.routes_) || routes_.size() > routes) {
            // This store's routes were numbered otherwise (a record replaced out of order): record them
            // again.
            while (size_ < n)
                push_back(o[size_]);
            return;
        }
        routes_.extendFrom(o.routes_, routes);
        // o's header for a block this store has only begun: the same time and escapes, and perhaps a base
        // that one of o's later records of the block set.
        const std::size_t firstBlock = size_ / kBlock;
        blocks_.resize(firstBlock);
        blocks_.insert(blocks_.end(), o.blocks_.begin() + static_cast<std::ptrdiff_t>(firstBlock),
                       o.blocks_.begin() + static_cast<std::ptrdiff_t>((n + kBlock - 1) / kBlock));
        escapes_.insert(escapes_.end(), o.escapes_.begin() + static_cast<std::ptrdiff_t>(escapes_.size()),
                        o.escapes_.begin() + static_cast<std::ptrdiff_t>(o.escapesBefore(n)));
        while (chunks_.size() * kChunk < n)
            chunks_.push_back(std::make_unique_for_overwrite<Packed[]>(kChunk));
        for (; size_ < n; ++size_)
            at(size_) = o.at(size_);
    }
    const_iterator begin() const { return {this, 0}; }
    const_iterator end() const { return {this, size_}; }
    std::size_t escapedCount() const { return escapes_.size(); } // records kept whole
    std::size_t routeCount() const { return routes_.size(); }
    std::size_t memoryBytes() const {
        return chunks_.size() * kChunk * sizeof(Packed) + blocks_.capacity() * sizeof(Block) +
               escapes_.capacity() * sizeof(Record) + routes_.memoryBytes();
    }

private:
    const Packed& at(std::size_t i) const { return chunks_[i / kChunk][i % kChunk]; }
    Packed& at(std::size_t i) { return chunks_[i / kChunk][i % kChunk]; }
    void newBlock(const Record& r) {
        blocks_.push_back({Codec::base(r), static_cast<std::uint32_t>(escapes_.size()),
                           static_cast<std::uint32_t>(routes_.size())});
        if (size_ % kChunk == 0 && size_ / kChunk == chunks_.size())
            chunks_.push_back(std::make_unique_for_overwrite<Packed[]>(kChunk));
    }
    void escape(const Record& r, Packed& p) {
        p = Codec::escaped(static_cast<std::uint32_t>(escapes_.size()));
        escapes_.push_back(r);
    }
    // The side-table entries of the first n records (n < size()): the block's count, then a scan of at most
    // one block.
    std::size_t escapesBefore(std::size_t n) const {
        if (n >= size_)
            return escapes_.size();
        std::size_t count = blocks_[n / kBlock].firstEscape;
        for (std::size_t i = n / kBlock * kBlock; i < n; ++i)
            count += Codec::isEscaped(at(i)) ? 1 : 0;
        return count;
    }
    // The routes the first n records had made (n < size()): routes are added in the order of first use, so
    // the ones the block's records before n added end at the largest index they name.
    std::size_t routesBefore(std::size_t n) const {
        if (n >= size_)
            return routes_.size();
        std::size_t count = blocks_[n / kBlock].firstRoute;
        for (std::size_t i = n / kBlock * kBlock; i < n; ++i)
            if (!Codec::isEscaped(at(i)))
                count = std::max<std::size_t>(count, std::size_t{Codec::route(at(i))} + 1);
        return count;
    }

    std::vector<std::unique_ptr<Packed[]>> chunks_;
    std::size_t size_ = 0;
    std::vector<Block> blocks_;
    std::vector<Record> escapes_;
    RouteTable routes_;
};

// SegmentRecord in 24 bytes instead of 56: the time as nanoseconds after the block's first record (32 bits),
// sequence and acknowledgment numbers whole, ports, window, flags, the payload length in 16 bits, and the
// addresses, hosts and link as a route index. A SYN without data keeps its MSS option in the length's 16
// bits. Kept whole: an urgent pointer, a duplicate (copyOf), a payload above 65,535 bytes, an MSS option on a
// segment with data, a gap of seconds after the block's first record.
struct SegmentCodec {
    using Record = SegmentRecord;
    struct Packed {
        std::uint32_t dt; // sentAt - the block's time, ns; escaped: the index into the side table
        std::uint32_t seq;
        std::uint32_t ack;
        std::uint16_t srcPort;
        std::uint16_t dstPort;
        std::uint16_t window;
        std::uint16_t len; // payloadLen, or the MSS option (kMssInLen)
        std::uint16_t route;
        std::uint8_t flags;
        std::uint8_t bits; // kRetransmission | kMssInLen, or kEscaped
    };
    static_assert(sizeof(Packed) == 24);
    struct Base {
        Instant at;
    };
    static constexpr std::uint8_t kRetransmission = 1;
    static constexpr std::uint8_t kMssInLen = 2;
    static constexpr std::uint8_t kEscaped = 0x80;

    static Base base(const Record& r) { return {r.sentAt}; }
    static bool isEscaped(const Packed& p) { return p.bits & kEscaped; }
    static std::uint32_t escapeIndex(const Packed& p) { return p.dt; }
    static Packed escaped(std::uint32_t index) {
        Packed p{};
        p.dt = index;
        p.bits = kEscaped;
        return p;
    }
    static std::uint16_t route(const Packed& p) { return p.route; }
    static void setRoute(Packed& p, std::uint32_t route) { p.route = static_cast<std::uint16_t>(route); }
    static bool encode(const Record& r, Base& b, RouteTable& routes, Packed& out) {
        const auto dt = static_cast<std::uint64_t>(toNanos(r.sentAt) - toNanos(b.at));
        if ((dt >> 32) | r.urgentPointer | (r.payloadLen >> 16) || r.duplicate || r.copyOf != kNone ||
            (r.mss != 0 && r.payloadLen != 0))
            return false;
        const std::uint32_t route = routes.find({r.srcAddr, r.dstAddr, r.srcHost, r.dstHost, r.link});
        if (route == RouteTable::kFull)
            return false;
        Packed p;
        p.dt = static_cast<std::uint32_t>(dt);
        p.seq = r.seq.value();
        p.ack = r.ack.value();
        p.srcPort = r.srcPort;
        p.dstPort = r.dstPort;
        p.window = r.window;
        p.len = static_cast<std::uint16_t>(r.mss != 0 ? r.mss : r.payloadLen);
        p.route = static_cast<std::uint16_t>(route);
        p.flags = r.flags;
        p.bits = static_cast<std::uint8_t>((r.retransmission ? kRetransmission : 0) |
                                           (r.mss != 0 ? kMssInLen : 0));
        out = p;
        return true;
    }
    static Record decode(const Packed& p, const Base& b, const RouteTable& routes) {
        const RecordRoute& route = routes[p.route];
        Record r;
        r.srcPort = p.srcPort;
        r.dstPort = p.dstPort;
        r.seq = SeqNum(p.seq);
        r.ack = SeqNum(p.ack);
        r.flags = p.flags;
        r.window = p.window;
        const bool mss = p.bits & kMssInLen;
        r.mss = mss ? p.len : 0;
        r.payloadLen = mss ? 0 : p.len;
        r.srcAddr = route.src;
        r.dstAddr = route.dst;
        r.srcHost = route.from;
        r.dstHost = route.to;
        r.link = route.link;
        r.retransmission = p.bits & kRetransmission;
        r.sentAt = instantFromNanos(toNanos(b.at) + p.dt);
        return r;
    }
};

// DatagramRecord in 16 bytes instead of 40, for TCP datagrams and their fragments: the time as nanoseconds
// after the block's first record (32 bits), the segment as a 16-bit difference from the first one the block
// names, ID, total length, fragment offset and flags as in the header, TTL, the piece numbers of the last
// fragmentation (4 bits each), and the addresses, nodes and link as a route index. Kept whole: ICMP and ARP
// (their type, code and MTU), a fragmentation into more than 14 pieces, a gap of seconds.
struct DatagramCodec {
    using Record = DatagramRecord;
    struct Packed {
        std::uint32_t dt;      // sentAt - the block's time, ns; escaped: the index into the side table
        std::uint16_t segment; // kNoIndex, or the difference from the block's segment + kBias
        std::uint16_t route;
        std::uint16_t id;
        std::uint16_t totalLen;
        std::uint16_t fragment; // offset (13 bits) | MF << 13 | DF << 14, as in the header (RFC 791 §3.1)
        std::uint8_t ttl;
        std::uint8_t pieces; // fragment | fragments << 4, or kEscaped
    };
    static_assert(sizeof(Packed) == 16);
    struct Base {
        Instant at;
        std::uint32_t segment = kNone; // the first segment index a record of the block names
    };
    static constexpr std::uint8_t kEscaped = 0xFF;
    static constexpr std::uint16_t kNoIndex = 0xFFFF;
    static constexpr std::uint32_t kBias = 0x8000;

    static Base base(const Record& r) { return {r.sentAt, kNone}; }
    static bool isEscaped(const Packed& p) { return p.pieces == kEscaped; }
    static std::uint32_t escapeIndex(const Packed& p) { return p.dt; }
    static Packed escaped(std::uint32_t index) {
        Packed p{};
        p.dt = index;
        p.pieces = kEscaped;
        return p;
    }
    static std::uint16_t route(const Packed& p) { return p.route; }
    static void setRoute(Packed& p, std::uint32_t route) { p.route = static_cast<std::uint16_t>(route); }
    static bool encode(const Record& r, Base& b, RouteTable& routes, Packed& out) {
        const auto dt = static_cast<std::uint64_t>(toNanos(r.sentAt) - toNanos(b.at));
        if ((dt >> 32) || r.protocol != IpProtocol::TCP || r.icmpType != 0 || r.icmpCode != 0 ||
            r.icmpMtu != 0 || r.arpOp != 0 || r.fragment >= 15 || r.fragments >= 15)
            return false;
        Packed p;
        if (r.segment == kNone) {
            p.segment = kNoIndex;
        } else {
            if (b.segment == kNone)
                b.segment = r.segment;
            const std::uint32_t d =
                r.segment - b.segment + kBias; // modulo 2^32: below wraps to a large number
            if (d >= kNoIndex)
                return false;
            p.segment = static_cast<std::uint16_t>(d);
        }
        const std::uint32_t route = routes.find({r.srcAddr, r.dstAddr, r.fromNode, r.toNode, r.link});
        if (route == RouteTable::kFull)
            return false;
        p.dt = static_cast<std::uint32_t>(dt);
        p.route = static_cast<std::uint16_t>(route);
        p.id = r.id;
        p.totalLen = r.totalLen;
        p.fragment = static_cast<std::uint16_t>(r.fragmentOffset | (r.moreFragments ? 1u << 13 : 0u) |
                                                (r.dontFragment ? 1u << 14 : 0u));
        p.ttl = r.ttl;
        p.pieces = static_cast<std::uint8_t>(r.fragment | r.fragments << 4);
        out = p;
        return true;
    }
    static Record decode(const Packed& p, const Base& b, const RouteTable& routes) {
        const RecordRoute& route = routes[p.route];
        Record r;
        r.sentAt = instantFromNanos(toNanos(b.at) + p.dt);
        r.srcAddr = route.src;
        r.dstAddr = route.dst;
        r.segment = p.segment == kNoIndex ? kNone : b.segment + p.segment - kBias;
        r.id = p.id;
        r.totalLen = p.totalLen;
        r.fragmentOffset = p.fragment & 0x1FFF;
        r.moreFragments = p.fragment >> 13 & 1;
        r.dontFragment = p.fragment >> 14 & 1;
        r.fromNode = route.from;
        r.toNode = route.to;
        r.link = route.link;
        r.ttl = p.ttl;
        r.protocol = IpProtocol::TCP;
        r.fragment = p.pieces & 15;
        r.fragments = p.pieces >> 4;
        return r;
    }
};

struct ConnectionRecord {
    std::uint16_t host = 0;
    Endpoint4 local;
    Endpoint4 remote;
    bool listener = false;
    Instant createdAt;
};

// What a host's stack counted since the start of the run (Linux's LINUX_MIB_* counters in spirit).
struct HostCounters {
    std::uint64_t synsReceived = 0;    // SYNs that reached a listener
    std::uint64_t synQueueDrops = 0;   // SYN queue full, cookies off (LI-4)
    std::uint64_t synBacklogDrops = 0; // tcp_max_syn_backlog: last quarter kept for proven peers
    std::uint64_t acceptQueueDrops =
        0; // SYN dropped because the accept queue is full (LI-5, ListenOverflows)
    std::uint64_t finalAckOverflows = 0; // final handshake ACK found the accept queue full
    std::uint64_t cookiesSent = 0;       // LI-6
    std::uint64_t cookiesValid = 0;      // LI-7
    std::uint64_t cookiesInvalid = 0;    // an ACK to a listener whose cookie did not check out
    std::uint64_t acceptFailures = 0;    // accept() failed: too many open files
    std::uint64_t quietSegments = 0;     // segments left out of the trace (flood summary mode)
    bool operator==(const HostCounters&) const = default;
};

// A listener's queues at one instant.
struct ListenerStats {
    std::uint16_t port = 0;
    std::uint32_t synQueue = 0;    // half-open requests (SYN-RECEIVED)
    std::uint32_t acceptQueue = 0; // established, not yet accepted
    std::uint32_t maxBacklog = 0;  // min(backlog, somaxconn)
};

// A host's socket table summarised at one instant: what a GUI draws as queue lengths and per-state counts
// over time. Written when the scenario asks for them (Scenario::hostStatsInterval).
struct HostStatsRecord {
    Instant at;
    std::uint16_t host = 0;
    std::size_t afterEvent = 0; // the number of trace events before it (its place in the JSON Lines)
    std::array<std::uint32_t, kTcpStateCount> states{}; // connections per state (listeners count as LISTEN)
    std::vector<ListenerStats> listeners;
    std::uint32_t openFiles = 0;
    HostCounters counters;
};

// The IP layer's fragmentation texts (RFC 791 §3.2), written from their numbers: by the IP layer into the
// string pool when the datagram records cannot give them back, by Trace::text() from the records otherwise.
// A datagram of totalLen bytes too big for a link of this MTU, cut into pieces of these data bytes.
void appendFragmentationText(std::string& out, std::uint32_t totalLen, std::uint16_t id,
                             std::string_view link, std::uint32_t mtu,
                             std::span<const std::uint32_t> pieceBytes);
// A fragment (offset in 8-byte units) stored at the destination, and what is held for its ID after it.
void appendFragmentStoredText(std::string& out, std::uint32_t offsetUnits, std::uint32_t dataBytes,
                              bool moreFragments, std::size_t fragmentsHeld, std::size_t bytesHeld,
                              std::uint16_t id);
// The last missing fragment came: the datagram of totalLen bytes is whole again.
void appendReassembledText(std::string& out, std::uint16_t id, std::uint32_t totalLen);

struct Trace {
    std::vector<std::string> hostNames;
    std::vector<std::uint32_t> hostAddrs;
    std::vector<std::string> linkNames;
    std::vector<std::uint16_t> linkMtus; // per link, at most 65,535 (the fragmentation text names it)
    std::vector<bool> routers;           // per host index: a router (forwards datagrams, runs no TCP)
    std::vector<ConnectionRecord> connections;
    RecordStore<SegmentCodec> segments;
    RecordStore<DatagramCodec> datagrams; // the IP layer's, when the scenario models it
    EventStore events;
    std::vector<HostStatsRecord> hostStats; // in time order, interleaved with events by afterEvent
    StringPool strings;                     // the events' texts and RFC references

    // The event's text: stored in the string pool, or made from the datagram records (fragmentation,
    // fragment stored, reassembled: annotateMade()). A string, not a view: a made text is held nowhere.
    std::string text(const TraceEvent& ev) const {
        const std::uint32_t t = notes[ev.noteId].text;
        return t == kMadeText ? madeText(ev) : std::string(strings[t]);
    }
    std::string_view rfc(const TraceEvent& ev) const { return strings[notes[ev.noteId].rfc]; }
    void setText(TraceEvent& ev, std::string_view text) { annotate(ev, text, rfc(ev)); }
    void setRfc(TraceEvent& ev, std::string_view rfc) { annotate(ev, text(ev), rfc); }
    // Both at once; unique: the text names something that never repeats (a datagram's ID), so neither it
    // nor its pair is looked up or indexed.
    void annotate(TraceEvent& ev, std::string_view text, std::string_view rfc, bool unique = false);
    // A datagram-fragmented, fragment-stored or datagram-reassembled event whose text text() makes from the
    // datagram records (see madeText()), with this RFC reference: one shared pair instead of a string per
    // datagram. The IP layer uses it only when the records give back exactly the text it would write.
    void annotateMade(TraceEvent& ev, std::string_view rfc);
    // Bytes held: the containers' capacity and the string pool.
    std::size_t memoryBytes() const;

    // The events' (text, RFC) pairs: most events have neither (pair 0), the rest repeat a few pairs.
    struct Note {
        std::uint32_t text = 0;
        std::uint32_t rfc = 0;
    };
    ChunkedVector<Note> notes = initialNotes();
    std::unordered_map<std::uint64_t, std::uint32_t> noteIndex;

    struct Mark {
        std::size_t connections, segments, events, hostStats, strings, datagrams, notes;
    };
    Mark mark() const {
        return {connections.size(), segments.size(),  events.size(), hostStats.size(),
                strings.size(),     datagrams.size(), notes.size()};
    }
    bool isRouter(std::uint16_t host) const { return host < routers.size() && routers[host]; }
    // Back to a mark taken earlier (a snapshot's restore).
    void truncate(const Mark& m);
    // Forward to a mark of `full`, a trace of the same run that this one was cut back from: appends only
    // the records this one lacks (copying all of `full` would cost a jump tens of milliseconds).
    void extendFrom(const Trace& full, const Mark& m);
    bool reaches(const Mark& m) const {
        return connections.size() >= m.connections && segments.size() >= m.segments &&
               events.size() >= m.events && hostStats.size() >= m.hostStats && strings.size() >= m.strings &&
               datagrams.size() >= m.datagrams && notes.size() >= m.notes;
    }

private:
    static constexpr std::uint32_t kMadeText = UINT32_MAX; // a Note's text: made by madeText()
    std::string madeText(const TraceEvent& ev) const;
    static ChunkedVector<Note> initialNotes() {
        ChunkedVector<Note> n;
        n.push_back({});
        return n;
    }
};

} // namespace tcplab
