#include "tcp/endpoint.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace tcplab {

using namespace std::chrono_literals;

namespace {

// Our own invariants (not the peer's input): a broken one is a bug in TCP Lab, so stop loudly.
#define TCPLAB_CHECK(cond, what)                                                                             \
    do {                                                                                                     \
        if (!(cond)) {                                                                                       \
            std::fprintf(stderr, "tcplab: internal error: %s (%s:%d)\n", what, __FILE__, __LINE__);          \
            std::abort();                                                                                    \
        }                                                                                                    \
    } while (false)

// d << shift, saturating at cap.
Duration shifted(Duration d, int shift, Duration cap) {
    for (int i = 0; i < shift; ++i) {
        if (d >= cap)
            return cap;
        d *= 2;
    }
    return std::min(d, cap);
}

} // namespace

std::string_view timerName(TimerKind k) {
    switch (k) {
    case TimerKind::Retransmission:
        return "retransmission";
    case TimerKind::Persist:
        return "persist";
    case TimerKind::Keepalive:
        return "keepalive";
    case TimerKind::DelayedAck:
        return "delayed-ack";
    case TimerKind::TimeWait:
        return "time-wait";
    case TimerKind::FinWait2:
        return "fin-wait-2";
    }
    return "?";
}

// ---------------------------------------------------------------------------------------------------------
// RFC 6298 round-trip estimator

void RttEstimator::sample(Duration r, const TcpParams& p) {
    if (!srtt) {
        // (2.2) first measurement: SRTT <- R, RTTVAR <- R/2.
        srtt = r;
        rttvar = r / 2;
    } else {
        // (2.3) RTTVAR <- 3/4 RTTVAR + 1/4 |SRTT - R'|; SRTT <- 7/8 SRTT + 1/8 R'.
        const Duration delta = *srtt > r ? *srtt - r : r - *srtt;
        rttvar = (3 * rttvar + delta) / 4;
        srtt = (7 * *srtt + r) / 8;
    }
    constexpr Duration kGranularity = 1ms;
    if (p.rtoMinOnVariance)
        rto =
            *srtt + std::max(4 * rttvar, p.rtoMin); // Linux __tcp_set_rto(): SRTT + max(rttvar, TCP_RTO_MIN)
    else
        rto = std::max(p.rtoMin, *srtt + std::max(kGranularity, 4 * rttvar)); // (2.3), (2.4)
    rto = std::min(rto, p.rtoMax);                                            // (2.5)
    backoff = 0;
}

Duration RttEstimator::current(const TcpParams& p) const {
    return shifted(rto, backoff, p.rtoMax);
}

// ---------------------------------------------------------------------------------------------------------

void SendBuffer::append(std::string_view data) {
    size_ += data.size();
    // Fill the last chunk while it is ours alone (no snapshot or segment payload holds it: their bytes must
    // not change, and growing the string may move them), then new chunks.
    if (!chunks_.empty() && chunks_.back().use_count() == 1 && chunks_.back()->size() < kChunkBytes) {
        const std::size_t take = std::min(kChunkBytes - chunks_.back()->size(), data.size());
        chunks_.back()->append(data.substr(0, take));
        data.remove_prefix(take);
    }
    while (!data.empty()) {
        const std::size_t take = std::min(kChunkBytes, data.size());
        chunks_.push_back(std::make_shared<std::string>(data.substr(0, take)));
        data.remove_prefix(take);
    }
}

ByteSlice SendBuffer::slice(std::size_t offset, std::size_t len) const {
    if (len == 0)
        return {};
    std::size_t at = offset + head_;
    std::size_t i = 0;
    while (at >= chunks_[i]->size()) { // chunks are never empty
        at -= chunks_[i]->size();
        ++i;
    }
    const std::string& c = *chunks_[i];
    if (at + len <= c.size())
        return ByteSlice(chunks_[i], reinterpret_cast<const std::uint8_t*>(c.data()) + at, len);
    std::string joined; // the bytes run on into the next chunk
    copyOut(offset, len, joined);
    return ByteSlice(std::move(joined));
}

void SendBuffer::copyOut(std::size_t offset, std::size_t len, std::string& out) const {
    out.clear();
    out.reserve(len);
    offset += head_;
    for (std::size_t i = 0; i < chunks_.size() && len > 0; ++i) {
        const std::string& c = *chunks_[i];
        if (offset >= c.size()) {
            offset -= c.size();
            continue;
        }
        const std::size_t take = std::min(len, c.size() - offset);
        out.append(c, offset, take);
        len -= take;
        offset = 0;
    }
}

void SendBuffer::dropFront(std::size_t n) {
    size_ -= n;
    head_ += n;
    std::size_t whole = 0;
    while (whole < chunks_.size() && head_ >= chunks_[whole]->size()) { // chunks are never empty
        head_ -= chunks_[whole]->size();
        ++whole;
    }
    chunks_.erase(chunks_.begin(), chunks_.begin() + static_cast<std::ptrdiff_t>(whole));
}

void SendBuffer::clear() {
    chunks_.clear();
    head_ = 0;
    size_ = 0;
}

bool SendBuffer::operator==(const SendBuffer& o) const {
    if (size_ != o.size_)
        return false;
    if (head_ == o.head_ && chunks_ == o.chunks_)
        return true;
    std::string a;
    std::string b;
    copyOut(0, size_, a);
    o.copyOut(0, o.size_, b);
    return a == b;
}

std::optional<TcpSegment> resetForClosedPort(const TcpSegment& in) {
    // RFC 9293 §3.10.7.1: "An incoming segment containing a RST is discarded."
    if (in.rst())
        return std::nullopt;
    TcpSegment r;
    r.srcPort = in.dstPort;
    r.dstPort = in.srcPort;
    if (in.ackFlag()) {
        // "If the ACK bit is on, <SEQ=SEG.ACK><CTL=RST>"
        r.seq = in.ack;
        r.flags = TcpFlag::RST;
    } else {
        // "If the ACK bit is off, sequence number zero is used, <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>"
        r.seq = SeqNum(0);
        r.ack = in.seq + in.segLen();
        r.flags = TcpFlag::RST | TcpFlag::ACK;
    }
    return r;
}

TcpEndpoint::TcpEndpoint(const TcpParams& params, Endpoint4 local, Endpoint4 remote)
    : params_(params), local_(local), remote_(remote) {
    rtt_.rto = params_.rtoInitial;
}

std::uint32_t TcpEndpoint::rcvWnd() const {
    const std::size_t used = rcvBuf_.size();
    const std::size_t free = used >= params_.rcvBufBytes ? 0 : params_.rcvBufBytes - used;
    return static_cast<std::uint32_t>(std::min<std::size_t>(free, 65535));
}

std::optional<Instant> TcpEndpoint::nextDeadline() const {
    std::optional<Instant> best;
    for (const auto& t : timers_)
        if (t && (!best || *t < *best))
            best = t;
    return best;
}

std::size_t TcpEndpoint::unsentBytes() const {
    const std::size_t buffered = sendQueueBytes();
    if (finSent_)
        return 0;
    // Before the SYN is acknowledged SND.UNA = ISS and the SYN occupies one sequence number.
    const SeqNum dataStart = synAcked_ ? sndUna_ : sndUna_ + 1;
    const auto inFlight = static_cast<std::size_t>(std::max<std::int32_t>(0, sndNxt_ - dataStart));
    return buffered > inFlight ? buffered - inFlight : 0;
}

std::uint64_t TcpEndpoint::streamOffset(SeqNum s) const {
    return static_cast<std::uint64_t>(static_cast<std::int64_t>(rcvNxtOffset_) + (s - rcvNxt_));
}

// ---------------------------------------------------------------------------------------------------------
// The funnel for state, timers and notices

void TcpEndpoint::setState(TcpState next, std::string_view ruleId, TcpOutput& out) {
    const TransitionRule* rule = findTransition(ruleId);
    TCPLAB_CHECK(rule != nullptr, "unknown transition rule");
    TCPLAB_CHECK(rule->from == state_ && rule->to == next, "state change that is not its table row");
    out.transitions.push_back({state_, next, rule});
    state_ = next;
}

void TcpEndpoint::arm(TimerKind k, Instant deadline, TcpOutput& out) {
    auto& slot = timers_[static_cast<std::size_t>(k)];
    if (slot && *slot == deadline)
        return;
    slot = deadline;
    out.timers.push_back({TimerChange::Op::Armed, k, deadline});
}

