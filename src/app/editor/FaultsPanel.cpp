#include "editor/FaultsPanel.h"

#include "editor/FaultDescriptions.h"
#include "shell/AppIcons.h"

#include <QScopedValueRollback>
#include <QUrl>

#include "ui_FaultsPanel.h"

namespace
{
qint64 runMillisecondsOf(const Context& context)
{
    const auto* load = context.strategy ? std::get_if<LoadStrategy>(&*context.strategy) : nullptr;
    return load ? load->duration : 0;
}
} // namespace

FaultsPanel::FaultsPanel(QWidget* parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::FaultsPanel>())
{
    m_ui->setupUi(this);
    const QPair<QToolButton*, FaultType> palette[] = {
        {m_ui->addLatencyButton, FaultType::Latency},     {m_ui->addJitterButton, FaultType::Jitter},
        {m_ui->addBandwidthButton, FaultType::Bandwidth}, {m_ui->addPacketLossButton, FaultType::PacketLoss},
        {m_ui->addHttpErrorButton, FaultType::HttpError}, {m_ui->addBlackholeButton, FaultType::Blackhole},
    };
    for (const auto& [button, type] : palette) {
        button->setIcon(AppIcons::faultIcon(type));
        button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
        button->setAutoRaise(true);
        button->setToolTip(tr("Add a %1 fault").arg(FaultDescriptions::title(type).toLower()));
        button->setAccessibleName(button->toolTip());
        connect(button, &QToolButton::clicked, this, [this, type = type] { addFault(type); });
    }
    m_ui->duplicateFaultButton->setIcon(AppIcons::icon(QStringLiteral("duplicate")));
    m_ui->removeFaultButton->setIcon(AppIcons::icon(QStringLiteral("list-remove")));
    m_ui->faultsSplitter->setStretchFactor(0, 1);
    m_ui->faultsSplitter->setStretchFactor(1, 2);

    connect(m_ui->upstreamsLineEdit, &QLineEdit::textEdited, this, &FaultsPanel::readUpstreams);
    connect(m_ui->upstreamFromUrlButton, &QPushButton::clicked, this, &FaultsPanel::useCallHost);
    connect(m_ui->duplicateFaultButton, &QToolButton::clicked, this, &FaultsPanel::duplicateFault);
    connect(m_ui->removeFaultButton, &QToolButton::clicked, this, &FaultsPanel::removeFault);
    connect(m_ui->faultsListWidget, &QListWidget::currentRowChanged, this, [this](int row) {
        m_ui->faultTimelineWidget->setSelectedFault(row);
        showSelectedFault();
    });
    connect(m_ui->faultTimelineWidget, &FaultTimelineWidget::faultSelected, this, &FaultsPanel::selectFault);
    connect(m_ui->faultTimelineWidget, &FaultTimelineWidget::periodEdited, this,
            [this](int index, const Period& period) {
                m_context.faults[index].period = period;
                if (index == selectedFault()) {
                    showSelectedFault();
                }
                showTimeline();
                edited(tr("period of fault %1").arg(index + 1));
            });
    connect(m_ui->faultDetailPanel, &FaultDetailPanel::faultEdited, this, &FaultsPanel::faultEdited);
    setContext({});
}

FaultsPanel::~FaultsPanel() = default;

void FaultsPanel::setContext(const Context& context)
{
    QScopedValueRollback showing(m_showing, true);
    const int selected = selectedFault();
    m_context = context;
    if (!m_ui->upstreamsLineEdit->hasFocus()) {
        m_ui->upstreamsLineEdit->setText(context.upstreams.join(QStringLiteral(", ")));
    }
    showFaults();
    selectFault(m_context.faults.isEmpty() ? -1
                                           : std::clamp(selected, 0, static_cast<int>(m_context.faults.size()) - 1));
}

void FaultsPanel::setCallUrl(const QString& url)
{
    m_callUrl = url;
    m_ui->upstreamFromUrlButton->setEnabled(!QUrl(url).host().isEmpty());
}

const Context& FaultsPanel::context() const
{
    return m_context;
}

void FaultsPanel::selectFault(int index)
{
    m_ui->faultsListWidget->setCurrentRow(index);
    m_ui->faultTimelineWidget->setSelectedFault(index);
    showSelectedFault();
}

