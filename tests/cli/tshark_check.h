// tshark as the independent decoder of exported captures (tst_lesson_pcaps: the CLI's; tests/ui/tst_exports:
// the GUI's): IP and TCP checksum validation on, two passes so that reassembly is reported.
#pragma once

#include <QProcess>
#include <QStandardPaths>
#include <QString>
#include <QStringList>

namespace tcplab::test {

inline QString tshark() {
    return QStandardPaths::findExecutable(QStringLiteral("tshark"));
}

// tshark's output lines for `file` with `extra` arguments; one "<tshark failed: ...>" line if it failed.
inline QStringList runTshark(const QString& file, const QStringList& extra) {
    QProcess p;
    const QStringList args{"-r", file, "-2", "-o", "ip.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE"};
    p.start(tshark(), args + extra);
    if (!p.waitForFinished(120000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)
        return {QStringLiteral("<tshark failed: %1>").arg(QString::fromUtf8(p.readAllStandardError()))};
    return QString::fromUtf8(p.readAllStandardOutput()).split('\n', Qt::SkipEmptyParts);
}

// The frames no good capture has: malformed ones, expert errors, bad checksums.
inline const QString kTsharkBadFrames =
    QStringLiteral("_ws.malformed || _ws.expert.severity >= error || ip.checksum.status == \"Bad\" "
                   "|| tcp.checksum.status == \"Bad\" || icmp.checksum.status == \"Bad\"");

} // namespace tcplab::test
