#include "main_window.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QInputDialog>
#include <QKeySequence>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSignalBlocker>
#include <QSlider>
#include <QStatusBar>
#include <QStyle>
#include <QTimer>
#include <QToolBar>
#include <QUndoStack>
#include <QUndoView>
#include <QVBoxLayout>

#include <exception>

#include "appearance.h"
#include "ask.h"
#include "autosave.h"
#include "export_menu.h"
#include "i18n.h"
#include "inspectors.h"
#include "io/builtin.h"
#include "io/scenario_json.h"
#include "ladder_view.h"
#include "player_controller.h"
#include "quiz.h"
#include "scenario_commands.h"
#include "scenario_editor.h"
#include "socket_table.h"
#include "state_diagram.h"
#include "trace_model.h"
#include "what_if.h"

namespace tcplab::ui {

namespace {

const QString kBuiltinPrefix = QStringLiteral("builtin:");
constexpr int kLayoutVersion = 2;
constexpr int kMaxRecent = 8;

QSettings settings() {
    return QSettings(QStringLiteral("TCP Lab"), QStringLiteral("tcplab"));
}

const double kSpeeds[] = {0.5, 1, 2, 4, 8, 16, 50, 200};

} // namespace

MainWindow::MainWindow(const QString& file, QWidget* parent)
    : QMainWindow(parent), controller_(new PlayerController(this)), model_(new TraceModel(this)) {
    setObjectName(QStringLiteral("mainWindow"));
    setAcceptDrops(true);
    setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowTabbedDocks |
                   QMainWindow::AllowNestedDocks);
    ladder_ = new LadderView(controller_, this);
    setCentralWidget(ladder_);
    doc_ = new ScenarioDocument(this);
    autosave_ = new Autosave(doc_, QString(), this);
    connect(doc_, &ScenarioDocument::scenarioChanged, this, &MainWindow::documentChanged);
    connect(doc_, &ScenarioDocument::modifiedChanged, this, &MainWindow::updateTitle);
    connect(ladder_, &LadderView::segmentContextMenuRequested, this,
            [this](std::uint32_t seg, const QPoint& pos) { showWhatIfMenu(segmentWhatIfMenu(seg), pos); });
    connect(ladder_, &LadderView::datagramContextMenuRequested, this,
            [this](std::uint32_t d, const QPoint& pos) { showWhatIfMenu(datagramWhatIfMenu(d), pos); });
    connect(ladder_, &LadderView::laneContextMenuRequested, this,
            [this](int host, int row, const QPoint& pos) {
                // The action is for the moment shown: the click moves the cursor there first.
                controller_->setCursor(row);
                showWhatIfMenu(laneWhatIfMenu(host, row), pos);
            });
    buildActions();
    buildToolBar();
    buildDocks();
    buildMenus();
    sourceLabel_ = new QLabel(this);
    sourceLabel_->setObjectName(QStringLiteral("sourceLabel"));
    statusBar()->addWidget(sourceLabel_, 1);
    retranslate();
    fillLessonList();

    // Lessons arrive from the controller's worker (or from a direct PlayerController::load()).
    connect(controller_, &PlayerController::lessonLoaded, this, &MainWindow::lessonReady);
    connect(controller_, &PlayerController::loadStarted, this, [this] {
        progressDelay_.start();
        updateProgress();
    });
    connect(controller_, &PlayerController::loadCancelled, this, [this] {
        pending_.reset();
        loadEnded();
        fillLessonList(); // the browser shows the lesson that stayed
    });
    connect(controller_, &PlayerController::loadFailed, this, [this](const QString& message) {
        const std::optional<PendingLoad> failed = std::move(pending_);
        pending_.reset();
        loadEnded();
        fillLessonList();
        lastError_ = tr("the simulation failed: %1").arg(message);
        if (failed && failed->rerun) {
            showError(tr("Cannot Run Lesson"), tr("The edited lesson could not be run."), lastError_);
            return;
        }
        showError(tr("Cannot Open Lesson"),
                  tr("The lesson “%1” could not be opened.").arg(failed ? failed->shownName : QString()),
                  lastError_);
        // Started on a lesson that cannot run: the default one instead.
        const QString fallback = kBuiltinPrefix + defaultScenarioName();
        if (!controller_->hasLesson() && !controller_->isLoading() && failed && failed->argument != fallback)
            openLesson(fallback);
    });
    progressDelay_.setSingleShot(true);
    progressDelay_.setInterval(300);
    connect(&progressDelay_, &QTimer::timeout, this, &MainWindow::showProgress);
    progressPoll_.setInterval(100);
    connect(&progressPoll_, &QTimer::timeout, this, &MainWindow::updateProgress);
    connect(controller_, &PlayerController::cursorChanged, this, &MainWindow::updateTransport);
    connect(controller_, &PlayerController::playingChanged, this, &MainWindow::updateTransport);
    connect(controller_, &PlayerController::followedChanged, this, [this](int c) {
        const QSignalBlocker b(conversationCombo_);
        conversationCombo_->setCurrentIndex(c);
    });

    // The default layout, then the saved one.
    resize(1280, 800);
    defaultState_ = saveState(kLayoutVersion);
    QSettings s = settings();
    restoreGeometry(s.value(QStringLiteral("mainWindow/geometry")).toByteArray());
    hasSavedLayout_ = restoreState(s.value(QStringLiteral("mainWindow/state")).toByteArray(), kLayoutVersion);
    ladder_->setAxis(s.value(QStringLiteral("ladder/timeAxis")).toBool() ? LadderView::Axis::TimeProportional
                                                                         : LadderView::Axis::EventPerRow);
    timeAxisAction_->setChecked(ladder_->axis() == LadderView::Axis::TimeProportional);
    ladder_->setRelativeNumbers(s.value(QStringLiteral("ladder/relative"), true).toBool());
    relativeAction_->setChecked(ladder_->relativeNumbers());

    if (!file.isEmpty() && openLesson(file))
        return;
    if (!openLesson(kBuiltinPrefix + defaultScenarioName())) {
        setWindowTitle(tr("TCP Lab"));
        updateTransport();
    }
}

MainWindow::~MainWindow() {
    // The editor first (a field losing focus as it goes still edits the document), then the document, whose
    // undo stack signals while it is destroyed (it clears itself), before this window's other parts go.
    delete editorDock_;
    delete autosave_;
    delete doc_;
}

QDockWidget* MainWindow::addDock(QWidget* widget, const QString& objectName, Qt::DockWidgetArea area) {
    auto* dock = new QDockWidget(this);
    dock->setObjectName(objectName);
    dock->setWidget(widget);
    dock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable |
                      QDockWidget::DockWidgetClosable);
    addDockWidget(area, dock);
    return dock;
}

