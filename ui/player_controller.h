// The player's controller: it owns the lesson's Simulation, runs it to its end once when the lesson is loaded
// (keeping the whole trace for the views and a snapshot every few steps), and moves a cursor over the trace's
// events. The views observe it and command it; none of them computes protocol logic (docs/gui.md).
//
// startLoad() runs the lesson on a worker thread: the Simulation is a value without Qt, so the worker owns
// it (and everything built from it) until the run has ended, then hands the finished run back to the UI
// thread in a queued call. Nothing mutable is shared but the job's atomics (progress and the cancel flag).
// Until then the previous lesson stays loaded and usable; a cancelled or failed load leaves it in place.
//
// Stepping back is restore-and-replay: the live simulation goes back to the nearest snapshot at or before the
// target and replays the few steps after it, never the run from zero. At most kMaxSnapshots snapshots are
// kept: when there would be more, every other one is dropped and the interval doubles, so memory stays
// bounded and a jump anywhere replays at most one interval of steps. The same happens when the snapshots'
// estimated size passes kSnapshotBudgetBytes.
#pragma once

#include <QObject>
#include <QString>
#include <QTimer>

class QThread;

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "io/ladder.h"
#include "scenario/scenario.h"
#include "sim/simulation.h"
#include "sim/trace.h"
#include "tcp/state.h"

namespace tcplab::ui {

// What the views need to draw a trace quickly, computed once per lesson.
struct TraceIndex {
    // Per segment (index of Trace::segments): the rows (event indices) of its sending and of its arrival or
    // drop; end = -1 while it is still in flight at the end of the run.
    struct SegmentSpan {
        int sendRow = -1;
        int endRow = -1;
        bool dropped = false;
    };
    std::vector<SegmentSpan> segments;
    int maxSegmentSpanRows = 0; // the longest endRow - sendRow, to find the arrows crossing a range

    // The same per IP-layer datagram (index of Trace::datagrams): one hop of a datagram, fragment, ICMP
    // message or ARP frame, from its datagram-sent row to its datagram-arrived or datagram-dropped row.
    std::vector<SegmentSpan> datagrams;
    int maxDatagramSpanRows = 0;

    // The ladder's lanes (io/ladder.h laneOrder()): lanes[k] is the host in lane k, laneOf[host] its lane.
    std::vector<int> lanes;
    std::vector<int> laneOf;

    // A timer from its arming to its firing or cancelling (or the end of the run: endRow = -1).
    struct TimerSpan {
        std::uint16_t host = 0;
        std::uint32_t conn = kNone;
        TimerKind kind = TimerKind::Retransmission;
        int startRow = 0;
        int endRow = -1;
        Instant deadline;
        bool fired = false;
    };
    std::vector<TimerSpan> timers; // by startRow
    int maxTimerSpanRows = 0;

    // Per host: the rows where the state shown on its lifeline changes, and the state from there on. The
    // host's state is that of its newest connection that is not CLOSED (a listener counts when nothing else
    // is open).
    struct HostState {
        int row;
        TcpState state;
    };
    std::vector<std::vector<HostState>> hostStates;

    // Per trace connection: its state changes (row, to).
    std::vector<std::vector<HostState>> connStates;
    std::vector<int> stateChangeRows; // every StateChange event's row

    // The two ends of each connection: for a connection, the connection of the peer with the mirrored 4-tuple
    // (kNone if the peer never had one), and for the passive side the listener it came from.
    std::vector<std::uint32_t> peer;

    void build(const Trace& trace);
    TcpState hostStateAt(std::uint16_t host, int row) const;
    TcpState connStateAt(std::uint32_t conn, int row) const;
    // The row of the latest state change of `conn` at or before `row`, or -1.
    int lastChangeRow(std::uint32_t conn, int row) const;
};

// One side of a followed conversation: a host, its connection and, for the passive side, the listener it came
// from (whose LISTEN is shown until the connection exists).
struct FollowedEnd {
    std::uint16_t host = 0;
    std::uint32_t conn = kNone;
    std::uint32_t listener = kNone;
};

// A conversation between two hosts, as the state diagram and the TCB panel follow it.
struct Conversation {
    FollowedEnd ends[2];
    int endCount = 0;
};

class PlayerController : public QObject {
    Q_OBJECT
public:
    // A snapshot shares the send buffers' chunks with the run, so what it costs is mostly the segments in
    // flight (a bulk transfer's: about 300 KB). Many snapshots keep the replay behind a jump short (at most
    // an interval of steps: 256 in the 110,000-segment benchmark), within a memory budget.
    static constexpr int kMaxSnapshots = 2048;
    static constexpr std::size_t kSnapshotBudgetBytes = 128u << 20;

    explicit PlayerController(QObject* parent = nullptr);
    // Cancels a running load and waits for its worker.
    ~PlayerController() override;

    // Runs the scenario to its end on the calling thread (it must have passed checkScenario()). Throws what
    // the simulation throws; on success the cursor is at the start (-1) and lessonLoaded() is emitted.
    void load(Scenario scenario);
    // The same on a worker thread: returns at once, then lessonLoaded(), loadFailed() or loadCancelled()
    // follows (emitted from the event loop, never from inside this call). A load still running is
    // cancelled first (without a signal of its own).
    void startLoad(Scenario scenario);
    // The same lesson, edited (ui/scenario_commands.h): like startLoad(), but once the run has ended the
    // cursor stays at its step and departureRow() tells where the new run departs from the old one.
    void startRerun(Scenario scenario);
    // The first event of the run that differs from the run before the last edit; -1 when none does or the
    // lesson was not re-run.
    int departureRow() const { return departureRow_; }
    // Asks the running load to stop after its current step; loadCancelled() follows.
    void cancelLoad();
    bool isLoading() const { return job_ != nullptr; }
    // How far the running load has got: events processed and simulated time, against the scenario's limits.
    struct LoadProgress {
        std::uint64_t events = 0;
        std::uint64_t maxEvents = 0;
        Instant now;
        Duration duration{0};
        double fraction() const; // the larger of the two, 0 to 1
    };
    LoadProgress loadProgress() const;
    bool hasLesson() const { return scenario_.has_value(); }
    const Scenario& scenario() const { return *scenario_; }
    const Trace& trace() const { return trace_; }
    const TraceIndex& index() const { return index_; }
    // Wireshark's relative-number bases of every segment (io/ladder.h).
    const std::vector<RelativeBases>& relativeBases() const { return bases_; }
    const std::vector<Conversation>& conversations() const { return conversations_; }

