// The RFC 9293 state diagram (§3.3.2, Figure 5), drawn from the core's transition table: every state, every
// row of the table as an edge (the rows between the same two states share one, their labels listed). Aborts,
// resets and give-ups into CLOSED are drawn as thin dashed edges without labels until one is taken, so the
// diagram stays readable. The followed conversation's two ends are markers in their hosts' colours; the edge
// each end took last is drawn in its colour and labelled with its event / action, and the one taken at the
// cursor is animated.
#pragma once

#include <QVariantAnimation>
#include <QWidget>

#include <vector>

#include "tcp/state.h"
#include "tcp/transitions.h"

class QPainterPath;

namespace tcplab::ui {

class PlayerController;

class StateDiagram : public QWidget {
    Q_OBJECT
public:
    explicit StateDiagram(PlayerController* controller, QWidget* parent = nullptr);

    // What the diagram shows at the cursor, per end of the followed conversation (for the tests).
    struct EndView {
        int host = 0;
        TcpState state = TcpState::Closed;
        const TransitionRule* lastRule = nullptr; // the edge it took last, or nullptr
        bool justTaken = false;                   // ... at the cursor's event
    };
    std::vector<EndView> ends() const;
    // The states drawn highlighted (those with a marker).
    std::vector<TcpState> highlightedStates() const;

    PlayerController* controller() const { return controller_; }
    // Line weight (1: normal; presentation mode draws thicker lines).
    double lineScale() const { return lineScale_; }
    void setLineScale(double scale);

    QSize sizeHint() const override { return {520, 400}; }
    QSize minimumSizeHint() const override { return {300, 240}; }

protected:
    void paintEvent(QPaintEvent* event) override;
    bool event(QEvent* event) override;

private:
    struct Node {
        TcpState state;
        QPointF center; // logical coordinates (kWidth × kHeight)
        bool bottom = false;
    };
    struct Edge {
        int from;
        int to;
        std::vector<const TransitionRule*> rules;
        bool minor = false; // abort / reset / give-up: dashed, unlabelled unless taken
        double bend = 0;    // the control point's offset, perpendicular to the chord
    };
    void build();
    int nodeFor(TcpState s, bool bottom) const;
    int edgeFor(const TransitionRule* rule) const;
    QTransform logicalToWidget() const;
    int legendHeight() const;
    QPainterPath edgePath(const Edge& e) const;
    QRectF nodeRect(int node) const;

    PlayerController* controller_;
    std::vector<Node> nodes_;
    std::vector<Edge> edges_;
    QVariantAnimation anim_;
    // Node size in logical units: text keeps its screen size whatever the diagram's scale.
    double nodeW_ = 176;
    double nodeH_ = 46;
    double progress_ = 1.0;
    double lineScale_ = 1.0;
};

} // namespace tcplab::ui
