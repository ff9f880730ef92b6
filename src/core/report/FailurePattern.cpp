#include "report/FailurePattern.h"

#include "report/ReportWording.h"
#include "runner/LoadPhases.h"
#include "runner/TestVerdict.h"
#include "scenario/Duration.h"

#include <algorithm>
#include <limits>

#include <QMap>
#include <QStringList>

namespace
{
// Failures later than this after a window closed count as persisting rather than draining.
constexpr double DrainMs = 250;

bool noResponse(const CallRecord& call)
{
    return call.errorClass != CallErrorClass::None;
}

// "the black-hole window", "the 3 fault windows"
QString windowsName(const QList<FailurePattern::Window>& windows)
{
    if (windows.size() == 1) {
        return QStringLiteral("the %1 window").arg(windows.first().label);
    }
    return QStringLiteral("the fault windows");
}

int windowOf(const QList<FailurePattern::Window>& windows, double offset)
{
    for (qsizetype i = 0; i < windows.size(); ++i) {
        if (offset >= windows.at(i).beginMs && offset < windows.at(i).endMs) {
            return static_cast<int>(i);
        }
    }
    return -1;
}

// Where the selected calls fell: inside the windows, before them, after them.
QString placeAgainstWindows(const QList<FailurePattern::Window>& windows, const CallRecords& selected,
                            const QString& noun, bool tellRecovery)
{
    QList<int> perWindow(windows.size(), 0);
    int before = 0;
    int inside = 0;
    double persistMs = -1;
    const double firstBegin = FailurePattern::firstBeginMs(windows);
    for (const CallRecord& call : selected) {
        const double offset = FailurePattern::offsetMs(call);
        const int window = windowOf(windows, offset);
        if (window >= 0) {
            ++perWindow[window];
            ++inside;
            continue;
        }
        if (offset < firstBegin) {
            ++before;
            continue;
        }
        // After a window: how long after the latest one that had closed by then.
        double closedAt = -1;
        for (const FailurePattern::Window& candidate : windows) {
            if (candidate.endMs <= offset) {
                closedAt = std::max(closedAt, candidate.endMs);
            }
        }
        persistMs = std::max(persistMs, offset - closedAt);
    }
    const qsizetype count = selected.size();
    QStringList parts;
    if (inside == count) {
        parts << (count == 1 ? QStringLiteral("inside %1").arg(windowsName(windows))
                             : QStringLiteral("all inside %1").arg(windowsName(windows)));
    } else if (inside > 0) {
        parts << QStringLiteral("%1 inside %2").arg(inside).arg(windowsName(windows));
    } else {
        parts << QStringLiteral("none inside %1").arg(windowsName(windows));
    }
    if (windows.size() > 1 && inside > 0) {
        const auto hit = std::count_if(perWindow.begin(), perWindow.end(), [](int calls) { return calls > 0; });
        if (hit < windows.size()) {
            parts.last() += QStringLiteral(", in %1 of the %2").arg(hit).arg(windows.size());
        } else {
            parts.last() += windows.size() == 2 ? QStringLiteral(", in both")
                                                : QStringLiteral(", in all %1").arg(windows.size());
        }
    }
    if (before > 0) {
        parts << QStringLiteral("%1 before any fault: the service %2 on its own").arg(before).arg(noun);
    }
    if (tellRecovery) {
        if (persistMs < 0) {
            parts << QStringLiteral("none after it: recovered");
        } else if (persistMs <= DrainMs) {
            parts << QStringLiteral("a few just after it closed, then none: recovered");
        } else {
            parts << QStringLiteral("errors persist %1 after the window closed").arg(ReportWording::seconds(persistMs));
        }
    }
    return parts.join(QStringLiteral(", "));
}

// "timeout ×3, HTTP 500 ×1"
QString kinds(const CallRecords& calls)
{
    QMap<QString, int> counts;
    for (const CallRecord& call : calls) {
        ++counts[ReportWording::failureKind(call)];
    }
    QStringList parts;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
        parts << QStringLiteral("%1 ×%2").arg(it.key()).arg(it.value());
    }
    return parts.join(QStringLiteral(", "));
}

CallRecords sentCalls(const ItemResult& result)
{
    CallRecords sent;
    std::copy_if(result.calls.begin(), result.calls.end(), std::back_inserter(sent),
                 [](const CallRecord& call) { return call.errorClass != CallErrorClass::Dropped; });
    return sent;
}
} // namespace

