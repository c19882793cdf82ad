// tcplab-cli: run lessons from the terminal.
//   tcplab-cli list [--lang zh]
//   tcplab-cli validate FILE...
//   tcplab-cli run FILE|builtin:NAME [--trace OUT.jsonl] [--seed N] [--until SECONDS] [--absolute]
//                                    [--format ladder|tcpdump] [--lang en|zh] [--width N] [--no-timers]
//                                    [--pcap OUT.pcap [--pcap-link NAME|all]]
//   tcplab-cli netstat FILE|builtin:NAME --at SECONDS [--host NAME] [--summary | --reassembly] [--seed N]
//   tcplab-cli route FILE|builtin:NAME [--host NAME]
//   tcplab-cli arp FILE|builtin:NAME --at SECONDS [--host NAME]
// Exit codes: 0 ok, 1 bad input (a file that does not load, an unknown built-in, an unwritable output),
// 2 usage (unknown command or option, missing argument, bad option value).
#include "io/builtin.h"
#include "io/ladder.h"
#include "io/netstat.h"
#include "io/pcap.h"
#include "io/scenario_json.h"
#include "io/trace_jsonl.h"
#include "sim/simulation.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <optional>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSaveFile>

using namespace tcplab;

namespace {

enum Exit : int { kOk = 0, kBadInput = 1, kUsage = 2 };

void writeOut(const QString& text) {
    const QByteArray bytes = text.toUtf8();
    std::fwrite(bytes.constData(), 1, static_cast<std::size_t>(bytes.size()), stdout);
}

void writeErr(const QString& text) {
    const QByteArray bytes = text.toUtf8();
    std::fwrite(bytes.constData(), 1, static_cast<std::size_t>(bytes.size()), stderr);
}

int usageError(const QString& message) {
    writeErr(QStringLiteral("tcplab-cli: %1\n"
                            "Usage: tcplab-cli list | validate FILE... | run FILE|builtin:NAME [options]\n"
                            "       tcplab-cli netstat FILE|builtin:NAME --at SECONDS [--host NAME] "
                            "[--summary | --reassembly]\n"
                            "       tcplab-cli route FILE|builtin:NAME [--host NAME]\n"
                            "       tcplab-cli arp FILE|builtin:NAME --at SECONDS [--host NAME]\n"
                            "Try 'tcplab-cli --help' for more information.\n")
                 .arg(message));
    return kUsage;
}

QString localized(const LocalizedText& t, const QString& lang) {
    if (lang == QLatin1String("zh") && !t.zh.empty())
        return QString::fromStdString(t.zh);
    return QString::fromStdString(t.en);
}

// "2", "0.5", "1.000000001": seconds as integer nanoseconds, without floating point.
std::optional<std::int64_t> parseSeconds(const QString& text) {
    static const QRegularExpression re(QStringLiteral("^([0-9]{1,9})(?:\\.([0-9]{1,9}))?$"));
    const auto m = re.match(text);
    if (!m.hasMatch())
        return std::nullopt;
    std::int64_t ns = m.captured(1).toLongLong() * 1'000'000'000;
    QString frac = m.captured(2);
    if (!frac.isEmpty()) {
        frac = frac.leftJustified(9, QLatin1Char('0'));
        ns += frac.toLongLong();
    }
    return ns;
}

struct Options {
    QCommandLineOption trace{QStringLiteral("trace"),
                             QStringLiteral("run: write the trace as JSON Lines to <file>."),
                             QStringLiteral("file")};
    QCommandLineOption seed{QStringLiteral("seed"),
                            QStringLiteral("run: use this random seed instead of the scenario's."),
                            QStringLiteral("n")};
    QCommandLineOption until{QStringLiteral("until"),
                             QStringLiteral("run: stop when simulated time would pass <seconds> (e.g. 2.5)."),
                             QStringLiteral("seconds")};
    QCommandLineOption absolute{QStringLiteral("absolute"),
                                QStringLiteral("run: show absolute sequence numbers (relative by default).")};
    QCommandLineOption format{QStringLiteral("format"),
                              QStringLiteral("run: output format, ladder (default) or tcpdump."),
                              QStringLiteral("ladder|tcpdump"), QStringLiteral("ladder")};
    QCommandLineOption lang{QStringLiteral("lang"),
                            QStringLiteral("list, run: language of titles and notes, en or zh."),
                            QStringLiteral("en|zh"), QStringLiteral("en")};
    QCommandLineOption width{QStringLiteral("width"),
                             QStringLiteral("run: width of the ladder in characters (40-400)."),
                             QStringLiteral("n"), QStringLiteral("100")};
    QCommandLineOption noTimers{QStringLiteral("no-timers"),
                                QStringLiteral("run: leave timer rows out of the ladder.")};
    QCommandLineOption pcap{
        QStringLiteral("pcap"),
        QStringLiteral("run: write the IPv4 datagrams seen on a link to <file> (pcap, for "
                       "Wireshark)."),
        QStringLiteral("file")};
    QCommandLineOption pcapLink{
        QStringLiteral("pcap-link"),
        QStringLiteral("run: the link --pcap captures (default: the first link a segment "
                       "crosses); all writes FILE-LINK.pcap for every link."),
        QStringLiteral("name|all")};
    QCommandLineOption at{
        QStringLiteral("at"),
        QStringLiteral("netstat: the instant of the table, in simulated seconds (e.g. 2.5)."),
        QStringLiteral("seconds")};
    QCommandLineOption host{QStringLiteral("host"),
                            QStringLiteral("netstat, route: only this host's table (default: every host's)."),
                            QStringLiteral("name")};
    QCommandLineOption summary{
        QStringLiteral("summary"),
        QStringLiteral("netstat: connections per state, like netstat -nat | awk '{print "
                       "$6}' | sort | uniq -c.")};
    QCommandLineOption reassembly{
        QStringLiteral("reassembly"),
        QStringLiteral("netstat: the IPv4 reassembly buffers (datagrams waiting for fragments) instead.")};
};

struct NetstatRequest {
    QString scenario;
    std::int64_t atNs = 0;
    QString host;
    bool summary = false;
    bool reassembly = false;
    std::optional<std::uint64_t> seed;
};

int cmdNetstat(const NetstatRequest& req) {
    const ScenarioLoad load = loadScenarioArgument(req.scenario);
    if (!load.scenario) {
        writeErr(req.scenario + QStringLiteral(": ") + load.error + QLatin1Char('\n'));
        return kBadInput;
    }
    const Scenario& sc = *load.scenario;
    std::vector<std::uint16_t> hosts;
    for (std::size_t i = 0; i < sc.hosts.size(); ++i)
        if (req.host.isEmpty() ? !sc.hosts[i].flood : QString::fromStdString(sc.hosts[i].name) == req.host)
            hosts.push_back(static_cast<std::uint16_t>(i));
    if (hosts.empty()) {
        QStringList names;
        for (const auto& h : sc.hosts)
            names << QString::fromStdString(h.name);
        writeErr(QStringLiteral("%1: no host named '%2'; the hosts are %3\n")
                     .arg(req.scenario, req.host, names.join(QStringLiteral(", "))));
        return kBadInput;
    }
    Simulation sim(sc, req.seed);
    sim.runUntil(instantFromNanos(req.atNs));
    for (const std::uint16_t hi : hosts) {
        if (req.host.isEmpty())
            writeOut(QStringLiteral("== %1 (%2) at %3 s ==\n")
                         .arg(QString::fromStdString(sc.hosts[hi].name),
                              QString::fromStdString(formatIpv4(sc.hosts[hi].address)),
                              QString::fromStdString(formatSeconds(req.atNs))));
        writeOut(QString::fromStdString(req.reassembly ? renderReassembly(sim, hi)
                                        : req.summary  ? renderNetstatSummary(sim, hi)
                                                       : renderNetstat(sim, hi)));
        if (req.host.isEmpty() && hi != hosts.back())
            writeOut(QStringLiteral("\n"));
    }
    return kOk;
}

int cmdList(const QString& lang) {
    const QStringList names = builtinScenarioNames();
    qsizetype wide = 0;
    for (const QString& n : names)
        wide = std::max(wide, n.size());
    int status = kOk;
    for (const QString& name : names) {
        const ScenarioLoad load = loadScenarioArgument(QStringLiteral("builtin:") + name);
        if (!load.scenario) {
            writeErr(QStringLiteral("builtin:%1: %2\n").arg(name, load.error));
            status = kBadInput;
            continue;
        }
        writeOut(name.leftJustified(wide + 2) + localized(load.scenario->title, lang) + QLatin1Char('\n'));
    }
    return status;
}

int cmdValidate(const QStringList& files) {
    int status = kOk;
    for (const QString& file : files) {
        const ScenarioLoad load = loadScenarioArgument(file);
        if (load.scenario) {
            writeOut(file + QStringLiteral(": ok\n"));
        } else {
            writeErr(file + QStringLiteral(": ") + load.error + QLatin1Char('\n'));
            status = kBadInput;
        }
    }
    return status;
}

int cmdArp(const QString& scenario, const QString& host, std::int64_t atNs) {
    const ScenarioLoad load = loadScenarioArgument(scenario);
    if (!load.scenario) {
        writeErr(scenario + QStringLiteral(": ") + load.error + QLatin1Char('\n'));
        return kBadInput;
    }
    const Scenario& sc = *load.scenario;
    Simulation sim(sc);
    sim.runUntil(instantFromNanos(atNs));
    QStringList names;
    for (const auto& h : sc.hosts)
        names << QString::fromStdString(h.name);
    for (const auto& r : sc.routers)
        names << QString::fromStdString(r.name);
    if (!host.isEmpty() && !names.contains(host)) {
        writeErr(QStringLiteral("%1: no host or router named '%2'; there are %3\n")
                     .arg(scenario, host, names.join(QStringLiteral(", "))));
        return kBadInput;
    }
    bool first = true;
    for (const QString& name : names) {
        if (!host.isEmpty() && name != host)
            continue;
        if (host.isEmpty())
            writeOut(QStringLiteral("%1== %2 at %3 s ==\n")
                         .arg(first ? QString() : QStringLiteral("\n"), name,
                              QString::fromStdString(formatSeconds(atNs))));
        first = false;
        writeOut(QString::fromStdString(sim.arpCache(name.toStdString())->renderArpAn()));
    }
    return kOk;
}

int cmdRoute(const QString& scenario, const QString& host) {
    ScenarioLoad load = loadScenarioArgument(scenario);
    if (!load.scenario) {
        writeErr(scenario + QStringLiteral(": ") + load.error + QLatin1Char('\n'));
        return kBadInput;
    }
    Scenario sc = *load.scenario;
    sc.ip.present = true; // the routes are the same whether or not the run models the IP layer
    const Simulation sim(sc);
    QStringList names;
    for (const auto& h : sc.hosts)
        names << QString::fromStdString(h.name);
    for (const auto& r : sc.routers)
        names << QString::fromStdString(r.name);
    if (!host.isEmpty() && !names.contains(host)) {
        writeErr(QStringLiteral("%1: no host or router named '%2'; there are %3\n")
                     .arg(scenario, host, names.join(QStringLiteral(", "))));
        return kBadInput;
    }
    bool first = true;
    for (const QString& name : names) {
        if (!host.isEmpty() && name != host)
            continue;
        if (host.isEmpty())
            writeOut(QStringLiteral("%1== %2 ==\n").arg(first ? QString() : QStringLiteral("\n"), name));
        first = false;
        writeOut(QString::fromStdString(sim.routes(name.toStdString())->renderRouteN()));
    }
    return kOk;
}

struct RunRequest {
    QString scenario;
    QString tracePath;
    QString pcapPath;
    QString pcapLink;
    std::optional<std::uint64_t> seed;
    std::optional<std::int64_t> untilNs;
    bool tcpdump = false;
    QString lang;
    LadderOptions ladder;
};

int cmdRun(const RunRequest& req) {
    const ScenarioLoad load = loadScenarioArgument(req.scenario);
    if (!load.scenario) {
        writeErr(req.scenario + QStringLiteral(": ") + load.error + QLatin1Char('\n'));
        return kBadInput;
    }
    // Open the output first: an unwritable path is reported before the run, not after it.
    std::optional<QSaveFile> traceFile;
    if (!req.tracePath.isEmpty()) {
        traceFile.emplace(req.tracePath);
        if (!traceFile->open(QIODevice::WriteOnly)) {
            writeErr(QStringLiteral("tcplab-cli: cannot write %1: %2\n")
                         .arg(req.tracePath, traceFile->errorString()));
            return kBadInput;
        }
    }

    const Scenario& sc = *load.scenario;
    Simulation sim(sc, req.seed);
    std::optional<std::uint32_t> pcapLink; // unset: decided after the run, or every link
    if (!req.pcapPath.isEmpty() && !req.pcapLink.isEmpty() && req.pcapLink != QLatin1String("all")) {
        std::size_t li = 0;
        QStringList names;
        for (; li < sc.links.size(); ++li) {
            const QString name = QString::fromStdString(
                sc.links[li].name.empty() ? sc.links[li].a + "-" + sc.links[li].b : sc.links[li].name);
            names << name;
            if (name == req.pcapLink)
                break;
        }
        if (li == sc.links.size()) {
            writeErr(QStringLiteral("tcplab-cli: --pcap-link: no link named '%1'; the links are %2, or all\n")
                         .arg(req.pcapLink, names.join(QStringLiteral(", "))));
            return kUsage;
        }
        pcapLink = static_cast<std::uint32_t>(li);
    }
    struct Frame {
        std::uint32_t link;
        Instant at;
        Bytes bytes;
    };
    std::vector<Frame> frames;
    if (!req.pcapPath.isEmpty())
        sim.setWireTap([&](std::uint32_t link, Instant at, const Bytes& bytes) {
            if (!pcapLink || *pcapLink == link)
                frames.push_back({link, at, bytes});
        });
    if (req.untilNs)
        sim.runUntil(instantFromNanos(*req.untilNs));
    else
        sim.run();
    const Trace& trace = sim.trace();

    if (req.tcpdump) {
        writeOut(renderTcpdump(trace, req.ladder));
    } else {
        LadderOptions opt = req.ladder;
        for (const TeacherNote& n : sc.notes) {
            const QString text = localized(n.text, req.lang);
            if (n.step >= 1 && static_cast<std::size_t>(n.step) <= trace.events.size() && !text.isEmpty())
                opt.notes.push_back({static_cast<std::size_t>(n.step - 1), text.toStdString()});
        }
        const QString title = localized(sc.title, req.lang);
        QString head = title.isEmpty() ? req.scenario : title;
        head += QStringLiteral("  (seed %1)\n\n").arg(req.seed.value_or(sc.seed));
        writeOut(head);
        writeOut(renderLadder(trace, opt));
        if (sim.status() == RunStatus::Running)
            writeOut(QStringLiteral("\n(stopped by --until at %1 s; the run has more events)\n")
                         .arg(QString::fromStdString(formatSeconds(*req.untilNs))));
    }

    if (!req.pcapPath.isEmpty()) {
        // One file for the chosen link (by default the link of the first segment), or one per link.
        std::vector<std::uint32_t> links;
        if (req.pcapLink == QLatin1String("all")) {
            for (std::uint32_t li = 0; li < trace.linkNames.size(); ++li)
                links.push_back(li);
        } else {
            links.push_back(pcapLink.value_or(trace.segments.empty() ? 0u : trace.segments[0].link));
        }
        for (const std::uint32_t li : links) {
            QString path = req.pcapPath;
            if (req.pcapLink == QLatin1String("all")) {
                const QFileInfo fi(req.pcapPath);
                const QString base = fi.suffix() == QLatin1String("pcap")
                                         ? fi.path() + QLatin1Char('/') + fi.completeBaseName()
                                         : fi.filePath();
                path = base + QLatin1Char('-') + QString::fromStdString(trace.linkNames[li]) +
                       QStringLiteral(".pcap");
            }
            PcapWriter writer;
            const bool ethernet = li < sc.links.size() && sc.links[li].ethernet;
            std::optional<std::string> error =
                writer.open(path.toStdString(), ethernet ? PcapLinkType::Ethernet : PcapLinkType::RawIpv4);
            for (const Frame& f : frames)
                if (!error && f.link == li)
                    error = writer.write(f.at, f.bytes);
            if (!error)
                error = writer.close();
            if (error) {
                writeErr(QStringLiteral("tcplab-cli: %1\n").arg(QString::fromStdString(*error)));
                return kBadInput;
            }
        }
    }

    if (traceFile) {
        if (!writeTraceJsonl(trace, *traceFile) || !traceFile->commit()) {
            writeErr(QStringLiteral("tcplab-cli: cannot write %1: %2\n")
                         .arg(req.tracePath, traceFile->errorString()));
            return kBadInput;
        }
    }
    return kOk;
}

} // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("tcplab-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(TCPLAB_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "TCP Lab from the terminal: run a lesson and print its ladder diagram or tcpdump lines.\n"
        "\n"
        "Commands:\n"
        "  list                      the built-in lessons, one per line: name, title\n"
        "  validate FILE...          check scenario files (FILE or builtin:NAME)\n"
        "  run FILE|builtin:NAME     run a scenario to its end and print what happened\n"
        "  netstat FILE|builtin:NAME --at SECONDS\n"
        "                            the socket tables at that instant, as netstat -anp prints them\n"
        "  route FILE|builtin:NAME   the routing tables of the hosts and routers, as route -n prints them\n"
        "  arp FILE|builtin:NAME --at SECONDS\n"
        "                            the ARP caches at that instant, as arp -an prints them\n"
        "\n"
        "Exit status: 0 ok, 1 bad input (file, built-in name, output), 2 usage error."));
    parser.addPositionalArgument(QStringLiteral("command"),
                                 QStringLiteral("list, validate, run, netstat, route or arp."),
                                 QStringLiteral("command [args...]"));
    const QCommandLineOption help = parser.addHelpOption();
    const QCommandLineOption version = parser.addVersionOption();
    const Options o;
    parser.addOptions({o.trace, o.seed, o.until, o.absolute, o.format, o.lang, o.width, o.noTimers, o.pcap,
                       o.pcapLink, o.at, o.host, o.summary, o.reassembly});

    if (!parser.parse(QCoreApplication::arguments()))
        return usageError(parser.errorText());
    if (parser.isSet(help) || parser.isSet(QStringLiteral("help-all"))) {
        writeOut(parser.helpText());
        return kOk;
    }
    if (parser.isSet(version)) {
        writeOut(QStringLiteral("tcplab-cli %1\n").arg(QCoreApplication::applicationVersion()));
        return kOk;
    }

    QStringList args = parser.positionalArguments();
    if (args.isEmpty())
        return usageError(QStringLiteral("missing command"));
    const QString command = args.takeFirst();

    const QString lang = parser.value(o.lang);
    if (lang != QLatin1String("en") && lang != QLatin1String("zh"))
        return usageError(QStringLiteral("--lang must be en or zh, not '%1'").arg(lang));

    // Options that only `run` takes.
    const QList<const QCommandLineOption*> runOnly = {&o.trace, &o.until,    &o.absolute, &o.format,
                                                      &o.width, &o.noTimers, &o.pcap,     &o.pcapLink};
    if (command != QLatin1String("run"))
        for (const QCommandLineOption* opt : runOnly)
            if (parser.isSet(*opt))
                return usageError(QStringLiteral("--%1 is an option of run").arg(opt->names().first()));
    if (command != QLatin1String("run") && command != QLatin1String("netstat") && parser.isSet(o.seed))
        return usageError(QStringLiteral("--seed is an option of run and netstat"));
    if (command != QLatin1String("netstat") && command != QLatin1String("arp") && parser.isSet(o.at))
        return usageError(QStringLiteral("--at is an option of netstat and arp"));
    const QList<const QCommandLineOption*> netstatOnly = {&o.summary, &o.reassembly};
    if (command != QLatin1String("netstat"))
        for (const QCommandLineOption* opt : netstatOnly)
            if (parser.isSet(*opt))
                return usageError(QStringLiteral("--%1 is an option of netstat").arg(opt->names().first()));
    if (command != QLatin1String("netstat") && command != QLatin1String("route") &&
        command != QLatin1String("arp") && parser.isSet(o.host))
        return usageError(QStringLiteral("--host is an option of netstat, route and arp"));
    if (command == QLatin1String("arp")) {
        if (parser.isSet(o.lang))
            return usageError(QStringLiteral("--lang is an option of list and run"));
        if (args.size() != 1)
            return usageError(args.isEmpty()
                                  ? QStringLiteral("arp needs a FILE or builtin:NAME")
                                  : QStringLiteral("arp takes one scenario, got %1").arg(args.size()));
        if (!parser.isSet(o.at))
            return usageError(QStringLiteral("arp needs --at SECONDS"));
        const auto atNs = parseSeconds(parser.value(o.at));
        if (!atNs)
            return usageError(QStringLiteral("--at must be a number of seconds like 2 or 0.5, not '%1'")
                                  .arg(parser.value(o.at)));
        return cmdArp(args.first(), parser.value(o.host), *atNs);
    }
    if (command == QLatin1String("route")) {
        if (parser.isSet(o.lang))
            return usageError(QStringLiteral("--lang is an option of list and run"));
        if (args.size() != 1)
            return usageError(args.isEmpty()
                                  ? QStringLiteral("route needs a FILE or builtin:NAME")
                                  : QStringLiteral("route takes one scenario, got %1").arg(args.size()));
        return cmdRoute(args.first(), parser.value(o.host));
    }

    if (command == QLatin1String("list")) {
        if (!args.isEmpty())
            return usageError(QStringLiteral("list takes no arguments"));
        return cmdList(lang);
    }
    if (command == QLatin1String("validate")) {
        if (parser.isSet(o.lang))
            return usageError(QStringLiteral("--lang is an option of list and run"));
        if (args.isEmpty())
            return usageError(QStringLiteral("validate needs at least one FILE"));
        return cmdValidate(args);
    }
    std::optional<std::uint64_t> seed;
    if (parser.isSet(o.seed)) {
        bool ok = false;
        const QString v = parser.value(o.seed);
        const qulonglong n = v.toULongLong(&ok, 10);
        if (!ok || v.startsWith(QLatin1Char('+')) || v.startsWith(QLatin1Char('-')))
            return usageError(QStringLiteral("--seed must be a non-negative integer, not '%1'").arg(v));
        seed = n;
    }
    if (command == QLatin1String("netstat")) {
        if (parser.isSet(o.lang))
            return usageError(QStringLiteral("--lang is an option of list and run"));
        if (args.size() != 1)
            return usageError(args.isEmpty()
                                  ? QStringLiteral("netstat needs a FILE or builtin:NAME")
                                  : QStringLiteral("netstat takes one scenario, got %1").arg(args.size()));
        if (!parser.isSet(o.at))
            return usageError(QStringLiteral("netstat needs --at SECONDS"));
        const auto atNs = parseSeconds(parser.value(o.at));
        if (!atNs)
            return usageError(QStringLiteral("--at must be a number of seconds like 2 or 0.5, not '%1'")
                                  .arg(parser.value(o.at)));
        NetstatRequest nreq;
        nreq.scenario = args.first();
        nreq.atNs = *atNs;
        nreq.host = parser.value(o.host);
        nreq.summary = parser.isSet(o.summary);
        nreq.reassembly = parser.isSet(o.reassembly);
        if (nreq.summary && nreq.reassembly)
            return usageError(QStringLiteral("--summary and --reassembly cannot be combined"));
        nreq.seed = seed;
        return cmdNetstat(nreq);
    }
    if (command != QLatin1String("run"))
        return usageError(QStringLiteral("unknown command '%1'").arg(command));

    if (args.size() != 1)
        return usageError(args.isEmpty() ? QStringLiteral("run needs a FILE or builtin:NAME")
                                         : QStringLiteral("run takes one scenario, got %1").arg(args.size()));
    RunRequest req;
    req.scenario = args.first();
    req.lang = lang;
    req.tracePath = parser.value(o.trace);
    if (parser.isSet(o.trace) && req.tracePath.isEmpty())
        return usageError(QStringLiteral("--trace needs a file name"));
    req.pcapPath = parser.value(o.pcap);
    req.pcapLink = parser.value(o.pcapLink);
    if (parser.isSet(o.pcap) && req.pcapPath.isEmpty())
        return usageError(QStringLiteral("--pcap needs a file name"));
    if (parser.isSet(o.pcapLink) && !parser.isSet(o.pcap))
        return usageError(QStringLiteral("--pcap-link needs --pcap"));
    req.seed = seed;
    if (parser.isSet(o.until)) {
        req.untilNs = parseSeconds(parser.value(o.until));
        if (!req.untilNs)
            return usageError(QStringLiteral("--until must be a number of seconds like 2 or 0.5, not '%1'")
                                  .arg(parser.value(o.until)));
    }
    const QString format = parser.value(o.format);
    if (format != QLatin1String("ladder") && format != QLatin1String("tcpdump"))
        return usageError(QStringLiteral("--format must be ladder or tcpdump, not '%1'").arg(format));
    req.tcpdump = format == QLatin1String("tcpdump");
    bool widthOk = false;
    const int width = parser.value(o.width).toInt(&widthOk);
    if (!widthOk || width < 40 || width > 400)
        return usageError(
            QStringLiteral("--width must be an integer 40..400, not '%1'").arg(parser.value(o.width)));
    req.ladder.width = width;
    req.ladder.absoluteSeq = parser.isSet(o.absolute);
    req.ladder.showTimers = !parser.isSet(o.noTimers);
    return cmdRun(req);
}
