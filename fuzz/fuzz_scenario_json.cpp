// libFuzzer target: the scenario loader. Any bytes must give either a Scenario that passes
// checkScenario() and survives save -> load unchanged, or an error message; never a crash, a hang or
// undefined behaviour.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include <QByteArray>

#include "io/scenario_json.h"
#include "scenario/scenario.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const QByteArray json(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
    const tcplab::ScenarioLoad load = tcplab::parseScenarioJson(json);
    if (!load.scenario) {
        if (load.error.isEmpty()) {
            std::fprintf(stderr, "fuzz: the load failed without an error message\n");
            std::abort();
        }
        return 0;
    }
    if (const std::string problem = tcplab::checkScenario(*load.scenario); !problem.empty()) {
        std::fprintf(stderr, "fuzz: a loaded scenario fails checkScenario: %s\n", problem.c_str());
        std::abort();
    }
    // load -> save -> load gives the same Scenario (the loader's promise).
    const tcplab::ScenarioLoad again = tcplab::parseScenarioJson(tcplab::scenarioToJson(*load.scenario));
    if (!again.scenario) {
        std::fprintf(stderr, "fuzz: a saved scenario does not load again: %s\n",
                     again.error.toUtf8().constData());
        std::abort();
    }
    if (!(*again.scenario == *load.scenario)) {
        std::fprintf(stderr, "fuzz: load -> save -> load changed the scenario\n");
        std::abort();
    }
    return 0;
}
