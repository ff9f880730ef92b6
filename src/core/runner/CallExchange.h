#pragma once

#include "proxy/HttpMessageHead.h"

#include <QByteArray>
#include <QList>
#include <QMetaType>

// What went over the wire for one call, kept so that a user can see what happened to it: the
// request head as sent and the response as it came back. The body every call of an item sends is
// the same, so the item keeps it once (ItemResult::requestBody).
//
// Bounded, since a load item makes hundreds of thousands of calls: every call of a single or
// repeat item, and under load every failed call up to MaxFailed and every sampleStride-th other
// call (at most MaxSampled); each head at most MaxHeadBytes, each body excerpt BodyExcerptBytes.
struct CallExchange
{
    static constexpr qsizetype BodyExcerptBytes = 4 * 1024;
    static constexpr qsizetype MaxHeadBytes = 8 * 1024;
    static constexpr quint32 MaxSampled = 1000;
    static constexpr quint32 MaxFailed = 2000;

    quint32 callIndex = 0;
    QByteArray requestHead; // start line and headers, ending with the blank line
    QByteArray responseHead; // the same; empty: no response head came back
    QByteArray responseBody; // its first BodyExcerptBytes (the call record has the whole size)

    // The calls of a load item of plannedCalls whose exchange is kept as a sample.
    static quint32 sampleStride(quint32 plannedCalls)
    {
        return plannedCalls <= MaxSampled ? 1 : (plannedCalls + MaxSampled - 1) / MaxSampled;
    }
    // The head cut to MaxHeadBytes.
    static QByteArray boundedHead(const QByteArray& head)
    {
        return head.size() > MaxHeadBytes ? head.left(MaxHeadBytes) : head;
    }
};

using CallExchanges = QList<CallExchange>;

// The exchange of the call with that index in exchanges sorted by index; null if none was kept.
const CallExchange* findExchange(const CallExchanges& exchanges, quint32 callIndex);

Q_DECLARE_METATYPE(CallExchange)
