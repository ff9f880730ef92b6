#pragma once

#include <functional>

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QObject>
#include <QTcpServer>
#include <QUrl>

class QTcpSocket;

// A stand-in for an LLM provider on 127.0.0.1: raw HTTP/1.1 over a QTcpServer, so that a test
// decides where the network splits a stream. Each request gets the next scripted response: a
// status line, headers, `Connection: close` and no Content-Length, then the body's chunks, each
// written and flushed on its own after its delay, then the connection closes. It keeps every
// request it got.
class FakeLlmServer : public QObject
{
    Q_OBJECT

public:
    struct Chunk
    {
        QByteArray bytes;
        int delayMs = 0; // before it is written
    };

    struct Response
    {
        int status = 200;
        QList<std::pair<QByteArray, QByteArray>> headers; // Content-Type is text/event-stream unless set
        QList<Chunk> chunks;
        bool silent = false; // reads the request and says nothing, keeping the connection open
    };

    struct Request
    {
        QByteArray method;
        QByteArray path; // with the query
        QMap<QByteArray, QByteArray> headers; // names in lower case
        QByteArray body;

        QJsonObject json() const;
    };

    explicit FakeLlmServer(QObject* parent = nullptr);

    // Listens on 127.0.0.1, on a port of the system's choosing.
    bool listen();
    // http://127.0.0.1:PORT
    QUrl url() const;
    void enqueue(Response response);
    // From now on every request is answered by what responder makes of it, not from the queue:
    // for servers whose answers follow from the request (embeddings, a Qdrant).
    void setResponder(std::function<Response(const Request&)> responder);
    const QList<Request>& requests() const
    {
        return m_requests;
    }

    // A 200 stream of these chunks, delayMs apart.
    static Response stream(const QList<QByteArray>& chunks, int delayMs = 0,
                           const QByteArray& contentType = "text/event-stream");
    // The same body one byte a chunk: every split the network could make.
    static Response bytewise(const QByteArray& body, const QByteArray& contentType = "text/event-stream");
    // A JSON error body with this status, and any headers (retry-after).
    static Response error(int status, const QByteArray& json,
                          const QList<std::pair<QByteArray, QByteArray>>& headers = {});
    // A whole body in one chunk with its Content-Length, as a server that does not stream sends it
    // (Qt's client may send a request again when a body without a length ends as it arrives).
    static Response whole(int status, const QByteArray& body, const QByteArray& contentType = "application/json");
    // SSE framing: each JSON as `data: …` and a blank line.
    static QList<QByteArray> dataEvents(const QList<QByteArray>& data, const QByteArray& lineEnd = "\n");

private:
    void onConnection();
    void onReadyRead(QTcpSocket* socket);
    void answer(QTcpSocket* socket, const Response& response);
    void writeChunks(QTcpSocket* socket, QList<Chunk> chunks);

    QTcpServer m_server;
    QList<Response> m_responses;
    std::function<Response(const Request&)> m_responder;
    QList<Request> m_requests;
};
