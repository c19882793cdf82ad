// Quiz mode: before an event is shown, the student predicts it — the next state of a side, the
// acknowledgment number of the next segment, or which side retransmits — then the event is revealed with the
// narration as the explanation, and the score (right / asked) is kept.
//
// The questions come from the lesson's "quiz" list (teacher-marked steps, docs/scenario-format.md) or, when
// it has none, from the trace: every state change, every first-time segment with ACK set, every
// retransmission. Either way the right answer is read from the trace (the first matching event at or after
// the step), never computed by the UI. The panel holds the cursor before a question's row (PlayerController's
// forward gate) until it is answered.
#pragma once

#include <QPointer>
#include <QWidget>

#include <cstdint>
#include <vector>

#include "scenario/scenario.h"
#include "tcp/state.h"

class QAction;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace tcplab::ui {

class PlayerController;

struct QuizItem {
    int row = 0;       // asked before the cursor reaches this row
    int revealRow = 0; // the event that answers it
    QuizAsk ask = QuizAsk::NextState;
    int host = 0; // NextState: whose state; AckNumber: the sender; Retransmitter: the answer
    TcpState state = TcpState::Closed; // NextState: the answer
    std::uint32_t ackRelative = 0;     // AckNumber: the answer, relative as on the ladder, and absolute
    std::uint32_t ackAbsolute = 0;
    LocalizedText text; // the teacher's wording, if any
    bool fromLesson = false;
};

// The quiz of the controller's lesson: its own questions if it has any, otherwise generated from the trace.
std::vector<QuizItem> buildQuiz(const PlayerController& controller);

class QuizPanel : public QWidget {
    Q_OBJECT
public:
    explicit QuizPanel(PlayerController* controller, QWidget* parent = nullptr);
    // Takes its gate off the controller (if the controller is still there).
    ~QuizPanel() override;

    // The checkable Quiz Mode action (for the toolbar and the Play menu).
    QAction* toggleAction() const { return toggle_; }
    bool isActive() const { return active_; }
    void setActive(bool active);
    // Ack numbers are asked as the ladder shows them.
    void setRelativeNumbers(bool relative);

    const std::vector<QuizItem>& questions() const { return items_; }
    // The question being asked, or nullptr.
    const QuizItem* pending() const;
    int score() const { return score_; }
    int asked() const { return asked_; }
    // The shown question and result texts (for the tests).
    QString questionText() const;
    QString resultText() const;

    // Answers the pending question (what the Answer button does with the widgets' value), reveals its event
    // and returns whether the answer was right.
    bool answerState(TcpState state);
    bool answerNumber(std::uint32_t ack);
    bool answerHost(int host);

Q_SIGNALS:
    void questionAsked();
    void scoreChanged(int score, int asked);
    // Quiz mode on: the furthest row the cursor is about to reach (sent before it moves there), so that other
    // views can hide the rows after it; INT_MAX when quiz mode is turned off.
    void revealedUpTo(int row);

protected:
    void changeEvent(QEvent* event) override;

private:
    void lessonLoaded();
    void startRound();
    int gate(int from, int to);
    void ask(int item);
    bool reveal(bool right, const QString& truth);
    void submit();
    void retranslate();
    void showPending();
    QString hostName(int host) const;
    QString truthOf(const QuizItem& q) const;

    PlayerController* controller_;
    QPointer<PlayerController> gated_; // the controller holding our gate, while it lives
    QAction* toggle_;
    bool active_ = false;
    bool relative_ = true;
    std::vector<QuizItem> items_;
    std::vector<bool> answered_;
    int pending_ = -1;
    int revealed_ = -1; // the furthest row reached in quiz mode
    int score_ = 0;
    int asked_ = 0;
    QString result_;

    QLabel* scoreLabel_;
    QLabel* questionLabel_;
    QComboBox* choices_;
    QLineEdit* number_;
    QPushButton* answerButton_;
    QLabel* resultLabel_;
};

} // namespace tcplab::ui
