#include "main_window.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFrame>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QKeySequence>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalBlocker>
#include <QStatusBar>
#include <QStyle>
#include <QTableView>
#include <QVBoxLayout>

#include <exception>
#include <map>

#include "i18n.h"
#include "io/builtin.h"
#include "io/scenario_json.h"
#include "sim/simulation.h"
#include "trace_model.h"

namespace tcplab::ui {

namespace {

constexpr int kIsFileRole = Qt::UserRole + 1;
const QString kBuiltinPrefix = QStringLiteral("builtin:");

QSettings settings() {
    return QSettings(QStringLiteral("TCP Lab"), QStringLiteral("tcplab"));
}

QString qs(std::string_view s) {
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

// Background and text colours of a state's chip: green when data can flow, amber while opening, orange while
// closing, grey when nothing is there.
std::pair<const char*, const char*> stateColors(TcpState s) {
    switch (s) {
    case TcpState::Closed:
        return {"#e0e0e0", "#424242"};
    case TcpState::Listen:
        return {"#bbdefb", "#0d47a1"};
    case TcpState::SynSent:
    case TcpState::SynReceived:
        return {"#ffe082", "#6d4c00"};
    case TcpState::Established:
        return {"#c8e6c9", "#1b5e20"};
    case TcpState::TimeWait:
        return {"#e1bee7", "#4a148c"};
    default:
        return {"#ffccbc", "#8d2b0b"};
    }
}

QString stateChip(TcpState s) {
    const auto [bg, fg] = stateColors(s);
    return QStringLiteral(
               "<span style=\"background-color:%1; color:%2; font-weight:600;\">&nbsp;%3&nbsp;</span>")
        .arg(QLatin1String(bg), QLatin1String(fg), qs(stateName(s)));
}

} // namespace

MainWindow::MainWindow(const QString& file, QWidget* parent)
    : QMainWindow(parent), model_(new TraceModel(this)) {
    buildUi();
    buildMenus();
    fillLessonCombo();

    if (!restoreGeometry(settings().value(QStringLiteral("mainWindow/geometry")).toByteArray()))
        resize(1180, 760);

    if (!file.isEmpty() && openLesson(file))
        return;
    if (!openLesson(kBuiltinPrefix + defaultScenarioName())) {
        titleLabel_->setText(tr("No lesson loaded"));
        descriptionLabel_->setText(tr("Open a lesson file with File → Open Lesson."));
        setWindowTitle(tr("TCP Lab"));
        updateCursorViews();
    }
}

MainWindow::~MainWindow() = default;

void MainWindow::buildUi() {
    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);

    // The lesson picker.
    auto* pickRow = new QHBoxLayout;
    auto* pickLabel = new QLabel(tr("&Lesson:"), central);
    lessonCombo_ = new QComboBox(central);
    lessonCombo_->setObjectName(QStringLiteral("lessonCombo"));
    lessonCombo_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    lessonCombo_->setMinimumContentsLength(28);
    pickLabel->setBuddy(lessonCombo_);
    pickRow->addWidget(pickLabel);
    pickRow->addWidget(lessonCombo_);
    pickRow->addStretch(1);
    layout->addLayout(pickRow);
    connect(lessonCombo_, &QComboBox::currentIndexChanged, this, &MainWindow::lessonChosen);

    // Title and description.
    titleLabel_ = new QLabel(central);
    titleLabel_->setObjectName(QStringLiteral("titleLabel"));
    QFont titleFont = titleLabel_->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.45);
    titleFont.setBold(true);
    titleLabel_->setFont(titleFont);
    titleLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(titleLabel_);

    descriptionLabel_ = new QLabel(central);
    descriptionLabel_->setObjectName(QStringLiteral("descriptionLabel"));
    descriptionLabel_->setWordWrap(true);
    descriptionLabel_->setTextFormat(Qt::PlainText);
    descriptionLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    descriptionLabel_->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    layout->addWidget(descriptionLabel_);

    // The hosts and their connections' states at the cursor.
    hostBox_ = new QGroupBox(tr("Connection states"), central);
    hostBox_->setObjectName(QStringLiteral("statePanel"));
    hostLayout_ = new QHBoxLayout(hostBox_);
    layout->addWidget(hostBox_);

