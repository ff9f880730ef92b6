#include "report/MarkdownReportWriter.h"

#include <algorithm>

#include <QRegularExpression>
#include <QSet>
#include <QStringList>

namespace
{
const QString Passed = QStringLiteral("✓ passed");
const QString Failed = QStringLiteral("✗ failed");

QString verdict(bool passed)
{
    return passed ? Passed : Failed;
}

// A table cell: escaped, on one line.
QString cell(const QString& text)
{
    if (text == QLatin1String("-")) {
        return text; // a cell's "none", never a list
    }
    QString escaped = MarkdownReportWriter::escaped(text);
    escaped.replace(QLatin1Char('\n'), QLatin1Char(' '));
    return escaped.isEmpty() ? QStringLiteral("-") : escaped;
}

QString row(const QStringList& cells)
{
    return QStringLiteral("| ") + cells.join(QStringLiteral(" | ")) + QStringLiteral(" |\n");
}

// rowsPerTable > 0: a longer table is cut into tables of that many rows, each with the header.
QString markdownTable(const QStringList& header, const QList<QStringList>& rows, qsizetype rowsPerTable)
{
    QStringList rule;
    for (qsizetype i = 0; i < header.size(); ++i) {
        rule << QStringLiteral("---");
    }
    const QString head = row(header) + row(rule);
    QString out = head;
    for (qsizetype i = 0; i < rows.size(); ++i) {
        if (rowsPerTable > 0 && i > 0 && i % rowsPerTable == 0) {
            out += QLatin1Char('\n') + head;
        }
        out += row(rows.at(i));
    }
    return out + QLatin1Char('\n');
}

// A fenced block that no line of code can close early.
QString fenced(const QString& language, const QString& code)
{
    QString fence = QStringLiteral("```");
    while (code.contains(fence)) {
        fence += QLatin1Char('`');
    }
    return fence + language + QLatin1Char('\n') + code
        + (code.endsWith(QLatin1Char('\n')) ? QString() : QStringLiteral("\n")) + fence + QStringLiteral("\n\n");
}

class Writer
{
public:
    Writer(const ReportModel& model, const MarkdownReportWriter::ChartLink& chartLink, qsizetype rowsPerTable)
        : m_model(model)
        , m_chartLink(chartLink)
        , m_rowsPerTable(rowsPerTable)
    { }

    QByteArray write()
    {
        // The title and the contents come first in the file, so GitHub numbers a duplicate of their
        // anchors after them.
        m_anchors.insert(MarkdownReportWriter::slug(m_model.title));
        m_anchors.insert(QStringLiteral("table-of-contents"));
        QString body;
        std::swap(body, m_out);
        executiveSummary();
        advice(QStringLiteral("executive-summary"));
        posture();
        advice(QStringLiteral("posture"));
        failures();
        advice(QStringLiteral("slo-deep-dive"));
        hypotheses();
        advice(QStringLiteral("causes"));
        recommendations();
        advice(QStringLiteral("recommendations"));
        prioritisation();
        threats();
        advice(QStringLiteral("threats"));
        experiments();
        comparison();
        scenarios();
        m_out += QStringLiteral("---\n\nGenerated on %1 by Aftershock %2\n")
                     .arg(MarkdownReportWriter::escaped(m_model.generatedOn), m_model.version);
        adviceFooter();
        std::swap(body, m_out);
        header();
        tableOfContents();
        return (m_out + body).toUtf8();
    }

private:
    QString table(const QStringList& header, const QList<QStringList>& rows) const
    {
        return markdownTable(header, rows, m_rowsPerTable);
    }

    // A heading, with its anchor kept for the table of contents (level 2 and 3).
    // The anchor GitHub gives a heading of this text here: its slug, numbered after earlier twins.
    QString takeAnchor(const QString& text)
    {
        QString anchor = MarkdownReportWriter::slug(text);
        const QString base = anchor;
        for (int suffix = 1; m_anchors.contains(anchor); ++suffix) {
            anchor = base + QLatin1Char('-') + QString::number(suffix);
        }
        m_anchors.insert(anchor);
        return anchor;
    }

