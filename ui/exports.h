// File → Export: the ladder and the state diagram as pictures (PNG through QImage, SVG through QSvgGenerator,
// both painted by the views' own paintEvent, so an export looks exactly like the screen), the run as a pcap
// capture (the core's PcapWriter, one link or every link, as `tcplab-cli run --pcap --pcap-link`) and as the
// JSONL trace (the core's writer: the same bytes as `tcplab-cli run --trace`), and a lesson handout as PDF
// (QPdfWriter): the title and description, the ladder in pages and, for every event, the narration saying
// what happened and why, in the interface language.
//
// Every file is written through QSaveFile: a failed export leaves an existing file as it was. Each function
// returns false and sets *error (a sentence for the user) on failure; none of them shows a dialog.
#pragma once

#include <QCoreApplication>
#include <QSize>
#include <QString>

#include <atomic>
#include <cstdint>
#include <optional>

class QPainter;

namespace tcplab {
struct Scenario;
struct Trace;
} // namespace tcplab

namespace tcplab::ui {

class LadderView;
class PlayerController;
class StateDiagram;

struct Exports {
    Q_DECLARE_TR_FUNCTIONS(tcplab::ui::Exports)
};

// What part of the ladder a picture shows: the whole run (every event as having happened; long runs are cut
// at kMaxLadderPixels), or the part in view, as it is on screen (cursor, fading and all).
enum class LadderRange { WholeRun, Visible };

// The tallest whole-run ladder picture (about 750 rows at the default zoom): 900 × 20,000 pixels are 72 MB
// while the PNG is made; a taller one would need hundreds.
constexpr int kMaxLadderPixels = 20000;
// The handout's limits: ladder pages and narrated events (a handout of a 100,000-event run is no handout).
constexpr int kMaxHandoutLadderPages = 30;
constexpr int kMaxHandoutEvents = 2000;

// The picture's size in pixels.
QSize ladderPictureSize(const LadderView& view, LadderRange range);
// Paints the ladder into `painter` at (0, 0), ladderPictureSize() big: what both picture formats draw.
void paintLadder(QPainter& painter, const LadderView& view, LadderRange range);
// The state diagram at `size` (its current size if empty), as it shows the cursor.
void paintStateDiagram(QPainter& painter, const StateDiagram& diagram, QSize size);

bool exportLadderPng(const LadderView& view, LadderRange range, const QString& path, QString* error);
bool exportLadderSvg(const LadderView& view, LadderRange range, const QString& path, QString* error);
bool exportStateDiagramPng(const StateDiagram& diagram, QSize size, const QString& path, QString* error);
bool exportStateDiagramSvg(const StateDiagram& diagram, QSize size, const QString& path, QString* error);

// The link a capture shows by default: the one the first segment crossed (what the CLI chooses).
std::uint32_t defaultPcapLink(const Trace& trace);
// How far a capture export has got, and its Cancel: the only state the export's worker thread and the UI
// thread share (ExportMenu runs exportPcap on a worker, docs/gui.md).
struct ExportProgress {
    std::atomic<std::uint64_t> events{0}; // trace events the re-run has recorded so far
    std::atomic<bool> cancel{false};
};
// Runs `scenario` again with a wire tap (the same run: same scenario, same seed) and writes the frames seen
// on `link`, or on every link when it is unset: then path is a base name and each link gets PATH-LINK.pcap,
// the names the CLI gives them. *written lists the files written. With `progress`, the re-run reports its
// events there and stops when cancel is set: then nothing is written and *error says so.
bool exportPcap(const Scenario& scenario, std::optional<std::uint32_t> link, const QString& path,
                QString* error, QStringList* written = nullptr, ExportProgress* progress = nullptr);
// The trace as JSON Lines (docs/trace-format.md).
bool exportTraceJsonl(const Trace& trace, const QString& path, QString* error);

// The lesson handout. *pages: how many pages were written.
bool exportHandoutPdf(PlayerController* controller, const LadderView& view, const QString& title,
                      const QString& description, const QString& path, QString* error, int* pages = nullptr);

} // namespace tcplab::ui
