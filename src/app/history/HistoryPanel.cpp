#include "history/HistoryPanel.h"

#include "history/RunHistoryModel.h"
#include "shell/WorkerTask.h"

#include <algorithm>

#include <QHeaderView>
#include <QMessageBox>
#include <QRegularExpression>
#include <QSortFilterProxyModel>
#include <QtConcurrentRun>

#include "ui_HistoryPanel.h"

HistoryPanel::HistoryPanel(QString storePath, QWidget* parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::HistoryPanel>())
    , m_storePath(std::move(storePath))
    , m_model(new RunHistoryModel(this))
    , m_fileFilter(new QSortFilterProxyModel(this))
    , m_textFilter(new QSortFilterProxyModel(this))
{
    m_ui->setupUi(this);
    m_fileFilter->setSourceModel(m_model);
    m_fileFilter->setFilterRole(RunHistoryModel::SourceRole);
    m_textFilter->setSourceModel(m_fileFilter);
    m_textFilter->setFilterKeyColumn(-1);
    m_textFilter->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_ui->historyTableView->setModel(m_textFilter);
    m_ui->historyTableView->sortByColumn(RunHistoryModel::StartedColumn, Qt::DescendingOrder);
    m_ui->historyTableView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_ui->historyTableView->horizontalHeader()->setStretchLastSection(true);

    connect(m_ui->filterLineEdit, &QLineEdit::textChanged, this, &HistoryPanel::applyFilter);
    connect(m_ui->thisFileCheckBox, &QCheckBox::toggled, this, &HistoryPanel::applyFilter);
    connect(m_ui->refreshButton, &QToolButton::clicked, this, &HistoryPanel::reload);
    connect(m_ui->openButton, &QPushButton::clicked, this, &HistoryPanel::openSelected);
    connect(m_ui->compareButton, &QPushButton::clicked, this, &HistoryPanel::compareSelected);
    connect(m_ui->deleteButton, &QPushButton::clicked, this, &HistoryPanel::deleteSelected);
    connect(m_ui->historyTableView, &QTableView::doubleClicked, this, &HistoryPanel::openSelected);
    connect(m_ui->historyTableView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &HistoryPanel::updateButtons);
    connect(&m_reading, &QFutureWatcher<Reading>::finished, this, [this] {
        const Reading reading = m_reading.result();
        m_model->setRuns(reading.runs);
        m_ui->statusLabel->setText(!reading.error.isEmpty()       ? reading.error
                                       : reading.runs.size() == 1 ? tr("1 run kept")
                                                                  : tr("%1 runs kept").arg(reading.runs.size()));
        updateButtons();
        if (m_reloadAgain) {
            m_reloadAgain = false;
            reload();
            return;
        }
        emit loaded();
    });
    applyFilter();
    updateButtons();
}

HistoryPanel::~HistoryPanel()
{
    m_reading.waitForFinished();
}

void HistoryPanel::reload()
{
    if (m_reading.isRunning()) {
        m_reloadAgain = true;
        return;
    }
    m_ui->statusLabel->setText(tr("Reading the run history…"));
    m_reading.setFuture(QtConcurrent::run([path = m_storePath] {
        RunStore store(path);
        Reading reading;
        if (!store.open(&reading.error)) {
            reading.error = tr("The run history cannot be read: %1").arg(reading.error);
            return reading;
        }
        reading.runs = store.runs();
        if (!store.setAsidePath().isEmpty()) {
            reading.error = store.setAsideNotice() + QLatin1Char('.');
        }
        return reading;
    }));
}

void HistoryPanel::setCurrentSource(const QString& source)
{
    m_currentSource = source;
    applyFilter();
}

void HistoryPanel::applyFilter()
{
    const bool byFile = m_ui->thisFileCheckBox->isChecked() && !m_currentSource.isEmpty();
    m_fileFilter->setFilterRegularExpression(
        byFile ? QRegularExpression(QRegularExpression::anchoredPattern(QRegularExpression::escape(m_currentSource)))
               : QRegularExpression());
    m_textFilter->setFilterFixedString(m_ui->filterLineEdit->text());
    updateButtons();
}

