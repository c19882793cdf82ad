// File → Export: the menu of the exports in ui/exports.h. Each entry asks for a file (the last export
// directory is remembered in QSettings), writes it and says in a message box when it could not.
#pragma once

#include <QMenu>

#include <cstdint>
#include <optional>

namespace tcplab::ui {

class MainWindow;
class PlayerController;

class ExportMenu : public QMenu {
    Q_OBJECT
public:
    enum class Kind { LadderWhole, LadderVisible, StateDiagram, Pcap, TraceJsonl, HandoutPdf };

    explicit ExportMenu(MainWindow* window);

    // Writes the export of `kind` to `path` without asking (what an entry does after its file dialog); the
    // picture format follows the suffix (.svg, otherwise PNG). Capture: `pcapLink` -1 is every link (one
    // file each), otherwise that link. On failure shows the message box and returns false; *error gets the
    // message.
    // A capture re-runs the lesson on a worker thread; a progress dialog with Cancel (object name
    // exportProgressDialog) shows when that takes longer than progressDelayMs(), and this call returns
    // when the worker is done. A cancelled capture writes nothing and shows no message (*error says it
    // was cancelled).
    bool exportTo(Kind kind, const QString& path, int pcapLink = -2, QString* error = nullptr);
    QAction* action(Kind kind) const;

    int progressDelayMs() const { return progressDelayMs_; }
    void setProgressDelayMs(int ms) { progressDelayMs_ = ms; } // the tests show it at once

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    void choose(Kind kind);
    bool exportPcapOnWorker(const PlayerController& c, std::optional<std::uint32_t> link, const QString& path,
                            QString* problem, bool* cancelled);

    MainWindow* window_;
    QAction* actions_[6] = {};
    int progressDelayMs_ = 300; // as a lesson load's progress dialog
};

} // namespace tcplab::ui
