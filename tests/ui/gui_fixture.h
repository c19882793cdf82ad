// What the GUI tests share: waiting until a window's lesson has run, and finding a named widget.
#pragma once

#include <QObject>
#include <QString>
#include <QTest>

#include "main_window.h"

namespace tcplab::ui::guitest {

// The lesson runs on a worker thread; a large one (the 1M-SYN flood) takes seconds under the sanitizers.
[[nodiscard]] inline bool settled(MainWindow& w) {
    return QTest::qWaitFor([&w] { return !w.isLoading(); }, 120'000);
}

// A named child; a missing one ends the test program with its name rather than a null dereference.
template <typename T> T* child(QObject& parent, const char* name) {
    T* w = parent.findChild<T*>(QString::fromLatin1(name));
    if (!w)
        qFatal("no child %s", name);
    return w;
}

} // namespace tcplab::ui::guitest