    void heading(int level, const QString& text)
    {
        const QString anchor = takeAnchor(text);
        if (level <= 3) {
            m_contents.append({level, text, anchor});
        }
        m_out += QString(level, QLatin1Char('#')) + QLatin1Char(' ') + MarkdownReportWriter::escaped(text)
            + QStringLiteral("\n\n");
    }

    void paragraph(const QString& text)
    {
        m_out += MarkdownReportWriter::escaped(text) + QStringLiteral("\n\n");
    }

    void header()
    {
        m_out += QStringLiteral("# ") + MarkdownReportWriter::escaped(m_model.title) + QStringLiteral("\n\n");
        QList<QStringList> facts{
            {QStringLiteral("Scenarios"), cell(m_model.source)},
            {QStringLiteral("Targets"), cell(m_model.targets.join(QStringLiteral(", ")))},
            {QStringLiteral("Started"), cell(m_model.started)},
            {QStringLiteral("Ended"), cell(m_model.ended)},
            {QStringLiteral("Duration"), cell(m_model.duration)},
            {QStringLiteral("Status"), cell(m_model.status)},
            {QStringLiteral("Tests"),
             QStringLiteral("%1 run, %2 failed").arg(m_model.testsRun).arg(m_model.testsFailed)},
            {QStringLiteral("Seed"),
             cell(m_model.seed.isEmpty() ? QStringLiteral("none (draws not repeatable)") : m_model.seed)},
            {QStringLiteral("Aftershock"), cell(m_model.version)},
        };
        if (m_model.advice) {
            facts.append({QStringLiteral("Advisor"),
                          cell(QStringLiteral("%1, %2").arg(m_model.advice->provider, m_model.advice->model))});
        }
        m_out += table({QStringLiteral("Run"), QStringLiteral("Value")}, facts);
    }

    void tableOfContents()
    {
        m_out += QStringLiteral("## Table of Contents\n\n");
        for (const auto& [level, text, anchor] : std::as_const(m_contents)) {
            m_out += QString((level - 2) * 2, QLatin1Char(' ')) + QStringLiteral("- [")
                + MarkdownReportWriter::escaped(text) + QStringLiteral("](#") + anchor + QStringLiteral(")\n");
        }
        m_out += QLatin1Char('\n');
    }

    void executiveSummary()
    {
        heading(2, QStringLiteral("Executive Summary"));
        for (const QString& text : m_model.executiveSummary) {
            paragraph(text);
        }
    }

    void posture()
    {
        heading(2, QStringLiteral("Overall Resilience Posture"));
        paragraph(m_model.posture);
    }

    void failures()
    {
        heading(2, QStringLiteral("SLO Failures Deep Dive"));
        if (m_model.failures.isEmpty()) {
            paragraph(QStringLiteral("No SLO was breached and every expectation held."));
        } else {
            QList<QStringList> rows;
            for (const ReportFailure& failure : m_model.failures) {
                rows.append({cell(failure.scenario), cell(failure.endpoint), cell(failure.check),
                             cell(failure.objective), cell(failure.observed), cell(failure.margin),
                             cell(failure.pattern)});
            }
            m_out += table({QStringLiteral("Scenario"), QStringLiteral("Endpoint"), QStringLiteral("SLO"),
                            QStringLiteral("Objective"), QStringLiteral("Observed"), QStringLiteral("Margin"),
                            QStringLiteral("Failure Pattern")},
                           rows);
        }
        heading(3, QStringLiteral("Dashboard"));
        // Runs without a steady state keep the table they always had.
        const bool recovery = std::any_of(m_model.dashboard.begin(), m_model.dashboard.end(),
                                          [](const ReportDashboardRow& row) { return !row.recovery.isEmpty(); });
        QList<QStringList> rows;
        for (const ReportDashboardRow& scope : m_model.dashboard) {
            rows.append({cell(scope.scope), QString::number(scope.scenarios), QString::number(scope.passed),
                         QString::number(scope.failed)});
            if (recovery) {
                rows.last().append(cell(scope.recovery));
            }
        }
        QStringList header{QStringLiteral("Scope"), QStringLiteral("Scenarios"), QStringLiteral("Passed"),
                           QStringLiteral("Failed")};
        if (recovery) {
            header << QStringLiteral("Recovery");
        }
        m_out += table(header, rows);
    }

