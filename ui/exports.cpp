#include "exports.h"

#include <QAbstractTextDocumentLayout>
#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QResizeEvent>
#include <QSaveFile>
#include <QScrollBar>
#include <QSvgGenerator>
#include <QTemporaryDir>
#include <QTextDocument>

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <vector>

#include "colors.h"
#include "i18n.h"
#include "io/pcap.h"
#include "io/trace_jsonl.h"
#include "ladder_view.h"
#include "narration.h"
#include "player_controller.h"
#include "sim/simulation.h"
#include "state_diagram.h"
#include "trace_model.h"

namespace tcplab::ui {

namespace {

// A hidden widget gets its resize event only when shown: an export's view is never shown, so it gets it here
// (the scroll area lays out its viewport and ranges its scroll bar in it).
void resizeNow(QWidget& w, QSize size) {
    const QSize old = w.size();
    w.resize(size);
    QResizeEvent e(size, old);
    QCoreApplication::sendEvent(&w, &e);
    if (auto* area = qobject_cast<QAbstractScrollArea*>(&w)) {
        QResizeEvent ve(area->viewport()->size(), area->viewport()->size());
        QCoreApplication::sendEvent(area->viewport(), &ve);
    }
}

// A second ladder drawing what `view` draws, the whole run as having happened, without frame or scroll bar.
std::unique_ptr<LadderView> wholeRunView(const LadderView& view, int width) {
    auto v = std::make_unique<LadderView>(view.controller());
    v->setFrameShape(QFrame::NoFrame);
    v->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    v->copyViewSettings(view);
    v->setWholeRun(true);
    resizeNow(*v, QSize(width, 400));
    return v;
}

int wholeRunWidth(const LadderView& view) {
    return std::max(900, view.viewport()->width());
}

// Draws the rows whose content coordinates are [top, top + height) of `v` at `at`, with the host header above
// them.
void paintSlice(QPainter& painter, LadderView& v, double top, int height, QPoint at) {
    resizeNow(v, QSize(v.width(), v.headerPixels() + height));
    v.verticalScrollBar()->setValue(static_cast<int>(top));
    v.render(&painter, at, QRegion(), QWidget::DrawWindowBackground | QWidget::DrawChildren);
}

bool commit(QSaveFile& file, const QString& path, QString* error) {
    if (!file.commit()) {
        if (error)
            *error = Exports::tr("Cannot write “%1”: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

bool openSave(QSaveFile& file, const QString& path, QString* error) {
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = Exports::tr("Cannot write “%1”: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

bool savePng(const QImage& image, const QString& path, QString* error) {
    QSaveFile file(path);
    if (!openSave(file, path, error))
        return false;
    if (!image.save(&file, "PNG")) {
        file.cancelWriting();
        if (error)
            *error = Exports::tr("Cannot write “%1”: the picture could not be encoded.").arg(path);
        return false;
    }
    return commit(file, path, error);
}

template <typename Paint>
bool saveSvg(QSize size, const QString& title, const QString& path, QString* error, Paint paint) {
    QSaveFile file(path);
    if (!openSave(file, path, error))
        return false;
    {
        QSvgGenerator svg;
        svg.setOutputDevice(&file);
        svg.setSize(size);
        svg.setViewBox(QRect(QPoint(0, 0), size));
        svg.setTitle(title);
        svg.setDescription(Exports::tr("Exported from TCP Lab"));
        QPainter p(&svg);
        paint(p);
    }
    return commit(file, path, error);
}

QString lessonTitleOf(const PlayerController* c) {
    return c && c->hasLesson() ? localized(c->scenario().title) : QString();
}

} // namespace

QSize ladderPictureSize(const LadderView& view, LadderRange range) {
    if (range == LadderRange::Visible)
        return view.viewport()->size();
    const auto v = wholeRunView(view, wholeRunWidth(view));
    const double content = std::max(0.0, v->contentHeight());
    return {v->width(), std::min(kMaxLadderPixels, v->headerPixels() + static_cast<int>(std::ceil(content)))};
}

void paintLadder(QPainter& painter, const LadderView& view, LadderRange range) {
    if (range == LadderRange::Visible) {
        const_cast<QWidget*>(view.viewport())
            ->render(&painter, QPoint(), QRegion(), QWidget::DrawWindowBackground | QWidget::DrawChildren);
        return;
    }
    const QSize size = ladderPictureSize(view, range);
    const auto v = wholeRunView(view, size.width());
    paintSlice(painter, *v, 0, size.height() - v->headerPixels(), QPoint());
}

void paintStateDiagram(QPainter& painter, const StateDiagram& diagram, QSize size) {
    if (size.isEmpty())
        size = diagram.size();
    // A diagram of its own at the asked size, showing what the shown one shows (the same controller).
    StateDiagram copy(diagram.controller());
    copy.setFont(diagram.font());
    copy.setPalette(diagram.palette());
    resizeNow(copy, size);
    copy.render(&painter, QPoint(), QRegion(), QWidget::DrawWindowBackground | QWidget::DrawChildren);
}

bool exportLadderPng(const LadderView& view, LadderRange range, const QString& path, QString* error) {
    const QSize size = ladderPictureSize(view, range);
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    image.fill(view.palette().color(QPalette::Base));
    {
        QPainter p(&image);
        paintLadder(p, view, range);
    }
    return savePng(image, path, error);
}

bool exportLadderSvg(const LadderView& view, LadderRange range, const QString& path, QString* error) {
    const QSize size = ladderPictureSize(view, range);
    return saveSvg(size, lessonTitleOf(view.controller()), path, error,
                   [&](QPainter& p) { paintLadder(p, view, range); });
}

bool exportStateDiagramPng(const StateDiagram& diagram, QSize size, const QString& path, QString* error) {
    if (size.isEmpty())
        size = diagram.size();
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    image.fill(diagram.palette().color(QPalette::Base));
    {
        QPainter p(&image);
        paintStateDiagram(p, diagram, size);
    }
    return savePng(image, path, error);
}

bool exportStateDiagramSvg(const StateDiagram& diagram, QSize size, const QString& path, QString* error) {
    if (size.isEmpty())
        size = diagram.size();
    return saveSvg(size, lessonTitleOf(diagram.controller()), path, error,
                   [&](QPainter& p) { paintStateDiagram(p, diagram, size); });
}

std::uint32_t defaultPcapLink(const Trace& trace) {
    return trace.segments.empty() ? 0u : trace.segments[0].link;
}

bool exportPcap(const Scenario& scenario, std::optional<std::uint32_t> link, const QString& path,
                QString* error, QStringList* written, ExportProgress* progress) {
    // The controller keeps the trace, not the frames: the same run again, with a wire tap (docs/gui.md).
    struct Frame {
        std::uint32_t link;
        Instant at;
        Bytes bytes;
    };
    std::vector<Frame> frames;
    Simulation sim(scenario);
    sim.setWireTap([&](std::uint32_t l, Instant at, const Bytes& bytes) {
        if (!link || *link == l)
            frames.push_back({l, at, bytes});
    });
    if (!progress) {
        sim.run();
    } else {
        for (std::uint64_t steps = 0;; ++steps) {
            if (steps % 256 == 0) {
                if (progress->cancel.load(std::memory_order_relaxed)) {
                    if (error)
                        *error = Exports::tr("The export was cancelled; nothing was written.");
                    return false;
                }
                progress->events.store(sim.trace().events.size(), std::memory_order_relaxed);
            }
            if (!sim.step())
                break;
        }
        progress->events.store(sim.trace().events.size(), std::memory_order_relaxed);
    }
    const Trace& trace = sim.trace();
    std::vector<std::uint32_t> links;
    if (link) {
        links.push_back(*link);
    } else {
        for (std::uint32_t li = 0; li < trace.linkNames.size(); ++li)
            links.push_back(li);
    }
    // libpcap writes to a path: a file in a scratch directory, then copied through QSaveFile.
    QTemporaryDir scratch;
    if (!scratch.isValid()) {
        if (error)
            *error = Exports::tr("Cannot create a temporary directory: %1").arg(scratch.errorString());
        return false;
    }
    if (written)
        written->clear();
    for (const std::uint32_t li : links) {
        QString out = path;
        if (!link) { // the CLI's names for --pcap-link all: BASE-LINK.pcap
            const QFileInfo fi(path);
            const QString base = fi.suffix() == QLatin1String("pcap")
                                     ? fi.path() + QLatin1Char('/') + fi.completeBaseName()
                                     : fi.filePath();
            out = base + QLatin1Char('-') + QString::fromStdString(trace.linkNames[li]) +
                  QStringLiteral(".pcap");
        }
        const QString tmp = scratch.filePath(QStringLiteral("link.pcap"));
        PcapWriter writer;
        const bool ethernet = li < scenario.links.size() && scenario.links[li].ethernet;
        std::optional<std::string> problem =
            writer.open(tmp.toStdString(), ethernet ? PcapLinkType::Ethernet : PcapLinkType::RawIpv4);
        for (const Frame& f : frames)
            if (!problem && f.link == li)
                problem = writer.write(f.at, f.bytes);
        if (!problem)
            problem = writer.close();
        if (problem) {
            if (error)
                *error = QString::fromStdString(*problem);
            return false;
        }
        QFile in(tmp);
        if (!in.open(QIODevice::ReadOnly)) {
            if (error)
                *error = Exports::tr("Cannot read “%1”: %2").arg(tmp, in.errorString());
            return false;
        }
        QSaveFile file(out);
        if (!openSave(file, out, error))
            return false;
        file.write(in.readAll());
        if (!commit(file, out, error))
            return false;
        if (written)
            written->append(out);
    }
    return true;
}

bool exportTraceJsonl(const Trace& trace, const QString& path, QString* error) {
    QSaveFile file(path);
    if (!openSave(file, path, error))
        return false;
    if (!writeTraceJsonl(trace, file)) {
        file.cancelWriting();
        if (error)
            *error = Exports::tr("Cannot write “%1”: %2").arg(path, file.errorString());
        return false;
    }
    return commit(file, path, error);
}

bool exportHandoutPdf(PlayerController* controller, const LadderView& view, const QString& title,
                      const QString& description, const QString& path, QString* error, int* pages) {
    QSaveFile file(path);
    if (!openSave(file, path, error))
        return false;
    const Trace& trace = controller->trace();
    int pageCount = 0;
    {
        QPdfWriter pdf(&file);
        // Device pixels the size of screen pixels: the views paint in those.
        pdf.setResolution(96);
        pdf.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Portrait,
                                      QMarginsF(14, 14, 14, 14), QPageLayout::Millimeter));
        pdf.setTitle(title);
        pdf.setCreator(QStringLiteral("TCP Lab"));
        QPainter p(&pdf);
        const QRectF page(0, 0, pdf.width(), pdf.height());
        pageCount = 1;
        auto newPage = [&] {
            pdf.newPage();
            ++pageCount;
        };

        // The title block.
        QTextDocument head;
        head.documentLayout()->setPaintDevice(&pdf);
        head.setDefaultFont(view.font());
        head.setTextWidth(page.width());
        QString html = QStringLiteral("<h1>%1</h1>").arg(title.toHtmlEscaped());
        if (!description.isEmpty())
            html += QStringLiteral("<p>%1</p>").arg(description.toHtmlEscaped());
        if (controller->hasLesson())
            html += QStringLiteral("<p style='color:#616161'>%1</p>")
                        .arg(Exports::tr("seed %1 · %2 events · %3 segments")
                                 .arg(controller->scenario().seed)
                                 .arg(trace.events.size())
                                 .arg(trace.segments.size()));
        head.setHtml(html);
        head.drawContents(&p);
        double y = head.size().height() + 8;

        // The ladder, in page-high slices, drawn wider than the page and scaled down to fit.
        const int ladderWidth = 900;
        const double scale = page.width() / ladderWidth;
        auto v = wholeRunView(view, ladderWidth);
        const double content = std::max(0.0, v->contentHeight());
        const int header = v->headerPixels();
        double top = 0;
        int ladderPages = 0;
        while (top < content && ladderPages < kMaxHandoutLadderPages) {
            const double room = (page.height() - y) / scale - header;
            if (room < 80) {
                newPage();
                y = 0;
                continue;
            }
            const double rows = std::min(room, content - top);
            p.save();
            p.translate(0, y);
            p.scale(scale, scale);
            paintSlice(p, *v, top, static_cast<int>(std::ceil(rows)), QPoint());
            p.restore();
            top += rows;
            ++ladderPages;
            if (top < content && ladderPages < kMaxHandoutLadderPages) {
                newPage();
                y = 0;
            }
        }

        // The narration, event by event.
        std::map<int, QString> notes;
        if (controller->hasLesson())
            for (const TeacherNote& n : controller->scenario().notes)
                notes[n.step - 1] = localized(n.text);
        QString story = QStringLiteral("<h2>%1</h2>").arg(Exports::tr("What happened, event by event"));
        const int events = std::min<int>(static_cast<int>(trace.events.size()), kMaxHandoutEvents);
        for (int row = 0; row < events; ++row) {
            const QString citation = Narrator::citation(trace, row);
            story += QStringLiteral("<p><b>%1</b> <span style='color:#616161'>%2</span> — %3")
                         .arg(row + 1)
                         .arg(Exports::tr("%1 s").arg(
                                  TraceModel::formatSeconds(trace.events[static_cast<std::size_t>(row)].at)),
                              Narrator::sentence(trace, row).toHtmlEscaped());
            if (!citation.isEmpty())
                story += QStringLiteral(" <i>(%1)</i>").arg(citation.toHtmlEscaped());
            if (auto it = notes.find(row); it != notes.end() && !it->second.isEmpty())
                story += QStringLiteral("<br><span style='color:#1565c0'>%1</span>")
                             .arg(Exports::tr("Teacher’s note: %1").arg(it->second.toHtmlEscaped()));
            story += QStringLiteral("</p>");
        }
        if (static_cast<int>(trace.events.size()) > events)
            story += QStringLiteral("<p><i>%1</i></p>")
                         .arg(Exports::tr("… and %1 more events (see the trace export).")
                                  .arg(trace.events.size() - static_cast<std::size_t>(events)));
        QTextDocument doc;
        doc.documentLayout()->setPaintDevice(&pdf);
        doc.setDefaultFont(view.font());
        doc.setDocumentMargin(0);
        doc.setPageSize(page.size());
        doc.setHtml(story);
        newPage();
        const int docPages = doc.pageCount();
        for (int i = 0; i < docPages; ++i) {
            if (i > 0)
                newPage();
            p.save();
            p.translate(0, -i * page.height());
            doc.drawContents(&p, QRectF(0, i * page.height(), page.width(), page.height()));
            p.restore();
        }
        if (!p.end()) {
            file.cancelWriting();
            if (error)
                *error = Exports::tr("Cannot write “%1”: the PDF could not be made.").arg(path);
            return false;
        }
    }
    if (pages)
        *pages = pageCount;
    return commit(file, path, error);
}

} // namespace tcplab::ui
