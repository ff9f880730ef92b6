#include "run/CallInspector.h"

#include "report/ReportWording.h"
#include "run/CallTableModel.h"
#include "runner/TestVerdict.h"

#include <QFontDatabase>
#include <QHeaderView>
#include <QLocale>

#include "ui_CallInspector.h"

namespace
{
QString milliseconds(double value)
{
    return QCoreApplication::translate("CallInspector", "%1 ms").arg(QLocale().toString(value, 'f', 3));
}

// The start line of a head: "HTTP/1.1 503 Service Unavailable".
QString startLine(const QByteArray& head)
{
    return QString::fromUtf8(head.left(head.indexOf("\r\n")));
}
} // namespace

CallInspector::CallInspector(QWidget* parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::CallInspector>())
{
    m_ui->setupUi(this);
    QFont bold = m_ui->summaryLabel->font();
    bold.setBold(true);
    m_ui->summaryLabel->setFont(bold);
    const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_ui->requestPlainTextEdit->setFont(fixed);
    m_ui->responsePlainTextEdit->setFont(fixed);
    m_ui->detailsTreeWidget->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    clear(tr("Click a call in the table or a dot on the latency chart to see what happened to it."));
}

CallInspector::~CallInspector() = default;

void CallInspector::clear(const QString& message)
{
    m_shownCall = -1;
    m_ui->summaryLabel->setText(message);
    m_ui->detailsTreeWidget->clear();
    m_ui->requestPlainTextEdit->clear();
    m_ui->responsePlainTextEdit->clear();
    m_ui->exchangeTabWidget->setVisible(false);
}

void CallInspector::showCall(const Item& definition, const ItemResult& result, quint32 callIndex)
{
    const CallRecord* call = findCall(result.calls, callIndex);
    if (!call) {
        clear(tr("Call %1 is not in this run.").arg(callIndex));
        return;
    }
    m_shownCall = callIndex;
    const CallExchange* exchange = findExchange(result.exchanges, callIndex);
    QString outcome = CallTableModel::outcomeText(*call);
    if (call->errorClass == CallErrorClass::None && exchange && !exchange->responseHead.isEmpty()) {
        outcome = startLine(exchange->responseHead).section(QLatin1Char(' '), 1); // "503 Service Unavailable"
    } else if (call->errorClass != CallErrorClass::None) {
        outcome = tr("%1: %2").arg(outcome, describe(call->errorClass));
    }
    QStringList summary{tr("Call %1").arg(call->index), call->failed() ? tr("✗ failed, %1").arg(outcome) : outcome};
    if (call->errorClass != CallErrorClass::Dropped) {
        summary << milliseconds(call->latencyMs());
    }
    m_ui->summaryLabel->setText(summary.join(QStringLiteral(" · ")));
    m_ui->detailsTreeWidget->clear();
    showTimings(*call, !TestVerdict::isLoad(definition));
    showFaults(definition, result, *call);
    m_ui->detailsTreeWidget->resizeColumnToContents(0);
    showExchange(result, *call);
    m_ui->exchangeTabWidget->setVisible(true);
}

void CallInspector::showTimings(const CallRecord& call, bool sequential)
{
    auto* timings = new QTreeWidgetItem(m_ui->detailsTreeWidget, {tr("Timings, from the item's start")});
    QFont bold = timings->font(0);
    bold.setBold(true);
    timings->setFont(0, bold);
    timings->setFirstColumnSpanned(true);
    const double dueMs = call.intendedStartUs / 1000.0;
    const auto add = [timings](const QString& what, const QString& value) {
        new QTreeWidgetItem(timings, {what, value});
    };
    add(tr("Due"), milliseconds(dueMs));
    if (call.errorClass == CallErrorClass::Dropped) {
        add(tr("Sent"), tr("never: %1").arg(describe(call.errorClass)));
    } else {
        add(tr("Sent"), milliseconds(call.startUs / 1000.0));
        add(tr("First byte"), call.ttfbUs >= 0 ? milliseconds(dueMs + call.ttfbUs / 1000.0) : tr("none came"));
        add(tr("End"), milliseconds(dueMs + call.latencyMs()));
        add(tr("Slip"),
            sequential ? tr("none: each call goes when the one before has ended")
                       : milliseconds((call.startUs - call.intendedStartUs) / 1000.0));
    }
    timings->setExpanded(true);
}

