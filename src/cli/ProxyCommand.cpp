#include "ProxyCommand.h"

#include "proxy/ProxyEngineImpl.h"
#include "proxy/ProxyMappingParser.h"
#include "runner/InterruptWatcher.h"
#include "runner/ItemFaultPlan.h"
#include "scenario/Duration.h"
#include "scenario/ScenarioLoader.h"

#include <optional>

#include <QCoreApplication>
#include <QDateTime>
#include <QDeadlineTimer>
#include <QEventLoop>
#include <QTimer>

namespace
{
// The options of one fault kind, named as fault names them: --with-latency, --latency-side, ...
struct FaultFlags
{
    QCommandLineOption enable;
    QCommandLineOption side;
    QCommandLineOption direction;
    QCommandLineOption schedule;

    explicit FaultFlags(const QString& kind, const QString& title)
        : enable(QStringLiteral("with-") + kind, QStringLiteral("Inject %1.").arg(title))
        , side(kind + QStringLiteral("-side"), QStringLiteral("%1: client or server (default server).").arg(title),
               QStringLiteral("side"))
        , direction(kind + QStringLiteral("-direction"),
                    QStringLiteral("%1: ingress, egress or both (default ingress).").arg(title), QStringLiteral("dir"))
        , schedule(
              kind + QStringLiteral("-sched"),
              QStringLiteral("%1: active only in this period of --duration, e.g. start:10%,duration:20%.").arg(title),
              QStringLiteral("period"))
    { }

    void addTo(QCommandLineParser& parser) const
    {
        parser.addOptions({enable, side, direction, schedule});
    }
};

// Reads option values, collecting the first problem for the usage message.
class OptionReader
{
public:
    explicit OptionReader(const QCommandLineParser& parser)
        : m_parser(parser)
    { }

    std::optional<double> number(const QCommandLineOption& option, double minimum = 0)
    {
        if (!m_parser.isSet(option)) {
            return std::nullopt;
        }
        bool isNumber = false;
        const QString text = m_parser.value(option);
        const double value = text.toDouble(&isNumber);
        if (!isNumber || value < minimum) {
            fail(QStringLiteral("--%1 takes a number of at least %2, not '%3'")
                     .arg(option.names().constFirst())
                     .arg(minimum)
                     .arg(text));
            return std::nullopt;
        }
        return value;
    }

    template<typename Enum>
    std::optional<Enum> named(const QCommandLineOption& option, std::optional<Enum> (*fromString)(const QString&),
                              const QString& choices)
    {
        if (!m_parser.isSet(option)) {
            return std::nullopt;
        }
        const auto value = fromString(m_parser.value(option));
        if (!value) {
            fail(QStringLiteral("--%1 takes %2, not '%3'")
                     .arg(option.names().constFirst(), choices, m_parser.value(option)));
        }
        return value;
    }

    // The common keys of a fault: side, direction and period.
    Fault fault(FaultParameters parameters, const FaultFlags& flags)
    {
        Fault fault;
        fault.parameters = std::move(parameters);
        fault.side = named<FaultSide>(flags.side, faultSideFromString, QStringLiteral("client or server"));
        fault.direction = named<FaultDirection>(flags.direction, faultDirectionFromString,
                                                QStringLiteral("ingress, egress or both"));
        if (m_parser.isSet(flags.schedule)) {
            QString reason;
            fault.period = parsePeriod(m_parser.value(flags.schedule), &reason);
            if (!fault.period) {
                fail(QStringLiteral("--%1: %2").arg(flags.schedule.names().constFirst(), reason));
            }
        }
        return fault;
    }

