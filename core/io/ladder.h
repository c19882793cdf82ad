// Text renderings of a trace for the terminal: a ladder diagram a teacher could put on a slide, and
// tcpdump-style lines.
#pragma once

#include <QString>

#include "sim/trace.h"

namespace tcplab {

struct LadderOptions {
    bool absoluteSeq = false; // relative numbers by default, as Wireshark shows them
    bool showTimers = true;
    int width = 100; // characters
};

QString renderLadder(const Trace& trace, const LadderOptions& opt);
QString renderTcpdump(const Trace& trace, const LadderOptions& opt);

// "[SYN, ACK] Seq=0 Ack=1 Win=65535 Len=0 MSS=1460", with relative numbers when relSeqBase/relAckBase are
// given (the sender's ISN and the receiver's ISN).
QString wiresharkSummary(const SegmentRecord& s, std::optional<SeqNum> relSeqBase, std::optional<SeqNum> relAckBase);

} // namespace tcplab
