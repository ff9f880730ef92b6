#pragma once

#include <chrono>

#include <QtGlobal>

// Nanoseconds on the monotonic clock, the one QElapsedTimer and the proxy's run window use
// (CLOCK_MONOTONIC on Linux, which std::chrono::steady_clock reads without Qt's overhead).
inline qint64 monotonicNowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}
