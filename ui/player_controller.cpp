#include "player_controller.h"

#include <QThread>

#include <algorithm>
#include <atomic>
#include <exception>
#include <map>
#include <utility>

#include "what_if.h"

namespace tcplab::ui {

namespace {

// What a snapshot costs, roughly: the segments in flight and the received bytes of every TCB dominate (a
// send queue's chunks are shared with the live run, not copied).
std::size_t snapshotBytes(const World& w) {
    std::size_t bytes = 16 * 1024 + w.queue.size() * 1600;
    for (const Host& h : w.hosts)
        for (const auto& [id, c] : h.connections)
            bytes += 2048 + c.tcb.recvQueueBytes();
    return bytes;
}

bool isSegmentEnd(TraceKind k) {
    return k == TraceKind::SegmentDelivered || k == TraceKind::SegmentDropped;
}

// The IP-layer events whose value names a datagram (trace.h): the inspector shows that datagram at them.
bool namesDatagram(TraceKind k) {
    switch (k) {
    case TraceKind::DatagramSent:
    case TraceKind::DatagramArrived:
    case TraceKind::DatagramDropped:
    case TraceKind::FragmentStored:
    case TraceKind::FragmentDiscarded:
    case TraceKind::DatagramReassembled:
    case TraceKind::IcmpReceived:
        return true;
    default:
        return false;
    }
}

} // namespace

// ---- TraceIndex ----

void TraceIndex::build(const Trace& trace) {
    segments.assign(trace.segments.size(), {});
    maxSegmentSpanRows = 0;
    timers.clear();
    maxTimerSpanRows = 0;
    hostStates.assign(trace.hostNames.size(), {});
    datagrams.assign(trace.datagrams.size(), {});
    maxDatagramSpanRows = 0;
    lanes = laneOrder(trace);
    laneOf.assign(std::max<std::size_t>(1, trace.hostNames.size()), 0);
    for (std::size_t k = 0; k < lanes.size(); ++k)
        if (static_cast<std::size_t>(lanes[k]) < laneOf.size())
            laneOf[static_cast<std::size_t>(lanes[k])] = static_cast<int>(k);
    connStates.assign(trace.connections.size(), {});
    stateChangeRows.clear();

    // Open timers by (connection, kind): their index in `timers`.
    std::map<std::pair<std::uint32_t, int>, std::size_t> open;
    // Per host: the live connections and their states, newest last.
    std::vector<std::map<std::uint32_t, TcpState>> live(trace.hostNames.size());
    auto shownState = [&](std::uint16_t host) {
        const auto& m = live[host];
        std::optional<TcpState> listener;
        for (auto it = m.rbegin(); it != m.rend(); ++it) {
            if (it->second == TcpState::Closed)
                continue;
            if (trace.connections[it->first].listener) {
                if (!listener)
                    listener = it->second;
                continue;
            }
            return it->second;
        }
        return listener.value_or(TcpState::Closed);
    };

    for (std::size_t i = 0; i < trace.events.size(); ++i) {
        const TraceEvent& ev = trace.events[i];
        const int row = static_cast<int>(i);
        if (ev.kind == TraceKind::DatagramSent && ev.value() < datagrams.size()) {
            datagrams[ev.value()].sendRow = row;
        } else if ((ev.kind == TraceKind::DatagramArrived || ev.kind == TraceKind::DatagramDropped) &&
                   ev.value() < datagrams.size()) {
            SegmentSpan& d = datagrams[ev.value()];
            if (d.endRow < 0 && d.sendRow >= 0) {
                d.endRow = row;
                d.dropped = ev.kind == TraceKind::DatagramDropped;
                maxDatagramSpanRows = std::max(maxDatagramSpanRows, d.endRow - d.sendRow);
            }
        } else if (ev.kind == TraceKind::SegmentSent && ev.segment < segments.size()) {
            segments[ev.segment].sendRow = row;
        } else if (isSegmentEnd(ev.kind) && ev.segment < segments.size()) {
            SegmentSpan& s = segments[ev.segment];
            if (s.endRow < 0) {
                s.endRow = row;
                s.dropped = ev.kind == TraceKind::SegmentDropped;
                if (s.sendRow < 0) // a network duplicate: it starts where its original was sent
                    s.sendRow = row;
                maxSegmentSpanRows = std::max(maxSegmentSpanRows, s.endRow - s.sendRow);
            }
        } else if (ev.kind == TraceKind::SegmentDuplicated && ev.segment < segments.size()) {
            const std::uint32_t orig = static_cast<std::uint32_t>(ev.value());
            segments[ev.segment].sendRow =
                orig < segments.size() && segments[orig].sendRow >= 0 ? segments[orig].sendRow : row;
        } else if (ev.kind == TraceKind::TimerArmed) {
            const auto key = std::make_pair(ev.conn, static_cast<int>(ev.timer));
            if (auto it = open.find(key); it != open.end()) {
                timers[it->second].endRow = row;
                open.erase(it);
            }
            open[key] = timers.size();
            timers.push_back({ev.host, ev.conn, ev.timer, row, -1, ev.deadline(), false});
        } else if (ev.kind == TraceKind::TimerCancelled || ev.kind == TraceKind::TimerFired) {
            const auto key = std::make_pair(ev.conn, static_cast<int>(ev.timer));
            if (auto it = open.find(key); it != open.end()) {
                TimerSpan& t = timers[it->second];
                t.endRow = row;
                t.fired = ev.kind == TraceKind::TimerFired;
                maxTimerSpanRows = std::max(maxTimerSpanRows, t.endRow - t.startRow);
                open.erase(it);
            }
        } else if (ev.kind == TraceKind::StateChange) {
            stateChangeRows.push_back(row);
            if (ev.conn < connStates.size())
                connStates[ev.conn].push_back({row, ev.to});
            const std::uint16_t host =
                ev.conn < trace.connections.size() ? trace.connections[ev.conn].host : ev.host;
            if (host < live.size()) {
                live[host][ev.conn] = ev.to;
                const TcpState shown = shownState(host);
                if (hostStates[host].empty() || hostStates[host].back().state != shown)
                    hostStates[host].push_back({row, shown});
            }
        }
    }
    const int lastRow = static_cast<int>(trace.events.size()) - 1;
    for (SegmentSpan& s : segments)
        if (s.endRow < 0 && s.sendRow >= 0)
            maxSegmentSpanRows = std::max(maxSegmentSpanRows, lastRow - s.sendRow);
    for (SegmentSpan& d : datagrams)
        if (d.endRow < 0 && d.sendRow >= 0)
            maxDatagramSpanRows = std::max(maxDatagramSpanRows, lastRow - d.sendRow);
    for (TimerSpan& t : timers)
        if (t.endRow < 0)
            maxTimerSpanRows = std::max(maxTimerSpanRows, lastRow - t.startRow);

    // The peers: the connection with the mirrored 4-tuple, first come first matched.
    peer.assign(trace.connections.size(), kNone);
    for (std::size_t a = 0; a < trace.connections.size(); ++a) {
        const ConnectionRecord& ca = trace.connections[a];
        if (ca.listener || peer[a] != kNone)
            continue;
        for (std::size_t b = a + 1; b < trace.connections.size(); ++b) {
            const ConnectionRecord& cb = trace.connections[b];
            if (cb.listener || peer[b] != kNone)
                continue;
            if (cb.local == ca.remote && cb.remote == ca.local) {
                peer[a] = static_cast<std::uint32_t>(b);
                peer[b] = static_cast<std::uint32_t>(a);
                break;
            }
        }
    }
}

namespace {

template <typename V> const typename V::value_type* lastAtOrBefore(const V& v, int row) {
    auto it = std::upper_bound(v.begin(), v.end(), row, [](int r, const auto& e) { return r < e.row; });
    return it == v.begin() ? nullptr : &*(it - 1);
}

} // namespace

TcpState TraceIndex::hostStateAt(std::uint16_t host, int row) const {
    if (host >= hostStates.size())
        return TcpState::Closed;
    const HostState* s = lastAtOrBefore(hostStates[host], row);
    return s ? s->state : TcpState::Closed;
}

TcpState TraceIndex::connStateAt(std::uint32_t conn, int row) const {
    if (conn >= connStates.size())
        return TcpState::Closed;
    const HostState* s = lastAtOrBefore(connStates[conn], row);
    return s ? s->state : TcpState::Closed;
}

int TraceIndex::lastChangeRow(std::uint32_t conn, int row) const {
    if (conn >= connStates.size())
        return -1;
    const HostState* s = lastAtOrBefore(connStates[conn], row);
    return s ? s->row : -1;
}

// ---- PlayerController ----

// A load on a worker: the cancel flag and the progress are the only state both threads touch.
struct PlayerController::Job {
    std::atomic<bool> cancel{false};
    std::atomic<std::uint64_t> events{0};
    std::atomic<std::int64_t> nowNs{0};
    std::uint64_t maxEvents = 0;
    Duration duration{0};
    bool rerun = false; // the same lesson edited: keep the cursor, find where the run departs
};

// A lesson run to its end, with everything the views need: built by runLesson() (on any thread), then
// moved into the controller by install() on the UI thread.
struct PlayerController::Run {
    Scenario scenario;
    std::unique_ptr<Simulation> live[2];
    std::unique_ptr<const Simulation> finished;
    Trace trace;
    TraceIndex index;
    std::vector<RelativeBases> bases;
    std::vector<std::size_t> stepEnds;
    std::vector<Simulation::Snapshot> snapshots;
    int interval = 64;
};

PlayerController::PlayerController(QObject* parent) : QObject(parent) {
    connect(&timer_, &QTimer::timeout, this, [this] {
        if (cursor_ >= eventCount() - 1) {
            pause();
            return;
        }
        stepForward();
    });
}

PlayerController::~PlayerController() {
    if (job_)
        job_->cancel = true;
    // A superseded worker may still be running too; each stops at its next check of its cancel flag.
    for (QThread* w : workers_) {
        w->wait();
        delete w;
    }
}

double PlayerController::LoadProgress::fraction() const {
    double f = maxEvents > 0 ? static_cast<double>(events) / static_cast<double>(maxEvents) : 0.0;
    if (duration.count() > 0)
        f = std::max(f, static_cast<double>(toNanos(now)) / static_cast<double>(duration.count()));
    return std::clamp(f, 0.0, 1.0);
}

PlayerController::LoadProgress PlayerController::loadProgress() const {
    LoadProgress p;
    if (!job_)
        return p;
    p.events = job_->events.load(std::memory_order_relaxed);
    p.maxEvents = job_->maxEvents;
    p.now = kTimeZero + Duration{job_->nowNs.load(std::memory_order_relaxed)};
    p.duration = job_->duration;
    return p;
}

std::unique_ptr<PlayerController::Run> PlayerController::runLesson(Scenario scenario, Job* job) {
    auto run = std::make_unique<Run>();
    auto sim = std::make_unique<Simulation>(scenario);
    std::vector<std::size_t>& ends = run->stepEnds;
    std::vector<Simulation::Snapshot>& snaps = run->snapshots;
    std::vector<std::size_t> sizes;
    std::size_t total = 0;
    int interval = 64;
    ends.push_back(sim->trace().events.size());
    snaps.push_back(sim->snapshot());
    sizes.push_back(snapshotBytes(sim->world()));
    total = sizes.back();
    for (std::size_t steps = 1;; ++steps) {
        const bool more = sim->step();
        ends.push_back(sim->trace().events.size());
        if (!more)
            break;
        if (job && steps % 256 == 0) {
            if (job->cancel.load(std::memory_order_relaxed))
                return nullptr;
            job->events.store(sim->world().eventsProcessed, std::memory_order_relaxed);
            job->nowNs.store(toNanos(sim->now()), std::memory_order_relaxed);
        }
        if (steps % static_cast<std::size_t>(interval) == 0) {
            const std::size_t size = snapshotBytes(sim->world());
            while (static_cast<int>(snaps.size()) >= kMaxSnapshots || total + size > kSnapshotBudgetBytes) {
                // Keep every other one: the interval doubles.
                std::vector<Simulation::Snapshot> kept;
                std::vector<std::size_t> keptSizes;
                kept.reserve(snaps.size() / 2 + 1);
                total = 0;
                for (std::size_t j = 0; j < snaps.size(); j += 2) {
                    kept.push_back(std::move(snaps[j]));
                    keptSizes.push_back(sizes[j]);
                    total += sizes[j];
                }
                snaps = std::move(kept);
                sizes = std::move(keptSizes);
                interval *= 2;
                if (snaps.size() <= 1)
                    break;
            }
            if (steps % static_cast<std::size_t>(interval) == 0) {
                snaps.push_back(sim->snapshot());
                sizes.push_back(size);
                total += size;
            }
        }
    }
    if (job && job->cancel.load(std::memory_order_relaxed))
        return nullptr;
    run->interval = interval;
    run->trace = sim->trace();
    run->index.build(run->trace);
    run->bases = wiresharkRelativeBases(run->trace);
    run->live[1] = std::make_unique<Simulation>(*sim);
    run->live[0] = std::make_unique<Simulation>(*sim);
    run->finished = std::move(sim);
    run->scenario = std::move(scenario);
    return run;
}

void PlayerController::load(Scenario scenario) {
    install(runLesson(std::move(scenario), nullptr), false);
}

void PlayerController::startRerun(Scenario scenario) {
    startLoad(std::move(scenario));
    job_->rerun = true;
}

void PlayerController::startLoad(Scenario scenario) {
    if (job_)
        job_->cancel = true; // superseded: its result is dropped, no signal
    auto job = std::make_shared<Job>();
    job->maxEvents = scenario.maxEvents;
    job->duration = scenario.duration;
    job_ = job;
    QThread* worker = QThread::create([this, job, scenario = std::move(scenario)]() mutable {
        std::shared_ptr<Run> run;
        QString error;
        try {
            run = runLesson(std::move(scenario), job.get());
        } catch (const std::exception& e) {
            error = QString::fromUtf8(e.what());
        }
        // Back on the UI thread; dropped if the controller is gone by then.
        QMetaObject::invokeMethod(
            this, [this, job, run = std::move(run), error] { finishJob(job, run, error); },
            Qt::QueuedConnection);
    });
    worker->setObjectName(QStringLiteral("lessonLoader"));
    workers_.push_back(worker);
    connect(worker, &QThread::finished, this, [this, worker] {
        workers_.erase(std::remove(workers_.begin(), workers_.end(), worker), workers_.end());
        worker->deleteLater();
    });
    worker->start(QThread::LowPriority);
    Q_EMIT loadStarted();
}

void PlayerController::cancelLoad() {
    if (job_)
        job_->cancel = true;
}

void PlayerController::finishJob(const std::shared_ptr<Job>& job, std::shared_ptr<Run> run,
                                 const QString& error) {
    if (job != job_)
        return; // superseded by a later load
    job_.reset();
    if (!error.isEmpty()) {
        Q_EMIT loadFailed(error);
        return;
    }
    if (!run || job->cancel) {
        Q_EMIT loadCancelled();
        return;
    }
    // The Run is ours alone now: the worker let go of it when it queued this call.
    install(std::make_unique<Run>(std::move(*run)), job->rerun && scenario_.has_value());
}

void PlayerController::install(std::unique_ptr<Run> run, bool rerun) {
    pause();
    const int oldCursor = cursor_;
    const int oldFollowed = followed_;
    departureRow_ = rerun ? firstDifferingEvent(trace_, run->trace) : -1;
    scenario_ = std::move(run->scenario);
    trace_ = std::move(run->trace);
    index_ = std::move(run->index);
    bases_ = std::move(run->bases);
    stepEnds_ = std::move(run->stepEnds);
    snapshots_ = std::move(run->snapshots);
    snapshotInterval_ = run->interval;
    live_[0] = std::move(run->live[0]);
    live_[1] = std::move(run->live[1]);
    finished_ = std::move(run->finished);
    liveSteps_[0] = liveSteps_[1] = stepEnds_.size() - 1;
    liveValid_[0] = liveValid_[1] = true;
    buildConversations();
    followed_ = rerun && oldFollowed < static_cast<int>(conversations_.size()) ? oldFollowed : 0;
    cursor_ = -1;
    selectedSegment_ = kNone;
    selectedDatagram_ = kNone;
    Q_EMIT lessonLoaded();
    Q_EMIT cursorChanged(cursor_, cursor_);
    // The edited lesson's run is shown at the step the old one was at.
    // (Back to a step already shown: a quiz's forward gate has nothing to ask about it.)
    if (rerun && oldCursor >= 0) {
        const auto gate = std::exchange(gate_, nullptr);
        setCursor(std::min(oldCursor, eventCount() - 1));
        gate_ = gate;
    }
}

void PlayerController::buildConversations() {
    conversations_.clear();
    auto listenerFor = [this](std::uint16_t host, std::uint16_t port) {
        for (std::size_t c = 0; c < trace_.connections.size(); ++c)
            if (trace_.connections[c].listener && trace_.connections[c].host == host &&
                trace_.connections[c].local.port == port)
                return static_cast<std::uint32_t>(c);
        return kNone;
    };
    auto hostOf = [this](std::uint32_t addr) -> std::optional<std::uint16_t> {
        for (std::size_t h = 0; h < trace_.hostAddrs.size(); ++h)
            if (trace_.hostAddrs[h] == addr)
                return static_cast<std::uint16_t>(h);
        return std::nullopt;
    };
    for (std::size_t c = 0; c < trace_.connections.size(); ++c) {
        const ConnectionRecord& rec = trace_.connections[c];
        const std::uint32_t p = index_.peer[c];
        if (rec.listener || (p != kNone && p < c))
            continue;
        Conversation conv;
        conv.ends[0] = {rec.host, static_cast<std::uint32_t>(c), kNone};
        conv.endCount = 1;
        if (p != kNone) {
            const ConnectionRecord& pr = trace_.connections[p];
            conv.ends[1] = {pr.host, p, listenerFor(pr.host, pr.local.port)};
            conv.endCount = 2;
        } else if (auto h = hostOf(rec.remote.addr)) {
            conv.ends[1] = {*h, kNone, listenerFor(*h, rec.remote.port)};
            conv.endCount = 2;
        }
        conversations_.push_back(conv);
    }
    // A lesson with only a listener: follow it alone.
    if (conversations_.empty()) {
        for (std::size_t c = 0; c < trace_.connections.size(); ++c) {
            Conversation conv;
            conv.ends[0] = {trace_.connections[c].host, static_cast<std::uint32_t>(c), kNone};
            conv.endCount = 1;
            conversations_.push_back(conv);
        }
    }
}

std::optional<TraceEvent> PlayerController::currentEvent() const {
    if (cursor_ < 0 || cursor_ >= eventCount())
        return std::nullopt;
    return trace_.events[static_cast<std::size_t>(cursor_)];
}

int PlayerController::syncLive(int row) {
    // The fewest steps after which the event has been recorded (none for the start).
    std::size_t target = 0;
    if (row >= 0) {
        const auto it = std::upper_bound(stepEnds_.begin(), stepEnds_.end(), static_cast<std::size_t>(row));
        target = static_cast<std::size_t>(it - stepEnds_.begin());
    }
    target = std::min(target, stepEnds_.size() - 1);
    const std::size_t interval = static_cast<std::size_t>(snapshotInterval_);
    // The instance that gets there with the fewest steps forward; otherwise the one not used last is
    // restored.
    int pick = -1;
    for (int i = 0; i < 2; ++i)
        if (liveValid_[i] && liveSteps_[i] <= target && target - liveSteps_[i] <= interval &&
            (pick < 0 || liveSteps_[i] > liveSteps_[pick]))
            pick = i;
    int replayed = 0;
    if (pick < 0) {
        pick = 1 - liveUsed_;
        const std::size_t snap = std::min(target / interval, snapshots_.size() - 1);
        // Restoring cuts the instance's trace back to the snapshot's mark. An instance restored far back,
        // then forward past where its trace now ends, would find connection records it never replayed
        // (endpoint() reads them): the records it lacks come from the finished run.
        live_[pick]->restore(snapshots_[snap], *finished_);
        liveSteps_[pick] = snap * interval;
    }
    while (liveSteps_[pick] < target) {
        live_[pick]->step();
        ++liveSteps_[pick];
        ++replayed;
    }
    liveValid_[pick] = true;
    liveUsed_ = pick;
    lastReplaySteps_ = replayed;
    return pick;
}

int PlayerController::stepFirstRow(int row) const {
    if (row < 0 || stepEnds_.empty())
        return row;
    const auto it = std::upper_bound(stepEnds_.begin(), stepEnds_.end(), static_cast<std::size_t>(row));
    if (it == stepEnds_.begin())
        return 0;
    return static_cast<int>(*(it - 1));
}

const Simulation& PlayerController::simulationAt(int row) {
    return *live_[syncLive(std::clamp(row, -1, eventCount() - 1))];
}

void PlayerController::selectSegment(std::uint32_t segment) {
    if (selectedDatagram_ != kNone) {
        selectedDatagram_ = kNone;
        selectedSegment_ = segment;
        Q_EMIT selectedDatagramChanged(kNone);
        Q_EMIT selectedSegmentChanged(segment);
        return;
    }
    if (segment == selectedSegment_)
        return;
    selectedSegment_ = segment;
    Q_EMIT selectedSegmentChanged(segment);
}

void PlayerController::selectDatagram(std::uint32_t datagram) {
    if (datagram >= trace_.datagrams.size()) {
        selectSegment(kNone);
        return;
    }
    if (datagram == selectedDatagram_)
        return;
    selectedDatagram_ = datagram;
    selectedSegment_ = trace_.datagrams[datagram].segment;
    Q_EMIT selectedDatagramChanged(datagram);
    Q_EMIT selectedSegmentChanged(selectedSegment_);
}

void PlayerController::setFollowed(int conversation) {
    if (conversation < 0 || conversation >= static_cast<int>(conversations_.size()) ||
        conversation == followed_)
        return;
    followed_ = conversation;
    Q_EMIT followedChanged(conversation);
}

void PlayerController::setCursor(int row) {
    row = std::clamp(row, -1, eventCount() - 1);
    if (gate_ && row > cursor_)
        row = std::clamp(gate_(cursor_, row), cursor_, row);
    if (row == cursor_)
        return;
    const int previous = cursor_;
    cursor_ = row;
    // The segment of the latest segment event: a function of the cursor alone, so that stepping back shows
    // what stepping forward showed.
    // With the IP layer, an event that names a datagram shows that datagram (the hop, the fragment).
    std::uint32_t seg = kNone;
    std::uint32_t datagram = kNone;
    for (int r = cursor_; r >= 0 && r > cursor_ - 256; --r) {
        const TraceEvent& ev = trace_.events[static_cast<std::size_t>(r)];
        if (namesDatagram(ev.kind) && ev.value() < trace_.datagrams.size()) {
            datagram = static_cast<std::uint32_t>(ev.value());
            break;
        }
        if (ev.segment != kNone) {
            seg = ev.segment;
            break;
        }
    }
    if (datagram != kNone)
        selectDatagram(datagram);
    else
        selectSegment(seg);
    // Follow the conversation the event belongs to.
    if (const std::optional<TraceEvent> ev = currentEvent(); ev && ev->conn != kNone) {
        for (std::size_t i = 0; i < conversations_.size(); ++i) {
            const Conversation& c = conversations_[i];
            for (int e = 0; e < c.endCount; ++e)
                if (c.ends[e].conn == ev->conn && static_cast<int>(i) != followed_) {
                    followed_ = static_cast<int>(i);
                    Q_EMIT followedChanged(followed_);
                }
        }
    }
    Q_EMIT cursorChanged(cursor_, previous);
}

void PlayerController::stepForward() {
    setCursor(cursor_ + 1);
}

void PlayerController::stepBack() {
    setCursor(cursor_ - 1);
}

void PlayerController::toStart() {
    setCursor(-1);
}

void PlayerController::toEnd() {
    setCursor(eventCount() - 1);
}

void PlayerController::nextStateChange() {
    const auto& rows = index_.stateChangeRows;
    auto it = std::upper_bound(rows.begin(), rows.end(), cursor_);
    setCursor(it == rows.end() ? eventCount() - 1 : *it);
}

void PlayerController::previousStateChange() {
    const auto& rows = index_.stateChangeRows;
    auto it = std::lower_bound(rows.begin(), rows.end(), cursor_);
    setCursor(it == rows.begin() ? -1 : *(it - 1));
}

void PlayerController::play() {
    if (isPlaying() || eventCount() == 0)
        return;
    if (cursor_ >= eventCount() - 1)
        setCursor(-1);
    timer_.start(static_cast<int>(1000.0 / speed_));
    Q_EMIT playingChanged(true);
}

void PlayerController::pause() {
    if (!isPlaying())
        return;
    timer_.stop();
    Q_EMIT playingChanged(false);
}

void PlayerController::togglePlay() {
    if (isPlaying())
        pause();
    else
        play();
}

void PlayerController::setSpeed(double eventsPerSecond) {
    speed_ = std::clamp(eventsPerSecond, 0.25, 1000.0);
    if (isPlaying())
        timer_.setInterval(static_cast<int>(1000.0 / speed_));
}

} // namespace tcplab::ui
