#pragma once

#include "openapi/OpenApiAssembler.h"

#include <chrono>
#include <memory>

#include <QList>
#include <QObject>
#include <QTimer>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkReply;

// Loads an OpenAPI description, from disk or over HTTP(S), with the sibling files its
// references name. Over the network it never blocks: finished() reports the result, so the GUI
// thread stays free. loadFile() and loadBlocking() are conveniences for the command line.
class OpenApiLoader : public QObject
{
    Q_OBJECT

public:
    static constexpr std::chrono::milliseconds DefaultTimeout{30000};
    // A larger file is refused rather than read into memory.
    static constexpr qint64 MaxFileBytes = 64 * 1024 * 1024;

    explicit OpenApiLoader(QObject* parent = nullptr);
    ~OpenApiLoader() override;

    // How long a whole load may take before what is still missing counts as not answering.
    void setTimeout(std::chrono::milliseconds timeout);
    // Starts loading a file:, http: or https: URL; a load in progress is abandoned. finished()
    // follows, always from the event loop, never from within load().
    void load(const QUrl& url);
    // Abandons the load in progress; finished() is not emitted for it.
    void abort();

    // Reads a local description synchronously; needs no event loop.
    static OpenApiLoadResult loadFile(const QString& path);
    // load() with an event loop of its own, for the command line.
    static OpenApiLoadResult loadBlocking(const QUrl& url, std::chrono::milliseconds timeout = DefaultTimeout);

signals:
    void finished(const OpenApiLoadResult& result);

private:
    void fetch(const QUrl& url);
    void onReplyFinished(QNetworkReply* reply);
    void onTimeout();
    void finishIfDone();

    QNetworkAccessManager* m_network;
    std::unique_ptr<OpenApiAssembler> m_assembler;
    QList<QNetworkReply*> m_replies;
    QTimer m_deadline;
    std::chrono::milliseconds m_timeout = DefaultTimeout;
    bool m_timedOut = false;
    quint64 m_loadNumber = 0; // tells a queued result of an abandoned load from the current one's
};
