#include "run/RunView.h"

#include "report/ReportCharts.h"
#include "report/ReportWording.h"
#include "run/CallTableModel.h"
#include "run/LiveRun.h"
#include "run/RunPalette.h"
#include "run/RunProgressModel.h"
#include "run/SloTableModel.h"
#include "shell/StatusLabel.h"

#include <QComboBox>
#include <QDir>
#include <QEvent>
#include <QHeaderView>
#include <QLocale>
#include <QTabWidget>
#include <QtConcurrent/QtConcurrentRun>

#include "ui_RunView.h"

namespace
{
// At most this many calls are dots on a finished item's latency chart: every failed one while
// they fit, the others evenly spaced.
constexpr int MaximumDots = 2000;
// The height the calls tab takes at least, where the window allows (half of it at most).
constexpr int CallsPanelHeight = 330;
} // namespace

RunView::RunView(LiveRun* run, QWidget* parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::RunView>())
    , m_run(run)
    , m_progressModel(new RunProgressModel(run, this))
    , m_sloModel(new SloTableModel(this))
    , m_callModel(new CallTableModel(this))
    , m_callFilter(new CallFilterModel(m_callModel, this))
{
    m_ui->setupUi(this);
    m_ui->refusedFrame->hide();
    m_ui->refusedFrame->setAutoFillBackground(true);
    tintRefusedBanner();
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
    m_ui->callsTableView->setModel(m_callFilter);
    m_ui->callsTableView->sortByColumn(CallTableModel::IndexColumn, Qt::AscendingOrder);
    QHeaderView* callsHeader = m_ui->callsTableView->horizontalHeader();
    callsHeader->setSectionResizeMode(QHeaderView::ResizeToContents);
    callsHeader->setSectionResizeMode(CallTableModel::FaultsColumn, QHeaderView::Stretch);
    callsHeader->setStretchLastSection(false);
    // A fixed row height, so that a table of 300,000 calls never measures its rows.
    m_ui->callsTableView->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_ui->callsTableView->verticalHeader()->setDefaultSectionSize(m_ui->callsTableView->fontMetrics().height() + 6);
    m_ui->callsSplitter->setStretchFactor(0, 3);
    m_ui->callsSplitter->setStretchFactor(1, 2);
    m_ui->callsSplitter->setSizes({660, 440});
    fillFilters();
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
    connect(m_ui->reportButton, &QPushButton::clicked, this, &RunView::reportRequested);
    connect(m_ui->callsCheckBox, &QCheckBox::toggled, m_ui->latencyChartView, &RunChartView::setDotsVisible);
    connect(m_ui->latencyChartView, &RunChartView::callClicked, this, &RunView::inspectCall);
    m_workers.setMaxThreadCount(1);
    connect(&m_chartsWatcher, &QFutureWatcher<FinishedCharts>::finished, this, [this] {
        m_finishedCharts.insert(m_chartsMaking, m_chartsWatcher.result());
        m_chartsMaking = {-1, -1};
        refresh();
    });
    connect(m_ui->detailsTabWidget, &QTabWidget::currentChanged, this, [this] {
        showCalls();
        // The calls and their inspector need more room than the SLO panel: grown once shown.
        QList<int> sizes = m_ui->verticalSplitter->sizes();
        if (m_ui->detailsTabWidget->currentWidget() == m_ui->callsPanel && sizes.size() == 2
            && sizes.at(1) < CallsPanelHeight) {
            const int total = sizes.at(0) + sizes.at(1);
            m_ui->verticalSplitter->setSizes(
                {total - std::min(CallsPanelHeight, total / 2), std::min(CallsPanelHeight, total / 2)});
        }
    });
    connect(m_ui->callsTableView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &RunView::callSelected);
    for (QComboBox* filter : {m_ui->statusFilterComboBox, m_ui->outcomeFilterComboBox, m_ui->faultFilterComboBox}) {
        connect(filter, &QComboBox::activated, this, &RunView::applyFilters);
    }
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
        const auto finished = m_finishedCharts.constFind(m_shown);
        if (finished != m_finishedCharts.cend()) {
            latency = finished->latency;
            rates = finished->rates;
        } else {
            makeFinishedCharts();
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
    showCalls();
    updateSummary();
    updateRefusedBanner();
    m_ui->reportButton->setEnabled(m_run->isFinished());
    if (m_run->isFinished()) {
        m_refreshTimer.stop();
    }
    emit refreshed();
}

bool RunView::chartsCurrent() const
{
    const LiveRun::ItemState* item = m_run->item(m_shown.first, m_shown.second);
    return !item || !item->result || item->result->calls.isEmpty() || m_finishedCharts.contains(m_shown);
}

void RunView::makeFinishedCharts()
{
    const LiveRun::ItemState* item = m_run->item(m_shown.first, m_shown.second);
    if (!item || !item->result || item->result->calls.isEmpty() || m_chartsWatcher.isRunning()) {
        return;
    }
    m_chartsMaking = m_shown;
    // The report's own charts, calls filed by when they were due; copies are cheap (shared lists)
    // and safe to read on the worker.
    m_chartsWatcher.setFuture(QtConcurrent::run(&m_workers, [definition = item->definition, result = *item->result] {
        FinishedCharts charts;
        charts.latency = ReportCharts::latencyOverTime(definition, result);
        charts.latency.dots = ReportCharts::dotsOf(result, MaximumDots);
        charts.rates = ReportCharts::errorsAndThroughput(definition, result);
        return charts;
    }));
}

void RunView::showCalls()
{
    if (m_ui->detailsTabWidget->currentWidget() != m_ui->callsPanel) {
        // Filled when shown: sorting 300,000 calls is not for a panel nobody looks at.
        return;
    }
    const LiveRun::ItemState* item = m_run->item(m_shown.first, m_shown.second);
    const std::pair<int, int> withCalls = item && item->result ? m_shown : std::pair{-1, -1};
    if (withCalls == m_callsShown) {
        return;
    }
    m_callsShown = withCalls;
    if (item && item->result) {
        m_callModel->showItem(item->definition, *item->result);
        m_ui->callInspector->clear(
            tr("Click a call in the table or a dot on the latency chart to see what happened to it."));
    } else {
        m_callModel->clear();
        m_ui->callInspector->clear(item ? tr("The calls are listed here once the item has finished.") : QString());
    }
    fillFilters();
    applyFilters();
}

void RunView::fillFilters()
{
    const QSignalBlocker blockStatus(m_ui->statusFilterComboBox);
    const QSignalBlocker blockOutcome(m_ui->outcomeFilterComboBox);
    const QSignalBlocker blockFault(m_ui->faultFilterComboBox);
    using Status = CallFilterModel::StatusFilter;
    m_ui->statusFilterComboBox->clear();
    const QList<std::pair<QString, Status>> statuses{
        {tr("Any status"), Status::Any},        {tr("1xx"), Status::Informational}, {tr("2xx"), Status::Success},
        {tr("3xx"), Status::Redirect},          {tr("4xx"), Status::ClientError},   {tr("5xx"), Status::ServerError},
        {tr("No response"), Status::NoResponse}};
    for (const auto& [text, filter] : statuses) {
        m_ui->statusFilterComboBox->addItem(text, static_cast<int>(filter));
    }
    // Outcomes: the error classes the item's calls had, so that no choice shows an empty table.
    m_ui->outcomeFilterComboBox->clear();
    m_ui->outcomeFilterComboBox->addItem(tr("Any outcome"), -2);
    m_ui->outcomeFilterComboBox->addItem(tr("Failed calls"), -1);
    m_ui->outcomeFilterComboBox->addItem(tr("Calls without an error"), 0);
    QList<int> classes;
    for (const CallRecord& call : m_callModel->result().calls) {
        if (call.errorClass != CallErrorClass::None && !classes.contains(int(call.errorClass))) {
            classes.append(int(call.errorClass));
        }
    }
    std::sort(classes.begin(), classes.end());
    for (const int errorClass : std::as_const(classes)) {
        m_ui->outcomeFilterComboBox->addItem(toString(CallErrorClass(errorClass)), errorClass);
    }
    m_ui->faultFilterComboBox->clear();
    m_ui->faultFilterComboBox->addItem(tr("Any faults"), CallFilterModel::AnyFault);
    m_ui->faultFilterComboBox->addItem(tr("No fault applied"), CallFilterModel::NoFault);
    const Item& definition = m_callModel->definition();
    const QList<Fault> faults = definition.context ? definition.context->faults : QList<Fault>{};
    for (qsizetype i = 0; i < faults.size(); ++i) {
        m_ui->faultFilterComboBox->addItem(
            tr("#%1 %2 applied").arg(i + 1).arg(ReportWording::faultName(faults.at(i).type())), int(i));
    }
}

void RunView::applyFilters()
{
    const int outcome = m_ui->outcomeFilterComboBox->currentData().toInt();
    using Outcome = CallFilterModel::OutcomeFilter;
    m_callFilter->setFilters({
        .status = static_cast<CallFilterModel::StatusFilter>(m_ui->statusFilterComboBox->currentData().toInt()),
        .outcome = outcome == -2 ? Outcome::Any
            : outcome == -1      ? Outcome::Failed
            : outcome == 0       ? Outcome::NoError
                                 : Outcome::ErrorClass,
        .errorClass = CallErrorClass(std::max(outcome, 0)),
        .fault = m_ui->faultFilterComboBox->currentData().toInt(),
    });
    const int total = m_callModel->rowCount();
    const QString calls = total == 1 ? tr("1 call") : tr("%1 calls").arg(total);
    m_ui->callCountLabel->setText(m_callFilter->isFiltering() ? tr("%1 of %2").arg(m_callFilter->rowCount()).arg(calls)
                                                              : calls);
}

void RunView::inspectCall(quint32 callIndex)
{
    // The calls tab first: it fills the table.
    m_ui->detailsTabWidget->setCurrentWidget(m_ui->callsPanel);
    const int row = m_callModel->rowOf(callIndex);
    if (row < 0) {
        return;
    }
    QModelIndex index = m_callFilter->mapFromSource(m_callModel->index(row, 0));
    if (!index.isValid()) {
        for (QComboBox* filter : {m_ui->statusFilterComboBox, m_ui->outcomeFilterComboBox, m_ui->faultFilterComboBox}) {
            filter->setCurrentIndex(0);
        }
        applyFilters();
        index = m_callFilter->mapFromSource(m_callModel->index(row, 0));
    }
    m_ui->callsTableView->setCurrentIndex(index);
    m_ui->callsTableView->scrollTo(index);
}

void RunView::callSelected()
{
    const QModelIndex index = m_callFilter->mapToSource(m_ui->callsTableView->currentIndex());
    if (!index.isValid()) {
        return;
    }
    // Looking at a call: the view stays on its item when the run moves on.
    m_followRunning = false;
    m_ui->callInspector->showCall(m_callModel->definition(), m_callModel->result(),
                                  m_callModel->call(index.row()).index);
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

void RunView::updateRefusedBanner()
{
    const QStringList targets = m_run->refusedTargets();
    if (targets == m_refusedTargets) {
        return;
    }
    m_refusedTargets = targets;
    // The sentence is English: so is its list ("a, b and c").
    m_ui->refusedFrame->setVisible(!targets.isEmpty());
    m_ui->refusedStatusLabel->setStatus(StatusLabel::Kind::Problem,
                                        tr("Every call to %1 was refused: nothing seems to listen there. Start the "
                                           "target (or use Try the demo on the welcome page) and run again.")
                                            .arg(QLocale(QLocale::English).createSeparatedList(targets)));
}

// A wash of the failure colour over the window's, so that it reads as a warning in either palette.
void RunView::tintRefusedBanner()
{
    constexpr double Wash = 0.15;
    const QColor window = palette().color(QPalette::Window);
    const QColor failure = RunPalette::failureText();
    QPalette banner = palette();
    banner.setColor(QPalette::Window,
                    QColor::fromRgbF(float(window.redF() * (1 - Wash) + failure.redF() * Wash),
                                     float(window.greenF() * (1 - Wash) + failure.greenF() * Wash),
                                     float(window.blueF() * (1 - Wash) + failure.blueF() * Wash)));
    m_ui->refusedFrame->setPalette(banner);
}

void RunView::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::ApplicationPaletteChange) {
        tintRefusedBanner();
        for (RunChartView* chart : {m_ui->latencyChartView, m_ui->ratesChartView}) {
            chart->setPalette(RunPalette::chartPalette());
        }
    }
    QWidget::changeEvent(event);
}
