#include "report/ReportBuilder.h"

#include "Version.h"
#include "report/FailurePattern.h"
#include "report/ItemStatistics.h"
#include "report/ReportCharts.h"
#include "report/ReportWording.h"
#include "report/ResilienceRules.h"
#include "runner/FaultUsage.h"
#include "runner/LoadPhases.h"
#include "runner/TestVerdict.h"
#include "scenario/Duration.h"

#include <algorithm>
#include <cmath>
#include <set>

#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QSet>
#include <QUrl>
#include <QtConcurrentMap>

using namespace ReportWording;

namespace
{
// The failures the executive summary names before "and N more".
constexpr int SummarisedFailures = 3;
// A comparison calls a change a regression past these, so that noise does not.
constexpr double LatencyRegressionRatio = 1.10;
constexpr double LatencyRegressionMs = 1.0;
constexpr double FailureRegressionPoints = 0.5;

QString dateTimeInSeconds(qint64 unixMs)
{
    return QDateTime::fromMSecsSinceEpoch(unixMs, Qt::UTC).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'"));
}

QString withUnit(double value, const QString& unit)
{
    return QStringLiteral("%1 %2").arg(milliseconds(value), unit);
}

QString faultWindow(const Item& item, const Fault& fault)
{
    const auto* load
        = item.context && item.context->strategy ? std::get_if<LoadStrategy>(&*item.context->strategy) : nullptr;
    if (!load) {
        return QStringLiteral("every call");
    }
    const LoadPhases phases(*load);
    if (!fault.period) {
        return phases.hasSteadyState() ? QStringLiteral("whole faulted phase") : QStringLiteral("whole run");
    }
    const double runMs = static_cast<double>(load->duration);
    const auto offsetMs = static_cast<double>(phases.beforeMs());
    const auto [begin, end] = fault.period->window(runMs);
    return QStringLiteral("%1 to %2")
        .arg(formatDuration(std::round(offsetMs + begin * runMs)), formatDuration(std::round(offsetMs + end * runMs)));
}

QString itemHeading(const Item& item)
{
    const Strategy strategy = item.context && item.context->strategy ? *item.context->strategy : SingleStrategy{};
    const QString kind = std::holds_alternative<LoadStrategy>(strategy) ? QStringLiteral("load")
        : std::holds_alternative<RepeatStrategy>(strategy)              ? QStringLiteral("repeat")
                                                                        : QStringLiteral("single");
    return QStringLiteral("%1 (%2)").arg(endpoint(item.call), kind);
}

QString hostOf(const QString& url)
{
    const QUrl parsed(url);
    return parsed.port() > 0 ? QStringLiteral("%1:%2").arg(parsed.host()).arg(parsed.port()) : parsed.host();
}

// One scenario's part of the model, built apart from the others (on every core) and then joined
// in the run's order; its charts' indices count from the part's first chart until then.
struct ScenarioPart
{
    ReportScenario section;
    QList<ReportFailure> failures;
    QList<ReportChart> charts;
    QList<ReportChartReference> comparisonCharts;
};

// Builds the model's parts from one run; a class so that the parts share what they computed.
class Builder
{
public:
    Builder(const RunResult& run, const ReportBuilder::Options& options)
        : m_run(run)
        , m_options(options)
    {
        if (m_options.baseline) {
            for (const ScenarioResult& scenario : m_options.baseline->scenarios) {
                const qsizetype ran = std::min(scenario.items.size(), scenario.scenario.items.size());
                for (qsizetype i = 0; i < ran; ++i) {
                    m_baselineItems.insert(itemKey(scenario.scenario.title, scenario.scenario.items.at(i)),
                                           &scenario.items.at(i));
                }
            }
        }
    }

