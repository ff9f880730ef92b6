#include "editor/FaultDetailPanel.h"

#include "editor/FaultDescriptions.h"
#include "editor/OptionalFields.h"

#include <algorithm>

#include <QFormLayout>
#include <QScopedValueRollback>
#include <QStackedWidget>

#include "ui_FaultDetailPanel.h"

namespace
{
// A period a fault gets when the user first limits it: the middle half of the run.
const Period DefaultPeriod{PeriodBound{PeriodBound::Unit::Percent, 25}, PeriodBound{PeriodBound::Unit::Percent, 50}};

// A stacked widget is as tall as its tallest page; this makes it as tall as the page it shows, so
// that the period follows a short page's fields without a gap. (Qt 6.4 asks even hidden pages for
// their height for a width, which is why the notes that wrap live outside the pages.)
void fitToShownPage(QStackedWidget* stack)
{
    // Never taller than that page either: the room left goes below the period.
    stack->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);
    for (int index = 0; index < stack->count(); ++index) {
        const QSizePolicy::Policy policy
            = index == stack->currentIndex() ? QSizePolicy::Preferred : QSizePolicy::Ignored;
        stack->widget(index)->setSizePolicy(policy, policy);
    }
}

// The side and direction above a kind's fields are a form of their own: its fields start where the
// kind's do.
void alignLabelColumns(const QList<QFormLayout*>& forms)
{
    QList<QWidget*> labels;
    int width = 0;
    for (const QFormLayout* form : forms) {
        for (int row = 0; row < form->rowCount(); ++row) {
            if (const QLayoutItem* item = form->itemAt(row, QFormLayout::LabelRole); item && item->widget()) {
                labels << item->widget();
                width = std::max(width, item->widget()->sizeHint().width());
            }
        }
    }
    for (QWidget* label : std::as_const(labels)) {
        label->setMinimumWidth(width);
    }
}
} // namespace

FaultDetailPanel::FaultDetailPanel(QWidget* parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::FaultDetailPanel>())
{
    m_ui->setupUi(this);
    setUpFields();
    connectFields();
    setFault(makeDefaultFault(FaultType::Latency));
}

FaultDetailPanel::~FaultDetailPanel() = default;

void FaultDetailPanel::setFault(const Fault& fault)
{
    QScopedValueRollback showing(m_showing, true);
    m_fault = fault;
    // An HTTP error acts on the response, not on a connection's bytes.
    m_ui->commonFormLayout->setRowVisible(0, fault.type() != FaultType::HttpError);
    OptionalFields::setValue(m_ui->sideComboBox, fault.side);
    OptionalFields::setValue(m_ui->directionComboBox, fault.direction);
    m_ui->parametersStackedWidget->setCurrentIndex(static_cast<int>(fault.type()));
    m_ui->packetLossNoteLabel->setVisible(fault.type() == FaultType::PacketLoss);
    m_ui->blackholeNoteLabel->setVisible(fault.type() == FaultType::Blackhole);
    showParameters();
    showPeriod();
}

const Fault& FaultDetailPanel::fault() const
{
    return m_fault;
}

void FaultDetailPanel::setUpFields()
{
    OptionalFields::fill<FaultSide>(
        m_ui->sideComboBox, tr("default (server)"),
        {{FaultSide::Client, tr("client: app to proxy")}, {FaultSide::Server, tr("server: proxy to upstream")}});
    OptionalFields::fill<FaultDirection>(m_ui->directionComboBox, tr("default (ingress)"),
                                         {{FaultDirection::Ingress, tr("ingress: bytes read")},
                                          {FaultDirection::Egress, tr("egress: bytes written")},
                                          {FaultDirection::Both, tr("both")}});
    OptionalFields::fill<LatencyDistribution>(m_ui->distributionComboBox, tr("default (normal)"),
                                              {{LatencyDistribution::Normal, tr("normal")},
                                               {LatencyDistribution::Uniform, tr("uniform")},
                                               {LatencyDistribution::Pareto, tr("Pareto")},
                                               {LatencyDistribution::ParetoNormal, tr("Pareto-normal")}});
    OptionalFields::fill<int>(m_ui->globalComboBox, tr("default (once per request)"),
                              {{1, tr("once per request or stream")}, {0, tr("on every read and write")}});
    OptionalFields::fill<BandwidthUnit>(m_ui->unitComboBox, tr("default (Bps)"),
                                        {{BandwidthUnit::Bps, QStringLiteral("Bps")},
                                         {BandwidthUnit::KBps, QStringLiteral("KBps")},
                                         {BandwidthUnit::MBps, QStringLiteral("MBps")},
                                         {BandwidthUnit::GBps, QStringLiteral("GBps")}});
    for (QComboBox* unit : {m_ui->startUnitComboBox, m_ui->durationUnitComboBox}) {
        OptionalFields::fill<PeriodBound::Unit>(
            unit, {}, {{PeriodBound::Unit::Percent, tr("% of the run")}, {PeriodBound::Unit::Milliseconds, tr("ms")}});
    }
    OptionalFields::makeOptional(m_ui->meanSpinBox, 0, tr("default (%1 ms)").arg(LatencyFault::DefaultMean));
    OptionalFields::makeOptional(m_ui->stddevSpinBox, 0, tr("default (%1 ms)").arg(LatencyFault::DefaultStddev));
    for (QDoubleSpinBox* spinBox : {m_ui->minSpinBox, m_ui->maxSpinBox, m_ui->shapeSpinBox, m_ui->scaleSpinBox}) {
        OptionalFields::makeOptional(spinBox, 0, tr("not set"));
    }
    OptionalFields::makeOptional(m_ui->lossProbabilitySpinBox, 0, tr("loss chain (default)"));
    OptionalFields::makeOptional(m_ui->startSpinBox, 0, tr("from the start"));
    OptionalFields::makeOptional(m_ui->durationSpinBox, 0, tr("to the end"));
    alignLabelColumns({m_ui->commonFormLayout, m_ui->latencyFormLayout, m_ui->jitterFormLayout,
                       m_ui->bandwidthFormLayout, m_ui->packetLossFormLayout, m_ui->httpErrorFormLayout});
}

