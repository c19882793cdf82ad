// The GUI benchmark (docs/gui.md). Prints:
//   window ready           time from constructing the main window on the default lesson until it is painted
//   load <workload>        running the bulk transfer to its end with the player's snapshots
//   step forward / back    at the end of the run, one event per step, until the whole window has repainted
//   scroll frame           one page of the ladder scrolled and repainted, across the whole run
// Targets (issue 5): window ready < 1 s, a step < 16 ms, a frame < 16 ms.
//   QT_QPA_PLATFORM=offscreen tcplab_bench_gui [--bytes N]
#include <QApplication>
#include <QElapsedTimer>
#include <QScrollBar>
#include <QStandardPaths>
#include <QTest>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <vector>

#include "i18n.h"
#include "io/scenario_json.h"
#include "ladder_view.h"
#include "main_window.h"
#include "player_controller.h"

using namespace tcplab;
using namespace tcplab::ui;

namespace {

struct Stats {
    double median = 0;
    double p95 = 0;
    double max = 0;
};

Stats stats(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    if (v.empty())
        return {};
    return {v[v.size() / 2], v[std::min(v.size() - 1, v.size() * 95 / 100)], v.back()};
}

void print(const char* what, const Stats& s, const char* target) {
    std::printf("%-34s median %8.2f ms   p95 %8.2f ms   max %8.2f ms   (target %s)\n", what, s.median, s.p95,
                s.max, target);
}

} // namespace

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true); // never the user's own settings
    QApplication::setOrganizationName(QStringLiteral("TCP Lab bench"));
    std::uint64_t bytes = 80'000'000;
    for (int i = 1; i + 1 < argc; ++i)
        if (QByteArray(argv[i]) == "--bytes")
            bytes = QByteArray(argv[i + 1]).toULongLong();
    installTranslations(QStringLiteral("en"));

    // Window ready: construction (which starts the default lesson on the loader thread) until the lesson
    // has arrived and the whole window has painted it.
    QElapsedTimer timer;
    timer.start();
    MainWindow w;
    w.resize(1366, 768);
    w.show();
    if (!QTest::qWaitForWindowExposed(&w))
        return 1;
    if (!QTest::qWaitFor([&w] { return !w.isLoading(); }, 60'000) || !w.controller()->hasLesson())
        return 1;
    w.repaint();
    const double readyMs = static_cast<double>(timer.nsecsElapsed()) / 1e6;
    std::printf("%-34s %8.1f ms   (target < 1000 ms)\n", "window ready (default lesson)", readyMs);

    // The big run: a bulk transfer (built here as a lesson file would be, so that it does not depend on the
    // scenario structure's layout).
    // One send action carries at most 10 MB: as many as needed, a millisecond apart.
    QString sends;
    for (std::uint64_t sent = 0, i = 1; sent < bytes; sent += 10'000'000, ++i)
        sends +=
            QStringLiteral(
                R"({"on": {"host": "client", "state": "ESTABLISHED"}, "after_ms": %1, "host": "client", "do": "send", "bytes": %2},)")
                .arg(i)
                .arg(std::min<std::uint64_t>(10'000'000, bytes - sent));
    const QByteArray json = QStringLiteral(R"({
      "format": "tcplab-scenario", "version": 1,
      "title": {"en": "Bulk transfer"}, "seed": 1,
      "hosts": [{"name": "client", "address": "10.0.0.1", "isn": 1000},
                {"name": "server", "address": "10.0.0.2", "isn": 5000}],
      "links": [{"a": "client", "b": "server", "delay_ms": 10}],
      "actions": [
        {"at_ms": 0, "host": "server", "do": "listen", "port": 80},
        {"at_ms": 100, "host": "client", "do": "connect", "peer": "server", "port": 80},
        %1
        {"on": {"host": "client", "state": "ESTABLISHED"}, "after_ms": 1000, "host": "client", "do": "close"}
      ]})")
                                .arg(sends)
                                .toUtf8();
    const ScenarioLoad bulk = parseScenarioJson(json);
    if (!bulk.scenario) {
        std::printf("bulk scenario: %s\n", qPrintable(bulk.error));
        return 1;
    }
    PlayerController* c = w.controller();
    // Loaded the way the window loads: on the worker, the UI thread running its event loop meanwhile. The
    // longest the UI thread went without handling its events is the stall a user would feel.
    double stallMs = 0;
    {
        QElapsedTimer sinceTick;
        sinceTick.start();
        QTimer tick;
        QObject::connect(&tick, &QTimer::timeout, [&] {
            stallMs = std::max(stallMs, static_cast<double>(sinceTick.nsecsElapsed()) / 1e6);
            sinceTick.restart();
        });
        tick.start(5);
        timer.restart();
        c->startLoad(*bulk.scenario);
        if (!QTest::qWaitFor([c] { return !c->isLoading(); }, 600'000) || c->eventCount() < 1000)
            return 1;
        w.repaint();
    }
    const double loadMs = static_cast<double>(timer.nsecsElapsed()) / 1e6;
    std::printf("%-34s %8.1f ms   (%zu segments, %d events, %d snapshots every %d steps)\n",
                "load bulk run (worker thread)", loadMs, c->trace().segments.size(), c->eventCount(),
                c->snapshotCount(), c->snapshotInterval());
    std::printf("%-34s %8.1f ms   (longest gap between 5 ms ticks, including the install)\n",
                "UI thread stall while loading", stallMs);
    QCoreApplication::processEvents();

    // Steps at the end of the run, each until the window has repainted.
    c->toEnd();
    w.repaint();
    std::vector<double> back;
    std::vector<double> forward;
    std::vector<double> backViews; // of which the views' updates before painting (the controller's signals)
    std::vector<double> forwardViews;
    const int steps = 200;
    for (int i = 0; i < steps; ++i) {
        timer.restart();
        c->stepBack();
        backViews.push_back(static_cast<double>(timer.nsecsElapsed()) / 1e6);
        w.repaint();
        back.push_back(static_cast<double>(timer.nsecsElapsed()) / 1e6);
    }
    for (int i = 0; i < steps; ++i) {
        timer.restart();
        c->stepForward();
        forwardViews.push_back(static_cast<double>(timer.nsecsElapsed()) / 1e6);
        w.repaint();
        forward.push_back(static_cast<double>(timer.nsecsElapsed()) / 1e6);
    }
    print("step back (end of run)", stats(back), "< 16 ms");
    print("  of which before painting", stats(backViews), "-");
    print("step forward (end of run)", stats(forward), "< 16 ms");
    print("  of which before painting", stats(forwardViews), "-");

    // The floor under every step figure: repainting the whole window when nothing has changed.
    {
        std::vector<double> times;
        for (int i = 0; i < 30; ++i) {
            timer.restart();
            w.repaint();
            times.push_back(static_cast<double>(timer.nsecsElapsed()) / 1e6);
        }
        print("repaint, nothing changed", stats(times), "-");
    }

    // A jump far back and forth: the worst case of restore-and-replay.
    std::vector<double> jumps;
    std::vector<double> jumpViews;
    for (int i = 0; i < 50; ++i) {
        timer.restart();
        c->setCursor(static_cast<int>((static_cast<std::int64_t>(c->eventCount()) * (i * 37 % 50)) / 50));
        jumpViews.push_back(static_cast<double>(timer.nsecsElapsed()) / 1e6);
        w.repaint();
        jumps.push_back(static_cast<double>(timer.nsecsElapsed()) / 1e6);
    }
    print("jump anywhere (scrubber)", stats(jumps), "< 16 ms");
    print("  of which before painting", stats(jumpViews), "-");

    // Scrolling the ladder through the run: one page per frame, 400 frames spread over the whole run.
    LadderView* ladder = w.ladder();
    QScrollBar* bar = ladder->verticalScrollBar();
    std::vector<double> frames;
    int painted = 0;
    const int frameCount = 400;
    for (int i = 0; i < frameCount; ++i) {
        const int value = static_cast<int>(static_cast<double>(bar->maximum()) * i / frameCount);
        timer.restart();
        bar->setValue(value);
        ladder->viewport()->repaint();
        frames.push_back(static_cast<double>(timer.nsecsElapsed()) / 1e6);
        painted = std::max(painted, ladder->lastPaintedSegments());
    }
    // And smooth scrolling: small steps in one place.
    for (int i = 0; i < 200; ++i) {
        timer.restart();
        bar->setValue(bar->value() + 3);
        ladder->viewport()->repaint();
        frames.push_back(static_cast<double>(timer.nsecsElapsed()) / 1e6);
    }
    print("ladder scroll frame", stats(frames), "< 16 ms");
    std::printf("%-34s %d of %zu\n", "segments drawn per frame (max)", painted, c->trace().segments.size());
    w.close();
    return 0;
}