    // Step / Back / Reset.
    auto* controls = new QHBoxLayout;
    resetButton_ =
        new QPushButton(style()->standardIcon(QStyle::SP_MediaSkipBackward), tr("&Reset"), central);
    resetButton_->setObjectName(QStringLiteral("resetButton"));
    backButton_ = new QPushButton(style()->standardIcon(QStyle::SP_MediaSeekBackward), tr("&Back"), central);
    backButton_->setObjectName(QStringLiteral("backButton"));
    stepButton_ = new QPushButton(style()->standardIcon(QStyle::SP_MediaSeekForward), tr("&Step"), central);
    stepButton_->setObjectName(QStringLiteral("stepButton"));
    stepButton_->setDefault(true);
    for (QPushButton* b : {resetButton_, backButton_, stepButton_}) {
        b->setMinimumWidth(b->sizeHint().width() + 16);
        controls->addWidget(b);
    }
    connect(resetButton_, &QPushButton::clicked, this, &MainWindow::resetCursor);
    connect(backButton_, &QPushButton::clicked, this, &MainWindow::stepBack);
    connect(stepButton_, &QPushButton::clicked, this, &MainWindow::stepForward);
    positionLabel_ = new QLabel(central);
    positionLabel_->setObjectName(QStringLiteral("positionLabel"));
    controls->addSpacing(12);
    controls->addWidget(positionLabel_, 1);
    layout->addLayout(controls);

    // The teacher's note of the latest step that has one.
    noteLabel_ = new QLabel(central);
    noteLabel_->setObjectName(QStringLiteral("noteLabel"));
    noteLabel_->setWordWrap(true);
    noteLabel_->setTextFormat(Qt::PlainText);
    noteLabel_->setFrameShape(QFrame::StyledPanel);
    noteLabel_->setMargin(6);
    noteLabel_->setStyleSheet(
        QStringLiteral("QLabel { background-color: #fff8e1; color: #3e2723; border: 1px solid #ffe082; }"));
    layout->addWidget(noteLabel_);

    // The trace.
    table_ = new QTableView(central);
    table_->setObjectName(QStringLiteral("eventTable"));
    table_->setModel(model_);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setAlternatingRowColors(true);
    table_->setWordWrap(false);
    table_->setShowGrid(false);
    table_->verticalHeader()->hide();
    const QFontMetrics fm(table_->font());
    table_->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    table_->verticalHeader()->setDefaultSectionSize(fm.height() + 8);
    QHeaderView* header = table_->horizontalHeader();
    header->setHighlightSections(false);
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setSectionResizeMode(TraceModel::ColDetails, QHeaderView::Stretch);
    header->resizeSection(TraceModel::ColStep, fm.horizontalAdvance(QStringLiteral("00000")) + 30);
    header->resizeSection(TraceModel::ColTime, fm.horizontalAdvance(QStringLiteral("000.000000")) + 20);
    header->resizeSection(TraceModel::ColHost, fm.horizontalAdvance(QStringLiteral("client-long")) + 16);
    header->resizeSection(TraceModel::ColEvent,
                          fm.horizontalAdvance(QStringLiteral("Data to the application")) + 24);
    header->resizeSection(TraceModel::ColRfc, fm.horizontalAdvance(QStringLiteral("§3.10.7.4")) + 20);
    layout->addWidget(table_, 1);
    connect(table_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
                // The user picked a row: the cursor follows without scrolling the table under the mouse.
                if (!syncingSelection_ && current.isValid()) {
                    model_->setCursor(current.row());
                    updateCursorViews();
                }
            });

    setCentralWidget(central);

    auto* sourceLabel = new QLabel(this);
    sourceLabel->setObjectName(QStringLiteral("sourceLabel"));
    statusBar()->addWidget(sourceLabel, 1);
}

