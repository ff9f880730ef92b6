#include "run/CallTableModel.h"

#include "report/ReportWording.h"

#include <algorithm>

#include <QLocale>

CallTableModel::CallTableModel(QObject* parent)
    : QAbstractTableModel(parent)
{ }

void CallTableModel::showItem(const Item& definition, const ItemResult& result)
{
    beginResetModel();
    m_definition = definition;
    m_result = result;
    endResetModel();
}

void CallTableModel::clear()
{
    showItem(Item{}, ItemResult{});
}

int CallTableModel::rowOf(quint32 callIndex) const
{
    const CallRecord* call = findCall(m_result.calls, callIndex);
    return call ? static_cast<int>(call - m_result.calls.constData()) : -1;
}

QList<AppliedFault> CallTableModel::appliedFaults(int row) const
{
    const quint32 index = m_result.calls.at(row).index;
    const QList<AppliedFault>& applied = m_result.appliedFaults;
    auto found = std::lower_bound(applied.begin(), applied.end(), index,
                                  [](const AppliedFault& fault, quint32 wanted) { return fault.callIndex < wanted; });
    QList<AppliedFault> faults;
    for (; found != applied.end() && found->callIndex == index; ++found) {
        faults.append(*found);
    }
    std::sort(faults.begin(), faults.end(),
              [](const AppliedFault& a, const AppliedFault& b) { return a.faultIndex < b.faultIndex; });
    return faults;
}

QString CallTableModel::outcomeText(const CallRecord& call)
{
    if (call.errorClass != CallErrorClass::None) {
        return toString(call.errorClass);
    }
    return QString::number(call.status);
}

QString CallTableModel::appliedInWords(const Fault& fault, const AppliedFault& applied)
{
    const QString amount = appliedAmount(fault, applied);
    const QString name = ReportWording::faultName(fault.type());
    return amount.isEmpty() ? name : tr("%1 %2").arg(name, amount);
}

QString CallTableModel::appliedAmount(const Fault& fault, const AppliedFault& applied)
{
    const QLocale locale;
    switch (fault.type()) {
    case FaultType::Latency:
        return tr("+%1 ms").arg(locale.toString(applied.amount, 'f', 1));
    case FaultType::Jitter:
        return tr("±%1 ms").arg(locale.toString(applied.amount, 'f', 1));
    case FaultType::Bandwidth:
        return tr("%1 B/s").arg(locale.toString(qint64(applied.amount)));
    case FaultType::HttpError:
        return QString::number(applied.amount > 0 ? int(applied.amount)
                                                  : std::get<HttpErrorFault>(fault.parameters).statusCode);
    case FaultType::PacketLoss:
    case FaultType::Blackhole:
        break;
    }
    return {};
}

QString CallTableModel::faultsText(int row) const
{
    QStringList words;
    const QList<Fault> faults = m_definition.context ? m_definition.context->faults : QList<Fault>{};
    for (const AppliedFault& applied : appliedFaults(row)) {
        if (applied.faultIndex < faults.size()) {
            words << appliedInWords(faults.at(applied.faultIndex), applied);
        }
    }
    return words.join(QStringLiteral(", "));
}

int CallTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_result.calls.size());
}

int CallTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant CallTableModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_result.calls.size()) {
        return {};
    }
    const CallRecord& call = m_result.calls.at(index.row());
    const bool answered = call.errorClass == CallErrorClass::None;
    const bool sent = call.errorClass != CallErrorClass::Dropped;
    const qint64 slipUs = call.startUs - call.intendedStartUs;
    if (role == Qt::TextAlignmentRole) {
        return index.column() == FaultsColumn ? QVariant(Qt::AlignLeft | Qt::AlignVCenter)
                                              : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    }
    if (role == Qt::ToolTipRole && index.column() == StatusColumn && !answered) {
        return describe(call.errorClass);
    }
    if (role != Qt::DisplayRole) {
        return {};
    }
    const QLocale locale;
    const auto ms = [&locale](double value) {
        return locale.toString(value, 'f', 1);
    };
    switch (index.column()) {
    case IndexColumn:
        return call.index;
    case DueColumn:
        return locale.toString(call.intendedStartUs / 1e6, 'f', 3);
    case StatusColumn:
        // A failure is marked in words as well as by its class, not by colour alone.
        return call.failed() ? tr("✗ %1").arg(outcomeText(call)) : outcomeText(call);
    case LatencyColumn:
        return sent ? ms(call.latencyMs()) : QString();
    case FirstByteColumn:
        return call.ttfbUs >= 0 ? ms(call.ttfbUs / 1000.0) : QStringLiteral("—");
    case SlipColumn:
        return sent ? ms(slipUs / 1000.0) : QString();
    case FaultsColumn:
        return faultsText(index.row());
    case KeptColumn:
        return findExchange(m_result.exchanges, call.index) ? tr("✓") : QString();
    }
    return {};
}