void MainWindow::buildActions() {
    auto make = [this](const char* name, QStyle::StandardPixmap icon) {
        auto* a = new QAction(style()->standardIcon(icon), QString(), this);
        a->setObjectName(QLatin1String(name));
        addAction(a); // shortcuts work wherever the focus is in the window
        return a;
    };
    openAction_ = make("openAction", QStyle::SP_DialogOpenButton);
    openAction_->setShortcut(QKeySequence::Open);
    connect(openAction_, &QAction::triggered, this, &MainWindow::chooseFile);
    saveAction_ = make("saveAction", QStyle::SP_DialogSaveButton);
    saveAction_->setShortcut(QKeySequence::Save);
    connect(saveAction_, &QAction::triggered, this, &MainWindow::save);
    saveAsAction_ = make("saveAsAction", QStyle::SP_DialogSaveButton);
    saveAsAction_->setShortcut(QKeySequence::SaveAs);
    connect(saveAsAction_, &QAction::triggered, this, &MainWindow::chooseSaveFile);
    // Our own undo and redo actions (not QUndoStack's): their text follows a language switch.
    QUndoStack* stack = doc_->undoStack();
    undoAction_ = new QAction(this);
    undoAction_->setObjectName(QStringLiteral("undoAction"));
    undoAction_->setShortcut(QKeySequence::Undo);
    undoAction_->setEnabled(false);
    connect(undoAction_, &QAction::triggered, stack, &QUndoStack::undo);
    connect(stack, &QUndoStack::canUndoChanged, undoAction_, &QAction::setEnabled);
    addAction(undoAction_);
    redoAction_ = new QAction(this);
    redoAction_->setObjectName(QStringLiteral("redoAction"));
    redoAction_->setShortcut(QKeySequence::Redo);
    redoAction_->setEnabled(false);
    connect(redoAction_, &QAction::triggered, stack, &QUndoStack::redo);
    connect(stack, &QUndoStack::canRedoChanged, redoAction_, &QAction::setEnabled);
    addAction(redoAction_);
    auto undoTexts = [this, stack] {
        undoAction_->setText(stack->canUndo() ? tr("&Undo %1").arg(stack->undoText()) : tr("&Undo"));
        redoAction_->setText(stack->canRedo() ? tr("&Redo %1").arg(stack->redoText()) : tr("&Redo"));
    };
    connect(stack, &QUndoStack::indexChanged, this, undoTexts);
    connect(stack, &QUndoStack::cleanChanged, this, undoTexts);
    connect(this, &MainWindow::languageRetranslated, this, undoTexts);
    editorAction_ = new QAction(this);
    editorAction_->setObjectName(QStringLiteral("scenarioEditorAction"));
    editorAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    connect(editorAction_, &QAction::triggered, this, [this] {
        for (QDockWidget* d : {historyDock_, editorDock_}) {
            d->show();
            d->raise();
        }
    });
    quitAction_ = new QAction(this);
    quitAction_->setShortcut(QKeySequence::Quit);
    quitAction_->setMenuRole(QAction::QuitRole);
    connect(quitAction_, &QAction::triggered, this, &QWidget::close);

    startAction_ = make("startAction", QStyle::SP_MediaSkipBackward);
    startAction_->setShortcut(Qt::Key_Home);
    connect(startAction_, &QAction::triggered, controller_, &PlayerController::toStart);
    prevChangeAction_ = make("prevChangeAction", QStyle::SP_ArrowUp);
    prevChangeAction_->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_Left));
    connect(prevChangeAction_, &QAction::triggered, controller_, &PlayerController::previousStateChange);
    backAction_ = make("backAction", QStyle::SP_MediaSeekBackward);
    backAction_->setShortcut(Qt::Key_Left);
    connect(backAction_, &QAction::triggered, controller_, &PlayerController::stepBack);
    playAction_ = make("playAction", QStyle::SP_MediaPlay);
    playAction_->setShortcut(Qt::Key_Space);
    connect(playAction_, &QAction::triggered, controller_, &PlayerController::togglePlay);
    stepAction_ = make("stepAction", QStyle::SP_MediaSeekForward);
    stepAction_->setShortcut(Qt::Key_Right);
    connect(stepAction_, &QAction::triggered, controller_, &PlayerController::stepForward);
    nextChangeAction_ = make("nextChangeAction", QStyle::SP_ArrowDown);
    nextChangeAction_->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_Right));
    connect(nextChangeAction_, &QAction::triggered, controller_, &PlayerController::nextStateChange);
    endAction_ = make("endAction", QStyle::SP_MediaSkipForward);
    endAction_->setShortcut(Qt::Key_End);
    connect(endAction_, &QAction::triggered, controller_, &PlayerController::toEnd);

    relativeAction_ = new QAction(this);
    relativeAction_->setCheckable(true);
    relativeAction_->setChecked(true);
    connect(relativeAction_, &QAction::toggled, this, [this](bool on) {
        ladder_->setRelativeNumbers(on);
        settings().setValue(QStringLiteral("ladder/relative"), on);
    });
    timeAxisAction_ = new QAction(this);
    timeAxisAction_->setCheckable(true);
    connect(timeAxisAction_, &QAction::toggled, this, [this](bool on) {
        ladder_->setAxis(on ? LadderView::Axis::TimeProportional : LadderView::Axis::EventPerRow);
        settings().setValue(QStringLiteral("ladder/timeAxis"), on);
    });
    zoomInAction_ = new QAction(this);
    zoomInAction_->setShortcut(QKeySequence::ZoomIn);
    connect(zoomInAction_, &QAction::triggered, this, [this] { ladder_->zoomBy(1.25); });
    zoomOutAction_ = new QAction(this);
    zoomOutAction_->setShortcut(QKeySequence::ZoomOut);
    connect(zoomOutAction_, &QAction::triggered, this, [this] { ladder_->zoomBy(0.8); });
    zoomResetAction_ = new QAction(this);
    zoomResetAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));
    connect(zoomResetAction_, &QAction::triggered, this, [this] { ladder_->resetZoom(); });
    resetLayoutAction_ = new QAction(this);
    connect(resetLayoutAction_, &QAction::triggered, this, [this] {
        for (QDockWidget* d : findChildren<QDockWidget*>()) {
            d->setFloating(false);
            d->show();
        }
        restoreState(defaultState_, kLayoutVersion);
        sizeDocks();
    });

    auto* langs = new QActionGroup(this);
    langSystem_ = langs->addAction(QString());
    langEnglish_ = langs->addAction(QStringLiteral("English"));
    langChinese_ = langs->addAction(QStringLiteral("中文（简体）"));
    for (QAction* a : langs->actions())
        a->setCheckable(true);
    langSystem_->setObjectName(QStringLiteral("langSystem"));
    langEnglish_->setObjectName(QStringLiteral("langEnglish"));
    langChinese_->setObjectName(QStringLiteral("langChinese"));
    connect(langSystem_, &QAction::triggered, this, [this] { setLanguage(QString()); });
    connect(langEnglish_, &QAction::triggered, this, [this] { setLanguage(QStringLiteral("en")); });
    connect(langChinese_, &QAction::triggered, this, [this] { setLanguage(QStringLiteral("zh_CN")); });
    const QString saved = settings().value(QStringLiteral("language")).toString();
    (saved == QLatin1String("en")            ? langEnglish_
     : saved.startsWith(QLatin1String("zh")) ? langChinese_
                                             : langSystem_)
        ->setChecked(true);

    aboutAction_ = new QAction(this);
    connect(aboutAction_, &QAction::triggered, this, [this] {
        QMessageBox::about(
            this, tr("About TCP Lab"),
            tr("<b>TCP Lab %1</b><p>An educational simulator of TCP's state machine (RFC 9293): "
               "step through a connection one event at a time.</p>")
                .arg(QCoreApplication::applicationVersion()));
    });
}

