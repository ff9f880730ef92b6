#include "editor/StrategyPanel.h"

#include "editor/OptionalFields.h"
#include "scenario/Duration.h"

#include <QScopedValueRollback>

#include "ui_StrategyPanel.h"

namespace
{
// What a strategy starts from when the user picks its mode.
const RepeatStrategy NewRepeat{.count = 5, .step = 100};
const LoadStrategy NewLoad{.duration = 10000, .clients = 3, .rps = 2};
constexpr double MillisecondsPerSecond = 1000;
} // namespace

StrategyPanel::StrategyPanel(QWidget* parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::StrategyPanel>())
{
    m_ui->setupUi(this);
    // In the order of the Strategy variant's alternatives.
    m_ui->modeComboBox->addItems({tr("Single call"), tr("Repeat, with latency growing each call"), tr("Load")});
    OptionalFields::makeOptional(m_ui->waitSpinBox, 0, tr("no wait"));
    OptionalFields::makeOptional(m_ui->maxClientsSpinBox, 1, tr("default (4 × clients)"));
    OptionalFields::makeOptional(m_ui->steadyStateBeforeSpinBox, 1, tr("none"));
    OptionalFields::makeOptional(m_ui->steadyStateAfterSpinBox, 1, tr("none"));
    connectFields();
    showStrategy();
}

StrategyPanel::~StrategyPanel() = default;

void StrategyPanel::setStrategy(const std::optional<Strategy>& strategy)
{
    m_strategy = strategy;
    showStrategy();
}

const std::optional<Strategy>& StrategyPanel::strategy() const
{
    return m_strategy;
}

void StrategyPanel::connectFields()
{
    connect(m_ui->modeComboBox, &QComboBox::currentIndexChanged, this, &StrategyPanel::changeMode);
    connect(m_ui->countSpinBox, &QSpinBox::valueChanged, this, [this](int count) {
        editMode<RepeatStrategy>(tr("call count"), [count](RepeatStrategy& repeat) { repeat.count = count; });
    });
    connect(m_ui->stepSpinBox, &QDoubleSpinBox::valueChanged, this, [this](double step) {
        editMode<RepeatStrategy>(tr("latency step"), [step](RepeatStrategy& repeat) { repeat.step = step; });
    });
    connect(m_ui->waitSpinBox, &QSpinBox::valueChanged, this, [this] {
        editMode<RepeatStrategy>(
            tr("wait"), [this](RepeatStrategy& repeat) { repeat.wait = OptionalFields::value(m_ui->waitSpinBox); });
    });
    // Unticked writes nothing: false is what the file means when it says nothing.
    connect(m_ui->baselineCheckBox, &QCheckBox::toggled, this, [this](bool baseline) {
        editMode<RepeatStrategy>(tr("baseline call"), [baseline](RepeatStrategy& repeat) {
            repeat.addBaselineCall = baseline ? std::optional<bool>(true) : std::nullopt;
        });
    });
    connect(m_ui->failfastCheckBox, &QCheckBox::toggled, this, [this](bool failfast) {
        editMode<RepeatStrategy>(tr("fail fast"), [failfast](RepeatStrategy& repeat) {
            repeat.failfast = failfast ? std::optional<bool>(true) : std::nullopt;
        });
    });
    connect(m_ui->loadDurationLineEdit, &QLineEdit::textEdited, this, [this](const QString& text) {
        const std::optional<double> duration = parseDuration(text.trimmed());
        if (!duration || *duration <= 0) {
            m_ui->loadDurationStatusLabel->setStatus(StatusLabel::Kind::Problem,
                                                     tr("Write a duration such as 10s, 1m30s or 500ms"));
            m_ui->loadDurationStatusLabel->show();
            return;
        }
        m_ui->loadDurationStatusLabel->hide();
        editMode<LoadStrategy>(tr("load duration"),
                               [duration](LoadStrategy& load) { load.duration = static_cast<qint64>(*duration); });
        showLoadSummary();
    });
    connect(m_ui->clientsSpinBox, &QSpinBox::valueChanged, this, [this](int clients) {
        editMode<LoadStrategy>(tr("clients"), [clients](LoadStrategy& load) { load.clients = clients; });
        showLoadSummary();
    });
    connect(m_ui->rpsSpinBox, &QSpinBox::valueChanged, this, [this](int rps) {
        editMode<LoadStrategy>(tr("rate"), [rps](LoadStrategy& load) { load.rps = rps; });
        showLoadSummary();
    });
    connect(m_ui->maxClientsSpinBox, &QSpinBox::valueChanged, this, [this] {
        editMode<LoadStrategy>(tr("most connections"), [this](LoadStrategy& load) {
            load.maxClients = OptionalFields::value(m_ui->maxClientsSpinBox);
        });
        showLoadSummary();
    });
    connect(m_ui->steadyStateBeforeSpinBox, &QSpinBox::valueChanged, this, [this] {
        editMode<LoadStrategy>(tr("steady state"), [this](LoadStrategy& load) { readSteadyState(load); });
    });
    connect(m_ui->steadyStateAfterSpinBox, &QSpinBox::valueChanged, this, [this] {
        editMode<LoadStrategy>(tr("steady state"), [this](LoadStrategy& load) { readSteadyState(load); });
    });
}