    ReportModel build()
    {
        header();
        QList<ScenarioPart> parts = QtConcurrent::blockingMapped(
            m_run.scenarios, [this](const ScenarioResult& scenario) { return scenarioPart(scenario); });
        for (ScenarioPart& part : parts) {
            join(std::move(part));
        }
        const TestVerdict::Tally tally = TestVerdict::tally(m_run);
        m_model.testsRun = tally.run;
        m_model.testsFailed = tally.failed;
        m_model.findings = ResilienceRules::analyse(m_run);
        dashboard();
        summary();
        posture();
        if (m_options.baseline) {
            compare(*m_options.baseline);
            m_model.comparison->charts = m_comparisonCharts;
        }
        return m_model;
    }

private:
    void header()
    {
        m_model.started = dateTimeInSeconds(m_run.startedAtMs);
        m_model.ended = dateTimeInSeconds(m_run.endedAtMs);
        m_model.duration
            = formatDuration(static_cast<double>(std::max<qint64>(0, m_run.endedAtMs - m_run.startedAtMs)));
        m_model.status = toString(m_run.status);
        if (!m_run.error.isEmpty()) {
            m_model.status += QStringLiteral(": ") + m_run.error;
        }
        m_model.source = m_options.source;
        m_model.version = QStringLiteral(AFTERSHOCK_VERSION);
        m_model.seed = m_run.seed ? QString::number(*m_run.seed) : QString();
        const QDateTime generated
            = m_options.generatedOn.isValid() ? m_options.generatedOn : QDateTime::currentDateTimeUtc();
        m_model.generatedOn = generated.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'"));
        QStringList targets;
        for (const ScenarioResult& scenario : m_run.scenarios) {
            for (const Item& item : scenario.scenario.items) {
                const QString host = hostOf(resolvedUrl(scenario.scenario, item.call));
                if (!host.isEmpty() && !targets.contains(host)) {
                    targets << host;
                }
            }
        }
        m_model.targets = targets;
        const QString name = QFileInfo(QDir::cleanPath(m_options.source)).fileName();
        if (!name.isEmpty()) {
            m_model.title = QStringLiteral("Resilience report: %1").arg(name);
        } else if (m_run.scenarios.size() == 1) {
            m_model.title = QStringLiteral("Resilience report: %1").arg(m_run.scenarios.first().scenario.title);
        } else {
            m_model.title
                = QStringLiteral("Resilience report: %1 scenarios against %2")
                      .arg(m_run.scenarios.size())
                      .arg(targets.isEmpty() ? QStringLiteral("no target") : targets.join(QStringLiteral(", ")));
        }
    }

    ScenarioPart scenarioPart(const ScenarioResult& scenario) const
    {
        ScenarioPart part{.section = ReportScenario{.title = scenario.scenario.title,
                                                    .description = scenario.scenario.description.value_or(QString()),
                                                    .passed = true}};
        ReportScenario& section = part.section;
        const qsizetype ran = std::min(scenario.items.size(), scenario.scenario.items.size());
        for (qsizetype i = 0; i < ran; ++i) {
            section.items.append(
                itemSection(scenario.scenario, scenario.scenario.items.at(i), scenario.items.at(i), part));
            section.passed = section.passed && section.items.last().passed;
        }
        section.itemsNotRun = static_cast<int>(scenario.scenario.items.size() - ran);
        section.passed = section.passed && section.itemsNotRun == 0;
        return part;
    }

    void join(ScenarioPart part)
    {
        const auto offset = static_cast<int>(m_model.charts.size());
        for (ReportItem& item : part.section.items) {
            for (ReportChartReference& chart : item.charts) {
                chart.index += offset;
            }
        }
        for (ReportChartReference& chart : part.comparisonCharts) {
            chart.index += offset;
        }
        m_model.scenarios.append(std::move(part.section));
        m_model.failures.append(std::move(part.failures));
        m_model.charts.append(std::move(part.charts));
        m_comparisonCharts.append(std::move(part.comparisonCharts));
    }

