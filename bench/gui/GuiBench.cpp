// The GUI's responsiveness during a load run (bench/gui/run.sh drives it against nginx; see
// RESULTS.md): the run view open on the running item with its charts live, as the Run button
// leaves it, while a timer on the GUI thread measures how late it fires, until the finished item's
// charts are drawn.
//   gui_bench --url URL [--rps 1000] [--seconds 60] [--clients 10] --scenario-out FILE
// It writes the scenario it runs to FILE, so that run.sh can run the same one with aftershock-cli,
// and prints the lateness (max, p99, p50), the rate reached and the process's CPU time a request.

#include "run/LiveRun.h"
#include "run/RunControllerImpl.h"
#include "run/RunView.h"
#include "runner/ScenarioRunnerImpl.h"
#include "runner/SortedLatencies.h"
#include "scenario/ScenarioLoader.h"

#include <algorithm>
#include <cstdio>
#include <functional>
#include <sys/resource.h>

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QTemporaryDir>
#include <QTimer>

namespace
{
// The probe's period: a frame is 16 ms, so a 5 ms timer sees any stall that would drop one.
constexpr int ProbeIntervalMs = 5;

double processCpuSeconds()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

// A load item at the rate asked, a latency window over its middle fifth and two SLOs, so that the
// charts have bands, lines and thresholds to draw.
QByteArray scenarioYaml(const QString& url, int rps, int seconds, int clients)
{
    return QStringLiteral(R"(title: GUI responsiveness at %2 requests a second
items:
- call:
    method: GET
    url: %1
  context:
    upstreams:
    - %1
    faults:
    - type: latency
      mean: 5.0
      stddev: 1.0
      period: start:40%,duration:20%
    strategy:
      mode: load
      duration: %3s
      clients: %4
      rps: %5
    slo:
    - slo_type: latency
      title: p95 under 50 ms
      objective: 95
      threshold: 50
    - slo_type: error
      title: under 1% errors
      objective: 99
      threshold: 1
)")
        .arg(url)
        .arg(rps)
        .arg(seconds)
        .arg(clients)
        .arg(static_cast<double>(rps) / clients)
        .toUtf8();
}
} // namespace