    void hypotheses()
    {
        heading(2, QStringLiteral("Potential Cause Hypotheses"));
        if (m_model.findings.isEmpty()) {
            paragraph(QStringLiteral("None of the analysis rules matched this run."));
            return;
        }
        int number = 0;
        for (const ReportFinding& finding : m_model.findings) {
            m_out += QStringLiteral("%1. **%2**: %3\n")
                         .arg(++number)
                         .arg(MarkdownReportWriter::escaped(finding.title),
                              MarkdownReportWriter::escaped(finding.hypothesis));
            for (const QString& evidence : finding.evidence) {
                m_out += QStringLiteral("   - %1\n").arg(MarkdownReportWriter::escaped(evidence));
            }
        }
        m_out += QLatin1Char('\n');
    }

    void recommendations()
    {
        heading(2, QStringLiteral("Recommendations"));
        if (m_model.findings.isEmpty()) {
            paragraph(QStringLiteral("Nothing to recommend from this run's observations."));
            return;
        }
        int number = 0;
        for (const ReportFinding& finding : m_model.findings) {
            heading(3, QStringLiteral("%1. %2").arg(++number).arg(finding.title));
            m_out += QStringLiteral("**Priority:** %1 · **Rule:** `%2`\n\n")
                         .arg(MarkdownReportWriter::escaped(finding.priority), finding.rule);
            paragraph(finding.recommendation);
            if (!finding.snippet.isEmpty()) {
                m_out += fenced(finding.snippetLanguage, finding.snippet);
            }
        }
    }

    void prioritisation()
    {
        heading(2, QStringLiteral("Summary and Prioritisation"));
        if (m_model.findings.isEmpty()) {
            paragraph(QStringLiteral("Nothing to prioritise."));
            return;
        }
        QList<QStringList> rows;
        int number = 0;
        for (const ReportFinding& finding : m_model.findings) {
            rows.append({QStringLiteral("%1. %2").arg(++number).arg(cell(finding.title)), cell(finding.priority),
                         cell(finding.complexity), cell(finding.cost), cell(finding.benefit)});
        }
        m_out += table({QStringLiteral("Recommendation"), QStringLiteral("Priority"), QStringLiteral("Complexity"),
                        QStringLiteral("Cost"), QStringLiteral("Benefit")},
                       rows);
    }

    void threats()
    {
        heading(2, QStringLiteral("Threats and Next Steps"));
        if (m_model.findings.isEmpty()) {
            paragraph(QStringLiteral("No change is proposed, so none carries a risk."));
            return;
        }
        QList<QStringList> rows;
        int number = 0;
        for (const ReportFinding& finding : m_model.findings) {
            rows.append({QStringLiteral("%1. %2").arg(++number).arg(cell(finding.title)), cell(finding.risk),
                         cell(finding.howItShows), cell(finding.monitor)});
        }
        m_out += table({QStringLiteral("Recommendation"), QStringLiteral("Risk"), QStringLiteral("How It Shows"),
                        QStringLiteral("What to Monitor")},
                       rows);
    }

    // The advisor's answer for a step, under the offline section it extends; or why it is not here.
    void advice(const QString& id)
    {
        const ReportAdviceStep* step = m_model.advice ? m_model.advice->step(id) : nullptr;
        if (!step) {
            return;
        }
        heading(3, QStringLiteral("Advisor: %1").arg(step->title));
        if (step->markdown.isEmpty()) {
            paragraph(QStringLiteral("The advisor's answer for this step was not kept (%1); the offline analysis "
                                     "stands.")
                          .arg(step->note));
            return;
        }
        m_out += demoted(step->markdown) + QStringLiteral("\n\n");
    }

