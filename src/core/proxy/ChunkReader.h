#pragma once

#include <algorithm>

#include <QByteArray>
#include <QIODevice>

// How the proxy reads its sockets: at most MaxBytes at a time, so that one busy connection
// cannot hold its thread, and no more than is there (QIODevice::read(n) allocates n bytes
// first, a large allocation a read that showed in profiles).
class ChunkReader
{
public:
    static constexpr qint64 MaxBytes = 64 * 1024;

    static QByteArray next(QIODevice& device)
    {
        return device.read(std::min(device.bytesAvailable(), MaxBytes));
    }
};