void TcpEndpoint::cancel(TimerKind k, TcpOutput& out) {
    auto& slot = timers_[static_cast<std::size_t>(k)];
    if (!slot)
        return;
    out.timers.push_back({TimerChange::Op::Cancelled, k, *slot});
    slot.reset();
}

void TcpEndpoint::cancelAll(TcpOutput& out) {
    for (int k = 0; k < kTimerKindCount; ++k)
        cancel(static_cast<TimerKind>(k), out);
}

void TcpEndpoint::note(TcpOutput& out, Notice::Kind kind, std::string text, std::string_view rfc) {
    out.notices.push_back({kind, std::move(text), rfc, {}});
}

void TcpEndpoint::deliver(TcpOutput& out, ByteSlice data, std::string_view rfc) {
    out.notices.push_back({Notice::Kind::DataDelivered, {}, rfc, std::move(data)});
}

void TcpEndpoint::enterClosed(std::string_view ruleId, TcpOutput& out) {
    setState(TcpState::Closed, ruleId, out);
    cancelAll(out);
    // RFC 9293 §3.10.7.4: "delete the TCB". Buffers go with it.
    sendBuf_.clear();
    outOfOrder_.clear();
    out.released = true;
}

void TcpEndpoint::giveUp(std::string_view ruleId, std::string reason, TcpOutput& out) {
    note(out, Notice::Kind::Error, std::move(reason), "3.8.3");
    enterClosed(ruleId, out);
}

// ---------------------------------------------------------------------------------------------------------
// Segments out

TcpSegment TcpEndpoint::makeSegment(SeqNum seq, std::uint8_t flags) {
    TcpSegment s;
    s.srcPort = local_.port;
    s.dstPort = remote_.port;
    s.seq = seq;
    s.flags = flags;
    if (flags & TcpFlag::ACK)
        s.ack = rcvNxt_;
    s.window = static_cast<std::uint16_t>(rcvWnd());
    rcvWndAdvertised_ = s.window;
    return s;
}

void TcpEndpoint::emitSegment(TcpSegment seg, bool retransmission, TcpOutput& out) {
    if (seg.ackFlag()) {
        // Every segment we send carries the latest acknowledgement: no ACK is pending any more.
        cancel(TimerKind::DelayedAck, out);
        unackedSegments_ = 0;
    }
    out.segments.push_back({std::move(seg), retransmission});
}

void TcpEndpoint::sendAckNow(TcpOutput& out) {
    emitSegment(makeSegment(sndNxt_, TcpFlag::ACK), false, out);
}

bool TcpEndpoint::rateLimited(Instant now, const TcpSegment& trigger) {
    // Linux tcp_oow_rate_limited(): only replies to pure ACKs and SYNs are limited; "data packets without
    // SYNs are not likely part of an ACK loop".
    if (params_.invalidRateLimit <= Duration{0})
        return false;
    const bool pureAckOrSyn = trigger.syn() || (trigger.payloadLen() == 0 && !trigger.fin());
    if (!pureAckOrSyn)
        return false;
    if (lastInvalidAck_ != kNever && now - lastInvalidAck_ < params_.invalidRateLimit)
        return true;
    lastInvalidAck_ = now;
    return false;
}

void TcpEndpoint::sendSyn(Instant now, bool retransmission, TcpOutput& out) {
    TcpSegment s = makeSegment(iss_, TcpFlag::SYN);
    s.mss = params_.mss; // RFC 9293 §3.7.1: the MSS option is sent in the SYN
    if (retransmission) {
        synRetransmitted_ = true;
        rttTiming_.reset(); // Karn's algorithm: no sample from a retransmitted segment
    } else {
        rttTiming_ = std::pair{iss_, now};
    }
    emitSegment(std::move(s), retransmission, out);
}

void TcpEndpoint::sendSynAck(Instant now, bool retransmission, TcpOutput& out) {
    TcpSegment s = makeSegment(iss_, TcpFlag::SYN | TcpFlag::ACK);
    s.mss = params_.mss;
    if (retransmission) {
        synRetransmitted_ = true;
        rttTiming_.reset();
    } else {
        rttTiming_ = std::pair{iss_, now};
    }
    emitSegment(std::move(s), retransmission, out);
}

void TcpEndpoint::sendReset(const TcpSegment& in, TcpOutput& out) {
    if (auto r = resetForClosedPort(in)) {
        r->srcPort = local_.port;
        r->dstPort = remote_.port;
        out.segments.push_back({std::move(*r), false});
    }
}

void TcpEndpoint::sendRstForAbort(TcpOutput& out) {
    // RFC 9293 §3.10.5: <SEQ=SND.NXT><CTL=RST>. Linux sends RST,ACK with ACK = RCV.NXT.
    const bool withAck = params_.profile == Profile::Linux;
    TcpSegment s = makeSegment(sndNxt_, withAck ? (TcpFlag::RST | TcpFlag::ACK) : TcpFlag::RST);
    s.window = withAck ? s.window : 0;
    out.segments.push_back({std::move(s), false});
}

void TcpEndpoint::armRetransmission(Instant now, TcpOutput& out) {
    arm(TimerKind::Retransmission, now + rtt_.current(params_), out);
}

void TcpEndpoint::pushData(Instant now, TcpOutput& out) {
    const bool canSendData =
        state_ == TcpState::Established || state_ == TcpState::CloseWait ||
        ((state_ == TcpState::FinWait1 || state_ == TcpState::LastAck || state_ == TcpState::Closing) &&
         !finSent_);
    if (!canSendData || !synAcked_)
        return;
    bool sentSomething = false;
    while (true) {
        const std::size_t unsent = unsentBytes();
        if (unsent > 0) {
            const std::int32_t usableSigned = (sndUna_ + sndWnd_) - sndNxt_;
            const auto usable = static_cast<std::size_t>(std::max<std::int32_t>(0, usableSigned));
            if (usable == 0) {
                // RFC 9293 §3.8.6.1: with a zero window and data queued, probe the window (persist timer).
                if (sndWnd_ == 0 && !timerDeadline(TimerKind::Persist) &&
                    !timerDeadline(TimerKind::Retransmission)) {
                    const Duration base = std::max<Duration>(rtt_.current(params_), 200ms);
                    arm(TimerKind::Persist, now + shifted(base, persistBackoff_, params_.rtoMax), out);
                }
                break;
            }
            const std::size_t len = std::min({unsent, usable, static_cast<std::size_t>(effSndMss_)});
            const std::size_t offset = static_cast<std::size_t>(sndNxt_ - sndUna_);
            std::uint8_t flags = TcpFlag::ACK;
            if (len == unsent)
                flags |= TcpFlag::PSH;
            TcpSegment s = makeSegment(sndNxt_, flags);
            s.payload = sendBuf_.slice(offset, len);
            if (!rttTiming_)
                rttTiming_ = std::pair{sndNxt_, now};
            sndNxt_ += static_cast<std::uint32_t>(len);
            emitSegment(std::move(s), false, out);
            sentSomething = true;
            continue;
        }
        if (finQueued_ && !finSent_) {
            // RFC 9293 §3.10.4: the FIN follows all data already queued.
            finSeq_ = sndNxt_;
            emitSegment(makeSegment(sndNxt_, TcpFlag::FIN | TcpFlag::ACK), false, out);
            finSent_ = true;
            sndNxt_ += 1;
            sentSomething = true;
        }
        break;
    }
    // RFC 6298 (5.1): start the timer when a segment with data is sent and the timer is not running.
    if (sentSomething && !timerDeadline(TimerKind::Retransmission))
        armRetransmission(now, out);
}

void TcpEndpoint::retransmitFirst(Instant now, TcpOutput& out) {
    (void)now;
    rttTiming_.reset(); // Karn
    const std::size_t buffered = sendQueueBytes();
    const std::size_t inFlightData =
        std::min(buffered, static_cast<std::size_t>(std::max<std::int32_t>(0, sndNxt_ - sndUna_)));
    if (inFlightData > 0) {
        const std::size_t len = std::min(inFlightData, static_cast<std::size_t>(effSndMss_));
        std::uint8_t flags = TcpFlag::ACK;
        const bool lastData = len == inFlightData;
        if (lastData && finSent_ && finSeq_ == sndUna_ + static_cast<std::uint32_t>(len))
            flags |= TcpFlag::FIN;
        else if (lastData)
            flags |= TcpFlag::PSH;
        TcpSegment s = makeSegment(sndUna_, flags);
        s.payload = sendBuf_.slice(0, len);
        note(out, Notice::Kind::Retransmit, "retransmitting " + std::to_string(len) + " bytes from SND.UNA",
             "3.10.8");
        emitSegment(std::move(s), true, out);
    } else if (finSent_ && sndUna_ == finSeq_) {
        note(out, Notice::Kind::Retransmit, "retransmitting FIN", "3.10.8");
        emitSegment(makeSegment(finSeq_, TcpFlag::FIN | TcpFlag::ACK), true, out);
    }
}

