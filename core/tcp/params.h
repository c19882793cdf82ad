// Every tunable of a TCP endpoint, with the two profiles: `rfc9293` (the textbook) and `linux` (what a
// current Linux kernel does). The parameter table names each one after its Linux sysctl where one exists,
// so that a scenario file can override it under the name students tune; docs/behaviour.md explains each
// choice.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "sim/time.h"

namespace tcplab {

enum class Profile : std::uint8_t { Rfc9293, Linux };

std::string_view profileName(Profile p);
std::optional<Profile> profileFromName(std::string_view name);

// How a retransmitted SYN arriving in SYN-RECEIVED is answered (tcp-transitions.md SR-6).
enum class DupSynPolicy : std::uint8_t { AckNow, ResendSynAck };
// What a zero-window probe carries (tcp-transitions.md ES-19).
enum class ZeroWindowProbe : std::uint8_t { OneNewByte, EmptyAtUnaMinusOne };

struct TcpParams {
    Profile profile = Profile::Rfc9293;

    // Retransmission timer, RFC 6298.
    Duration rtoInitial = std::chrono::seconds(1);
    Duration rtoMin = std::chrono::seconds(1);
    Duration rtoMax = std::chrono::seconds(60);
    // Linux adds the minimum to the variance term (RTO = SRTT + max(4·RTTVAR, rtoMin)) instead of
    // clamping the sum (RFC 6298 (2.4)).
    bool rtoMinOnVariance = false;
    // RFC 6298 (5.7): after a SYN timeout, data starts with an RTO of 3 s (Linux TCP_TIMEOUT_FALLBACK).
    Duration rtoFallback = std::chrono::seconds(3);

    int synRetries = 7;        // tcp_syn_retries
    int synLinearTimeouts = 0; // tcp_syn_linear_timeouts: first N SYN retransmissions at rtoInitial
    int synackRetries = 5;     // tcp_synack_retries
    int retries2 = 15;         // tcp_retries2: data retransmissions before giving up
    int orphanRetries = 8;     // tcp_orphan_retries: FIN retransmissions after close()

    Duration timeWait = std::chrono::minutes(4); // 2·MSL
    Duration finTimeout{0};                      // tcp_fin_timeout: orphaned FIN-WAIT-2 lifetime; 0 = none

    bool delayedAck = false;
    Duration delayedAckTimeout = std::chrono::milliseconds(40);

    bool keepalive = false;                                // SO_KEEPALIVE, per socket, off by default
    Duration keepaliveTime = std::chrono::hours(2);        // tcp_keepalive_time
    Duration keepaliveInterval = std::chrono::seconds(75); // tcp_keepalive_intvl
    int keepaliveProbes = 9;                               // tcp_keepalive_probes

    std::uint16_t mss = 1460;          // the MSS we advertise (MTU 1500 − 40)
    std::uint32_t rcvBufBytes = 65535; // receive buffer: the largest window we advertise
    bool autoRead = true;              // the application reads data as soon as it arrives

    bool rfc1337 = false; // tcp_rfc1337: ignore RST in TIME-WAIT
    DupSynPolicy dupSynInSynReceived = DupSynPolicy::AckNow;
    ZeroWindowProbe zeroWindowProbe = ZeroWindowProbe::OneNewByte;
    Duration invalidRateLimit{0};       // tcp_invalid_ratelimit: spacing of dup-ACKs to pure ACKs/SYNs
    bool resetOnDataAfterClose = false; // Linux: data for a closed (orphaned) socket gets a RST

    int backlog = 128; // listen() backlog

    // Listen queues (linux-defaults.md §3). The SYN queue and the accept queue of a listener are both bounded
    // by min(backlog, somaxconn); tcp_max_syn_backlog only matters with SYN cookies off.
    int somaxconn = 4096;         // net.core.somaxconn
    int maxSynBacklog = 1024;     // tcp_max_syn_backlog
    int syncookies = 0;           // tcp_syncookies: 0 = never, 1 = when the SYN queue is full, 2 = always
    bool abortOnOverflow = false; // tcp_abort_on_overflow: RST (instead of ignoring) a final ACK that finds
                                  // the accept queue full
    int openFiles = 0;            // like `ulimit -n`: sockets the application may hold open; 0 = unlimited

    static TcpParams forProfile(Profile p);
    bool operator==(const TcpParams&) const = default;
};

// One overridable parameter: its scenario name, its unit, its range and how to read and write it.
struct TcpParamInfo {
    enum class Kind : std::uint8_t { Milliseconds, Seconds, Integer, Boolean, Choice };
    std::string_view name; // "tcp_syn_retries"
    Kind kind;
    std::int64_t min; // in the parameter's unit
    std::int64_t max;
    std::string_view description; // one line, for docs and the editor
    std::string_view choices;     // Kind::Choice: "ack|synack"
    std::int64_t (*get)(const TcpParams&);
    void (*set)(TcpParams&, std::int64_t);
};

std::span<const TcpParamInfo> tcpParamTable();
const TcpParamInfo* findTcpParam(std::string_view name);

} // namespace tcplab
