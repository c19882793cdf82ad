#include "autosave.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QStandardPaths>

#include <algorithm>

#ifdef Q_OS_UNIX
#include <cerrno>
#include <csignal>
#endif

#include "io/scenario_json.h"
#include "scenario_commands.h"

namespace tcplab::ui {

namespace {

bool processRunning(qint64 pid) {
    if (pid == QCoreApplication::applicationPid())
        return true;
#ifdef Q_OS_UNIX
    // Signal 0 checks that the process exists; EPERM: it does, but is someone else's.
    return pid > 0 && (::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM);
#else
    return false;
#endif
}

bool writeAtomically(const QString& path, const QByteArray& bytes) {
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return false;
    f.write(bytes);
    return f.commit();
}

} // namespace

Autosave::Autosave(ScenarioDocument* doc, const QString& directory, QObject* parent)
    : QObject(parent), doc_(doc), dir_(directory.isEmpty() ? defaultDirectory() : directory) {
    timer_.setSingleShot(true);
    timer_.setInterval(kDefaultDelayMs);
    connect(&timer_, &QTimer::timeout, this, [this] {
        if (doc_->isModified())
            writeNow();
        else
            discard();
    });
    connect(doc_, &ScenarioDocument::scenarioChanged, this, &Autosave::documentChanged);
    connect(doc_, &ScenarioDocument::modifiedChanged, this, [this](bool modified) {
        if (modified)
            timer_.start();
        else
            discard();
    });
}

Autosave::~Autosave() {
    discard();
}

QString Autosave::defaultDirectory() {
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/autosave");
}

QString Autosave::scenarioPath() const {
    return dir_ + QStringLiteral("/autosave-%1.json").arg(QCoreApplication::applicationPid());
}

QString Autosave::lockPath() const {
    return dir_ + QStringLiteral("/autosave-%1.lock").arg(QCoreApplication::applicationPid());
}

void Autosave::documentChanged() {
    // Whether the document is modified is known only after the edit has reached the undo stack (the
    // stack runs the command before it counts it): the timer decides.
    timer_.start();
}

bool Autosave::writeNow() {
    timer_.stop();
    if (!doc_->hasScenario() || !QDir().mkpath(dir_))
        return false;
    QJsonObject lock;
    lock.insert(QStringLiteral("pid"), QCoreApplication::applicationPid());
    lock.insert(QStringLiteral("source"), source_);
    lock.insert(QStringLiteral("saved"), QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
    // The lock first: an autosave without its lock is never offered (it could be half a process's).
    if (!writeAtomically(lockPath(), QJsonDocument(lock).toJson(QJsonDocument::Compact)) ||
        !writeAtomically(scenarioPath(), scenarioToJson(doc_->scenario())))
        return false;
    Q_EMIT written();
    return true;
}

void Autosave::discard() {
    timer_.stop();
    QFile::remove(scenarioPath());
    QFile::remove(lockPath());
}

std::vector<Autosave::Orphan> Autosave::orphans(const QString& directory) {
    std::vector<Orphan> out;
    const QDir dir(directory);
    for (const QString& name : dir.entryList({QStringLiteral("autosave-*.lock")}, QDir::Files)) {
        QFile f(dir.filePath(name));
        if (!f.open(QIODevice::ReadOnly))
            continue;
        const QJsonObject lock = QJsonDocument::fromJson(f.readAll()).object();
        Orphan o;
        o.lockPath = f.fileName();
        o.scenarioPath = dir.filePath(name.chopped(5) + QStringLiteral(".json"));
        o.pid = lock.value(QStringLiteral("pid")).toInteger();
        o.source = lock.value(QStringLiteral("source")).toString();
        o.saved = QDateTime::fromString(lock.value(QStringLiteral("saved")).toString(), Qt::ISODate);
        if (o.pid <= 0 || processRunning(o.pid) || !QFile::exists(o.scenarioPath))
            continue;
        out.push_back(o);
    }
    std::sort(out.begin(), out.end(), [](const Orphan& a, const Orphan& b) { return a.saved > b.saved; });
    return out;
}

void Autosave::remove(const Orphan& orphan) {
    QFile::remove(orphan.scenarioPath);
    QFile::remove(orphan.lockPath);
}

} // namespace tcplab::ui