void TcpEndpoint::pathMtuChanged(Instant now, std::uint16_t mss, TcpOutput& out) {
    if (mss == 0 || mss >= effSndMss_)
        return;
    effSndMss_ = mss;
    note(out, Notice::Kind::Info,
         "path MTU lowered: segments now carry at most " + std::to_string(mss) + " bytes", "RFC 1191 §6.3");
    if (sndNxt_ - sndUna_ > 0 && synAcked_) {
        // The segments in flight were too big for the path and are gone: send from SND.UNA again now,
        // without backing the timer off (no congestion was seen); later ACKs resend the rest.
        recoverUntil_ = sndNxt_;
        retransmitFirst(now, out);
        armRetransmission(now, out);
    }
}

void TcpEndpoint::sendProbe(Instant now, TcpOutput& out) {
    // RFC 9293 §3.8.6.1 zero-window probe.
    if (params_.zeroWindowProbe == ZeroWindowProbe::EmptyAtUnaMinusOne) {
        // Linux tcp_xmit_probe_skb(): an empty segment the receiver must answer with its window.
        TcpSegment s = makeSegment(sndUna_ - 1, TcpFlag::ACK);
        note(out, Notice::Kind::Info, "zero-window probe (empty, SEQ=SND.UNA-1)", "3.8.6.1");
        emitSegment(std::move(s), false, out);
    } else {
        // The RFC's probe: one octet of new data beyond the closed window (or the probe octet again).
        const bool outstanding = sndUna_ < sndNxt_;
        const SeqNum seq = outstanding ? sndUna_ : sndNxt_;
        const std::size_t offset = static_cast<std::size_t>(seq - sndUna_);
        if (sendQueueBytes() <= offset)
            return;
        TcpSegment s = makeSegment(seq, TcpFlag::ACK);
        s.payload = sendBuf_.slice(offset, 1);
        if (!outstanding)
            sndNxt_ += 1;
        note(out, Notice::Kind::Info, "zero-window probe (1 byte)", "3.8.6.1");
        emitSegment(std::move(s), outstanding, out);
    }
    ++persistBackoff_;
    const Duration base = std::max<Duration>(rtt_.current(params_), 200ms);
    arm(TimerKind::Persist, now + shifted(base, persistBackoff_, params_.rtoMax), out);
}

// ---------------------------------------------------------------------------------------------------------
// User calls, RFC 9293 §3.10.1–§3.10.5

void TcpEndpoint::openPassive(Instant now, TcpOutput& out) {
    (void)now;
    if (state_ != TcpState::Closed) {
        note(out, Notice::Kind::UserCallRefused, "error: connection already exists", "3.10.1");
        return;
    }
    setState(TcpState::Listen, "CL-1", out);
}

void TcpEndpoint::openFromCookie(Instant now, const TcpSegment& ack, std::uint16_t peerMss, TcpOutput& out) {
    if (state_ != TcpState::Listen) {
        note(out, Notice::Kind::UserCallRefused, "error: not a listening socket", "RFC 4987");
        return;
    }
    // Linux cookie_v4_check() / tcp_get_cookie_sock(): the request is rebuilt from the ACK and the cookie.
    irs_ = ack.seq - 1;
    rcvNxt_ = ack.seq;
    rcvNxtOffset_ = 0;
    iss_ = ack.ack - 1;
    sndUna_ = ack.ack;
    sndNxt_ = ack.ack;
    synAcked_ = true;
    sndWnd_ = ack.window;
    maxSndWnd_ = ack.window;
    sndWl1_ = ack.seq;
    sndWl2_ = ack.ack;
    effSndMss_ = std::min(peerMss, params_.mss);
    passive_ = true;
    setState(TcpState::Established, "LI-7", out);
    note(out, Notice::Kind::Established, "connection established from a SYN cookie", "RFC 4987");
    restartKeepalive(now, out);
    if (ack.payloadLen() > 0 || ack.fin())
        arriveOther(now, ack, out);
}

void TcpEndpoint::openActive(Instant now, SeqNum iss, TcpOutput& out) {
    if (state_ != TcpState::Closed) {
        note(out, Notice::Kind::UserCallRefused, "error: connection already exists", "3.10.1");
        return;
    }
    // RFC 9293 §3.10.1: "An initial send sequence number (ISS) is selected. A SYN segment of the form
    // <SEQ=ISS><CTL=SYN> is sent. Set SND.UNA to ISS, SND.NXT to ISS+1, enter SYN-SENT state".
    iss_ = iss;
    sndUna_ = iss;
    sndNxt_ = iss + 1;
    setState(TcpState::SynSent, "CL-2", out);
    sendSyn(now, false, out);
    armRetransmission(now, out);
}

void TcpEndpoint::send(Instant now, std::string_view data, TcpOutput& out) {
    switch (state_) {
    case TcpState::Closed:
        note(out, Notice::Kind::UserCallRefused, "error: connection does not exist", "3.10.2");
        return;
    case TcpState::Listen:
        note(out, Notice::Kind::UserCallRefused, "error: foreign socket unspecified", "3.10.2");
        return;
    case TcpState::FinWait1:
    case TcpState::FinWait2:
    case TcpState::Closing:
    case TcpState::LastAck:
    case TcpState::TimeWait:
        note(out, Notice::Kind::UserCallRefused, "error: connection closing", "3.10.2");
        return;
    default:
        break;
    }
    if (finQueued_) {
        note(out, Notice::Kind::UserCallRefused, "error: connection closing", "3.10.2");
        return;
    }
    // SYN-SENT and SYN-RECEIVED queue the data until ESTABLISHED; the others send what the window allows.
    sendBuf_.append(data);
    bytesAccepted_ += data.size();
    pushData(now, out);
}

std::size_t TcpEndpoint::receive(Instant now, std::size_t maxBytes, TcpOutput& out) {
    (void)now;
    const std::size_t n = std::min(maxBytes, rcvBuf_.size());
    if (n == 0)
        return 0;
    const std::uint32_t before = rcvWndAdvertised_;
    deliver(out, ByteSlice(rcvBuf_.substr(0, n)), "3.10.3");
    bytesDelivered_ += n;
    rcvBuf_.erase(0, n);
    // Tell the sender the window opened once it is worth it (receiver-side SWS avoidance, RFC 9293
    // §3.8.6.2.2): from zero, or by at least min(MSS, half the buffer).
    const std::uint32_t after = rcvWnd();
    const std::uint32_t threshold = std::min<std::uint32_t>(effSndMss_, params_.rcvBufBytes / 2);
    if (isSynchronized(state_) && after > before && (before == 0 || after - before >= threshold))
        sendAckNow(out);
    return n;
}

void TcpEndpoint::close(Instant now, TcpOutput& out) {
    orphaned_ = true;
    switch (state_) {
    case TcpState::Closed:
        orphaned_ = false;
        note(out, Notice::Kind::UserCallRefused, "error: connection does not exist", "3.10.4");
        return;
    case TcpState::Listen:
        enterClosed("LI-10", out);
        return;
    case TcpState::SynSent:
        // "Delete the TCB and return 'error: closing' responses to any queued SENDs" — no RST is sent.
        enterClosed("SS-10", out);
        return;
    case TcpState::FinWait2:
        // The FIN is already acknowledged. Linux: an orphaned FIN-WAIT-2 lives tcp_fin_timeout.
        if (params_.finTimeout > Duration{0})
            arm(TimerKind::FinWait2, now + params_.finTimeout, out);
        return;
    case TcpState::FinWait1:
        return; // the FIN is on its way
    case TcpState::Closing:
    case TcpState::LastAck:
    case TcpState::TimeWait:
        note(out, Notice::Kind::UserCallRefused, "error: connection closing", "3.10.4");
        return;
    default:
        break;
    }
    shutdownSend(now, out);
}

