// The built-in lessons: resources/scenarios/*.json, compiled into the binaries as Qt resources.
#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace tcplab {

// Names ("handshake-and-close", …) in a stable teaching order: the order of resources/scenarios/index.txt
// when present, then alphabetical.
QStringList builtinScenarioNames();
// The file's bytes; empty if there is no such lesson.
QByteArray builtinScenarioJson(const QString& name);
// The lesson the GUI opens first.
QString defaultScenarioName();

} // namespace tcplab
