// Report speed (issue 12): a results file of 1,000 scenarios, 300,000 calls in all, renders to
// Markdown in under 1 s and to PDF in under 10 s.
//   report_bench [--scenarios N] [--calls-per-item C] [--runs R] [--keep FOLDER]
// Builds such a run (each scenario one load item with a black-hole window, a latency fault and two
// SLOs, calls failing inside the window), writes its results.json (into FOLDER with --keep, so the
// real CLI can be timed on it), then times in-process, median of R: reading results.json,
// building the model, writing Markdown, HTML and PDF; and the floor: cmark-gfm alone rendering the
// same Markdown to HTML. Prints the peak resident size at the end.

#include "report/ChartPainter.h"
#include "report/ChartSvg.h"
#include "report/HtmlReportWriter.h"
#include "report/MarkdownReportWriter.h"
#include "report/PdfReportWriter.h"
#include "report/ReportBuilder.h"
#include "report/ReportExport.h"
#include "runner/ResultsJsonReader.h"
#include "runner/ResultsJsonWriter.h"

#include <algorithm>
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <cstdio>
#include <simdjson.h>
#include <sys/resource.h>

#include <QBuffer>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QGuiApplication>
#include <QJsonDocument>
#include <QTemporaryDir>

namespace
{
RunResult makeRun(int scenarios, int callsPerItem)
{
    RunResult run{.startedAtMs = 1'796'300'000'000, .endedAtMs = 1'796'300'600'000, .seed = 7};
    const qint64 durationMs = 10'000;
    for (int index = 0; index < scenarios; ++index) {
        const Fault blackhole{.parameters = BlackholeFault{},
                              .period
                              = Period{.start = PeriodBound{.value = 40}, .duration = PeriodBound{.value = 10}}};
        const Fault latency{.parameters = LatencyFault{.mean = 120, .stddev = 15},
                            .period = Period{.start = PeriodBound{.value = 70}, .duration = PeriodBound{.value = 15}}};
        const Item item{.call
                        = Call{.url = QStringLiteral("http://localhost:9090/resource/%1").arg(index), .timeout = 500},
                        .context = Context{.upstreams = {QStringLiteral("localhost:9090")},
                                           .faults = {blackhole, latency},
                                           .strategy = LoadStrategy{.duration = durationMs, .clients = 3, .rps = 10},
                                           .slo = {Slo{.type = SloType::Latency,
                                                       .title = QStringLiteral("p95 under 300 ms"),
                                                       .objective = 95,
                                                       .threshold = 300},
                                                   Slo{.type = SloType::Error,
                                                       .title = QStringLiteral("under 1% errors"),
                                                       .objective = 99,
                                                       .threshold = 1}}}};
        ItemResult result{.target = item.call.url,
                          .startedAtUs = run.startedAtMs * 1000 + index * 10'000'000LL,
                          .totalTimeNs = durationMs * 1'000'000,
                          .plannedCalls = static_cast<quint32>(callsPerItem)};
        for (int call = 0; call < callsPerItem; ++call) {
            const qint64 dueUs = call * durationMs * 1000 / callsPerItem;
            const double share = static_cast<double>(dueUs) / (durationMs * 1000.0);
            const bool blackholed = share >= 0.4 && share < 0.5;
            const bool delayed = share >= 0.7 && share < 0.85;
            CallRecord record{.intendedStartUs = dueUs,
                              .startUs = dueUs + 40,
                              .ttfbUs = blackholed ? -1 : 1500 + (call % 17) * 100 + (delayed ? 120'000 : 0),
                              .latencyUs = blackholed ? 500'000 : 2000 + (call % 23) * 150 + (delayed ? 121'000 : 0),
                              .index = static_cast<quint32>(call),
                              .bodyBytes = 512,
                              .activeFaults = (blackholed ? 1u : 0u) | (delayed ? 2u : 0u),
                              .appliedFaults = (blackholed ? 1u : 0u) | (delayed ? 2u : 0u),
                              .status = static_cast<quint16>(blackholed ? 0 : 200),
                              .errorClass = blackholed ? CallErrorClass::Timeout : CallErrorClass::None};
            result.calls.append(record);
        }
        result.slo = SloEvaluator::evaluate(item.context->slo, result.calls);
        run.scenarios.append(ScenarioResult{
            .scenario
            = Scenario{.title = QStringLiteral("Outage and slowdown of resource %1").arg(index), .items = {item}},
            .items = {result}});
    }
    return run;
}

template<typename Work>
double medianMs(int runs, Work work)
{
    QList<double> times;
    for (int run = 0; run < runs; ++run) {
        QElapsedTimer timer;
        timer.start();
        work();
        times << timer.nsecsElapsed() / 1e6;
    }
    std::sort(times.begin(), times.end());
    return times.at(times.size() / 2);
}

QByteArray cmarkAlone(const QByteArray& markdown)
{
    cmark_parser* parser = cmark_parser_new(CMARK_OPT_DEFAULT);
    cmark_parser_attach_syntax_extension(parser, cmark_find_syntax_extension("table"));
    cmark_parser_feed(parser, markdown.constData(), static_cast<size_t>(markdown.size()));
    cmark_node* document = cmark_parser_finish(parser);
    char* html = cmark_render_html(document, CMARK_OPT_DEFAULT, cmark_parser_get_syntax_extensions(parser));
    QByteArray out(html);
    free(html);
    cmark_node_free(document);
    cmark_parser_free(parser);
    return out;
}
} // namespace

