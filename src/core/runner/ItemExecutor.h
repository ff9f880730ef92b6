#pragma once

#include "runner/CallExchange.h"
#include "runner/CallRecord.h"
#include "runner/ItemFaultPlan.h"
#include "runner/RequestTemplate.h"

#include <QByteArray>
#include <QObject>

class ProxyEngine;

// What an executor needs to run one item through the proxy.
struct ItemRunContext
{
    ProxyEngine* proxy = nullptr;
    quint16 proxyPort = 0;
    RequestTemplate request;
    QByteArray callIdPrefix;
    ItemFaultPlan faults{Item{}};
    qint64 startNs = 0; // monotonic: the item's start, from which its calls' times count
    qint64 timeoutNs = 0; // each call's
    bool verifyCertificates = true; // https
};

// Drives one item's calls by its strategy, on the runner's worker thread.
class ItemExecutor : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;
    ~ItemExecutor() override = default;

    virtual void start() = 0;
    // Stops at once, dropping the calls under way; finished() follows.
    virtual void cancel() = 0;

signals:
    void callsCompleted(const CallRecords& calls);
    // The exchanges kept of calls just completed (see CallExchange for which), before their records.
    void exchangesCaptured(const CallExchanges& exchanges);
    // Why a call failed in a way its error class does not tell (a certificate's errors).
    void callWarning(const QString& message);
    void finished();
};
