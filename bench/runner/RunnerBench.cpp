// The load strategy's benchmark (bench/runner/run.sh drives it against nginx; see RESULTS.md).
//   runner_bench sweep  --port P --connections C --rates 10,100,... --seconds S
//   runner_bench max    --port P --connections C --seconds S
//   runner_bench memory --port P --calls N
//   runner_bench slowdown --port P [--max-clients N]
// sweep and max drive the load generator straight at the server, as wrk does; memory runs the
// whole runner (proxy, records, run store, results.json) and reports the peak resident size;
// slowdown runs it with a 2 s latency fault over 30% to 60% of a 10 s, 100 req/s load and prints
// the rate offered each second.

#include "proxy/MonotonicClock.h"
#include "proxy/ProxyEngineImpl.h"
#include "runner/LoadGenerator.h"
#include "runner/ScenarioRunnerImpl.h"
#include "runner/SortedLatencies.h"
#include "support/PeakResident.h"

#include <algorithm>
#include <cstdio>
#include <map>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QEventLoop>
#include <QFileInfo>
#include <QTemporaryDir>

namespace
{
constexpr qint64 NanosecondsPerSecond = 1'000'000'000;

struct Measurement
{
    double targetRate = 0;
    double achievedRate = 0; // calls started within the run, a second
    qsizetype calls = 0;
    qsizetype errors = 0;
    double slipP50Ms = 0;
    double slipP99Ms = 0;
    double latencyP50Ms = 0;
    double latencyP99Ms = 0;
};

QString targetUrl(quint16 port)
{
    return QStringLiteral("http://127.0.0.1:%1/").arg(port);
}

Measurement measure(quint16 port, int connections, double rate, int seconds)
{
    QString error;
    const auto request = RequestTemplate::build(Scenario{}, Call{.url = targetUrl(port)}, &error);
    const qint64 durationNs = seconds * NanosecondsPerSecond;
    auto job = std::make_shared<LoadJob>(LoadJob{.port = port,
                                                 .request = *request,
                                                 .callIdPrefix = "bench-",
                                                 .schedule = LoadSchedule(connections, rate / connections, durationNs),
                                                 .startNs = MonotonicClock::nowNs() + 100'000'000,
                                                 .timeoutNs = 10 * NanosecondsPerSecond,
                                                 .maxConnections = 4 * connections});
    LoadGenerator generator(job, 0);
    CallRecords calls;
    QEventLoop loop;
    QObject::connect(&generator, &LoadGenerator::callsCompleted,
                     [&calls](const CallRecords& batch) { calls.append(batch); });
    QObject::connect(&generator, &LoadGenerator::finished, &loop, &QEventLoop::quit);
    generator.start();
    loop.exec();

    QList<double> slips;
    slips.reserve(calls.size());
    Measurement result{.targetRate = rate, .calls = calls.size()};
    qsizetype startedInTime = 0;
    for (const CallRecord& call : calls) {
        slips.append((call.startUs - call.intendedStartUs) / 1000.0);
        startedInTime += call.startUs < durationNs / 1000 ? 1 : 0;
        result.errors += call.failed() ? 1 : 0;
    }
    const SortedLatencies slip(slips);
    const SortedLatencies latency(calls);
    result.achievedRate = static_cast<double>(startedInTime) / seconds;
    result.slipP50Ms = slip.percentile(50);
    result.slipP99Ms = slip.percentile(99);
    result.latencyP50Ms = latency.percentile(50);
    result.latencyP99Ms = latency.percentile(99);
    return result;
}

double deviationPercent(const Measurement& m)
{
    return 100.0 * (m.achievedRate - m.targetRate) / m.targetRate;
}

void printHeader()
{
    std::printf("| target req/s | achieved req/s | deviation | calls | errors | slip p50 ms | slip p99 ms | "
                "latency p50 ms | latency p99 ms |\n|---|---|---|---|---|---|---|---|---|\n");
}

void printRow(const Measurement& m)
{
    std::printf("| %.0f | %.1f | %+.2f%% | %lld | %lld | %.3f | %.3f | %.3f | %.3f |\n", m.targetRate, m.achievedRate,
                deviationPercent(m), static_cast<long long>(m.calls), static_cast<long long>(m.errors), m.slipP50Ms,
                m.slipP99Ms, m.latencyP50Ms, m.latencyP99Ms);
    std::fflush(stdout);
}

// Sustained: every call made, within 1% of the rate, none failed.
bool sustained(const Measurement& m)
{
    return m.errors == 0 && std::abs(deviationPercent(m)) <= 1.0;
}

int sweep(quint16 port, int connections, const QStringList& rates, int seconds)
{
    printHeader();
    bool allWithinOnePercent = true;
    for (const QString& rate : rates) {
        const Measurement m = measure(port, connections, rate.toDouble(), seconds);
        printRow(m);
        allWithinOnePercent = allWithinOnePercent && sustained(m);
    }
    return allWithinOnePercent ? 0 : 1;
}

// Doubles the rate until it is no longer sustained, then bisects between the last two.
int findMax(quint16 port, int connections, int seconds)
{
    printHeader();
    double good = 0;
    double bad = 0;
    for (double rate = 1000; bad == 0 && rate <= 1'000'000; rate *= 2) {
        const Measurement m = measure(port, connections, rate, seconds);
        printRow(m);
        (sustained(m) ? good : bad) = rate;
    }
    for (int step = 0; step < 5 && bad - good > good * 0.02; ++step) {
        const double rate = std::round((good + bad) / 2 / connections) * connections;
        const Measurement m = measure(port, connections, rate, seconds);
        printRow(m);
        (sustained(m) ? good : bad) = rate;
    }
    std::printf("highest sustained rate: %.0f req/s with %d connections\n", good, connections);
    return 0;
}

// Runs one load item through the whole runner (the real proxy, the run store, results.json).
RunResultPointer runItem(const Item& item, const QTemporaryDir& folder)
{
    const RunOptions options{.storePath = folder.filePath(QStringLiteral("runs.sqlite")),
                             .resultsPath = folder.filePath(QStringLiteral("results.json"))};
    ScenarioRunnerImpl runner;
    RunResultPointer result;
    QEventLoop loop;
    QObject::connect(&runner, &ScenarioRunner::finished, [&](const RunResultPointer& finished) {
        result = finished;
        loop.quit();
    });
    QObject::connect(&runner, &ScenarioRunner::warning,
                     [](const QString& message) { std::fprintf(stderr, "warning: %s\n", qPrintable(message)); });
    runner.start({Scenario{.title = QStringLiteral("bench"), .items = {item}}}, options);
    loop.exec();
    return result;
}

int memory(quint16 port, int calls)
{
    constexpr int Clients = 20;
    constexpr int CallsPerSecondEach = 500;
    const qint64 durationMs = static_cast<qint64>(calls) * 1000 / (Clients * CallsPerSecondEach);
    const Item item{.call = Call{.url = targetUrl(port)},
                    .context = Context{
                        .upstreams = {QStringLiteral("*")},
                        .strategy = LoadStrategy{.duration = durationMs, .clients = Clients, .rps = CallsPerSecondEach},
                        .slo = {Slo{.type = SloType::Latency, .objective = 99, .threshold = 100}}}};
    QTemporaryDir folder;
    const qint64 startNs = MonotonicClock::nowNs();
    const RunResultPointer result = runItem(item, folder);
    const ItemResult& measured = result->scenarios.first().items.first();
    const auto failed = std::count_if(measured.calls.begin(), measured.calls.end(),
                                      [](const CallRecord& call) { return call.failed(); });
    // Which way calls failed tells a proxy fault from a generator or server limit.
    std::map<QString, qsizetype> failedByClass;
    for (const CallRecord& call : measured.calls) {
        if (call.failed()) {
            ++failedByClass[call.errorClass == CallErrorClass::None ? QStringLiteral("status %1").arg(call.status)
                                                                    : toString(call.errorClass)];
        }
    }
    QStringList classes;
    for (const auto& [name, count] : failedByClass) {
        classes.append(QStringLiteral("%1 %2").arg(name).arg(count));
    }
    const QString storePath = folder.filePath(QStringLiteral("runs.sqlite"));
    std::printf(
        "calls: %lld (failed %lld%s) in %.1f s\npeak resident: %.1f MB\nresults.json: %.1f MB\nrun store: %.1f MB\n",
        static_cast<long long>(measured.calls.size()), static_cast<long long>(failed),
        classes.isEmpty() ? "" : qPrintable(QStringLiteral(": ") + classes.join(QStringLiteral(", "))),
        (MonotonicClock::nowNs() - startNs) / 1e9, peakResidentKb() / 1024.0,
        QFileInfo(folder.filePath(QStringLiteral("results.json"))).size() / 1048576.0,
        (QFileInfo(storePath).size() + QFileInfo(storePath + QStringLiteral("-wal")).size()) / 1048576.0);
    return 0;
}

// The case: the server takes 2 s a response inside a 3 s window of a 10 s, 100 req/s
// run. An open model keeps offering 100 calls a second throughout; a closed one would collapse.
int slowdown(quint16 port, int maxClients)
{
    constexpr int Clients = 10;
    constexpr int CallsPerSecondEach = 10;
    constexpr int Seconds = 10;
    constexpr double Target = Clients * CallsPerSecondEach;
    const Fault slow{.parameters = LatencyFault{.mean = 2000, .stddev = 0},
                     .period = Period{.start = PeriodBound{.value = 30}, .duration = PeriodBound{.value = 30}}};
    const Item item{.call = Call{.url = targetUrl(port), .timeout = 5000},
                    .context = Context{.upstreams = {QStringLiteral("*")},
                                       .faults = {slow},
                                       .strategy = LoadStrategy{.duration = Seconds * 1000,
                                                                .clients = Clients,
                                                                .rps = CallsPerSecondEach,
                                                                .maxClients = maxClients}}};
    QTemporaryDir folder;
    const RunResultPointer result = runItem(item, folder);
    const ItemResult& measured = result->scenarios.first().items.first();
    std::vector<int> sent(Seconds, 0);
    std::vector<int> dropped(Seconds, 0);
    QList<double> slips;
    qsizetype slowCalls = 0;
    for (const CallRecord& call : measured.calls) {
        const auto second
            = static_cast<std::size_t>(std::clamp<qint64>(call.intendedStartUs / 1'000'000, 0, Seconds - 1));
        if (call.errorClass == CallErrorClass::Dropped) {
            ++dropped[second];
            continue;
        }
        // Counted by when it went out: the rate the server was offered.
        ++sent[static_cast<std::size_t>(std::clamp<qint64>(call.startUs / 1'000'000, 0, Seconds - 1))];
        slips.append((call.startUs - call.intendedStartUs) / 1000.0);
        slowCalls += call.latencyUs >= 2'000'000 ? 1 : 0;
    }
    std::printf("max_clients %d; the server takes 2 s from 3 s to 6 s\n\n| second | sent | dropped | deviation of "
                "sent |\n|---|---|---|---|\n",
                maxClients);
    double worst = 0;
    for (int second = 0; second < Seconds; ++second) {
        const double deviation = 100.0 * (sent[second] - Target) / Target;
        worst = std::max(worst, std::abs(deviation));
        std::printf("| %d | %d | %d | %+.1f%% |\n", second, sent[second], dropped[second], deviation);
    }
    const SortedLatencies slip(slips);
    std::printf("\nworst deviation: %.1f%%; calls over 2 s: %lld; slip p50 %.3f ms, p99 %.3f ms, max %.3f ms\n", worst,
                static_cast<long long>(slowCalls), slip.percentile(50), slip.percentile(99), slip.max());
    return worst <= 2.0 ? 0 : 1;
}
} // namespace