void MainWindow::buildMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* open = file->addAction(tr("&Open Lesson…"), this, &MainWindow::chooseFile);
    open->setShortcut(QKeySequence::Open);
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);

    QMenu* sim = menuBar()->addMenu(tr("Si&mulation"));
    stepAction_ = sim->addAction(stepButton_->icon(), tr("Step"), this, &MainWindow::stepForward);
    stepAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Right));
    backAction_ = sim->addAction(backButton_->icon(), tr("Back"), this, &MainWindow::stepBack);
    backAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Left));
    resetAction_ = sim->addAction(resetButton_->icon(), tr("Reset"), this, &MainWindow::resetCursor);
    resetAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));

    stepButton_->setToolTip(
        tr("Show the next event (%1)").arg(stepAction_->shortcut().toString(QKeySequence::NativeText)));
    backButton_->setToolTip(
        tr("Go back one event (%1)").arg(backAction_->shortcut().toString(QKeySequence::NativeText)));
    resetButton_->setToolTip(tr("Go back to the start, before the first event (%1)")
                                 .arg(resetAction_->shortcut().toString(QKeySequence::NativeText)));
}

void MainWindow::fillLessonCombo() {
    const QSignalBlocker blocker(lessonCombo_);
    lessonCombo_->clear();
    for (const QString& name : builtinScenarioNames()) {
        const ScenarioLoad load = parseScenarioJson(builtinScenarioJson(name));
        const QString title = load.scenario ? localized(load.scenario->title) : QString();
        lessonCombo_->addItem(title.isEmpty() ? name : title, kBuiltinPrefix + name);
        const int i = lessonCombo_->count() - 1;
        lessonCombo_->setItemData(i, false, kIsFileRole);
        lessonCombo_->setItemData(i, name, Qt::ToolTipRole);
    }
}

// Shows the current lesson in the combo box: a built-in one by its entry, a file as an extra last entry.
void MainWindow::syncLessonCombo() {
    const QSignalBlocker blocker(lessonCombo_);
    const int last = lessonCombo_->count() - 1;
    if (last >= 0 && lessonCombo_->itemData(last, kIsFileRole).toBool())
        lessonCombo_->removeItem(last);
    int index = lessonCombo_->findData(current_);
    if (index < 0 && !current_.isEmpty()) {
        lessonCombo_->addItem(style()->standardIcon(QStyle::SP_FileIcon),
                              tr("%1 (%2)").arg(lessonTitle(), QFileInfo(current_).fileName()), current_);
        index = lessonCombo_->count() - 1;
        lessonCombo_->setItemData(index, true, kIsFileRole);
        lessonCombo_->setItemData(index, QDir::toNativeSeparators(current_), Qt::ToolTipRole);
    }
    lessonCombo_->setCurrentIndex(index);
}

void MainWindow::lessonChosen(int index) {
    const QString argument = lessonCombo_->itemData(index).toString();
    if (argument.isEmpty() || argument == current_)
        return;
    if (!openLesson(argument))
        syncLessonCombo(); // back to the lesson still shown
}

void MainWindow::chooseFile() {
    QSettings s = settings();
    const QString dir = s.value(QStringLiteral("lastDirectory")).toString();
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Lesson"), dir,
                                                      tr("TCP Lab lessons (*.json);;All files (*)"));
    if (path.isEmpty())
        return;
    s.setValue(QStringLiteral("lastDirectory"), QFileInfo(path).absolutePath());
    openFile(path);
}

bool MainWindow::openLesson(const QString& argument) {
    if (!argument.startsWith(kBuiltinPrefix))
        return openFile(argument);

    ScenarioLoad load = loadScenarioArgument(argument);
    return loadScenario(std::move(load), argument, argument.mid(kBuiltinPrefix.size()));
}

bool MainWindow::openFile(const QString& path) {
    const QFileInfo info(path);
    return loadScenario(loadScenarioFile(path), info.absoluteFilePath(), info.fileName());
}

