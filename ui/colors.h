// The player's colours, in one place: states (green when data can flow, amber while opening, orange while
// closing, purple in TIME-WAIT, blue in LISTEN, grey when there is nothing) and one colour per host.
#pragma once

#include <QColor>
#include <QPalette>
#include <QString>

#include "tcp/state.h"

namespace tcplab::ui {

struct StateColors {
    QColor fill;
    QColor text;
};

inline StateColors stateColors(TcpState s) {
    switch (s) {
    case TcpState::Closed:
        return {QColor(0xe0, 0xe0, 0xe0), QColor(0x42, 0x42, 0x42)};
    case TcpState::Listen:
        return {QColor(0xbb, 0xde, 0xfb), QColor(0x0d, 0x47, 0xa1)};
    case TcpState::SynSent:
    case TcpState::SynReceived:
        return {QColor(0xff, 0xe0, 0x82), QColor(0x6d, 0x4c, 0x00)};
    case TcpState::Established:
        return {QColor(0xc8, 0xe6, 0xc9), QColor(0x1b, 0x5e, 0x20)};
    case TcpState::TimeWait:
        return {QColor(0xe1, 0xbe, 0xe7), QColor(0x4a, 0x14, 0x8c)};
    default:
        return {QColor(0xff, 0xcc, 0xbc), QColor(0x8d, 0x2b, 0x0b)};
    }
}

// A strong colour for a lifeline of this state (the chip's text colour is too dark, the fill too light).
inline QColor stateLineColor(TcpState s) {
    switch (s) {
    case TcpState::Closed:
        return QColor(0xbd, 0xbd, 0xbd);
    case TcpState::Listen:
        return QColor(0x42, 0xa5, 0xf5);
    case TcpState::SynSent:
    case TcpState::SynReceived:
        return QColor(0xff, 0xb3, 0x00);
    case TcpState::Established:
        return QColor(0x43, 0xa0, 0x47);
    case TcpState::TimeWait:
        return QColor(0xab, 0x47, 0xbc);
    default:
        return QColor(0xff, 0x70, 0x43);
    }
}

inline QColor hostColor(int host) {
    static const QColor colors[] = {QColor(0x1e, 0x88, 0xe5), QColor(0xd8, 0x1b, 0x60),
                                    QColor(0x00, 0x89, 0x7b), QColor(0x8e, 0x24, 0xaa),
                                    QColor(0xf4, 0x51, 0x1e), QColor(0x6d, 0x4c, 0x41)};
    return colors[host % 6];
}

// A dark palette (the system's dark mode, or the high-contrast theme): the views draw light lines on it.
// Qt 6.4 has no QStyleHints::colorScheme(): the window colour's lightness tells.
inline bool isDarkPalette(const QPalette& p) {
    return p.color(QPalette::Window).lightness() < 128;
}

inline QString qs(std::string_view s) {
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

} // namespace tcplab::ui
