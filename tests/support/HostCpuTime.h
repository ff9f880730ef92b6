#pragma once

#include <QByteArray>
#include <QFile>
#include <QList>

// The whole machine's CPU time so far (the first line of /proc/stat), in clock ticks. On a
// virtual machine, steal is the time a vCPU wanted to run and the hypervisor ran another guest:
// for the tests that time the proxy, the share of the CPU they asked for and did not get.
struct HostCpuTime
{
    qint64 busy = 0; // user, nice, system, irq, softirq
    qint64 steal = 0;

    static HostCpuTime now()
    {
        QFile stat(QStringLiteral("/proc/stat"));
        if (!stat.open(QIODevice::ReadOnly)) {
            return {};
        }
        // cpu user nice system idle iowait irq softirq steal ...
        const QList<QByteArray> fields = stat.readLine().simplified().split(' ');
        if (fields.size() < 9 || fields.first() != "cpu") {
            return {};
        }
        const auto field = [&fields](int index) {
            return fields.at(index).toLongLong();
        };
        return HostCpuTime{.busy = field(1) + field(2) + field(3) + field(6) + field(7), .steal = field(8)};
    }

    // Of the CPU asked for between before and after, the share stolen (0 when none was asked).
    static double stolenShare(const HostCpuTime& before, const HostCpuTime& after)
    {
        const qint64 stolen = after.steal - before.steal;
        const qint64 asked = after.busy - before.busy + stolen;
        return asked > 0 ? double(stolen) / double(asked) : 0;
    }
};
