#pragma once

#include "runner/LoadSchedule.h"
#include "runner/RequestTemplate.h"

#include <QByteArray>
#include <QHostAddress>

// What a load item's worker threads share, read only: where to send, what, and when.
struct LoadJob
{
    QHostAddress address = QHostAddress(QHostAddress::LocalHost);
    quint16 port = 0;
    RequestTemplate request;
    QByteArray callIdPrefix; // each call's id is the prefix and the call's index
    LoadSchedule schedule{1, 1, 0};
    qint64 startNs = 0; // monotonic time at which call 0 is due
    qint64 timeoutNs = 0; // each call's, from its due time
    // Connections the item may have open at once (SPEC.md §1 `max_clients`): a call due while
    // every one is busy opens another up to this bound, and is dropped past it.
    int maxConnections = 1;
    bool verifyCertificates = true; // https
    // Calls whose index is a multiple of it keep their exchange (CallExchange::sampleStride).
    quint32 exchangeStride = 1;
};