int main(int argc, char* argv[])
{
    qputenv("QT_QPA_PLATFORM", qgetenv("QT_QPA_PLATFORM").isEmpty() ? "offscreen" : qgetenv("QT_QPA_PLATFORM"));
    QGuiApplication application(argc, argv);
    QCommandLineParser parser;
    const QCommandLineOption scenariosOption(QStringLiteral("scenarios"), QStringLiteral("Scenarios."),
                                             QStringLiteral("N"), QStringLiteral("1000"));
    const QCommandLineOption callsOption(QStringLiteral("calls-per-item"), QStringLiteral("Calls an item."),
                                         QStringLiteral("C"), QStringLiteral("300"));
    const QCommandLineOption runsOption(QStringLiteral("runs"), QStringLiteral("Runs of each step."),
                                        QStringLiteral("R"), QStringLiteral("3"));
    const QCommandLineOption keepOption(QStringLiteral("keep"), QStringLiteral("Folder to keep results.json in."),
                                        QStringLiteral("FOLDER"));
    parser.addOptions({scenariosOption, callsOption, runsOption, keepOption});
    parser.addHelpOption();
    parser.process(application);
    const int runs = std::max(1, parser.value(runsOption).toInt());

    const QTemporaryDir temporary;
    const QString folder = parser.isSet(keepOption) ? parser.value(keepOption) : temporary.path();
    const QString resultsPath = folder + QStringLiteral("/results.json");
    {
        const RunResult run = makeRun(parser.value(scenariosOption).toInt(), parser.value(callsOption).toInt());
        QFile file(resultsPath);
        if (!file.open(QIODevice::WriteOnly) || file.write(ResultsJsonWriter::toJson(run)) < 0) {
            std::fprintf(stderr, "cannot write %s\n", qPrintable(resultsPath));
            return 1;
        }
    }
    std::printf("results.json: %.1f MB\n", QFile(resultsPath).size() / 1e6);

    std::optional<RunResult> run;
    const double readMs = medianMs(runs, [&] { run = ResultsJsonReader::readFile(resultsPath).run; });
    if (!run) {
        std::fprintf(stderr, "cannot read it back\n");
        return 1;
    }
    // The parsers alone on the same text: Qt's (which the reader used before) and simdjson's (which
    // it uses now), for the reader's cost beyond parsing.
    double qtParseMs = 0;
    double simdjsonParseMs = 0;
    {
        QFile resultsFile(resultsPath);
        resultsFile.open(QIODevice::ReadOnly);
        const QByteArray resultsText = resultsFile.readAll();
        qtParseMs = medianMs(runs, [&] { QJsonDocument::fromJson(resultsText); });
        const simdjson::padded_string paddedText(resultsText.constData(), static_cast<size_t>(resultsText.size()));
        simdjson::dom::parser simdjsonParser;
        simdjsonParseMs = medianMs(runs, [&] { (void)simdjsonParser.parse(paddedText); });
    }
    qsizetype calls = 0;
    for (const ScenarioResult& scenario : run->scenarios) {
        for (const ItemResult& item : scenario.items) {
            calls += item.calls.size();
        }
    }
    std::printf("%lld scenarios, %lld calls\n", static_cast<long long>(run->scenarios.size()),
                static_cast<long long>(calls));
    ReportModel model;
    const double buildMs = medianMs(runs, [&] { model = ReportBuilder::build(*run, ReportBuilder::Options{}); });
    QByteArray markdown;
    const double markdownMs = medianMs(runs, [&] { markdown = MarkdownReportWriter::write(model); });
    qsizetype svgBytes = 0;
    const double svgMs = medianMs(runs, [&] {
        svgBytes = 0;
        for (const QByteArray& svg :
             ChartSvg::toSvg(model.charts, ChartPainter::ReferenceSize, ChartPalette::light())) {
            svgBytes += svg.size();
        }
    });
    // What `report --output report.md` does after reading: the model, the Markdown, a file per chart.
    const QString exportPath = folder + QStringLiteral("/export/report.md");
    const double exportMs = medianMs(runs, [&] {
        QString error;
        if (!ReportExport::write(*run, ReportBuilder::Options{}, ReportExport::Format::Markdown, exportPath, &error)) {
            std::fprintf(stderr, "%s\n", qPrintable(error));
        }
    });
    cmark_gfm_core_extensions_ensure_registered();
    QByteArray html;
    const double cmarkMs = medianMs(runs, [&] { html = cmarkAlone(markdown); });
    const double htmlMs = medianMs(runs, [&] { html = HtmlReportWriter::write(model); });
    QByteArray pdf;
    const double pdfMs = medianMs(runs, [&] {
        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        QString error;
        PdfReportWriter::write(model, buffer, &error);
        pdf = buffer.data();
    });
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    std::printf("| step | median of %d [ms] |\n|---|---:|\n", runs);
    std::printf("| parse alone: QJsonDocument::fromJson (peer) | %.0f |\n| parse alone: simdjson (peer) | %.0f |\n",
                qtParseMs, simdjsonParseMs);
    std::printf("| read results.json | %.0f |\n| build the model | %.0f |\n| write Markdown (%.1f MB) | %.0f |\n",
                readMs, buildMs, markdown.size() / 1e6, markdownMs);
    std::printf("| read + build + Markdown | %.0f |\n", readMs + buildMs + markdownMs);
    std::printf("| the %lld charts as SVG (%.1f MB) | %.0f |\n", static_cast<long long>(model.charts.size()),
                svgBytes / 1e6, svgMs);
    std::printf("| export: model, Markdown and the SVG files, written atomically | %.0f |\n", exportMs);
    std::printf("| cmark-gfm alone, the same Markdown to HTML (floor) | %.0f |\n", cmarkMs);
    std::printf("| write HTML (%.1f MB) | %.0f |\n| write PDF (%.1f MB) | %.0f |\n", html.size() / 1e6, htmlMs,
                pdf.size() / 1e6, pdfMs);
    std::printf("peak resident size: %.0f MB\n", usage.ru_maxrss / 1024.0);
    return 0;
}
