#pragma once

#include "runner/HttpConnection.h"
#include "runner/ItemExecutor.h"

#include <chrono>
#include <memory>
#include <optional>

#include <QTimer>

// Runs a single or repeat item (SPEC.md §1): one call at a time, each with its own faults (none
// on a baseline call, a latency grown by `step` on each later one), `wait` between calls, and with
// `failfast` a stop at the first call that misses the expectation.
class SequentialExecutor : public ItemExecutor
{
    Q_OBJECT

public:
    struct Settings
    {
        quint32 calls = 1;
        std::chrono::milliseconds wait{0};
        bool failfast = false;
        std::optional<Expectation> expect;
    };

    SequentialExecutor(ItemRunContext context, Settings settings, QObject* parent = nullptr);

    void start() override;
    void cancel() override;

private:
    void sendNext();
    void onCompleted(const HttpConnection::Response& response);
    void onTimeout();
    void finish();
    QByteArray callId(quint32 index) const;

    ItemRunContext m_context;
    Settings m_settings;
    std::unique_ptr<HttpConnection> m_connection;
    QTimer m_timeoutTimer;
    QTimer m_waitTimer;
    quint32 m_index = 0; // of the call under way
    qint64 m_callStartNs = 0;
    bool m_done = false;
};