void CallInspector::showFaults(const Item& definition, const ItemResult& result, const CallRecord& call)
{
    auto* faultsItem = new QTreeWidgetItem(m_ui->detailsTreeWidget, {tr("Faults")});
    QFont bold = faultsItem->font(0);
    bold.setBold(true);
    faultsItem->setFont(0, bold);
    faultsItem->setFirstColumnSpanned(true);
    const QList<Fault> faults = definition.context ? definition.context->faults : QList<Fault>{};
    QList<AppliedFault> applied;
    for (const AppliedFault& fault : result.appliedFaults) {
        if (fault.callIndex == call.index) {
            applied.append(fault);
        }
    }
    bool any = false;
    for (qsizetype i = 0; i < faults.size() && i < 32; ++i) {
        const Fault& fault = faults.at(i);
        const QString name = tr("#%1 %2").arg(i + 1).arg(ReportWording::faultName(fault.type()));
        const auto appliedHere = std::find_if(applied.begin(), applied.end(),
                                              [i](const AppliedFault& one) { return one.faultIndex == i; });
        if (appliedHere != applied.end()) {
            const QString amount = CallTableModel::appliedAmount(fault, *appliedHere);
            new QTreeWidgetItem(faultsItem, {name, amount.isEmpty() ? tr("applied") : tr("applied: %1").arg(amount)});
            any = true;
        } else if (call.activeFaults >> i & 1u) {
            // Configured for the call, yet the proxy did not report it: a packet loss that lost
            // nothing, a black hole the call never reached.
            new QTreeWidgetItem(faultsItem, {name, tr("configured for this call, not applied by the proxy")});
            any = true;
        }
    }
    if (!any) {
        new QTreeWidgetItem(faultsItem, {tr("None"), tr("no fault was configured for this call")});
    }
    faultsItem->setExpanded(true);
}

void CallInspector::showExchange(const ItemResult& result, const CallRecord& call)
{
    if (call.errorClass == CallErrorClass::Dropped) {
        const QString never = tr("Never sent: %1.").arg(describe(call.errorClass));
        m_ui->requestPlainTextEdit->setPlainText(never);
        m_ui->responsePlainTextEdit->setPlainText(never);
        return;
    }
    const CallExchange* exchange = findExchange(result.exchanges, call.index);
    if (!exchange) {
        const QString notKept = tr("Not kept. Under load, the headers and bodies of every failed call (up to %1 an "
                                   "item) and of %2 other calls spread over the run are kept.")
                                    .arg(CallExchange::MaxFailed)
                                    .arg(CallExchange::MaxSampled);
        m_ui->requestPlainTextEdit->setPlainText(notKept);
        m_ui->responsePlainTextEdit->setPlainText(notKept);
        return;
    }
    QString request = maskedHead(exchange->requestHead);
    if (result.requestBodyBytes > 0) {
        request += bodyText(result.requestBody, result.requestBodyBytes);
    }
    m_ui->requestPlainTextEdit->setPlainText(request);
    QString response;
    if (exchange->responseHead.isEmpty()) {
        response = tr("No response came back: %1.").arg(describe(call.errorClass));
    } else {
        response = maskedHead(exchange->responseHead);
        if (call.errorClass != CallErrorClass::None) {
            response += tr("[the response broke off: %1]\n").arg(describe(call.errorClass));
        }
        response += bodyText(exchange->responseBody, std::max<quint32>(call.bodyBytes, exchange->responseBody.size()));
    }
    m_ui->responsePlainTextEdit->setPlainText(response);
}

QString CallInspector::maskedHead(const QByteArray& head)
{
    QStringList lines = QString::fromUtf8(head).split(QStringLiteral("\r\n"));
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines.at(i).indexOf(QLatin1Char(':'));
        if (colon > 0 && ReportWording::isCredential(lines.at(i).left(colon))) {
            lines[i] = lines.at(i).left(colon) + tr(": •••••• (masked)");
        }
    }
    return lines.join(QLatin1Char('\n'));
}

QString CallInspector::bodyText(const QByteArray& excerpt, quint32 total)
{
    if (total == 0) {
        return {};
    }
    if (excerpt.isEmpty()) {
        return tr("[%1 bytes, none kept]").arg(QLocale().toString(total));
    }
    QString text;
    if (QUtf8StringView(excerpt).isValidUtf8() || excerpt.size() < qsizetype(total)) {
        // An excerpt may end inside a character; the replacement mark then shows where.
        text = QString::fromUtf8(excerpt);
    }
    const bool isText = !text.isEmpty() && !text.contains(QChar(0)) && text.count(QChar::ReplacementCharacter) <= 1;
    if (!isText) {
        QStringList rows;
        for (qsizetype offset = 0; offset < excerpt.size(); offset += 16) {
            rows << QStringLiteral("%1  %2")
                        .arg(offset, 4, 16, QLatin1Char('0'))
                        .arg(QString::fromLatin1(excerpt.mid(offset, 16).toHex(' ')));
        }
        text = tr("[binary]\n%1").arg(rows.join(QLatin1Char('\n')));
    }
    if (excerpt.size() < qsizetype(total)) {
        text += tr("\n[… the first %1 of %2 bytes]").arg(QLocale().toString(excerpt.size()), QLocale().toString(total));
    }
    return text;
}
