// tcplab_bench: runs the workloads of workloads.cpp and prints one table (docs/performance.md).
//   tcplab_bench [--reps N] [--only SUBSTRING] [--ns3 PATH/TO/ns3_tcp_bench] [--in-process]
//                [--trace-breakdown]
// Each run is a child process (fork), so that its peak RSS and CPU time are its own. Wall time is measured
// around Simulation::run() (setup, i.e. building the scenario and the Simulation, is reported apart), as the
// ns-3 program measures Simulator::Run(). With --ns3, the same workloads run in ns-3 in the same invocation,
// interleaved run by run, each ns-3 run a child process too; a second table puts the two side by side, with
// ratios on wall time and on CPU time (user + system from wait4, the whole child process on both sides: on
// a shared machine CPU time is disturbed much less than wall time). --in-process runs everything in this
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
    double cpuRun = 0;  // this thread's CPU time in run(): less disturbed than wall time on a busy machine
    double cpuProc = 0; // the child process's user + system time (wait4), setup and run
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

double cpuSeconds(const rusage& u) {
    auto s = [](const timeval& t) {
        return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
    };
    return s(u.ru_utime) + s(u.ru_stime);
}

double threadCpuSeconds() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

bool gInProcess = false;
bool gBreakdown = false; // --trace-breakdown: where the trace's bytes go

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
    for (const Host& h : sim.world().hosts)
        r.segments += h.counters.quietSegments; // flood summary: sent, not traced
    r.events = sim.world().eventsProcessed;
    r.traceEvents = trace.events.size();
    if (gBreakdown) {
        // Where the trace's bytes go, per segment (docs/performance.md, trace memory).
        const double n = static_cast<double>(trace.segments.size());
        std::fprintf(
            stderr,
            "\n%s: per segment %.2f events (%.0f B; %zu kept whole), %.2f datagram records (%.0f "
            "B; %zu kept whole), segment record "
            "%.0f B (%zu kept whole), string pool %.0f B (%zu strings), text/RFC pairs %.0f B (%zu)\n",
            w.name.c_str(), static_cast<double>(trace.events.size()) / n,
            static_cast<double>(trace.events.memoryBytes()) / n, trace.events.escapedCount(),
            static_cast<double>(trace.datagrams.size()) / n,
            static_cast<double>(trace.datagrams.memoryBytes()) / n, trace.datagrams.escapedCount(),
            static_cast<double>(trace.segments.memoryBytes()) / n, trace.segments.escapedCount(),
            static_cast<double>(trace.strings.memoryBytes()) / n, trace.strings.size(),
            static_cast<double>(trace.notes.capacity() * sizeof(Trace::Note)) / n, trace.notes.size());
    }
    r.simSeconds = static_cast<double>((sim.now() - kTimeZero).count()) / 1e9;
    r.traceBytes = traceMemory(trace);
    for (std::uint32_t id = 0; id < trace.connections.size(); ++id)
        if (trace.connections[id].host == 1 && !trace.connections[id].listener)
            r.delivered += sim.delivered(id).bytes;
    r.ok = sim.status() == RunStatus::Finished && r.delivered == w.bytes;
    // A flood: every spoofed SYN reached B's listener (and was answered, queued or dropped there).
    if (w.synFlood && sim.world().hosts[1].counters.synsReceived < w.synFlood)
        r.ok = false;
    return r;
}

// Runs fn() in a child process; the child sends its Result back through a pipe, and wait4 gives its peak RSS.

template <class Fn> std::optional<Result> inChild(Fn fn) {
    if (gInProcess) {
        Result r = fn();
        rusage usage{};
        getrusage(RUSAGE_SELF, &usage);
        r.rssKib = static_cast<std::uint64_t>(usage.ru_maxrss);
        r.cpuProc = r.cpuRun;
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
    r.cpuProc = cpuSeconds(usage);
    return r;
}

// One run of the ns-3 program, a child process of ours: its RESULT line's key=value pairs, its CPU time and
// peak RSS from wait4.
std::optional<Result> runNs3(const std::string& program, const std::string& args) {
    std::vector<std::string> argv{program};
    std::istringstream split(args);
    for (std::string a; split >> a;)
        argv.push_back(a);
    std::vector<char*> cargv;
    for (std::string& a : argv)
        cargv.push_back(a.data());
    cargv.push_back(nullptr);
    int fds[2];
    if (pipe(fds) != 0)
        return std::nullopt;
    std::fflush(nullptr);
    const pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        dup2(fds[1], 1);
        dup2(fds[1], 2);
        close(fds[1]);
        execv(program.c_str(), cargv.data());
        _exit(127);
    }
    close(fds[1]);
    std::string out;
    char buf[4096];
    for (ssize_t n; (n = read(fds[0], buf, sizeof buf)) > 0;)
        out.append(buf, static_cast<std::size_t>(n));
    close(fds[0]);
    int status = 0;
    rusage usage{};
    wait4(pid, &status, 0, &usage);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
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
    r.rssKib = static_cast<std::uint64_t>(usage.ru_maxrss);
    r.cpuProc = cpuSeconds(usage);
    r.ok = r.segments > 0;
    return r;
}

