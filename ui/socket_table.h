// The socket table panel (issue 6): for a chosen host at the cursor's moment, its `netstat -anp` table
// (sortable, filtered by state), the connections per state, a chart over the whole run of the SYN queue, the
// accept queue and the SYN-RECEIVED, CLOSE-WAIT and TIME-WAIT counts with the cursor's time marked, and the
// host's IPv4 reassembly buffers. The rows come from io/netstat.h, the code `tcplab-cli netstat` prints.
#pragma once

#include <QAbstractTableModel>
#include <QSortFilterProxyModel>
#include <QTimer>
#include <QWidget>

#include <array>
#include <cstdint>
#include <vector>

#include "io/netstat.h"

class QComboBox;
class QLabel;
class QTableView;
class QTableWidget;

namespace tcplab::ui {

class PlayerController;

// netstatRows() as a table: one column per netstat column. Qt::UserRole gives the sort key (numbers for the
// queues, the state's order for State).
class SocketTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { ColProto, ColRecvQ, ColSendQ, ColLocal, ColForeign, ColState, ColProgram, ColumnCount };
    using QAbstractTableModel::QAbstractTableModel;
    void setRows(std::vector<NetstatRow> rows);
    const std::vector<NetstatRow>& rows() const { return rows_; }
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::vector<NetstatRow> rows_;
};

// The five counts over simulated time, one line each, with a vertical line at the cursor's time. The series
// are computed once per lesson and host (from the trace's host-stats records, or else from its state changes)
// and sampled down to the chart's width; a cursor move only moves the line.
class QueueChart : public QWidget {
    Q_OBJECT
public:
    enum Series { SynQueue, AcceptQueue, SynReceived, CloseWait, TimeWait, SeriesCount };
    struct Point {
        double t = 0;                        // seconds
        std::array<double, SeriesCount> v{}; // a negative value: not known
    };
    explicit QueueChart(QWidget* parent = nullptr);
    void setPoints(std::vector<Point> points, double endSeconds);
    void setCursorTime(double seconds);
    const std::vector<Point>& points() const { return points_; }
    double cursorTime() const { return cursor_; }
    static QColor color(int series);
    static QString seriesName(int series);
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    std::vector<Point> points_;
    double end_ = 1;
    double cursor_ = -1;
    double maxValue_ = 1;
};

class SocketTablePanel : public QWidget {
    Q_OBJECT
public:
    explicit SocketTablePanel(PlayerController* controller, QWidget* parent = nullptr);
    QComboBox* hostChooser() const { return hostCombo_; }
    QComboBox* stateFilter() const { return stateCombo_; }
    QTableView* table() const { return table_; }
    SocketTableModel* model() const { return model_; }
    QSortFilterProxyModel* proxy() const { return proxy_; }
    QLabel* countsLabel() const { return counts_; }
    QueueChart* chart() const { return chart_; }
    QTableWidget* reassemblyTable() const { return reassembly_; }
    // The host shown (index into the trace's hosts), -1 when none.
    int host() const;
    void setHost(int host);
    // Recomputes the table at the cursor now (the panel otherwise does it soon after the cursor moves).
    void refresh();
    void retranslate();

protected:
    void showEvent(QShowEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void lessonLoaded();
    void buildChart();
    void scheduleRefresh();
    PlayerController* controller_;
    QComboBox* hostCombo_;
    QComboBox* stateCombo_;
    QLabel* title_;
    QLabel* counts_;
    QTableView* table_;
    SocketTableModel* model_;
    QSortFilterProxyModel* proxy_;
    QueueChart* chart_;
    QLabel* reassemblyTitle_;
    QTableWidget* reassembly_;
    QTimer refreshTimer_;
};

} // namespace tcplab::ui