    void fail(const QString& problem)
    {
        if (m_problem.isEmpty()) {
            m_problem = problem;
        }
    }
    const QString& problem() const
    {
        return m_problem;
    }

private:
    const QCommandLineParser& m_parser;
    QString m_problem;
};

QString describe(const ProxyEvent::AppliedFault& applied)
{
    const QString where = QStringLiteral("%1/%2").arg(toString(applied.side), toString(applied.direction));
    switch (applied.type) {
    case FaultType::Latency:
    case FaultType::Jitter:
        return QStringLiteral("%1 %2 +%3 ms").arg(toString(applied.type), where).arg(applied.amount, 0, 'f', 1);
    case FaultType::Bandwidth:
        return QStringLiteral("bandwidth %1 %2 B/s").arg(where).arg(applied.amount, 0, 'f', 0);
    case FaultType::PacketLoss:
    case FaultType::Blackhole:
        return QStringLiteral("%1 %2 %3 B").arg(toString(applied.type), where).arg(applied.amount, 0, 'f', 0);
    case FaultType::HttpError:
        return QStringLiteral("httperror %1").arg(applied.amount, 0, 'f', 0);
    }
    return {};
}

// One line a request: when it began, what it was, how it ended and which faults fired.
QString describe(const ProxyEvent& event)
{
    QStringList faults;
    for (const auto& applied : event.applied) {
        faults.append(describe(applied));
    }
    const qint64 nowNs = QDeadlineTimer::current(Qt::PreciseTimer).deadlineNSecs();
    const QDateTime began = QDateTime::currentDateTime().addMSecs(-(nowNs - event.startNs) / 1'000'000);
    QString line = QStringLiteral("%1  %2 %3 -> %4  %5 ms  sent %6 B  received %7 B")
                       .arg(began.toString(QStringLiteral("HH:mm:ss.zzz")),
                            event.method.isEmpty() ? QStringLiteral("TCP") : event.method, event.url,
                            event.status ? QString::number(event.status) : QStringLiteral("---"))
                       .arg(double(event.endNs - event.startNs) / 1e6, 0, 'f', 1)
                       .arg(event.bytesFromClient)
                       .arg(event.bytesToClient);
    if (!faults.isEmpty()) {
        line += QStringLiteral("  [") + faults.join(QStringLiteral(", ")) + QLatin1Char(']');
    }
    if (!event.error.isEmpty()) {
        line += QStringLiteral("  error: ") + event.error;
    }
    return line;
}
} // namespace

QStringList ProxyCommand::name() const
{
    return {QStringLiteral("proxy")};
}

QString ProxyCommand::description() const
{
    return QStringLiteral("Run the fault-injecting proxy on its own until Ctrl-C, a line per request.");
}

QList<Command::Example> ProxyCommand::examples() const
{
    return {
        {QStringLiteral("300 ms more on each call to localhost:9090 through 127.0.0.1:3180, for 1 min"),
         QStringLiteral(
             "aftershock-cli proxy --upstream localhost:9090 --with-latency --latency-mean 300 --duration 1m")},
        {QStringLiteral("Answer half the calls to any host with a 503, until Ctrl-C"),
         QStringLiteral(
             "aftershock-cli proxy --with-http-response --http-response-status 503 --http-response-probability 0.5")},
    };
}