    void experiments()
    {
        if (!m_model.advice || !m_model.advice->step(QStringLiteral("experiments"))) {
            return;
        }
        heading(2, QStringLiteral("Further Experiments"));
        advice(QStringLiteral("experiments"));
    }

    void adviceFooter()
    {
        if (!m_model.advice) {
            return;
        }
        const ReportAdvice& advice = *m_model.advice;
        const auto tokens = [](qint64 count) {
            return count < 0 ? QStringLiteral("unknown") : QString::number(count);
        };
        QString line = QStringLiteral("Advice by %1, model %2, for the role %3: %4 input and %5 output tokens")
                           .arg(advice.provider, advice.model, advice.role, tokens(advice.inputTokens),
                                tokens(advice.outputTokens));
        if (!advice.cost.isEmpty()) {
            line += QStringLiteral(", about %1").arg(advice.cost);
        }
        if (!advice.costNote.isEmpty()) {
            line += QStringLiteral(" (%1)").arg(advice.costNote);
        }
        if (!advice.sourceFolder.isEmpty()) {
            line += QStringLiteral("; grounded in the code of %1").arg(advice.sourceFolder);
        }
        m_out += QStringLiteral("\n") + MarkdownReportWriter::escaped(line + QLatin1Char('.')) + QLatin1Char('\n');
    }

    // The model's Markdown with its headings two levels down, under ours (a first heading, which
    // ours replaces, dropped), their anchors kept so that ours stay unique.
    QString demoted(const QString& markdown)
    {
        static const QRegularExpression Heading(QStringLiteral("^ {0,3}(#{1,6})(?=\\s|$)(.*)$"));
        static const QRegularExpression Fence(QStringLiteral("^ {0,3}(`{3,}|~{3,})"));
        QStringList lines = markdown.split(QLatin1Char('\n'));
        QString fence;
        bool first = true;
        for (qsizetype index = 0; index < lines.size(); ++index) {
            QString& line = lines[index];
            if (const QRegularExpressionMatch opened = Fence.match(line); opened.hasMatch()) {
                const QString marks = opened.captured(1);
                if (fence.isEmpty()) {
                    fence = marks;
                } else if (marks.at(0) == fence.at(0) && marks.size() >= fence.size()) {
                    fence.clear();
                }
            } else if (const QRegularExpressionMatch heading = Heading.match(line);
                       fence.isEmpty() && heading.hasMatch()) {
                const QString text = heading.captured(2).trimmed();
                if (first) {
                    lines.removeAt(index--);
                    first = false;
                    continue;
                }
                takeAnchor(text);
                line = QString(std::min<qsizetype>(heading.captured(1).size() + 2, 6), QLatin1Char('#'))
                    + QLatin1Char(' ') + text;
            }
            if (!line.trimmed().isEmpty()) {
                first = false;
            }
        }
        return lines.join(QLatin1Char('\n')).trimmed();
    }

    void comparison()
    {
        if (!m_model.comparison) {
            return;
        }
        const ReportComparison& comparison = *m_model.comparison;
        heading(2, QStringLiteral("Comparison with the Baseline"));
        paragraph(QStringLiteral("Baseline run: %1. Regressions first.").arg(comparison.baselineTitle));
        QList<QStringList> rows;
        for (const ReportComparisonRow& compared : comparison.rows) {
            rows.append({compared.regression ? QStringLiteral("✗ regression") : QStringLiteral("-"),
                         cell(compared.scenario), cell(compared.endpoint), cell(compared.measure),
                         cell(compared.baseline), cell(compared.current), cell(compared.delta)});
        }
        if (!rows.isEmpty()) {
            m_out += table({QStringLiteral("Change"), QStringLiteral("Scenario"), QStringLiteral("Endpoint"),
                            QStringLiteral("Measure"), QStringLiteral("Baseline"), QStringLiteral("This Run"),
                            QStringLiteral("Delta")},
                           rows);
        }
        const auto list = [this](const QString& title, const QStringList& items) {
            if (items.isEmpty()) {
                return;
            }
            m_out += QStringLiteral("**%1**\n\n").arg(title);
            for (const QString& item : items) {
                m_out += QStringLiteral("- %1\n").arg(MarkdownReportWriter::escaped(item));
            }
            m_out += QLatin1Char('\n');
        };
        list(QStringLiteral("Only in the baseline"), comparison.onlyInBaseline);
        list(QStringLiteral("Only in this run"), comparison.onlyInCurrent);
        charts(comparison.charts);
    }