void TcpEndpoint::shutdownSend(Instant now, TcpOutput& out) {
    if (finQueued_) {
        note(out, Notice::Kind::UserCallRefused, "error: connection closing", "3.10.4");
        return;
    }
    switch (state_) {
    case TcpState::SynReceived:
        // "If no SENDs have been issued and there is no pending data to send, then form a FIN segment and
        // send it, and enter FIN-WAIT-1 state; otherwise, queue for processing after entering ESTABLISHED."
        finQueued_ = true;
        setState(TcpState::FinWait1, "SR-14", out);
        if (sendQueueBytes() == 0) {
            finSeq_ = sndNxt_;
            emitSegment(makeSegment(sndNxt_, TcpFlag::FIN | TcpFlag::ACK), false, out);
            finSent_ = true;
            sndNxt_ += 1;
        }
        return;
    case TcpState::Established:
        finQueued_ = true;
        setState(TcpState::FinWait1, "ES-2", out);
        pushData(now, out);
        return;
    case TcpState::CloseWait:
        finQueued_ = true;
        setState(TcpState::LastAck, "CW-2", out);
        pushData(now, out);
        return;
    default:
        note(out, Notice::Kind::UserCallRefused, "error: not connected", "3.10.4");
        return;
    }
}

void TcpEndpoint::abort(Instant now, TcpOutput& out) {
    (void)now;
    switch (state_) {
    case TcpState::Closed:
        note(out, Notice::Kind::UserCallRefused, "error: connection does not exist", "3.10.5");
        return;
    case TcpState::Listen:
        enterClosed("LI-12", out);
        return;
    case TcpState::SynSent:
        enterClosed("SS-11", out);
        return;
    case TcpState::SynReceived:
        sendRstForAbort(out);
        enterClosed("SR-15", out);
        return;
    case TcpState::Established:
        sendRstForAbort(out);
        enterClosed("ES-3", out);
        return;
    case TcpState::FinWait1:
        sendRstForAbort(out);
        enterClosed("F1-13", out);
        return;
    case TcpState::FinWait2:
        sendRstForAbort(out);
        enterClosed("F2-7", out);
        return;
    case TcpState::CloseWait:
        sendRstForAbort(out);
        enterClosed("CW-8", out);
        return;
    // "CLOSING STATE, LAST-ACK STATE, TIME-WAIT STATE: Respond with 'ok' and delete the TCB".
    case TcpState::Closing:
        enterClosed("CG-7", out);
        return;
    case TcpState::LastAck:
        enterClosed("LA-7", out);
        return;
    case TcpState::TimeWait:
        enterClosed("TW-8", out);
        return;
    }
}

// ---------------------------------------------------------------------------------------------------------
// Timers, RFC 9293 §3.10.8

void TcpEndpoint::timerFires(Instant now, TimerKind kind, TcpOutput& out) {
    auto& slot = timers_[static_cast<std::size_t>(kind)];
    if (!slot)
        return;
    out.timers.push_back({TimerChange::Op::Fired, kind, *slot});
    slot.reset();

    switch (kind) {
    case TimerKind::Retransmission: {
        if (state_ == TcpState::SynSent) {
            if (retries_ >= params_.synRetries) {
                giveUp("SS-2", "connection timed out: no answer to " + std::to_string(retries_ + 1) + " SYNs",
                       out);
                return;
            }
            ++retries_;
            // Linux tcp_syn_linear_timeouts: the first N retransmissions keep the initial RTO.
            rtt_.backoff = std::max(0, retries_ - params_.synLinearTimeouts);
            note(out, Notice::Kind::Retransmit,
                 "retransmitting SYN (attempt " + std::to_string(retries_ + 1) + ")", "3.10.8");
            sendSyn(now, true, out);
            armRetransmission(now, out);
            return;
        }
        if (state_ == TcpState::SynReceived) {
            if (retries_ >= params_.synackRetries) {
                const std::string reason = "half-open connection dropped after " + std::to_string(retries_) +
                                           " SYN,ACK retransmissions";
                if (passive_) {
                    // RFC 9293 §3.8.3 / tcp-transitions.md SR-10: a passive connection returns to LISTEN (row
                    // SR-10p ends in LISTEN, so enterClosed() would fail the table check); no user to tell.
                    note(out, Notice::Kind::Info, reason, "3.8.3");
                    cancelAll(out);
                    setState(TcpState::Listen, "SR-10p", out);
                    out.released = true;
                    return;
                }
                giveUp("SR-10a", reason, out);
                return;
            }
            ++retries_;
            ++rtt_.backoff;
            note(out, Notice::Kind::Retransmit,
                 "retransmitting SYN,ACK (attempt " + std::to_string(retries_ + 1) + ")", "3.10.8");
            sendSynAck(now, true, out);
            armRetransmission(now, out);
            return;
        }
        if (sndUna_ == sndNxt_)
            return; // nothing outstanding
        if (!synAcked_) {
            // FIN-WAIT-1 entered from SYN-RECEIVED: our SYN,ACK and FIN are both unacknowledged.
            if (retries_ >= params_.synackRetries) {
                giveUp("F1-8", "connection timed out: the handshake never completed", out);
                return;
            }
            ++retries_;
            ++rtt_.backoff;
            sendSynAck(now, true, out);
            if (finSent_)
                emitSegment(makeSegment(finSeq_, TcpFlag::FIN | TcpFlag::ACK), true, out);
            armRetransmission(now, out);
            return;
        }
        const int limit = orphaned_ && finSent_ ? params_.orphanRetries : params_.retries2;
        if (retries_ >= limit) {
            const char* rule = nullptr;
            switch (state_) {
            case TcpState::Established:
                rule = "ES-18";
                break;
            case TcpState::CloseWait:
                rule = "CW-10";
                break;
            case TcpState::FinWait1:
                rule = "F1-8";
                break;
            case TcpState::Closing:
                rule = "CG-4";
                break;
            case TcpState::LastAck:
                rule = "LA-3";
                break;
            default:
                break;
            }
            if (rule) {
                giveUp(rule, "connection timed out after " + std::to_string(retries_) + " retransmissions",
                       out);
                return;
            }
        }
        ++retries_;
        ++rtt_.backoff; // RFC 6298 (5.5): back off the timer
        recoverUntil_ = sndNxt_;
        retransmitFirst(now, out);
        armRetransmission(now, out); // (5.6)
        return;
    }
    case TimerKind::Persist:
        if (sndWnd_ == 0 && (unsentBytes() > 0 || sndUna_ != sndNxt_))
            sendProbe(now, out);
        return;
    case TimerKind::Keepalive:
        if (!isSynchronized(state_) || state_ == TcpState::TimeWait)
            return;
        if (keepaliveProbesSent_ >= params_.keepaliveProbes) {
            if (state_ == TcpState::Established) {
                giveUp("ES-21",
                       "connection timed out: " + std::to_string(keepaliveProbesSent_) +
                           " keep-alive probes unanswered",
                       out);
                return;
            }
            return;
        }
        ++keepaliveProbesSent_;
        // RFC 9293 §3.8.4: <SEQ=SND.NXT-1> with no data, so the peer must answer with an ACK.
        note(out, Notice::Kind::Info, "keep-alive probe " + std::to_string(keepaliveProbesSent_), "3.8.4");
        emitSegment(makeSegment(sndNxt_ - 1, TcpFlag::ACK), false, out);
        arm(TimerKind::Keepalive, now + params_.keepaliveInterval, out);
        return;
    case TimerKind::DelayedAck:
        if (isSynchronized(state_))
            sendAckNow(out);
        return;
    case TimerKind::TimeWait:
        enterClosed("TW-1", out);
        return;
    case TimerKind::FinWait2:
        if (state_ == TcpState::FinWait2) {
            note(out, Notice::Kind::Info, "orphaned FIN-WAIT-2 timed out (tcp_fin_timeout)", "Linux");
            enterClosed("F2-3", out);
        }
        return;
    }
}

void TcpEndpoint::restartKeepalive(Instant now, TcpOutput& out) {
    keepaliveProbesSent_ = 0;
    if (params_.keepalive && isSynchronized(state_) && state_ != TcpState::TimeWait)
        arm(TimerKind::Keepalive, now + params_.keepaliveTime, out);
}

// ---------------------------------------------------------------------------------------------------------
// Segment arrival, RFC 9293 §3.10.7

