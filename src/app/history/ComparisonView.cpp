#include "history/ComparisonView.h"

#include "run/RunChartView.h"
#include "run/RunPalette.h"

#include <QComboBox>
#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QStandardItemModel>
#include <QTableView>
#include <QVBoxLayout>

namespace
{
enum Column {
    ScenarioColumn,
    EndpointColumn,
    MeasureColumn,
    BaselineColumn,
    CurrentColumn,
    DeltaColumn,
    VerdictColumn
};
} // namespace

ComparisonView::ComparisonView(const ReportModel& model, const QString& title, QWidget* parent)
    : QWidget(parent)
    , m_comparison(model.comparison.value_or(ReportComparison{}))
    , m_charts(model.charts)
    , m_rows(new QStandardItemModel(this))
    , m_table(new QTableView(this))
    , m_chartComboBox(new QComboBox(this))
    , m_chart(new RunChartView(this))
{
    auto* layout = new QVBoxLayout(this);
    auto* titleLabel = new QLabel(title, this);
    titleLabel->setObjectName(QStringLiteral("comparisonTitleLabel"));
    titleLabel->setTextFormat(Qt::PlainText);
    QFont bold = titleLabel->font();
    bold.setBold(true);
    titleLabel->setFont(bold);
    layout->addWidget(titleLabel);
    const qsizetype regressions = std::count_if(m_comparison.rows.begin(), m_comparison.rows.end(),
                                                [](const ReportComparisonRow& row) { return row.regression; });
    auto* summaryLabel = new QLabel(this);
    summaryLabel->setObjectName(QStringLiteral("comparisonSummaryLabel"));
    summaryLabel->setTextFormat(Qt::PlainText);
    summaryLabel->setWordWrap(true);
    QStringList summary{tr("Baseline: %1.").arg(m_comparison.baselineTitle),
                        regressions == 0       ? tr("No regressions.")
                            : regressions == 1 ? tr("1 regression, listed first.")
                                               : tr("%1 regressions, listed first.").arg(regressions)};
    if (!m_comparison.onlyInBaseline.isEmpty()) {
        summary << tr("Only in the baseline: %1.").arg(m_comparison.onlyInBaseline.join(QStringLiteral("; ")));
    }
    if (!m_comparison.onlyInCurrent.isEmpty()) {
        summary << tr("Only in this run: %1.").arg(m_comparison.onlyInCurrent.join(QStringLiteral("; ")));
    }
    summaryLabel->setText(summary.join(QLatin1Char(' ')));
    layout->addWidget(summaryLabel);

    m_rows->setHorizontalHeaderLabels(
        {tr("Scenario"), tr("Endpoint"), tr("Measure"), tr("Baseline"), tr("This run"), tr("Delta"), tr("Verdict")});
    for (const ReportComparisonRow& row : std::as_const(m_comparison.rows)) {
        QList<QStandardItem*> cells;
        for (const QString& text : {row.scenario, row.endpoint, row.measure, row.baseline, row.current, row.delta,
                                    row.regression ? tr("▲ regression") : tr("no regression")}) {
            auto* cell = new QStandardItem(text);
            cell->setEditable(false);
            if (row.regression) {
                cell->setForeground(RunPalette::failureText());
            }
            cells.append(cell);
        }
        m_rows->appendRow(cells);
    }
    m_table->setObjectName(QStringLiteral("comparisonTableView"));
    m_table->setModel(m_rows);
    m_table->verticalHeader()->setVisible(false);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    // The two values share the room and wrap; the other columns are as wide as their words.
    m_table->setWordWrap(true);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    for (const int column : {BaselineColumn, CurrentColumn}) {
        m_table->horizontalHeader()->setSectionResizeMode(column, QHeaderView::Stretch);
    }
    m_table->horizontalHeader()->setStretchLastSection(false);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);

    auto* chartPanel = new QWidget(this);
    auto* chartLayout = new QVBoxLayout(chartPanel);
    chartLayout->setContentsMargins(0, 0, 0, 0);
    m_chartComboBox->setObjectName(QStringLiteral("chartComboBox"));
    for (const ReportChartReference& reference : std::as_const(m_comparison.charts)) {
        m_chartComboBox->addItem(reference.caption);
    }
    chartLayout->addWidget(m_chartComboBox);
    m_chart->setObjectName(QStringLiteral("comparisonChartView"));
    m_chart->setPalette(RunPalette::chartPalette());
    chartLayout->addWidget(m_chart, 1);

    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_table);
    splitter->addWidget(chartPanel);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 2);
    layout->addWidget(splitter, 1);
    connect(m_chartComboBox, &QComboBox::currentIndexChanged, this, &ComparisonView::showChart);
    showChart(0);
}

void ComparisonView::showChart(int reference)
{
    const bool exists = reference >= 0 && reference < m_comparison.charts.size();
    m_chart->setVisible(exists);
    if (!exists) {
        return;
    }
    const int index = m_comparison.charts.at(reference).index;
    if (index >= 0 && index < m_charts.size()) {
        m_chart->showChart(m_charts.at(index));
    }
}
