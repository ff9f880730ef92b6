#pragma once

#include "openapi/OpenApiAssembler.h"

#include <chrono>
#include <functional>
#include <memory>

#include <QList>
#include <QObject>
#include <QTimer>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkReply;
class QThread;

// Loads an OpenAPI description, from disk or over HTTP(S), with the sibling files its
// references name. load() never blocks: files are read, parsed and checked on worker threads
// (a 10 MB description takes a good fraction of a second), fetches run on the caller's event
// loop, and finished() reports the result there, so the GUI thread stays free. loadFile() and
// loadBlocking() are conveniences for the command line.
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
    // Abandons the load in progress; finished() is not emitted for it. A worker still parsing
    // for it runs to its end in the background.
    void abort();

    // Reads a local description synchronously; needs no event loop.
    static OpenApiLoadResult loadFile(const QString& path);
    // load() with an event loop of its own, for the command line.
    static OpenApiLoadResult loadBlocking(const QUrl& url, std::chrono::milliseconds timeout = DefaultTimeout);

signals:
    void finished(const OpenApiLoadResult& result);

private:
    // A fetched file, or why it could not be fetched, waiting to be parsed.
    struct ReceivedFile
    {
        QUrl url;
        QByteArray text;
        QString problem;
    };

    void fetch(const QUrl& url);
    void onReplyFinished(QNetworkReply* reply);
    void onTimeout();
    void parseReceived();
    void finishIfDone();
    // Runs work on a worker thread, then, on this object's thread, whenDone unless the load was
    // abandoned meanwhile.
    void runOnWorker(std::function<void()> work, std::function<void()> whenDone);

    QNetworkAccessManager* m_network;
    // Shared with the worker parsing for it, which may outlive an abandoned load.
    std::shared_ptr<OpenApiAssembler> m_assembler;
    QList<ReceivedFile> m_received;
    bool m_working = false; // a worker is using m_assembler
    QList<QThread*> m_workers;
    QList<QNetworkReply*> m_replies;
    QTimer m_deadline;
    std::chrono::milliseconds m_timeout = DefaultTimeout;
    bool m_timedOut = false;
    quint64 m_loadNumber = 0; // tells a queued result of an abandoned load from the current one's
};