struct Summary {
    Result median; // the run with the median wall time
    double bestWall = 0;
    double cpuRun = 0; // medians of the CPU times, each taken on its own
    double cpuProc = 0;
    int runs = 0;
};

double medianOf(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

Summary summarize(std::vector<Result> rs) {
    std::sort(rs.begin(), rs.end(), [](const Result& a, const Result& b) { return a.wallRun < b.wallRun; });
    Summary s;
    s.median = rs[rs.size() / 2];
    s.bestWall = rs.front().wallRun;
    s.runs = static_cast<int>(rs.size());
    std::vector<double> run, proc;
    for (const Result& r : rs) {
        s.median.rssKib = std::max(s.median.rssKib, r.rssKib);
        run.push_back(r.cpuRun);
        proc.push_back(r.cpuProc);
    }
    s.cpuRun = medianOf(run);
    s.cpuProc = medianOf(proc);
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
    std::fprintf(stderr, "usage: tcplab_bench [--reps N] [--only SUBSTRING] [--ns3 PATH] [--in-process] "
                         "[--trace-breakdown]\n");
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
        else if (a == "--trace-breakdown")
            gBreakdown = true;
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

    std::printf("TCP Lab core, Release; workloads of bench/workloads.cpp (docs/performance.md); full trace "
                "recorded.\n");
    std::printf(
        "Median of %d runs (wall = Simulation::run(), best run in brackets; CPU run = its thread's CPU "
        "time; CPU proc = the child process's user + system time).\n\n",
        reps);
    std::printf(
        "| workload | segments | events | sim s | wall s (best) | CPU run s | CPU proc s | segments/s "
        "| connections/s | peak RSS MiB | trace B/segment |\n");
    std::printf("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
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
        // A flood's segments are mostly not traced: bytes per traced segment would mean nothing.
        char perSeg[32] = "-";
        if (!workloads[i].synFlood)
            std::snprintf(perSeg, sizeof perSeg, "%.0f",
                          static_cast<double>(r.traceBytes) / static_cast<double>(r.segments));
        std::printf("| %s | %s | %s | %.1f | %.3f (%.3f) | %.3f | %.3f | %s | %s | %.1f | %s |\n",
                    workloads[i].name.c_str(), fmtCount(r.segments).c_str(), fmtCount(r.events).c_str(),
                    r.simSeconds, r.wallRun, s.bestWall, s.cpuRun, s.cpuProc, fmtRate(segRate).c_str(),
                    conns.c_str(), static_cast<double>(r.rssKib) / 1024.0, perSeg);
    }

    if (!ns3.empty()) {
        std::printf("\nSide by side with ns-3 (%s), same invocation, runs interleaved, medians of %d. Rates: "
                    "segments per second for bulk transfers, connections per second for short connections; "
                    "ratio = our rate / ns-3's, on wall time (Simulation::run() / Simulator::Run()) and on "
                    "CPU time (each child process's user + system).\n\n",
                    ns3.c_str(), reps);
        std::printf(
            "| workload | ns-3 segments | our segments | ns-3 wall s | our wall s | ns-3 CPU s | our CPU s "
            "| ns-3 rate (wall) | our rate (wall) | ratio wall | ratio CPU | ns-3 RSS MiB | our RSS MiB "
            "|\n");
        std::printf("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (std::size_t i = 0; i < workloads.size(); ++i) {
            if (theirs[i].empty() || ours[i].empty())
                continue;
            const Summary n = summarize(theirs[i]);
            const Summary& o = sums[i];
            // Work units: connections for the short-connection workloads, segments otherwise.
            const std::uint64_t k = workloads[i].connections;
            const double nWork = k ? static_cast<double>(k) : static_cast<double>(n.median.segments);
            const double oWork = k ? static_cast<double>(k) : static_cast<double>(o.median.segments);
            const double nRate = nWork / n.median.wallRun, oRate = oWork / o.median.wallRun;
            const double cpuRatio = (oWork / o.cpuProc) / (nWork / n.cpuProc);
            std::printf(
                "| %s | %s | %s | %.3f | %.3f | %.3f | %.3f | %s%s | %s%s | %.1f× | %.1f× | %.1f | %.1f "
                "|\n",
                workloads[i].name.c_str(), fmtCount(n.median.segments).c_str(),
                fmtCount(o.median.segments).c_str(), n.median.wallRun, o.median.wallRun, n.cpuProc, o.cpuProc,
                fmtRate(nRate).c_str(), k ? " conn/s" : "", fmtRate(oRate).c_str(), k ? " conn/s" : "",
                oRate / nRate, cpuRatio, static_cast<double>(n.median.rssKib) / 1024.0,
                static_cast<double>(o.median.rssKib) / 1024.0);
        }
    }
    return failed ? 1 : 0;
}