    ReportItem itemSection(const Scenario& scenario, const Item& item, const ItemResult& result,
                           ScenarioPart& part) const
    {
        const ItemStatistics statistics(item, result);
        ReportItem section{.heading = itemHeading(item),
                           .endpoint = endpoint(item.call),
                           .url = result.target.isEmpty() ? resolvedUrl(scenario, item.call) : result.target,
                           .operationId = item.call.operationId.value_or(QString()),
                           .strategy = strategyInWords(item),
                           .load = TestVerdict::isLoad(item),
                           .passed = statistics.passed() && result.error.isEmpty(),
                           .error = result.error,
                           .calls = statistics.requests(),
                           .failedCalls = statistics.failedCalls(),
                           .droppedCalls = statistics.droppedCalls(),
                           .totalTime = formatDuration(std::round(static_cast<double>(result.totalTimeNs) / 1e6))};
        const QList<Fault> faults = item.context ? item.context->faults : QList<Fault>{};
        const QList<FaultUsage> usage = FaultUsage::of(item, result);
        for (qsizetype i = 0; i < faults.size(); ++i) {
            ReportFault fault{.type = faultName(faults.at(i).type()),
                              .description = describe(faults.at(i)),
                              .window = faultWindow(item, faults.at(i))};
            if (i < usage.size()) {
                fault.configuredCalls = usage.at(i).configuredCalls;
                fault.appliedCalls = usage.at(i).appliedCalls;
                fault.neverApplied = usage.at(i).neverApplied;
            }
            section.faults.append(fault);
        }
        for (const CallRecord& call : result.calls) {
            if (call.failed() && call.errorClass != CallErrorClass::Dropped) {
                ++section.failuresByKind[failureKind(call)];
            }
        }
        const SortedLatencies& slips = statistics.scheduleSlips();
        if (!slips.isEmpty()) {
            section.scheduleSlip = QStringLiteral("p50 %1 ms, p99 %2 ms, max %3 ms")
                                       .arg(milliseconds(slips.percentile(50)), milliseconds(slips.percentile(99)),
                                            milliseconds(slips.max()));
        }
        if (!statistics.latencies().isEmpty()) {
            for (const double percentile : ReportedPercentiles) {
                section.percentiles.append(
                    {QStringLiteral("p%1").arg(percentile),
                     withUnit(statistics.latencies().percentile(percentile), QStringLiteral("ms"))});
            }
        }
        if (section.failedCalls > 0) {
            section.failurePattern = FailurePattern::ofFailedCalls(item, result);
        }
        checks(scenario, item, result, statistics, section, part);
        if (result.steadyState) {
            steadyStateSection(item, *result.steadyState, section);
        }
        charts(scenario, item, result, section, part);
        // A breached SLO fails the item in the report even where the test leaves SLOs to be
        // reported on their own (no `all_slo_are_valid`): the reader must not miss it.
        section.passed = section.passed
            && std::all_of(section.checks.begin(), section.checks.end(),
                           [](const ReportCheck& check) { return check.passed; });
        return section;
    }

    static void steadyStateSection(const Item& item, const SteadyStateResult& steadyState, ReportItem& section)
    {
        section.recovery = ReportWording::recovery(steadyState);
        section.steadyState = ReportWording::steadyStateInWords(steadyState);
        const LoadPhases phases(item);
        const auto phase
            = [](const QString& name, qint64 beginMs, qint64 endMs, qsizetype calls, const QList<SloResult>& slo) {
                  ReportPhase reported{.name = name,
                                       .window = QStringLiteral("%1 to %2")
                                                     .arg(formatDuration(static_cast<double>(beginMs)),
                                                          formatDuration(static_cast<double>(endMs))),
                                       .calls = calls,
                                       .verdict = ReportWording::phaseVerdict(slo, calls)};
                  for (const SloResult& result : slo) {
                      reported.checks.append(ReportBuilder::checkOf(result));
                  }
                  return reported;
              };
        const qint64 faultedEndMs = phases.beforeMs() + phases.faultedMs();
        if (phases.beforeMs() > 0) {
            section.phases.append(
                phase(QStringLiteral("before"), 0, phases.beforeMs(), steadyState.beforeCalls, steadyState.before));
        }
        section.phases.append(phase(QStringLiteral("during"), phases.beforeMs(), faultedEndMs, steadyState.duringCalls,
                                    steadyState.during));
        if (phases.afterMs() > 0) {
            section.phases.append(phase(QStringLiteral("after"), faultedEndMs, phases.totalMs(), steadyState.afterCalls,
                                        steadyState.after));
        }
    }

    // Items are matched with the baseline's by scenario title and call, as the comparison does.
    static QString itemKey(const QString& scenario, const Item& item)
    {
        return scenario + QChar(0x1f) + itemHeading(item);
    }

