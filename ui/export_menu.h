// File → Export: the menu of the exports in ui/exports.h. Each entry asks for a file (the last export
// directory is remembered in QSettings), writes it and says in a message box when it could not.
#pragma once

#include <QMenu>

namespace tcplab::ui {

class MainWindow;

class ExportMenu : public QMenu {
    Q_OBJECT
public:
    enum class Kind { LadderWhole, LadderVisible, StateDiagram, Pcap, TraceJsonl, HandoutPdf };

    explicit ExportMenu(MainWindow* window);

    // Writes the export of `kind` to `path` without asking (what an entry does after its file dialog); the
    // picture format follows the suffix (.svg, otherwise PNG). Capture: `pcapLink` -1 is every link (one
    // file each), otherwise that link. On failure shows the message box and returns false; *error gets the
    // message.
    bool exportTo(Kind kind, const QString& path, int pcapLink = -2, QString* error = nullptr);
    QAction* action(Kind kind) const;

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    void choose(Kind kind);

    MainWindow* window_;
    QAction* actions_[6] = {};
};

} // namespace tcplab::ui
