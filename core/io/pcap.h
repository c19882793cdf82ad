// Writing what crossed a link to a pcap file with libpcap, for Wireshark and tshark.
//
// Frames are given as bytes (core/net builds them: an IPv4 datagram for a point-to-point link, an Ethernet
// II frame for a link marked Ethernet) with their simulated time. Timestamps are written with nanosecond
// precision when libpcap offers it (pcap_open_dead_with_tstamp_precision, libpcap >= 1.5), so simulated
// nanoseconds survive; the file then has the nanosecond pcap magic (0xA1B23C4D), which Wireshark reads.
//
// Limitations: classic pcap, not pcapng (one link type per file: one file per link); frames longer than
// the snapshot length (65,535) are truncated by libpcap's rules.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "sim/time.h"

namespace tcplab {

enum class PcapLinkType {
    RawIpv4,  // DLT_RAW / LINKTYPE_RAW (101): each frame is an IPv4 datagram
    Ethernet, // DLT_EN10MB / LINKTYPE_ETHERNET (1): each frame is an Ethernet II frame without FCS
};

enum class PcapPrecision { Nanoseconds, Microseconds };

class PcapWriter {
public:
    PcapWriter() = default;
    PcapWriter(const PcapWriter&) = delete;
    PcapWriter& operator=(const PcapWriter&) = delete;
    PcapWriter(PcapWriter&& other) noexcept;
    PcapWriter& operator=(PcapWriter&& other) noexcept;
    ~PcapWriter();

    // Creates (or truncates) path and writes the file header. On failure returns a message naming the file
    // and libpcap's reason, and the writer stays closed.
    std::optional<std::string> open(const std::string& path, PcapLinkType linkType,
                                    PcapPrecision precision = PcapPrecision::Nanoseconds);
    bool isOpen() const { return dumper_ != nullptr; }

    // Appends one frame at simulated time at (time zero = the start of the run). A negative time is refused.
    std::optional<std::string> write(Instant at, std::span<const std::uint8_t> frame);

    // Flushes and closes; reports a write error the C library noticed (e.g. disk full).
    std::optional<std::string> close();

    std::size_t framesWritten() const { return frames_; }

private:
    void release();

    void* pcap_ = nullptr;   // pcap_t*: kept opaque so that users of this header need no libpcap headers
    void* dumper_ = nullptr; // pcap_dumper_t*
    std::string path_;
    PcapPrecision precision_ = PcapPrecision::Nanoseconds;
    std::size_t frames_ = 0;
};

} // namespace tcplab