void MainWindow::buildToolBar() {
    transport_ = addToolBar(QString());
    transport_->setObjectName(QStringLiteral("transportBar"));
    transport_->setMovable(false);
    transport_->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    transport_->addAction(startAction_);
    transport_->addAction(backAction_);
    transport_->addAction(playAction_);
    transport_->addAction(stepAction_);
    transport_->addAction(nextChangeAction_);
    transport_->addAction(endAction_);
    transport_->addSeparator();
    speedLabel_ = new QLabel(transport_);
    transport_->addWidget(speedLabel_);
    speedCombo_ = new QComboBox(transport_);
    speedCombo_->setObjectName(QStringLiteral("speedCombo"));
    for (double s : kSpeeds)
        speedCombo_->addItem(QString(), s);
    speedCombo_->setCurrentIndex(3);
    connect(speedCombo_, &QComboBox::currentIndexChanged, this,
            [this] { controller_->setSpeed(speedCombo_->currentData().toDouble()); });
    transport_->addWidget(speedCombo_);
    transport_->addSeparator();
    scrubber_ = new QSlider(Qt::Horizontal, transport_);
    scrubber_->setObjectName(QStringLiteral("scrubber"));
    scrubber_->setMinimumWidth(160);
    scrubber_->setFocusPolicy(Qt::NoFocus);
    connect(scrubber_, &QSlider::valueChanged, controller_, &PlayerController::setCursor);
    transport_->addWidget(scrubber_);
    positionLabel_ = new QLabel(transport_);
    positionLabel_->setObjectName(QStringLiteral("positionLabel"));
    positionLabel_->setMinimumWidth(
        positionLabel_->fontMetrics().horizontalAdvance(QStringLiteral("000000 / 000000")) + 12);
    positionLabel_->setAlignment(Qt::AlignCenter);
    transport_->addWidget(positionLabel_);
}

void MainWindow::buildDocks() {
    // The default layout: the state diagram and the TCBs on the right; the narration, the event list (with
    // the lesson browser behind it) and the segment inspector along the bottom.
    auto* diagramBox = new QWidget(this);
    auto* dl = new QVBoxLayout(diagramBox);
    dl->setContentsMargins(4, 4, 4, 4);
    auto* row = new QHBoxLayout;
    conversationLabel_ = new QLabel(diagramBox);
    conversationCombo_ = new QComboBox(diagramBox);
    conversationCombo_->setObjectName(QStringLiteral("conversationCombo"));
    conversationCombo_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    conversationCombo_->setMinimumContentsLength(16);
    conversationLabel_->setBuddy(conversationCombo_);
    row->addWidget(conversationLabel_);
    row->addWidget(conversationCombo_, 1);
    dl->addLayout(row);
    diagram_ = new StateDiagram(controller_, diagramBox);
    dl->addWidget(diagram_, 1);
    connect(conversationCombo_, &QComboBox::currentIndexChanged, controller_, &PlayerController::setFollowed);
    diagramDock_ = addDock(diagramBox, QStringLiteral("diagramDock"), Qt::RightDockWidgetArea);

    tcb_ = new TcbPanel(controller_, this);
    tcbDock_ = addDock(tcb_, QStringLiteral("tcbDock"), Qt::RightDockWidgetArea);

    segment_ = new SegmentInspector(controller_, this);
    segmentDock_ = addDock(segment_, QStringLiteral("segmentDock"), Qt::RightDockWidgetArea);
    tabifyDockWidget(tcbDock_, segmentDock_);
    tcbDock_->raise();

    narration_ = new NarrationPanel(controller_, this);
    narrationDock_ = addDock(narration_, QStringLiteral("narrationDock"), Qt::BottomDockWidgetArea);
    events_ = new EventList(controller_, model_, this);
    eventsDock_ = addDock(events_, QStringLiteral("eventsDock"), Qt::BottomDockWidgetArea);
    splitDockWidget(narrationDock_, eventsDock_, Qt::Horizontal);

    auto* lessons = new QWidget(this);
    auto* ll = new QVBoxLayout(lessons);
    ll->setContentsMargins(4, 4, 4, 4);
    lessonList_ = new QListWidget(lessons);
    lessonList_->setObjectName(QStringLiteral("lessonList"));
    lessonDescription_ = new QLabel(lessons);
    lessonDescription_->setObjectName(QStringLiteral("lessonDescription"));
    lessonDescription_->setWordWrap(true);
    lessonDescription_->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    lessonDescription_->setTextFormat(Qt::PlainText);
    lessonDescription_->setMinimumWidth(120);
    auto* lessonRow = new QHBoxLayout;
    lessonRow->addWidget(lessonList_, 3);
    lessonRow->addWidget(lessonDescription_, 2);
    ll->addLayout(lessonRow);
    connect(lessonList_, &QListWidget::currentItemChanged, this, [this](QListWidgetItem* item) {
        if (!item)
            return;
        lessonDescription_->setText(item->toolTip());
        const QString argument = item->data(Qt::UserRole).toString();
        if (argument != current_ && !openLesson(argument))
            fillLessonList();
    });
    lessonsDock_ = addDock(lessons, QStringLiteral("lessonsDock"), Qt::BottomDockWidgetArea);
    tabifyDockWidget(eventsDock_, lessonsDock_);
    // The socket table (netstat -anp at the cursor, counts over time, reassembly buffers): another tab.
    sockets_ = new SocketTablePanel(controller_, this);
    socketDock_ = addDock(sockets_, QStringLiteral("socketDock"), Qt::BottomDockWidgetArea);
    tabifyDockWidget(lessonsDock_, socketDock_);

    // The scenario editor and its undo history: hidden until Edit → Scenario Editor, then as tabs beside
    // the state diagram and the event list.
    editor_ = new ScenarioEditor(doc_, this);
    editorDock_ = addDock(editor_, QStringLiteral("editorDock"), Qt::RightDockWidgetArea);
    tabifyDockWidget(diagramDock_, editorDock_);
    history_ = new QUndoView(doc_->undoStack(), this);
    history_->setObjectName(QStringLiteral("undoHistory"));
    historyDock_ = addDock(history_, QStringLiteral("historyDock"), Qt::BottomDockWidgetArea);
    tabifyDockWidget(eventsDock_, historyDock_);
    editorDock_->hide();
    historyDock_->hide();
    diagramDock_->raise();
    eventsDock_->raise();
    setCorner(Qt::BottomRightCorner, Qt::RightDockWidgetArea);

    // Quiz mode: its panel in front of the event list, shown while the mode is on.
    quiz_ = new QuizPanel(controller_, this);
    quizDock_ = addDock(quiz_, QStringLiteral("quizDock"), Qt::BottomDockWidgetArea);
    tabifyDockWidget(eventsDock_, quizDock_); // in front of the event list while quiz mode is on
    quizDock_->hide();
    eventsDock_->raise(); // tabifying and hiding the quiz panel made another tab current
    connect(quiz_->toggleAction(), &QAction::toggled, this, [this](bool on) {
        quizDock_->setVisible(on);
        ladder_->setHideFuture(on); // the faded future would give the answers away
        if (on)
            quizDock_->raise();
        else
            eventsDock_->raise();
    });
    connect(quiz_, &QuizPanel::revealedUpTo, this, [this](int row) {
        events_->filter()->setLastRow(row); // so would the event list's later rows
    });
}

