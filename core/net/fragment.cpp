#include "net/fragment.h"

#include <algorithm>

namespace tcplab {

Bytes copiedOptions(const Bytes& options) {
    Bytes out;
    for (std::size_t i = 0; i < options.size();) {
        const std::uint8_t type = options[i];
        if (type == 0) // End of Option List
            break;
        if (type == 1) { // No Operation: "may be copied, introduced, or deleted"; we delete it
            ++i;
            continue;
        }
        if (i + 1 >= options.size() || options[i + 1] < 2)
            break; // malformed: copy nothing further rather than read past the end
        const std::size_t len = std::min<std::size_t>(options[i + 1], options.size() - i);
        if (type & 0x80)
            out.insert(out.end(), options.begin() + static_cast<std::ptrdiff_t>(i),
                       options.begin() + static_cast<std::ptrdiff_t>(i + len));
        i += len;
    }
    while (out.size() % 4 != 0)
        out.push_back(0);
    return out;
}

FragmentResult fragmentForMtu(const Ipv4Datagram& datagram, std::uint16_t mtuBytes) {
    FragmentResult result;
    const Ipv4Header& in = datagram.header;
    if (mtuBytes < kIpv4MinimumMtu || mtuBytes < in.headerBytes() + 8) {
        result.kind = FragmentResult::Kind::MtuTooSmall;
        return result;
    }
    if (in.headerBytes() + datagram.payload.size() <= mtuBytes) {
        result.kind = FragmentResult::Kind::Fits;
        result.fragments.push_back(datagram);
        return result;
    }
    // RFC 791 §3.2 step (1)/(2): "If DF ... then discard", and RFC 792/RFC 1191 §4: report the next-hop MTU.
    if (in.dontFragment) {
        result.kind = FragmentResult::Kind::NeedsIcmp;
        result.nextHopMtu = mtuBytes;
        return result;
    }
    result.kind = FragmentResult::Kind::Fragmented;
    const Bytes laterOptions = copiedOptions(in.options);
    const std::size_t dataLen = datagram.payload.size();
    std::size_t pos = 0;
    while (pos < dataLen) {
        Ipv4Header h = in;
        // RFC 791 §3.1: the first fragment keeps every option; later ones only those with the copied flag,
        // so their header may be shorter and their data longer.
        if (pos != 0)
            h.options = laterOptions;
        const std::size_t room = mtuBytes - h.headerBytes();
        std::size_t len;
        if (dataLen - pos <= room) {
            // The last piece inherits the MF of the datagram being cut: a re-fragmented middle fragment
            // still says "more follow" (RFC 791 §3.2 step (9)).
            len = dataLen - pos;
            h.moreFragments = in.moreFragments;
        } else {
            // RFC 791 §3.2 step (4): NFB = (MTU - IHL*4) / 8, the data of every non-last piece a multiple
            // of 8.
            len = room / 8 * 8;
            h.moreFragments = true;
        }
        // RFC 791 §3.2 step (9): "FO <- OFO + NFB" — offsets count from the original datagram.
        h.fragmentOffset = static_cast<std::uint16_t>(in.fragmentOffset + pos / 8);
        // A fragment's data is a slice of the datagram's: cutting copies no bytes.
        result.fragments.push_back(Ipv4Datagram::make(std::move(h), datagram.payload.sub(pos, len)));
        pos += len;
    }
    return result;
}

} // namespace tcplab