void FaultsPanel::addFault(FaultType type)
{
    m_context.faults.append(makeDefaultFault(type));
    showFaults();
    selectFault(static_cast<int>(m_context.faults.size()) - 1);
    edited(tr("add %1 fault").arg(FaultDescriptions::title(type).toLower()));
}

void FaultsPanel::duplicateFault()
{
    const int index = selectedFault();
    if (index < 0) {
        return;
    }
    m_context.faults.insert(index + 1, m_context.faults.at(index));
    showFaults();
    selectFault(index + 1);
    edited(tr("duplicate fault"));
}

void FaultsPanel::removeFault()
{
    const int index = selectedFault();
    if (index < 0) {
        return;
    }
    m_context.faults.removeAt(index);
    showFaults();
    selectFault(std::min(index, static_cast<int>(m_context.faults.size()) - 1));
    edited(tr("remove fault"));
}

void FaultsPanel::showFaults()
{
    QListWidget* list = m_ui->faultsListWidget;
    const QSignalBlocker blocker(list);
    const int current = list->currentRow();
    list->clear();
    for (const Fault& fault : m_context.faults) {
        auto* entry = new QListWidgetItem(AppIcons::faultIcon(fault.type()), FaultDescriptions::summary(fault), list);
        entry->setToolTip(FaultDescriptions::title(fault.type()));
    }
    list->setCurrentRow(std::min(current, static_cast<int>(m_context.faults.size()) - 1));
    m_ui->duplicateFaultButton->setEnabled(!m_context.faults.isEmpty());
    m_ui->removeFaultButton->setEnabled(!m_context.faults.isEmpty());
    showTimeline();
}

void FaultsPanel::showSelectedFault()
{
    const int index = selectedFault();
    m_ui->faultDetailPanel->setVisible(index >= 0);
    if (index >= 0) {
        m_ui->faultDetailPanel->setFault(m_context.faults.at(index));
    }
}

void FaultsPanel::showTimeline()
{
    const qint64 run = runMillisecondsOf(m_context);
    m_ui->faultTimelineWidget->setFaults(m_context.faults, run);
    // Only worth the room it takes when periods do nothing.
    m_ui->timelineNoteLabel->setVisible(run == 0);
    m_ui->timelineNoteLabel->setStatus(StatusLabel::Kind::Note,
                                       tr("Periods take effect under the load strategy; with a single call or a "
                                          "repeat every fault is on for the whole call."));
    m_ui->faultTimelineWidget->setToolTip(
        tr("Drag a window to move it, or its edges to change when it starts and how long it lasts."));
}

void FaultsPanel::faultEdited(const QString& field)
{
    const int index = selectedFault();
    if (index < 0) {
        return;
    }
    m_context.faults[index] = m_ui->faultDetailPanel->fault();
    if (QListWidgetItem* entry = m_ui->faultsListWidget->item(index)) {
        entry->setText(FaultDescriptions::summary(m_context.faults.at(index)));
    }
    showTimeline();
    edited(tr("%1 of fault %2").arg(field).arg(index + 1));
}

void FaultsPanel::readUpstreams()
{
    QStringList upstreams;
    for (const QString& upstream : m_ui->upstreamsLineEdit->text().split(QLatin1Char(','))) {
        if (!upstream.trimmed().isEmpty()) {
            upstreams << upstream.trimmed();
        }
    }
    if (upstreams != m_context.upstreams) {
        m_context.upstreams = upstreams;
        edited(tr("upstreams"));
    }
}

void FaultsPanel::useCallHost()
{
    const QUrl url(m_callUrl);
    if (url.host().isEmpty()) {
        return;
    }
    const QString port = url.port() > 0 ? QStringLiteral(":%1").arg(url.port()) : QString();
    const QString upstream = QStringLiteral("%1://%2%3/").arg(url.scheme(), url.host(), port);
    if (!m_context.upstreams.contains(upstream)) {
        m_context.upstreams.append(upstream);
        m_ui->upstreamsLineEdit->setText(m_context.upstreams.join(QStringLiteral(", ")));
        edited(tr("upstreams"));
    }
}

int FaultsPanel::selectedFault() const
{
    return m_ui->faultsListWidget->currentRow();
}

void FaultsPanel::edited(const QString& field)
{
    if (!m_showing) {
        emit contextEdited(field);
    }
}