    // -1: before the first event; otherwise the index of the event that has just happened.
    int cursor() const { return cursor_; }
    int eventCount() const { return static_cast<int>(trace_.events.size()); }
    std::optional<TraceEvent> currentEvent() const;

    // The simulation just after the cursor's event (after the whole step that produced it). Its TCBs are what
    // the inspectors show.
    const Simulation& simulationAtCursor() { return simulationAt(cursor_); }
    // The same just after event `row` (-1: before the first one).
    const Simulation& simulationAt(int row);
    // The first event recorded by the simulation step that recorded event `row` (a step handles one queued
    // event and may record several): the TCBs change between stepFirstRow(row) - 1 and row.
    int stepFirstRow(int row) const;
    // Steps the live simulation executed in the last repositioning (for the benchmark and the tests).
    int lastReplaySteps() const { return lastReplaySteps_; }
    int snapshotCount() const { return static_cast<int>(snapshots_.size()); }
    int snapshotInterval() const { return snapshotInterval_; }

    // The segment the inspector shows: the current event's, or one picked on the ladder.
    std::uint32_t selectedSegment() const { return selectedSegment_; }
    void selectSegment(std::uint32_t segment);
    // With the IP layer: the datagram (one hop of it: a fragment, an ICMP message, an ARP frame) the
    // inspector shows instead, kNone when a segment is shown. Selecting one selects the segment it carries.
    std::uint32_t selectedDatagram() const { return selectedDatagram_; }
    void selectDatagram(std::uint32_t datagram);

    // The conversation the state diagram and the TCB panel follow (index into conversations()).
    int followed() const { return followed_; }
    void setFollowed(int conversation);

    bool isPlaying() const { return timer_.isActive(); }
    // Events per second while playing.
    double speed() const { return speed_; }
    // Quiz mode (ui/quiz.h): moving the cursor forward first asks `gate` how far it may go from the cursor
    // towards `to`; it returns the row to stop at. Unset: anywhere.
    void setForwardGate(std::function<int(int from, int to)> gate) { gate_ = std::move(gate); }

public Q_SLOTS:
    void setCursor(int row);
    void stepForward();
    void stepBack();
    void toStart();
    void toEnd();
    // To the next (previous) state change of any connection.
    void nextStateChange();
    void previousStateChange();
    void play();
    void pause();
    void togglePlay();
    void setSpeed(double eventsPerSecond);

Q_SIGNALS:
    void lessonLoaded();
    void loadStarted();
    void loadFailed(const QString& message);
    void loadCancelled();
    void cursorChanged(int cursor, int previous);
    void selectedSegmentChanged(std::uint32_t segment);
    void selectedDatagramChanged(std::uint32_t datagram);
    void followedChanged(int conversation);
    void playingChanged(bool playing);

private:
    struct Job;
    struct Run;
    // Runs `scenario` to its end with the player's snapshots and builds the views' index: what load() and
    // the worker do. Returns nullptr when `job` is cancelled.
    static std::unique_ptr<Run> runLesson(Scenario scenario, Job* job);
    void install(std::unique_ptr<Run> run, bool rerun);
    void finishJob(const std::shared_ptr<Job>& job, std::shared_ptr<Run> run, const QString& error);
    // Positions one of the live simulations just after event `row`; returns which.
    int syncLive(int row);
    void buildConversations();

    std::shared_ptr<Job> job_;      // the running load, if any
    std::vector<QThread*> workers_; // running worker threads (a superseded one may still be running)

    std::optional<Scenario> scenario_;
    Trace trace_;
    TraceIndex index_;
    std::vector<RelativeBases> bases_;
    std::vector<Conversation> conversations_;
    // Two live simulations: the inspectors read two nearby moments per step (before and after the cursor's
    // step), and each can then move forward by a step or two instead of restoring and replaying.
    std::unique_ptr<Simulation> live_[2];
    // The run at its end, whole trace included: what a live instance starts again from when its trace has
    // been cut back further than the snapshot it is to restore (syncLive()).
    std::unique_ptr<const Simulation> finished_;
    std::size_t liveSteps_[2] = {0, 0};
    bool liveValid_[2] = {false, false};
    int liveUsed_ = 0;                  // the instance returned last
    std::vector<std::size_t> stepEnds_; // events recorded after k steps (stepEnds_[0]: before any step)
    std::vector<Simulation::Snapshot> snapshots_; // snapshots_[j]: after j * snapshotInterval_ steps
    int snapshotInterval_ = 64;
    int lastReplaySteps_ = 0;
    int cursor_ = -1;
    int departureRow_ = -1;
    std::function<int(int, int)> gate_;
    std::uint32_t selectedSegment_ = kNone;
    std::uint32_t selectedDatagram_ = kNone;
    int followed_ = 0;
    QTimer timer_;
    double speed_ = 4.0;
};

} // namespace tcplab::ui