bool MainWindow::loadScenario(ScenarioLoad load, const QString& argument, const QString& shownName) {
    QString error = load.error;
    if (load.scenario && error.isEmpty()) {
        const std::string problem = checkScenario(*load.scenario);
        if (!problem.empty())
            error = QString::fromStdString(problem);
    } else if (error.isEmpty()) {
        error = tr("the file could not be read");
    }

    Trace trace;
    if (error.isEmpty()) {
        try {
            Simulation sim(*load.scenario);
            sim.run();
            trace = sim.trace();
        } catch (const std::exception& e) {
            error = tr("the simulation failed: %1").arg(QString::fromUtf8(e.what()));
        }
    }
    if (!error.isEmpty()) {
        lastError_ = error;
        showError(tr("Cannot Open Lesson"), tr("The lesson “%1” could not be opened.").arg(shownName), error);
        return false;
    }

    lastError_.clear();
    current_ = argument;
    scenario_ = std::move(load.scenario);
    std::map<int, QString> notes;
    for (const TeacherNote& n : scenario_->notes)
        notes[n.step - 1] = localized(n.text);
    model_->setTrace(std::move(trace), std::move(notes));

    const QString title = lessonTitle();
    titleLabel_->setText(title);
    descriptionLabel_->setText(localized(scenario_->description));
    descriptionLabel_->setVisible(!descriptionLabel_->text().isEmpty());
    setWindowTitle(tr("%1 — TCP Lab").arg(title));
    noteLabel_->setVisible(!scenario_->notes.empty());
    if (auto* source = statusBar()->findChild<QLabel*>(QStringLiteral("sourceLabel"))) {
        source->setText(tr("%1 · seed %2 · %3 events")
                            .arg(QDir::toNativeSeparators(argument))
                            .arg(scenario_->seed)
                            .arg(model_->rowCount()));
    }
    rebuildHostPanel();
    syncLessonCombo();
    setCursor(-1);
    updateCursorViews();
    return true;
}

void MainWindow::showError(const QString& title, const QString& text, const QString& details) {
    auto* box = new QMessageBox(QMessageBox::Critical, title, text, QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("errorDialog"));
    box->setInformativeText(details);
    // Loader messages are long single lines ("hosts[0].tcp.mss: expected …"): give them room before wrapping.
    if (auto* grid = qobject_cast<QGridLayout*>(box->layout()))
        grid->addItem(new QSpacerItem(440, 0, QSizePolicy::Minimum, QSizePolicy::Expanding), grid->rowCount(),
                      0, 1, grid->columnCount());
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open(); // window-modal, returns at once
}

QString MainWindow::lessonTitle() const {
    return scenario_ ? localized(scenario_->title) : QString();
}

int MainWindow::cursor() const {
    return model_->cursor();
}

void MainWindow::stepForward() {
    setCursor(model_->cursor() + 1);
}

void MainWindow::stepBack() {
    setCursor(model_->cursor() - 1);
}

void MainWindow::resetCursor() {
    setCursor(-1);
}

void MainWindow::setCursor(int row) {
    model_->setCursor(row);
    const int cur = model_->cursor();
    syncingSelection_ = true;
    if (cur < 0) {
        table_->selectionModel()->clear();
        table_->scrollToTop();
    } else {
        const QModelIndex index = model_->index(cur, 0);
        table_->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect |
                                                             QItemSelectionModel::Rows);
        // Keep a few of the coming events in view: re-centre when the cursor nears an edge.
        const QRect rect = table_->visualRect(index);
        const int margin = 3 * table_->verticalHeader()->defaultSectionSize();
        const bool nearEdge = rect.top() < margin || rect.bottom() > table_->viewport()->height() - margin;
        table_->scrollTo(index,
                         nearEdge ? QAbstractItemView::PositionAtCenter : QAbstractItemView::EnsureVisible);
    }
    syncingSelection_ = false;
    updateCursorViews();
}

void MainWindow::rebuildHostPanel() {
    for (QWidget* w : hostFrames_)
        delete w;
    hostFrames_.clear();
    hostStateLabels_.clear();
    while (QLayoutItem* item = hostLayout_->takeAt(0))
        delete item;

    const Trace& trace = model_->trace();
    for (std::size_t h = 0; h < trace.hostNames.size(); ++h) {
        auto* frame = new QFrame(hostBox_);
        frame->setObjectName(QStringLiteral("hostFrame%1").arg(h));
        frame->setFrameShape(QFrame::StyledPanel);
        frame->setAutoFillBackground(true);
        frame->setMinimumWidth(220);
        auto* v = new QVBoxLayout(frame);
        v->setContentsMargins(10, 6, 10, 8);
        const QString addr =
            h < trace.hostAddrs.size() ? QString::fromStdString(formatIpv4(trace.hostAddrs[h])) : QString();
        auto* name = new QLabel(QStringLiteral("<b>%1</b>&nbsp;&nbsp;<span style=\"color:#757575\">%2</span>")
                                    .arg(QString::fromStdString(trace.hostNames[h]).toHtmlEscaped(), addr),
                                frame);
        auto* state = new QLabel(frame);
        state->setObjectName(QStringLiteral("hostState%1").arg(h));
        state->setTextFormat(Qt::RichText);
        v->addWidget(name);
        v->addWidget(state);
        v->addStretch(1);
        hostLayout_->addWidget(frame);
        hostFrames_.push_back(frame);
        hostStateLabels_.push_back(state);
    }
    hostLayout_->addStretch(1);
}