void TcpEndpoint::segmentArrives(Instant now, const TcpSegment& seg, TcpOutput& out, SeqNum issIfListen) {
    switch (state_) {
    case TcpState::Closed:
        // §3.10.7.1: a TCB in CLOSED answers as if there were none.
        sendReset(seg, out);
        return;
    case TcpState::Listen:
        arriveListen(now, seg, issIfListen, out);
        return;
    case TcpState::SynSent:
        arriveSynSent(now, seg, out);
        return;
    default:
        arriveOther(now, seg, out);
        return;
    }
}

void TcpEndpoint::setPeerMss(const TcpSegment& seg) {
    // RFC 9293 §3.7.1 (MUST-15): without an MSS option assume 536 for IPv4.
    const std::uint16_t peer = seg.mss.value_or(536);
    effSndMss_ = std::min(peer, params_.mss);
}

void TcpEndpoint::arriveListen(Instant now, const TcpSegment& seg, SeqNum iss, TcpOutput& out) {
    // §3.10.7.2 first: "An incoming RST segment could not be valid since it could not have been sent in
    // response to anything sent by this incarnation of the connection. An incoming RST should be ignored."
    if (seg.rst()) {
        note(out, Notice::Kind::Unacceptable, "RST in LISTEN is ignored", "3.10.7.2");
        return;
    }
    // second: "Any acknowledgment is bad if it arrives on a connection still in the LISTEN state.
    // An acceptable reset segment should be formed for any arriving ACK-bearing segment:
    // <SEQ=SEG.ACK><CTL=RST>"
    if (seg.ackFlag()) {
        note(out, Notice::Kind::Unacceptable, "ACK in LISTEN: answered with RST", "3.10.7.2");
        sendReset(seg, out);
        return;
    }
    // third: SYN.
    if (seg.syn()) {
        if (seg.fin() && params_.profile == Profile::Linux) {
            // Linux tcp_rcv_state_process(): a SYN with FIN is discarded in LISTEN.
            note(out, Notice::Kind::Unacceptable, "SYN with FIN in LISTEN is discarded (Linux)", "Linux");
            return;
        }
        // "Set RCV.NXT to SEG.SEQ+1, IRS is set to SEG.SEQ, and any other control or text should be queued
        // for processing later. ISS should be selected and a SYN segment sent of the form
        // <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>. SND.NXT is set to ISS+1 and SND.UNA to ISS. The connection
        // state should be changed to SYN-RECEIVED."
        irs_ = seg.seq;
        rcvNxt_ = seg.seq + 1;
        rcvNxtOffset_ = 0;
        iss_ = iss;
        sndUna_ = iss;
        sndNxt_ = iss + 1;
        sndWnd_ = seg.window;
        maxSndWnd_ = seg.window;
        sndWl1_ = seg.seq;
        sndWl2_ = seg.ack;
        setPeerMss(seg);
        passive_ = true; // MUST-11: remember that this connection came from LISTEN
        setState(TcpState::SynReceived, "LI-3", out);
        sendSynAck(now, false, out);
        armRetransmission(now, out);
        return;
    }
    // fourth: "Any other control or text-bearing segment (not containing SYN) must have an ACK and thus would
    // have been discarded by the ACK processing ... drop the segment and return."
    note(out, Notice::Kind::Unacceptable, "segment without SYN in LISTEN is dropped", "3.10.7.2");
}

void TcpEndpoint::arriveSynSent(Instant now, const TcpSegment& seg, TcpOutput& out) {
    bool ackAcceptable = false;
    // §3.10.7.3 first: check the ACK bit.
    if (seg.ackFlag()) {
        // "If SEG.ACK =< ISS or SEG.ACK > SND.NXT, send a reset (unless the RST bit is set, if so drop the
        // segment and return) <SEQ=SEG.ACK><CTL=RST> and discard the segment."
        if (seg.ack <= iss_ || seg.ack > sndNxt_) {
            if (!seg.rst()) {
                note(out, Notice::Kind::Unacceptable, "ACK does not acknowledge our SYN: answered with RST",
                     "3.10.7.3");
                sendReset(seg, out);
            } else {
                note(out, Notice::Kind::Unacceptable, "RST with an unacceptable ACK is dropped", "3.10.7.3");
            }
            return;
        }
        // "If SND.UNA < SEG.ACK =< SND.NXT, then the ACK is acceptable."
        ackAcceptable = sndUna_ < seg.ack && seg.ack <= sndNxt_;
    }
    // second: check the RST bit.
    if (seg.rst()) {
        // RFC 5961 §3.2 as adopted by RFC 9293: only a RST that acknowledges our SYN is believed.
        if (ackAcceptable) {
            note(out, Notice::Kind::Error, "connection refused (RST)", "3.10.7.3");
            enterClosed("SS-6", out);
        } else {
            note(out, Notice::Kind::Unacceptable, "RST without an acceptable ACK is dropped", "3.10.7.3");
        }
        return;
    }
    // fourth: check the SYN bit ("This step should be reached only if the ACK is ok, or there is no ACK").
    if (seg.syn()) {
        irs_ = seg.seq;
        rcvNxt_ = seg.seq + 1;
        rcvNxtOffset_ = 0;
        setPeerMss(seg);
        if (ackAcceptable) {
            sndUna_ = seg.ack;
            synAcked_ = true;
            if (rttTiming_ && rttTiming_->first < seg.ack)
                rtt_.sample(now - rttTiming_->second, params_);
            rttTiming_.reset();
            // "If SND.UNA > ISS (our SYN has been ACKed), change the connection state to ESTABLISHED, form an
            // ACK segment <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> and send it." RFC 9293 also sets the window
            // here.
            sndWnd_ = seg.window;
            maxSndWnd_ = std::max(maxSndWnd_, sndWnd_);
            sndWl1_ = seg.seq;
            sndWl2_ = seg.ack;
            retries_ = 0;
            rtt_.backoff = 0; // RFC 6298 (5.7): data starts with the 3 s RTO itself, not a backed-off one
            cancel(TimerKind::Retransmission, out);
            if (synRetransmitted_ && !rtt_.srtt)
                rtt_.rto = params_.rtoFallback; // RFC 6298 (5.7)
            setState(TcpState::Established, "SS-3", out);
            note(out, Notice::Kind::Established, "connection established", "3.10.7.3");
            sendAckNow(out);
            restartKeepalive(now, out);
            pushData(now, out);
            return;
        }
        // "Otherwise, enter SYN-RECEIVED, form a SYN,ACK segment <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK> and send
        // it. Set the variables: SND.WND <- SEG.WND, SND.WL1 <- SEG.SEQ, SND.WL2 <- SEG.ACK"
        sndWnd_ = seg.window;
        maxSndWnd_ = std::max(maxSndWnd_, sndWnd_);
        sndWl1_ = seg.seq;
        sndWl2_ = seg.ack;
        retries_ = 0;
        rtt_.backoff = 0;
        setState(TcpState::SynReceived, "SS-7", out);
        note(out, Notice::Kind::Info, "simultaneous open: both sides sent SYN", "3.5");
        sendSynAck(now, false, out);
        armRetransmission(now, out);
        return;
    }
    // fifth: "If neither of the SYN or RST bits is set, then drop the segment and return."
    note(out, Notice::Kind::Unacceptable, "segment without SYN or RST in SYN-SENT is dropped", "3.10.7.3");
}

bool TcpEndpoint::acceptable(const TcpSegment& seg) const {
    // §3.10.7.4 first, Table 6.
    const std::uint32_t len = seg.segLen();
    const std::uint32_t wnd = rcvWnd();
    if (len == 0 && wnd == 0)
        return seg.seq == rcvNxt_;
    if (len == 0)
        return inWindow(seg.seq, rcvNxt_, wnd);
    if (wnd == 0)
        return false;
    return inWindow(seg.seq, rcvNxt_, wnd) || inWindow(seg.seq + (len - 1), rcvNxt_, wnd);
}

bool TcpEndpoint::ackUnacceptable(Instant now, const TcpSegment& seg, TcpOutput& out, std::string_view why) {
    note(out, Notice::Kind::Unacceptable, std::string(why), "3.10.7.4");
    if (!rateLimited(now, seg))
        sendAckNow(out);
    else
        note(out, Notice::Kind::Info, "duplicate ACK suppressed (tcp_invalid_ratelimit)", "Linux");
    return true;
}

