#include "export_menu.h"

#include <QAction>
#include <QDir>
#include <QEvent>
#include <QEventLoop>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QMessageBox>
#include <QProgressDialog>
#include <QSettings>
#include <QThread>
#include <QTimer>

#include "exports.h"
#include "i18n.h"
#include "ladder_view.h"
#include "main_window.h"
#include "player_controller.h"
#include "state_diagram.h"

namespace tcplab::ui {

namespace {

QSettings settings() {
    return QSettings(QStringLiteral("TCP Lab"), QStringLiteral("tcplab"));
}

constexpr ExportMenu::Kind kKinds[] = {ExportMenu::Kind::LadderWhole,  ExportMenu::Kind::LadderVisible,
                                       ExportMenu::Kind::StateDiagram, ExportMenu::Kind::Pcap,
                                       ExportMenu::Kind::TraceJsonl,   ExportMenu::Kind::HandoutPdf};

} // namespace

ExportMenu::ExportMenu(MainWindow* window) : QMenu(window), window_(window) {
    setObjectName(QStringLiteral("exportMenu"));
    const char* names[] = {"exportLadderWhole", "exportLadderVisible", "exportStateDiagram",
                           "exportPcap",        "exportTraceJsonl",    "exportHandoutPdf"};
    for (int i = 0; i < 6; ++i) {
        actions_[i] = addAction(QString());
        actions_[i]->setObjectName(QLatin1String(names[i]));
        const Kind kind = kKinds[i];
        connect(actions_[i], &QAction::triggered, this, [this, kind] { choose(kind); });
        if (i == 2 || i == 4)
            addSeparator();
    }
    connect(this, &QMenu::aboutToShow, this, [this] {
        for (QAction* a : actions_)
            a->setEnabled(window_->controller()->hasLesson());
    });
    retranslate();
}

QAction* ExportMenu::action(Kind kind) const {
    return actions_[static_cast<int>(kind)];
}

void ExportMenu::retranslate() {
    setTitle(tr("&Export"));
    action(Kind::LadderWhole)->setText(tr("&Ladder, Whole Run (PNG, SVG)…"));
    action(Kind::LadderVisible)->setText(tr("Ladder, &Visible Part (PNG, SVG)…"));
    action(Kind::StateDiagram)->setText(tr("&State Diagram (PNG, SVG)…"));
    action(Kind::Pcap)->setText(tr("&Capture for Wireshark (pcap)…"));
    action(Kind::TraceJsonl)->setText(tr("&Trace (JSONL)…"));
    action(Kind::HandoutPdf)->setText(tr("Lesson &Handout (PDF)…"));
}

void ExportMenu::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QMenu::changeEvent(event);
}

void ExportMenu::choose(Kind kind) {
    PlayerController* c = window_->controller();
    if (!c->hasLesson())
        return;
    QString base = window_->currentLesson();
    base = base.startsWith(QLatin1String("builtin:")) ? base.mid(8) : QFileInfo(base).completeBaseName();
    if (base.isEmpty())
        base = QStringLiteral("lesson");
    QString suffix;
    QString filter;
    switch (kind) {
    case Kind::LadderWhole:
    case Kind::LadderVisible:
        base += QStringLiteral("-ladder");
        suffix = QStringLiteral(".png");
        filter = tr("PNG pictures (*.png);;SVG drawings (*.svg)");
        break;
    case Kind::StateDiagram:
        base += QStringLiteral("-states");
        suffix = QStringLiteral(".png");
        filter = tr("PNG pictures (*.png);;SVG drawings (*.svg)");
        break;
    case Kind::Pcap:
        suffix = QStringLiteral(".pcap");
        filter = tr("Packet captures (*.pcap)");
        break;
    case Kind::TraceJsonl:
        suffix = QStringLiteral(".jsonl");
        filter = tr("TCP Lab traces (*.jsonl)");
        break;
    case Kind::HandoutPdf:
        base += QStringLiteral("-handout");
        suffix = QStringLiteral(".pdf");
        filter = tr("PDF documents (*.pdf)");
        break;
    }
    // The capture's link, as tcplab-cli's --pcap-link: one link, or all of them (a file per link).
    int link = -2;
    if (kind == Kind::Pcap) {
        const Trace& t = c->trace();
        if (t.linkNames.size() > 1) {
            QStringList items;
            for (const std::string& n : t.linkNames)
                items << QString::fromStdString(n);
            items << tr("All links (a file for each)");
            bool ok = false;
            const QString item =
                QInputDialog::getItem(window_, tr("Export Capture"), tr("The link to capture:"), items,
                                      static_cast<int>(defaultPcapLink(t)), false, &ok);
            if (!ok)
                return;
            const auto index = items.indexOf(item);
            link = index == items.size() - 1 ? -1 : static_cast<int>(index);
        }
    }
    QSettings s = settings();
    const QString dir = s.value(QStringLiteral("exportDirectory"), QDir::homePath()).toString();
    QString selected;
    QString path = QFileDialog::getSaveFileName(window_, tr("Export"), QDir(dir).filePath(base + suffix),
                                                filter, &selected);
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += selected.contains(QLatin1String("*.svg")) ? QStringLiteral(".svg") : suffix;
    s.setValue(QStringLiteral("exportDirectory"), QFileInfo(path).absolutePath());
    exportTo(kind, path, link);
}