    void scenarios()
    {
        heading(2, QStringLiteral("Scenarios"));
        for (const ReportScenario& scenario : m_model.scenarios) {
            heading(3, scenario.title);
            m_out += QStringLiteral("**Verdict:** %1\n\n").arg(verdict(scenario.passed));
            if (!scenario.description.isEmpty()) {
                paragraph(scenario.description);
            }
            for (const ReportItem& item : scenario.items) {
                writeItem(item);
            }
            if (scenario.itemsNotRun > 0) {
                paragraph(QStringLiteral("%1 item(s) did not run: the run ended first.").arg(scenario.itemsNotRun));
            }
        }
    }

    void writeItem(const ReportItem& item)
    {
        heading(4, item.heading);
        m_out += QStringLiteral("**Verdict:** %1 · **Call:** `%2` · **Strategy:** %3\n\n")
                     .arg(verdict(item.passed), QString(item.url).replace(QLatin1Char('`'), QLatin1Char('\'')),
                          MarkdownReportWriter::escaped(item.strategy));
        if (!item.error.isEmpty()) {
            paragraph(QStringLiteral("The item could not run: ") + item.error);
            return;
        }
        if (item.faults.isEmpty()) {
            paragraph(QStringLiteral("No fault: a baseline."));
        } else {
            QList<QStringList> rows;
            for (const ReportFault& fault : item.faults) {
                const QString applied
                    = QStringLiteral("%1 of %2 calls").arg(fault.appliedCalls).arg(fault.configuredCalls);
                rows.append({cell(fault.type), cell(fault.description), cell(fault.window),
                             fault.neverApplied ? QStringLiteral("⚠ configured but never applied (%1)").arg(applied)
                                                : applied});
            }
            m_out += table({QStringLiteral("Fault"), QStringLiteral("Parameters"), QStringLiteral("Window"),
                            QStringLiteral("Applied To")},
                           rows);
        }
        QStringList failures;
        for (auto it = item.failuresByKind.cbegin(); it != item.failuresByKind.cend(); ++it) {
            failures << QStringLiteral("%1 ×%2").arg(it.key()).arg(it.value());
        }
        QStringList header{QStringLiteral("Calls"), QStringLiteral("Failed"), QStringLiteral("Failures by Kind")};
        QStringList values{QString::number(item.calls), QString::number(item.failedCalls),
                           cell(failures.join(QStringLiteral(", ")))};
        if (item.load) {
            header << QStringLiteral("Dropped") << QStringLiteral("Schedule Slip");
            values << QString::number(item.droppedCalls) << cell(item.scheduleSlip);
        }
        header << QStringLiteral("Total Time");
        values << cell(item.totalTime);
        m_out += table(header, {values});
        if (!item.failurePattern.isEmpty()) {
            m_out += QStringLiteral("**Failures:** %1\n\n").arg(MarkdownReportWriter::escaped(item.failurePattern));
        }
        if (!item.percentiles.isEmpty()) {
            QStringList names;
            QStringList latencies;
            for (const auto& [name, latency] : item.percentiles) {
                names << name;
                latencies << cell(latency);
            }
            m_out += table(names, {latencies});
        }
        if (!item.checks.isEmpty()) {
            QList<QStringList> rows;
            for (const ReportCheck& check : item.checks) {
                rows.append({cell(check.name), cell(check.objective), cell(check.observed), cell(check.margin),
                             verdict(check.passed)});
            }
            m_out += table({QStringLiteral("Check"), QStringLiteral("Objective"), QStringLiteral("Observed"),
                            QStringLiteral("Margin"), QStringLiteral("Verdict")},
                           rows);
        }
        steadyState(item);
        charts(item.charts);
    }

