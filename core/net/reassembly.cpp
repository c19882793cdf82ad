#include "net/reassembly.h"

#include <algorithm>
#include <cstring>

namespace tcplab {

const char* toString(ReassemblyEventKind kind) {
    switch (kind) {
    case ReassemblyEventKind::Passed:
        return "passed";
    case ReassemblyEventKind::FragmentStored:
        return "fragment-stored";
    case ReassemblyEventKind::DuplicateIgnored:
        return "duplicate-ignored";
    case ReassemblyEventKind::FragmentDropped:
        return "fragment-dropped";
    case ReassemblyEventKind::DatagramComplete:
        return "datagram-complete";
    case ReassemblyEventKind::DatagramDiscarded:
        return "datagram-discarded";
    case ReassemblyEventKind::TimedOut:
        return "reassembly-timeout";
    }
    return "?";
}

ReassemblyEvent ReassemblyTable::event(ReassemblyEventKind kind, const ReassemblyKey& key, Instant now,
                                       const Ipv4Header& fragment, std::size_t dataBytes) const {
    ReassemblyEvent ev;
    ev.kind = kind;
    ev.key = key;
    ev.at = now;
    ev.fragmentOffset = fragment.fragmentOffset;
    ev.dataBytes = static_cast<std::uint16_t>(dataBytes);
    ev.moreFragments = fragment.moreFragments;
    if (auto it = entries_.find(key); it != entries_.end()) {
        ev.fragmentsHeld = it->second.pieces.size();
        ev.bytesHeld = it->second.bytesHeld;
    }
    return ev;
}

// RFC 815 §3, steps 1–6: the new fragment [first, last] replaces each hole it meets by at most two smaller
// holes, the one before it and — only if more fragments follow — the one after it.
void ReassemblyTable::fillHoles(Entry& e, std::uint32_t first, std::uint32_t last, bool moreFragments) {
    std::vector<ReassemblyHole> next;
    next.reserve(e.holes.size() + 1);
    for (const ReassemblyHole& hole : e.holes) {
        if (first > hole.last || last < hole.first) { // steps 2 and 3: no overlap with this hole
            next.push_back(hole);
            continue;
        }
        if (first > hole.first) // step 5
            next.push_back({hole.first, first - 1});
        if (last < hole.last && moreFragments) // step 6
            next.push_back({last + 1, hole.last});
    }
    e.holes = std::move(next);
}

void ReassemblyTable::discard(Entry& e) {
    e.discarded = true;
    e.pieces.clear();
    e.holes.clear();
    e.bytesHeld = 0;
    e.firstHeader.reset();
}

std::vector<ReassemblyEvent> ReassemblyTable::receive(Instant now, const Ipv4Datagram& datagram) {
    std::vector<ReassemblyEvent> out;
    const Ipv4Header& h = datagram.header;
    const ReassemblyKey key = ReassemblyKey::of(h);
    const std::size_t len = datagram.payload.size();
    if (!h.isFragment()) {
        ReassemblyEvent ev = event(ReassemblyEventKind::Passed, key, now, h, len);
        ev.datagram = datagram;
        out.push_back(std::move(ev));
        return out;
    }
    auto dropFragment = [&](std::string reason) {
        ReassemblyEvent ev = event(ReassemblyEventKind::FragmentDropped, key, now, h, len);
        ev.reason = std::move(reason);
        out.push_back(std::move(ev));
        return out;
    };
    // RFC 791 §3.2 reassembly: only the last fragment (MF = 0) may carry a length that is not a multiple
    // of 8.
    if (h.moreFragments && (len == 0 || len % 8 != 0))
        return dropFragment("non-last fragment with " + std::to_string(len) +
                            " data bytes (must be a non-zero multiple of 8)");

    // RFC 791 §3.2 step: "If no buffer with BUFID is allocated, allocate reassembly resources ... and start
    // the timer"; the timer is not restarted by later fragments.
    auto [it, created] = entries_.try_emplace(key);
    Entry& e = it->second;
    if (created) {
        e.firstArrival = now;
        e.deadline = now + timeout_;
    }
    if (e.discarded)
        return dropFragment("its datagram was discarded after an overlap (RFC 5722)");

    const std::uint32_t first = std::uint32_t{h.fragmentOffset} * 8;
    const std::uint32_t end = first + static_cast<std::uint32_t>(len); // one past the last byte
    auto discardDatagram = [&](std::string reason) {
        discard(e);
        ReassemblyEvent ev = event(ReassemblyEventKind::DatagramDiscarded, key, now, h, len);
        ev.reason = std::move(reason);
        out.push_back(std::move(ev));
        return out;
    };

    // RFC 791 §3.1 "Total Length": a datagram cannot exceed 65,535 bytes.
    if (h.headerBytes() + end > kIpv4MaxDatagramBytes)
        return discardDatagram("reassembled length " + std::to_string(h.headerBytes() + end) +
                               " would exceed 65535 bytes");

    // Exact duplicates first: they are not overlaps.
    if (auto p = e.pieces.find(first);
        p != e.pieces.end() && p->second.size() == len &&
        std::equal(p->second.begin(), p->second.end(), datagram.payload.begin())) {
        out.push_back(event(ReassemblyEventKind::DuplicateIgnored, key, now, h, len));
        return out;
    }

    // RFC 5722 §4: "if any of the fragments being reassembled overlap with any other fragments being
    // reassembled for the same packet, reassembly of that packet must be abandoned and all the fragments that
    // have been received for that packet must be discarded".
    for (const auto& [at, bytes] : e.pieces) {
        const std::uint32_t pieceEnd = at + static_cast<std::uint32_t>(bytes.size());
        if (at < end && first < pieceEnd)
            return discardDatagram("bytes " + std::to_string(first) + "-" + std::to_string(end - 1) +
                                   " overlap bytes " + std::to_string(at) + "-" +
                                   std::to_string(pieceEnd - 1) + " (RFC 5722)");
    }
    if (!h.moreFragments) {
        if (e.totalDataBytes && *e.totalDataBytes != end)
            return discardDatagram("a second last fragment ends at " + std::to_string(end) +
                                   ", the first at " + std::to_string(*e.totalDataBytes));
        if (!e.pieces.empty()) {
            const auto& [lastAt, lastBytes] = *e.pieces.rbegin();
            if (lastAt + lastBytes.size() > end)
                return discardDatagram("data held beyond the last fragment's end " + std::to_string(end));
        }
        e.totalDataBytes = end;
    } else if (e.totalDataBytes && end > *e.totalDataBytes) {
        return discardDatagram("fragment ends at " + std::to_string(end) + ", beyond the datagram's end " +
                               std::to_string(*e.totalDataBytes));
    }

    e.pieces.emplace(first, datagram.payload);
    e.bytesHeld += len;
    if (first == 0)
        e.firstHeader = h; // RFC 791: the header of fragment 0 becomes the datagram's header
    fillHoles(e, first, end - 1, h.moreFragments);

    if (!e.holes.empty()) {
        out.push_back(event(ReassemblyEventKind::FragmentStored, key, now, h, len));
        return out;
    }
    // RFC 815 §4: "If the hole descriptor list is now empty, the datagram is now complete." Fragment 0's
    // header (with all the options) becomes the datagram's: it too must fit in 65,535 bytes.
    if (e.firstHeader->headerBytes() + *e.totalDataBytes > kIpv4MaxDatagramBytes)
        return discardDatagram("reassembled length " +
                               std::to_string(e.firstHeader->headerBytes() + *e.totalDataBytes) +
                               " would exceed 65535 bytes");
    ReassemblyEvent ev = event(ReassemblyEventKind::DatagramComplete, key, now, h, len);
    Ipv4Header whole = *e.firstHeader;
    whole.moreFragments = false;
    whole.fragmentOffset = 0;
    // The one copy on a fragmented datagram's way: its pieces joined into one buffer (the TCP parser, the
    // checksum and the ICMP quote read the datagram's data as one run of bytes).
    std::uint8_t* data = nullptr;
    ByteSlice joined = ByteSlice::allocate(*e.totalDataBytes, data);
    for (const auto& [at, bytes] : e.pieces)
        if (!bytes.empty())
            std::memcpy(data + at, bytes.data(), bytes.size());
    ev.datagram = Ipv4Datagram::make(std::move(whole), std::move(joined));
    ev.fragmentsHeld = 0;
    ev.bytesHeld = 0;
    entries_.erase(it);
    out.push_back(std::move(ev));
    return out;
}

std::vector<ReassemblyEvent> ReassemblyTable::expire(Instant now) {
    // Deadline order (then key order), so that events come out the same on every run.
    std::vector<std::pair<Instant, ReassemblyKey>> due;
    for (const auto& [key, e] : entries_)
        if (e.deadline <= now)
            due.emplace_back(e.deadline, key);
    std::sort(due.begin(), due.end());
    std::vector<ReassemblyEvent> out;
    for (const auto& [deadline, key] : due) {
        const Entry& e = entries_.at(key);
        if (!e.discarded) {
            ReassemblyEvent ev;
            ev.kind = ReassemblyEventKind::TimedOut;
            ev.key = key;
            ev.at = now;
            ev.fragmentsHeld = e.pieces.size();
            ev.bytesHeld = e.bytesHeld;
            // RFC 1122 §3.3.2: "If the fragment numbered zero is not available, no time-exceeded need be sent
            // at all" (RFC 792 code 1; Linux sends it only in that case too).
            if (e.firstHeader)
                ev.icmp = makeTimeExceeded(IcmpCode::ReassemblyExceeded,
                                           Ipv4Datagram{*e.firstHeader, e.pieces.at(0)});
            out.push_back(std::move(ev));
        }
        entries_.erase(key);
    }
    return out;
}

std::optional<Instant> ReassemblyTable::nextDeadline() const {
    std::optional<Instant> next;
    for (const auto& [key, e] : entries_)
        if (!next || e.deadline < *next)
            next = e.deadline;
    return next;
}

std::vector<ReassemblyEntryView> ReassemblyTable::entries() const {
    std::vector<ReassemblyEntryView> out;
    for (const auto& [key, e] : entries_)
        out.push_back({key, e.firstArrival, e.deadline, e.pieces.size(), e.bytesHeld, e.totalDataBytes,
                       e.holes, e.discarded});
    return out;
}

} // namespace tcplab
