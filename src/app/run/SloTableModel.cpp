#include "run/SloTableModel.h"

#include "report/ReportBuilder.h"
#include "report/ReportWording.h"
#include "run/LiveRun.h"
#include "run/RunPalette.h"
#include "runner/TestVerdict.h"
#include "shell/AppIcons.h"

#include <QApplication>
#include <QFont>

SloTableModel::SloTableModel(QObject* parent)
    : QAbstractTableModel(parent)
{ }

void SloTableModel::showItem(const LiveRun* run, int scenarioIndex, int itemIndex)
{
    QList<ReportCheck> checks;
    const LiveRun::ItemState* item = run ? run->item(scenarioIndex, itemIndex) : nullptr;
    m_settled = item && item->result.has_value();
    m_hasCalls = item && item->callsDone > 0;
    if (item) {
        const Item& definition = item->definition;
        const bool hasExpectation
            = definition.expect && (definition.expect->status || definition.expect->responseTimeUnder);
        if (item->result) {
            if (const auto check = ReportBuilder::expectationCheck(definition, *item->result,
                                                                   ItemStatistics(definition, *item->result))) {
                checks.append(*check);
            }
        } else if (hasExpectation && !TestVerdict::isLoad(definition)) {
            const int decided = item->testsPassed + item->testsFailed;
            checks.append(ReportCheck{.name = tr("expectation"),
                                      .objective = ReportWording::expectationInWords(definition.expect),
                                      .observed = tr("%1 of %2 calls met it").arg(item->testsPassed).arg(decided),
                                      .margin = QStringLiteral("-"),
                                      .passed = item->testsFailed == 0});
        }
        if (!item->slo.isEmpty()) {
            for (const SloResult& slo : item->slo) {
                checks.append(ReportBuilder::checkOf(slo));
            }
        } else if (definition.context) {
            for (const Slo& slo : definition.context->slo) {
                checks.append(ReportCheck{.name = slo.title.isEmpty() ? ReportWording::sloObjective(slo) : slo.title,
                                          .objective = ReportWording::sloObjective(slo),
                                          .observed = QStringLiteral("-"),
                                          .margin = QStringLiteral("-"),
                                          .passed = false});
            }
        }
        if (item->result && item->result->steadyState) {
            appendSteadyState(*item->result->steadyState, checks);
        }
    }
    const bool sameRows = checks.size() == m_checks.size();
    if (!sameRows) {
        beginResetModel();
    }
    m_checks = checks;
    if (!sameRows) {
        endResetModel();
    } else if (!m_checks.isEmpty()) {
        emit dataChanged(index(0, 0), index(static_cast<int>(m_checks.size()) - 1, ColumnCount - 1));
    }
}

// The item's own SLO rows are the faulted phase's; the steady phases follow, then the recovery.
void SloTableModel::appendSteadyState(const SteadyStateResult& steadyState, QList<ReportCheck>& checks)
{
    const auto appendPhase = [&checks](const QList<SloResult>& slo, const QString& phase) {
        for (const SloResult& result : slo) {
            ReportCheck check = ReportBuilder::checkOf(result);
            check.name = tr("%1 (%2)").arg(check.name, phase);
            checks.append(check);
        }
    };
    if (steadyState.beforeCalls > 0) {
        appendPhase(steadyState.before, tr("before"));
    }
    if (steadyState.afterCalls > 0) {
        appendPhase(steadyState.after, tr("after"));
    }
    checks.append(ReportCheck{.name = tr("recovery"),
                              .objective = tr("healthy before, every SLO met again after"),
                              .observed = ReportWording::recovery(steadyState),
                              .margin = QStringLiteral("-"),
                              .passed = steadyState.healthyBefore && steadyState.recovered});
}

int SloTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_checks.size());
}

int SloTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SloTableModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_checks.size()) {
        return {};
    }
    const ReportCheck& check = m_checks.at(index.row());
    const bool measured = check.observed != QStringLiteral("-");
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case NameColumn:
            return check.name;
        case ObjectiveColumn:
            return check.objective;
        case ObservedColumn:
            return check.observed;
        case MarginColumn:
            return check.margin;
        case VerdictColumn:
            if (!measured && !m_hasCalls) {
                return tr("no calls yet");
            }
            if (m_settled) {
                return check.passed ? tr("✓ holds") : tr("✗ breached");
            }
            return check.passed ? tr("✓ holding so far") : tr("✗ breached so far");
        default:
            return {};
        }
    }
    if (role == Qt::DecorationRole && index.column() == VerdictColumn && (measured || m_hasCalls)) {
        return AppIcons::icon(check.passed ? QStringLiteral("status-good") : QStringLiteral("diagnostic-error"));
    }
    if (role == Qt::ForegroundRole && index.column() == VerdictColumn && (measured || m_hasCalls) && !check.passed) {
        return RunPalette::failureText();
    }
    if (role == Qt::FontRole && index.column() == VerdictColumn) {
        QFont font = QApplication::font();
        font.setBold(m_settled);
        return font;
    }
    return {};
}

QVariant SloTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return {};
    }
    const QStringList headers{tr("Check"), tr("Objective"), tr("Observed"), tr("Margin"), tr("Verdict")};
    return headers.value(section);
}