void MainWindow::sizeDocks() {
    // In proportion to the window, so that both 1366×768 and 1920×1080 start well laid out.
    const int w = width();
    const int h = height();
    resizeDocks({diagramDock_}, {std::max(440, w * 34 / 100)}, Qt::Horizontal);
    resizeDocks({diagramDock_, tcbDock_}, {h * 50 / 100, h * 50 / 100}, Qt::Vertical);
    resizeDocks({narrationDock_}, {std::max(190, h * 28 / 100)}, Qt::Vertical);
    resizeDocks({narrationDock_, eventsDock_}, {w * 30 / 100, w * 36 / 100}, Qt::Horizontal);
}

void MainWindow::buildMenus() {
    fileMenu_ = menuBar()->addMenu(QString());
    fileMenu_->addAction(openAction_);
    recentMenu_ = fileMenu_->addMenu(QString());
    recentMenu_->setObjectName(QStringLiteral("recentMenu"));
    fileMenu_->addAction(saveAction_);
    fileMenu_->addAction(saveAsAction_);
    exportMenu_ = new ExportMenu(this);
    fileMenu_->addMenu(exportMenu_);
    fileMenu_->addSeparator();
    fileMenu_->addAction(quitAction_);

    editMenu_ = menuBar()->addMenu(QString());
    editMenu_->setObjectName(QStringLiteral("editMenu"));
    editMenu_->addAction(undoAction_);
    editMenu_->addAction(redoAction_);
    editMenu_->addSeparator();
    editMenu_->addAction(editorAction_);

    viewMenu_ = menuBar()->addMenu(QString());
    viewMenu_->addAction(relativeAction_);
    viewMenu_->addAction(timeAxisAction_);
    viewMenu_->addSeparator();
    viewMenu_->addAction(zoomInAction_);
    viewMenu_->addAction(zoomOutAction_);
    viewMenu_->addAction(zoomResetAction_);
    viewMenu_->addSeparator();
    panelsMenu_ = viewMenu_->addMenu(QString());
    for (QDockWidget* d : {narrationDock_, diagramDock_, tcbDock_, segmentDock_, eventsDock_, lessonsDock_,
                           editorDock_, historyDock_})
        panelsMenu_->addAction(d->toggleViewAction());
    panelsMenu_->addAction(socketDock_->toggleViewAction());
    viewMenu_->addAction(resetLayoutAction_);
    viewMenu_->addSeparator();
    appearance_ = new Appearance(ladder_, diagram_, this);
    viewMenu_->addAction(appearance_->presentationAction());
    viewMenu_->addAction(appearance_->highContrastAction());
    addAction(appearance_->presentationAction()); // F5 wherever the focus is
    // With presentation fonts the narration, the sentence the class reads, gets most of the bottom row
    // (after the new fonts have been laid out: the docks' minimum widths change with them).
    connect(appearance_->presentationAction(), &QAction::toggled, this, [this](bool on) {
        QTimer::singleShot(0, this, [this, on] {
            const int w = width();
            resizeDocks({narrationDock_, eventsDock_}, {w * (on ? 46 : 30) / 100, w * (on ? 20 : 36) / 100},
                        Qt::Horizontal);
        });
    });
    // The TCB panel sets its state colours per palette: again when the theme changes.
    connect(appearance_->highContrastAction(), &QAction::toggled, tcb_, &TcbPanel::refresh);

    playMenu_ = menuBar()->addMenu(QString());
    for (QAction* a : {playAction_, stepAction_, backAction_, nextChangeAction_, prevChangeAction_,
                       startAction_, endAction_})
        playMenu_->addAction(a);
    playMenu_->addSeparator();
    playMenu_->addAction(quiz_->toggleAction());
    transport_->addSeparator();
    transport_->addAction(quiz_->toggleAction());
    quiz_->setRelativeNumbers(relativeAction_->isChecked());
    connect(relativeAction_, &QAction::toggled, quiz_, &QuizPanel::setRelativeNumbers);

    languageMenu_ = menuBar()->addMenu(QString());
    languageMenu_->setObjectName(QStringLiteral("languageMenu"));
    languageMenu_->addAction(langSystem_);
    languageMenu_->addSeparator();
    languageMenu_->addAction(langEnglish_);
    languageMenu_->addAction(langChinese_);

    helpMenu_ = menuBar()->addMenu(QString());
    helpMenu_->addAction(aboutAction_);
    updateRecentMenu();
}

