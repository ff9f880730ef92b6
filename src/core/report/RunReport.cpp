#include "report/RunReport.h"

#include "report/ItemStatistics.h"
#include "report/ReportWording.h"
#include "runner/FaultUsage.h"
#include "scenario/Duration.h"

#include <algorithm>
#include <cmath>

#include <QDateTime>
#include <QStringList>

using namespace ReportWording;

namespace
{
constexpr int TimelineSlots = 10;

// Table cells must not break the table.
QString tableCell(QString text)
{
    return text.replace(QLatin1Char('|'), QLatin1String("\\|")).replace(QLatin1Char('\n'), QLatin1Char(' '));
}

// `.xx.......`: a slot is marked when the fault's window overlaps it.
QString timeline(const Fault& fault, double runMs)
{
    const auto [begin, end] = fault.period ? fault.period->window(runMs) : QPair<double, double>(0.0, 1.0);
    QString marks;
    for (int slot = 0; slot < TimelineSlots; ++slot) {
        const double slotBegin = static_cast<double>(slot) / TimelineSlots;
        const double slotEnd = static_cast<double>(slot + 1) / TimelineSlots;
        marks += begin < slotEnd && end > slotBegin ? QLatin1Char('x') : QLatin1Char('.');
    }
    return QStringLiteral("0% `%1` 100%").arg(marks);
}

// Writes one item's section.
class ItemSection
{
public:
    ItemSection(const Scenario& scenario, const Item& item, const ItemResult& result, QString& out)
        : m_scenario(scenario)
        , m_item(item)
        , m_result(result)
        , m_statistics(item, result)
        , m_out(out)
    { }

    void write()
    {
        m_out += QStringLiteral("### 🎯 `%1` %2 | %3\n\n")
                     .arg(m_item.call.method, m_result.target,
                          m_statistics.passed() ? QStringLiteral("Passed") : QStringLiteral("Failed"));
        writeCall();
        if (!m_result.error.isEmpty()) {
            m_out += QStringLiteral("**Error**: the item could not run: %1\n\n").arg(m_result.error);
        }
        m_out += QStringLiteral("**Strategy**: %1\n\n").arg(strategyInWords(m_item));
        writeFaults();
        m_out += QStringLiteral("**Expectation**: %1\n\n").arg(expectationInWords(m_item.expect));
        writeOverview();
        writePercentiles();
        writeSlo();
    }

private:
    void writeCall()
    {
        m_out += QStringLiteral("**Call**:\n\n- Method: `%1`\n- Timeout: %2\n")
                     .arg(m_item.call.method,
                          m_item.call.timeout ? formatDuration(*m_item.call.timeout) : QStringLiteral("-"));
        HttpHeaders headers = m_scenario.config ? m_scenario.config->headers : HttpHeaders{};
        headers.append(m_item.call.headers);
        if (headers.isEmpty()) {
            m_out += QStringLiteral("- Headers: -\n");
        } else {
            m_out += QStringLiteral("- Headers:\n");
            for (const auto& [name, value] : headers) {
                m_out += QStringLiteral("    - %1: %2\n")
                             .arg(name, isCredential(name) ? QStringLiteral("xxxxxx") : value);
            }
        }
        m_out += QStringLiteral("- Body?: %1\n\n").arg(m_item.call.body ? QStringLiteral("Yes") : QStringLiteral("No"));
    }

    void writeFaults()
    {
        const QList<Fault> faults = m_item.context ? m_item.context->faults : QList<Fault>{};
        m_out += QStringLiteral("**Faults Applied**:");
        if (faults.isEmpty()) {
            m_out += QStringLiteral(" none\n\n");
            return;
        }
        const QList<FaultUsage> usage = FaultUsage::of(m_item, m_result);
        // How many calls each fault really touched, as the proxy reported it.
        const auto applied = [&usage](qsizetype index) {
            if (index >= usage.size()) {
                return QStringLiteral("-");
            }
            const FaultUsage& fault = usage.at(index);
            const QString counts = QStringLiteral("%1 of %2 calls").arg(fault.appliedCalls).arg(fault.configuredCalls);
            return fault.neverApplied ? QStringLiteral("⚠️ configured but never applied (%1)").arg(counts) : counts;
        };
        const auto* load = m_item.context->strategy ? std::get_if<LoadStrategy>(&*m_item.context->strategy) : nullptr;
        if (!load) {
            m_out += QLatin1Char('\n');
            for (qsizetype i = 0; i < faults.size(); ++i) {
                m_out += QStringLiteral("- %1; applied to %2\n").arg(describe(faults.at(i)), applied(i));
            }
            m_out += QLatin1Char('\n');
            return;
        }
        m_out += QStringLiteral("\n\n| Type | Timeline | Description | Applied to |\n"
                                "|------|----------|-------------|------------|\n");
        for (qsizetype i = 0; i < faults.size(); ++i) {
            const Fault& fault = faults.at(i);
            m_out += QStringLiteral("| %1 | %2 | %3 | %4 |\n")
                         .arg(toString(fault.type()), timeline(fault, static_cast<double>(load->duration)),
                              tableCell(describe(fault)), applied(i));
        }
        m_out += QLatin1Char('\n');
    }

