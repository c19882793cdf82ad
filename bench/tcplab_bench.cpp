// tcplab_bench: runs the workloads of workloads.cpp and prints one table (docs/performance.md).
//   tcplab_bench [--reps N] [--only SUBSTRING] [--ns3 PATH/TO/ns3_tcp_bench] [--in-process]
// Each run is a child process (fork), so that its peak RSS is its own. Wall time is measured around
// Simulation::run() (setup, i.e. building the scenario and the Simulation, is reported apart), as the ns-3
// program measures Simulator::Run(). With --ns3, the same workloads run in ns-3 in the same invocation,
// interleaved rep by rep, and a second table puts the two side by side. --in-process runs everything in this
// process (for heaptrack and other profilers that do not follow fork; peak RSS is then the process's).
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "sim/simulation.h"
#include "workloads.h"

using namespace tcplab;
using namespace tcplab::bench;

namespace {

struct Result {
    std::uint64_t segments = 0;
    std::uint64_t events = 0;
    double wallSetup = 0;
    double wallRun = 0;
    double cpuRun = 0; // this thread's CPU time in run(): less disturbed than wall time on a busy machine
    double simSeconds = 0;
    std::uint64_t traceBytes = 0;
    std::uint64_t traceEvents = 0;
    std::uint64_t delivered = 0;
    std::uint64_t rssKib = 0;
    bool ok = false;
};

// Memory held by the trace: its containers' capacity and its string pool.
std::uint64_t traceMemory(const Trace& t) {
    return t.memoryBytes();
}

double seconds(std::chrono::steady_clock::duration d) {
    return std::chrono::duration<double>(d).count();
}

double threadCpuSeconds() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

Result runOurs(const Workload& w) {
    Result r;
    const auto t0 = std::chrono::steady_clock::now();
    Simulation sim(w.make());
    const auto t1 = std::chrono::steady_clock::now();
    const double c1 = threadCpuSeconds();
    sim.run();
    const double c2 = threadCpuSeconds();
    const auto t2 = std::chrono::steady_clock::now();
    r.cpuRun = c2 - c1;
    const Trace& trace = sim.trace();
    r.wallSetup = seconds(t1 - t0);
    r.wallRun = seconds(t2 - t1);
    r.segments = trace.segments.size();
    r.events = sim.world().eventsProcessed;
    r.traceEvents = trace.events.size();
    r.simSeconds = static_cast<double>((sim.now() - kTimeZero).count()) / 1e9;
    r.traceBytes = traceMemory(trace);
    for (std::uint32_t id = 0; id < trace.connections.size(); ++id)
        if (trace.connections[id].host == 1 && !trace.connections[id].listener)
            r.delivered += sim.delivered(id).bytes;
    const std::uint64_t want = w.connections ? 100 * w.connections : w.bytes;
    r.ok = sim.status() == RunStatus::Finished && r.delivered == want;
    return r;
}

// Runs fn() in a child process; the child sends its Result back through a pipe, and wait4 gives its peak RSS.
bool gInProcess = false;

template <class Fn> std::optional<Result> inChild(Fn fn) {
    if (gInProcess) {
        Result r = fn();
        rusage usage{};
        getrusage(RUSAGE_SELF, &usage);
        r.rssKib = static_cast<std::uint64_t>(usage.ru_maxrss);
        return r;
    }
    int fds[2];
    if (pipe(fds) != 0)
        return std::nullopt;
    std::fflush(nullptr);
    const pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        const Result r = fn();
        const ssize_t n = write(fds[1], &r, sizeof r);
        _exit(n == static_cast<ssize_t>(sizeof r) ? 0 : 1);
    }
    close(fds[1]);
    Result r;
    const ssize_t n = read(fds[0], &r, sizeof r);
    close(fds[0]);
    int status = 0;
    rusage usage{};
    wait4(pid, &status, 0, &usage);
    if (n != static_cast<ssize_t>(sizeof r) || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return std::nullopt;
    r.rssKib = static_cast<std::uint64_t>(usage.ru_maxrss);
    return r;
}

// One run of the ns-3 program: its RESULT line's key=value pairs.
std::optional<Result> runNs3(const std::string& program, const std::string& args) {
    const std::string cmd = program + " " + args + " 2>&1";
    FILE* p = popen(cmd.c_str(), "r");
    if (!p)
        return std::nullopt;
    std::string out;
    char buf[4096];
    while (std::fgets(buf, sizeof buf, p))
        out += buf;
    if (pclose(p) != 0)
        return std::nullopt;
    const auto pos = out.find("RESULT ");
    if (pos == std::string::npos)
        return std::nullopt;
    std::map<std::string, std::string> kv;
    std::istringstream line(out.substr(pos + 7, out.find('\n', pos) - pos - 7));
    for (std::string item; line >> item;)
        if (const auto eq = item.find('='); eq != std::string::npos)
            kv[item.substr(0, eq)] = item.substr(eq + 1);
    auto num = [&](const char* k) {
        return kv.count(k) ? std::strtod(kv[k].c_str(), nullptr) : 0.0;
    };
    Result r;
    r.segments = static_cast<std::uint64_t>(num("segsA") + num("segsB"));
    r.events = static_cast<std::uint64_t>(num("events"));
    r.wallSetup = num("wall_setup");
    r.wallRun = num("wall_run");
    r.simSeconds = num("sim_end");
    r.rssKib = static_cast<std::uint64_t>(num("rss_kib"));
    r.ok = r.segments > 0;
    return r;
}

struct Summary {
    Result median; // the run with the median wall time
    double bestWall = 0;
    int runs = 0;
};

Summary summarize(std::vector<Result> rs) {
    std::sort(rs.begin(), rs.end(), [](const Result& a, const Result& b) { return a.wallRun < b.wallRun; });
    Summary s;
    s.median = rs[rs.size() / 2];
    s.bestWall = rs.front().wallRun;
    s.runs = static_cast<int>(rs.size());
    for (const Result& r : rs)
        s.median.rssKib = std::max(s.median.rssKib, r.rssKib);
    return s;
}

std::string fmtRate(double v) {
    char b[32];
    if (v >= 1e6)
        std::snprintf(b, sizeof b, "%.2fM", v / 1e6);
    else if (v >= 1e3)
        std::snprintf(b, sizeof b, "%.1fk", v / 1e3);
    else
        std::snprintf(b, sizeof b, "%.0f", v);
    return b;
}

std::string fmtCount(std::uint64_t v) {
    std::string s = std::to_string(v);
    for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3)
        s.insert(static_cast<std::size_t>(i), ",");
    return s;
}