void FaultDetailPanel::connectFields()
{
    connect(m_ui->sideComboBox, &QComboBox::currentIndexChanged, this, [this] {
        m_fault.side = OptionalFields::value<FaultSide>(m_ui->sideComboBox);
        edited(tr("fault side"));
    });
    connect(m_ui->directionComboBox, &QComboBox::currentIndexChanged, this, [this] {
        m_fault.direction = OptionalFields::value<FaultDirection>(m_ui->directionComboBox);
        edited(tr("fault direction"));
    });

    connectValue<LatencyFault>(m_ui->meanSpinBox, tr("latency mean"), [this](LatencyFault& latency) {
        latency.mean = OptionalFields::value(m_ui->meanSpinBox);
    });
    connectValue<LatencyFault>(m_ui->stddevSpinBox, tr("latency deviation"), [this](LatencyFault& latency) {
        latency.stddev = OptionalFields::value(m_ui->stddevSpinBox);
    });
    connectValue<LatencyFault>(m_ui->minSpinBox, tr("latency minimum"), [this](LatencyFault& latency) {
        latency.min = OptionalFields::value(m_ui->minSpinBox);
    });
    connectValue<LatencyFault>(m_ui->maxSpinBox, tr("latency maximum"), [this](LatencyFault& latency) {
        latency.max = OptionalFields::value(m_ui->maxSpinBox);
    });
    connectValue<LatencyFault>(m_ui->shapeSpinBox, tr("latency shape"), [this](LatencyFault& latency) {
        latency.shape = OptionalFields::value(m_ui->shapeSpinBox);
    });
    connectValue<LatencyFault>(m_ui->scaleSpinBox, tr("latency scale"), [this](LatencyFault& latency) {
        latency.scale = OptionalFields::value(m_ui->scaleSpinBox);
    });
    connectValue<JitterFault>(m_ui->amplitudeSpinBox, tr("jitter amplitude"),
                              [this](JitterFault& jitter) { jitter.amplitude = m_ui->amplitudeSpinBox->value(); });
    connectValue<JitterFault>(m_ui->frequencySpinBox, tr("jitter frequency"),
                              [this](JitterFault& jitter) { jitter.frequency = m_ui->frequencySpinBox->value(); });
    connectValue<BandwidthFault>(m_ui->rateSpinBox, tr("bandwidth rate"),
                                 [this](BandwidthFault& bandwidth) { bandwidth.rate = m_ui->rateSpinBox->value(); });
    connectValue<PacketLossFault>(m_ui->lossProbabilitySpinBox, tr("loss probability"), [this](PacketLossFault& loss) {
        const std::optional<double> percent = OptionalFields::value(m_ui->lossProbabilitySpinBox);
        loss.probability = percent ? std::optional<double>(*percent / FaultDescriptions::PercentPerUnit) : std::nullopt;
    });
    connectValue<HttpErrorFault>(m_ui->errorProbabilitySpinBox, tr("error probability"), [this](HttpErrorFault& error) {
        error.probability = m_ui->errorProbabilitySpinBox->value() / FaultDescriptions::PercentPerUnit;
    });

    connect(m_ui->distributionComboBox, &QComboBox::currentIndexChanged, this, [this] {
        editParameters<LatencyFault>(tr("latency distribution"), [this](LatencyFault& latency) {
            latency.distribution = OptionalFields::value<LatencyDistribution>(m_ui->distributionComboBox);
        });
        showLatencyRows();
    });
    connect(m_ui->globalComboBox, &QComboBox::currentIndexChanged, this, [this] {
        editParameters<LatencyFault>(tr("latency scope"), [this](LatencyFault& latency) {
            const std::optional<int> global = OptionalFields::value<int>(m_ui->globalComboBox);
            latency.global = global ? std::optional<bool>(*global != 0) : std::nullopt;
        });
    });
    connect(m_ui->unitComboBox, &QComboBox::currentIndexChanged, this, [this] {
        editParameters<BandwidthFault>(tr("bandwidth unit"), [this](BandwidthFault& bandwidth) {
            bandwidth.unit = OptionalFields::value<BandwidthUnit>(m_ui->unitComboBox);
            m_ui->rateSpinBox->setSuffix(QLatin1Char(' ') + toString(bandwidth.unitOrDefault()));
        });
    });
    connect(m_ui->statusCodeSpinBox, &QSpinBox::valueChanged, this, [this](int status) {
        editParameters<HttpErrorFault>(tr("error status"),
                                       [status](HttpErrorFault& error) { error.statusCode = status; });
    });
    const auto readErrorBody = [this] {
        m_ui->errorBodyLineEdit->setEnabled(m_ui->replaceBodyCheckBox->isChecked());
        editParameters<HttpErrorFault>(tr("error body"), [this](HttpErrorFault& error) {
            error.body = m_ui->replaceBodyCheckBox->isChecked()
                ? std::optional<QString>(m_ui->errorBodyLineEdit->text())
                : std::nullopt;
        });
    };
    connect(m_ui->replaceBodyCheckBox, &QCheckBox::toggled, this, readErrorBody);
    connect(m_ui->errorBodyLineEdit, &QLineEdit::textChanged, this, readErrorBody);

    connect(m_ui->periodGroupBox, &QGroupBox::toggled, this, [this](bool limited) {
        if (m_showing) {
            return;
        }
        m_fault.period = limited ? std::optional<Period>(DefaultPeriod) : std::nullopt;
        showPeriod();
        edited(tr("fault period"));
    });
    for (QDoubleSpinBox* spinBox : {m_ui->startSpinBox, m_ui->durationSpinBox}) {
        connect(spinBox, &QDoubleSpinBox::valueChanged, this, &FaultDetailPanel::readPeriod);
    }
    for (QComboBox* unit : {m_ui->startUnitComboBox, m_ui->durationUnitComboBox}) {
        connect(unit, &QComboBox::currentIndexChanged, this, &FaultDetailPanel::readPeriod);
    }
}

