#include "run/RunView.h"

#include "report/ReportCharts.h"
#include "run/LiveRun.h"
#include "run/RunPalette.h"
#include "run/RunProgressModel.h"
#include "run/SloTableModel.h"

#include <QDir>
#include <QEvent>
#include <QHeaderView>

#include "ui_RunView.h"

namespace
{
// At most this many calls are dots on a finished item's latency chart: every failed one while
// they fit, the others evenly spaced.
constexpr int MaximumDots = 2000;
} // namespace

RunView::RunView(LiveRun* run, QWidget* parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::RunView>())
    , m_run(run)
    , m_progressModel(new RunProgressModel(run, this))
    , m_sloModel(new SloTableModel(this))
{
    m_ui->setupUi(this);
    m_run->setParent(this);
    m_ui->titleLabel->setText(tr("Run of %1").arg(QDir::toNativeSeparators(m_run->source())));
    QFont titleFont = m_ui->titleLabel->font();
    titleFont.setBold(true);
    m_ui->titleLabel->setFont(titleFont);
    m_ui->progressTreeView->setModel(m_progressModel);
    m_ui->progressTreeView->expandAll();
    m_ui->progressTreeView->header()->setSectionResizeMode(RunProgressModel::NameColumn, QHeaderView::Stretch);
    m_ui->progressTreeView->header()->setStretchLastSection(false);
    for (const int column :
         {RunProgressModel::ProgressColumn, RunProgressModel::MarksColumn, RunProgressModel::ResultColumn}) {
        m_ui->progressTreeView->header()->setSectionResizeMode(column, QHeaderView::ResizeToContents);
    }
    m_ui->sloTableView->setModel(m_sloModel);
    // The observed value takes the room and wraps ("at least 400.64 ms (72 calls with no response
    // counted over)"); the rest are as wide as their words.
    QHeaderView* sloHeader = m_ui->sloTableView->horizontalHeader();
    sloHeader->setSectionResizeMode(QHeaderView::ResizeToContents);
    sloHeader->setSectionResizeMode(SloTableModel::ObservedColumn, QHeaderView::Stretch);
    sloHeader->setStretchLastSection(false);
    m_ui->sloTableView->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_ui->verticalSplitter->setStretchFactor(0, 4);
    m_ui->verticalSplitter->setStretchFactor(1, 1);
    m_ui->mainSplitter->setStretchFactor(0, 2);
    m_ui->mainSplitter->setStretchFactor(1, 3);
    m_ui->mainSplitter->setSizes({440, 760});
    m_ui->chartsSplitter->setStretchFactor(0, 3);
    m_ui->chartsSplitter->setStretchFactor(1, 2);
    for (RunChartView* chart : {m_ui->latencyChartView, m_ui->ratesChartView}) {
        chart->setPalette(RunPalette::chartPalette());
    }
    connect(m_ui->progressTreeView->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &RunView::selectionChanged);
    connect(m_ui->callsCheckBox, &QCheckBox::toggled, m_ui->latencyChartView, &RunChartView::setDotsVisible);
    connect(m_run, &LiveRun::planned, this, [this] { m_ui->progressTreeView->expandAll(); });
    connect(m_run, &LiveRun::itemStarted, this, [this](int scenarioIndex, int itemIndex) {
        if (m_followRunning) {
            selectItem(scenarioIndex, itemIndex);
        }
    });
    connect(m_run, &LiveRun::finished, this, &RunView::refresh);
    m_refreshTimer.setInterval(RefreshInterval);
    connect(&m_refreshTimer, &QTimer::timeout, this, [this] {
        if (m_run->revision() != m_drawnRevision) {
            refresh();
        }
    });
    m_refreshTimer.start();
    selectItem(0, 0);
    refresh();
}

RunView::~RunView() = default;

void RunView::selectItem(int scenarioIndex, int itemIndex)
{
    const QModelIndex index = m_progressModel->indexOf(scenarioIndex, itemIndex);
    if (!index.isValid()) {
        return;
    }
    m_selecting = true;
    m_ui->progressTreeView->setCurrentIndex(index);
    m_selecting = false;
    showItem(scenarioIndex, itemIndex);
}

void RunView::selectionChanged()
{
    const auto [scenarioIndex, itemIndex] = m_progressModel->itemAt(m_ui->progressTreeView->currentIndex());
    if (!m_selecting) {
        // The user chose: the selection stays where they put it.
        m_followRunning = false;
    }
    // A scenario's row shows its first item.
    showItem(scenarioIndex, std::max(itemIndex, 0));
}

void RunView::showItem(int scenarioIndex, int itemIndex)
{
    m_shown = {scenarioIndex, itemIndex};
    refresh();
}

void RunView::refresh()
{
    m_drawnRevision = m_run->revision();
    m_progressModel->refresh();
    const auto [scenarioIndex, itemIndex] = m_shown;
    const LiveRun::ItemState* item = m_run->item(scenarioIndex, itemIndex);
    m_sloModel->showItem(m_run, scenarioIndex, itemIndex);
    if (item) {
        ReportChart latency;
        ReportChart rates;
        if (item->result && !item->result->calls.isEmpty()) {
            // Finished: the report's own charts, calls filed by when they were due.
            latency = ReportCharts::latencyOverTime(item->definition, *item->result);
            latency.dots = ReportCharts::dotsOf(*item->result, MaximumDots);
            rates = ReportCharts::errorsAndThroughput(item->definition, *item->result);
        } else {
            latency = ReportCharts::liveLatencyOverTime(item->definition, item->buckets, item->spanMs());
            rates = ReportCharts::liveErrorsAndThroughput(item->definition, item->buckets, item->spanMs());
        }
        m_ui->latencyChartView->showChart(latency);
        m_ui->ratesChartView->showChart(rates);
        // A rate over a handful of calls made one after another says nothing: load items only. The
        // charts' heights are kept for when it comes back.
        if (m_ui->ratesChartView->isVisibleTo(this) != item->load) {
            if (!item->load) {
                m_chartHeights = m_ui->chartsSplitter->sizes();
            }
            m_ui->ratesChartView->setVisible(item->load);
            if (item->load && !m_chartHeights.isEmpty()) {
                m_ui->chartsSplitter->setSizes(m_chartHeights);
            }
        }
    }
    updateSummary();
    if (m_run->isFinished()) {
        m_refreshTimer.stop();
    }
    emit refreshed();
}

void RunView::updateSummary()
{
    QString text = tr("%1 tests, %2 failed").arg(m_run->testsRun()).arg(m_run->testsFailed());
    if (const RunResultPointer result = m_run->result()) {
        switch (result->status) {
        case RunStatus::Completed:
            text = tr("Finished: %1").arg(text);
            break;
        case RunStatus::Cancelled:
            text = tr("Stopped: %1").arg(text);
            break;
        case RunStatus::Interrupted:
            text = tr("Interrupted (%1): %2").arg(result->error, text);
            break;
        }
    } else {
        text = tr("Running: %1").arg(text);
    }
    m_ui->summaryLabel->setText(text);
    m_ui->summaryLabel->setToolTip(m_run->resultsPath().isEmpty()
                                       ? QString()
                                       : tr("Results: %1").arg(QDir::toNativeSeparators(m_run->resultsPath())));
}

void RunView::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::ApplicationPaletteChange) {
        for (RunChartView* chart : {m_ui->latencyChartView, m_ui->ratesChartView}) {
            chart->setPalette(RunPalette::chartPalette());
        }
    }
    QWidget::changeEvent(event);
}
