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
    m_parser.onHead = [this](const HttpMessageHead& head) {
        m_result.status = head.statusCode;
    };
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
    if (!m_socket.isReadable()) {
        return;
    }
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

QList<HttpTestClient::Result> HttpTestClient::runPaced(quint16 port, const QList<QByteArray>& requests, int intervalMs,
                                                       int timeoutMs)
{
    std::vector<std::unique_ptr<HttpTestClient>> clients;
    QEventLoop loop;
    qsizetype done = 0;
    QTimer ticker;
    ticker.setTimerType(Qt::PreciseTimer);
    const qint64 startNs = MonotonicClock::nowNs();
    // Each tick starts every request whose time has come, so a late tick does not shift the rest.
    connect(&ticker, &QTimer::timeout, &loop, [&] {
        const qint64 elapsedMs = (MonotonicClock::nowNs() - startNs) / 1'000'000;
        while (qsizetype(clients.size()) < requests.size() && qint64(clients.size()) * intervalMs <= elapsedMs) {
            clients.push_back(
                std::make_unique<HttpTestClient>(port, requests.at(qsizetype(clients.size())), timeoutMs));
            connect(clients.back().get(), &HttpTestClient::finished, &loop, [&] {
                if (++done == requests.size()) {
                    loop.quit();
                }
            });
            clients.back()->start();
        }
        if (qsizetype(clients.size()) == requests.size()) {
            ticker.stop();
        }
    });
    if (!requests.isEmpty()) {
        ticker.start(1);
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
