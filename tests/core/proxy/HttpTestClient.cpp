#include "HttpTestClient.h"

#include "proxy/MonotonicClock.h"

#include <functional>
#include <memory>

#include <QEventLoop>

namespace
{
constexpr qsizetype KeptBodyBytes = 64 * 1024;

// The clients of one run, and an event loop that waits until `total` of them finished. Bounded:
// each client ends at its own timeout.
class ClientRun
{
public:
    explicit ClientRun(qsizetype total)
        : m_total(total)
    { }

    HttpTestClient* add(quint16 port, const HttpTestClient::Plan& plan, int timeoutMs)
    {
        m_clients.push_back(std::make_unique<HttpTestClient>(port, plan, timeoutMs));
        HttpTestClient* client = m_clients.back().get();
        QObject::connect(client, &HttpTestClient::finished, &m_loop, [this] {
            if (++m_done == m_total) {
                m_loop.quit();
            } else if (m_onFinished) {
                QMetaObject::invokeMethod(&m_loop, m_onFinished, Qt::QueuedConnection);
            }
        });
        return client;
    }
    qsizetype started() const
    {
        return qsizetype(m_clients.size());
    }
    qsizetype running() const
    {
        return started() - m_done;
    }
    QEventLoop& loop()
    {
        return m_loop;
    }
    // Called (from the event loop) each time a client finished.
    void onFinished(std::function<void()> onFinished)
    {
        m_onFinished = std::move(onFinished);
    }
    QList<HttpTestClient::Result> wait()
    {
        if (m_done < m_total) {
            m_loop.exec();
        }
        QList<HttpTestClient::Result> results;
        for (const auto& client : m_clients) {
            results += client->results();
        }
        return results;
    }

private:
    qsizetype m_total;
    qsizetype m_done = 0;
    std::vector<std::unique_ptr<HttpTestClient>> m_clients;
    std::function<void()> m_onFinished;
    QEventLoop m_loop;
};
} // namespace

HttpTestClient::HttpTestClient(quint16 port, const Plan& plan, int timeoutMs, QObject* parent)
    : QObject(parent)
    , m_port(port)
    , m_plan(plan)
{
    m_timeout.setSingleShot(true);
    m_timeout.setInterval(timeoutMs);
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        if (!m_results.isEmpty()) {
            m_results.last().timedOut = true;
        }
        finish();
    });
    m_pause.setSingleShot(true);
    m_pause.setTimerType(Qt::PreciseTimer);
    m_pause.setInterval(plan.pauseMs);
    connect(&m_pause, &QTimer::timeout, this, &HttpTestClient::sendNext);
    m_parser.onHead = [this](const HttpMessageHead& head) {
        m_results.last().status = head.statusCode;
    };
    m_parser.onBody = [this](const char* data, qsizetype size) {
        QByteArray& body = m_results.last().body;
        body.append(data, std::min(size, KeptBodyBytes - body.size()));
    };
    m_parser.onMessageComplete = [this] {
        m_results.last().complete = true;
        m_results.last().endNs = MonotonicClock::nowNs();
    };
    connect(&m_socket, &QTcpSocket::connected, this, &HttpTestClient::sendNext);
    connect(&m_socket, &QTcpSocket::readyRead, this, &HttpTestClient::onReadyRead);
    connect(&m_socket, &QTcpSocket::disconnected, this, [this] {
        onReadyRead();
        m_parser.finish();
        m_results.last().closed = true;
        finish();
    });
    connect(&m_socket, &QTcpSocket::errorOccurred, this, [this] {
        if (m_socket.state() == QAbstractSocket::UnconnectedState) {
            m_results.last().closed = true;
            finish();
        }
    });
}

void HttpTestClient::start()
{
    m_results.append(Result{});
    m_results.last().startNs = MonotonicClock::nowNs();
    m_timeout.start();
    m_socket.connectToHost(QHostAddress::LocalHost, m_port);
}

const QList<HttpTestClient::Result>& HttpTestClient::results() const
{
    return m_results;
}

const HttpTestClient::Result& HttpTestClient::result() const
{
    return m_results.constFirst();
}

void HttpTestClient::sendNext()
{
    // The first request was counted from the connect; the others start now.
    if (m_results.last().complete) {
        if (m_results.size() == m_plan.requests.size()) {
            finish();
            return;
        }
        m_results.append(Result{});
        m_results.last().startNs = MonotonicClock::nowNs();
        m_parser.resume();
        m_timeout.start();
    }
    m_socket.write(m_plan.requests.at(m_results.size() - 1));
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
    Result& result = m_results.last();
    if (result.responseBytes == 0) {
        result.firstByteNs = MonotonicClock::nowNs();
        result.bytesAtFirstRead = data.size();
    }
    result.responseBytes += data.size();
    m_parser.feed(data.constData(), data.size());
    if (result.complete) {
        m_timeout.stop();
        m_pause.start();
    }
}

void HttpTestClient::finish()
{
    if (m_finished) {
        return;
    }
    m_finished = true;
    m_timeout.stop();
    m_pause.stop();
    m_socket.disconnect(this);
    m_socket.abort();
    emit finished();
}

HttpTestClient::Result HttpTestClient::run(quint16 port, const QByteArray& request, int timeoutMs)
{
    return runAll(port, {request}, 1, timeoutMs).constFirst();
}

QList<HttpTestClient::Result> HttpTestClient::runAll(quint16 port, const QList<QByteArray>& requests, int concurrency,
                                                     int timeoutMs)
{
    ClientRun run(requests.size());
    const auto startMore = [&] {
        while (run.started() < requests.size() && run.running() < concurrency) {
            run.add(port, Plan{{requests.at(run.started())}}, timeoutMs)->start();
        }
    };
    run.onFinished(startMore);
    startMore();
    return run.wait();
}

QList<HttpTestClient::Result> HttpTestClient::runPaced(quint16 port, const QList<QByteArray>& requests, int intervalMs,
                                                       int timeoutMs)
{
    ClientRun run(requests.size());
    QTimer ticker;
    ticker.setTimerType(Qt::PreciseTimer);
    const qint64 startNs = MonotonicClock::nowNs();
    // Each tick starts every request whose time has come, so a late tick does not shift the rest.
    QObject::connect(&ticker, &QTimer::timeout, &run.loop(), [&] {
        const qint64 elapsedMs = (MonotonicClock::nowNs() - startNs) / 1'000'000;
        while (run.started() < requests.size() && run.started() * intervalMs <= elapsedMs) {
            run.add(port, Plan{{requests.at(run.started())}}, timeoutMs)->start();
        }
        if (run.started() == requests.size()) {
            ticker.stop();
        }
    });
    ticker.start(1);
    return run.wait();
}

QList<HttpTestClient::Result> HttpTestClient::runConnections(quint16 port, const QList<Plan>& plans, int staggerMs,
                                                             int timeoutMs)
{
    ClientRun run(plans.size());
    for (qsizetype index = 0; index < plans.size(); ++index) {
        QTimer::singleShot(int(index) * staggerMs, &run.loop(),
                           [client = run.add(port, plans.at(index), timeoutMs)] { client->start(); });
    }
    return run.wait();
}