    void charts(const Scenario& scenario, const Item& item, const ItemResult& result, ReportItem& section,
                ScenarioPart& part) const
    {
        const ItemResult* baseline = m_baselineItems.value(itemKey(scenario.title, item), nullptr);
        for (const ReportChart& chart : ReportCharts::forItem(item, result, baseline)) {
            const ReportChartReference reference{.index = static_cast<int>(part.charts.size()), .caption = chart.title};
            part.charts.append(chart);
            section.charts.append(reference);
            if (baseline && chart.kind == ReportChart::Kind::LatencyOverTime) {
                part.comparisonCharts.append(
                    {reference.index, QStringLiteral("%1, against the baseline: %2").arg(scenario.title, chart.title)});
            }
        }
    }

    void checks(const Scenario& scenario, const Item& item, const ItemResult& result, const ItemStatistics& statistics,
                ReportItem& section, ScenarioPart& part) const
    {
        const auto fail = [&](const ReportCheck& check, const QString& pattern) {
            part.failures.append(ReportFailure{.scenario = scenario.title,
                                               .endpoint = section.endpoint,
                                               .check = check.name,
                                               .objective = check.objective,
                                               .observed = check.observed,
                                               .margin = check.margin,
                                               .pattern = pattern});
        };
        if (!result.error.isEmpty()) {
            const ReportCheck check{.name = QStringLiteral("the item ran"),
                                    .objective = QStringLiteral("its calls are sent"),
                                    .observed = result.error,
                                    .margin = QStringLiteral("-"),
                                    .passed = false};
            section.checks.append(check);
            fail(check, QStringLiteral("no call was sent"));
            return;
        }
        if (const auto expectation = ReportBuilder::expectationCheck(item, result, statistics)) {
            section.checks.append(*expectation);
            if (!expectation->passed) {
                fail(*expectation, FailurePattern::ofExpectationMisses(item, result));
            }
        }
        for (const SloResult& slo : result.slo) {
            const ReportCheck check = ReportBuilder::checkOf(slo);
            section.checks.append(check);
            if (!check.passed) {
                fail(check,
                     slo.slo.type == SloType::Latency ? FailurePattern::ofSlowCalls(item, result, slo.slo.threshold)
                                                      : FailurePattern::ofFailedCalls(item, result));
            }
        }
        const qsizetype unexplained = TestVerdict::unexplainedFailures(item, result.calls);
        if (unexplained > 0) {
            const ReportCheck check{.name = QStringLiteral("failures explained by a fault"),
                                    .objective = QStringLiteral("every failed call met an injected fault"),
                                    .observed
                                    = QStringLiteral("%1 failed with no fault to explain them").arg(unexplained),
                                    .margin = QStringLiteral("-"),
                                    .passed = false};
            section.checks.append(check);
            fail(check, FailurePattern::ofFailedCalls(item, result));
        }
    }

    void dashboard()
    {
        ReportDashboardRow all{.scope = QStringLiteral("All scenarios")};
        QList<ReportDashboardRow> endpoints;
        for (const ReportScenario& scenario : std::as_const(m_model.scenarios)) {
            ++all.scenarios;
            ++(scenario.passed ? all.passed : all.failed);
            QSet<QString> seen;
            for (const ReportItem& item : scenario.items) {
                if (seen.contains(item.endpoint)) {
                    continue;
                }
                seen.insert(item.endpoint);
                auto row = std::find_if(endpoints.begin(), endpoints.end(),
                                        [&item](const ReportDashboardRow& row) { return row.scope == item.endpoint; });
                if (row == endpoints.end()) {
                    endpoints.append(ReportDashboardRow{.scope = item.endpoint});
                    row = endpoints.end() - 1;
                }
                ++row->scenarios;
                ++(scenario.passed ? row->passed : row->failed);
            }
        }
        m_model.dashboard = QList<ReportDashboardRow>{all} + endpoints;
        dashboardRecovery();
    }