int usage() {
    std::fprintf(stderr, "usage: tcplab_bench [--reps N] [--only SUBSTRING] [--ns3 PATH] [--in-process]\n");
    return 2;
}

} // namespace

int main(int argc, char** argv) {
    int reps = 3;
    std::string only;
    std::string ns3;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--reps" && i + 1 < argc)
            reps = std::max(1, std::atoi(argv[++i]));
        else if (a == "--only" && i + 1 < argc)
            only = argv[++i];
        else if (a == "--ns3" && i + 1 < argc)
            ns3 = argv[++i];
        else if (a == "--in-process")
            gInProcess = true;
        else
            return usage();
    }

    std::vector<Workload> workloads;
    for (Workload& w : allWorkloads())
        if (only.empty() || w.name.find(only) != std::string::npos)
            workloads.push_back(std::move(w));
    if (workloads.empty())
        return usage();

    std::vector<std::vector<Result>> ours(workloads.size()), theirs(workloads.size());
    bool failed = false;
    // Repetitions are the outer loop (as in run_matrix.sh), so that host drift hits every workload alike.
    for (int rep = 0; rep < reps; ++rep) {
        for (std::size_t i = 0; i < workloads.size(); ++i) {
            std::fprintf(stderr, "\r[rep %d/%d] %-24s", rep + 1, reps, workloads[i].name.c_str());
            const auto r = inChild([&] { return runOurs(workloads[i]); });
            if (!r || !r->ok) {
                std::fprintf(stderr, "\ntcplab_bench: %s did not finish correctly\n",
                             workloads[i].name.c_str());
                failed = true;
            }
            if (r)
                ours[i].push_back(*r);
            if (!ns3.empty() && !workloads[i].ns3Args.empty()) {
                std::fprintf(stderr, "\r[rep %d/%d] %-24s", rep + 1, reps,
                             (workloads[i].name + " (ns-3)").c_str());
                if (const auto n = runNs3(ns3, workloads[i].ns3Args))
                    theirs[i].push_back(*n);
                else {
                    std::fprintf(stderr, "\ntcplab_bench: ns-3 %s failed\n", workloads[i].ns3Args.c_str());
                    failed = true;
                }
            }
        }
    }
    std::fprintf(stderr, "\r%-60s\r", "");

    std::printf("TCP Lab core, Release; one host pair on one 100 Mbit/s link, 10 ms each way; full trace "
                "recorded.\n");
    std::printf("Median of %d runs (wall = Simulation::run(); best run in brackets).\n\n", reps);
    std::printf("| workload | segments | events | sim s | wall s (best) | CPU s | segments/s | connections/s "
                "| peak RSS MiB | trace B/segment |\n");
    std::printf("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    std::vector<Summary> sums(workloads.size());
    for (std::size_t i = 0; i < workloads.size(); ++i) {
        if (ours[i].empty())
            continue;
        const Summary s = sums[i] = summarize(ours[i]);
        const Result& r = s.median;
        const double segRate = static_cast<double>(r.segments) / r.wallRun;
        const std::string conns = workloads[i].connections
                                      ? fmtRate(static_cast<double>(workloads[i].connections) / r.wallRun)
                                      : "-";
        std::printf("| %s | %s | %s | %.1f | %.3f (%.3f) | %.3f | %s | %s | %.1f | %.0f |\n",
                    workloads[i].name.c_str(), fmtCount(r.segments).c_str(), fmtCount(r.events).c_str(),
                    r.simSeconds, r.wallRun, s.bestWall, r.cpuRun, fmtRate(segRate).c_str(), conns.c_str(),
                    static_cast<double>(r.rssKib) / 1024.0,
                    static_cast<double>(r.traceBytes) / static_cast<double>(r.segments));
    }

    if (!ns3.empty()) {
        std::printf(
            "\nSide by side with ns-3 (%s), same invocation, runs interleaved; ratio = ours / ns-3.\n\n",
            ns3.c_str());
        std::printf(
            "| workload | ns-3 segments | ns-3 wall s (best) | ns-3 segments/s | our segments/s | ratio "
            "| ns-3 conn/s | our conn/s | ratio | ns-3 RSS MiB | our RSS MiB |\n");
        std::printf("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (std::size_t i = 0; i < workloads.size(); ++i) {
            if (theirs[i].empty() || ours[i].empty())
                continue;
            const Summary n = summarize(theirs[i]);
            const Result& o = sums[i].median;
            const double nSeg = static_cast<double>(n.median.segments) / n.median.wallRun;
            const double oSeg = static_cast<double>(o.segments) / o.wallRun;
            std::string nConn = "-", oConn = "-", cRatio = "-";
            if (const std::uint64_t k = workloads[i].connections) {
                const double nc = static_cast<double>(k) / n.median.wallRun;
                const double oc = static_cast<double>(k) / o.wallRun;
                nConn = fmtRate(nc);
                oConn = fmtRate(oc);
                char b[32];
                std::snprintf(b, sizeof b, "%.1f×", oc / nc);
                cRatio = b;
            }
            std::printf("| %s | %s | %.3f (%.3f) | %s | %s | %.1f× | %s | %s | %s | %.1f | %.1f |\n",
                        workloads[i].name.c_str(), fmtCount(n.median.segments).c_str(), n.median.wallRun,
                        n.bestWall, fmtRate(nSeg).c_str(), fmtRate(oSeg).c_str(), oSeg / nSeg, nConn.c_str(),
                        oConn.c_str(), cRatio.c_str(), static_cast<double>(n.median.rssKib) / 1024.0,
                        static_cast<double>(o.rssKib) / 1024.0);
        }
    }
    return failed ? 1 : 0;
}
