#include "scenario/scenario.h"

#include <algorithm>
#include <array>
#include <set>

namespace tcplab {

namespace {

template <typename E, std::size_t N>
std::optional<E> fromName(const std::array<std::string_view, N>& names, std::string_view name) {
    for (std::size_t i = 0; i < N; ++i)
        if (names[i] == name)
            return static_cast<E>(i);
    return std::nullopt;
}

constexpr std::array<std::string_view, 10> kActionNames = {
    "listen", "connect", "send", "read", "close", "shutdown", "abort", "accept", "ping", "traceroute"};
constexpr std::array<std::string_view, 7> kMatchNames = {"any",  "syn", "syn-ack", "pure-ack",
                                                         "data", "fin", "rst"};
constexpr std::array<std::string_view, 3> kFaultNames = {"drop", "delay", "duplicate"};
constexpr std::array<std::string_view, 3> kQuizAskNames = {"next_state", "ack_number", "retransmitter"};

} // namespace

std::string_view actionKindName(ActionKind k) {
    return kActionNames[static_cast<std::size_t>(k)];
}
std::optional<ActionKind> actionKindFromName(std::string_view n) {
    return fromName<ActionKind>(kActionNames, n);
}
std::string_view quizAskName(QuizAsk a) {
    return kQuizAskNames[static_cast<std::size_t>(a)];
}
std::optional<QuizAsk> quizAskFromName(std::string_view n) {
    return fromName<QuizAsk>(kQuizAskNames, n);
}
std::string_view segmentMatchName(SegmentMatch m) {
    return kMatchNames[static_cast<std::size_t>(m)];
}
std::optional<SegmentMatch> segmentMatchFromName(std::string_view n) {
    return fromName<SegmentMatch>(kMatchNames, n);
}
std::string_view faultActionName(FaultAction a) {
    return kFaultNames[static_cast<std::size_t>(a)];
}
std::optional<FaultAction> faultActionFromName(std::string_view n) {
    return fromName<FaultAction>(kFaultNames, n);
}

TcpParams resolveParams(const Scenario& sc, const HostSpec& host) {
    TcpParams p = TcpParams::forProfile(host.profile.value_or(sc.profile));
    for (const auto& [name, value] : host.tcp)
        if (const TcpParamInfo* info = findTcpParam(name))
            info->set(p, value);
    return p;
}

bool Scenario::ipLayer() const {
    if (!routers.empty() || ip.present)
        return true;
    for (const auto& a : actions)
        if (a.kind == ActionKind::Ping || a.kind == ActionKind::Traceroute)
            return true;
    for (const auto& l : links)
        if (l.mtu != 1500 || l.ethernet)
            return true;
    return false;
}

std::string checkScenario(const Scenario& sc) {
    std::set<std::string> names;
    std::set<std::uint32_t> addrs;
    if (sc.hosts.empty())
        return "hosts: expected at least one host";
    for (std::size_t i = 0; i < sc.hosts.size(); ++i) {
        const auto& h = sc.hosts[i];
        const std::string path = "hosts[" + std::to_string(i) + "]";
        if (h.name.empty())
            return path + ".name: expected a non-empty name";
        if (!names.insert(h.name).second)
            return path + ".name: the name \"" + h.name + "\" is used by another host";
        if (!addrs.insert(h.address).second)
            return path + ".address: " + formatIpv4(h.address) + " is used by another host";
        for (std::size_t k = 0; k < h.tcp.size(); ++k)
            if (!findTcpParam(h.tcp[k].first))
                return path + ".tcp." + h.tcp[k].first + ": unknown parameter";
    }
    std::set<std::string> routerNames;
    for (std::size_t i = 0; i < sc.routers.size(); ++i) {
        const auto& r = sc.routers[i];
        const std::string path = "routers[" + std::to_string(i) + "]";
        if (r.name.empty())
            return path + ".name: expected a non-empty name";
        if (!names.insert(r.name).second)
            return path + ".name: the name \"" + r.name + "\" is used by another host or router";
        routerNames.insert(r.name);
        if (r.interfaces.size() < 2)
            return path + ".interfaces: expected at least two interfaces (a router joins links)";
        for (std::size_t k = 0; k < r.interfaces.size(); ++k) {
            const auto& itf = r.interfaces[k];
            const std::string ipath = path + ".interfaces[" + std::to_string(k) + "]";
            if (!addrs.insert(itf.address).second)
                return ipath + ".address: " + formatIpv4(itf.address) + " is used by another interface";
            const LinkSpec* link = nullptr;
            int named = 0;
            for (const auto& l : sc.links)
                if (!itf.link.empty() && l.name == itf.link) {
                    link = &l;
                    ++named;
                }
            if (named > 1)
                return ipath + ".link: more than one link is named \"" + itf.link + "\"";
            if (!link)
                return ipath + ".link: expected the name of a link, got \"" + itf.link + "\"";
            if (link->a != r.name && link->b != r.name)
                return ipath + ".link: link \"" + itf.link + "\" does not join \"" + r.name + "\"";
            for (std::size_t j = 0; j < k; ++j)
                if (r.interfaces[j].link == itf.link)
                    return ipath + ".link: \"" + r.name + "\" has another interface on \"" + itf.link + "\"";
        }
    }
    for (std::size_t i = 0; i < sc.hosts.size(); ++i) {
        const auto& h = sc.hosts[i];
        if (!h.flood)
            continue;
        const std::string path = "hosts[" + std::to_string(i) + "].attacker";
        if (!names.count(h.flood->target))
            return path + ".target: expected the name of a host, got \"" + h.flood->target + "\"";
        if (h.flood->target == h.name)
            return path + ".target: a host cannot attack itself";
        if (h.flood->spoofPrefixLen < 8 || h.flood->spoofPrefixLen > 32)
            return path + ".spoof: expected a prefix length of 8..32";
        const std::uint32_t mask = h.flood->spoofPrefixLen == 32 ? ~0u : ~(~0u >> h.flood->spoofPrefixLen);
        for (const auto& other : sc.hosts)
            if ((other.address & mask) == (h.flood->spoofBase & mask))
                return path + ".spoof: the range contains " + formatIpv4(other.address) +
                       ", the address of \"" + other.name + "\"";
    }
    auto known = [&](const std::string& n) {
        return names.count(n) != 0;
    };
    std::set<std::pair<std::string, std::string>> linked;
    for (std::size_t i = 0; i < sc.links.size(); ++i) {
        const auto& l = sc.links[i];
        const std::string path = "links[" + std::to_string(i) + "]";
        if (!known(l.a))
            return path + ".a: expected the name of a host or router, got \"" + l.a + "\"";
        if (!known(l.b))
            return path + ".b: expected the name of a host or router, got \"" + l.b + "\"";
        for (const std::string& end : {l.a, l.b}) {
            if (!routerNames.count(end))
                continue;
            bool found = false;
            for (const auto& r : sc.routers)
                for (const auto& itf : r.interfaces)
                    found = found || (r.name == end && itf.link == l.name);
            if (!found)
                return path + ": router \"" + end +
                       "\" has no interface on this link (give the link a name " +
                       "and list it in the router's \"interfaces\")";
        }
        if (l.a == l.b)
            return path + ".b: a link must join two different hosts";
        if (!linked.insert(l.a < l.b ? std::pair(l.a, l.b) : std::pair(l.b, l.a)).second)
            return path + ": \"" + l.a + "\" and \"" + l.b + "\" are already linked";
    }
    for (std::size_t i = 0; i < sc.actions.size(); ++i) {
        const auto& a = sc.actions[i];
        const std::string path = "actions[" + std::to_string(i) + "]";
        if (routerNames.count(a.host))
            return path + ".host: \"" + a.host + "\" is a router: it runs no application";
        if (!known(a.host))
            return path + ".host: expected the name of a host, got \"" + a.host + "\"";
        for (const auto& h : sc.hosts)
            if (h.name == a.host && h.flood)
                return path + ".host: \"" + a.host + "\" is an attacker: it runs no application";
        if (a.kind == ActionKind::Connect || a.kind == ActionKind::Ping || a.kind == ActionKind::Traceroute) {
            if (!known(a.peer) || routerNames.count(a.peer))
                return path + ".peer: expected the name of a host, got \"" + a.peer + "\"";
            if (a.peer == a.host)
                return path + ".peer: a host cannot connect to itself here";
            if (a.kind == ActionKind::Connect && a.port == 0)
                return path + ".port: expected the remote port, 1..65535";
        }
        if (a.kind == ActionKind::Accept && a.port == 0)
            return path + ".port: expected the listening port, 1..65535";
        if (a.kind == ActionKind::Listen && a.port == 0)
            return path + ".port: expected the port to listen on, 1..65535";
        if (!a.when.at && !a.when.onState)
            return path + ": expected \"at\" or \"on\"";
        if (a.when.onState && !known(a.when.onHost))
            return path + ".on.host: expected the name of a host, got \"" + a.when.onHost + "\"";
    }
    for (std::size_t i = 0; i < sc.faults.size(); ++i) {
        const auto& f = sc.faults[i];
        const std::string path = "faults[" + std::to_string(i) + "]";
        if (!known(f.from))
            return path + ".from: expected the name of a host, got \"" + f.from + "\"";
        if (!known(f.to))
            return path + ".to: expected the name of a host, got \"" + f.to + "\"";
        if (f.fragment != 0 && !sc.ipLayer())
            return path +
                   ".fragment: fragments exist only with the IP layer (routers, an \"ip\" object or a " +
                   "link MTU other than 1500)";
    }
    for (std::size_t i = 0; i < sc.quiz.size(); ++i) {
        const auto& q = sc.quiz[i];
        const bool host = std::any_of(sc.hosts.begin(), sc.hosts.end(),
                                      [&](const HostSpec& h) { return h.name == q.host; });
        if (!q.host.empty() && !host)
            return "quiz[" + std::to_string(i) + "].host: expected the name of a host, got \"" + q.host +
                   "\"";
    }
    for (std::size_t i = 0; i < sc.ip.icmpDrop.size(); ++i) {
        const auto& r = sc.ip.icmpDrop[i];
        if (!r.router.empty() && !known(r.router))
            return "ip.icmp_drop[" + std::to_string(i) +
                   "].router: expected the name of a router or host, got \"" + r.router + "\"";
    }
    return {};
}

std::string formatIpv4(std::uint32_t a) {
    return std::to_string(a >> 24) + "." + std::to_string((a >> 16) & 255) + "." +
           std::to_string((a >> 8) & 255) + "." + std::to_string(a & 255);
}

std::optional<std::uint32_t> parseIpv4(std::string_view text) {
    std::uint32_t out = 0;
    int parts = 0;
    std::size_t i = 0;
    while (parts < 4) {
        if (i >= text.size() || text[i] < '0' || text[i] > '9')
            return std::nullopt;
        std::uint32_t v = 0;
        std::size_t digits = 0;
        while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
            v = v * 10 + static_cast<std::uint32_t>(text[i] - '0');
            if (++digits > 3 || v > 255)
                return std::nullopt;
            ++i;
        }
        out = (out << 8) | v;
        ++parts;
        if (parts < 4) {
            if (i >= text.size() || text[i] != '.')
                return std::nullopt;
            ++i;
        }
    }
    if (i != text.size())
        return std::nullopt;
    return out;
}

} // namespace tcplab
