#include "io/pcap.h"

#include <pcap/pcap.h>

#include <utility>

namespace tcplab {

namespace {
constexpr int kSnapLen = 65535;

pcap_t* asPcap(void* p) {
    return static_cast<pcap_t*>(p);
}
pcap_dumper_t* asDumper(void* p) {
    return static_cast<pcap_dumper_t*>(p);
}
} // namespace

PcapWriter::PcapWriter(PcapWriter&& other) noexcept
    : pcap_(std::exchange(other.pcap_, nullptr)), dumper_(std::exchange(other.dumper_, nullptr)),
      path_(std::move(other.path_)), precision_(other.precision_), frames_(other.frames_) {}

PcapWriter& PcapWriter::operator=(PcapWriter&& other) noexcept {
    if (this != &other) {
        release();
        pcap_ = std::exchange(other.pcap_, nullptr);
        dumper_ = std::exchange(other.dumper_, nullptr);
        path_ = std::move(other.path_);
        precision_ = other.precision_;
        frames_ = other.frames_;
    }
    return *this;
}

PcapWriter::~PcapWriter() {
    release();
}

void PcapWriter::release() {
    if (dumper_)
        pcap_dump_close(asDumper(dumper_));
    if (pcap_)
        pcap_close(asPcap(pcap_));
    dumper_ = nullptr;
    pcap_ = nullptr;
}

std::optional<std::string> PcapWriter::open(const std::string& path, PcapLinkType linkType,
                                            PcapPrecision precision) {
    release();
    frames_ = 0;
    path_ = path;
    precision_ = precision;
    const int dlt = linkType == PcapLinkType::Ethernet ? DLT_EN10MB : DLT_RAW;
    pcap_t* p = pcap_open_dead_with_tstamp_precision(
        dlt, kSnapLen,
        precision == PcapPrecision::Nanoseconds ? PCAP_TSTAMP_PRECISION_NANO : PCAP_TSTAMP_PRECISION_MICRO);
    if (!p)
        return "cannot write " + path + ": libpcap could not create a capture handle";
    pcap_dumper_t* d = pcap_dump_open(p, path.c_str());
    if (!d) {
        std::string reason = pcap_geterr(p);
        pcap_close(p);
        return "cannot write " + path + ": " + reason;
    }
    pcap_ = p;
    dumper_ = d;
    return std::nullopt;
}

std::optional<std::string> PcapWriter::write(Instant at, std::span<const std::uint8_t> frame) {
    if (!dumper_)
        return "pcap file " + path_ + " is not open";
    const std::int64_t ns = toNanos(at);
    if (ns < 0)
        return "frame time " + std::to_string(ns) + " ns is before the start of the run";
    pcap_pkthdr h{};
    h.ts.tv_sec = static_cast<decltype(h.ts.tv_sec)>(ns / 1'000'000'000);
    // With nanosecond precision libpcap takes tv_usec as nanoseconds (pcap_open_dead_with_tstamp_precision).
    const std::int64_t frac = ns % 1'000'000'000;
    h.ts.tv_usec =
        static_cast<decltype(h.ts.tv_usec)>(precision_ == PcapPrecision::Nanoseconds ? frac : frac / 1000);
    h.caplen = static_cast<bpf_u_int32>(frame.size() < kSnapLen ? frame.size() : kSnapLen);
    h.len = static_cast<bpf_u_int32>(frame.size());
    pcap_dump(reinterpret_cast<u_char*>(dumper_), &h, frame.data());
    ++frames_;
    return std::nullopt;
}

std::optional<std::string> PcapWriter::close() {
    if (!dumper_)
        return std::nullopt;
    std::optional<std::string> error;
    if (pcap_dump_flush(asDumper(dumper_)) != 0 || ferror(pcap_dump_file(asDumper(dumper_))))
        error = "error writing " + path_;
    release();
    return error;
}

} // namespace tcplab