void MainWindow::updateCursorViews() {
    const int cur = model_->cursor();
    const int rows = model_->rowCount();
    const bool loaded = rows > 0;
    stepButton_->setEnabled(loaded && cur < rows - 1);
    stepAction_->setEnabled(stepButton_->isEnabled());
    backButton_->setEnabled(cur >= 0);
    backAction_->setEnabled(cur >= 0);
    resetButton_->setEnabled(cur >= 0);
    resetAction_->setEnabled(cur >= 0);

    if (!loaded)
        positionLabel_->setText(QString());
    else if (cur < 0)
        positionLabel_->setText(tr("Start: nothing has happened yet (%1 events in this run)").arg(rows));
    else
        positionLabel_->setText(
            tr("Event %1 of %2  ·  t = %3 s")
                .arg(cur + 1)
                .arg(rows)
                .arg(TraceModel::formatSeconds(model_->trace().events[static_cast<std::size_t>(cur)].at)));

    // The hosts' connections.
    const Trace& trace = model_->trace();
    const auto states = connectionStatesAt(trace, cur);
    const TraceEvent* ev = cur >= 0 ? &trace.events[static_cast<std::size_t>(cur)] : nullptr;
    for (std::size_t h = 0; h < hostStateLabels_.size(); ++h) {
        QStringList lines;
        if (h < states.size()) {
            for (const ConnectionState& cs : states[h]) {
                QString where;
                if (cs.conn < trace.connections.size()) {
                    const ConnectionRecord& c = trace.connections[cs.conn];
                    where = c.listener ? tr("port %1").arg(c.local.port)
                                       : QStringLiteral(":%1 ↔ %2:%3")
                                             .arg(c.local.port)
                                             .arg(QString::fromStdString(formatIpv4(c.remote.addr)))
                                             .arg(c.remote.port);
                }
                lines << stateChip(cs.state) +
                             QStringLiteral("&nbsp;&nbsp;<span style=\"color:#616161\">%1</span>")
                                 .arg(where.toHtmlEscaped());
            }
        }
        if (lines.isEmpty())
            lines << stateChip(TcpState::Closed);
        hostStateLabels_[h]->setText(lines.join(QStringLiteral("<br>")));

        // The host whose state the current event changed stands out.
        const bool changed = ev && ev->kind == TraceKind::StateChange && ev->host == h;
        QPalette pal = hostFrames_[h]->palette();
        pal.setColor(QPalette::Window,
                     changed ? QColor(0xff, 0xf5, 0x9d) : palette().color(QPalette::Window));
        hostFrames_[h]->setPalette(pal);
    }

    // The latest teacher's note at or before the cursor.
    if (scenario_ && !scenario_->notes.empty()) {
        int bestStep = 0;
        QString text;
        for (const TeacherNote& n : scenario_->notes) {
            if (n.step - 1 <= cur && n.step > bestStep) {
                bestStep = n.step;
                text = localized(n.text);
            }
        }
        noteLabel_->setText(bestStep > 0
                                ? tr("Note (event %1): %2").arg(bestStep).arg(text)
                                : tr("The teacher's notes appear here as you step through the events."));
    }
}

void MainWindow::closeEvent(QCloseEvent* event) {
    settings().setValue(QStringLiteral("mainWindow/geometry"), saveGeometry());
    QMainWindow::closeEvent(event);
}

} // namespace tcplab::ui
