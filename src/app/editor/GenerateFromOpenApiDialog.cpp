#include "editor/GenerateFromOpenApiDialog.h"

#include "openapi/OpenApiLoader.h"
#include "openapi/OperationCollector.h"
#include "openapi/ScenarioFamilyBuilder.h"
#include "shell/AppIcons.h"

#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QPushButton>
#include <QSet>
#include <QtConcurrent/QtConcurrentRun>

#include "ui_GenerateFromOpenApiDialog.h"

namespace
{
constexpr int IntensityColumns = 3; // label and spin box pairs a row

QUrl urlOf(const QString& source)
{
    const QUrl url(source.trimmed());
    const bool remote = url.scheme() == QLatin1String("http") || url.scheme() == QLatin1String("https")
        || url.scheme() == QLatin1String("file");
    return remote ? url : QUrl::fromLocalFile(QFileInfo(source.trimmed()).absoluteFilePath());
}

QString firstError(const Diagnostics& diagnostics)
{
    for (const Diagnostic& diagnostic : diagnostics) {
        if (diagnostic.severity == Diagnostic::Severity::Error) {
            return diagnostic.toString();
        }
    }
    return {};
}
} // namespace

GenerateFromOpenApiDialog::GenerateFromOpenApiDialog(QWidget* parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::GenerateFromOpenApiDialog>())
    , m_loader(new OpenApiLoader(this))
{
    m_ui->setupUi(this);
    setWindowIcon(AppIcons::icon(QStringLiteral("generate")));
    m_ui->buttonBox->button(QDialogButtonBox::Ok)->setText(tr("&Generate"));
    m_ui->buttonBox->button(QDialogButtonBox::Ok)->setEnabled(false);
    setUpIntensities();
    showFamilies();
    m_ui->sourceStatusLabel->setStatus(StatusLabel::Kind::Note,
                                       tr("Give the URL of your API's OpenAPI document, or a file."));

    connect(m_ui->loadButton, &QPushButton::clicked, this, [this] { load(m_ui->sourceLineEdit->text()); });
    connect(m_ui->sourceLineEdit, &QLineEdit::returnPressed, this, [this] { load(m_ui->sourceLineEdit->text()); });
    connect(m_ui->browseButton, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open an OpenAPI Document"), {},
                                                          tr("OpenAPI documents (*.json *.yaml *.yml);;All files (*)"));
        if (!path.isEmpty()) {
            load(path);
        }
    });
    connect(m_loader, &OpenApiLoader::finished, this, &GenerateFromOpenApiDialog::showLoadResult);
    connect(&m_collector, &QFutureWatcherBase::finished, this, &GenerateFromOpenApiDialog::showOperations);
    connect(&m_generation, &QFutureWatcherBase::finished, this, &GenerateFromOpenApiDialog::showGenerated);
    connect(m_ui->selectAllButton, &QPushButton::clicked, this, [this] { setAllOperationsChecked(true); });
    connect(m_ui->selectNoneButton, &QPushButton::clicked, this, [this] { setAllOperationsChecked(false); });
    connect(m_ui->operationsListWidget, &QListWidget::itemChanged, this, &GenerateFromOpenApiDialog::updateSummary);
    connect(m_ui->familiesListWidget, &QListWidget::itemChanged, this, &GenerateFromOpenApiDialog::updateSummary);
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &GenerateFromOpenApiDialog::accept);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &GenerateFromOpenApiDialog::reject);
    updateSummary();
}

GenerateFromOpenApiDialog::~GenerateFromOpenApiDialog() = default;

void GenerateFromOpenApiDialog::load(const QString& source)
{
    if (source.trimmed().isEmpty()) {
        return;
    }
    m_ui->sourceLineEdit->setText(source);
    m_ui->sourceStatusLabel->setStatus(StatusLabel::Kind::Note, tr("Loading…"));
    m_ui->loadButton->setEnabled(false);
    m_loader->load(urlOf(source));
}

const QList<Scenario>& GenerateFromOpenApiDialog::scenarios() const
{
    return m_scenarios;
}

QString GenerateFromOpenApiDialog::suggestedFileName() const
{
    const QString name = m_document ? QFileInfo(m_document->url().path()).completeBaseName() : QString();
    return (name.isEmpty() ? QStringLiteral("generated") : name) + QStringLiteral("-scenarios.yaml");
}

