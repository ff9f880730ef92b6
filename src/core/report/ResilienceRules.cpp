#include "report/ResilienceRules.h"

#include "report/FailurePattern.h"
#include "report/ReportWording.h"
#include "runner/RunOptions.h"
#include "runner/SortedLatencies.h"

#include <algorithm>
#include <cmath>
#include <functional>

using namespace ReportWording;

namespace
{
// Fewer calls than this prove nothing either way.
constexpr qsizetype MinimumEvidenceCalls = 3;
// A call waiting this long for an answer hangs its caller, whatever the SLO says.
constexpr double HangMs = 1000;
// Of the calls an HTTP-error fault hit, at least this share reaching the caller means nothing retried them.
constexpr double PassedThroughShare = 0.9;
// Failures after a window closed that stop within this long are a burst; longer, they persist.
constexpr double BurstMs = 2000;
// p99 growing this many times the injected delay is amplification, not the delay itself.
constexpr double TailFactor = 3;
constexpr double TailMarginMs = 50;
// A cap is what makes calls slow when they take this many times as long as without it.
constexpr double BandwidthFactor = 3;
constexpr double BandwidthMarginMs = 100;
// Calls still this much slower than before a window, this long after it closed, recover slowly.
constexpr double RecoveryMarginMs = 50;
constexpr double SlowRecoveryMs = 1000;

// One item of the run with what the rules read from it.
struct ItemView
{
    const Scenario& scenario;
    const Item& item;
    const ItemResult& result;
    QList<FailurePattern::Window> windows;

