#pragma once

#include <QByteArray>
#include <QFile>

// The most this process has had resident since it began (VmHWM of /proc/self/status), in KiB;
// -1 when unknown. For the tests and benchmarks that bound or record memory.
inline qint64 peakResidentKb()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly)) {
        return -1;
    }
    for (const QByteArray& line : status.readAll().split('\n')) {
        if (line.startsWith("VmHWM:")) {
            return line.mid(6).trimmed().split(' ').first().toLongLong();
        }
    }
    return -1;
}
