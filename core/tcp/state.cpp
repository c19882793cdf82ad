#include "tcp/state.h"

#include <array>
#include <cctype>

namespace tcplab {

namespace {
constexpr std::array<std::string_view, kTcpStateCount> kNames = {
    "CLOSED",     "LISTEN",     "SYN-SENT", "SYN-RECEIVED", "ESTABLISHED", "FIN-WAIT-1",
    "FIN-WAIT-2", "CLOSE-WAIT", "CLOSING",  "LAST-ACK",     "TIME-WAIT"};
constexpr std::array<std::string_view, kTcpStateCount> kNetstatNames = {
    "CLOSE",     "LISTEN",     "SYN_SENT", "SYN_RECV", "ESTABLISHED", "FIN_WAIT1",
    "FIN_WAIT2", "CLOSE_WAIT", "CLOSING",  "LAST_ACK", "TIME_WAIT"};
} // namespace

std::string_view stateName(TcpState s) {
    return kNames[static_cast<std::size_t>(s)];
}

std::string_view stateNetstatName(TcpState s) {
    return kNetstatNames[static_cast<std::size_t>(s)];
}

std::optional<TcpState> stateFromName(std::string_view name) {
    for (std::size_t i = 0; i < kNames.size(); ++i) {
        const std::string_view candidate = kNames[i];
        if (candidate.size() != name.size())
            continue;
        bool same = true;
        for (std::size_t k = 0; k < name.size() && same; ++k) {
            char c = static_cast<char>(std::toupper(static_cast<unsigned char>(name[k])));
            if (c == '_')
                c = '-';
            same = c == candidate[k];
        }
        if (same)
            return static_cast<TcpState>(i);
    }
    return std::nullopt;
}

} // namespace tcplab