void GenerateFromOpenApiDialog::accept()
{
    if (!m_document || m_generation.isRunning()) {
        return;
    }
    GenerationOptions options;
    options.families = checkedFamilies();
    options.baseUrl = m_ui->baseUrlLineEdit->text().trimmed();
    options.intensities = intensities();
    options.sloTargets = sloTargets();
    const QStringList problems = validate(options.intensities);
    if (!problems.isEmpty()) {
        m_ui->summaryLabel->setStatus(StatusLabel::Kind::Problem, problems.join(QLatin1Char(' ')));
        return;
    }
    // A large API takes a while to generate: a worker does it, and the dialog stays live.
    m_chosenOperations = checkedOperations();
    m_ui->buttonBox->button(QDialogButtonBox::Ok)->setEnabled(false);
    m_ui->summaryLabel->setStatus(StatusLabel::Kind::Note, tr("Generating…"));
    m_generation.setFuture(QtConcurrent::run(
        [document = *m_document, options] { return ScenarioGenerator::generate(document, options); }));
}

void GenerateFromOpenApiDialog::showGenerated()
{
    const GenerationResult result = m_generation.result();
    if (const QString error = firstError(result.diagnostics); !error.isEmpty()) {
        m_ui->summaryLabel->setStatus(StatusLabel::Kind::Problem, error);
        updateSummary();
        return;
    }
    m_scenarios.clear();
    for (const GeneratedOperation& generated : result.operations) {
        if (m_chosenOperations.contains(generated.operation.displayName())) {
            m_scenarios << generated.scenarios;
        }
    }
    QDialog::accept();
}

void GenerateFromOpenApiDialog::setUpIntensities()
{
    const auto addSpinBox
        = [this](const QString& label, double minimum, double maximum, double value, bool wholeNumber) {
              auto* spinBox = new QDoubleSpinBox(m_ui->intensitiesGroupBox);
              spinBox->setRange(minimum, maximum);
              spinBox->setDecimals(wholeNumber ? 0 : 1);
              spinBox->setValue(value);
              spinBox->setAccessibleName(label);
              auto* caption = new QLabel(label + QLatin1Char(':'), m_ui->intensitiesGroupBox);
              caption->setBuddy(spinBox);
              const int index = m_ui->intensitiesLayout->count() / 2;
              m_ui->intensitiesLayout->addWidget(caption, index / IntensityColumns, (index % IntensityColumns) * 2);
              m_ui->intensitiesLayout->addWidget(spinBox, index / IntensityColumns, (index % IntensityColumns) * 2 + 1);
              connect(spinBox, &QDoubleSpinBox::valueChanged, this, &GenerateFromOpenApiDialog::showFamilies);
              return spinBox;
          };
    const ScenarioIntensities defaults;
    for (const IntensityParameter& parameter : intensityParameters()) {
        m_intensitySpinBoxes << addSpinBox(parameter.label, parameter.minimum, parameter.maximum,
                                           defaults.*parameter.member, parameter.wholeNumber);
    }
    const SloTargets slo;
    m_p95SpinBox = addSpinBox(tr("SLO: p95 latency under (ms)"), 1, 600000, slo.p95LatencyMs, false);
    m_errorSpinBox = addSpinBox(tr("SLO: errors under (%)"), 0, 100, slo.errorPercent, false);
}

void GenerateFromOpenApiDialog::showLoadResult(const OpenApiLoadResult& result)
{
    m_ui->loadButton->setEnabled(true);
    m_operations.clear();
    m_ui->operationsListWidget->clear();
    m_document = result.document;
    m_findingOperations = m_document.has_value();
    m_ui->collectingProgressBar->setVisible(m_findingOperations);
    if (!m_document) {
        const QString error = firstError(result.diagnostics);
        m_ui->sourceStatusLabel->setStatus(StatusLabel::Kind::Problem,
                                           error.isEmpty() ? tr("The document could not be read.") : error);
        updateSummary();
        return;
    }
    // A large API has thousands of operations: they are found on a worker, the list fills when done.
    m_ui->sourceStatusLabel->setStatus(StatusLabel::Kind::Note, tr("Finding the operations…"));
    m_collector.setFuture(QtConcurrent::run([document = *m_document] {
        Diagnostics diagnostics;
        return OperationCollector::collect(document, &diagnostics);
    }));
    updateSummary();
}