void FaultDetailPanel::showParameters()
{
    if (const auto* latency = std::get_if<LatencyFault>(&m_fault.parameters)) {
        OptionalFields::setValue(m_ui->distributionComboBox, latency->distribution);
        OptionalFields::setValue(m_ui->meanSpinBox, latency->mean);
        OptionalFields::setValue(m_ui->stddevSpinBox, latency->stddev);
        OptionalFields::setValue(m_ui->minSpinBox, latency->min);
        OptionalFields::setValue(m_ui->maxSpinBox, latency->max);
        OptionalFields::setValue(m_ui->shapeSpinBox, latency->shape);
        OptionalFields::setValue(m_ui->scaleSpinBox, latency->scale);
        OptionalFields::setValue(m_ui->globalComboBox,
                                 latency->global ? std::optional<int>(*latency->global ? 1 : 0) : std::nullopt);
        showLatencyRows();
    } else if (const auto* jitter = std::get_if<JitterFault>(&m_fault.parameters)) {
        m_ui->amplitudeSpinBox->setValue(jitter->amplitude);
        m_ui->frequencySpinBox->setValue(jitter->frequency);
    } else if (const auto* bandwidth = std::get_if<BandwidthFault>(&m_fault.parameters)) {
        m_ui->rateSpinBox->setValue(bandwidth->rate);
        m_ui->rateSpinBox->setSuffix(QLatin1Char(' ') + toString(bandwidth->unitOrDefault()));
        OptionalFields::setValue(m_ui->unitComboBox, bandwidth->unit);
    } else if (const auto* loss = std::get_if<PacketLossFault>(&m_fault.parameters)) {
        OptionalFields::setValue(m_ui->lossProbabilitySpinBox,
                                 loss->probability
                                     ? std::optional<double>(*loss->probability * FaultDescriptions::PercentPerUnit)
                                     : std::nullopt);
    } else if (const auto* error = std::get_if<HttpErrorFault>(&m_fault.parameters)) {
        m_ui->statusCodeSpinBox->setValue(error->statusCode);
        m_ui->errorProbabilitySpinBox->setValue(error->probability * FaultDescriptions::PercentPerUnit);
        m_ui->replaceBodyCheckBox->setChecked(error->body.has_value());
        m_ui->errorBodyLineEdit->setText(error->body.value_or(QString()));
        m_ui->errorBodyLineEdit->setEnabled(error->body.has_value());
    }
    fitToShownPage(m_ui->parametersStackedWidget);
}