QList<StoredRun> HistoryPanel::selectedRuns() const
{
    QList<StoredRun> runs;
    QModelIndexList rows = m_ui->historyTableView->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(), [](const QModelIndex& a, const QModelIndex& b) { return a.row() < b.row(); });
    for (const QModelIndex& row : rows) {
        const QModelIndex source = m_fileFilter->mapToSource(m_textFilter->mapToSource(row));
        if (const StoredRun* run = m_model->runAt(source.row())) {
            runs.append(*run);
        }
    }
    return runs;
}

void HistoryPanel::selectRuns(const QList<qint64>& runIds)
{
    QItemSelection selection;
    for (int row = 0; row < m_textFilter->rowCount(); ++row) {
        const QModelIndex source = m_fileFilter->mapToSource(m_textFilter->mapToSource(m_textFilter->index(row, 0)));
        const StoredRun* run = m_model->runAt(source.row());
        if (run && runIds.contains(run->id)) {
            selection.select(m_textFilter->index(row, 0), m_textFilter->index(row, RunHistoryModel::ColumnCount - 1));
        }
    }
    m_ui->historyTableView->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect);
}

void HistoryPanel::updateButtons()
{
    const QList<StoredRun> runs = selectedRuns();
    const bool idle = !m_reading.isRunning();
    m_ui->openButton->setEnabled(runs.size() == 1 && !runs.first().resultsPath.isEmpty());
    m_ui->compareButton->setEnabled(runs.size() == 2 && std::all_of(runs.begin(), runs.end(), [](const StoredRun& run) {
                                        return !run.resultsPath.isEmpty();
                                    }));
    m_ui->deleteButton->setEnabled(!runs.isEmpty() && idle);
}

void HistoryPanel::openSelected()
{
    const QList<StoredRun> runs = selectedRuns();
    if (runs.size() == 1) {
        emit openRequested(runs.first());
    }
}

void HistoryPanel::compareSelected()
{
    QList<StoredRun> runs = selectedRuns();
    if (runs.size() != 2) {
        return;
    }
    std::sort(runs.begin(), runs.end(),
              [](const StoredRun& a, const StoredRun& b) { return a.startedAtMs < b.startedAtMs; });
    emit compareRequested(runs.at(0), runs.at(1));
}

void HistoryPanel::deleteSelected()
{
    const QList<StoredRun> runs = selectedRuns();
    if (runs.isEmpty()) {
        return;
    }
    QMessageBox question(
        QMessageBox::Question, tr("Delete Runs"),
        runs.size() == 1 ? tr("Delete this run from the history? Its results file stays on disk.")
                         : tr("Delete %1 runs from the history? Their results files stay on disk.").arg(runs.size()),
        QMessageBox::Yes | QMessageBox::Cancel, this);
    question.setObjectName(QStringLiteral("deleteRunsMessageBox"));
    if (question.exec() != QMessageBox::Yes) {
        return;
    }
    QList<qint64> ids;
    for (const StoredRun& run : runs) {
        ids.append(run.id);
    }
    m_ui->statusLabel->setText(tr("Deleting…"));
    m_ui->deleteButton->setEnabled(false);
    WorkerTask::run(
        this,
        [path = m_storePath, ids] {
            RunStore store(path);
            QString error;
            if (!store.open(&error)) {
                return error;
            }
            for (const qint64 id : ids) {
                if (!store.deleteRun(id)) {
                    return store.lastError();
                }
            }
            return QString();
        },
        [this](const QString& error) {
            if (!error.isEmpty()) {
                QMessageBox::warning(this, tr("Delete Runs"), tr("The runs could not all be deleted: %1").arg(error));
            }
            reload();
        });
}