    QList<Fault> faults() const
    {
        return item.context ? item.context->faults : QList<Fault>{};
    }
    // "“Black-hole for 1 s under load”, GET /"
    QString where() const
    {
        return QStringLiteral("“%1”, %2").arg(scenario.title, endpoint(item.call));
    }
};

bool touchedBy(const CallRecord& call, int faultIndex)
{
    return faultIndex < 32 && (call.appliedFaults & (1u << faultIndex)) != 0;
}

bool answered(const CallRecord& call)
{
    return call.errorClass == CallErrorClass::None;
}

bool sent(const CallRecord& call)
{
    return call.errorClass != CallErrorClass::Dropped;
}

QList<int> faultsOfType(const ItemView& view, FaultType type)
{
    QList<int> indexes;
    const QList<Fault> faults = view.faults();
    for (qsizetype i = 0; i < faults.size(); ++i) {
        if (faults.at(i).type() == type) {
            indexes << static_cast<int>(i);
        }
    }
    return indexes;
}

CallRecords callsWhere(const ItemResult& result, const std::function<bool(const CallRecord&)>& keep)
{
    CallRecords kept;
    std::copy_if(result.calls.begin(), result.calls.end(), std::back_inserter(kept), keep);
    return kept;
}

QString ms(double value)
{
    return QStringLiteral("%1 ms").arg(milliseconds(value));
}

QString kilobytes(double bytes)
{
    return QStringLiteral("%1 KB").arg(bytes / 1000.0, 0, 'f', 1);
}

// The tightest latency budget the item's SLOs and expectation set, if any.
std::optional<double> latencyBudgetMs(const Item& item)
{
    std::optional<double> budget;
    if (item.context) {
        for (const Slo& slo : item.context->slo) {
            if (slo.type == SloType::Latency) {
                budget = std::min(budget.value_or(slo.threshold), slo.threshold);
            }
        }
    }
    if (item.expect && item.expect->responseTimeUnder) {
        budget = std::min(budget.value_or(*item.expect->responseTimeUnder), *item.expect->responseTimeUnder);
    }
    return budget;
}

// The failed calls no fault touched that were due after window closed and before the next window
// opened (or the item ended).
struct AfterWindow
{
    FailurePattern::Window window;
    CallRecords failures;
    double lastFailureMs = 0; // after the window's end
    bool passedAfterwards = false; // a call passed after the last failure, before the next window
};

std::optional<AfterWindow> afterWindow(const ItemView& view, const FailurePattern::Window& window)
{
    const double nextBegin = FailurePattern::nextBeginMs(view.windows, window);
    AfterWindow after{.window = window};
    for (const CallRecord& call : view.result.calls) {
        const double offset = FailurePattern::offsetMs(call);
        if (offset < window.endMs || offset >= nextBegin || !sent(call)) {
            continue;
        }
        if (call.failed() && call.appliedFaults == 0) {
            after.failures << call;
            after.lastFailureMs = std::max(after.lastFailureMs, offset - window.endMs);
            after.passedAfterwards = false;
        } else if (!call.failed() && !after.failures.isEmpty()) {
            after.passedAfterwards = true;
        }
    }
    if (after.failures.size() < 2) {
        return std::nullopt;
    }
    return after;
}

// Each rule: the evidence it finds in an item (one line), or nothing.
using Matcher = std::function<std::optional<QString>(const ItemView&)>;

std::optional<QString> noClientTimeout(const ItemView& view)
{
    CallRecords hung;
    for (const int fault : faultsOfType(view, FaultType::Blackhole)) {
        hung += callsWhere(view.result, [fault](const CallRecord& call) {
            return touchedBy(call, fault) && call.errorClass == CallErrorClass::Timeout;
        });
    }
    if (hung.isEmpty()) {
        return std::nullopt;
    }
    const double hangMs = SortedLatencies(hung).percentile(50);
    const std::optional<double> budget = latencyBudgetMs(view.item);
    const double limit = std::min(HangMs, budget.value_or(HangMs));
    if (hangMs < limit) {
        return std::nullopt;
    }
    const QString timeout = view.item.call.timeout
        ? QStringLiteral("the call's timeout of %1").arg(ms(*view.item.call.timeout))
        : QStringLiteral("the runner's default timeout of %1, as the scenario sets none")
              .arg(ms(RunOptions{}.defaultTimeoutMs));
    QString line = QStringLiteral("%1: the %2 calls the black-hole caught hung %3 each (median) until %4 ended them")
                       .arg(view.where())
                       .arg(hung.size())
                       .arg(ms(hangMs), timeout);
    if (budget && hangMs >= *budget) {
        line += QStringLiteral(", longer than the %1 latency budget").arg(ms(*budget));
    }
    return line + QLatin1Char('.');
}

std::optional<QString> noRetry(const ItemView& view)
{
    const QList<Fault> faults = view.faults();
    for (const int index : faultsOfType(view, FaultType::HttpError)) {
        const auto& error = std::get<HttpErrorFault>(faults.at(index).parameters);
        const CallRecords hit
            = callsWhere(view.result, [index](const CallRecord& call) { return touchedBy(call, index); });
        if (hit.size() < MinimumEvidenceCalls) {
            continue;
        }
        const auto reached = std::count_if(
            hit.begin(), hit.end(), [&error](const CallRecord& call) { return call.status == error.statusCode; });
        if (static_cast<double>(reached) < PassedThroughShare * static_cast<double>(hit.size())) {
            continue;
        }
        return QStringLiteral("%1: %2 of the %3 injected HTTP %4 responses (probability %5) reached the caller as they "
                              "were; a retry would have turned most of them into successes.")
            .arg(view.where())
            .arg(reached)
            .arg(hit.size())
            .arg(error.statusCode)
            .arg(error.probability);
    }
    return std::nullopt;
}

std::optional<QString> retriesWithoutBackoff(const ItemView& view)
{
    for (const FailurePattern::Window& window : view.windows) {
        const std::optional<AfterWindow> after = afterWindow(view, window);
        if (after && after->passedAfterwards && after->lastFailureMs <= BurstMs) {
            return QStringLiteral("%1: %2 calls no fault touched failed in the %3 after the %4 window closed, then the "
                                  "calls passed again.")
                .arg(view.where())
                .arg(after->failures.size())
                .arg(seconds(after->lastFailureMs), window.label);
        }
    }
    return std::nullopt;
}

std::optional<QString> noCircuitBreaker(const ItemView& view)
{
    for (const FailurePattern::Window& window : view.windows) {
        const std::optional<AfterWindow> after = afterWindow(view, window);
        if (after && (!after->passedAfterwards || after->lastFailureMs > BurstMs)) {
            return QStringLiteral("%1: errors persist %2 after the %3 window closed (%4 failed calls no fault "
                                  "touched)%5.")
                .arg(view.where(), seconds(after->lastFailureMs), window.label)
                .arg(after->failures.size())
                .arg(after->passedAfterwards ? QString() : QStringLiteral(", up to the end of the item"));
        }
    }
    return std::nullopt;
}

// The delay the proxy reported adding to the calls of fault index, on average; else its mean.
double injectedDelayMs(const ItemView& view, int index)
{
    double total = 0;
    int count = 0;
    for (const AppliedFault& applied : view.result.appliedFaults) {
        if (applied.faultIndex == index) {
            total += applied.amount;
            ++count;
        }
    }
    if (count > 0) {
        return total / count;
    }
    return std::get<LatencyFault>(view.faults().at(index).parameters).meanOrDefault();
}

std::optional<QString> tailAmplification(const ItemView& view)
{
    const CallRecords clean
        = callsWhere(view.result, [](const CallRecord& call) { return answered(call) && call.appliedFaults == 0; });
    if (clean.size() < MinimumEvidenceCalls) {
        return std::nullopt;
    }
    const double cleanMedian = SortedLatencies(clean).percentile(50);
    for (const int index : faultsOfType(view, FaultType::Latency)) {
        const CallRecords hit = callsWhere(
            view.result, [index](const CallRecord& call) { return answered(call) && touchedBy(call, index); });
        if (hit.size() < MinimumEvidenceCalls) {
            continue;
        }
        const double injected = injectedDelayMs(view, index);
        const double growth = SortedLatencies(hit).percentile(99) - cleanMedian;
        if (growth < TailFactor * injected || growth < injected + TailMarginMs) {
            continue;
        }
        return QStringLiteral("%1: %2 of injected latency on average, yet the p99 of the calls it touched is %3 above "
                              "the p50 of the calls it did not (%4): %5 times the delay.")
            .arg(view.where(), ms(injected), ms(growth), ms(cleanMedian))
            .arg(injected > 0 ? growth / injected : 0, 0, 'f', 1);
    }
    return std::nullopt;
}

std::optional<QString> bandwidthSensitivePayloads(const ItemView& view)
{
    const CallRecords clean
        = callsWhere(view.result, [](const CallRecord& call) { return answered(call) && call.appliedFaults == 0; });
    const QList<Fault> faults = view.faults();
    for (const int index : faultsOfType(view, FaultType::Bandwidth)) {
        const CallRecords hit = callsWhere(
            view.result, [index](const CallRecord& call) { return answered(call) && touchedBy(call, index); });
        if (hit.size() < MinimumEvidenceCalls) {
            continue;
        }
        const double hitMedian = SortedLatencies(hit).percentile(50);
        const bool comparable = clean.size() >= MinimumEvidenceCalls;
        const double rate = std::get<BandwidthFault>(faults.at(index).parameters).bytesPerSecond();
        QList<double> bodies;
        for (const CallRecord& call : hit) {
            bodies << static_cast<double>(call.bodyBytes);
        }
        const double body = SortedLatencies(bodies).percentile(50);
        const double transferMs = rate > 0 ? 1000.0 * body / rate : 0;
        // Without calls to compare with, the cap explains the time when the body's transfer does.
        const double reference
            = comparable ? SortedLatencies(clean).percentile(50) : std::max(0.0, hitMedian - transferMs);
        if (hitMedian < BandwidthFactor * reference || hitMedian < reference + BandwidthMarginMs) {
            continue;
        }
        QString line = QStringLiteral("%1: under a cap of %2/s, calls with a median body of %3 took %4 (p50)")
                           .arg(view.where(), kilobytes(rate), kilobytes(body), ms(hitMedian));
        if (comparable) {
            line += QStringLiteral(" against %1 without it").arg(ms(reference));
        }
        return line + QStringLiteral("; moving %1 at that rate alone takes %2.").arg(kilobytes(body), ms(transferMs));
    }
    return std::nullopt;
}

std::optional<QString> slowRecovery(const ItemView& view)
{
    if (view.windows.isEmpty()) {
        return std::nullopt;
    }
    const double firstBegin = FailurePattern::firstBeginMs(view.windows);
    const CallRecords before = callsWhere(view.result, [firstBegin](const CallRecord& call) {
        return answered(call) && call.appliedFaults == 0 && FailurePattern::offsetMs(call) < firstBegin;
    });
    if (before.size() < MinimumEvidenceCalls) {
        return std::nullopt;
    }
    const double usualMs = SortedLatencies(before).percentile(50);
    const double slowMs = usualMs + std::max(RecoveryMarginMs, usualMs);
    for (const FailurePattern::Window& window : view.windows) {
        const double nextBegin = FailurePattern::nextBeginMs(view.windows, window);
        const CallRecords slow = callsWhere(view.result, [&](const CallRecord& call) {
            const double offset = FailurePattern::offsetMs(call);
            return answered(call) && call.appliedFaults == 0 && offset >= window.endMs && offset < nextBegin
                && call.latencyMs() > slowMs;
        });
        if (slow.size() < MinimumEvidenceCalls) {
            continue;
        }
        const double lastMs = FailurePattern::offsetMs(slow.last()) - window.endMs;
        if (lastMs < SlowRecoveryMs) {
            continue;
        }
        return QStringLiteral("%1: after the %2 window closed, calls no fault touched stayed slow for %3: %4 of them "
                              "over %5, where the p50 before the window was %6.")
            .arg(view.where(), window.label, seconds(lastMs))
            .arg(slow.size())
            .arg(ms(slowMs), ms(usualMs));
    }
    return std::nullopt;
}

struct Rule
{
    Matcher matcher;
    ReportFinding finding; // everything but the evidence
};

QList<Rule> rules()
{
    return {
        {noClientTimeout,
         {.rule = QStringLiteral("no-client-timeout"),
          .title = QStringLiteral("Calls hang for as long as the timeout allows"),
          .hypothesis = QStringLiteral(
              "When the network goes silent, the caller waits for as long as its timeout allows, or forever "
              "without one: every call caught by the black-hole held a connection and a worker for the whole time."),
          .recommendation = QStringLiteral(
              "Give every outbound call an explicit connect and read timeout below the endpoint's latency budget, "
              "and a total deadline, so that a silent peer costs a bounded wait and a fast, clear error."),
          .snippetLanguage = QStringLiteral("python"),
          .snippet = QStringLiteral("import httpx\n\n"
                                    "# Connect fast, read within the budget, never wait forever.\n"
                                    "client = httpx.Client(timeout=httpx.Timeout(0.25, connect=0.1))\n"
                                    "response = client.get(url)\n"),
          .priority = QStringLiteral("Critical"),
          .complexity = QStringLiteral("Low"),
          .cost = QStringLiteral("Low"),
          .benefit = QStringLiteral("High"),
          .risk = QStringLiteral("A timeout too tight fails calls that would have succeeded a little late."),
          .howItShows = QStringLiteral("Timeouts rise on a healthy but slower day."),
          .monitor = QStringLiteral("Timeout counts and p99 latency against the timeout, per endpoint.")}},
        {noRetry,
         {.rule = QStringLiteral("no-retry"),
          .title = QStringLiteral("Transient server errors reach the caller one for one"),
          .hypothesis = QStringLiteral(
              "Nothing between the failure and the caller retries: each injected 5xx became a failed request, although "
              "a second attempt would most likely have succeeded."),
          .recommendation = QStringLiteral(
              "Retry idempotent requests on transient server errors (statuses like the injected one, 502, 503, 504) "
              "and on connection errors, a bounded number of times, "
              "with exponential backoff and jitter; never retry a non-idempotent call without an idempotency key."),
          .snippetLanguage = QStringLiteral("python"),
          .snippet = QStringLiteral("from tenacity import retry, stop_after_attempt, wait_random_exponential\n\n"
                                    "@retry(stop=stop_after_attempt(3),\n"
                                    "       wait=wait_random_exponential(multiplier=0.05, max=1))\n"
                                    "def fetch(url):\n"
                                    "    response = client.get(url)\n"
                                    "    response.raise_for_status()\n"
                                    "    return response\n"),
          .priority = QStringLiteral("Recommended"),
          .complexity = QStringLiteral("Low"),
          .cost = QStringLiteral("Low"),
          .benefit = QStringLiteral("High"),
          .risk = QStringLiteral("Retries multiply the load on a service that is already failing."),
          .howItShows = QStringLiteral("Request rate to the dependency rises during its incidents."),
          .monitor = QStringLiteral("Attempts per request and the retry budget's use.")}},
        {retriesWithoutBackoff,
         {.rule = QStringLiteral("retries-without-backoff"),
          .title = QStringLiteral("Error bursts outlast the fault window"),
          .hypothesis = QStringLiteral(
              "Failures went on after the fault was gone, then stopped: work queued or retried at once during the "
              "fault was still being served, or retried in lockstep, when the peer came back."),
          .recommendation = QStringLiteral(
              "Space retries with exponential backoff and full jitter, cap the attempts, and shed queued work whose "
              "caller has already given up, so that a short fault ends when it ends."),
          .snippetLanguage = QStringLiteral("python"),
          .snippet = QStringLiteral("from urllib3.util.retry import Retry\n\n"
                                    "retry = Retry(total=3, backoff_factor=0.2, backoff_jitter=0.1,\n"
                                    "              status_forcelist=(502, 503, 504), allowed_methods={\"GET\"})\n"),
          .priority = QStringLiteral("Recommended"),
          .complexity = QStringLiteral("Low"),
          .cost = QStringLiteral("Low"),
          .benefit = QStringLiteral("Medium"),
          .risk = QStringLiteral("Longer backoff makes a caller wait longer before it succeeds."),
          .howItShows = QStringLiteral("Higher latency right after an incident, fewer errors."),
          .monitor = QStringLiteral("Errors in the minute after an incident ends; retry delays.")}},
        {noCircuitBreaker,
         {.rule = QStringLiteral("no-circuit-breaker"),
          .title = QStringLiteral("Errors persist after the fault window closed"),
          .hypothesis = QStringLiteral(
              "The service kept sending work to a peer that was not answering until its connections or workers were "
              "all waiting, and needs long after the fault to drain them: nothing cut the failing path short."),
          .recommendation = QStringLiteral(
              "Put a circuit breaker around the dependency: after a run of failures fail fast for a while, then let "
              "a few trial calls through; bound its connection pool (a bulkhead) so that it cannot take every worker."),
          .snippetLanguage = QStringLiteral("python"),
          .snippet = QStringLiteral("import pybreaker\n\n"
                                    "breaker = pybreaker.CircuitBreaker(fail_max=5, reset_timeout=10)\n\n"
                                    "@breaker\n"
                                    "def fetch(url):\n"
                                    "    return client.get(url)\n"),
          .priority = QStringLiteral("Critical"),
          .complexity = QStringLiteral("Medium"),
          .cost = QStringLiteral("Medium"),
          .benefit = QStringLiteral("High"),
          .risk = QStringLiteral("A breaker tuned too eagerly rejects calls a healthy peer would have answered."),
          .howItShows = QStringLiteral("Short bursts of fast failures with the peer up."),
          .monitor = QStringLiteral("The breaker's state changes and the calls it rejected.")}},
        {tailAmplification,
         {.rule = QStringLiteral("tail-amplification"),
          .title = QStringLiteral("The tail grows far more than the injected delay"),
          .hypothesis = QStringLiteral(
              "Delayed calls held their connections longer, so the calls behind them queued: the slowest calls paid "
              "for the delay several times over."),
          .recommendation = QStringLiteral(
              "Bound the queue in front of the dependency and the concurrency towards it, set per-attempt timeouts, "
              "and consider hedging the slowest idempotent reads."),
          .snippetLanguage = QStringLiteral("python"),
          .snippet
          = QStringLiteral("limits = httpx.Limits(max_connections=50, max_keepalive_connections=20)\n"
                           "client = httpx.AsyncClient(limits=limits, timeout=httpx.Timeout(0.5, pool=0.05))\n"),
          .priority = QStringLiteral("Recommended"),
          .complexity = QStringLiteral("Medium"),
          .cost = QStringLiteral("Medium"),
          .benefit = QStringLiteral("Medium"),
          .risk = QStringLiteral("A bounded pool rejects calls under bursts that it used to queue."),
          .howItShows = QStringLiteral("Pool timeouts under peak load."),
          .monitor = QStringLiteral("p99 against p50, pool waits and queue length.")}},
        {bandwidthSensitivePayloads,
         {.rule = QStringLiteral("bandwidth-sensitive-payloads"),
          .title = QStringLiteral("Large responses make a slow link slower still"),
          .hypothesis = QStringLiteral(
              "Under a bandwidth cap a call takes about as long as its body takes to move: the payload, not the "
              "service, sets the latency."),
          .recommendation = QStringLiteral(
              "Compress responses, paginate lists and let callers select the fields they need, so that a constrained "
              "link carries less."),
          .snippetLanguage = QStringLiteral("python"),
          .snippet = QStringLiteral("from fastapi.middleware.gzip import GZipMiddleware\n\n"
                                    "app.add_middleware(GZipMiddleware, minimum_size=1024)\n"),
          .priority = QStringLiteral("Recommended"),
          .complexity = QStringLiteral("Medium"),
          .cost = QStringLiteral("Low"),
          .benefit = QStringLiteral("High"),
          .risk = QStringLiteral("Compression costs CPU; pagination changes the API's contract."),
          .howItShows = QStringLiteral("Higher CPU on the service; callers that expected one page."),
          .monitor = QStringLiteral("Response sizes, CPU per request, latency on slow links.")}},
        {slowRecovery,
         {.rule = QStringLiteral("slow-recovery"),
          .title = QStringLiteral("Latency recovers slowly after the fault"),
          .hypothesis = QStringLiteral(
              "Calls stayed slow well after the fault ended: a backlog built up during the fault, or pools and caches "
              "emptied by it refill slowly."),
          .recommendation = QStringLiteral(
              "Drop work whose deadline has passed instead of serving it late, keep connection pools warm, and "
              "make sure queues cannot grow without bound during a fault."),
          .snippetLanguage = QStringLiteral("python"),
          .snippet = QStringLiteral("async def handle(request):\n"
                                    "    if deadline_passed(request):  # the caller has given up\n"
                                    "        return Response(status_code=503)\n"
                                    "    return await serve(request)\n"),
          .priority = QStringLiteral("Recommended"),
          .complexity = QStringLiteral("Medium"),
          .cost = QStringLiteral("Medium"),
          .benefit = QStringLiteral("Medium"),
          .risk = QStringLiteral("Shedding late work turns slow answers into errors."),
          .howItShows = QStringLiteral("503s right after an incident instead of slow responses."),
          .monitor = QStringLiteral("Time to recover after incidents; queue length and shed requests.")}},
    };
}
} // namespace

QList<ReportFinding> ResilienceRules::analyse(const RunResult& run)
{
    QList<ReportFinding> findings;
    for (Rule& rule : rules()) {
        for (const ScenarioResult& scenario : run.scenarios) {
            const qsizetype ran = std::min(scenario.items.size(), scenario.scenario.items.size());
            for (qsizetype i = 0; i < ran; ++i) {
                const Item& item = scenario.scenario.items.at(i);
                const ItemView view{scenario.scenario, item, scenario.items.at(i), FailurePattern::windowsOf(item)};
                if (const std::optional<QString> evidence = rule.matcher(view)) {
                    rule.finding.evidence << *evidence;
                }
            }
        }
        if (!rule.finding.evidence.isEmpty()) {
            findings << rule.finding;
        }
    }
    // The critical ones first; the rules' own order otherwise.
    std::stable_sort(findings.begin(), findings.end(), [](const ReportFinding& a, const ReportFinding& b) {
        return (a.priority == QLatin1String("Critical")) > (b.priority == QLatin1String("Critical"));
    });
    return findings;
}
