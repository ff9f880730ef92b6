#include "HttpTestClient.h"

#include "proxy/MonotonicClock.h"

#include <memory>

#include <QEventLoop>

HttpTestClient::HttpTestClient(quint16 port, const QByteArray& request, int timeoutMs, QObject* parent)
    : QObject(parent)
    , m_port(port)
    , m_request(request)
{
    m_timeout.setSingleShot(true);
    m_timeout.setInterval(timeoutMs);
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        m_result.timedOut = true;
        finish();
    });
    m_parser.onHead = [this](const HttpMessageHead& head) { m_result.status = head.statusCode; };
    m_parser.onBody = [this](const char* data, qsizetype size) {
        if (m_result.body.size() < 64 * 1024) {
            m_result.body.append(data, size);
        }
    };
    m_parser.onMessageComplete = [this] {
        m_result.complete = true;
        m_result.endNs = MonotonicClock::nowNs();
    };
    connect(&m_socket, &QTcpSocket::connected, this, [this] { m_socket.write(m_request); });
    connect(&m_socket, &QTcpSocket::readyRead, this, &HttpTestClient::onReadyRead);
    connect(&m_socket, &QTcpSocket::disconnected, this, [this] {
        onReadyRead();
        m_parser.finish();
        m_result.closed = true;
        finish();
    });
    connect(&m_socket, &QTcpSocket::errorOccurred, this, [this] {
        if (m_socket.state() == QAbstractSocket::UnconnectedState) {
            m_result.closed = true;
            finish();
        }
    });
}

void HttpTestClient::start()
{
    m_result.startNs = MonotonicClock::nowNs();
    m_timeout.start();
    m_socket.connectToHost(QHostAddress::LocalHost, m_port);
}

const HttpTestClient::Result& HttpTestClient::result() const
{
    return m_result;
}

QTcpSocket& HttpTestClient::socket()
{
    return m_socket;
}

void HttpTestClient::onReadyRead()
{
    const QByteArray data = m_socket.readAll();
    if (data.isEmpty()) {
        return;
    }
    if (m_result.responseBytes == 0) {
        m_result.firstByteNs = MonotonicClock::nowNs();
        m_result.bytesAtFirstRead = data.size();
    }
    m_result.responseBytes += data.size();
    m_parser.feed(data.constData(), data.size());
    if (m_result.complete) {
        finish();
    }
}

void HttpTestClient::finish()
{
    if (m_finished) {
        return;
    }
    m_finished = true;
    m_timeout.stop();
    m_socket.disconnect(this);
    m_socket.abort();
    emit finished();
}

QList<HttpTestClient::Result> HttpTestClient::runAll(quint16 port, const QList<QByteArray>& requests, int concurrency,
                                                     int timeoutMs)
{
    std::vector<std::unique_ptr<HttpTestClient>> clients;
    QEventLoop loop;
    qsizetype started = 0;
    qsizetype done = 0;
    std::function<void()> startNext = [&] {
        while (started < requests.size() && started - done < concurrency) {
            clients.push_back(std::make_unique<HttpTestClient>(port, requests.at(started), timeoutMs));
            HttpTestClient* client = clients.back().get();
            ++started;
            connect(client, &HttpTestClient::finished, &loop, [&] {
                ++done;
                if (done == requests.size()) {
                    loop.quit();
                } else {
                    QMetaObject::invokeMethod(&loop, startNext, Qt::QueuedConnection);
                }
            });
            client->start();
        }
    };
    if (!requests.isEmpty()) {
        startNext();
        loop.exec();
    }
    QList<Result> results;
    for (const auto& client : clients) {
        results.append(client->result());
    }
    return results;
}

HttpTestClient::Result HttpTestClient::run(quint16 port, const QByteArray& request, int timeoutMs)
{
    return runAll(port, {request}, 1, timeoutMs).constFirst();
}
