// Quiz mode, driven through the main window (QT_QPA_PLATFORM=offscreen): the questions' answers are the
// trace's values, a question holds the cursor before its event until it is answered, a right answer scores
// and a wrong one does not, the reveal shows the true value, and a lesson's own questions are asked at their
// steps.
#include <QAction>
#include <QComboBox>
#include <QImage>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include "gui_fixture.h"
#include "i18n.h"
#include "inspectors.h"
#include "io/scenario_json.h"
#include "ladder_view.h"
#include "main_window.h"
#include "player_controller.h"
#include "quiz.h"

using namespace tcplab;
using namespace tcplab::ui;
using namespace tcplab::ui::guitest;

namespace {

// The handshake-and-close lesson of tst_main_window with questions of its own: the client's next state
// from step 3 on, the server's next ack from step 1, and one retransmitter question that nothing answers.
const char* const kQuizLesson = R"({
  "format": "tcplab-scenario",
  "version": 1,
  "title": {"en": "Quiz lesson", "zh": "测验课程"},
  "seed": 3,
  "hosts": [
    {"name": "client", "address": "10.0.0.1", "isn": 1000},
    {"name": "server", "address": "10.0.0.2", "isn": 5000}
  ],
  "links": [{"a": "client", "b": "server", "delay_ms": 10}],
  "actions": [
    {"at_ms": 0, "host": "server", "do": "listen", "port": 80},
    {"at_ms": 100, "host": "client", "do": "connect", "peer": "server", "port": 80},
    {"on": {"host": "client", "state": "ESTABLISHED"}, "after_ms": 100, "host": "client", "do": "close"}
  ],
  "quiz": [
    {"step": 3, "ask": "next_state", "host": "client", "text": {"en": "Where does the client go?", "zh": "客户端进入什么状态？"}},
    {"step": 1, "ask": "ack_number", "host": "server"},
    {"step": 1, "ask": "retransmitter"}
  ]
})";

// The truth of a question, read from the trace at its reveal row (not from the question).
struct Truth {
    TraceKind kind;
    TcpState to;
    int sender;
};
Truth truthAt(const PlayerController& c, int row) {
    const Trace& t = c.trace();
    const TraceEvent& ev = t.events[static_cast<std::size_t>(row)];
    Truth truth{ev.kind, ev.to, -1};
    if (ev.segment != kNone)
        truth.sender = t.segments[ev.segment].srcHost;
    return truth;
}

// Steps forward until a question is asked (or the run ends); the question.
const QuizItem* stepToQuestion(MainWindow& w) {
    while (!w.quizPanel()->pending() && w.cursor() < w.controller()->eventCount() - 1)
        w.stepForward();
    return w.quizPanel()->pending();
}

} // namespace

class TestQuiz : public QObject {
    Q_OBJECT

    std::unique_ptr<MainWindow> window_;
    QTemporaryDir dir_;