    void steadyState(const ReportItem& item)
    {
        if (item.phases.isEmpty()) {
            return;
        }
        m_out += QStringLiteral("**Steady state:** %1\n\n").arg(MarkdownReportWriter::escaped(item.steadyState));
        QList<QStringList> rows;
        for (const ReportPhase& phase : item.phases) {
            const QStringList head{cell(phase.name), cell(phase.window), QString::number(phase.calls)};
            if (phase.checks.isEmpty()) {
                rows.append(head + QStringList{QStringLiteral("-"), QStringLiteral("-"), cell(phase.verdict)});
            }
            for (const ReportCheck& check : phase.checks) {
                rows.append(head + QStringList{cell(check.name), cell(check.observed), verdict(check.passed)});
            }
        }
        m_out += table({QStringLiteral("Phase"), QStringLiteral("Window"), QStringLiteral("Calls"),
                        QStringLiteral("SLO"), QStringLiteral("Observed"), QStringLiteral("Verdict")},
                       rows);
    }

    void charts(const QList<ReportChartReference>& references)
    {
        if (!m_chartLink) {
            return;
        }
        for (const ReportChartReference& chart : references) {
            m_out += QStringLiteral("![%1](%2)\n\n")
                         .arg(MarkdownReportWriter::escaped(chart.caption), m_chartLink(chart.index));
        }
    }

    struct Entry
    {
        int level;
        QString text;
        QString anchor;
    };

    const ReportModel& m_model;
    const MarkdownReportWriter::ChartLink& m_chartLink;
    qsizetype m_rowsPerTable;
    QString m_out;
    QList<Entry> m_contents;
    QSet<QString> m_anchors;
};
} // namespace

QByteArray MarkdownReportWriter::write(const ReportModel& model, const ChartLink& chartLink, qsizetype rowsPerTable)
{
    return Writer(model, chartLink, rowsPerTable).write();
}

QString MarkdownReportWriter::slug(const QString& heading)
{
    QString anchor;
    const QString lower = heading.toLower();
    for (const QChar character : lower) {
        if (character.isSpace()) {
            anchor += QLatin1Char('-');
        } else if (character.isLetterOrNumber() || character.isMark() || character == QLatin1Char('-')
                   || character == QLatin1Char('_')) {
            anchor += character;
        }
    }
    return anchor;
}

QString MarkdownReportWriter::escaped(const QString& text)
{
    // Inline syntax anywhere; what opens a block (a heading, a list, a quote) only where it would.
    static const QString Inline = QStringLiteral("\\`*_[]<>|~&");
    static const QString BlockMarks = QStringLiteral("#+-=");
    QString out;
    out.reserve(text.size() + text.size() / 8);
    bool lineStart = true;
    bool leadingDigits = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar character = text.at(i);
        const bool beforeSpace = i + 1 == text.size() || text.at(i + 1).isSpace();
        const bool opensBlock = (lineStart && character == QLatin1Char('>'))
            || (lineStart && BlockMarks.contains(character) && beforeSpace)
            || (leadingDigits && (character == QLatin1Char('.') || character == QLatin1Char(')')) && beforeSpace);
        if (Inline.contains(character) || opensBlock) {
            out += QLatin1Char('\\');
        }
        out += character;
        leadingDigits = (lineStart || leadingDigits) && character.isDigit();
        lineStart = character == QLatin1Char('\n') || (lineStart && character == QLatin1Char(' '));
    }
    return out;
}
