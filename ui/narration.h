// The narration: for one trace event, a sentence saying what happened and why, citing the RFC section — the
// UI's only protocol "knowledge" is which words to use for each row of the transition table and each kind of
// event; the facts (numbers, states, rules) all come from the trace.
#pragma once

#include <QCoreApplication>
#include <QString>

#include "sim/trace.h"

namespace tcplab::ui {

class Narrator {
    Q_DECLARE_TR_FUNCTIONS(tcplab::ui::Narrator)
public:
    // The sentence for trace.events[row] (row -1: the start of the run).
    static QString sentence(const Trace& trace, int row);
    // "RFC 9293 §3.10.7.2" for the event, or empty.
    static QString citation(const Trace& trace, int row);
    // A timer's name in running text ("the retransmission timer").
    static QString timerName(TimerKind k);
};

} // namespace tcplab::ui
