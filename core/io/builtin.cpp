#include "io/builtin.h"

#include <QDir>
#include <QFile>

namespace tcplab {

namespace {

const char* const kDir = ":/scenarios";
const char* const kDefault = "handshake-and-close";

QByteArray readResource(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

} // namespace

QStringList builtinScenarioNames() {
    QStringList present;
    const QStringList files =
        QDir(QLatin1String(kDir)).entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
    for (const QString& f : files)
        present << f.chopped(5); // ".json"

    QStringList names;
    const QByteArray index = readResource(QLatin1String(kDir) + QStringLiteral("/index.txt"));
    for (const QByteArray& raw : index.split('\n')) {
        const QString name = QString::fromUtf8(raw.trimmed());
        if (name.isEmpty() || name.startsWith(QLatin1Char('#')))
            continue;
        if (present.contains(name) && !names.contains(name))
            names << name;
    }
    for (const QString& name : present) // QDir::Name: alphabetical
        if (!names.contains(name))
            names << name;
    return names;
}

QByteArray builtinScenarioJson(const QString& name) {
    // Only the listed names: "../x" or "a/b" cannot reach other resources.
    if (!builtinScenarioNames().contains(name))
        return {};
    return readResource(QLatin1String(kDir) + QLatin1Char('/') + name + QStringLiteral(".json"));
}

QString defaultScenarioName() {
    const QStringList names = builtinScenarioNames();
    if (names.isEmpty() || names.contains(QLatin1String(kDefault)))
        return QLatin1String(kDefault);
    return names.first();
}

} // namespace tcplab
