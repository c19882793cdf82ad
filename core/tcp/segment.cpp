#include "tcp/segment.h"

namespace tcplab {

std::string flagsToString(std::uint8_t flags) {
    static constexpr struct {
        std::uint8_t bit;
        const char* name;
    } kOrder[] = {{TcpFlag::FIN, "FIN"}, {TcpFlag::SYN, "SYN"}, {TcpFlag::RST, "RST"}, {TcpFlag::PSH, "PSH"},
                  {TcpFlag::ACK, "ACK"}, {TcpFlag::URG, "URG"}, {TcpFlag::ECE, "ECE"}, {TcpFlag::CWR, "CWR"}};
    // Wireshark lists SYN before FIN and ACK late: "SYN, ACK", "FIN, ACK", "PSH, ACK", "RST, ACK".
    static constexpr int kShowOrder[] = {1, 0, 2, 3, 4, 5, 6, 7};
    std::string out;
    for (int i : kShowOrder) {
        if (flags & kOrder[i].bit) {
            if (!out.empty())
                out += ", ";
            out += kOrder[i].name;
        }
    }
    return out;
}

std::string flagsToTcpdump(std::uint8_t flags) {
    std::string out;
    if (flags & TcpFlag::SYN)
        out += 'S';
    if (flags & TcpFlag::FIN)
        out += 'F';
    if (flags & TcpFlag::RST)
        out += 'R';
    if (flags & TcpFlag::PSH)
        out += 'P';
    if (flags & TcpFlag::URG)
        out += 'U';
    if (flags & TcpFlag::ECE)
        out += 'E';
    if (flags & TcpFlag::CWR)
        out += 'W';
    if (flags & TcpFlag::ACK)
        out += '.';
    if (out.empty())
        out = "none";
    return out;
}

} // namespace tcplab