void TcpEndpoint::arriveOther(Instant now, const TcpSegment& in, TcpOutput& out) {
    TcpSegment seg = in;

    // Simultaneous open, RFC 9293 §3.5 Figure 7 (and Linux since 6.11): in SYN-RECEIVED, the peer's SYN,ACK
    // that acknowledges our SYN completes the handshake; it is answered with an ACK. The strict acceptability
    // test would reject it (its SYN lies before RCV.NXT), which Appendix A.2 of the RFC discusses.
    if (state_ == TcpState::SynReceived && seg.syn() && seg.ackFlag() && !seg.rst() && seg.seq == irs_ &&
        sndUna_ < seg.ack && seg.ack <= sndNxt_) {
        sndUna_ = seg.ack;
        synAcked_ = true;
        sndWnd_ = seg.window;
        maxSndWnd_ = std::max(maxSndWnd_, sndWnd_);
        sndWl1_ = seg.seq;
        sndWl2_ = seg.ack;
        retries_ = 0;
        rttTiming_.reset();
        // RFC 6298 (5.7): no sample from this handshake; after a SYN or SYN,ACK timeout start data at 3 s.
        rtt_.backoff = 0;
        if (synRetransmitted_ && !rtt_.srtt)
            rtt_.rto = params_.rtoFallback;
        cancel(TimerKind::Retransmission, out);
        setState(TcpState::Established, "SR-13", out);
        note(out, Notice::Kind::Established, "connection established (simultaneous open)", "3.5");
        sendAckNow(out);
        restartKeepalive(now, out);
        pushData(now, out);
        return;
    }

    // A retransmitted SYN in SYN-RECEIVED (our SYN,ACK was lost). Linux answers with the SYN,ACK again;
    // the RFC's rules give the ACK of the first check below.
    if (state_ == TcpState::SynReceived && seg.syn() && !seg.ackFlag() && !seg.rst() && seg.seq == irs_ &&
        params_.dupSynInSynReceived == DupSynPolicy::ResendSynAck) {
        if (rateLimited(now, seg)) {
            note(out, Notice::Kind::Info, "SYN,ACK for the duplicate SYN suppressed (tcp_invalid_ratelimit)",
                 "Linux");
            return;
        }
        note(out, Notice::Kind::Retransmit, "duplicate SYN: retransmitting SYN,ACK", "Linux");
        sendSynAck(now, true, out);
        // tcp-transitions.md SR-6, linux-defaults.md §2.2: the SYN,ACK timer restarts (tcp_check_req():
        // mod_timer_pending(&req->rsk_timer, reqsk_timeout(req, TCP_RTO_MAX))), RFC 6298 (5.1).
        armRetransmission(now, out);
        return;
    }

    // ---- first: check the sequence number ----
    // MUST-66: "If the RCV.WND is zero, no segments will be acceptable, but special allowance should be made
    // to accept valid ACKs, URGs, and RSTs." A segment at RCV.NXT while our window is closed: drop its text
    // (and FIN), process it as the empty segment it would otherwise be, and acknowledge it (window 0).
    if (rcvWnd() == 0 && seg.segLen() > 0 && seg.seq == rcvNxt_ && !seg.syn()) {
        note(out, Notice::Kind::Unacceptable, "segment outside the receive window", "3.10.7.4");
        seg.payload.clear();
        seg.flags &= static_cast<std::uint8_t>(~TcpFlag::FIN);
        const std::size_t sentBefore = out.segments.size();
        arriveOther(now, seg, out);
        if (!seg.rst() && !out.released && out.segments.size() == sentBefore)
            sendAckNow(out);
        return;
    }
    if (!acceptable(seg)) {
        // "If an incoming segment is not acceptable, an acknowledgment should be sent in reply (unless the
        // RST bit is set, if so drop the segment and return)"
        if (seg.rst()) {
            note(out, Notice::Kind::Unacceptable, "RST outside the window is dropped", "3.10.7.4");
            return;
        }
        const bool retransmittedFin = seg.fin() && seg.seq + seg.segLen() == rcvNxt_;
        if (state_ == TcpState::TimeWait && retransmittedFin) {
            // TIME-WAIT: "The only thing that can arrive in this state is a retransmission of the remote FIN.
            // Acknowledge it, and restart the 2 MSL timeout." (§3.10.7.4 eighth)
            note(out, Notice::Kind::Info, "retransmitted FIN in TIME-WAIT: ACK it and restart the 2MSL timer",
                 "3.10.7.4");
            sendAckNow(out);
            cancel(TimerKind::TimeWait, out);
            arm(TimerKind::TimeWait, now + params_.timeWait, out);
            return;
        }
        if (seg.syn() && isSynchronized(state_)) {
            // RFC 5961 §4: a SYN in a synchronized state gets a challenge ACK, whatever its sequence number.
            ackUnacceptable(now, seg, out, "SYN in a synchronized state: challenge ACK");
            return;
        }
        // tcp-transitions.md TW-4: Linux also restarts the TIME-WAIT timer when the segment carries an ACK
        // (tcp_timewait_state_process(): "if (paws_reject || th->ack) inet_twsk_reschedule()").
        if (state_ == TcpState::TimeWait && seg.ackFlag() && params_.profile == Profile::Linux)
            arm(TimerKind::TimeWait, now + params_.timeWait, out);
        ackUnacceptable(now, seg, out,
                        retransmittedFin ? "retransmitted FIN (already acknowledged)"
                                         : "segment outside the receive window");
        return;
    }

    // Trim to the window: drop the part before RCV.NXT (an old SYN, old data) and after RCV.NXT+RCV.WND.
    if (seg.seq < rcvNxt_) {
        std::uint32_t before = static_cast<std::uint32_t>(rcvNxt_ - seg.seq);
        if (seg.syn()) {
            seg.flags &= static_cast<std::uint8_t>(~TcpFlag::SYN);
            seg.seq += 1;
            before -= 1;
        }
        const std::uint32_t cut = std::min<std::uint32_t>(before, seg.payloadLen());
        seg.payload.removePrefix(cut);
        seg.seq += cut;
    }
    {
        const std::uint32_t wnd = rcvWnd();
        const std::int32_t room = (rcvNxt_ + wnd) - seg.seq;
        if (room >= 0 && seg.payloadLen() > static_cast<std::uint32_t>(room)) {
            seg.payload.truncate(static_cast<std::size_t>(room));
            seg.flags &= static_cast<std::uint8_t>(~TcpFlag::FIN); // the FIN lies beyond the window
        }
    }

    // ---- second: check the RST bit (RFC 5961 §3.2 as RFC 9293 describes) ----
    if (seg.rst()) {
        const bool exact = seg.seq == rcvNxt_;
        // Linux request sockets accept any in-window RST (tcp_check_req()); tcp-transitions.md SR-8. Only a
        // passive SYN-RECEIVED is a request socket: after a simultaneous open Linux has a full socket, which
        // applies RFC 9293 §3.10.7.4 second (RFC 5961 §3.2) like every other state (tcp_validate_incoming()).
        const bool linuxSynRecv =
            state_ == TcpState::SynReceived && passive_ && params_.profile == Profile::Linux;
        if (!exact && !linuxSynRecv) {
            note(out, Notice::Kind::Unacceptable, "RST in the window but not at RCV.NXT: challenge ACK",
                 "3.10.7.4");
            if (!rateLimited(now, seg))
                sendAckNow(out);
            return;
        }
        switch (state_) {
        case TcpState::SynReceived:
            if (passive_) {
                // "If this connection was initiated with a passive OPEN, then return this connection to the
                // LISTEN state and return. The user need not be informed."
                cancelAll(out);
                setState(TcpState::Listen, "SR-7p", out);
                out.released = true;
            } else {
                note(out, Notice::Kind::Error, "connection refused (RST)", "3.10.7.4");
                enterClosed("SR-7a", out);
            }
            return;
        case TcpState::Established:
        case TcpState::FinWait1:
        case TcpState::FinWait2:
        case TcpState::CloseWait: {
            // "any outstanding RECEIVEs and SEND should receive 'reset' responses ... Users should also
            // receive an unsolicited general 'connection reset' signal. Enter the CLOSED state, delete the
            // TCB".
            note(out, Notice::Kind::Error, "connection reset by peer", "3.10.7.4");
            const char* rule = state_ == TcpState::Established ? "ES-12"
                               : state_ == TcpState::FinWait1  ? "F1-9"
                               : state_ == TcpState::FinWait2  ? "F2-5"
                                                               : "CW-7";
            enterClosed(rule, out);
            return;
        }
        case TcpState::Closing:
            enterClosed("CG-5", out);
            return;
        case TcpState::LastAck:
            enterClosed("LA-6", out);
            return;
        case TcpState::TimeWait:
            if (params_.rfc1337) {
                note(out, Notice::Kind::Unacceptable, "RST in TIME-WAIT ignored (RFC 1337)", "RFC 1337");
                return;
            }
            note(out, Notice::Kind::Info, "RST ends TIME-WAIT early (TIME-WAIT assassination, RFC 1337)",
                 "3.10.7.4");
            enterClosed("TW-5", out);
            return;
        default:
            return;
        }
    }

    // ---- third: security (not modelled) ----

    // ---- fourth: check the SYN bit ----
    if (seg.syn()) {
        if (state_ == TcpState::SynReceived && passive_) {
            // "If the connection was initiated with a passive OPEN, then return this connection to the LISTEN
            // state and return." Linux request sockets answer with a RST (embryonic reset).
            if (params_.profile == Profile::Linux) {
                TcpSegment r = makeSegment(SeqNum(0), TcpFlag::RST | TcpFlag::ACK);
                r.ack = seg.seq + 1;
                r.window = 0;
                out.segments.push_back({std::move(r), false});
            }
            cancelAll(out);
            setState(TcpState::Listen, "SR-11", out);
            out.released = true;
            return;
        }
        // "If the SYN bit is set, irrespective of the sequence number, TCP endpoints MUST send a challenge
        // ACK"
        ackUnacceptable(now, seg, out, "SYN in a synchronized state: challenge ACK");
        return;
    }

    // ---- fifth: check the ACK field ----
    if (!seg.ackFlag()) {
        note(out, Notice::Kind::Unacceptable, "segment without ACK is dropped", "3.10.7.4");
        return;
    }
    if (state_ == TcpState::SynReceived) {
        // "If SND.UNA < SEG.ACK =< SND.NXT, then enter ESTABLISHED state and continue processing with the
        // variables below set to: SND.WND <- SEG.WND, SND.WL1 <- SEG.SEQ, SND.WL2 <- SEG.ACK"
        if (!(sndUna_ < seg.ack && seg.ack <= sndNxt_)) {
            note(out, Notice::Kind::Unacceptable, "ACK does not acknowledge our SYN: answered with RST",
                 "3.10.7.4");
            sendReset(seg, out);
            return;
        }
        if (rttTiming_ && rttTiming_->first < seg.ack)
            rtt_.sample(now - rttTiming_->second, params_);
        rttTiming_.reset();
        sndUna_ = iss_ + 1;
        synAcked_ = true;
        sndWnd_ = seg.window;
        maxSndWnd_ = std::max(maxSndWnd_, sndWnd_);
        sndWl1_ = seg.seq;
        sndWl2_ = seg.ack;
        retries_ = 0;
        rtt_.backoff = 0;
        // RFC 6298 (5.7): the SYN,ACK is a SYN segment too; after its timeout, with no sample, data starts
        // with RTO = 3 s (Linux tcp_init_metrics(): TCP_TIMEOUT_FALLBACK when the handshake gave no RTT).
        if (synRetransmitted_ && !rtt_.srtt)
            rtt_.rto = params_.rtoFallback;
        cancel(TimerKind::Retransmission, out);
        setState(TcpState::Established, "SR-1", out);
        note(out, Notice::Kind::Established, "connection established", "3.10.7.4");
        restartKeepalive(now, out);
        // The same ACK may acknowledge a FIN we sent from SYN-RECEIVED (close before the handshake
        // completed).
    }
    if (state_ == TcpState::TimeWait) {
        // TIME-WAIT: an acceptable pure ACK needs no answer (tcp-transitions.md TW-3). Linux restarts the
        // TIME-WAIT timer on it (tcp_timewait_state_process(): inet_twsk_reschedule()).
        if (params_.profile == Profile::Linux)
            arm(TimerKind::TimeWait, now + params_.timeWait, out);
        return;
    }
    bool drop = false;
    processAck(now, seg, out, drop);
    if (drop || out.released)
        return;

    // ---- sixth: check the URG bit ----
    if (seg.has(TcpFlag::URG))
        note(out, Notice::Kind::Info,
             "URG is set (urgent pointer " + std::to_string(seg.urgentPointer) + "): shown but not processed",
             "3.10.7.4");

    // ---- seventh: process the segment text ----
    if (seg.payloadLen() > 0) {
        switch (state_) {
        case TcpState::Established:
        case TcpState::FinWait1:
            acceptData(now, seg, out);
            break;
        case TcpState::FinWait2:
            if (orphaned_ && params_.resetOnDataAfterClose) {
                // Linux: "If new data arrive after half-duplex close, reset" — nobody will read it.
                note(out, Notice::Kind::Error, "data arrived after close(): connection reset", "3.6.1");
                TcpSegment r = makeSegment(sndNxt_, TcpFlag::RST | TcpFlag::ACK);
                r.window = 0;
                out.segments.push_back({std::move(r), false});
                enterClosed("F2-4", out);
                return;
            }
            acceptData(now, seg, out);
            break;
        default:
            // CLOSE-WAIT, CLOSING, LAST-ACK, TIME-WAIT: "This should not occur since a FIN has been received
            // from the remote side. Ignore the segment text."
            note(out, Notice::Kind::Unacceptable, "data after the peer's FIN is ignored", "3.10.7.4");
            break;
        }
    }

    // ---- eighth: check the FIN bit ----
    if (seg.fin()) {
        const std::uint64_t finOffset = streamOffset(seg.seq) + seg.payloadLen();
        if (finOffset == rcvNxtOffset_ && !finReceived_) {
            processFin(now, out);
        } else if (finOffset > rcvNxtOffset_) {
            outOfOrderFin_ = finOffset; // processed when the gap before it is filled
            // A bare FIN above RCV.NXT is an out-of-order segment too: an immediate duplicate ACK (ES-11;
            // RFC 5681 §4.2 via RFC 9293 §3.8.6.3). With data, acceptData() has already sent it.
            if (seg.payloadLen() == 0 && !finReceived_)
                sendAckNow(out);
        }
    }
}

