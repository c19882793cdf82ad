// Scenario files: JSON, "format": "tcplab-scenario", "version": 1 (docs/scenario-format.md, with
// docs/scenario.schema.json beside it). Loading never throws and never crashes: a bad file gives one
// message that names the JSON path and what was expected, e.g.
//   hosts[1].tcp.mss: expected an integer 88..65495, got "big"
// Saving is atomic (QSaveFile), and load → save → load gives the same Scenario.
#pragma once

#include <optional>

#include <QByteArray>
#include <QString>

#include "scenario/scenario.h"

namespace tcplab {

struct ScenarioLoad {
    std::optional<Scenario> scenario;
    QString error; // "path: expected …, got …" when scenario is empty
};

ScenarioLoad parseScenarioJson(const QByteArray& json);
ScenarioLoad loadScenarioFile(const QString& path);
// FILE, or builtin:NAME for a lesson compiled into the program.
ScenarioLoad loadScenarioArgument(const QString& arg);

QByteArray scenarioToJson(const Scenario& sc);
// Atomic: the old file stays whole if anything fails. Returns false and sets *error on failure.
bool saveScenarioFile(const Scenario& sc, const QString& path, QString* error);

} // namespace tcplab