// Both fields at "none" leave the key out, as a file without it says.
void StrategyPanel::readSteadyState(LoadStrategy& load) const
{
    const std::optional<int> before = OptionalFields::value(m_ui->steadyStateBeforeSpinBox);
    const std::optional<int> after = OptionalFields::value(m_ui->steadyStateAfterSpinBox);
    load.steadyState = before || after
        ? std::optional<SteadyState>(SteadyState{.beforeMs = before.value_or(0), .afterMs = after.value_or(0)})
        : std::nullopt;
}

void StrategyPanel::showStrategy()
{
    QScopedValueRollback showing(m_showing, true);
    const int mode = m_strategy ? static_cast<int>(m_strategy->index()) : 0;
    m_ui->modeComboBox->setCurrentIndex(mode);
    m_ui->strategyStackedWidget->setCurrentIndex(mode);
    const RepeatStrategy* repeat = m_strategy ? std::get_if<RepeatStrategy>(&*m_strategy) : nullptr;
    const RepeatStrategy shownRepeat = repeat ? *repeat : NewRepeat;
    m_ui->countSpinBox->setValue(shownRepeat.count);
    m_ui->stepSpinBox->setValue(shownRepeat.step);
    OptionalFields::setValue(m_ui->waitSpinBox, shownRepeat.wait);
    m_ui->baselineCheckBox->setChecked(shownRepeat.addBaselineCall.value_or(false));
    m_ui->failfastCheckBox->setChecked(shownRepeat.failfast.value_or(false));
    const LoadStrategy* load = m_strategy ? std::get_if<LoadStrategy>(&*m_strategy) : nullptr;
    const LoadStrategy shownLoad = load ? *load : NewLoad;
    if (!m_ui->loadDurationLineEdit->hasFocus()) {
        m_ui->loadDurationLineEdit->setText(formatDuration(static_cast<double>(shownLoad.duration)));
        // Shown only with a problem: an empty line would open a gap in the form.
        m_ui->loadDurationStatusLabel->hide();
    }
    m_ui->clientsSpinBox->setValue(shownLoad.clients);
    m_ui->rpsSpinBox->setValue(shownLoad.rps);
    OptionalFields::setValue(m_ui->maxClientsSpinBox, shownLoad.maxClients);
    const auto shownPhase = [&shownLoad](qint64 SteadyState::*phase) {
        const qint64 milliseconds = shownLoad.steadyState ? (*shownLoad.steadyState).*phase : 0;
        return milliseconds > 0 ? std::optional<int>(static_cast<int>(milliseconds)) : std::nullopt;
    };
    OptionalFields::setValue(m_ui->steadyStateBeforeSpinBox, shownPhase(&SteadyState::beforeMs));
    OptionalFields::setValue(m_ui->steadyStateAfterSpinBox, shownPhase(&SteadyState::afterMs));
    showLoadSummary();
}

void StrategyPanel::showLoadSummary()
{
    const LoadStrategy* load = m_strategy ? std::get_if<LoadStrategy>(&*m_strategy) : nullptr;
    const LoadStrategy shown = load ? *load : NewLoad;
    const int rate = shown.clients * shown.rps;
    const double calls = rate * static_cast<double>(shown.duration) / MillisecondsPerSecond;
    m_ui->loadSummaryLabel->setText(tr("%1 calls a second in all, about %2 calls in the run; up to %3 connections "
                                       "when the server slows.")
                                        .arg(rate)
                                        .arg(QString::number(calls, 'f', 0))
                                        .arg(shown.maxClientsOrDefault()));
}

void StrategyPanel::changeMode(int mode)
{
    m_ui->strategyStackedWidget->setCurrentIndex(mode);
    if (m_showing) {
        return;
    }
    switch (mode) {
    case 1:
        m_strategy = NewRepeat;
        break;
    case 2:
        m_strategy = NewLoad;
        break;
    default:
        m_strategy.reset(); // a single call is what no strategy means
        break;
    }
    showStrategy();
    emit strategyEdited(tr("strategy"));
}

template<typename Mode>
void StrategyPanel::editMode(const QString& field, const std::function<void(Mode&)>& change)
{
    if (m_showing || !m_strategy) {
        return;
    }
    if (auto* mode = std::get_if<Mode>(&*m_strategy)) {
        change(*mode);
        emit strategyEdited(field);
    }
}