int ProxyCommand::execute(const QStringList& arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption addressOption(
        QStringLiteral("proxy-address"),
        QStringLiteral("Where the HTTP forward proxy listens (default 127.0.0.1:3180)."), QStringLiteral("ip:port"),
        QStringLiteral("127.0.0.1:3180"));
    const QCommandLineOption upstreamOption(
        QStringLiteral("upstream"), QStringLiteral("Traffic to this host:port, URL or * gets the faults (default *)."),
        QStringLiteral("host:port"));
    const QCommandLineOption mappingOption(QStringLiteral("proxy"),
                                           QStringLiteral("A reverse or TCP mapping: "
                                                          "[proto:][listen_ip]:listen_port=remote_host:remote_port."),
                                           QStringLiteral("mapping"));
    const QCommandLineOption durationOption(QStringLiteral("duration"),
                                            QStringLiteral("Stop after this long (30s, 2m); periods are parts of it."),
                                            QStringLiteral("duration"));
    const QCommandLineOption nonLoopbackOption(QStringLiteral("allow-non-loopback"),
                                               QStringLiteral("Allow listening where other machines can connect."));
    const QCommandLineOption scenarioOption(QStringLiteral("scenario"),
                                            QStringLiteral("Take the faults and upstreams of an item of this file."),
                                            QStringLiteral("file"));
    const QCommandLineOption itemOption(
        QStringLiteral("item"),
        QStringLiteral("Which item of --scenario, counting from 1 through the file (default 1)."), QStringLiteral("n"),
        QStringLiteral("1"));
    parser.addOptions({addressOption, upstreamOption, mappingOption, durationOption, nonLoopbackOption, scenarioOption,
                       itemOption, seedOption()});

    const FaultFlags latencyFlags(QStringLiteral("latency"), QStringLiteral("latency"));
    const QCommandLineOption latencyMean(QStringLiteral("latency-mean"), QStringLiteral("Latency mean, ms (100)."),
                                         QStringLiteral("ms"));
    const QCommandLineOption latencyStddev(
        QStringLiteral("latency-stddev"), QStringLiteral("Latency standard deviation, ms (20)."), QStringLiteral("ms"));
    const QCommandLineOption latencyDistribution(QStringLiteral("latency-distribution"),
                                                 QStringLiteral("normal, uniform, pareto or pareto-normal."),
                                                 QStringLiteral("name"));
    const QCommandLineOption latencyMin(QStringLiteral("latency-min"), QStringLiteral("Uniform latency minimum, ms."),
                                        QStringLiteral("ms"));
    const QCommandLineOption latencyMax(QStringLiteral("latency-max"), QStringLiteral("Uniform latency maximum, ms."),
                                        QStringLiteral("ms"));
    const QCommandLineOption latencyShape(QStringLiteral("latency-shape"), QStringLiteral("Pareto shape."),
                                          QStringLiteral("n"));
    const QCommandLineOption latencyScale(QStringLiteral("latency-scale"), QStringLiteral("Pareto scale, ms."),
                                          QStringLiteral("ms"));
    const QCommandLineOption latencyPerOperation(QStringLiteral("latency-per-read-write"),
                                                 QStringLiteral("Delay every read and write, not once a request."));
    const FaultFlags jitterFlags(QStringLiteral("jitter"), QStringLiteral("jitter"));
    const QCommandLineOption jitterAmplitude(QStringLiteral("jitter-amplitude"),
                                             QStringLiteral("Jitter amplitude, ms."), QStringLiteral("ms"));
    const QCommandLineOption jitterFrequency(QStringLiteral("jitter-frequency"),
                                             QStringLiteral("Jitter events a second."), QStringLiteral("hz"));
    const FaultFlags bandwidthFlags(QStringLiteral("bandwidth"), QStringLiteral("a bandwidth cap"));
    const QCommandLineOption bandwidthRate(QStringLiteral("bandwidth-rate"), QStringLiteral("Bandwidth rate."),
                                           QStringLiteral("n"));
    const QCommandLineOption bandwidthUnit(QStringLiteral("bandwidth-unit"),
                                           QStringLiteral("Bps, KBps, MBps or GBps (Bps)."), QStringLiteral("unit"));
    const FaultFlags packetLossFlags(QStringLiteral("packet-loss"), QStringLiteral("packet loss"));
    const QCommandLineOption packetLossProbability(
        QStringLiteral("packet-loss-probability"),
        QStringLiteral("A fixed loss chance 0..1 instead of the five-state chain."), QStringLiteral("p"));
    const FaultFlags blackholeFlags(QStringLiteral("blackhole"), QStringLiteral("a black-hole"));
    const FaultFlags httpFlags(QStringLiteral("http-response"), QStringLiteral("HTTP errors"));
    const QCommandLineOption httpStatus(QStringLiteral("http-response-status"),
                                        QStringLiteral("HTTP error status (500)."), QStringLiteral("code"));
    const QCommandLineOption httpProbability(QStringLiteral("http-response-probability"),
                                             QStringLiteral("HTTP error chance 0..1 (1)."), QStringLiteral("p"));
    // fault's spelling, out of the help: listed beside the other it would widen the option column
    // and wrap every description.
    QCommandLineOption httpTriggerProbability(QStringLiteral("http-response-trigger-probability"), QString(),
                                              QStringLiteral("p"));
    httpTriggerProbability.setFlags(QCommandLineOption::HiddenFromHelp);
    const QCommandLineOption httpBody(QStringLiteral("http-response-body"),
                                      QStringLiteral("Body replacing the upstream's."), QStringLiteral("text"));
    for (const FaultFlags* flags :
         {&latencyFlags, &jitterFlags, &bandwidthFlags, &packetLossFlags, &blackholeFlags, &httpFlags}) {
        flags->addTo(parser);
    }
    parser.addOptions({latencyMean, latencyStddev, latencyDistribution, latencyMin, latencyMax, latencyShape,
                       latencyScale, latencyPerOperation, jitterAmplitude, jitterFrequency, bandwidthRate,
                       bandwidthUnit, packetLossProbability, httpStatus, httpProbability, httpTriggerProbability,
                       httpBody});
    int status = ExitSuccess;
    if (!parse(parser, arguments, status)) {
        return status;
    }

    const QString command = QStringLiteral("aftershock-cli proxy");
    const auto usageError = [&](const QString& problem) {
        errorOutput() << command << ": " << problem << "\n";
        return ExitBadInput;
    };
    OptionReader reader(parser);
    ProxyConfig config;
    if (!readSeed(parser, config.randomSeed)) {
        return ExitBadInput;
    }
    const QString address = parser.value(addressOption);
    const qsizetype colon = address.lastIndexOf(QLatin1Char(':'));
    bool portOk = false;
    const uint port = address.mid(colon + 1).toUInt(&portOk);
    config.listenAddress = QHostAddress(address.left(colon).remove(QLatin1Char('[')).remove(QLatin1Char(']')));
    if (colon < 0 || !portOk || port > 65535 || config.listenAddress.isNull()) {
        return usageError(QStringLiteral("--proxy-address takes ip:port, not '%1'").arg(address));
    }
    config.listenPort = static_cast<quint16>(port);
    config.allowNonLoopback = parser.isSet(nonLoopbackOption);
    for (const QString& text : parser.values(mappingOption)) {
        QString problem;
        const auto mapping = ProxyMappingParser::parse(text, &problem);
        if (!mapping) {
            return usageError(problem);
        }
        config.mappings.append(*mapping);
    }
    config.upstreams = parser.values(upstreamOption);

    if (parser.isSet(latencyFlags.enable)) {
        LatencyFault latency;
        latency.mean = reader.number(latencyMean);
        latency.stddev = reader.number(latencyStddev);
        latency.distribution
            = reader.named<LatencyDistribution>(latencyDistribution, latencyDistributionFromString,
                                                QStringLiteral("normal, uniform, pareto or pareto-normal"));
        latency.min = reader.number(latencyMin);
        latency.max = reader.number(latencyMax);
        latency.shape = reader.number(latencyShape);
        latency.scale = reader.number(latencyScale);
        if (parser.isSet(latencyPerOperation)) {
            latency.global = false;
        }
        config.faults.append(reader.fault(latency, latencyFlags));
    }
    if (parser.isSet(jitterFlags.enable)) {
        config.faults.append(reader.fault(
            JitterFault{reader.number(jitterAmplitude).value_or(0), reader.number(jitterFrequency).value_or(0)},
            jitterFlags));
    }
    if (parser.isSet(bandwidthFlags.enable)) {
        BandwidthFault bandwidth;
        bandwidth.rate = reader.number(bandwidthRate).value_or(0);
        bandwidth.unit = reader.named<BandwidthUnit>(bandwidthUnit, bandwidthUnitFromString,
                                                     QStringLiteral("Bps, KBps, MBps or GBps"));
        config.faults.append(reader.fault(bandwidth, bandwidthFlags));
    }
    if (parser.isSet(packetLossFlags.enable)) {
        const auto probability = reader.number(packetLossProbability);
        if (probability > 1) {
            reader.fail(QStringLiteral("--packet-loss-probability takes 0..1"));
        }
        config.faults.append(reader.fault(PacketLossFault{probability}, packetLossFlags));
    }
    if (parser.isSet(blackholeFlags.enable)) {
        config.faults.append(reader.fault(BlackholeFault{}, blackholeFlags));
    }
    if (parser.isSet(httpFlags.enable)) {
        HttpErrorFault error;
        error.statusCode = static_cast<int>(reader.number(httpStatus, 100).value_or(500));
        error.probability
            = reader.number(parser.isSet(httpTriggerProbability) ? httpTriggerProbability : httpProbability)
                  .value_or(1);
        if (error.probability > 1) {
            reader.fail(QStringLiteral("--http-response-probability takes 0..1"));
        }
        if (parser.isSet(httpBody)) {
            error.body = parser.value(httpBody);
        }
        config.faults.append(reader.fault(error, httpFlags));
    }
    if (!reader.problem().isEmpty()) {
        return usageError(reader.problem());
    }

    // A load item's steady state: its faults act only between `before` and `before + duration`.
    LoadPhases phases;
    if (parser.isSet(scenarioOption)) {
        const ScenarioFile file = ScenarioLoader::loadFile(parser.value(scenarioOption));
        printDiagnostics(file.diagnostics, Diagnostic::Severity::Error);
        QList<Item> items;
        for (const Scenario& scenario : file.scenarios()) {
            items += scenario.items;
        }
        const int index = parser.value(itemOption).toInt();
        if (index < 1 || index > items.size()) {
            return usageError(QStringLiteral("--item takes 1..%1 for %2").arg(items.size()).arg(file.path));
        }
        const Item& item = items.at(index - 1);
        if (item.context) {
            const ItemFaultPlan plan(item);
            config.faults += plan.proxyFaults();
            config.upstreams += item.context->upstreams;
            phases = plan.phases();
        }
    }
    if (config.upstreams.isEmpty()) {
        config.upstreams = {QStringLiteral("*")};
    }

    std::optional<qint64> durationMs;
    if (parser.isSet(durationOption)) {
        const auto parsed = parseDuration(parser.value(durationOption));
        if (!parsed || *parsed <= 0) {
            return usageError(QStringLiteral("--duration takes a duration such as 30s or 2m, not '%1'")
                                  .arg(parser.value(durationOption)));
        }
        durationMs = static_cast<qint64>(*parsed);
    } else if (phases.hasSteadyState()) {
        durationMs = phases.totalMs();
    }
    if (phases.hasSteadyState() && *durationMs < phases.totalMs()) {
        return usageError(QStringLiteral("the item's steady state and load last %1: give --duration at least that")
                              .arg(formatDuration(static_cast<double>(phases.totalMs()))));
    }
    const bool hasPeriods = std::any_of(config.faults.begin(), config.faults.end(),
                                        [](const Fault& fault) { return fault.period.has_value(); });
    if (hasPeriods && !durationMs) {
        return usageError(QStringLiteral("fault periods are parts of the run: give --duration"));
    }

    ProxyEngineImpl engine;
    QObject::connect(&engine, &ProxyEngine::warning, &engine, [&](const QString& message) {
        errorOutput() << command << ": warning: " << message << "\n";
        errorOutput().flush();
    });
    // With the engine as context, batches arrive queued on this thread.
    QObject::connect(&engine, &ProxyEngine::eventsReady, &engine, [](const QList<ProxyEvent>& events) {
        for (const ProxyEvent& event : events) {
            standardOutput() << describe(event) << "\n";
        }
        standardOutput().flush();
    });
    QString problem;
    if (!engine.start(config, &problem)) {
        errorOutput() << command << ": " << problem;
        const bool beyondLoopback = !config.listenAddress.isLoopback()
            || std::any_of(config.mappings.begin(), config.mappings.end(),
                           [](const ProxyMapping& mapping) { return !mapping.listenAddress.isLoopback(); });
        if (beyondLoopback && !config.allowNonLoopback) {
            errorOutput() << " (--allow-non-loopback)";
        }
        errorOutput() << "\n";
        return ExitBadInput;
    }
    if (phases.hasSteadyState()) {
        engine.setRunWindow(QDeadlineTimer::current(Qt::PreciseTimer).deadlineNSecs() + phases.beforeMs() * 1'000'000,
                            std::chrono::milliseconds(phases.faultedMs()));
    } else if (durationMs) {
        engine.setRunWindow(QDeadlineTimer::current(Qt::PreciseTimer).deadlineNSecs(),
                            std::chrono::milliseconds(*durationMs));
    }
    standardOutput() << "aftershock proxy on " << config.listenAddress.toString() << ":" << engine.proxyPort()
                     << " (HTTP forward and CONNECT)";
    for (qsizetype index = 0; index < config.mappings.size(); ++index) {
        standardOutput() << ", " << config.mappings.at(index).remoteHost << ":" << config.mappings.at(index).remotePort
                         << " on port " << engine.mappingPorts().at(index);
    }
    standardOutput() << "; " << config.faults.size() << " fault" << (config.faults.size() == 1 ? "" : "s") << " for "
                     << config.upstreams.join(QStringLiteral(", ")) << ". Ctrl-C stops.\n";
    standardOutput().flush();

    QEventLoop loop;
    const InterruptWatcher interrupt([&loop] { loop.quit(); });
    if (durationMs) {
        QTimer::singleShot(std::chrono::milliseconds(*durationMs), &loop, &QEventLoop::quit);
    }
    loop.exec();
    engine.stop();
    // The last batch is queued to this thread by stop(); deliver it before leaving.
    QCoreApplication::sendPostedEvents();
    standardOutput() << "aftershock proxy stopped\n";
    return ExitSuccess;
}
