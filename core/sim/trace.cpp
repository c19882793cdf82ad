#include "sim/trace.h"

#include <algorithm>
#include <array>
#include <charconv>

namespace tcplab {

std::string_view traceKindName(TraceKind k) {
    static constexpr std::array<std::string_view, 24> kNames = {"user-call",
                                                                "segment-sent",
                                                                "segment-delivered",
                                                                "segment-dropped",
                                                                "segment-duplicated",
                                                                "segment-delayed",
                                                                "state-change",
                                                                "timer-armed",
                                                                "timer-cancelled",
                                                                "timer-fired",
                                                                "data-delivered",
                                                                "connection-error",
                                                                "note",
                                                                "run-ended",
                                                                "datagram-sent",
                                                                "datagram-arrived",
                                                                "datagram-dropped",
                                                                "datagram-fragmented",
                                                                "fragment-stored",
                                                                "fragment-discarded",
                                                                "datagram-reassembled",
                                                                "reassembly-timeout",
                                                                "icmp-received",
                                                                "pmtu-changed"};
    return kNames[static_cast<std::size_t>(k)];
}

void EventStore::escape(const TraceEvent& ev, Packed& p) {
    p = {};
    p.payload = static_cast<std::uint32_t>(escapes_.size());
    p.kindTimer = kEscaped;
    escapes_.push_back(ev);
}

void EventStore::newBlock(Instant t) {
    blocks_.push_back({t, kNone, kNone, static_cast<std::uint32_t>(escapes_.size())});
    if (size_ % kChunk == 0 && size_ / kChunk == chunks_.size())
        chunks_.push_back(std::make_unique_for_overwrite<Packed[]>(kChunk));
}

EventStore& EventStore::operator=(const EventStore& o) {
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
    return *this;
}

std::size_t EventStore::escapesBefore(std::size_t n) const {
    if (n >= size_)
        return escapes_.size();
    const std::size_t block = n / kBlock; // holds event n
    std::size_t count = blocks_[block].firstEscape;
    for (std::size_t i = block * kBlock; i < n; ++i)
        count += (at(i).kindTimer & 31) == kEscaped ? 1 : 0;
    return count;
}

void EventStore::truncate(std::size_t n) {
    escapes_.resize(escapesBefore(n));
    size_ = n;
    chunks_.resize((n + kChunk - 1) / kChunk);
    blocks_.resize((n + kBlock - 1) / kBlock);
}

void EventStore::extendFrom(const EventStore& o, std::size_t n) {
    if (n <= size_)
        return;
    // o's header for a block this store has only begun: the same time and escapes, and perhaps a connection
    // or segment base that one of o's later events of the block set.
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

std::size_t EventStore::memoryBytes() const {
    return chunks_.size() * kChunk * sizeof(Packed) + blocks_.capacity() * sizeof(Block) +
           escapes_.capacity() * sizeof(TraceEvent);
}

namespace {
constexpr std::size_t kFirstBlockBytes = 1024;
constexpr std::size_t kMaxBlockBytes = 64 * 1024;
} // namespace

StringPool& StringPool::operator=(const StringPool& o) {
    if (this == &o)
        return *this;
    blocks_.clear();
    views_.clear();
    index_.clear();
    views_.push_back({});
    for (std::uint32_t id = 1; id < o.size(); ++id) {
        const std::string_view s = o[id];
        const auto it = o.index_.find(s);
        if (it != o.index_.end() && it->second == id)
            intern(s);
        else
            add(s);
    }
    return *this;
}

std::string_view StringPool::store(std::string_view s) {
    if (s.empty())
        return {};
    const auto id = static_cast<std::uint32_t>(views_.size());
    if (blocks_.empty() || blocks_.back().capacity - blocks_.back().used < s.size()) {
        // A long string gets a block of its own size; the next short one starts a new block.
        std::size_t held = 0;
        for (const Block& b : blocks_)
            held += b.capacity;
        const std::size_t capacity = std::max(std::clamp(held, kFirstBlockBytes, kMaxBlockBytes), s.size());
        blocks_.push_back({std::make_unique<char[]>(capacity), capacity, 0, id});
    }
    Block& b = blocks_.back();
    char* at = b.data.get() + b.used;
    std::copy(s.begin(), s.end(), at);
    b.used += s.size();
    return {at, s.size()};
}

std::uint32_t StringPool::intern(std::string_view s) {
    if (const auto it = index_.find(s); it != index_.end())
        return it->second;
    const std::uint32_t id = add(s);
    index_.emplace(views_[id], id);
    return id;
}

std::uint32_t StringPool::add(std::string_view s) {
    const auto id = static_cast<std::uint32_t>(views_.size());
    views_.push_back(store(s));
    return id;
}

void StringPool::truncate(std::size_t n) {
    n = std::max<std::size_t>(n, 1);
    if (n >= views_.size())
        return;
    for (std::size_t id = n; id < views_.size(); ++id)
        if (const auto it = index_.find(views_[id]); it != index_.end() && it->second == id)
            index_.erase(it);
    while (!blocks_.empty() && blocks_.back().firstId >= n)
        blocks_.pop_back();
    if (!blocks_.empty()) {
        // What the kept strings use of the last block (each of them lies in it or in an earlier block).
        Block& b = blocks_.back();
        const char* begin = b.data.get();
        b.used = 0;
        for (std::size_t id = b.firstId; id < n; ++id) {
            const std::string_view v = views_[id];
            if (!v.empty() && v.data() >= begin && v.data() < begin + b.capacity)
                b.used = std::max<std::size_t>(b.used, static_cast<std::size_t>(v.data() + v.size() - begin));
        }
    }
    views_.resize(n);
}

void StringPool::extendFrom(const StringPool& o, std::size_t n) {
    while (views_.size() < n) {
        const auto id = static_cast<std::uint32_t>(views_.size());
        const std::string_view s = o[id];
        add(s);
        if (const auto it = o.index_.find(s); it != o.index_.end() && it->second == id)
            index_.emplace(views_[id], id);
    }
}

std::size_t StringPool::memoryBytes() const {
    // The deque's nodes hold 512 bytes each; an index node holds its next pointer, the key and id, and the
    // cached hash.
    std::size_t bytes =
        (views_.size() * sizeof(std::string_view) + 511) / 512 * 512 + index_.bucket_count() * sizeof(void*) +
        index_.size() *
            (sizeof(void*) + sizeof(std::pair<const std::string_view, std::uint32_t>) + sizeof(std::size_t));
    for (const Block& b : blocks_)
        bytes += b.capacity;
    return bytes;
}

void Trace::annotate(TraceEvent& ev, std::string_view text, std::string_view rfc, bool unique) {
    const std::uint32_t t = text.empty() ? 0 : unique ? strings.add(text) : strings.intern(text);
    const std::uint32_t r = rfc.empty() ? 0 : strings.intern(rfc);
    if (t == 0 && r == 0) {
        ev.noteId = 0;
        return;
    }
    const auto id = static_cast<std::uint32_t>(notes.size());
    if (!unique) {
        const auto [it, added] = noteIndex.try_emplace(std::uint64_t{t} << 32 | r, id);
        if (!added) {
            ev.noteId = it->second;
            return;
        }
    }
    notes.push_back({t, r});
    ev.noteId = id;
}

namespace {
void appendNumber(std::string& out, std::uint64_t v) {
    char b[24];
    const auto r = std::to_chars(b, b + sizeof b, v);
    out.append(b, r.ptr);
}

void appendHex16(std::string& out, std::uint16_t v) { // as printf's "0x%04x"
    static constexpr char kDigits[] = "0123456789abcdef";
    const char b[6] = {
        '0', 'x', kDigits[v >> 12], kDigits[(v >> 8) & 15], kDigits[(v >> 4) & 15], kDigits[v & 15]};
    out.append(b, sizeof b);
}
} // namespace

void appendFragmentationText(std::string& out, std::uint32_t totalLen, std::uint16_t id,
                             std::string_view link, std::uint32_t mtu,
                             std::span<const std::uint32_t> pieceBytes) {
    out += "the ";
    appendNumber(out, totalLen);
    out += "-byte datagram (ID ";
    appendHex16(out, id);
    out += ") does not fit link ";
    out += link;
    out += " (MTU ";
    appendNumber(out, mtu);
    out += "): cut into ";
    appendNumber(out, pieceBytes.size());
    out += " fragments of ";
    for (std::size_t k = 0; k < pieceBytes.size(); ++k) {
        if (k)
            out += k + 1 == pieceBytes.size() ? " and " : ", ";
        appendNumber(out, pieceBytes[k]);
    }
    out += " data bytes";
}

void appendFragmentStoredText(std::string& out, std::uint32_t offsetUnits, std::uint32_t dataBytes,
                              bool moreFragments, std::size_t fragmentsHeld, std::size_t bytesHeld,
                              std::uint16_t id) {
    out += "fragment at offset ";
    appendNumber(out, std::uint64_t{offsetUnits} * 8);
    out += " (";
    appendNumber(out, dataBytes);
    out += " bytes";
    out += moreFragments ? ", MF" : ", the last";
    out += ") stored: ";
    appendNumber(out, fragmentsHeld);
    out += " fragment";
    out += fragmentsHeld == 1 ? "" : "s";
    out += " (";
    appendNumber(out, bytesHeld);
    out += " bytes) held for ID ";
    appendHex16(out, id);
}

void appendReassembledText(std::string& out, std::uint16_t id, std::uint32_t totalLen) {
    out += "every fragment of ID ";
    appendHex16(out, id);
    out += " is here: the ";
    appendNumber(out, totalLen);
    out += "-byte datagram is reassembled";
}

void Trace::annotateMade(TraceEvent& ev, std::string_view rfc) {
    const std::uint32_t r = rfc.empty() ? 0 : strings.intern(rfc);
    const auto id = static_cast<std::uint32_t>(notes.size());
    const auto [it, added] = noteIndex.try_emplace(std::uint64_t{kMadeText} << 32 | r, id);
    if (added)
        notes.push_back({kMadeText, r});
    ev.noteId = it->second;
}

// The IP layer makes these texts only where the records give them back (ip_layer.cpp): the pieces of a
// fragmentation are the records that follow the first (value) on a link without ARP; a fragment stored
// arrived in order (the k-th piece finds k - 1 before it, from offset 0 on); the fragment that completes a
// datagram is its last. The header is 20 bytes (no IP options).
std::string Trace::madeText(const TraceEvent& ev) const {
    std::string out;
    const std::uint64_t first = ev.value();
    if (first >= datagrams.size())
        return out;
    const DatagramRecord& d = datagrams[first];
    switch (ev.kind) {
    case TraceKind::DatagramFragmented: {
        std::vector<std::uint32_t> pieces;
        std::uint32_t total = 20;
        for (std::uint64_t k = first; k < first + d.fragments && k < datagrams.size(); ++k) {
            pieces.push_back(datagrams[k].dataLen());
            total += datagrams[k].dataLen();
        }
        appendFragmentationText(out, total, d.id, d.link < linkNames.size() ? linkNames[d.link] : "",
                                d.link < linkMtus.size() ? linkMtus[d.link] : 0, pieces);
        break;
    }
    case TraceKind::FragmentStored:
        appendFragmentStoredText(out, d.fragmentOffset, d.dataLen(), d.moreFragments, d.fragment,
                                 std::size_t{d.fragmentOffset} * 8 + d.dataLen(), d.id);
        break;
    case TraceKind::DatagramReassembled:
        appendReassembledText(out, d.id, 20u + d.fragmentOffset * 8u + d.dataLen());
        break;
    default:
        break;
    }
    return out;
}

std::size_t Trace::memoryBytes() const {
    // An index node: its next pointer and the key with its id.
    return segments.memoryBytes() + events.memoryBytes() + datagrams.memoryBytes() +
           connections.capacity() * sizeof(ConnectionRecord) + notes.capacity() * sizeof(Note) +
           noteIndex.bucket_count() * sizeof(void*) +
           noteIndex.size() * (sizeof(void*) + sizeof(std::pair<const std::uint64_t, std::uint32_t>)) +
           strings.memoryBytes();
}

void Trace::truncate(const Mark& m) {
    connections.resize(m.connections);
    segments.truncate(m.segments);
    events.truncate(m.events);
    datagrams.truncate(m.datagrams);
    hostStats.resize(m.hostStats);
    for (std::size_t id = m.notes; id < notes.size(); ++id) {
        const Note n = notes[id];
        if (const auto it = noteIndex.find(std::uint64_t{n.text} << 32 | n.rfc);
            it != noteIndex.end() && it->second == id)
            noteIndex.erase(it);
    }
    notes.truncate(std::max<std::size_t>(m.notes, 1));
    strings.truncate(m.strings);
}

void Trace::extendFrom(const Trace& full, const Mark& m) {
    if (connections.size() < m.connections)
        connections.insert(connections.end(),
                           full.connections.begin() + static_cast<std::ptrdiff_t>(connections.size()),
                           full.connections.begin() + static_cast<std::ptrdiff_t>(m.connections));
    segments.extendFrom(full.segments, m.segments);
    events.extendFrom(full.events, m.events);
    datagrams.extendFrom(full.datagrams, m.datagrams);
    if (hostStats.size() < m.hostStats)
        hostStats.insert(hostStats.end(),
                         full.hostStats.begin() + static_cast<std::ptrdiff_t>(hostStats.size()),
                         full.hostStats.begin() + static_cast<std::ptrdiff_t>(m.hostStats));
    strings.extendFrom(full.strings, m.strings);
    for (std::size_t id = notes.size(); id < m.notes; ++id) {
        const Note n = full.notes[id];
        notes.push_back(n);
        const std::uint64_t key = std::uint64_t{n.text} << 32 | n.rfc;
        if (const auto it = full.noteIndex.find(key); it != full.noteIndex.end() && it->second == id)
            noteIndex.emplace(key, static_cast<std::uint32_t>(id));
    }
}

} // namespace tcplab
