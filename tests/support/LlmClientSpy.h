#pragma once

#include "advisor/LlmClient.h"

#include <QEventLoop>
#include <QList>
#include <QObject>
#include <QStringList>
#include <QTimer>

// Records what an LlmClient emits, for the providers' tests: every piece of text, every retry,
// and the request's end (finished or failed).
class LlmClientSpy
{
public:
    struct Retry
    {
        int attempt = 0;
        qint64 delayMs = 0;
        QString reason;
    };

    explicit LlmClientSpy(LlmClient* client)
    {
        QObject::connect(client, &LlmClient::textArrived, &m_context,
                         [this](const QString& piece) { pieces << piece; });
        QObject::connect(client, &LlmClient::retrying, &m_context,
                         [this](int attempt, qint64 delayMs, const QString& reason) {
                             retries << Retry{attempt, delayMs, reason};
                         });
        QObject::connect(client, &LlmClient::finished, &m_context, [this](const QString& text, const LlmUsage& usage) {
            ++ends;
            finishedText = text;
            this->usage = usage;
            succeeded = true;
            m_ended.quit();
        });
        QObject::connect(client, &LlmClient::failed, &m_context, [this](const LlmError& error) {
            ++ends;
            this->error = error;
            m_ended.quit();
        });
    }

    // Runs the event loop until the request ends, or timeoutMs passes. A loop of its own, where
    // QTest::qWaitFor would sleep between rounds and slow a stream fed byte by byte to a crawl.
    bool waitForEnd(int timeoutMs = 5000)
    {
        if (ends == 0) {
            QTimer deadline;
            deadline.setSingleShot(true);
            QObject::connect(&deadline, &QTimer::timeout, &m_ended, &QEventLoop::quit);
            deadline.start(timeoutMs);
            m_ended.exec();
        }
        return ends > 0;
    }

    QStringList pieces;
    QList<Retry> retries;
    int ends = 0;
    bool succeeded = false;
    QString finishedText;
    LlmUsage usage;
    LlmError error;

private:
    QObject m_context; // ends the connections with the spy
    QEventLoop m_ended;
};
