#pragma once

#include "runner/CallRecord.h"
#include "runner/HttpConnection.h"
#include "runner/LoadJob.h"

#include <memory>
#include <vector>

#include <QList>
#include <QObject>
#include <QTimer>

// Drives some of a load item's connections from one worker thread, each on its own slice of the
// fixed schedule: a call goes out when it is due, or as soon as its connection is free again.
class LoadClient : public QObject
{
    Q_OBJECT

public:
    LoadClient(std::shared_ptr<const LoadJob> job, QList<int> clients);

public slots:
    void start();
    // Drops the calls under way (they were not measured to the end) and finishes.
    void stop();

signals:
    void callsCompleted(const CallRecords& calls);
    void finished();

private:
    // One connection and its place in the schedule.
    struct Lane
    {
        HttpConnection* connection = nullptr;
        int client = 0;
        quint32 sequence = 0; // of the next call to send
        quint32 count = 0;
        quint32 index = 0; // of the call under way
        qint64 intendedNs = 0;
        qint64 startNs = 0;
        qint64 deadlineNs = 0;
    };

    void pump();
    qint64 dueNs(const Lane& lane) const;
    void send(Lane& lane, qint64 nowNs);
    void onCompleted(Lane& lane, const HttpConnection::Response& response);
    void wakeAt(qint64 timeNs);
    void flush();
    // Finishes once every lane has made its last call (or the client was stopped).
    void finishWhenIdle();

    std::shared_ptr<const LoadJob> m_job;
    QList<int> m_clients;
    std::vector<Lane> m_lanes;
    QTimer m_wakeTimer;
    QTimer m_flushTimer;
    CallRecords m_pending;
    qint64 m_wakeNs = 0;
    bool m_stopped = false;
    bool m_finished = false;
};