    MainWindow& open(const QString& lesson) {
        window_ = std::make_unique<MainWindow>(lesson);
        window_->show();
        if (!settled(*window_))
            qFatal("the lesson did not load");
        return *window_;
    }

private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QSettings(QStringLiteral("TCP Lab"), QStringLiteral("tcplab")).clear();
        installTranslations(QStringLiteral("en"));
    }
    void cleanup() { window_.reset(); }

    // Every generated question's answer is what the trace says at its row, and the ack is the ladder's.
    void generatedQuestions_answersAreTheTracesValues_data() {
        QTest::addColumn<QString>("lesson");
        QTest::newRow("handshake-and-close") << QStringLiteral("builtin:handshake-and-close");
        QTest::newRow("lost-fin") << QStringLiteral("builtin:lost-fin");
    }
    void generatedQuestions_answersAreTheTracesValues() {
        QFETCH(QString, lesson);
        MainWindow& w = open(lesson);
        const std::vector<QuizItem> items = buildQuiz(*w.controller());
        const Trace& t = w.controller()->trace();
        int states = 0, acks = 0, retransmitters = 0;
        for (const QuizItem& q : items) {
            QCOMPARE(q.revealRow, q.row);
            const TraceEvent& ev = t.events[static_cast<std::size_t>(q.row)];
            switch (q.ask) {
            case QuizAsk::NextState:
                ++states;
                QCOMPARE(ev.kind, TraceKind::StateChange);
                QCOMPARE(q.state, ev.to);
                QCOMPARE(q.host, static_cast<int>(ev.host));
                break;
            case QuizAsk::AckNumber:
                ++acks;
                QCOMPARE(ev.kind, TraceKind::SegmentSent);
                QCOMPARE(q.ackAbsolute, t.segments[ev.segment].ack.value());
                QVERIFY2(w.ladder()
                             ->segmentLabel(ev.segment)
                             .contains(QStringLiteral("Ack=%1 ").arg(q.ackRelative)),
                         qPrintable(w.ladder()->segmentLabel(ev.segment)));
                break;
            case QuizAsk::Retransmitter:
                ++retransmitters;
                QVERIFY(t.segments[ev.segment].retransmission);
                QCOMPARE(q.host, static_cast<int>(t.segments[ev.segment].srcHost));
                break;
            }
        }
        QVERIFY(states >= 6);
        QVERIFY(acks >= 3);
        if (lesson.endsWith(QLatin1String("lost-fin")))
            QVERIFY(retransmitters >= 1);
    }

    // A question holds the cursor before its event; a right answer scores, reveals and moves on.
    void rightAnswer_scoresAndReveals() {
        MainWindow& w = open(QStringLiteral("builtin:handshake-and-close"));
        QuizPanel* quiz = w.quizPanel();
        w.findChild<QAction*>(QStringLiteral("quizAction"))->trigger();
        QVERIFY(quiz->isActive());
        QVERIFY(quiz->isVisible());
        w.controller()->toEnd(); // jumps stop at the first question too
        const QuizItem* q = quiz->pending();
        QVERIFY(q);
        QCOMPARE(w.cursor(), q->row - 1);
        const int row = q->row;
        const Truth truth = truthAt(*w.controller(), q->revealRow);
        QCOMPARE(truth.kind, TraceKind::StateChange); // the server's LISTEN comes first
        QVERIFY(!quiz->questionText().isEmpty());
        // Stepping on does not pass it.
        w.stepForward();
        QCOMPARE(w.cursor(), row - 1);
        QVERIFY(quiz->answerState(truth.to));
        QCOMPARE(quiz->score(), 1);
        QCOMPARE(quiz->asked(), 1);
        QVERIFY(w.cursor() >= row);
        QVERIFY(quiz->resultText().contains(QString::fromLatin1(stateName(truth.to).data())));
    }

    void wrongAnswer_doesNotScoreAndShowsTheTruth() {
        MainWindow& w = open(QStringLiteral("builtin:handshake-and-close"));
        QuizPanel* quiz = w.quizPanel();
        quiz->setActive(true);
        // To the first ack question, answering the others right.
        for (int guard = 0; guard < 50; ++guard) {
            const QuizItem* q = stepToQuestion(w);
            QVERIFY(q);
            if (q->ask == QuizAsk::AckNumber)
                break;
            QVERIFY(quiz->answerState(truthAt(*w.controller(), q->revealRow).to));
        }
        const QuizItem* q = quiz->pending();
        QCOMPARE(q->ask, QuizAsk::AckNumber);
        const int before = quiz->score();
        const int askedBefore = quiz->asked();
        const std::uint32_t right = q->ackRelative;
        QVERIFY(!quiz->answerNumber(right + 7));
        QCOMPARE(quiz->score(), before);
        QCOMPARE(quiz->asked(), askedBefore + 1);
        QVERIFY2(quiz->resultText().contains(QStringLiteral("the answer is %1.").arg(right)),
                 qPrintable(quiz->resultText()));
    }

    // The panel's own widgets: pick the state in the list, click Answer.
    void answeringThroughTheWidgets() {
        MainWindow& w = open(QStringLiteral("builtin:handshake-and-close"));
        QuizPanel* quiz = w.quizPanel();
        quiz->setActive(true);
        const QuizItem* q = stepToQuestion(w);
        QVERIFY(q);
        QCOMPARE(q->ask, QuizAsk::NextState);
        auto* choices = quiz->findChild<QComboBox*>(QStringLiteral("quizChoices"));
        QCOMPARE(choices->count(), kTcpStateCount);
        choices->setCurrentIndex(choices->findText(QString::fromLatin1(stateName(q->state).data())));
        QTest::mouseClick(quiz->findChild<QPushButton*>(QStringLiteral("quizAnswerButton")), Qt::LeftButton);
        QCOMPARE(quiz->score(), 1);
        QCOMPARE(quiz->asked(), 1);
    }

    // In quiz mode the ladder does not show what has not happened yet (faded, it would give answers away).
    void quizMode_ladderHidesTheFuture() {
        MainWindow& w = open(QStringLiteral("builtin:handshake-and-close"));
        auto inked = [&w] {
            const QImage image = w.ladder()->viewport()->grab().toImage();
            const QColor ground = w.ladder()->palette().color(QPalette::Base);
            int n = 0;
            for (int y = w.ladder()->headerPixels() + 40; y < image.height(); ++y)
                for (int x = 100; x < image.width(); ++x)
                    if (image.pixelColor(x, y) != ground)
                        ++n;
            return n;
        };
        w.quizPanel()->toggleAction()->trigger();
        QVERIFY(w.ladder()->hideFuture());
        const int past = inked();
        w.ladder()->setHideFuture(false); // the same view showing the future faded
        const int all = inked();
        QVERIFY2(past * 10 < all, qPrintable(QStringLiteral("%1 of %2").arg(past).arg(all)));
        w.quizPanel()->toggleAction()->trigger();
        QVERIFY(!w.ladder()->hideFuture());
    }

    // ... not even the time column: a later row's time would tell when the retransmission comes.
    void quizMode_timeColumnHidesTheFuture() {
        MainWindow& w = open(QStringLiteral("builtin:lost-syn"));
        w.quizPanel()->toggleAction()->trigger();
        w.controller()->setCursor(2);
        auto inkBelowCursor = [&w] {
            const QImage image = w.ladder()->viewport()->grab().toImage();
            const QColor ground = w.ladder()->palette().color(QPalette::Base);
            // From just above the text of row 3, the first row after the cursor's (its band ends higher).
            const int top = w.ladder()->laneViewPoint(0, 3).y() - 7;
            int n = 0;
            for (int y = std::max(top, w.ladder()->headerPixels()); y < image.height(); ++y)
                for (int x = 0; x < 80; ++x) // the time column (92 px)
                    if (image.pixelColor(x, y) != ground)
                        ++n;
            return n;
        };
        QVERIFY(w.ladder()->hideFuture());
        const int hidden = inkBelowCursor();
        w.ladder()->setHideFuture(false);
        const int shown = inkBelowCursor();
        QVERIFY2(shown > 200, qPrintable(QString::number(shown)));
        QCOMPARE(hidden, 0);
    }

    // ... nor does the event list: it lists the events up to the furthest one reached.
    void quizMode_eventListHidesTheFuture() {
        MainWindow& w = open(QStringLiteral("builtin:handshake-and-close"));
        const int all = w.eventList()->filter()->rowCount();
        QCOMPARE(all, w.controller()->eventCount());
        w.quizPanel()->toggleAction()->trigger();
        QCOMPARE(w.eventList()->filter()->rowCount(), 0);
        const QuizItem* q = stepToQuestion(w);
        QVERIFY(q);
        QCOMPARE(w.eventList()->filter()->rowCount(), w.cursor() + 1);
        w.stepBack(); // what was seen stays listed
        QCOMPARE(w.eventList()->filter()->rowCount(), w.cursor() + 2);
        w.quizPanel()->toggleAction()->trigger();
        QCOMPARE(w.eventList()->filter()->rowCount(), all);
    }

    void quizOff_stepsFreely() {
        MainWindow& w = open(QStringLiteral("builtin:handshake-and-close"));
        w.stepForward();
        w.stepForward();
        QCOMPARE(w.cursor(), 1);
        QVERIFY(!w.quizPanel()->pending());
        w.controller()->toEnd();
        QCOMPARE(w.cursor(), w.controller()->eventCount() - 1);
    }

    // The lesson's questions replace the generated ones and are asked at their steps, in their wording;
    // one that nothing answers is left out.
    void lessonQuestions_askedAtTheirSteps() {
        QVERIFY(dir_.isValid());
        const QString path = dir_.filePath(QStringLiteral("quiz.json"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(kQuizLesson);
        f.close();
        MainWindow& w = open(path);
        QCOMPARE(w.controller()->scenario().quiz.size(), std::size_t{3});
        QuizPanel* quiz = w.quizPanel();
        QCOMPARE(quiz->questions().size(), std::size_t{2}); // no retransmission in this run
        quiz->setActive(true);
        // Step 1: the server's first segment with ACK (its SYN-ACK) is asked before event 1.
        w.stepForward();
        const QuizItem* q = quiz->pending();
        QVERIFY(q);
        QCOMPARE(q->ask, QuizAsk::AckNumber);
        QCOMPARE(q->row, 0);
        QCOMPARE(w.cursor(), -1);
        const Trace& t = w.controller()->trace();
        const TraceEvent& ack = t.events[static_cast<std::size_t>(q->revealRow)];
        QCOMPARE(t.hostNames[t.segments[ack.segment].srcHost], std::string("server"));
        QVERIFY(t.segments[ack.segment].flags & TcpFlag::ACK);
        const int ackRow = q->revealRow;
        QVERIFY(quiz->answerNumber(q->ackRelative));
        // Step 3: the client's next state, in the teacher's words; it stops the reveal of the ack (event 9)
        // before event 3.
        q = quiz->pending();
        QVERIFY(q);
        QCOMPARE(q->ask, QuizAsk::NextState);
        QCOMPARE(q->row, 2);
        QVERIFY(ackRow > q->row);
        QCOMPARE(quiz->questionText(), QStringLiteral("Where does the client go?"));
        QCOMPARE(w.cursor(), 1);
        const Truth truth = truthAt(*w.controller(), q->revealRow);
        QCOMPARE(t.hostNames[t.events[static_cast<std::size_t>(q->revealRow)].host], std::string("client"));
        QVERIFY(!quiz->answerState(truth.to == TcpState::Closed ? TcpState::Listen : TcpState::Closed));
        QCOMPARE(quiz->score(), 1);
        QCOMPARE(quiz->asked(), 2);
        // No more questions: the rest of the run plays through.
        w.controller()->toEnd();
        QCOMPARE(w.cursor(), w.controller()->eventCount() - 1);
    }

    // The lost-SYN lesson's own questions: who retransmits (the client), the server's SYN-RECEIVED, the
    // client's ESTABLISHED, and the ack of the client's ACK (relative 1).
    void builtinLostSyn_questions() {
        MainWindow& w = open(QStringLiteral("builtin:lost-syn"));
        const std::vector<QuizItem>& q = w.quizPanel()->questions();
        QCOMPARE(q.size(), std::size_t{4});
        const Trace& t = w.controller()->trace();
        auto host = [&t](int h) {
            return t.hostNames[static_cast<std::size_t>(h)];
        };
        QCOMPARE(q[0].ask, QuizAsk::Retransmitter);
        QCOMPARE(host(q[0].host), std::string("client"));
        QCOMPARE(q[1].state, TcpState::SynReceived);
        QCOMPARE(host(q[1].host), std::string("server"));
        QCOMPARE(q[2].state, TcpState::Established);
        QCOMPARE(host(q[2].host), std::string("client"));
        QCOMPARE(q[3].ask, QuizAsk::AckNumber);
        QCOMPARE(q[3].ackRelative, 1u);
        for (const QuizItem& item : q)
            QVERIFY(item.fromLesson);
    }

    // The quiz field survives saving and loading, and a bad one names its JSON path.
    void quizField_roundTripsAndBadOnesNameThePath() {
        const ScenarioLoad load = parseScenarioJson(kQuizLesson);
        QVERIFY2(load.scenario, qPrintable(load.error));
        const ScenarioLoad again = parseScenarioJson(scenarioToJson(*load.scenario));
        QVERIFY2(again.scenario, qPrintable(again.error));
        QCOMPARE(again.scenario->quiz, load.scenario->quiz);
        QByteArray bad = kQuizLesson;
        bad.replace("\"ask\": \"retransmitter\"", "\"ask\": \"who\"");
        QCOMPARE(parseScenarioJson(bad).error,
                 QStringLiteral(
                     "quiz[2].ask: expected one of next_state, ack_number, retransmitter, got \"who\""));
    }
};

QTEST_MAIN(TestQuiz)
#include "tst_quiz.moc"