    void writeOverview()
    {
        const SortedLatencies& latencies = m_statistics.latencies();
        m_out += QStringLiteral(
            "**Run Overview**:\n\n"
            "| Num. Requests | Num. Errors | Min. Response Time (ms) | Max Response Time (ms) | Median (p50, ms) "
            "| Expectation Failures | Total Time |\n"
            "|---------------|-------------|-------------------------|------------------------|------------------"
            "|----------------------|------------|\n");
        m_out += QStringLiteral("| %1 | %2 | %3 | %4 | %5 | %6 | %7 |\n\n")
                     .arg(m_statistics.requests())
                     .arg(percentOf(m_statistics.failedCalls(), m_statistics.requests()))
                     .arg(milliseconds(latencies.min()), milliseconds(latencies.max()),
                          milliseconds(latencies.percentile(50)))
                     .arg(m_statistics.expectationFailures())
                     .arg(formatDuration(std::round(m_result.totalTimeNs / 1e6)));
        if (m_statistics.droppedCalls() > 0) {
            m_out += QStringLiteral("**Dropped calls**: %1 calls were due while every one of the %2 connections "
                                    "(max_clients) was busy, and were not sent\n\n")
                         .arg(m_statistics.droppedCalls())
                         .arg(std::get<LoadStrategy>(*m_item.context->strategy).maxClientsOrDefault());
        }
        const SortedLatencies& slips = m_statistics.scheduleSlips();
        if (!slips.isEmpty()) {
            m_out += QStringLiteral("**Schedule slip** (how late calls went out; latency counts from when each was "
                                    "due): p50 %1 ms, p99 %2 ms, max %3 ms\n\n")
                         .arg(milliseconds(slips.percentile(50)), milliseconds(slips.percentile(99)),
                              milliseconds(slips.max()));
        }
    }

    void writePercentiles()
    {
        const SortedLatencies& latencies = m_statistics.latencies();
        if (latencies.isEmpty()) {
            return;
        }
        m_out += QStringLiteral("| Latency Percentile | Latency (ms) | Num. Requests (% of total) |\n"
                                "|--------------------|--------------|----------------------------|\n");
        const qsizetype n = latencies.size();
        for (const double percentile : ReportedPercentiles) {
            // The calls at or below the percentile's rank, as R-6 counts them.
            const auto atOrBelow
                = std::clamp<qsizetype>(static_cast<qsizetype>(std::ceil((n + 1) * percentile / 100.0)), 1, n);
            m_out += QStringLiteral("| p%1 | %2 | %3 |\n")
                         .arg(percentile)
                         .arg(milliseconds(latencies.percentile(percentile)), percentOf(atOrBelow, n));
        }
        m_out += QLatin1Char('\n');
    }

    void writeSlo()
    {
        if (m_result.slo.isEmpty()) {
            return;
        }
        m_out += QStringLiteral("| SLO | Pass? | Objective | Margin | Num. Requests Over Threshold (% of total) |\n"
                                "|-----|-------|-----------|--------|-------------------------------------------|\n");
        for (const SloResult& slo : m_result.slo) {
            const bool latency = slo.slo.type == SloType::Latency;
            const QString unit = latency ? QStringLiteral("ms") : QStringLiteral("%");
            const QString objective = ReportWording::sloObjective(slo.slo);
            QString margin = QStringLiteral("-");
            if (slo.observed) {
                const QString amount = latency ? QStringLiteral("%1 ms").arg(std::abs(slo.margin), 0, 'f', 2)
                                               : QStringLiteral("%1 pp").arg(std::abs(slo.margin), 0, 'f', 2);
                margin = QStringLiteral("%1 by %2 (observed %3%4 %5)")
                             .arg(slo.margin < 0 ? QStringLiteral("Above") : QStringLiteral("Below"), amount,
                                  slo.observedIsLowerBound ? QStringLiteral("at least ") : QString())
                             .arg(*slo.observed, 0, 'f', 2)
                             .arg(unit);
            }
            if (slo.noResponse > 0) {
                margin += QStringLiteral("; %1 calls got no response, counted over the threshold").arg(slo.noResponse);
            }
            m_out += QStringLiteral("| %1 | %2 | %3 | %4 | %5 |\n")
                         .arg(tableCell(slo.slo.title), slo.pass ? QStringLiteral("✅") : QStringLiteral("❌"), objective,
                              margin, percentOf(slo.overThreshold, m_statistics.requests()));
        }
        m_out += QLatin1Char('\n');
    }

    const Scenario& m_scenario;
    const Item& m_item;
    const ItemResult& m_result;
    ItemStatistics m_statistics;
    QString& m_out;
};
} // namespace

QByteArray RunReport::toMarkdown(const RunResult& run)
{
    QString out = QStringLiteral("# Scenarios Report\n\nStart: %1\n\nEnd: %2\n\nStatus: %3\n\n")
                      .arg(dateTime(run.startedAtMs), dateTime(run.endedAtMs), toString(run.status));
    if (!run.error.isEmpty()) {
        out += QStringLiteral("Error: %1\n\n").arg(run.error);
    }
    for (const ScenarioResult& scenario : run.scenarios) {
        out += QStringLiteral("---\n\n## Scenario: %1 (items: %2)\n\n")
                   .arg(scenario.scenario.title)
                   .arg(scenario.scenario.items.size());
        if (scenario.scenario.description) {
            out += QStringLiteral("_Description:_ %1\n\n").arg(*scenario.scenario.description);
        }
        for (qsizetype i = 0; i < scenario.items.size() && i < scenario.scenario.items.size(); ++i) {
            ItemSection(scenario.scenario, scenario.scenario.items.at(i), scenario.items.at(i), out).write();
        }
        if (scenario.items.size() < scenario.scenario.items.size()) {
            out += QStringLiteral("_%1 item(s) did not run._\n\n")
                       .arg(scenario.scenario.items.size() - scenario.items.size());
        }
    }
    return out.toUtf8();
}
