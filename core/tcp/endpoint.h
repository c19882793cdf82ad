// A TCP endpoint (one TCB), sans-I/O. It takes the current time and one input — a user call, an arriving
// segment or a fired timer — and appends to a TcpOutput what it sends, the timers it arms or cancels, its
// state transitions and what it reports to the application. It has no clock, no random numbers and no
// sockets: the ISS is handed in, so tests pin it. Segment arrival follows RFC 9293 §3.10.7 step by step.
//
// Limitations: no congestion control, no SACK, no window scaling or timestamps, no urgent data delivery
// (URG is carried and shown but ignored), no Nagle; IPv4 only.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/time.h"
#include "tcp/params.h"
#include "tcp/segment.h"
#include "tcp/seqnum.h"
#include "tcp/state.h"
#include "tcp/transitions.h"

namespace tcplab {

enum class TimerKind : std::uint8_t { Retransmission, Persist, Keepalive, DelayedAck, TimeWait, FinWait2 };
constexpr int kTimerKindCount = 6;
std::string_view timerName(TimerKind k);

struct Transition {
    TcpState from;
    TcpState to;
    const TransitionRule* rule; // the row of the transition table; never null
};

struct TimerChange {
    enum class Op : std::uint8_t { Armed, Cancelled, Fired };
    Op op;
    TimerKind kind;
    Instant deadline; // Armed: when it will fire; Cancelled and Fired: the deadline it had
};

// What the endpoint reports to its application and to the trace.
struct Notice {
    enum class Kind : std::uint8_t {
        Established,     // the handshake completed
        DataDelivered,   // bytes handed to the application (text = the bytes)
        RemoteClosed,    // the peer's FIN: read() returns 0 (end of stream)
        Error,           // the connection failed: text = "connection reset", "connection timed out" ...
        Retransmit,      // a segment is being retransmitted (text says which and why)
        Unacceptable,    // an arriving segment failed a check (text = the check)
        Info,            // anything else worth a line in the trace (text)
        UserCallRefused, // a user call that is not valid in this state (text = the RFC's error)
    };
    Kind kind;
    std::string text;
    std::string_view rfc; // the section or rule, "3.10.7.4"
    ByteSlice data;       // DataDelivered: the bytes (a slice of the segment they came in; text stays empty)
};

struct Outgoing {
    TcpSegment seg;
    bool retransmission = false; // these sequence numbers were sent before
};

// What one input produced. The caller owns it and clears it between inputs (reuse avoids allocation).
struct TcpOutput {
    std::vector<Outgoing> segments;
    std::vector<TimerChange> timers;
    std::vector<Transition> transitions;
    std::vector<Notice> notices;
    // The endpoint reached CLOSED and holds no more state: its owner may delete it.
    bool released = false;

    void clear() {
        segments.clear();
        timers.clear();
        transitions.clear();
        notices.clear();
        released = false;
    }
};

struct Endpoint4 {
    std::uint32_t addr = 0;
    std::uint16_t port = 0;
    bool operator==(const Endpoint4&) const = default;
    auto operator<=>(const Endpoint4&) const = default;
};

// RFC 6298 round-trip estimator.
struct RttEstimator {
    std::optional<Duration> srtt;
    Duration rttvar{0};
    Duration rto{std::chrono::seconds(1)}; // before backoff
    int backoff = 0;                       // number of doublings applied since the last sample

    void sample(Duration r, const TcpParams& p); // RFC 6298 (2.2), (2.3)
    Duration current(const TcpParams& p) const;  // rto << backoff, capped at rtoMax (5.5)
    bool operator==(const RttEstimator&) const = default;
};

// RFC 9293 §3.10.7.1: the answer to a segment that reaches no socket (CLOSED). nullopt for a RST.
std::optional<TcpSegment> resetForClosedPort(const TcpSegment& in);

// The send buffer: the application's bytes from SND.UNA's data onward, in shared chunks of up to 64 KiB.
// A copy of it (an endpoint copied into a snapshot of the simulation) copies the chunk pointers, not the
// bytes, and a segment's payload is a slice of its chunk (slice()); a chunk is written only while nobody
// else holds it, so neither a snapshot nor a slice ever sees its bytes change. Acknowledged chunks are
// dropped from the front (a slice still in flight keeps its chunk alive).
class SendBuffer {
public:
    std::size_t size() const { return size_; }
    void append(std::string_view data);
    // The `len` bytes from `offset` on (offset + len <= size()): a slice of the chunk that holds them, or a
    // copy when they span two chunks.
    ByteSlice slice(std::size_t offset, std::size_t len) const;
    // Replaces `out` with the `len` bytes from `offset` on (offset + len <= size()).
    void copyOut(std::size_t offset, std::size_t len, std::string& out) const;
    void dropFront(std::size_t n); // n <= size()
    void clear();
    bool operator==(const SendBuffer& o) const; // the same bytes

private:
    static constexpr std::size_t kChunkBytes = 64 * 1024;
    std::vector<std::shared_ptr<std::string>> chunks_;
    std::size_t head_ = 0; // bytes at the front of chunks_[0] that are acknowledged
    std::size_t size_ = 0; // bytes from head_ on
};

class TcpEndpoint {
public:
    TcpEndpoint(const TcpParams& params, Endpoint4 local, Endpoint4 remote = {});

