#include "support/FakeLlmServer.h"

#include <QJsonDocument>
#include <QTcpSocket>
#include <QTimer>

namespace
{
const char* const BufferProperty = "fakeLlmServerBuffer";

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 402:
        return "Payment Required";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 409:
        return "Conflict";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 503:
        return "Service Unavailable";
    case 529:
        return "Overloaded";
    default:
        return "Status";
    }
}
} // namespace

QJsonObject FakeLlmServer::Request::json() const
{
    return QJsonDocument::fromJson(body).object();
}

FakeLlmServer::FakeLlmServer(QObject* parent)
    : QObject(parent)
    , m_server(this)
{
    connect(&m_server, &QTcpServer::newConnection, this, &FakeLlmServer::onConnection);
}

bool FakeLlmServer::listen()
{
    return m_server.listen(QHostAddress::LocalHost);
}

QUrl FakeLlmServer::url() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_server.serverPort()));
}

void FakeLlmServer::enqueue(Response response)
{
    m_responses << std::move(response);
}

void FakeLlmServer::setResponder(std::function<Response(const Request&)> responder)
{
    m_responder = std::move(responder);
}

FakeLlmServer::Response FakeLlmServer::stream(const QList<QByteArray>& chunks, int delayMs,
                                              const QByteArray& contentType)
{
    Response response;
    response.headers << std::pair(QByteArray("Content-Type"), contentType);
    for (const QByteArray& bytes : chunks) {
        response.chunks << Chunk{bytes, delayMs};
    }
    return response;
}

FakeLlmServer::Response FakeLlmServer::bytewise(const QByteArray& body, const QByteArray& contentType)
{
    Response response;
    response.headers << std::pair(QByteArray("Content-Type"), contentType);
    for (const char byte : body) {
        response.chunks << Chunk{QByteArray(1, byte), 0};
    }
    return response;
}

FakeLlmServer::Response FakeLlmServer::error(int status, const QByteArray& json,
                                             const QList<std::pair<QByteArray, QByteArray>>& headers)
{
    Response response;
    response.status = status;
    response.headers << std::pair(QByteArray("Content-Type"), QByteArray("application/json")) << headers;
    response.chunks << Chunk{json, 0};
    return response;
}

FakeLlmServer::Response FakeLlmServer::whole(int status, const QByteArray& body, const QByteArray& contentType)
{
    Response response;
    response.status = status;
    response.headers << std::pair(QByteArray("Content-Type"), contentType)
                     << std::pair(QByteArray("Content-Length"), QByteArray::number(body.size()));
    response.chunks << Chunk{body, 0};
    return response;
}

QList<QByteArray> FakeLlmServer::dataEvents(const QList<QByteArray>& data, const QByteArray& lineEnd)
{
    QList<QByteArray> events;
    for (const QByteArray& item : data) {
        events << "data: " + item + lineEnd + lineEnd;
    }
    return events;
}

void FakeLlmServer::onConnection()
{
    while (QTcpSocket* socket = m_server.nextPendingConnection()) {
        socket->setParent(this);
        socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    }
}

void FakeLlmServer::onReadyRead(QTcpSocket* socket)
{
    QByteArray buffer = socket->property(BufferProperty).toByteArray() + socket->readAll();
    const qsizetype headerEnd = buffer.indexOf("\r\n\r\n");
    if (headerEnd < 0) {
        socket->setProperty(BufferProperty, buffer);
        return;
    }
    Request request;
    const QList<QByteArray> lines = buffer.left(headerEnd).split('\n');
    const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
    request.method = requestLine.value(0);
    request.path = requestLine.value(1);
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines.at(i).indexOf(':');
        if (colon > 0) {
            request.headers.insert(lines.at(i).left(colon).trimmed().toLower(), lines.at(i).mid(colon + 1).trimmed());
        }
    }
    const qsizetype length = request.headers.value("content-length").toLongLong();
    if (buffer.size() < headerEnd + 4 + length) {
        socket->setProperty(BufferProperty, buffer);
        return;
    }
    request.body = buffer.mid(headerEnd + 4, length);
    socket->setProperty(BufferProperty, QByteArray());
    m_requests << request;
    Response response;
    if (m_responder) {
        response = m_responder(request);
    } else if (m_responses.isEmpty()) {
        response = error(500, R"({"error":{"message":"the test scripted no response for this request"}})");
    } else {
        response = m_responses.takeFirst();
    }
    answer(socket, response);
}

void FakeLlmServer::answer(QTcpSocket* socket, const Response& response)
{
    if (response.silent) {
        return;
    }
    QByteArray head = "HTTP/1.1 " + QByteArray::number(response.status) + ' ' + reasonPhrase(response.status) + "\r\n";
    bool hasContentType = false;
    for (const auto& [name, value] : response.headers) {
        hasContentType = hasContentType || name.compare("content-type", Qt::CaseInsensitive) == 0;
        head += name + ": " + value + "\r\n";
    }
    if (!hasContentType) {
        head += "Content-Type: text/event-stream\r\n";
    }
    head += "Connection: close\r\n\r\n";
    socket->write(head);
    socket->flush();
    writeChunks(socket, response.chunks);
}

void FakeLlmServer::writeChunks(QTcpSocket* socket, QList<Chunk> chunks)
{
    if (chunks.isEmpty()) {
        socket->disconnectFromHost();
        return;
    }
    const Chunk chunk = chunks.takeFirst();
    // The socket as the timer's context: a connection the client closed takes its timers along.
    QTimer::singleShot(chunk.delayMs, socket, [this, socket, chunk, chunks = std::move(chunks)] {
        if (socket->state() != QAbstractSocket::ConnectedState) {
            return;
        }
        socket->write(chunk.bytes);
        socket->flush();
        writeChunks(socket, chunks);
    });
}