void GenerateFromOpenApiDialog::showOperations()
{
    // A result the watcher no longer waits for: its document was replaced meanwhile.
    if (!m_collector.isFinished() || !m_document) {
        return;
    }
    m_findingOperations = false;
    m_ui->collectingProgressBar->hide();
    m_ui->operationsListWidget->clear();
    m_operations = m_collector.result();
    for (const OpenApiOperation& operation : std::as_const(m_operations)) {
        auto* item = new QListWidgetItem(
            operation.summary.isEmpty() ? operation.displayName()
                                        : QStringLiteral("%1 — %2").arg(operation.displayName(), operation.summary),
            m_ui->operationsListWidget);
        item->setData(Qt::UserRole, operation.displayName());
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Checked);
    }
    if (m_ui->baseUrlLineEdit->text().isEmpty() && !m_operations.isEmpty()) {
        m_ui->baseUrlLineEdit->setPlaceholderText(m_operations.constFirst().baseUrl);
    }
    m_ui->sourceStatusLabel->setStatus(
        m_operations.isEmpty() ? StatusLabel::Kind::Problem : StatusLabel::Kind::Good,
        tr("OpenAPI %1: %2 operations.").arg(m_document->version()).arg(m_operations.size()));
    updateSummary();
}

void GenerateFromOpenApiDialog::showFamilies()
{
    const ScenarioFamilyBuilder builder(intensities(), sloTargets());
    QListWidget* list = m_ui->familiesListWidget;
    const QSignalBlocker blocker(list);
    const QList<ScenarioFamily> families = allScenarioFamilies();
    for (int row = 0; row < families.size(); ++row) {
        QListWidgetItem* item = list->item(row);
        if (!item) {
            item = new QListWidgetItem(list);
            item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
            item->setCheckState(Qt::Checked);
            item->setData(Qt::UserRole, static_cast<int>(families.at(row)));
        }
        item->setText(builder.title(families.at(row)));
        item->setToolTip(builder.description(families.at(row)));
    }
}

void GenerateFromOpenApiDialog::setAllOperationsChecked(bool checked)
{
    for (int row = 0; row < m_ui->operationsListWidget->count(); ++row) {
        m_ui->operationsListWidget->item(row)->setCheckState(checked ? Qt::Checked : Qt::Unchecked);
    }
}

void GenerateFromOpenApiDialog::updateSummary()
{
    const qsizetype operations = checkedOperations().size();
    const qsizetype families = checkedFamilies().size();
    const bool ready = m_document && operations > 0 && families > 0;
    m_ui->buttonBox->button(QDialogButtonBox::Ok)->setEnabled(ready);
    if (!m_document || m_findingOperations) {
        m_ui->summaryLabel->clear();
        return;
    }
    m_ui->summaryLabel->setStatus(ready ? StatusLabel::Kind::Good : StatusLabel::Kind::Note,
                                  tr("%1 scenarios: %2 operations, %3 kinds of trouble each.")
                                      .arg(operations * families)
                                      .arg(operations)
                                      .arg(families));
}

ScenarioIntensities GenerateFromOpenApiDialog::intensities() const
{
    ScenarioIntensities result;
    const QList<IntensityParameter>& parameters = intensityParameters();
    for (int index = 0; index < parameters.size() && index < m_intensitySpinBoxes.size(); ++index) {
        result.*parameters.at(index).member = m_intensitySpinBoxes.at(index)->value();
    }
    return result;
}

SloTargets GenerateFromOpenApiDialog::sloTargets() const
{
    SloTargets result;
    if (m_p95SpinBox && m_errorSpinBox) {
        result.p95LatencyMs = m_p95SpinBox->value();
        result.errorPercent = m_errorSpinBox->value();
    }
    return result;
}

QList<ScenarioFamily> GenerateFromOpenApiDialog::checkedFamilies() const
{
    QList<ScenarioFamily> families;
    for (int row = 0; row < m_ui->familiesListWidget->count(); ++row) {
        const QListWidgetItem* item = m_ui->familiesListWidget->item(row);
        if (item->checkState() == Qt::Checked) {
            families << static_cast<ScenarioFamily>(item->data(Qt::UserRole).toInt());
        }
    }
    return families;
}

QStringList GenerateFromOpenApiDialog::checkedOperations() const
{
    QStringList operations;
    for (int row = 0; row < m_ui->operationsListWidget->count(); ++row) {
        const QListWidgetItem* item = m_ui->operationsListWidget->item(row);
        if (item->checkState() == Qt::Checked) {
            operations << item->data(Qt::UserRole).toString();
        }
    }
    return operations;
}
