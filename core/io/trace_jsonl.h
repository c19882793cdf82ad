// The trace as JSON Lines: one object per line, documented record by record in docs/trace-format.md.
// Byte-identical for the same scenario and seed.
#pragma once

#include <QByteArray>
#include <QIODevice>

#include "sim/trace.h"

namespace tcplab {

QByteArray traceToJsonl(const Trace& trace);
bool writeTraceJsonl(const Trace& trace, QIODevice& out);

} // namespace tcplab
