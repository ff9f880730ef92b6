#pragma once

#include "runner/RunResult.h"
#include "scenario/Scenario.h"

#include <QAbstractTableModel>
#include <QSortFilterProxyModel>

// The calls of one finished item, a row each in index order: when each was due, its status or
// error, its latency, first byte and slip, the faults that touched it and whether its headers and
// body were kept. Sorting and filtering go through CallFilterModel, by lessThan()'s raw values.
class CallTableModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        IndexColumn,
        DueColumn,
        StatusColumn,
        LatencyColumn,
        FirstByteColumn,
        SlipColumn,
        FaultsColumn,
        KeptColumn,
        ColumnCount
    };
    explicit CallTableModel(QObject* parent = nullptr);

    // Copies are cheap: the lists are shared, not copied.
    void showItem(const Item& definition, const ItemResult& result);
    void clear();
    const Item& definition() const
    {
        return m_definition;
    }
    const ItemResult& result() const
    {
        return m_result;
    }
    const CallRecord& call(int row) const
    {
        return m_result.calls.at(row);
    }
    // The row of the call with that index; -1 if it has none.
    int rowOf(quint32 callIndex) const;
    // Whether the call at leftRow sorts before the one at rightRow by column.
    bool lessThan(int leftRow, int rightRow, int column) const;
    // The faults the proxy applied to the call at row, in the item's order.
    QList<AppliedFault> appliedFaults(int row) const;

    // "200", "503 Service Unavailable" where the exchange was kept, "timeout", "dropped".
    static QString outcomeText(const CallRecord& call);
    // "latency +102.4 ms", "HTTP error 503", "bandwidth 10,000 B/s", "black-hole".
    static QString appliedInWords(const Fault& fault, const AppliedFault& applied);
    // By how much: "+102.4 ms", "503", "10,000 B/s"; empty for a fault without an amount.
    static QString appliedAmount(const Fault& fault, const AppliedFault& applied);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QString faultsText(int row) const;

    Item m_definition;
    ItemResult m_result;
};

// The calls table's sorting and its three filters: by status class, by outcome or error class,
// and by a fault that touched the call.
class CallFilterModel final : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    enum class StatusFilter { Any, Informational, Success, Redirect, ClientError, ServerError, NoResponse };
    enum class OutcomeFilter { Any, Failed, NoError, ErrorClass };
    // Fault filter: any, none applied, or the item's fault at an index.
    static constexpr int AnyFault = -2;
    static constexpr int NoFault = -1;

    struct Filters
    {
        StatusFilter status = StatusFilter::Any;
        OutcomeFilter outcome = OutcomeFilter::Any;
        // For OutcomeFilter::ErrorClass.
        CallErrorClass errorClass = CallErrorClass::None;
        int fault = AnyFault;
    };

    explicit CallFilterModel(CallTableModel* calls, QObject* parent = nullptr);

    // Filters{} shows every call again (when the call to show is filtered out).
    void setFilters(const Filters& filters);
    bool isFiltering() const;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;

private:
    CallTableModel* m_calls;
    Filters m_filters;
};
