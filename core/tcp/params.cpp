#include "tcp/params.h"

#include <array>

namespace tcplab {

using namespace std::chrono_literals;

std::string_view profileName(Profile p) {
    return p == Profile::Linux ? "linux" : "rfc9293";
}

std::optional<Profile> profileFromName(std::string_view name) {
    if (name == "rfc9293")
        return Profile::Rfc9293;
    if (name == "linux")
        return Profile::Linux;
    return std::nullopt;
}

TcpParams TcpParams::forProfile(Profile p) {
    TcpParams t; // the defaults above are the rfc9293 profile
    if (p == Profile::Rfc9293)
        return t;
    t.profile = Profile::Linux;
    t.rtoMin = 200ms; // TCP_RTO_MIN
    t.rtoMax = 120s;  // TCP_RTO_MAX
    t.rtoMinOnVariance = true;
    t.synRetries = 6;
    t.synLinearTimeouts = 4;
    t.synackRetries = 5;
    t.retries2 = 15;
    t.orphanRetries = 8;
    t.timeWait = 60s; // TCP_TIMEWAIT_LEN
    t.finTimeout = 60s;
    t.delayedAck = true;
    t.delayedAckTimeout = 40ms; // TCP_DELACK_MIN
    t.rfc1337 = false;
    t.dupSynInSynReceived = DupSynPolicy::ResendSynAck;
    t.zeroWindowProbe = ZeroWindowProbe::EmptyAtUnaMinusOne;
    t.invalidRateLimit = 500ms;
    t.resetOnDataAfterClose = true;
    t.backlog = 4096; // capped by somaxconn
    t.syncookies = 1;
    return t;
}

namespace {

using K = TcpParamInfo::Kind;

template <auto Member> constexpr std::int64_t getMs(const TcpParams& p) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(p.*Member).count();
}
template <auto Member> constexpr void setMs(TcpParams& p, std::int64_t v) {
    p.*Member = std::chrono::milliseconds(v);
}
template <auto Member> constexpr std::int64_t getS(const TcpParams& p) {
    return std::chrono::duration_cast<std::chrono::seconds>(p.*Member).count();
}
template <auto Member> constexpr void setS(TcpParams& p, std::int64_t v) {
    p.*Member = std::chrono::seconds(v);
}
template <auto Member> constexpr std::int64_t getI(const TcpParams& p) {
    return static_cast<std::int64_t>(p.*Member);
}
template <auto Member> constexpr void setI(TcpParams& p, std::int64_t v) {
    p.*Member = static_cast<std::remove_reference_t<decltype(p.*Member)>>(v);
}

#define TCPLAB_MS(name, member, lo, hi, text)                                                                \
    TcpParamInfo {                                                                                           \
        name, K::Milliseconds, lo, hi, text, "", &getMs<&TcpParams::member>, &setMs<&TcpParams::member>      \
    }
#define TCPLAB_S(name, member, lo, hi, text)                                                                 \
    TcpParamInfo {                                                                                           \
        name, K::Seconds, lo, hi, text, "", &getS<&TcpParams::member>, &setS<&TcpParams::member>             \
    }
#define TCPLAB_I(name, member, lo, hi, text)                                                                 \
    TcpParamInfo {                                                                                           \
        name, K::Integer, lo, hi, text, "", &getI<&TcpParams::member>, &setI<&TcpParams::member>             \
    }
#define TCPLAB_B(name, member, text)                                                                         \
    TcpParamInfo {                                                                                           \
        name, K::Boolean, 0, 1, text, "", &getI<&TcpParams::member>, &setI<&TcpParams::member>               \
    }

const std::array kParams = std::to_array<TcpParamInfo>({
    TCPLAB_MS("rto_initial_ms", rtoInitial, 1, 600000,
              "initial retransmission timeout (RFC 6298 (2.1), TCP_TIMEOUT_INIT)"),
    TCPLAB_MS("rto_min_ms", rtoMin, 1, 600000,
              "minimum RTO (RFC 6298 (2.4): 1 s; Linux TCP_RTO_MIN: 200 ms)"),
    TCPLAB_MS("rto_max_ms", rtoMax, 1000, 3600000,
              "maximum RTO (RFC 6298 (2.5): at least 60 s; Linux: 120 s)"),
    TCPLAB_B("rto_min_on_variance", rtoMinOnVariance,
             "apply the minimum to the variance term, as Linux does"),
    TCPLAB_MS("rto_fallback_ms", rtoFallback, 1, 600000, "RTO for data after a SYN timeout (RFC 6298 (5.7))"),
    TCPLAB_I("tcp_syn_retries", synRetries, 0, 127, "SYN retransmissions before connect() fails"),
    TCPLAB_I("tcp_syn_linear_timeouts", synLinearTimeouts, 0, 127,
             "first SYN retransmissions at the initial RTO, before backoff"),
    TCPLAB_I("tcp_synack_retries", synackRetries, 0, 127,
             "SYN,ACK retransmissions before a half-open connection is dropped"),
    TCPLAB_I("tcp_retries2", retries2, 0, 127,
             "data retransmissions before an established connection is aborted"),
    TCPLAB_I("tcp_orphan_retries", orphanRetries, 0, 127,
             "FIN retransmissions after close() before giving up"),
    TCPLAB_MS("time_wait_ms", timeWait, 0, 86400000,
              "TIME-WAIT duration, 2·MSL (RFC: 240 s; Linux TCP_TIMEWAIT_LEN: 60 s)"),
    TCPLAB_S("tcp_fin_timeout", finTimeout, 0, 86400,
             "lifetime of an orphaned FIN-WAIT-2 socket; 0 = unlimited"),
    TCPLAB_B("delayed_ack", delayedAck, "delay ACKs of in-order data (RFC 9293 §3.8.6.3)"),
    TCPLAB_MS("delayed_ack_ms", delayedAckTimeout, 1, 500,
              "delayed-ACK timeout (Linux TCP_DELACK_MIN: 40 ms)"),
    TCPLAB_B("keepalive", keepalive, "SO_KEEPALIVE: probe an idle connection"),
    TCPLAB_S("tcp_keepalive_time", keepaliveTime, 1, 1000000, "idle time before the first keep-alive probe"),
    TCPLAB_S("tcp_keepalive_intvl", keepaliveInterval, 1, 100000, "interval between keep-alive probes"),
    TCPLAB_I("tcp_keepalive_probes", keepaliveProbes, 1, 127,
             "unanswered probes before the connection is reset"),
    TCPLAB_I("mss", mss, 88, 65495, "the MSS advertised in the SYN (MTU − 40)"),
    TCPLAB_I("rcv_buf", rcvBufBytes, 0, 65535, "receive buffer in bytes: the largest window advertised"),
    TCPLAB_B("auto_read", autoRead, "the application reads data as soon as it arrives"),
    TCPLAB_B("tcp_rfc1337", rfc1337, "ignore RST in TIME-WAIT (RFC 1337)"),
    TcpParamInfo{"dup_syn_in_syn_received", K::Choice, 0, 1,
                 "answer a retransmitted SYN in SYN-RECEIVED with an ACK (RFC) or a new SYN,ACK (Linux)",
                 "ack|synack", &getI<&TcpParams::dupSynInSynReceived>,
                 &setI<&TcpParams::dupSynInSynReceived>},
    TcpParamInfo{"zero_window_probe", K::Choice, 0, 1,
                 "a zero-window probe carries one new byte (RFC) or is empty at SND.UNA−1 (Linux)",
                 "byte|empty", &getI<&TcpParams::zeroWindowProbe>, &setI<&TcpParams::zeroWindowProbe>},
    TCPLAB_MS("tcp_invalid_ratelimit", invalidRateLimit, 0, 60000,
              "minimum spacing of dup-ACKs answering pure ACKs or SYNs"),
    TCPLAB_B("reset_on_data_after_close", resetOnDataAfterClose,
             "answer data arriving after close() with RST"),
    TCPLAB_I("backlog", backlog, 0, 1000000, "listen() backlog"),
    TCPLAB_I("somaxconn", somaxconn, 0, 1000000, "net.core.somaxconn: upper bound on the listen() backlog"),
    TCPLAB_I("tcp_max_syn_backlog", maxSynBacklog, 1, 1000000,
             "half-open requests remembered; with SYN cookies off, a quarter is kept for proven peers"),
    TCPLAB_I("tcp_syncookies", syncookies, 0, 2,
             "SYN cookies: 0 = never, 1 = when the SYN queue is full, 2 = always"),
    TCPLAB_B("tcp_abort_on_overflow", abortOnOverflow,
             "answer a final handshake ACK that finds the accept queue full with RST instead of dropping it"),
    TCPLAB_I("open_files", openFiles, 0, 1000000,
             "like ulimit -n: sockets the application may hold open (0 = unlimited)"),
});

#undef TCPLAB_MS
#undef TCPLAB_S
#undef TCPLAB_I
#undef TCPLAB_B

} // namespace

std::span<const TcpParamInfo> tcpParamTable() {
    return kParams;
}

const TcpParamInfo* findTcpParam(std::string_view name) {
    for (const auto& p : kParams)
        if (p.name == name)
            return &p;
    return nullptr;
}

} // namespace tcplab
