#pragma once

#include "runner/CallRecord.h"
#include "runner/HttpConnection.h"
#include "runner/LoadJob.h"
#include "runner/PreciseWakeTimer.h"

#include <memory>
#include <vector>

#include <QList>
#include <QObject>
#include <QTimer>

// Drives the calls of some of a load item's clients from one worker thread, on the fixed schedule
// (an open model, SPEC.md §1): each call goes out when it is due, on an idle connection, or on a
// new one while the thread is under its share of `max_clients`; past that it is dropped, never
// delayed, and no call goes out after the item's duration.
class LoadClient : public QObject
{
    Q_OBJECT

public:
    // connectionBound: the connections this thread may open, at least one a client.
    // failedExchangeBound: the failed calls whose exchange this thread keeps besides the sample.
    LoadClient(std::shared_ptr<const LoadJob> job, QList<int> clients, int connectionBound,
               quint32 failedExchangeBound);

public slots:
    void start();
    // Drops the calls under way (they were not measured to the end) and finishes.
    void stop();

signals:
    void callsCompleted(const CallRecords& calls);
    void exchangesCaptured(const CallExchanges& exchanges);
    void tlsFailed(const QString& reason);
    void finished();

private:
    // One client's place in the schedule.
    struct Stream
    {
        int client = 0;
        quint32 sequence = 0; // of the next call to make
        quint32 count = 0;
    };
    // One connection and the call it carries.
    struct Lane
    {
        HttpConnection* connection = nullptr;
        quint32 index = 0; // of the call under way
        qint64 intendedNs = 0;
        qint64 startNs = 0;
        qint64 deadlineNs = 0;
    };

    void pump();
    qint64 dueNs(const Stream& stream) const;
    // The lane an idle connection is on, or a new one within the bound; null past it.
    Lane* idleLane();
    Lane& addLane();
    void send(Lane& lane, quint32 index, qint64 intendedNs, qint64 nowNs);
    void drop(quint32 index, qint64 intendedNs);
    void onCompleted(Lane& lane, const HttpConnection::Response& response);
    void record(const CallRecord& call);
    // Keeps the call's exchange if it is in the sample, or failed while the bound allows.
    void capture(const CallRecord& call, const HttpConnection::Response& response);
    void flush();
    // Finishes once every call has been made or dropped and none is under way (or it was stopped).
    void finishWhenIdle();

    std::shared_ptr<const LoadJob> m_job;
    QList<int> m_clients;
    int m_connectionBound;
    std::vector<Stream> m_streams;
    std::vector<std::unique_ptr<Lane>> m_lanes; // a lane never moves: its connection refers to it
    PreciseWakeTimer m_wakeTimer;
    QTimer m_flushTimer;
    CallRecords m_pending;
    CallExchanges m_pendingExchanges;
    quint32 m_failedExchangeBound;
    quint32 m_failedExchanges = 0;
    bool m_stopped = false;
    bool m_finished = false;
};