int main(int argc, char* argv[])
{
    // As aftershock-cli does, so that the load clients run on the same event loops.
    ProxyEngineImpl::preferPlainEventLoops();
    QCoreApplication application(argc, argv);
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("mode"), QStringLiteral("sweep, max, memory or slowdown"));
    const QCommandLineOption port(QStringLiteral("port"), QStringLiteral("The server's loopback port."),
                                  QStringLiteral("port"));
    const QCommandLineOption connections(QStringLiteral("connections"), QStringLiteral("Connections."),
                                         QStringLiteral("n"), QStringLiteral("10"));
    const QCommandLineOption rates(QStringLiteral("rates"), QStringLiteral("Rates to sweep, comma-separated."),
                                   QStringLiteral("list"), QStringLiteral("10,100,500,1000,2000"));
    const QCommandLineOption seconds(QStringLiteral("seconds"), QStringLiteral("Length of each measurement."),
                                     QStringLiteral("s"), QStringLiteral("10"));
    const QCommandLineOption calls(QStringLiteral("calls"), QStringLiteral("Calls for the memory run."),
                                   QStringLiteral("n"), QStringLiteral("300000"));
    const QCommandLineOption maxClients(QStringLiteral("max-clients"),
                                        QStringLiteral("max_clients of the slowdown run."), QStringLiteral("n"),
                                        QStringLiteral("300"));
    parser.addOptions({port, connections, rates, seconds, calls, maxClients});
    parser.addHelpOption();
    parser.process(application);
    const QString mode = parser.positionalArguments().value(0);
    const auto serverPort = static_cast<quint16>(parser.value(port).toUInt());
    if (serverPort == 0) {
        std::fprintf(stderr, "runner_bench: --port is required\n");
        return 2;
    }
    if (mode == QLatin1String("sweep")) {
        return sweep(serverPort, parser.value(connections).toInt(), parser.value(rates).split(QLatin1Char(',')),
                     parser.value(seconds).toInt());
    }
    if (mode == QLatin1String("max")) {
        return findMax(serverPort, parser.value(connections).toInt(), parser.value(seconds).toInt());
    }
    if (mode == QLatin1String("memory")) {
        return memory(serverPort, parser.value(calls).toInt());
    }
    if (mode == QLatin1String("slowdown")) {
        return slowdown(serverPort, parser.value(maxClients).toInt());
    }
    std::fprintf(stderr, "runner_bench: mode is sweep, max, memory or slowdown\n");
    return 2;
}