    void dashboardRecovery()
    {
        QMap<QString, QStringList> byScope;
        for (const ReportScenario& scenario : std::as_const(m_model.scenarios)) {
            for (const ReportItem& item : scenario.items) {
                if (!item.recovery.isEmpty()) {
                    const QString verdict = scenario.items.size() > 1 || m_model.scenarios.size() > 1
                        ? QStringLiteral("%1: %2").arg(scenario.title, item.recovery)
                        : item.recovery;
                    byScope[m_model.dashboard.first().scope].append(verdict);
                    byScope[item.endpoint].append(verdict);
                }
            }
        }
        if (byScope.isEmpty()) {
            return;
        }
        for (ReportDashboardRow& row : m_model.dashboard) {
            const QStringList verdicts = byScope.value(row.scope);
            row.recovery = verdicts.isEmpty() ? QStringLiteral("-") : verdicts.join(QStringLiteral("; "));
        }
    }

    void summary()
    {
        const ReportDashboardRow& all = m_model.dashboard.first();
        qsizetype items = 0;
        for (const ReportScenario& scenario : std::as_const(m_model.scenarios)) {
            items += scenario.items.size();
        }
        QString opening = QStringLiteral("%1 %2 (%3 %4, %5 tests) ran against %6 on %7, taking %8: ")
                              .arg(all.scenarios)
                              .arg(all.scenarios == 1 ? QStringLiteral("scenario") : QStringLiteral("scenarios"))
                              .arg(items)
                              .arg(items == 1 ? QStringLiteral("item") : QStringLiteral("items"))
                              .arg(m_model.testsRun)
                              .arg(m_model.targets.isEmpty() ? QStringLiteral("no target")
                                                             : m_model.targets.join(QStringLiteral(", ")),
                                   m_model.started, m_model.duration);
        opening += all.failed == 0 ? QStringLiteral("all passed.")
                                   : QStringLiteral("%1 passed and %2 failed (%3 of %4 tests failed).")
                                         .arg(all.passed)
                                         .arg(all.failed)
                                         .arg(m_model.testsFailed)
                                         .arg(m_model.testsRun);
        if (m_run.status != RunStatus::Completed) {
            opening += QStringLiteral(" The run was %1, so these numbers cover only what ran.").arg(m_model.status);
        }
        m_model.executiveSummary << opening;
        if (!m_model.failures.isEmpty()) {
            QStringList named;
            for (qsizetype i = 0; i < m_model.failures.size() && i < SummarisedFailures; ++i) {
                const ReportFailure& failure = m_model.failures.at(i);
                named << QStringLiteral("%1 in “%2” (%3, observed %4)")
                             .arg(failure.check, failure.scenario, failure.objective, failure.observed);
            }
            QString breached = QStringLiteral("What broke: %1").arg(named.join(QStringLiteral("; ")));
            if (m_model.failures.size() > SummarisedFailures) {
                breached += QStringLiteral("; and %1 more").arg(m_model.failures.size() - SummarisedFailures);
            }
            m_model.executiveSummary << breached + QLatin1Char('.');
        }
        QStringList neverApplied;
        for (const ReportScenario& scenario : std::as_const(m_model.scenarios)) {
            for (const ReportItem& item : scenario.items) {
                for (const ReportFault& fault : item.faults) {
                    if (fault.neverApplied) {
                        neverApplied << QStringLiteral("%1 in “%2”").arg(fault.type, scenario.title);
                    }
                }
            }
        }
        if (!neverApplied.isEmpty()) {
            m_model.executiveSummary << QStringLiteral("Configured but never applied, so not tested: %1.")
                                            .arg(neverApplied.join(QStringLiteral(", ")));
        }
        if (m_model.findings.isEmpty()) {
            m_model.executiveSummary << QStringLiteral(
                "The offline analysis found none of the weaknesses its rules look for.");
        } else {
            QStringList titles;
            for (const ReportFinding& finding : std::as_const(m_model.findings)) {
                titles << QStringLiteral("%1 (%2)").arg(finding.title, finding.priority.toLower());
            }
            m_model.executiveSummary
                << QStringLiteral("The offline analysis points at: %1.").arg(titles.join(QStringLiteral("; ")));
        }
    }

