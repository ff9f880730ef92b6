#pragma once

#include "runner/RunResult.h"
#include "scenario/Scenario.h"

#include <memory>

#include <QWidget>

namespace Ui
{
class CallInspector;
}

// What happened to one call: its outcome, its timings (due, sent, first byte, end; slip), which
// faults touched it and by how much, and its request and response as kept (headers and the first
// 4 KiB of each body; credentials masked, as in the reports). Bytes that are not text show as hex.
class CallInspector final : public QWidget
{
    Q_OBJECT

public:
    explicit CallInspector(QWidget* parent = nullptr);
    ~CallInspector() override;

    void showCall(const Item& definition, const ItemResult& result, quint32 callIndex);
    // No call: says why (message) instead.
    void clear(const QString& message);
    // The call shown; -1 when none.
    qint64 shownCall() const
    {
        return m_shownCall;
    }

    // The head with the values of credential headers masked.
    static QString maskedHead(const QByteArray& head);
    // Text as it is, or a hex dump when the bytes are not UTF-8; total: the whole body's size.
    static QString bodyText(const QByteArray& excerpt, quint32 total);

private:
    void showTimings(const CallRecord& call, bool sequential);
    void showFaults(const Item& definition, const ItemResult& result, const CallRecord& call);
    void showExchange(const ItemResult& result, const CallRecord& call);

    std::unique_ptr<Ui::CallInspector> m_ui;
    qint64 m_shownCall = -1;
};
