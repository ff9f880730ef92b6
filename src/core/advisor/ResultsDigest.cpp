#include "advisor/ResultsDigest.h"

namespace
{
QString itemLines(const ReportScenario& scenario, const ReportItem& item)
{
    QStringList lines;
    lines << QStringLiteral("- %1 %2: %3, %4")
                 .arg(item.passed ? QStringLiteral("✓") : QStringLiteral("✗"), scenario.title, item.heading,
                      item.strategy);
    if (!item.error.isEmpty()) {
        lines << QStringLiteral("  - could not run: %1").arg(item.error);
    }
    for (const ReportFault& fault : item.faults) {
        QString line = QStringLiteral("  - fault %1 (%2), %3").arg(fault.type, fault.description, fault.window);
        if (fault.neverApplied) {
            line += QStringLiteral(", never applied");
        } else if (fault.configuredCalls > 0) {
            line += QStringLiteral(", applied to %1 of %2 calls").arg(fault.appliedCalls).arg(fault.configuredCalls);
        }
        lines << line;
    }
    QString calls = QStringLiteral("  - %1 calls, %2 failed").arg(item.calls).arg(item.failedCalls);
    if (item.droppedCalls > 0) {
        calls += QStringLiteral(", %1 dropped (not sent in time)").arg(item.droppedCalls);
    }
    QStringList kinds;
    for (auto kind = item.failuresByKind.begin(); kind != item.failuresByKind.end(); ++kind) {
        kinds << QStringLiteral("%1 %2").arg(kind.value()).arg(kind.key());
    }
    if (!kinds.isEmpty()) {
        calls += QStringLiteral(" (%1)").arg(kinds.join(QStringLiteral(", ")));
    }
    lines << calls;
    if (!item.failurePattern.isEmpty()) {
        lines << QStringLiteral("  - failures: %1").arg(item.failurePattern);
    }
    QStringList percentiles;
    for (const auto& [name, value] : item.percentiles) {
        percentiles << QStringLiteral("%1 %2").arg(name, value);
    }
    if (!percentiles.isEmpty()) {
        lines << QStringLiteral("  - latency %1").arg(percentiles.join(QStringLiteral(", ")));
    }
    if (!item.scheduleSlip.isEmpty()) {
        lines << QStringLiteral("  - schedule slip %1").arg(item.scheduleSlip);
    }
    for (const ReportCheck& check : item.checks) {
        lines << QStringLiteral("  - %1 %2: objective %3, observed %4, %5")
                     .arg(check.passed ? QStringLiteral("holds") : QStringLiteral("BREACHED"), check.name,
                          check.objective, check.observed, check.margin);
    }
    return lines.join(QLatin1Char('\n'));
}
} // namespace

QString ResultsDigest::of(const ReportModel& model, qsizetype maximumCharacters)
{
    QStringList head;
    head << QStringLiteral("Run: %1; %2 to %3 (%4), %5; %6 tests run, %7 failed; targets %8; seed %9.")
                .arg(model.title, model.started, model.ended, model.duration, model.status)
                .arg(model.testsRun)
                .arg(model.testsFailed)
                .arg(model.targets.join(QStringLiteral(", ")),
                     model.seed.isEmpty() ? QStringLiteral("none") : model.seed);
    if (model.failures.isEmpty()) {
        head << QStringLiteral("Breaches: none; every SLO and expectation held.");
    } else {
        head << QStringLiteral("Breaches (%1):").arg(model.failures.size());
        for (const ReportFailure& failure : model.failures) {
            head << QStringLiteral("- %1, %2: %3 (objective %4) observed %5, %6; pattern: %7")
                        .arg(failure.scenario, failure.endpoint, failure.check, failure.objective, failure.observed,
                             failure.margin, failure.pattern);
        }
    }
    QStringList offline;
    if (!model.findings.isEmpty()) {
        offline << QStringLiteral("Offline rules that matched:");
        for (const ReportFinding& finding : model.findings) {
            offline << QStringLiteral("- %1 (%2): %3")
                           .arg(finding.rule, finding.title, finding.evidence.join(QStringLiteral("; ")));
        }
    }
    // Failed items first: when the digest must be cut, what passed goes.
    QStringList failed;
    QStringList passed;
    for (const ReportScenario& scenario : model.scenarios) {
        for (const ReportItem& item : scenario.items) {
            (item.passed ? passed : failed).append(itemLines(scenario, item));
        }
    }
    QString digest = head.join(QLatin1Char('\n'));
    const auto append = [&digest, maximumCharacters](const QString& text) {
        if (digest.size() + 1 + text.size() > maximumCharacters) {
            return false;
        }
        digest += QLatin1Char('\n') + text;
        return true;
    };
    if (!offline.isEmpty()) {
        append(offline.join(QLatin1Char('\n')));
    }
    append(QStringLiteral("Items:"));
    qsizetype left = failed.size() + passed.size();
    for (const QStringList* group : {&failed, &passed}) {
        for (const QString& item : *group) {
            if (!append(item)) {
                digest += QStringLiteral("\n- … %1 more items (%2 passed) left out for length")
                              .arg(left)
                              .arg(std::min<qsizetype>(left, passed.size()));
                return digest.left(maximumCharacters);
            }
            --left;
        }
    }
    return digest;
}