    // A new connection for a SYN that reached this listener: a copy of its LISTEN state with the remote end
    // filled in (RFC 9293 §3.10.7.2: the listening TCB is "cloned" for the arriving SYN).
    TcpEndpoint spawnForSyn(Endpoint4 remote) const {
        TcpEndpoint child = *this;
        child.remote_ = remote;
        return child;
    }

    // A connection created from a valid SYN cookie (tcp-transitions.md LI-7): a copy of the listener (see
    // spawnForSyn) that goes from LISTEN straight to ESTABLISHED on the handshake's final ACK. The cookie
    // carried only the peer's MSS (rounded down to kSynCookieMss); ISS = SEG.ACK − 1, IRS = SEG.SEQ − 1. Data
    // or a FIN on the same segment is then processed as in ESTABLISHED.
    void openFromCookie(Instant now, const TcpSegment& ack, std::uint16_t peerMss, TcpOutput& out);

    // ---- User calls (RFC 9293 §3.10.1–3.10.5) ----
    void openPassive(Instant now, TcpOutput& out);
    void openActive(Instant now, SeqNum iss, TcpOutput& out);
    void send(Instant now, std::string_view data, TcpOutput& out);
    // The application reads up to maxBytes of received data (only matters when autoRead is off).
    std::size_t receive(Instant now, std::size_t maxBytes, TcpOutput& out);
    // CLOSE: no more data will be sent; the application will not read any more (Linux "orphan").
    void close(Instant now, TcpOutput& out);
    // shutdown(SHUT_WR): a half-close; the application still reads.
    void shutdownSend(Instant now, TcpOutput& out);
    void abort(Instant now, TcpOutput& out);

    // The IP layer learned a smaller path MTU towards the peer (RFC 1191 §6.3, an ICMP "fragmentation
    // needed"): segments are cut to `mss` bytes from now on and, as Linux does (tcp_simple_retransmit),
    // what is in flight is sent again at once at the new size. The MSS option advertised does not change.
    void pathMtuChanged(Instant now, std::uint16_t mss, TcpOutput& out);

    // ---- Arrivals and timers ----
    // A segment for this connection. For an endpoint in LISTEN, `from` is the remote endpoint of the SYN and
    // `iss` the ISS to use if it answers with SYN,ACK.
    void segmentArrives(Instant now, const TcpSegment& seg, TcpOutput& out, SeqNum issIfListen = SeqNum{});
    // The timer of this kind has reached its deadline (the caller checks timerDeadline(kind) == now).
    void timerFires(Instant now, TimerKind kind, TcpOutput& out);

    // ---- Observers ----
    TcpState state() const { return state_; }
    Endpoint4 local() const { return local_; }
    Endpoint4 remote() const { return remote_; }
    const TcpParams& params() const { return params_; }
    std::optional<Instant> timerDeadline(TimerKind k) const { return timers_[static_cast<std::size_t>(k)]; }
    std::optional<Instant> nextDeadline() const;
    bool passive() const { return passive_; }

    SeqNum iss() const { return iss_; }
    SeqNum irs() const { return irs_; }
    SeqNum sndUna() const { return sndUna_; }
    SeqNum sndNxt() const { return sndNxt_; }
    std::uint32_t sndWnd() const { return sndWnd_; }
    SeqNum sndWl1() const { return sndWl1_; }
    SeqNum sndWl2() const { return sndWl2_; }
    SeqNum rcvNxt() const { return rcvNxt_; }
    std::uint32_t rcvWnd() const;
    std::uint16_t effSndMss() const { return effSndMss_; }
    const RttEstimator& rtt() const { return rtt_; }
    Duration currentRto() const { return rtt_.current(params_); }
    int retransmissions() const { return retries_; }
    // Bytes the application has written and TCP has not yet seen acknowledged (includes unsent ones).
    std::size_t sendQueueBytes() const { return sendBuf_.size(); }
    // Bytes received in order and not yet read by the application.
    std::size_t recvQueueBytes() const { return rcvBuf_.size(); }
    std::size_t outOfOrderSegments() const { return outOfOrder_.size(); }
    std::uint64_t bytesDelivered() const { return bytesDelivered_; }
    // Bytes the application wrote that TCP accepted for sending (a refused SEND adds nothing).
    std::uint64_t bytesAccepted() const { return bytesAccepted_; }
    bool finSent() const { return finSent_; }
    bool finQueued() const { return finQueued_; }
    bool finReceived() const { return finReceived_; }
    bool orphaned() const { return orphaned_; }

    bool operator==(const TcpEndpoint&) const = default;

private:
    // The only writer of state_: checks that (state_, next) is the row `ruleId` of the transition table.
    void setState(TcpState next, std::string_view ruleId, TcpOutput& out);