void TcpEndpoint::updateWindow(const TcpSegment& seg) {
    // §3.10.7.4 fifth: "If SND.UNA =< SEG.ACK =< SND.NXT, the send window should be updated. If
    // (SND.WL1 < SEG.SEQ or (SND.WL1 = SEG.SEQ and SND.WL2 =< SEG.ACK)), set SND.WND <- SEG.WND,
    // set SND.WL1 <- SEG.SEQ, and set SND.WL2 <- SEG.ACK."
    if (sndUna_ <= seg.ack && seg.ack <= sndNxt_ &&
        (sndWl1_ < seg.seq || (sndWl1_ == seg.seq && sndWl2_ <= seg.ack))) {
        sndWnd_ = seg.window;
        maxSndWnd_ = std::max(maxSndWnd_, sndWnd_);
        sndWl1_ = seg.seq;
        sndWl2_ = seg.ack;
    }
}

void TcpEndpoint::processAck(Instant now, const TcpSegment& seg, TcpOutput& out, bool& drop) {
    restartKeepalive(now, out);
    // "If the ACK acks something not yet sent (SEG.ACK > SND.NXT), then send an ACK, drop the segment, and
    // return."
    if (seg.ack > sndNxt_) {
        ackUnacceptable(now, seg, out, "ACK for data not yet sent");
        drop = true;
        return;
    }
    // RFC 5961 §5.2 (MAY-12): an ACK far below SND.UNA (more than the largest window ever offered) is
    // discarded with an ACK.
    if (seg.ack < sndUna_ - maxSndWnd_) {
        ackUnacceptable(now, seg, out, "ACK older than any window (RFC 5961 §5.2)");
        drop = true;
        return;
    }
    const std::uint32_t oldWnd = sndWnd_;
    if (sndUna_ < seg.ack) {
        // "If SND.UNA < SEG.ACK =< SND.NXT, then set SND.UNA <- SEG.ACK. Any segments on the retransmission
        // queue that are thereby entirely acknowledged are removed."
        std::uint32_t acked = static_cast<std::uint32_t>(seg.ack - sndUna_);
        const bool finAcked = finSent_ && seg.ack == finSeq_ + 1;
        if (finAcked)
            acked -= 1;
        if (!synAcked_) {
            // FIN-WAIT-1 entered from SYN-RECEIVED (CLOSE before the handshake completed): this ACK also
            // covers our SYN.
            acked -= 1;
            synAcked_ = true;
        }
        const std::size_t dataAcked = std::min<std::size_t>(acked, sendQueueBytes());
        sendBuf_.dropFront(dataAcked);
        sndUna_ = seg.ack;
        // RFC 6298 (2.2)/(2.3): a sample from a segment sent once (Karn).
        if (rttTiming_ && rttTiming_->first < seg.ack) {
            rtt_.sample(now - rttTiming_->second, params_);
            rttTiming_.reset();
        }
        retries_ = 0;
        rtt_.backoff = 0; // forward progress ends the backoff (Linux tcp_ack())
        persistBackoff_ = 0;
        // RFC 6298 (5.2)/(5.3): all outstanding data acknowledged: stop the timer; otherwise restart it.
        if (sndUna_ == sndNxt_)
            cancel(TimerKind::Retransmission, out);
        else
            armRetransmission(now, out);
        updateWindow(seg);
        // After a timeout, each ACK that moves SND.UNA below the old SND.NXT reveals the next hole: resend
        // it.
        if (recoverUntil_) {
            if (sndUna_ < *recoverUntil_ && sndWnd_ > 0)
                retransmitFirst(now, out);
            else
                recoverUntil_.reset();
        }
        switch (state_) {
        case TcpState::FinWait1:
            // "In addition to the processing for the ESTABLISHED state, if the FIN segment is now
            // acknowledged, then enter FIN-WAIT-2 and continue processing in that state."
            if (finAcked) {
                setState(TcpState::FinWait2, "F1-1", out);
                if (orphaned_ && params_.finTimeout > Duration{0})
                    arm(TimerKind::FinWait2, now + params_.finTimeout, out);
            }
            break;
        case TcpState::Closing:
            // "if the ACK acknowledges our FIN, then enter the TIME-WAIT state; otherwise, ignore the
            // segment."
            if (finAcked) {
                setState(TcpState::TimeWait, "CG-1", out);
                cancelAll(out);
                arm(TimerKind::TimeWait, now + params_.timeWait, out);
            } else {
                pushData(now, out); // data and the FIN queued by CLOSE may still be waiting for the window
            }
            drop = true;
            return;
        case TcpState::LastAck:
            // "The only thing that can arrive in this state is an acknowledgment of our FIN. If our FIN is
            // now acknowledged, delete the TCB, enter the CLOSED state, and return."
            if (finAcked) {
                enterClosed("LA-1", out);
                drop = true;
                return;
            }
            break;
        default:
            break;
        }
    } else {
        // "If the ACK is a duplicate (SEG.ACK =< SND.UNA), it can be ignored" — but it may update the window.
        updateWindow(seg);
        if (state_ == TcpState::Closing) {
            pushData(now, out);
            drop = true; // CLOSING: "otherwise, ignore the segment"
            return;
        }
    }
    if (sndWnd_ != oldWnd || sndWnd_ == 0)
        afterWindowChange(now, out);
    pushData(now, out);
}