bool ExportMenu::exportPcapOnWorker(const PlayerController& c, std::optional<std::uint32_t> link,
                                    const QString& path, QString* problem, bool* cancelled) {
    // The capture needs the lesson run again with a wire tap (the trace keeps no frame bytes), which takes as
    // long as loading it: a worker thread runs it, and a window-modal progress dialog with Cancel shows after
    // a moment, as for a load, while this call waits in a local event loop (the window keeps painting).
    auto progress = std::make_shared<ExportProgress>();
    bool ok = false;
    QString workerProblem;
    std::unique_ptr<QThread> worker(
        QThread::create([scenario = c.scenario(), link, path, progress, &ok, &workerProblem] {
            ok = exportPcap(scenario, link, path, &workerProblem, nullptr, progress.get());
        }));
    QProgressDialog dialog(tr("Running the lesson again to capture its frames…"), tr("Cancel"), 0, 1000,
                           window_);
    dialog.setObjectName(QStringLiteral("exportProgressDialog"));
    dialog.setWindowTitle(tr("Export Capture"));
    dialog.setWindowModality(Qt::WindowModal);
    dialog.setMinimumDuration(progressDelayMs_);
    dialog.setAutoReset(false);
    dialog.setValue(0);
    connect(&dialog, &QProgressDialog::canceled, &dialog, [progress] { progress->cancel = true; });
    const double total = std::max<double>(1.0, static_cast<double>(c.trace().events.size()));
    QTimer poll;
    poll.setInterval(100);
    connect(&poll, &QTimer::timeout, &dialog, [&] {
        const double done = static_cast<double>(progress->events.load(std::memory_order_relaxed));
        dialog.setValue(static_cast<int>(std::min(999.0, 1000.0 * done / total)));
    });
    QEventLoop loop;
    connect(worker.get(), &QThread::finished, &loop, &QEventLoop::quit);
    worker->start();
    poll.start();
    loop.exec();
    worker->wait();
    *problem = workerProblem;
    if (cancelled)
        *cancelled = progress->cancel.load();
    return ok;
}

bool ExportMenu::exportTo(Kind kind, const QString& path, int pcapLink, QString* error) {
    PlayerController* c = window_->controller();
    QString problem;
    bool ok = false;
    bool cancelled = false; // by the user: nothing to report
    if (!c->hasLesson()) {
        problem = tr("There is no lesson to export.");
    } else {
        const bool svg = QFileInfo(path).suffix().compare(QLatin1String("svg"), Qt::CaseInsensitive) == 0;
        switch (kind) {
        case Kind::LadderWhole:
        case Kind::LadderVisible: {
            const LadderRange range =
                kind == Kind::LadderWhole ? LadderRange::WholeRun : LadderRange::Visible;
            ok = svg ? exportLadderSvg(*window_->ladder(), range, path, &problem)
                     : exportLadderPng(*window_->ladder(), range, path, &problem);
            break;
        }
        case Kind::StateDiagram: {
            const QSize size(1000, 760);
            ok = svg ? exportStateDiagramSvg(*window_->stateDiagram(), size, path, &problem)
                     : exportStateDiagramPng(*window_->stateDiagram(), size, path, &problem);
            break;
        }
        case Kind::Pcap: {
            std::optional<std::uint32_t> link = defaultPcapLink(c->trace());
            if (pcapLink == -1)
                link.reset();
            else if (pcapLink >= 0)
                link = static_cast<std::uint32_t>(pcapLink);
            ok = exportPcapOnWorker(*c, link, path, &problem, &cancelled);
            break;
        }
        case Kind::TraceJsonl:
            ok = exportTraceJsonl(c->trace(), path, &problem);
            break;
        case Kind::HandoutPdf:
            ok = exportHandoutPdf(c, *window_->ladder(), window_->lessonTitle(),
                                  localized(c->scenario().description), path, &problem);
            break;
        }
    }
    if (error)
        *error = problem;
    if (!ok && !cancelled) {
        auto* box = new QMessageBox(QMessageBox::Critical, tr("Cannot Export"),
                                    tr("The export to “%1” failed.").arg(QDir::toNativeSeparators(path)),
                                    QMessageBox::Ok, window_);
        box->setObjectName(QStringLiteral("exportErrorDialog"));
        box->setInformativeText(problem);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    }
    return ok;
}

} // namespace tcplab::ui
