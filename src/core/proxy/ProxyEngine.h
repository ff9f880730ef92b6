#pragma once

// The fault-injecting proxy as the runner and the GUI see it: an interface, so that GUI tests
// can drive a fake, with ProxyEngineImpl as the real one (worker QThreads, one event loop a core).

#include "scenario/Scenario.h"

#include <chrono>
#include <optional>

#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

// `[proto:][listen_ip]:listen_port=remote_host:remote_port` (SPEC.md §4).
struct ProxyMapping
{
    enum class Protocol { Tcp, Http, Https };
    Protocol protocol = Protocol::Tcp;
    QHostAddress listenAddress = QHostAddress(QHostAddress::LocalHost);
    quint16 listenPort = 0; // 0: any free port
    QString remoteHost;
    quint16 remotePort = 0;

    bool operator==(const ProxyMapping&) const = default;
};

struct ProxyConfig
{
    // The HTTP forward proxy (with CONNECT tunnels). Port 0: any free port.
    QHostAddress listenAddress = QHostAddress(QHostAddress::LocalHost);
    quint16 listenPort = 3180;
    // Listening beyond loopback needs this explicit consent, and prints a warning.
    bool allowNonLoopback = false;
    QList<ProxyMapping> mappings;

    // Faults apply to traffic bound for these (`host:port`, a URL, or `*`); the rest passes.
    QStringList upstreams;
    QList<Fault> faults;

    int connectTimeoutMs = 10000; // to the upstream
    int responseTimeoutMs = 30000; // upstream's first response byte, then 504
    int headerTimeoutMs = 10000; // a client's whole request head (slowloris guard)
    // Neither closes a connection a black-hole holds: that one stays open until the client leaves.
    int idleTimeoutMs = 60000; // a kept-alive client's wait for its next request, then closed
    int stalledBodyTimeoutMs = 30000; // an upstream's silence in the middle of a response, then cut
    int workerThreads = 0; // 0: one a core
    // Set: every request draws its faults from this seed and its call id (or its place on its
    // connection), so a run can be repeated. Unset: each worker thread draws from the system.
    std::optional<quint64> randomSeed;
};

// What happened to one request or tunnel, delivered in batches.
struct ProxyEvent
{
    enum class Kind {
        HttpRequest,
        Tunnel, // CONNECT or TCP mapping
    };
    Kind kind = Kind::HttpRequest;
    quint64 connectionId = 0;
    quint16 clientPort = 0; // the client's source port, to match events with calls
    QString callId; // the `x-aftershock-call-id` request header, removed before forwarding
    QString method;
    QString url; // absolute URL, or host:port for a tunnel
    QString upstream; // host:port
    int status = 0; // 0: no response
    qint64 bytesFromClient = 0;
    qint64 bytesToClient = 0;
    // Monotonic nanoseconds (QElapsedTimer's clock) at which the request head arrived, the
    // first response byte left, and the exchange ended.
    qint64 startNs = 0;
    qint64 firstByteNs = 0;
    qint64 endNs = 0;
    QString error; // empty when it went through
    // Set when the proxy could not carry the exchange to the upstream, so that the runner can
    // tell an upstream that refused or has no address from the proxy's other trouble.
    enum class UpstreamFailure { None, Refused, HostNotFound, Other };
    UpstreamFailure upstreamFailure = UpstreamFailure::None;

    struct AppliedFault
    {
        FaultType type = FaultType::Latency;
        FaultSide side = FaultSide::Server;
        FaultDirection direction = FaultDirection::Ingress;
        double amount = 0; // ms of delay, bytes a second, bytes dropped, or status sent
    };
    QList<AppliedFault> applied;
};

class ProxyEngine : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;
    ~ProxyEngine() override = default;

    // Binds and starts the workers. False, with the reason in error, when it cannot.
    virtual bool start(const ProxyConfig& config, QString* error) = 0;
    // Closes every connection and joins every thread before it returns.
    virtual void stop() = 0;
    virtual bool isRunning() const = 0;
    // The forward proxy's bound port, and each mapping's, in config order.
    virtual quint16 proxyPort() const = 0;
    virtual QList<quint16> mappingPorts() const = 0;

    // Replaces the faults while traffic flows; open connections stay open.
    virtual void setFaults(const QStringList& upstreams, const QList<Fault>& faults) = 0;
    // Faults with a period are active only inside their window of a run that began at start
    // (QElapsedTimer's monotonic clock, in nanoseconds) and lasts duration. Without a run
    // window, every fault is active all the time.
    virtual void setRunWindow(qint64 startNs, std::chrono::nanoseconds duration) = 0;
    virtual void clearRunWindow() = 0;

signals:
    // Delivered a batch at a time (at most every 50 ms), never once a byte.
    void eventsReady(const QList<ProxyEvent>& events);
    void warning(const QString& message);
};
