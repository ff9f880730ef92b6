#pragma once

#include "advisor/LlmProviders.h"

#include <QNetworkAccessManager>
#include <QObject>
#include <QPointer>

class QNetworkReply;

// Checks that a provider answers with the given base URL and key: one small request for its list
// of models, asynchronous. The key travels in a header, never in the URL, and is scrubbed from
// every message.
class ConnectionTester final : public QObject
{
    Q_OBJECT

public:
    static constexpr int TimeoutMs = 10000;

    explicit ConnectionTester(QObject* parent = nullptr);
    ~ConnectionTester() override;

    // baseUrl takes the forms the advisor's client for provider takes (LlmEndpoint).
    void test(LlmProvider provider, const QString& baseUrl, const QString& apiKey);
    bool isRunning() const;

signals:
    void finished(bool connected, const QString& message);

private:
    void replyFinished(QNetworkReply* reply, const QString& apiKey);

    QNetworkAccessManager m_network;
    QPointer<QNetworkReply> m_reply;
};