QList<FailurePattern::Window> FailurePattern::windowsOf(const Item& item)
{
    QList<Window> windows;
    if (!item.context || !item.context->strategy) {
        return windows;
    }
    const auto* load = std::get_if<LoadStrategy>(&*item.context->strategy);
    if (!load) {
        return windows;
    }
    const double runMs = static_cast<double>(load->duration);
    // Periods are measured over the faulted phase, which a steady state's `before` delays.
    const auto offsetMs = static_cast<double>(LoadPhases(*load).beforeMs());
    for (qsizetype index = 0; index < item.context->faults.size(); ++index) {
        const Fault& fault = item.context->faults.at(index);
        if (!fault.period) {
            continue; // on for the whole run: it tells nothing about when calls failed
        }
        const auto [begin, end] = fault.period->window(runMs);
        windows.append(Window{ReportWording::faultName(fault.type()), offsetMs + begin * runMs, offsetMs + end * runMs,
                              static_cast<int>(index)});
    }
    return windows;
}

double FailurePattern::offsetMs(const CallRecord& call)
{
    return static_cast<double>(call.intendedStartUs) / 1000.0;
}

double FailurePattern::firstBeginMs(const QList<Window>& windows)
{
    return std::min_element(windows.begin(), windows.end(),
                            [](const Window& a, const Window& b) { return a.beginMs < b.beginMs; })
        ->beginMs;
}

double FailurePattern::nextBeginMs(const QList<Window>& windows, const Window& window)
{
    double next = std::numeric_limits<double>::infinity();
    for (const Window& other : windows) {
        if (other.beginMs >= window.endMs) {
            next = std::min(next, other.beginMs);
        }
    }
    return next;
}

QString FailurePattern::ofSlowCalls(const Item& item, const ItemResult& result, double thresholdMs)
{
    const CallRecords sent = sentCalls(result);
    CallRecords slow;
    std::copy_if(sent.begin(), sent.end(), std::back_inserter(slow),
                 [thresholdMs](const CallRecord& call) { return noResponse(call) || call.latencyMs() > thresholdMs; });
    QString text = QStringLiteral("%1/%2 requests over threshold").arg(slow.size()).arg(sent.size());
    const auto unanswered = std::count_if(slow.begin(), slow.end(), noResponse);
    if (unanswered > 0) {
        text += QStringLiteral(" (%1 with no response)").arg(unanswered);
    }
    const QList<Window> windows = windowsOf(item);
    if (slow.isEmpty()) {
        return text;
    }
    if (windows.isEmpty()) {
        return text + QStringLiteral(", with the faults on throughout");
    }
    return text + QStringLiteral(", ") + placeAgainstWindows(windows, slow, QStringLiteral("was slow"), false);
}

QString FailurePattern::ofFailedCalls(const Item& item, const ItemResult& result)
{
    const CallRecords sent = sentCalls(result);
    CallRecords failed;
    std::copy_if(sent.begin(), sent.end(), std::back_inserter(failed),
                 [](const CallRecord& call) { return call.failed(); });
    if (failed.isEmpty()) {
        return QStringLiteral("no failed calls");
    }
    const QString what = QStringLiteral("%1 %2 (%3)")
                             .arg(failed.size())
                             .arg(failed.size() == 1 ? QStringLiteral("failure") : QStringLiteral("failures"))
                             .arg(kinds(failed));
    const QList<Window> windows = windowsOf(item);
    if (windows.isEmpty()) {
        return QStringLiteral("%1 of %2 calls failed (%3), with the faults on throughout")
            .arg(failed.size())
            .arg(sent.size())
            .arg(kinds(failed));
    }
    return what + QStringLiteral(": ") + placeAgainstWindows(windows, failed, QStringLiteral("failed"), true);
}

QString FailurePattern::ofExpectationMisses(const Item& item, const ItemResult& result)
{
    const FailureExplanation explanation(item);
    CallRecords missed;
    for (const CallRecord& call : result.calls) {
        if (!TestVerdict::callPasses(item, explanation, call)) {
            missed.append(call);
        }
    }
    if (missed.isEmpty()) {
        return QStringLiteral("every call met it");
    }
    QStringList parts;
    for (const CallRecord& call : missed) {
        parts << (call.failed() ? ReportWording::failureKind(call)
                                : QStringLiteral("%1 ms").arg(call.latencyMs(), 0, 'f', 0));
    }
    QString text = QStringLiteral("%1 of %2 calls missed it (%3)")
                       .arg(missed.size())
                       .arg(result.calls.size())
                       .arg(parts.size() <= 5 ? parts.join(QStringLiteral(", ")) : kinds(missed));
    const auto* repeat
        = item.context && item.context->strategy ? std::get_if<RepeatStrategy>(&*item.context->strategy) : nullptr;
    // A stepped repeat: from which call on the growing latency broke it.
    if (repeat && repeat->step > 0 && missed.size() < result.calls.size()) {
        const quint32 first = missed.first().index;
        const bool fromThereOn = std::all_of(result.calls.begin(), result.calls.end(), [&](const CallRecord& call) {
            return call.index < first || std::any_of(missed.begin(), missed.end(), [&call](const CallRecord& miss) {
                       return miss.index == call.index;
                   });
        });
        if (fromThereOn) {
            text += QStringLiteral(", every call from call %1 on").arg(first + 1);
        }
    }
    return text;
}