int main(int argc, char* argv[])
{
    QApplication application(argc, argv);
    QCommandLineParser parser;
    const QCommandLineOption url(QStringLiteral("url"), QStringLiteral("The server's URL (loopback)."),
                                 QStringLiteral("url"));
    const QCommandLineOption rps(QStringLiteral("rps"), QStringLiteral("Requests a second."), QStringLiteral("n"),
                                 QStringLiteral("1000"));
    const QCommandLineOption seconds(QStringLiteral("seconds"), QStringLiteral("The run's length."),
                                     QStringLiteral("s"), QStringLiteral("60"));
    const QCommandLineOption clients(QStringLiteral("clients"), QStringLiteral("Load clients."), QStringLiteral("n"),
                                     QStringLiteral("10"));
    const QCommandLineOption scenarioOut(QStringLiteral("scenario-out"),
                                         QStringLiteral("Where to write the scenario run."), QStringLiteral("file"));
    parser.addOptions({url, rps, seconds, clients, scenarioOut});
    parser.addHelpOption();
    parser.process(application);
    if (!parser.isSet(url) || !parser.isSet(scenarioOut)) {
        std::fprintf(stderr, "gui_bench: --url and --scenario-out are required\n");
        return 2;
    }
    const int rate = parser.value(rps).toInt();
    const int duration = parser.value(seconds).toInt();
    const QByteArray yaml = scenarioYaml(parser.value(url), rate, duration, parser.value(clients).toInt());
    QFile out(parser.value(scenarioOut));
    if (!out.open(QIODevice::WriteOnly) || out.write(yaml) != yaml.size()) {
        std::fprintf(stderr, "gui_bench: cannot write %s\n", qPrintable(out.fileName()));
        return 2;
    }
    out.close();
    const ScenarioFile file = ScenarioLoader::loadText(yaml, out.fileName());
    if (file.scenarios().isEmpty()) {
        std::fprintf(stderr, "gui_bench: the scenario does not load\n");
        return 2;
    }

    QTemporaryDir folder;
    RunOptions options;
    options.source = out.fileName();
    options.storePath = folder.filePath(QStringLiteral("runs.sqlite"));
    options.resultsPath = folder.filePath(QStringLiteral("results.json"));
    RunControllerImpl controller(new ScenarioRunnerImpl(ProxyEngineFactory()));
    auto* run = new LiveRun(out.fileName(), file.scenarios());
    RunView view(run);
    view.resize(1440, 900);
    view.show();

    QList<double> lateness;
    lateness.reserve(duration * 1000 / ProbeIntervalMs + 1000);
    // When the worst stalls happened, so that a bad max points at its cause.
    QList<std::pair<double, double>> stalls;
    QElapsedTimer wall;
    QElapsedTimer sinceTick;
    QTimer probe;
    probe.setTimerType(Qt::PreciseTimer);
    probe.setInterval(ProbeIntervalMs);
    QObject::connect(&probe, &QTimer::timeout, [&] {
        const double late = std::max(0.0, sinceTick.nsecsElapsed() / 1e6 - ProbeIntervalMs);
        lateness.append(late);
        if (late > 16)
            stalls.append({late, wall.nsecsElapsed() / 1e9});
        sinceTick.start();
    });
    int redraws = 0;
    QEventLoop loop;
    RunResultPointer result;
    // Done once the run has ended and the view shows the finished item's charts (made on a worker,
    // then drawn on the GUI thread, which the probe must see too).
    const auto quitWhenDrawn = [&] {
        if (result && view.chartsCurrent()) {
            loop.quit();
        }
    };
    QObject::connect(&view, &RunView::refreshed, [&] {
        ++redraws;
        quitWhenDrawn();
    });
    QObject::connect(&controller, &RunController::finished, [&](const RunResultPointer& finished) {
        result = finished;
        quitWhenDrawn();
    });

    const double cpuBefore = processCpuSeconds();
    wall.start();
    if (!controller.start(run, options)) {
        std::fprintf(stderr, "gui_bench: the run did not start\n");
        return 1;
    }
    sinceTick.start();
    probe.start();
    loop.exec();
    probe.stop();
    const double cpuSeconds = processCpuSeconds() - cpuBefore;
    const double wallSeconds = wall.nsecsElapsed() / 1e9;

    const ItemResult& item = result->scenarios.at(0).items.at(0);
    qsizetype sent = 0;
    qsizetype failed = 0;
    for (const CallRecord& call : item.calls) {
        sent += call.errorClass != CallErrorClass::Dropped;
        failed += call.failed();
    }
    const SortedLatencies late(lateness);
    const double planned = static_cast<double>(rate) * duration;
    std::printf("| probe ticks | lateness max ms | p99 ms | p50 ms | redraws | calls sent | of planned | failed | "
                "CPU s | CPU us/request | wall s |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
    std::printf("| %lld | %.2f | %.2f | %.2f | %d | %lld | %.2f%% | %lld | %.2f | %.1f | %.1f |\n",
                static_cast<long long>(lateness.size()), late.max(), late.percentile(99), late.percentile(50), redraws,
                static_cast<long long>(sent), 100.0 * sent / planned, static_cast<long long>(failed), cpuSeconds,
                sent > 0 ? cpuSeconds * 1e6 / sent : 0.0, wallSeconds);
    std::sort(stalls.begin(), stalls.end(), std::greater<>());
    std::printf("\nstalls over 16 ms: %lld", static_cast<long long>(stalls.size()));
    for (qsizetype worst = 0; worst < std::min<qsizetype>(stalls.size(), 5); ++worst)
        std::printf("%s%.1f ms at %.1f s", worst == 0 ? " (worst: " : ", ", stalls.at(worst).first,
                    stalls.at(worst).second);
    std::printf("%s\n", stalls.isEmpty() ? "" : ")");
    return 0;
}