void FaultDetailPanel::showLatencyRows()
{
    const auto distribution
        = OptionalFields::value<LatencyDistribution>(m_ui->distributionComboBox).value_or(LatencyDistribution::Normal);
    const bool normal
        = distribution == LatencyDistribution::Normal || distribution == LatencyDistribution::ParetoNormal;
    const bool uniform = distribution == LatencyDistribution::Uniform;
    const bool pareto
        = distribution == LatencyDistribution::Pareto || distribution == LatencyDistribution::ParetoNormal;
    m_ui->latencyFormLayout->setRowVisible(m_ui->meanSpinBox, normal);
    m_ui->latencyFormLayout->setRowVisible(m_ui->stddevSpinBox, normal);
    m_ui->latencyFormLayout->setRowVisible(m_ui->minSpinBox, uniform);
    m_ui->latencyFormLayout->setRowVisible(m_ui->maxSpinBox, uniform);
    m_ui->latencyFormLayout->setRowVisible(m_ui->shapeSpinBox, pareto);
    m_ui->latencyFormLayout->setRowVisible(m_ui->scaleSpinBox, pareto);
    fitToShownPage(m_ui->parametersStackedWidget);
}

void FaultDetailPanel::showPeriod()
{
    QScopedValueRollback showing(m_showing, true);
    m_ui->periodGroupBox->setChecked(m_fault.period.has_value());
    const Period period = m_fault.period.value_or(Period{});
    OptionalFields::setValue(m_ui->startUnitComboBox,
                             std::optional(period.start ? period.start->unit : PeriodBound::Unit::Percent));
    OptionalFields::setValue(m_ui->durationUnitComboBox,
                             std::optional(period.duration ? period.duration->unit : PeriodBound::Unit::Percent));
    // Units first: they set the ranges the values must fit in.
    showPeriodUnits();
    const auto valueOf = [](const std::optional<PeriodBound>& bound) {
        return bound ? std::optional<double>(bound->value) : std::nullopt;
    };
    OptionalFields::setValue(m_ui->startSpinBox, valueOf(period.start));
    OptionalFields::setValue(m_ui->durationSpinBox, valueOf(period.duration));
}

void FaultDetailPanel::readPeriod()
{
    if (m_showing || !m_ui->periodGroupBox->isChecked()) {
        return;
    }
    showPeriodUnits();
    const auto readBound = [](const QDoubleSpinBox* spinBox, const QComboBox* unit) -> std::optional<PeriodBound> {
        const std::optional<double> value = OptionalFields::value(spinBox);
        if (!value) {
            return std::nullopt;
        }
        return PeriodBound{OptionalFields::value<PeriodBound::Unit>(unit).value_or(PeriodBound::Unit::Percent), *value};
    };
    m_fault.period = Period{readBound(m_ui->startSpinBox, m_ui->startUnitComboBox),
                            readBound(m_ui->durationSpinBox, m_ui->durationUnitComboBox)};
    edited(tr("fault period"));
}

// Each bound's spin box says its unit and stays within it (a share of the run is at most 100 %).
void FaultDetailPanel::showPeriodUnits()
{
    const auto showUnit = [](QDoubleSpinBox* spinBox, const QComboBox* unit) {
        const bool percent = OptionalFields::value<PeriodBound::Unit>(unit) == PeriodBound::Unit::Percent;
        const QSignalBlocker blocker(spinBox);
        spinBox->setSuffix(percent ? QStringLiteral("%") : QStringLiteral(" ms"));
        spinBox->setMaximum(percent ? 100 : 86400000);
        spinBox->setSingleStep(percent ? 5 : 100);
    };
    showUnit(m_ui->startSpinBox, m_ui->startUnitComboBox);
    showUnit(m_ui->durationSpinBox, m_ui->durationUnitComboBox);
}

void FaultDetailPanel::edited(const QString& field)
{
    if (!m_showing) {
        emit faultEdited(field);
    }
}

template<typename Parameters>
void FaultDetailPanel::connectValue(QDoubleSpinBox* spinBox, const QString& field,
                                    std::function<void(Parameters&)> change)
{
    connect(spinBox, &QDoubleSpinBox::valueChanged, this,
            [this, field, change] { editParameters<Parameters>(field, change); });
}

template<typename Parameters>
void FaultDetailPanel::editParameters(const QString& field, const std::function<void(Parameters&)>& change)
{
    if (m_showing) {
        return;
    }
    if (auto* parameters = std::get_if<Parameters>(&m_fault.parameters)) {
        change(*parameters);
        emit faultEdited(field);
    }
}