void MainWindow::retranslate() {
    fileMenu_->setTitle(tr("&File"));
    openAction_->setText(tr("&Open Lesson…"));
    recentMenu_->setTitle(tr("Open &Recent"));
    saveAction_->setText(tr("&Save Lesson"));
    saveAsAction_->setText(tr("Save Lesson &As…"));
    editMenu_->setTitle(tr("&Edit"));
    editorAction_->setText(tr("Scenario &Editor"));
    editorAction_->setToolTip(tr("Edit the lesson: hosts, links, actions, faults and notes (Ctrl+E)"));
    editorDock_->setWindowTitle(tr("Scenario Editor"));
    historyDock_->setWindowTitle(tr("Edit History"));
    history_->setEmptyLabel(tr("<opened lesson>"));
    quitAction_->setText(tr("&Quit"));
    viewMenu_->setTitle(tr("&View"));
    relativeAction_->setText(tr("&Relative Sequence Numbers"));
    timeAxisAction_->setText(tr("&Time-Proportional Axis"));
    zoomInAction_->setText(tr("Zoom &In"));
    zoomOutAction_->setText(tr("Zoom &Out"));
    zoomResetAction_->setText(tr("Reset &Zoom"));
    panelsMenu_->setTitle(tr("&Panels"));
    resetLayoutAction_->setText(tr("Reset &Layout"));
    playMenu_->setTitle(tr("&Play"));
    startAction_->setText(tr("Start"));
    startAction_->setToolTip(tr("Back to the start, before the first event (Home)"));
    backAction_->setText(tr("Back"));
    backAction_->setToolTip(tr("Go back one event (←)"));
    stepAction_->setText(tr("Step"));
    stepAction_->setToolTip(tr("Show the next event (→)"));
    nextChangeAction_->setText(tr("Next State"));
    nextChangeAction_->setToolTip(tr("Go to the next state change (Shift+→)"));
    prevChangeAction_->setText(tr("Previous State"));
    prevChangeAction_->setToolTip(tr("Go to the previous state change (Shift+←)"));
    endAction_->setText(tr("End"));
    endAction_->setToolTip(tr("Go to the end of the run (End)"));
    languageMenu_->setTitle(tr("&Language"));
    langSystem_->setText(tr("&System Language"));
    helpMenu_->setTitle(tr("&Help"));
    aboutAction_->setText(tr("&About TCP Lab"));
    transport_->setWindowTitle(tr("Transport"));
    speedLabel_->setText(tr("Speed:") + QLatin1Char(' '));
    for (int i = 0; i < speedCombo_->count(); ++i)
        speedCombo_->setItemText(i, tr("%1 events/s").arg(speedCombo_->itemData(i).toDouble()));
    scrubber_->setToolTip(tr("Drag to any moment of the run"));
    narrationDock_->setWindowTitle(tr("What Happened"));
    diagramDock_->setWindowTitle(tr("State Diagram"));
    tcbDock_->setWindowTitle(tr("Connection Variables (TCB)"));
    segmentDock_->setWindowTitle(tr("Segment"));
    eventsDock_->setWindowTitle(tr("Events"));
    lessonsDock_->setWindowTitle(tr("Lessons"));
    socketDock_->setWindowTitle(tr("Sockets"));
    quizDock_->setWindowTitle(tr("Quiz"));
    appearance_->retranslate();
    conversationLabel_->setText(tr("&Follow:"));
    conversationCombo_->setToolTip(tr("The connection whose states and variables are shown"));
    Q_EMIT model_->headerDataChanged(Qt::Horizontal, 0, TraceModel::ColumnCount - 1);
    tcb_->retranslate();
    events_->retranslate();
    segment_->refresh();
    narration_->refresh();
    updateTransport();
    editor_->retranslate();
    Q_EMIT languageRetranslated();
    updateTitle();
    if (scenario_)
        fillConversations();
}

void MainWindow::setLanguage(const QString& language) {
    installTranslations(language); // sends LanguageChange to every widget: changeEvent() retranslates
    settings().setValue(QStringLiteral("language"), language);
    (language == QLatin1String("en")            ? langEnglish_
     : language.startsWith(QLatin1String("zh")) ? langChinese_
                                                : langSystem_)
        ->setChecked(true);
    // Lesson texts carry both languages: show them in the new one.
    fillLessonList();
    if (scenario_) {
        const int cursor = controller_->cursor();
        model_->setTrace(controller_->trace(), teacherNotes()); // the notes in the new language
        events_->lessonLoaded();
        controller_->setCursor(-1);
        controller_->setCursor(cursor);
    }
    retranslate();
}

void MainWindow::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange && fileMenu_)
        retranslate();
    QMainWindow::changeEvent(event);
}

void MainWindow::fillLessonList() {
    const QSignalBlocker blocker(lessonList_);
    lessonList_->clear();
    for (const QString& name : builtinScenarioNames()) {
        const ScenarioLoad load = parseScenarioJson(builtinScenarioJson(name));
        auto* item = new QListWidgetItem(lessonList_);
        item->setText(load.scenario ? localized(load.scenario->title) : name);
        item->setToolTip(load.scenario ? localized(load.scenario->description) : QString());
        item->setData(Qt::UserRole, kBuiltinPrefix + name);
    }
    for (int i = 0; i < lessonList_->count(); ++i)
        if (lessonList_->item(i)->data(Qt::UserRole).toString() == current_) {
            lessonList_->setCurrentRow(i);
            lessonDescription_->setText(lessonList_->item(i)->toolTip());
        }
    if (!current_.startsWith(kBuiltinPrefix) && scenario_)
        lessonDescription_->setText(localized(scenario_->description));
}