bool CallTableModel::lessThan(int leftRow, int rightRow, int column) const
{
    // Raw values, no QVariant: a proxy sorting 300,000 calls compares about five million times.
    const CallRecord& left = m_result.calls.at(leftRow);
    const CallRecord& right = m_result.calls.at(rightRow);
    const auto status = [](const CallRecord& call) {
        // Answers by status, then the failures by class.
        return call.errorClass == CallErrorClass::None ? int(call.status) : 1000 + int(call.errorClass);
    };
    const auto latency = [](const CallRecord& call) {
        return call.errorClass != CallErrorClass::Dropped ? call.latencyUs : -1;
    };
    const auto kept = [this](const CallRecord& call) {
        return findExchange(m_result.exchanges, call.index) != nullptr;
    };
    switch (column) {
    case IndexColumn:
        return left.index < right.index;
    case DueColumn:
        return left.intendedStartUs < right.intendedStartUs;
    case StatusColumn:
        return status(left) < status(right);
    case LatencyColumn:
        return latency(left) < latency(right);
    case FirstByteColumn:
        return left.ttfbUs < right.ttfbUs;
    case SlipColumn:
        return left.startUs - left.intendedStartUs < right.startUs - right.intendedStartUs;
    case FaultsColumn:
        return faultsText(leftRow) < faultsText(rightRow);
    case KeptColumn:
        return kept(left) < kept(right);
    }
    return false;
}

QVariant CallTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal) {
        return {};
    }
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case DueColumn:
            return tr("When the call was due, in seconds from the item's start");
        case LatencyColumn:
            return tr("From when the call was due to the end of its response");
        case FirstByteColumn:
            return tr("Time to first byte: from when the call was due to the first byte of its response");
        case SlipColumn:
            return tr("How late the call went out after it was due");
        case FaultsColumn:
            return tr("The faults the proxy applied to this call, and by how much");
        case KeptColumn:
            return tr("Whether its headers and the first 4 KiB of its bodies were kept");
        }
        return {};
    }
    if (role != Qt::DisplayRole) {
        return {};
    }
    switch (section) {
    case IndexColumn:
        return tr("Call");
    case DueColumn:
        return tr("Due (s)");
    case StatusColumn:
        return tr("Status");
    case LatencyColumn:
        return tr("Latency (ms)");
    case FirstByteColumn:
        return tr("TTFB (ms)");
    case SlipColumn:
        return tr("Slip (ms)");
    case FaultsColumn:
        return tr("Faults applied");
    case KeptColumn:
        return tr("Kept");
    }
    return {};
}

CallFilterModel::CallFilterModel(CallTableModel* calls, QObject* parent)
    : QSortFilterProxyModel(parent)
    , m_calls(calls)
{
    setSourceModel(calls);
}

void CallFilterModel::setFilters(const Filters& filters)
{
    // One pass over the calls for the three of them.
    m_filters = filters;
    invalidateFilter();
}

bool CallFilterModel::isFiltering() const
{
    return m_filters.status != StatusFilter::Any || m_filters.outcome != OutcomeFilter::Any
        || m_filters.fault != AnyFault;
}

bool CallFilterModel::lessThan(const QModelIndex& left, const QModelIndex& right) const
{
    return m_calls->lessThan(left.row(), right.row(), left.column());
}

bool CallFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex&) const
{
    const CallRecord& call = m_calls->call(sourceRow);
    const bool answered = call.errorClass == CallErrorClass::None;
    switch (m_filters.status) {
    case StatusFilter::Any:
        break;
    case StatusFilter::NoResponse:
        if (answered) {
            return false;
        }
        break;
    default: {
        const int hundreds = static_cast<int>(m_filters.status); // Informational is 1, ServerError 5
        if (!answered || call.status / 100 != hundreds) {
            return false;
        }
    }
    }
    switch (m_filters.outcome) {
    case OutcomeFilter::Any:
        break;
    case OutcomeFilter::Failed:
        if (!call.failed()) {
            return false;
        }
        break;
    case OutcomeFilter::NoError:
        if (call.failed()) {
            return false;
        }
        break;
    case OutcomeFilter::ErrorClass:
        if (call.errorClass != m_filters.errorClass) {
            return false;
        }
        break;
    }
    const int fault = m_filters.fault;
    if (fault == NoFault) {
        return call.appliedFaults == 0;
    }
    return fault == AnyFault || (fault < 32 && (call.appliedFaults >> fault & 1u));
}