    void arm(TimerKind k, Instant deadline, TcpOutput& out);
    void cancel(TimerKind k, TcpOutput& out);
    void cancelAll(TcpOutput& out);
    void note(TcpOutput& out, Notice::Kind kind, std::string text, std::string_view rfc = {});
    void deliver(TcpOutput& out, ByteSlice data, std::string_view rfc); // a DataDelivered notice
    void enterClosed(std::string_view ruleId, TcpOutput& out);

    // Segment construction.
    TcpSegment makeSegment(SeqNum seq, std::uint8_t flags);
    void emitSegment(TcpSegment seg, bool retransmission, TcpOutput& out);
    void sendAckNow(TcpOutput& out);
    bool rateLimited(Instant now, const TcpSegment& trigger);
    void sendSyn(Instant now, bool retransmission, TcpOutput& out);
    void sendSynAck(Instant now, bool retransmission, TcpOutput& out);
    void sendReset(const TcpSegment& in, TcpOutput& out); // RFC 9293 §3.5.2 for a refused segment
    void sendRstForAbort(TcpOutput& out);
    // Sends as much queued data (and the FIN, once everything before it is sent) as the window allows.
    void pushData(Instant now, TcpOutput& out);
    // Retransmits the earliest unacknowledged segment.
    void retransmitFirst(Instant now, TcpOutput& out);
    void armRetransmission(Instant now, TcpOutput& out);

    // Segment arrival, per state (RFC 9293 §3.10.7.2, .3, .4).
    void arriveListen(Instant now, const TcpSegment& seg, SeqNum iss, TcpOutput& out);
    void arriveSynSent(Instant now, const TcpSegment& seg, TcpOutput& out);
    void arriveOther(Instant now, const TcpSegment& seg, TcpOutput& out);
    bool acceptable(const TcpSegment& seg) const; // §3.10.7.4 first, Table 6
    bool ackUnacceptable(Instant now, const TcpSegment& seg, TcpOutput& out, std::string_view why);
    void processAck(Instant now, const TcpSegment& seg, TcpOutput& out, bool& drop);
    void acceptData(Instant now, const TcpSegment& seg, TcpOutput& out);
    void deliverInOrder(TcpOutput& out);
    void processFin(Instant now, TcpOutput& out);
    void ackReceivedData(Instant now, bool immediate, TcpOutput& out);
    void updateWindow(const TcpSegment& seg);
    void setPeerMss(const TcpSegment& seg);
    void restartKeepalive(Instant now, TcpOutput& out);
    std::uint64_t streamOffset(SeqNum s) const; // receive-side stream offset of a sequence number
    std::size_t unsentBytes() const;
    void sendProbe(Instant now, TcpOutput& out);
    void giveUp(std::string_view ruleId, std::string reason, TcpOutput& out);
    void afterWindowChange(Instant now, TcpOutput& out);

    TcpParams params_;
    Endpoint4 local_;
    Endpoint4 remote_;
    TcpState state_ = TcpState::Closed;
    bool passive_ = false; // reached SYN-RECEIVED from LISTEN (MUST-11)

    // Send sequence variables (RFC 9293 §3.3.1).
    SeqNum iss_;
    SeqNum sndUna_;
    SeqNum sndNxt_;
    std::uint32_t sndWnd_ = 0;
    std::uint32_t maxSndWnd_ = 0;
    SeqNum sndWl1_;
    SeqNum sndWl2_;
    // Receive sequence variables.
    SeqNum irs_;
    SeqNum rcvNxt_;
    std::uint32_t rcvWndAdvertised_ = 0; // what the last segment we sent advertised
    std::uint64_t rcvNxtOffset_ = 0;     // data octets received in order: the stream offset of RCV.NXT

    std::uint16_t effSndMss_ = 536;
    RttEstimator rtt_;
    std::optional<std::pair<SeqNum, Instant>>
        rttTiming_;   // a segment being timed (Karn: none while retransmitting)
    int retries_ = 0; // retransmissions since the last forward progress
    bool synRetransmitted_ = false;
    bool synAcked_ = false;              // SND.UNA has moved past ISS
    std::optional<SeqNum> recoverUntil_; // after a timeout: retransmit up to here as ACKs arrive

    // The send buffer holds the application's bytes from SND.UNA's data onward.
    SendBuffer sendBuf_;
    std::uint64_t bytesAccepted_ = 0;
    bool finQueued_ = false; // CLOSE or shutdown called: send FIN after the data
    bool finSent_ = false;
    SeqNum finSeq_;
    bool orphaned_ = false;

    // Receive side.
    std::string rcvBuf_;                            // in order, not yet read by the application
    std::map<std::uint64_t, ByteSlice> outOfOrder_; // the segments' payloads, shared, not copied
    std::optional<std::uint64_t> outOfOrderFin_;    // stream offset of a FIN that arrived ahead of a gap
    bool finReceived_ = false;
    std::uint64_t bytesDelivered_ = 0;
    int unackedSegments_ = 0; // in-order segments received since our last ACK (delayed ACK)

    // Zero-window persist and keep-alive.
    int persistBackoff_ = 0;
    int keepaliveProbesSent_ = 0;
    Instant lastInvalidAck_ = kNever;

    std::array<std::optional<Instant>, kTimerKindCount> timers_{};
};

} // namespace tcplab
