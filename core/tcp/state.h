// The eleven RFC 9293 connection states (§3.3.2), with CLOSED as the fictional state of no TCB.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace tcplab {

enum class TcpState : std::uint8_t {
    Closed,
    Listen,
    SynSent,
    SynReceived,
    Established,
    FinWait1,
    FinWait2,
    CloseWait,
    Closing,
    LastAck,
    TimeWait,
};

constexpr int kTcpStateCount = 11;

// "SYN-RECEIVED": the RFC's spelling, used on screen and in traces.
std::string_view stateName(TcpState s);
// "SYN_RECV": the spelling of netstat / ss on Linux.
std::string_view stateNetstatName(TcpState s);
// Parses the RFC spelling, case-insensitively, also accepting '_' for '-' ("syn_sent").
std::optional<TcpState> stateFromName(std::string_view name);

// RFC 9293 §3.3.2: the synchronized states are ESTABLISHED and every state after it.
constexpr bool isSynchronized(TcpState s) {
    return s != TcpState::Closed && s != TcpState::Listen && s != TcpState::SynSent &&
           s != TcpState::SynReceived;
}

} // namespace tcplab
