#include "LocalHttpServer.h"

#include "proxy/HttpMessageParser.h"

#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

namespace
{
QByteArray response(int status, const QByteArray& body, bool keepAlive)
{
    HttpMessageHead head;
    head.statusCode = status;
    head.headers
        = {{"Content-Length", QByteArray::number(body.size())}, {"Connection", keepAlive ? "keep-alive" : "close"}};
    return head.serializeResponse() + body;
}

// One accepted connection: parses requests and answers them in order.
void serve(QTcpSocket* socket, std::atomic<int>& requests, std::atomic<int>& connections)
{
    connections.fetch_add(1);
    QObject::connect(socket, &QObject::destroyed, [&connections] { connections.fetch_sub(1); });
    auto parser = std::make_shared<HttpMessageParser>(HttpMessageParser::Kind::Request);
    auto head = std::make_shared<HttpMessageHead>();
    auto body = std::make_shared<QByteArray>();
    parser->onHead = [head](const HttpMessageHead& parsed) {
        *head = parsed;
    };
    parser->onBody = [body](const char* data, qsizetype size) {
        body->append(data, size);
    };
    // The parser's own callbacks hold it by a plain pointer: a shared one would keep it alive.
    HttpMessageParser* const requestParser = parser.get();
    parser->onMessageComplete = [=, &requests] {
        requests.fetch_add(1);
        const QByteArray path = head->target;
        const bool keepAlive = head->keepAlive;
        const auto answer = [=](const QByteArray& bytes) {
            socket->write(bytes);
            if (!keepAlive) {
                socket->disconnectFromHost();
            }
        };
        if (path == "/ok") {
            answer(response(200, "hello", keepAlive));
        } else if (path.startsWith("/bytes/")) {
            answer(response(200, QByteArray(path.mid(7).toLongLong(), 'x'), keepAlive));
        } else if (path.startsWith("/slow/")) {
            QTimer::singleShot(path.mid(6).toInt(), socket, [=] { answer(response(200, "slow", keepAlive)); });
        } else if (path == "/echo") {
            answer(response(200, *body, keepAlive));
        } else if (path == "/headers") {
            answer(response(200, head->serializeRequest(), keepAlive));
        } else {
            answer(response(404, "no such route", keepAlive));
        }
        body->clear();
        requestParser->resume();
    };
    QObject::connect(socket, &QTcpSocket::readyRead, socket, [=] {
        QByteArray data = socket->readAll();
        while (!data.isEmpty() && parser->error() == HttpMessageParser::Error::None) {
            const qsizetype consumed = parser->feed(data.constData(), data.size());
            data.remove(0, consumed);
            if (consumed == 0) {
                break;
            }
        }
        if (parser->error() != HttpMessageParser::Error::None) {
            socket->write(response(400, parser->errorText().toUtf8(), false));
            socket->disconnectFromHost();
        }
    });
    QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
}
} // namespace

LocalHttpServer::LocalHttpServer()
    : m_threadAnchor(new QObject)
{
    m_thread.setObjectName(QStringLiteral("local-http-server"));
    m_threadAnchor->moveToThread(&m_thread);
    QObject::connect(&m_thread, &QThread::finished, m_threadAnchor, &QObject::deleteLater);
    m_thread.start();
    QMetaObject::invokeMethod(
        m_threadAnchor,
        [this] {
            m_server = new QTcpServer(m_threadAnchor);
            m_server->setListenBacklogSize(2048);
            m_server->setMaxPendingConnections(4096);
            QObject::connect(m_server, &QTcpServer::newConnection, m_server, [this] {
                while (QTcpSocket* socket = m_server->nextPendingConnection()) {
                    serve(socket, m_requests, m_connections);
                }
            });
            m_server->listen(QHostAddress::LocalHost, 0);
            m_port = m_server->serverPort();
        },
        Qt::BlockingQueuedConnection);
}

LocalHttpServer::~LocalHttpServer()
{
    QMetaObject::invokeMethod(
        m_threadAnchor, [this] { delete m_server; }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

quint16 LocalHttpServer::port() const
{
    return m_port;
}

int LocalHttpServer::requestCount() const
{
    return m_requests.load();
}

int LocalHttpServer::openConnections() const
{
    return m_connections.load();
}
