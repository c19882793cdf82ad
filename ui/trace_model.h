// The trace as a table, one row per TraceEvent, and the cursor the Step / Back / Reset controls move through
// it. Rows after the cursor have not happened yet at the cursor's moment and are drawn faded.
#pragma once

#include <QAbstractTableModel>
#include <QString>

#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "sim/trace.h"
#include "tcp/seqnum.h"
#include "tcp/state.h"

namespace tcplab::ui {

// A connection's state after some prefix of the trace.
struct ConnectionState {
    std::uint32_t conn = kNone; // index into Trace::connections
    TcpState state = TcpState::Closed;
};

// Per host (indexed like Trace::hostNames): its connections that are not CLOSED after the events 0..row
// (row -1: before the first event), in the order they were created.
std::vector<std::vector<ConnectionState>> connectionStatesAt(const Trace& trace, int row);

class TraceModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { ColStep, ColTime, ColHost, ColEvent, ColDetails, ColRfc, ColumnCount };

    explicit TraceModel(QObject* parent = nullptr);

    // notes: teacher notes by row (0-based), already in the interface language.
    void setTrace(Trace trace, std::map<int, QString> notes = {});
    const Trace& trace() const { return trace_; }

    // -1: before the first event; otherwise the row of the event that has just happened.
    int cursor() const { return cursor_; }
    void setCursor(int row);

    // The teacher note of this row, if any.
    QString noteAt(int row) const;

    // Texts of one event, as shown in the table.
    QString timeText(int row) const;
    QString hostText(int row) const;
    QString eventText(int row) const;
    QString detailsText(int row) const;
    QString rfcText(int row) const;

    static QString formatSeconds(Instant t);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QString segmentText(const TraceEvent& ev) const;
    QString hostName(std::uint16_t host) const;

    Trace trace_;
    std::map<int, QString> notes_;
    // Per segment: the sender's and the receiver's ISN, for Wireshark's relative numbers.
    std::vector<std::pair<std::optional<SeqNum>, std::optional<SeqNum>>> relBases_;
    int cursor_ = -1;
};

} // namespace tcplab::ui
