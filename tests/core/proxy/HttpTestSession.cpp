#include "HttpTestSession.h"

#include "proxy/MonotonicClock.h"

#include <memory>

#include <QEventLoop>

HttpTestSession::HttpTestSession(quint16 port, const QList<QByteArray>& requests, int timeoutMs, int pauseMs,
                                 QObject* parent)
    : QObject(parent)
    , m_port(port)
    , m_requests(requests)
{
    m_pause.setSingleShot(true);
    m_pause.setTimerType(Qt::PreciseTimer);
    m_pause.setInterval(pauseMs);
    connect(&m_pause, &QTimer::timeout, this, &HttpTestSession::sendNext);
    m_timeout.setSingleShot(true);
    m_timeout.setInterval(timeoutMs);
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        if (!m_results.isEmpty()) {
            m_results.last().timedOut = true;
        }
        finish();
    });
    m_parser.onHead = [this](const HttpMessageHead& head) {
        m_results.last().status = head.statusCode;
    };
    m_parser.onMessageComplete = [this] {
        m_results.last().complete = true;
        m_results.last().endNs = MonotonicClock::nowNs();
    };
    connect(&m_socket, &QTcpSocket::connected, this, &HttpTestSession::sendNext);
    connect(&m_socket, &QTcpSocket::readyRead, this, &HttpTestSession::onReadyRead);
    connect(&m_socket, &QTcpSocket::disconnected, this, [this] {
        if (!m_results.isEmpty()) {
            m_results.last().closed = true;
        }
        finish();
    });
}

void HttpTestSession::start()
{
    m_socket.connectToHost(QHostAddress::LocalHost, m_port);
}

const QList<HttpTestClient::Result>& HttpTestSession::results() const
{
    return m_results;
}

void HttpTestSession::sendNext()
{
    if (m_results.size() == m_requests.size()) {
        finish();
        return;
    }
    HttpTestClient::Result result;
    result.startNs = MonotonicClock::nowNs();
    m_results.append(result);
    m_parser.resume();
    m_timeout.start();
    m_socket.write(m_requests.at(m_results.size() - 1));
}

void HttpTestSession::onReadyRead()
{
    const QByteArray data = m_socket.readAll();
    if (data.isEmpty() || m_results.isEmpty()) {
        return;
    }
    HttpTestClient::Result& result = m_results.last();
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

void HttpTestSession::finish()
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

QList<HttpTestClient::Result> HttpTestSession::runAll(quint16 port, const QList<Plan>& sessions, int staggerMs,
                                                      int timeoutMs)
{
    std::vector<std::unique_ptr<HttpTestSession>> running;
    QEventLoop loop;
    qsizetype done = 0;
    for (qsizetype index = 0; index < sessions.size(); ++index) {
        const Plan& plan = sessions.at(index);
        running.push_back(std::make_unique<HttpTestSession>(port, plan.requests, timeoutMs, plan.pauseMs));
        HttpTestSession* session = running.back().get();
        connect(session, &HttpTestSession::finished, &loop, [&] {
            if (++done == sessions.size()) {
                loop.quit();
            }
        });
        QTimer::singleShot(int(index) * staggerMs, session, &HttpTestSession::start);
    }
    if (!sessions.isEmpty()) {
        loop.exec();
    }
    QList<HttpTestClient::Result> results;
    for (const auto& session : running) {
        results += session->results();
    }
    return results;
}
