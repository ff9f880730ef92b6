#pragma once

#include "report/ReportModel.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QStandardItemModel;
class QTableView;
class RunChartView;

// Two runs side by side, as `report --baseline` compares them: per SLO and item both values and
// the delta, regressions first; what only one run has; and each compared item's latency curves
// overlaid (the baseline's p95 dashed), one chart at a time.
class ComparisonView final : public QWidget
{
    Q_OBJECT

public:
    // model: the current run's report built with the baseline (its comparison section set).
    ComparisonView(const ReportModel& model, const QString& title, QWidget* parent = nullptr);

    const ReportComparison& comparison() const
    {
        return m_comparison;
    }
    void showChart(int reference);

private:
    ReportComparison m_comparison;
    QList<ReportChart> m_charts;
    QStandardItemModel* m_rows;
    QTableView* m_table;
    QComboBox* m_chartComboBox;
    RunChartView* m_chart;
};