    void posture()
    {
        std::set<QString> held;
        std::set<QString> broke;
        for (const ReportScenario& scenario : std::as_const(m_model.scenarios)) {
            for (const ReportItem& item : scenario.items) {
                for (const ReportFault& fault : item.faults) {
                    if (!fault.neverApplied) {
                        (item.passed ? held : broke).insert(fault.type);
                    }
                }
            }
        }
        const auto join = [](const std::set<QString>& names) {
            return QStringList(names.begin(), names.end()).join(QStringLiteral(", "));
        };
        if (held.empty() && broke.empty()) {
            m_model.posture = QStringLiteral("No fault reached the wire in this run, so it says nothing about "
                                             "resilience: only how the API behaves when all is well.");
            return;
        }
        QStringList sentences;
        if (!held.empty()) {
            sentences << QStringLiteral("The API held under %1.").arg(join(held));
        }
        if (!broke.empty()) {
            sentences << QStringLiteral("It broke under %1: %2 of %3 scenarios failed.")
                             .arg(join(broke))
                             .arg(m_model.dashboard.first().failed)
                             .arg(m_model.dashboard.first().scenarios);
        } else {
            sentences << QStringLiteral("Every scenario passed.");
        }
        m_model.posture = sentences.join(QLatin1Char(' '));
    }

    struct Measured
    {
        QString scenario;
        QString endpoint;
        QString measure;
        double value = 0;
        QString text;
        bool higherIsWorse = true;
        std::optional<bool> passed; // SLOs
    };

    static QList<Measured> measures(const RunResult& run)
    {
        QList<Measured> all;
        for (const ScenarioResult& scenario : run.scenarios) {
            const qsizetype ran = std::min(scenario.items.size(), scenario.scenario.items.size());
            for (qsizetype i = 0; i < ran; ++i) {
                const Item& item = scenario.scenario.items.at(i);
                const ItemResult& result = scenario.items.at(i);
                const ItemStatistics statistics(item, result);
                const QString where = itemHeading(item);
                if (!statistics.latencies().isEmpty()) {
                    for (const double percentile : {50.0, 95.0, 99.0}) {
                        const double value = statistics.latencies().percentile(percentile);
                        all.append(Measured{scenario.scenario.title, where,
                                            QStringLiteral("p%1 latency").arg(percentile), value,
                                            withUnit(value, QStringLiteral("ms"))});
                    }
                }
                const double failedPercent = statistics.requests() > 0
                    ? 100.0 * static_cast<double>(statistics.failedCalls()) / static_cast<double>(statistics.requests())
                    : 0;
                all.append(Measured{scenario.scenario.title, where, QStringLiteral("failed calls"), failedPercent,
                                    withUnit(failedPercent, QStringLiteral("%"))});
                for (const SloResult& slo : result.slo) {
                    if (slo.observed) {
                        const ReportCheck check = ReportBuilder::checkOf(slo);
                        all.append(Measured{scenario.scenario.title, where, QStringLiteral("SLO ") + check.name,
                                            *slo.observed, check.observed, true, slo.pass});
                    }
                }
            }
        }
        return all;
    }

    void compare(const RunResult& baseline)
    {
        ReportComparison comparison{
            .baselineTitle = QStringLiteral("%1 to %2")
                                 .arg(dateTimeInSeconds(baseline.startedAtMs), dateTimeInSeconds(baseline.endedAtMs))};
        const QList<Measured> before = measures(baseline);
        const QList<Measured> after = measures(m_run);
        const auto key = [](const Measured& measured) {
            return measured.scenario + QChar(0x1f) + measured.endpoint + QChar(0x1f) + measured.measure;
        };
        const auto itemKey = [](const Measured& measured) {
            return QStringLiteral("%1: %2").arg(measured.scenario, measured.endpoint);
        };
        QHash<QString, Measured> baselineByKey;
        QSet<QString> baselineItems;
        for (const Measured& measured : before) {
            baselineByKey.insert(key(measured), measured);
            baselineItems.insert(itemKey(measured));
        }
        QSet<QString> currentItems;
        QList<ReportComparisonRow> regressions;
        QList<ReportComparisonRow> others;
        for (const Measured& measured : after) {
            currentItems.insert(itemKey(measured));
            const auto found = baselineByKey.constFind(key(measured));
            if (found == baselineByKey.constEnd()) {
                continue;
            }
            const double delta = measured.value - found->value;
            const bool percentMeasure
                = measured.measure == QLatin1String("failed calls") || measured.text.endsWith(QLatin1Char('%'));
            bool regression = percentMeasure
                ? delta > FailureRegressionPoints
                : measured.value > found->value * LatencyRegressionRatio && delta > LatencyRegressionMs;
            if (measured.passed && found->passed && *found->passed && !*measured.passed) {
                regression = true;
            }
            const QString unit = percentMeasure ? QStringLiteral("pp") : QStringLiteral("ms");
            ReportComparisonRow row{
                .scenario = measured.scenario,
                .endpoint = measured.endpoint,
                .measure = measured.measure,
                .baseline = found->text,
                .current = measured.text,
                .delta = QStringLiteral("%1%2 %3").arg(delta >= 0 ? QStringLiteral("+") : QStringLiteral("−"),
                                                       milliseconds(std::abs(delta)), unit),
                .regression = regression};
            (regression ? regressions : others).append(row);
        }
        comparison.rows = regressions + others;
        for (const QString& item : std::as_const(baselineItems)) {
            if (!currentItems.contains(item)) {
                comparison.onlyInBaseline << item;
            }
        }
        for (const QString& item : std::as_const(currentItems)) {
            if (!baselineItems.contains(item)) {
                comparison.onlyInCurrent << item;
            }
        }
        comparison.onlyInBaseline.sort();
        comparison.onlyInCurrent.sort();
        m_model.comparison = comparison;
    }