void MainWindow::fillConversations() {
    const QSignalBlocker blocker(conversationCombo_);
    conversationCombo_->clear();
    const Trace& t = controller_->trace();
    for (const Conversation& c : controller_->conversations()) {
        QStringList sides;
        for (int e = 0; e < c.endCount; ++e) {
            const FollowedEnd& end = c.ends[e];
            QString side = QString::fromStdString(t.hostNames[end.host]);
            const std::uint32_t conn = end.conn != kNone ? end.conn : end.listener;
            if (conn != kNone)
                side += QStringLiteral(":%1").arg(t.connections[conn].local.port);
            sides << side;
        }
        conversationCombo_->addItem(sides.join(QStringLiteral(" ↔ ")));
    }
    conversationCombo_->setCurrentIndex(controller_->followed());
    conversationCombo_->setEnabled(conversationCombo_->count() > 1);
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

void MainWindow::chooseSaveFile() {
    if (!doc_->hasScenario())
        return;
    QSettings s = settings();
    QString dir = s.value(QStringLiteral("lastDirectory"), QDir::homePath()).toString();
    const QString name = current_.startsWith(kBuiltinPrefix)
                             ? current_.mid(kBuiltinPrefix.size()) + QStringLiteral(".json")
                             : QFileInfo(current_).fileName();
    const QString path = QFileDialog::getSaveFileName(this, tr("Save Lesson As"), QDir(dir).filePath(name),
                                                      tr("TCP Lab lessons (*.json)"));
    if (path.isEmpty())
        return;
    s.setValue(QStringLiteral("lastDirectory"), QFileInfo(path).absolutePath());
    saveAs(path);
}

bool MainWindow::saveAs(const QString& path) {
    if (!doc_->hasScenario())
        return false;
    QString error;
    if (!saveScenarioFile(doc_->scenario(), path, &error)) {
        showError(tr("Cannot Save Lesson"), tr("The lesson could not be saved as “%1”.").arg(path), error);
        return false;
    }
    current_ = QFileInfo(path).absoluteFilePath();
    if (pending_ && pending_->rerun)
        pending_->argument = current_;
    autosave_->setSource(current_);
    doc_->markSaved();
    addRecent(current_);
    sourceLabel_->setText(QDir::toNativeSeparators(current_));
    updateTitle();
    return true;
}

bool MainWindow::save() {
    if (current_.isEmpty() || current_.startsWith(kBuiltinPrefix)) {
        chooseSaveFile();
        return !doc_->isModified();
    }
    return saveAs(current_);
}

bool MainWindow::maybeSave() {
    if (!doc_->isModified())
        return true;
    const QMessageBox::StandardButton answer =
        ask(this, tr("Unsaved Changes"),
            tr("The lesson “%1” has changes that are not saved. Save them?").arg(lessonTitle()),
            QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    if (answer == QMessageBox::Save)
        return save();
    return answer == QMessageBox::Discard;
}

void MainWindow::updateTitle() {
    if (doc_->hasScenario())
        setWindowTitle(tr("%1[*] — TCP Lab").arg(lessonTitle()));
    setWindowModified(doc_->isModified());
}

void MainWindow::editScenario(const Scenario& after, const QString& text, int mergeId) {
    doc_->edit(after, text, mergeId);
}

void MainWindow::documentChanged() {
    updateTitle();
    if (!doc_->hasScenario())
        return;
    const std::string problem = checkScenario(doc_->scenario());
    editor_->setProblem(QString::fromStdString(problem));
    if (!problem.empty())
        return; // the run shown stays until the lesson is valid again
    if (pending_ && !pending_->rerun)
        return; // another lesson is on its way
    if (!controller_->isLoading() && controller_->hasLesson() && controller_->scenario() == doc_->scenario())
        return;
    pending_ = PendingLoad{current_, lessonTitle(), false, true, false};
    controller_->startRerun(doc_->scenario());
}

void MainWindow::showWhatIfMenu(QMenu* menu, const QPoint& globalPos) {
    if (!menu)
        return;
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->popup(globalPos); // not exec(): the run goes on updating, and tests can pick an action
}

QMenu* MainWindow::segmentWhatIfMenu(std::uint32_t segment) {
    if (!doc_->hasScenario() || !controller_->hasLesson() || segment >= controller_->trace().segments.size())
        return nullptr;
    return faultWhatIfMenu(tr("What if this segment…"), ladder_->segmentLabel(segment),
                           [this, segment](FaultAction action, Duration delay, std::string* why) {
                               return faultRuleForSegment(controller_->scenario(), controller_->trace(),
                                                          segment, action, delay, why);
                           });
}

QMenu* MainWindow::datagramWhatIfMenu(std::uint32_t datagram) {
    const Trace& t = controller_->trace();
    if (!doc_->hasScenario() || !controller_->hasLesson() || datagram >= t.datagrams.size())
        return nullptr;
    const DatagramRecord& d = t.datagrams[datagram];
    const QString label = d.isFragment() ? tr("fragment %1 of IPv4 datagram ID %2").arg(d.fragment).arg(d.id)
                                         : tr("IPv4 datagram ID %1").arg(d.id);
    return faultWhatIfMenu(d.isFragment() ? tr("What if this fragment…") : tr("What if this datagram…"),
                           label, [this, datagram](FaultAction action, Duration delay, std::string* why) {
                               return faultRuleForDatagram(controller_->scenario(), controller_->trace(),
                                                           datagram, action, delay, why);
                           });
}

QMenu* MainWindow::faultWhatIfMenu(const QString& title, const QString& label, const RuleMaker& makeRule) {
    auto* menu = new QMenu(this);
    menu->setObjectName(QStringLiteral("whatIfMenu"));
    menu->addSection(title);
    auto addRule = [this, makeRule](FaultAction action, Duration delay, const QString& text) {
        std::string why;
        const auto rule = makeRule(action, delay, &why);
        if (!rule) {
            showError(tr("What If"), tr("No fault rule can single out this segment."),
                      QString::fromStdString(why));
            return;
        }
        Scenario after = doc_->scenario();
        after.faults.push_back(*rule);
        doc_->edit(after, text);
    };
    QAction* drop = menu->addAction(tr("&Drop It"));
    drop->setObjectName(QStringLiteral("whatIfDrop"));
    connect(drop, &QAction::triggered, this,
            [addRule, label] { addRule(FaultAction::Drop, Duration{0}, tr("Drop %1").arg(label)); });
    QAction* delay = menu->addAction(tr("De&lay It By…"));
    delay->setObjectName(QStringLiteral("whatIfDelay"));
    connect(delay, &QAction::triggered, this, [this, addRule, label] {
        bool ok = false;
        const int ms = QInputDialog::getInt(this, tr("Delay the Segment"), tr("Extra delay (ms):"), 100, 1,
                                            1'000'000, 10, &ok);
        if (ok)
            addRule(FaultAction::Delay, Duration{std::chrono::milliseconds(ms)},
                    tr("Delay %1 by %2 ms").arg(label).arg(ms));
    });
    QAction* dup = menu->addAction(tr("D&uplicate It"));
    dup->setObjectName(QStringLiteral("whatIfDuplicate"));
    connect(dup, &QAction::triggered, this, [addRule, label] {
        addRule(FaultAction::Duplicate, Duration{0}, tr("Duplicate %1").arg(label));
    });
    return menu;
}

QMenu* MainWindow::laneWhatIfMenu(int host, int row) {
    if (!doc_->hasScenario() || !controller_->hasLesson() || host < 0 ||
        static_cast<std::size_t>(host) >= controller_->trace().hostNames.size() ||
        controller_->trace().isRouter(static_cast<std::uint16_t>(host)))
        return nullptr;
    const Trace& t = controller_->trace();
    const QString hostName = QString::fromStdString(t.hostNames[static_cast<std::size_t>(host)]);
    const double at =
        row >= 0 ? static_cast<double>(toNanos(t.events[static_cast<std::size_t>(row)].at)) / 1e9 : 0;
    auto* menu = new QMenu(this);
    menu->setObjectName(QStringLiteral("whatIfMenu"));
    menu->addSection(tr("What if %1, at %2 s…").arg(hostName).arg(at, 0, 'f', 6));
    auto addAction = [this, host, row, hostName](ActionKind kind, std::uint64_t bytes, const QString& text) {
        Scenario after = doc_->scenario();
        after.actions.push_back(
            actionAtRow(controller_->trace(), row, static_cast<std::uint16_t>(host), kind, bytes));
        doc_->edit(after, text);
    };
    struct Item {
        const char* name;
        ActionKind kind;
        QString text;
        QString undoText;
    };
    const Item items[] = {
        {"whatIfClose", ActionKind::Close, tr("&Close"), tr("%1 closes").arg(hostName)},
        {"whatIfShutdown", ActionKind::Shutdown, tr("&Shut Down Sending"),
         tr("%1 shuts down sending").arg(hostName)},
        {"whatIfAbort", ActionKind::Abort, tr("&Abort (RST)"), tr("%1 aborts").arg(hostName)},
    };
    for (const Item& it : items) {
        QAction* a = menu->addAction(it.text);
        a->setObjectName(QLatin1String(it.name));
        connect(a, &QAction::triggered, this,
                [addAction, kind = it.kind, undo = it.undoText] { addAction(kind, 0, undo); });
    }
    QAction* send = menu->addAction(tr("Se&nd Bytes…"));
    send->setObjectName(QStringLiteral("whatIfSend"));
    connect(send, &QAction::triggered, this, [this, addAction, hostName] {
        bool ok = false;
        const int n =
            QInputDialog::getInt(this, tr("Send Bytes"), tr("Bytes to send:"), 1000, 1, 10'000'000, 100, &ok);
        if (ok)
            addAction(ActionKind::Send, static_cast<std::uint64_t>(n),
                      tr("%1 sends %2 bytes").arg(hostName).arg(n));
    });
    return menu;
}

bool MainWindow::offerAutosaves() {
    const std::vector<Autosave::Orphan> found = Autosave::orphans(autosave_->directory());
    if (found.empty())
        return false;
    const Autosave::Orphan& o = found.front();
    const QMessageBox::StandardButton answer =
        ask(this, tr("Restore Unsaved Edits"),
            tr("TCP Lab did not exit cleanly. Unsaved edits of “%1” from %2 were kept. Restore them?")
                .arg(o.source.isEmpty() ? tr("a lesson") : o.source,
                     QLocale().toString(o.saved.toLocalTime(), QLocale::ShortFormat)),
            QMessageBox::Yes | QMessageBox::No | QMessageBox::Discard, QMessageBox::Yes);
    if (answer == QMessageBox::No)
        return false; // asked again next time
    if (answer == QMessageBox::Discard) {
        for (const Autosave::Orphan& each : found)
            Autosave::remove(each);
        return false;
    }
    ScenarioLoad load = loadScenarioFile(o.scenarioPath);
    const QString shown = o.source.startsWith(kBuiltinPrefix) ? o.source.mid(kBuiltinPrefix.size())
                                                              : QFileInfo(o.source).fileName();
    if (!loadScenario(std::move(load), o.source, shown))
        return false;
    pending_->restored = true;
    Autosave::remove(o);
    return true;
}

QStringList MainWindow::recentFiles() const {
    return settings().value(QStringLiteral("recentFiles")).toStringList();
}

void MainWindow::addRecent(const QString& path) {
    QStringList list = recentFiles();
    list.removeAll(path);
    list.prepend(path);
    while (list.size() > kMaxRecent)
        list.removeLast();
    settings().setValue(QStringLiteral("recentFiles"), list);
    updateRecentMenu();
}

void MainWindow::updateRecentMenu() {
    recentMenu_->clear();
    const QStringList list = recentFiles();
    for (int i = 0; i < list.size(); ++i) {
        const QString path = list[i];
        QAction* a =
            recentMenu_->addAction(QStringLiteral("&%1  %2").arg(i + 1).arg(QFileInfo(path).fileName()));
        a->setToolTip(QDir::toNativeSeparators(path));
        connect(a, &QAction::triggered, this, [this, path] { openFile(path); });
    }
    recentMenu_->setEnabled(!list.isEmpty());
}

bool MainWindow::openLesson(const QString& argument) {
    if (!argument.startsWith(kBuiltinPrefix))
        return openFile(argument);
    if (!maybeSave())
        return false;
    ScenarioLoad load = loadScenarioArgument(argument);
    return loadScenario(std::move(load), argument, argument.mid(kBuiltinPrefix.size()));
}

bool MainWindow::openFile(const QString& path) {
    if (!maybeSave())
        return false;
    const QFileInfo info(path);
    return loadScenario(loadScenarioFile(path), info.absoluteFilePath(), info.fileName(), true);
}

bool MainWindow::loadScenario(ScenarioLoad load, const QString& argument, const QString& shownName,
                              bool addToRecent) {
    QString error = load.error;
    if (load.scenario && error.isEmpty()) {
        const std::string problem = checkScenario(*load.scenario);
        if (!problem.empty())
            error = QString::fromStdString(problem);
    } else if (error.isEmpty()) {
        error = tr("the file could not be read");
    }
    if (!error.isEmpty()) {
        lastError_ = error;
        showError(tr("Cannot Open Lesson"), tr("The lesson “%1” could not be opened.").arg(shownName), error);
        return false;
    }
    // The controller keeps its lesson until the new one has run to its end (lessonReady()).
    pending_ = PendingLoad{argument, shownName, addToRecent};
    controller_->startLoad(std::move(*load.scenario));
    return true;
}

std::map<int, QString> MainWindow::teacherNotes() const {
    std::map<int, QString> notes;
    if (scenario_)
        for (const TeacherNote& n : scenario_->notes)
            notes[n.step - 1] = localized(n.text);
    return notes;
}

bool MainWindow::isLoading() const {
    return controller_->isLoading();
}

void MainWindow::cancelLoading() {
    controller_->cancelLoad();
}

void MainWindow::lessonReady() {
    const std::optional<PendingLoad> loaded = std::move(pending_);
    pending_.reset();
    loadEnded();
    lastError_.clear();
    current_ = loaded ? loaded->argument : QString();
    if (loaded && loaded->addToRecent)
        addRecent(current_);
    scenario_ = controller_->scenario();
    if (!loaded || !loaded->rerun) {
        // A lesson freshly opened: a new history (a restored autosave is unsaved from the start).
        autosave_->setSource(current_);
        doc_->reset(*scenario_);
        if (loaded && loaded->restored) {
            doc_->markModified();
            autosave_->writeNow();
        }
    }
    // (A re-run's controller moves the cursor back to its step after this.)
    model_->setTrace(controller_->trace(), teacherNotes());
    events_->lessonLoaded();
    updateTitle();
    sourceLabel_->setText(tr("%1 · seed %2 · %3 events · %4 segments")
                              .arg(QDir::toNativeSeparators(current_))
                              .arg(scenario_->seed)
                              .arg(controller_->eventCount())
                              .arg(controller_->trace().segments.size()));
    {
        const QSignalBlocker b(scrubber_);
        scrubber_->setRange(-1, controller_->eventCount() - 1);
        scrubber_->setPageStep(std::max(1, controller_->eventCount() / 20));
    }
    fillConversations();
    fillLessonList();
    narration_->refresh();
    updateTransport();
}

void MainWindow::loadEnded() {
    progressDelay_.stop();
    progressPoll_.stop();
    statusBar()->clearMessage();
    if (progressDialog_)
        progressDialog_->hide();
}

void MainWindow::showProgress() {
    if (!controller_->isLoading())
        return;
    if (pending_ && pending_->rerun) {
        // An edit's re-run: no modal dialog in the way of the next edit (a slider drag goes on), only the
        // status bar; the next edit supersedes it.
        progressPoll_.start();
        updateProgress();
        return;
    }
    if (!progressDialog_) {
        progressDialog_ = new QDialog(this);
        progressDialog_->setObjectName(QStringLiteral("loadProgressDialog"));
        progressDialog_->setWindowModality(Qt::WindowModal);
        auto* layout = new QVBoxLayout(progressDialog_);
        progressLabel_ = new QLabel(progressDialog_);
        progressLabel_->setObjectName(QStringLiteral("loadProgressLabel"));
        progressLabel_->setMinimumWidth(420);
        layout->addWidget(progressLabel_);
        progressBar_ = new QProgressBar(progressDialog_);
        progressBar_->setObjectName(QStringLiteral("loadProgressBar"));
        progressBar_->setRange(0, 1000);
        progressBar_->setTextVisible(false);
        layout->addWidget(progressBar_);
        auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, progressDialog_);
        progressCancel_ = buttons->button(QDialogButtonBox::Cancel);
        progressCancel_->setObjectName(QStringLiteral("loadCancelButton"));
        layout->addWidget(buttons);
        // Cancel, Esc and closing the dialog all stop the run.
        connect(buttons, &QDialogButtonBox::rejected, progressDialog_, &QDialog::reject);
        connect(progressDialog_, &QDialog::rejected, this, &MainWindow::cancelLoading);
    }
    updateProgress();
    progressDialog_->show();
    progressPoll_.start();
}

void MainWindow::updateProgress() {
    if (controller_->isLoading() && pending_ && pending_->rerun && progressPoll_.isActive()) {
        statusBar()->showMessage(tr("Running the edited lesson… %1 %")
                                     .arg(static_cast<int>(controller_->loadProgress().fraction() * 100)));
        return;
    }
    if (!progressDialog_ || !controller_->isLoading())
        return;
    const PlayerController::LoadProgress p = controller_->loadProgress();
    const QLocale locale;
    progressDialog_->setWindowTitle(tr("Running the Lesson"));
    progressCancel_->setText(tr("Cancel"));
    progressLabel_->setText(
        tr("Running “%1” to its end…").arg(pending_ ? pending_->shownName.toHtmlEscaped() : QString()) +
        QStringLiteral("<br><span style='color:#616161'>") +
        tr("simulated time %1 s of at most %2 s")
            .arg(locale.toString(static_cast<double>(toNanos(p.now)) / 1e9, 'f', 3),
                 locale.toString(static_cast<double>(toNanos(p.duration)) / 1e9, 'f', 0)) +
        QStringLiteral("<br>") +
        tr("%1 of at most %2 events")
            .arg(locale.toString(static_cast<qulonglong>(p.events)),
                 locale.toString(static_cast<qulonglong>(p.maxEvents))) +
        QStringLiteral("</span>"));
    progressBar_->setValue(static_cast<int>(p.fraction() * 1000.0));
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
    if (doc_->hasScenario())
        return localized(doc_->scenario().title);
    return scenario_ ? localized(scenario_->title) : QString();
}

int MainWindow::cursor() const {
    return controller_->cursor();
}

void MainWindow::stepForward() {
    controller_->stepForward();
}

void MainWindow::stepBack() {
    controller_->stepBack();
}

void MainWindow::resetCursor() {
    controller_->toStart();
}

void MainWindow::setCursor(int row) {
    controller_->setCursor(row);
}

void MainWindow::updateTransport() {
    const int cur = controller_->cursor();
    const int rows = controller_->eventCount();
    const bool loaded = rows > 0;
    const bool atEnd = cur >= rows - 1;
    stepAction_->setEnabled(loaded && !atEnd);
    nextChangeAction_->setEnabled(loaded && !atEnd);
    endAction_->setEnabled(loaded && !atEnd);
    backAction_->setEnabled(cur >= 0);
    startAction_->setEnabled(cur >= 0);
    prevChangeAction_->setEnabled(cur >= 0);
    playAction_->setEnabled(loaded);
    const bool playing = controller_->isPlaying();
    playAction_->setText(playing ? tr("Pause") : tr("Play"));
    playAction_->setToolTip(playing ? tr("Pause (Space)") : tr("Play the run (Space)"));
    playAction_->setIcon(style()->standardIcon(playing ? QStyle::SP_MediaPause : QStyle::SP_MediaPlay));
    {
        const QSignalBlocker b(scrubber_);
        scrubber_->setValue(cur);
    }
    positionLabel_->setText(loaded ? QStringLiteral("%1 / %2").arg(cur + 1).arg(rows) : QString());
}

void MainWindow::showEvent(QShowEvent* event) {
    QMainWindow::showEvent(event);
    if (!shownOnce_) {
        shownOnce_ = true;
        if (!hasSavedLayout_)
            sizeDocks();
    }
}

void MainWindow::resizeEvent(QResizeEvent* event) {
    QMainWindow::resizeEvent(event);
    if (shownOnce_ && !hasSavedLayout_ && !userResizedDocks_)
        sizeDocks();
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (!maybeSave()) {
        event->ignore();
        return;
    }
    autosave_->discard();
    QSettings s = settings();
    s.setValue(QStringLiteral("mainWindow/geometry"), saveGeometry());
    s.setValue(QStringLiteral("mainWindow/state"), saveState(kLayoutVersion));
    controller_->pause();
    controller_->cancelLoad();
    QMainWindow::closeEvent(event);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    const QList<QUrl> urls = event->mimeData()->urls();
    if (urls.size() == 1 && urls.first().isLocalFile())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
    const QList<QUrl> urls = event->mimeData()->urls();
    if (urls.size() == 1 && urls.first().isLocalFile()) {
        event->acceptProposedAction();
        openFile(urls.first().toLocalFile());
    }
}

} // namespace tcplab::ui
