// The trace as JSON Lines: one object per line, documented record by record in docs/trace-format.md.
// Byte-identical for the same scenario and seed: keys are written in a fixed order, times are integer
// nanoseconds and no floating-point number is ever formatted.
#pragma once

#include "sim/trace.h"

#include <string>
#include <string_view>

#include <QByteArray>
#include <QIODevice>

namespace tcplab {

constexpr int kTraceFormatVersion = 1;

QByteArray traceToJsonl(const Trace& trace);
// Writes traceToJsonl(trace); false if the device did not take every byte.
bool writeTraceJsonl(const Trace& trace, QIODevice& out);

// `text` as a JSON string literal, quotes included. Control characters are escaped, and bytes that are not
// valid UTF-8 become U+FFFD, so the result is always valid JSON in valid UTF-8.
std::string jsonQuote(std::string_view text);

} // namespace tcplab