void TcpEndpoint::afterWindowChange(Instant now, TcpOutput& out) {
    (void)now;
    if (sndWnd_ > 0) {
        if (timerDeadline(TimerKind::Persist)) {
            cancel(TimerKind::Persist, out);
            persistBackoff_ = 0;
            // While persisting, only a probe octet can be outstanding, and the closed window refused it: send
            // it again as ordinary data now that the window is open (BSD resets snd_nxt the same way).
            if (sndUna_ < sndNxt_)
                sndNxt_ = sndUna_;
        }
    } else if (sndUna_ == sndNxt_ || timerDeadline(TimerKind::Persist)) {
        // Zero window and nothing (but perhaps a probe) outstanding: the persist timer takes over.
        if (!timerDeadline(TimerKind::Persist) && unsentBytes() > 0) {
            cancel(TimerKind::Retransmission, out);
            const Duration base = std::max<Duration>(rtt_.current(params_), 200ms);
            arm(TimerKind::Persist, now + shifted(base, persistBackoff_, params_.rtoMax), out);
        } else if (timerDeadline(TimerKind::Persist)) {
            cancel(TimerKind::Retransmission, out);
        }
    }
}

void TcpEndpoint::acceptData(Instant now, const TcpSegment& seg, TcpOutput& out) {
    const std::uint64_t off = streamOffset(seg.seq);
    if (off == rcvNxtOffset_) {
        const bool gapWasOpen = !outOfOrder_.empty();
        if (params_.autoRead) {
            bytesDelivered_ += seg.payloadLen();
            deliver(out, seg.payload, "3.10.7.4");
        } else {
            rcvBuf_.append(seg.payload.view());
        }
        rcvNxt_ += seg.payloadLen();
        rcvNxtOffset_ += seg.payloadLen();
        deliverInOrder(out);
        if (outOfOrderFin_ && *outOfOrderFin_ == rcvNxtOffset_ && !finReceived_) {
            processFin(now, out); // the FIN that waited behind the gap; it is ACKed at once
            return;
        }
        ++unackedSegments_;
        // RFC 9293 §3.8.6.3 / RFC 5681 §4.2: ACK at once when a gap is filled, on every second full segment,
        // and when the window has closed; otherwise the ACK may be delayed.
        const bool immediate = gapWasOpen || unackedSegments_ >= 2 || rcvWnd() == 0;
        ackReceivedData(now, immediate, out);
    } else if (off > rcvNxtOffset_) {
        // SHLD-31: keep it for later; RFC 5681 §4.2: an immediate duplicate ACK.
        auto& slot = outOfOrder_[off];
        if (slot.size() < seg.payload.size())
            slot = seg.payload;
        note(out, Notice::Kind::Info, "out-of-order segment queued; duplicate ACK for RCV.NXT", "3.10.7.4");
        sendAckNow(out);
    }
}

void TcpEndpoint::deliverInOrder(TcpOutput& out) {
    while (!outOfOrder_.empty()) {
        auto it = outOfOrder_.begin();
        const std::uint64_t start = it->first;
        if (start > rcvNxtOffset_)
            break;
        const std::uint64_t end = start + it->second.size();
        if (end > rcvNxtOffset_) {
            const ByteSlice fresh = it->second.sub(static_cast<std::size_t>(rcvNxtOffset_ - start));
            if (params_.autoRead) {
                bytesDelivered_ += fresh.size();
                deliver(out, fresh, "3.10.7.4");
            } else {
                rcvBuf_.append(fresh.view());
            }
            rcvNxt_ += static_cast<std::uint32_t>(fresh.size());
            rcvNxtOffset_ = end;
        }
        outOfOrder_.erase(it);
    }
}

void TcpEndpoint::ackReceivedData(Instant now, bool immediate, TcpOutput& out) {
    if (immediate || !params_.delayedAck) {
        sendAckNow(out);
        return;
    }
    if (!timerDeadline(TimerKind::DelayedAck))
        arm(TimerKind::DelayedAck, now + params_.delayedAckTimeout, out);
}

void TcpEndpoint::processFin(Instant now, TcpOutput& out) {
    // §3.10.7.4 eighth: "advance RCV.NXT over the FIN, and send an acknowledgment for the FIN. Note that FIN
    // implies PUSH for any segment text not yet delivered to the user."
    finReceived_ = true;
    outOfOrderFin_.reset();
    rcvNxt_ += 1;
    note(out, Notice::Kind::RemoteClosed, "the peer closed its side: end of stream", "3.10.7.4");
    switch (state_) {
    case TcpState::SynReceived:
    case TcpState::Established:
        setState(TcpState::CloseWait, "ES-10", out);
        break;
    case TcpState::FinWait1:
        // Our FIN was not acknowledged (otherwise we would be in FIN-WAIT-2 by now): simultaneous close.
        setState(TcpState::Closing, "F1-3", out);
        break;
    case TcpState::FinWait2:
        // "Enter the TIME-WAIT state. Start the time-wait timer, turn off the other timers."
        setState(TcpState::TimeWait, "F2-1", out);
        sendAckNow(out);
        cancelAll(out);
        arm(TimerKind::TimeWait, now + params_.timeWait, out);
        return;
    default:
        break;
    }
    sendAckNow(out);
}

} // namespace tcplab
