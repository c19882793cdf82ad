#include "quiz.h"

#include <QAction>
#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QVBoxLayout>

#include <algorithm>
#include <limits>

#include "colors.h"
#include "i18n.h"
#include "narration.h"
#include "player_controller.h"

namespace tcplab::ui {

namespace {

// The first event at or after `from` that answers a question of kind `ask` about `host` (-1: any), or -1.
int answeringRow(const Trace& t, int from, QuizAsk ask, int host) {
    for (std::size_t r = static_cast<std::size_t>(std::max(0, from)); r < t.events.size(); ++r) {
        const TraceEvent& ev = t.events[r];
        switch (ask) {
        case QuizAsk::NextState:
            if (ev.kind == TraceKind::StateChange && (host < 0 || ev.host == host))
                return static_cast<int>(r);
            break;
        case QuizAsk::AckNumber:
            if (ev.kind == TraceKind::SegmentSent && ev.segment < t.segments.size()) {
                const SegmentRecord& s = t.segments[ev.segment];
                if ((s.flags & TcpFlag::ACK) && (host < 0 || s.srcHost == host))
                    return static_cast<int>(r);
            }
            break;
        case QuizAsk::Retransmitter:
            if (ev.kind == TraceKind::SegmentSent && ev.segment < t.segments.size() &&
                t.segments[ev.segment].retransmission)
                return static_cast<int>(r);
            break;
        }
    }
    return -1;
}

// The question about the event at `row` (which answers it).
QuizItem itemAt(const PlayerController& c, int row, QuizAsk ask) {
    const Trace& t = c.trace();
    const TraceEvent& ev = t.events[static_cast<std::size_t>(row)];
    QuizItem q;
    q.row = row;
    q.revealRow = row;
    q.ask = ask;
    q.host = ev.host;
    if (ask == QuizAsk::NextState) {
        q.state = ev.to;
    } else {
        const SegmentRecord& s = t.segments[ev.segment];
        q.host = s.srcHost;
        q.ackAbsolute = s.ack.value();
        q.ackRelative = q.ackAbsolute;
        const std::vector<RelativeBases>& bases = c.relativeBases();
        if (ev.segment < bases.size() && bases[ev.segment].ack)
            q.ackRelative = static_cast<std::uint32_t>(s.ack - *bases[ev.segment].ack);
    }
    return q;
}

} // namespace

std::vector<QuizItem> buildQuiz(const PlayerController& c) {
    std::vector<QuizItem> items;
    if (!c.hasLesson())
        return items;
    const Trace& t = c.trace();
    const Scenario& sc = c.scenario();
    if (!sc.quiz.empty()) {
        for (const QuizQuestion& qq : sc.quiz) {
            int host = -1;
            for (std::size_t h = 0; h < t.hostNames.size(); ++h)
                if (!qq.host.empty() && t.hostNames[h] == qq.host)
                    host = static_cast<int>(h);
            const int row = answeringRow(t, qq.step - 1, qq.ask, host);
            if (row < 0)
                continue; // nothing of the kind happens from that step on
            QuizItem q = itemAt(c, row, qq.ask);
            q.row = std::min(row, qq.step - 1);
            q.text = qq.text;
            q.fromLesson = true;
            items.push_back(q);
        }
        std::stable_sort(items.begin(), items.end(),
                         [](const QuizItem& a, const QuizItem& b) { return a.row < b.row; });
        return items;
    }
    for (std::size_t r = 0; r < t.events.size(); ++r) {
        const TraceEvent& ev = t.events[r];
        const int row = static_cast<int>(r);
        if (ev.kind == TraceKind::StateChange && !t.isRouter(ev.host)) {
            items.push_back(itemAt(c, row, QuizAsk::NextState));
        } else if (ev.kind == TraceKind::SegmentSent && ev.segment < t.segments.size()) {
            const SegmentRecord& s = t.segments[ev.segment];
            if (s.retransmission)
                items.push_back(itemAt(c, row, QuizAsk::Retransmitter));
            else if ((s.flags & TcpFlag::ACK) && !s.duplicate)
                items.push_back(itemAt(c, row, QuizAsk::AckNumber));
        }
    }
    return items;
}

QuizPanel::QuizPanel(PlayerController* controller, QWidget* parent)
    : QWidget(parent), controller_(controller), toggle_(new QAction(this)) {
    setObjectName(QStringLiteral("quizPanel"));
    toggle_->setObjectName(QStringLiteral("quizAction"));
    toggle_->setCheckable(true);
    toggle_->setShortcut(QKeySequence(Qt::Key_F6));
    connect(toggle_, &QAction::toggled, this, &QuizPanel::setActive);

    auto* layout = new QVBoxLayout(this);
    scoreLabel_ = new QLabel(this);
    scoreLabel_->setObjectName(QStringLiteral("quizScore"));
    QFont big = scoreLabel_->font();
    big.setBold(true);
    big.setPointSizeF(big.pointSizeF() * 1.2);
    scoreLabel_->setFont(big);
    layout->addWidget(scoreLabel_);
    questionLabel_ = new QLabel(this);
    questionLabel_->setObjectName(QStringLiteral("quizQuestion"));
    questionLabel_->setWordWrap(true);
    questionLabel_->setTextFormat(Qt::PlainText);
    layout->addWidget(questionLabel_);
    auto* row = new QHBoxLayout;
    choices_ = new QComboBox(this);
    choices_->setObjectName(QStringLiteral("quizChoices"));
    number_ = new QLineEdit(this);
    number_->setObjectName(QStringLiteral("quizNumber"));
    number_->setValidator(
        new QRegularExpressionValidator(QRegularExpression(QStringLiteral("\\d{1,10}")), number_));
    answerButton_ = new QPushButton(this);
    answerButton_->setObjectName(QStringLiteral("quizAnswerButton"));
    answerButton_->setDefault(true);
    row->addWidget(choices_, 1);
    row->addWidget(number_, 1);
    row->addWidget(answerButton_);
    layout->addLayout(row);
    resultLabel_ = new QLabel(this);
    resultLabel_->setObjectName(QStringLiteral("quizResult"));
    resultLabel_->setWordWrap(true);
    resultLabel_->setTextFormat(Qt::RichText);
    resultLabel_->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    layout->addWidget(resultLabel_, 1);
    connect(answerButton_, &QPushButton::clicked, this, &QuizPanel::submit);
    connect(number_, &QLineEdit::returnPressed, this, &QuizPanel::submit);

    connect(controller_, &PlayerController::lessonLoaded, this, &QuizPanel::lessonLoaded);
    controller_->setForwardGate([this](int from, int to) { return gate(from, to); });
    gated_ = controller_;
    lessonLoaded();
    retranslate();
}

QuizPanel::~QuizPanel() {
    if (gated_)
        gated_->setForwardGate({});
}

void QuizPanel::lessonLoaded() {
    items_ = buildQuiz(*controller_);
    startRound();
}

// Nothing asked yet; in quiz mode what follows the cursor is hidden until it is revealed.
void QuizPanel::startRound() {
    revealed_ = active_ ? controller_->cursor() : -1;
    Q_EMIT revealedUpTo(active_ ? revealed_ : std::numeric_limits<int>::max());
    answered_.assign(items_.size(), false);
    pending_ = -1;
    score_ = 0;
    asked_ = 0;
    result_.clear();
    showPending();
    Q_EMIT scoreChanged(score_, asked_);
}

void QuizPanel::setActive(bool active) {
    if (active == active_)
        return;
    active_ = active;
    {
        const QSignalBlocker b(toggle_);
        toggle_->setChecked(active);
    }
    startRound(); // a new round each time quiz mode is turned on
}

void QuizPanel::setRelativeNumbers(bool relative) {
    relative_ = relative;
    showPending();
}

const QuizItem* QuizPanel::pending() const {
    return pending_ >= 0 ? &items_[static_cast<std::size_t>(pending_)] : nullptr;
}

int QuizPanel::gate(int from, int to) {
    if (!active_)
        return to;
    int stop = to;
    if (pending_ >= 0) {
        stop = std::min(to, items_[static_cast<std::size_t>(pending_)].row - 1);
    } else {
        for (std::size_t i = 0; i < items_.size(); ++i) {
            const QuizItem& q = items_[i];
            if (q.row > to)
                break;
            if (q.row > from && !answered_[i]) {
                ask(static_cast<int>(i));
                stop = q.row - 1;
                break;
            }
        }
    }
    if (stop > revealed_) {
        revealed_ = stop;
        Q_EMIT revealedUpTo(revealed_);
    }
    return stop;
}

void QuizPanel::ask(int item) {
    pending_ = item;
    controller_->pause();
    showPending(); // the last answer's result stays beside the new question
    Q_EMIT questionAsked();
}

QString QuizPanel::hostName(int host) const {
    const Trace& t = controller_->trace();
    return host >= 0 && static_cast<std::size_t>(host) < t.hostNames.size()
               ? QString::fromStdString(t.hostNames[static_cast<std::size_t>(host)])
               : QString();
}

QString QuizPanel::truthOf(const QuizItem& q) const {
    switch (q.ask) {
    case QuizAsk::NextState:
        return qs(stateName(q.state));
    case QuizAsk::AckNumber:
        return QString::number(relative_ ? q.ackRelative : q.ackAbsolute);
    case QuizAsk::Retransmitter:
        return hostName(q.host);
    }
    return {};
}

QString QuizPanel::questionText() const {
    return questionLabel_->text();
}

QString QuizPanel::resultText() const {
    return result_;
}

void QuizPanel::showPending() {
    scoreLabel_->setText(tr("Score: %1 of %2").arg(score_).arg(asked_));
    answerButton_->setText(tr("Answer"));
    const QuizItem* q = pending();
    choices_->setVisible(q && q->ask != QuizAsk::AckNumber);
    number_->setVisible(q && q->ask == QuizAsk::AckNumber);
    answerButton_->setVisible(q != nullptr);
    resultLabel_->setText(result_);
    if (!q) {
        if (!active_)
            questionLabel_->setText(tr("Turn on quiz mode (Play → Quiz Mode, F6): before each event you "
                                       "predict what happens, then it is shown."));
        else if (items_.empty())
            questionLabel_->setText(tr("This lesson has no questions."));
        else
            questionLabel_->setText(tr("Step forward: a question comes before its event."));
        return;
    }
    QString text = localized(q->text);
    if (text.isEmpty()) {
        switch (q->ask) {
        case QuizAsk::NextState:
            text = tr("What state does %1 enter next?").arg(hostName(q->host));
            break;
        case QuizAsk::AckNumber:
            text = relative_
                       ? tr("%1 sends the next segment. What is its acknowledgment number (relative, as "
                            "on the ladder)?")
                             .arg(hostName(q->host))
                       : tr("%1 sends the next segment. What is its acknowledgment number?")
                             .arg(hostName(q->host));
            break;
        case QuizAsk::Retransmitter:
            text = tr("A segment is about to be sent again. Which side retransmits?");
            break;
        }
    }
    questionLabel_->setText(text);
    const QSignalBlocker b(choices_);
    choices_->clear();
    if (q->ask == QuizAsk::NextState) {
        for (int s = 0; s < kTcpStateCount; ++s)
            choices_->addItem(qs(stateName(static_cast<TcpState>(s))), s);
    } else if (q->ask == QuizAsk::Retransmitter) {
        const Trace& t = controller_->trace();
        for (std::size_t h = 0; h < t.hostNames.size(); ++h)
            if (!t.isRouter(static_cast<std::uint16_t>(h)))
                choices_->addItem(hostName(static_cast<int>(h)), static_cast<int>(h));
    }
    number_->clear();
}

void QuizPanel::submit() {
    const QuizItem* q = pending();
    if (!q)
        return;
    switch (q->ask) {
    case QuizAsk::NextState:
        answerState(static_cast<TcpState>(choices_->currentData().toInt()));
        break;
    case QuizAsk::AckNumber: {
        bool ok = false;
        const qulonglong n = number_->text().toULongLong(&ok);
        if (!ok || n > 0xffffffffULL)
            return;
        answerNumber(static_cast<std::uint32_t>(n));
        break;
    }
    case QuizAsk::Retransmitter:
        answerHost(choices_->currentData().toInt());
        break;
    }
}

bool QuizPanel::answerState(TcpState state) {
    const QuizItem* q = pending();
    return q && q->ask == QuizAsk::NextState && reveal(state == q->state, truthOf(*q));
}

bool QuizPanel::answerNumber(std::uint32_t ack) {
    const QuizItem* q = pending();
    return q && q->ask == QuizAsk::AckNumber &&
           reveal(ack == (relative_ ? q->ackRelative : q->ackAbsolute), truthOf(*q));
}

bool QuizPanel::answerHost(int host) {
    const QuizItem* q = pending();
    return q && q->ask == QuizAsk::Retransmitter && reveal(host == q->host, truthOf(*q));
}

bool QuizPanel::reveal(bool right, const QString& truth) {
    const QuizItem q = items_[static_cast<std::size_t>(pending_)];
    answered_[static_cast<std::size_t>(pending_)] = true;
    pending_ = -1;
    ++asked_;
    if (right)
        ++score_;
    const Trace& t = controller_->trace();
    QString why = Narrator::sentence(t, q.revealRow).toHtmlEscaped();
    const QString citation = Narrator::citation(t, q.revealRow);
    if (!citation.isEmpty())
        why += QStringLiteral(" <i>(%1)</i>").arg(citation.toHtmlEscaped());
    result_ = (right ? QStringLiteral("<p style='color:#2e7d32'><b>%1</b></p>")
                           .arg(tr("Right: %1.").arg(truth.toHtmlEscaped()))
                     : QStringLiteral("<p style='color:#c62828'><b>%1</b></p>")
                           .arg(tr("Not quite: the answer is %1.").arg(truth.toHtmlEscaped()))) +
              QStringLiteral("<p>%1</p>").arg(why);
    showPending();
    Q_EMIT scoreChanged(score_, asked_);
    // The event happens (the gate stops again at a question on the way).
    controller_->setCursor(q.revealRow);
    if (pending_ < 0)
        showPending();
    return right;
}

void QuizPanel::retranslate() {
    toggle_->setText(tr("&Quiz Mode"));
    toggle_->setToolTip(tr("Predict each event before it is shown, and keep score (F6)"));
    showPending();
}

void QuizPanel::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

} // namespace tcplab::ui
