// The transition table: every state change a TCP endpoint can make, as data. The endpoint may change state
// only along a row of this table (TcpEndpoint::setState checks it), and the GUI's state diagram is drawn
// from the same rows. Row IDs are those of ../shared/reference/tcp-transitions.md, which cites the rule.
#pragma once

#include <span>
#include <string_view>

#include "tcp/state.h"

namespace tcplab {

enum class TcpTrigger : std::uint8_t {
    UserPassiveOpen,
    UserActiveOpen,
    UserClose,
    UserAbort,
    RcvSyn,
    RcvSynAck,
    RcvAck,
    RcvFin,
    RcvData,
    RcvRst,
    RetransmitLimit,
    TimeWaitTimeout,
    FinWait2Timeout,
    KeepaliveLimit,
};

struct TransitionRule {
    std::string_view id; // "SS-3"
    TcpState from;
    TcpTrigger trigger;
    TcpState to;
    std::string_view label;      // "rcv SYN,ACK / snd ACK": event / action, as on the RFC's diagram
    std::string_view rfcSection; // "3.10.7.3"
};

std::span<const TransitionRule> transitionTable();

// The row with this ID, or nullptr.
const TransitionRule* findTransition(std::string_view id);

std::string_view triggerName(TcpTrigger t);

} // namespace tcplab
