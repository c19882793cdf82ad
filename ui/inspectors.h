// The inspector panels around the ladder: the TCBs of the followed conversation, the selected segment's
// headers with a linked hex dump, the event list with its filters, and the narration. Each observes the
// PlayerController and reads what it shows from it.
#pragma once

#include <limits>

#include <QSortFilterProxyModel>
#include <QWidget>

#include <vector>

#include "packet_bytes.h"

class QComboBox;
class QLabel;
class QTableView;
class QTextBrowser;
class QTreeWidget;
class QTreeWidgetItem;

namespace tcplab::ui {

class PlayerController;
class TraceModel;

// A hex dump: offset, 16 bytes in hex, the same as text. Clicking a byte reports it; a byte range can be
// highlighted.
class HexView : public QWidget {
    Q_OBJECT
public:
    explicit HexView(QWidget* parent = nullptr);
    void setBytes(const QByteArray& bytes);
    void setHighlight(int offset, int length);
    int highlightOffset() const { return hiOffset_; }
    int highlightLength() const { return hiLength_; }
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    void byteClicked(int offset);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;

private:
    int byteAt(QPoint pos) const;
    QByteArray bytes_;
    int hiOffset_ = -1;
    int hiLength_ = 0;
};

class SegmentInspector : public QWidget {
    Q_OBJECT
public:
    explicit SegmentInspector(PlayerController* controller, QWidget* parent = nullptr);
    QTreeWidget* tree() const { return tree_; }
    HexView* hexView() const { return hex_; }
    const PacketBytes& packet() const { return packet_; }
    // Selects the field whose bytes are smallest around `offset` (what clicking the hex dump does).
    void selectByte(int offset);
    void refresh();

private:
    void fieldSelected();
    PlayerController* controller_;
    QLabel* title_;
    QTreeWidget* tree_;
    HexView* hex_;
    PacketBytes packet_;
    std::vector<QTreeWidgetItem*> items_; // by field index
};

// The TCB of each end of the followed conversation at the cursor, with the values that changed at the last
// step highlighted.
class TcbPanel : public QWidget {
    Q_OBJECT
public:
    enum Row {
        RowState,
        RowIss,
        RowIrs,
        RowSndUna,
        RowSndNxt,
        RowSndWnd,
        RowRcvNxt,
        RowRcvWnd,
        RowRto,
        RowSrtt,
        RowSendBuffer,
        RowRecvBuffer,
        RowTimerFirst, // one row per TimerKind
        RowCount = RowTimerFirst + 6
    };
    explicit TcbPanel(PlayerController* controller, QWidget* parent = nullptr);
    QTreeWidget* tree() const { return tree_; }
    // The text shown for an end (0 or 1) and a row, and whether it is highlighted as just changed.
    QString value(int end, Row row) const;
    bool changed(int end, Row row) const;
    void refresh();
    void retranslate();

private:
    // The values after event `row`, per end; also sets the column headers.
    void compute(int row, QString (&out)[2][RowCount], int& endCount);
    PlayerController* controller_;
    QTreeWidget* tree_;
    QString values_[2][RowCount];
    bool changed_[2][RowCount] = {};
    int lastCursor_ = -2;
    int lastFollowed_ = -1;
};

// The narration: where we are, what happened and why, and the lesson's teacher note.
class NarrationPanel : public QWidget {
    Q_OBJECT
public:
    explicit NarrationPanel(PlayerController* controller, QWidget* parent = nullptr);
    QString sentence() const { return sentence_; }
    QString teacherNote() const { return note_; }
    QTextBrowser* browser() const { return browser_; }
    void refresh();

private:
    PlayerController* controller_;
    QTextBrowser* browser_;
    QString sentence_;
    QString note_;
};

// Filters of the event list: one host or all, one group of kinds or all.
class EventFilter : public QSortFilterProxyModel {
    Q_OBJECT
public:
    enum Kinds { AllKinds, Segments, StateChanges, Timers, Application, Problems };
    explicit EventFilter(QObject* parent = nullptr) : QSortFilterProxyModel(parent) {}
    void setHost(int host);
    void setKinds(int kinds);
    // Quiz mode: rows after `row` are not shown (what has not happened yet); INT_MAX: all rows.
    void setLastRow(int row);
    bool accepts(int sourceRow) const { return filterAcceptsRow(sourceRow, {}); }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    int host_ = -1;
    int kinds_ = AllKinds;
    int lastRow_ = std::numeric_limits<int>::max();
};

class EventList : public QWidget {
    Q_OBJECT
public:
    EventList(PlayerController* controller, TraceModel* model, QWidget* parent = nullptr);
    QTableView* table() const { return table_; }
    QComboBox* hostFilter() const { return hostCombo_; }
    QComboBox* kindFilter() const { return kindCombo_; }
    EventFilter* filter() const { return filter_; }
    void lessonLoaded();
    void retranslate();

protected:
    void changeEvent(QEvent* event) override;

private:
    void cursorMoved(int cursor);
    // Column widths for the current font (presentation mode makes it 1.5 times larger).
    void sizeColumns();
    PlayerController* controller_;
    TraceModel* model_;
    EventFilter* filter_;
    QComboBox* hostCombo_;
    QComboBox* kindCombo_;
    QTableView* table_;
    bool syncing_ = false;
};

} // namespace tcplab::ui