    const RunResult& m_run;
    const ReportBuilder::Options& m_options;
    QHash<QString, const ItemResult*> m_baselineItems;
    QList<ReportChartReference> m_comparisonCharts;
    ReportModel m_model;
};
} // namespace

ReportCheck ReportBuilder::checkOf(const SloResult& slo)
{
    const bool latency = slo.slo.type == SloType::Latency;
    const QString unit = latency ? QStringLiteral("ms") : QStringLiteral("%");
    ReportCheck check{.name = slo.slo.title.isEmpty() ? sloObjective(slo.slo) : slo.slo.title,
                      .objective = sloObjective(slo.slo),
                      .observed = QStringLiteral("-"),
                      .margin = QStringLiteral("-"),
                      .passed = slo.pass};
    if (slo.observed) {
        check.observed
            = (slo.observedIsLowerBound ? QStringLiteral("at least ") : QString()) + withUnit(*slo.observed, unit);
        const QString amount = latency ? withUnit(std::abs(slo.margin), QStringLiteral("ms"))
                                       : withUnit(std::abs(slo.margin), QStringLiteral("pp"));
        check.margin
            = slo.margin < 0 ? QStringLiteral("+%1 over").arg(amount) : QStringLiteral("%1 to spare").arg(amount);
    }
    if (slo.noResponse > 0) {
        check.observed += QStringLiteral(" (%1 calls with no response counted over)").arg(slo.noResponse);
    }
    return check;
}

std::optional<ReportCheck> ReportBuilder::expectationCheck(const Item& item, const ItemResult& result,
                                                           const ItemStatistics& statistics)
{
    if (TestVerdict::isLoad(item) || !item.expect || (!item.expect->status && !item.expect->responseTimeUnder)) {
        return std::nullopt;
    }
    const qsizetype calls = result.calls.size();
    const qsizetype met = calls - statistics.expectationFailures();
    ReportCheck check{.name = QStringLiteral("expectation"),
                      .objective = expectationInWords(item.expect),
                      .observed = QStringLiteral("%1 of %2 calls met it").arg(met).arg(calls),
                      .margin = QStringLiteral("-"),
                      .passed = statistics.expectationFailures() == 0 && result.error.isEmpty()};
    if (item.expect->responseTimeUnder && !statistics.latencies().isEmpty()) {
        const double slowest = statistics.latencies().max();
        const double margin = *item.expect->responseTimeUnder - slowest;
        check.margin = margin < 0 ? QStringLiteral("slowest +%1 over").arg(withUnit(-margin, QStringLiteral("ms")))
                                  : QStringLiteral("slowest %1 to spare").arg(withUnit(margin, QStringLiteral("ms")));
    }
    return check;
}

ReportModel ReportBuilder::build(const RunResult& run, const Options& options)
{
    return Builder(run, options).build();
}
