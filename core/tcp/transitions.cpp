#include "tcp/transitions.h"

#include <array>
#include <unordered_map>

namespace tcplab {

namespace {

using S = TcpState;
using T = TcpTrigger;

constexpr std::array kTable = std::to_array<TransitionRule>({
    {"CL-1", S::Closed, T::UserPassiveOpen, S::Listen, "passive OPEN", "3.10.1"},
    {"CL-2", S::Closed, T::UserActiveOpen, S::SynSent, "active OPEN / snd SYN", "3.10.1"},

    {"LI-3", S::Listen, T::RcvSyn, S::SynReceived, "rcv SYN / snd SYN,ACK", "3.10.7.2"},
    {"LI-7", S::Listen, T::RcvAck, S::Established, "rcv ACK with a valid SYN cookie", "RFC 4987"},
    {"LI-10", S::Listen, T::UserClose, S::Closed, "CLOSE", "3.10.4"},
    {"LI-12", S::Listen, T::UserAbort, S::Closed, "ABORT", "3.10.5"},

    {"SS-2", S::SynSent, T::RetransmitLimit, S::Closed, "SYN retries exhausted", "3.8.3"},
    {"SS-3", S::SynSent, T::RcvSynAck, S::Established, "rcv SYN,ACK / snd ACK", "3.10.7.3"},
    {"SS-6", S::SynSent, T::RcvRst, S::Closed, "rcv RST,ACK (refused)", "3.10.7.3"},
    {"SS-7", S::SynSent, T::RcvSyn, S::SynReceived, "rcv SYN / snd SYN,ACK", "3.10.7.3"},
    {"SS-10", S::SynSent, T::UserClose, S::Closed, "CLOSE", "3.10.4"},
    {"SS-11", S::SynSent, T::UserAbort, S::Closed, "ABORT", "3.10.5"},

    {"SR-1", S::SynReceived, T::RcvAck, S::Established, "rcv ACK of SYN", "3.10.7.4"},
    {"SR-7p", S::SynReceived, T::RcvRst, S::Listen, "rcv RST (passive)", "3.10.7.4"},
    {"SR-7a", S::SynReceived, T::RcvRst, S::Closed, "rcv RST (active)", "3.10.7.4"},
    {"SR-10p", S::SynReceived, T::RetransmitLimit, S::Listen, "SYN,ACK retries exhausted (passive)", "3.8.3"},
    {"SR-10a", S::SynReceived, T::RetransmitLimit, S::Closed, "SYN,ACK retries exhausted (active)", "3.8.3"},
    {"SR-11", S::SynReceived, T::RcvSyn, S::Listen, "rcv SYN (passive)", "3.10.7.4"},
    {"SR-13", S::SynReceived, T::RcvSynAck, S::Established, "rcv SYN,ACK / snd ACK", "3.5"},
    {"SR-14", S::SynReceived, T::UserClose, S::FinWait1, "CLOSE / snd FIN", "3.10.4"},
    {"SR-15", S::SynReceived, T::UserAbort, S::Closed, "ABORT / snd RST", "3.10.5"},

    {"ES-2", S::Established, T::UserClose, S::FinWait1, "CLOSE / snd FIN", "3.10.4"},
    {"ES-3", S::Established, T::UserAbort, S::Closed, "ABORT / snd RST", "3.10.5"},
    {"ES-10", S::Established, T::RcvFin, S::CloseWait, "rcv FIN / snd ACK", "3.10.7.4"},
    {"ES-12", S::Established, T::RcvRst, S::Closed, "rcv RST", "3.10.7.4"},
    {"ES-18", S::Established, T::RetransmitLimit, S::Closed, "retransmission limit (R2)", "3.8.3"},
    {"ES-21", S::Established, T::KeepaliveLimit, S::Closed, "keep-alive probes unanswered", "3.8.4"},

    {"F1-1", S::FinWait1, T::RcvAck, S::FinWait2, "rcv ACK of FIN", "3.10.7.4"},
    {"F1-3", S::FinWait1, T::RcvFin, S::Closing, "rcv FIN / snd ACK", "3.10.7.4"},
    {"F1-8", S::FinWait1, T::RetransmitLimit, S::Closed, "FIN retries exhausted", "3.8.3"},
    {"F1-9", S::FinWait1, T::RcvRst, S::Closed, "rcv RST", "3.10.7.4"},
    {"F1-13", S::FinWait1, T::UserAbort, S::Closed, "ABORT / snd RST", "3.10.5"},

    {"F2-1", S::FinWait2, T::RcvFin, S::TimeWait, "rcv FIN / snd ACK", "3.10.7.4"},
    {"F2-3", S::FinWait2, T::FinWait2Timeout, S::Closed, "FIN-WAIT-2 timeout (tcp_fin_timeout)", "Linux"},
    {"F2-4", S::FinWait2, T::RcvData, S::Closed, "rcv data after close / snd RST", "3.6.1"},
    {"F2-5", S::FinWait2, T::RcvRst, S::Closed, "rcv RST", "3.10.7.4"},
    {"F2-7", S::FinWait2, T::UserAbort, S::Closed, "ABORT / snd RST", "3.10.5"},

    {"CW-2", S::CloseWait, T::UserClose, S::LastAck, "CLOSE / snd FIN", "3.10.4"},
    {"CW-7", S::CloseWait, T::RcvRst, S::Closed, "rcv RST", "3.10.7.4"},
    {"CW-8", S::CloseWait, T::UserAbort, S::Closed, "ABORT / snd RST", "3.10.5"},
    {"CW-10", S::CloseWait, T::RetransmitLimit, S::Closed, "retransmission limit (R2)", "3.8.3"},

    {"CG-1", S::Closing, T::RcvAck, S::TimeWait, "rcv ACK of FIN", "3.10.7.4"},
    {"CG-4", S::Closing, T::RetransmitLimit, S::Closed, "FIN retries exhausted", "3.8.3"},
    {"CG-5", S::Closing, T::RcvRst, S::Closed, "rcv RST", "3.10.7.4"},
    {"CG-7", S::Closing, T::UserAbort, S::Closed, "ABORT", "3.10.5"},

    {"LA-1", S::LastAck, T::RcvAck, S::Closed, "rcv ACK of FIN", "3.10.7.4"},
    {"LA-3", S::LastAck, T::RetransmitLimit, S::Closed, "FIN retries exhausted", "3.8.3"},
    {"LA-6", S::LastAck, T::RcvRst, S::Closed, "rcv RST", "3.10.7.4"},
    {"LA-7", S::LastAck, T::UserAbort, S::Closed, "ABORT", "3.10.5"},

    {"TW-1", S::TimeWait, T::TimeWaitTimeout, S::Closed, "timeout = 2MSL", "3.10.8"},
    {"TW-5", S::TimeWait, T::RcvRst, S::Closed, "rcv RST", "3.10.7.4"},
    {"TW-8", S::TimeWait, T::UserAbort, S::Closed, "ABORT", "3.10.5"},
});

} // namespace

std::span<const TransitionRule> transitionTable() {
    return kTable;
}

const TransitionRule* findTransition(std::string_view id) {
    // Every state change looks its row up by id: an index, not a scan of the table's string ids.
    static const std::unordered_map<std::string_view, const TransitionRule*> kById = [] {
        std::unordered_map<std::string_view, const TransitionRule*> m;
        for (const auto& row : kTable)
            m.emplace(row.id, &row);
        return m;
    }();
    const auto it = kById.find(id);
    return it == kById.end() ? nullptr : it->second;
}

std::string_view triggerName(TcpTrigger t) {
    switch (t) {
    case T::UserPassiveOpen:
        return "passive-open";
    case T::UserActiveOpen:
        return "active-open";
    case T::UserClose:
        return "close";
    case T::UserAbort:
        return "abort";
    case T::RcvSyn:
        return "rcv-syn";
    case T::RcvSynAck:
        return "rcv-syn-ack";
    case T::RcvAck:
        return "rcv-ack";
    case T::RcvFin:
        return "rcv-fin";
    case T::RcvData:
        return "rcv-data";
    case T::RcvRst:
        return "rcv-rst";
    case T::RetransmitLimit:
        return "retransmit-limit";
    case T::TimeWaitTimeout:
        return "time-wait-timeout";
    case T::FinWait2Timeout:
        return "fin-wait-2-timeout";
    case T::KeepaliveLimit:
        return "keepalive-limit";
    }
    return "?";
}

} // namespace tcplab
