// libFuzzer target: a scenario that loads is run, with a small event limit. Any valid scenario must run to
// its end (finished, time limit or event limit) without a crash, an abort or undefined behaviour.
#include <algorithm>
#include <cstddef>
#include <cstdint>

#include <QByteArray>

#include "io/scenario_json.h"
#include "sim/simulation.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const QByteArray json(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
    tcplab::ScenarioLoad load = tcplab::parseScenarioJson(json);
    if (!load.scenario)
        return 0;
    tcplab::Scenario sc = std::move(*load.scenario);
    sc.maxEvents = std::min<std::uint64_t>(sc.maxEvents, 2000);
    tcplab::Simulation sim(std::move(sc));
    sim.run();
    return 0;
}
