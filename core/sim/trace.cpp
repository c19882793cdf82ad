#include "sim/trace.h"

#include <algorithm>
#include <array>

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

std::uint32_t StringPool::intern(std::string_view s) {
    if (const auto it = index_.find(s); it != index_.end())
        return it->second;
    const auto id = static_cast<std::uint32_t>(strings_.size());
    strings_.emplace_back(s);
    index_.emplace(strings_.back(), id);
    return id;
}

void StringPool::truncate(std::size_t n) {
    while (strings_.size() > std::max<std::size_t>(n, 1)) {
        index_.erase(strings_.back());
        strings_.pop_back();
    }
}

void StringPool::extendFrom(const StringPool& o, std::size_t n) {
    while (strings_.size() < n) {
        strings_.push_back(o.strings_[strings_.size()]);
        index_.emplace(strings_.back(), static_cast<std::uint32_t>(strings_.size() - 1));
    }
}

void StringPool::reindex(std::size_t n) {
    if (strings_.empty())
        strings_.emplace_back();
    index_.clear();
    for (std::size_t i = 0; i < std::min(n, strings_.size()); ++i)
        index_.emplace(strings_[i], static_cast<std::uint32_t>(i));
}

std::size_t StringPool::memoryBytes() const {
    const std::string empty;
    std::size_t bytes = index_.bucket_count() * sizeof(void*);
    for (const std::string& s : strings_) {
        bytes += sizeof(std::string) + 2 * sizeof(void*) + sizeof(std::string_view) + sizeof(std::uint32_t);
        if (s.capacity() > empty.capacity())
            bytes += s.capacity() + 1;
    }
    return bytes;
}

std::size_t Trace::memoryBytes() const {
    return segments.capacity() * sizeof(SegmentRecord) + events.capacity() * sizeof(TraceEvent) +
           datagrams.capacity() * sizeof(DatagramRecord) + connections.capacity() * sizeof(ConnectionRecord) +
           strings.memoryBytes();
}

void Trace::truncate(const Mark& m) {
    connections.resize(m.connections);
    segments.truncate(m.segments);
    events.truncate(m.events);
    datagrams.truncate(m.datagrams);
    hostStats.resize(m.hostStats);
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
}

} // namespace tcplab
