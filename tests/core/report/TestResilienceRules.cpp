#include "ReportTestSupport.h"
#include "report/ResilienceRules.h"
#include "runner/ResultsJsonReader.h"
#include "runner/ResultsJsonWriter.h"

#include <QTest>

using namespace ReportTestSupport;

namespace
{
constexpr qint64 RunMs = 4000;
constexpr double StepMs = 100; // a call every 100 ms: 10 a second
constexpr quint32 FirstFault = 1;

// One load item made call by call, then written as a results file and read back: what each rule
// is tested on.
class LoadRun
{
public:
    LoadRun()
    {
        m_item.call.url = QStringLiteral("http://127.0.0.1:9090/orders");
        m_item.context = Context{};
        m_item.context->strategy = LoadStrategy{.duration = RunMs, .clients = 1, .rps = 10};
        m_result.target = m_item.call.url;
        m_result.startedAtUs = 1'780'000'000'000'000;
        m_result.totalTimeNs = RunMs * 1'000'000;
    }

    // A fault on from beginMs to endMs of the run; the whole run without them.
    LoadRun& fault(FaultParameters parameters, std::optional<QPair<double, double>> windowMs = std::nullopt)
    {
        Fault fault{.parameters = std::move(parameters)};
        if (windowMs) {
            fault.period
                = Period{.start = PeriodBound{PeriodBound::Unit::Milliseconds, windowMs->first},
                         .duration = PeriodBound{PeriodBound::Unit::Milliseconds, windowMs->second - windowMs->first}};
        }
        m_item.context->faults << fault;
        return *this;
    }
    LoadRun& timeout(int milliseconds)
    {
        m_item.call.timeout = milliseconds;
        return *this;
    }
    LoadRun& latencySlo(double thresholdMs)
    {
        m_item.context->slo << Slo{.type = SloType::Latency,
                                   .title = QStringLiteral("p95 under budget"),
                                   .objective = 95,
                                   .threshold = thresholdMs};
        return *this;
    }

    struct Call
    {
        double latencyMs = 10;
        quint16 status = 200;
        CallErrorClass error = CallErrorClass::None;
        quint32 applied = 0; // bit i: fault i touched it
        float amount = 0; // what the proxy says it applied
        quint32 bodyBytes = 200;
    };

    // The calls due from fromMs to toMs, one each StepMs, like call.
    LoadRun& calls(double fromMs, double toMs, const Call& call)
    {
        for (double offset = fromMs; offset < toMs - 1e-9; offset += StepMs) {
            CallRecord record;
            record.index = static_cast<quint32>(m_result.calls.size());
            record.intendedStartUs = static_cast<qint64>(offset * 1000);
            record.startUs = record.intendedStartUs;
            record.latencyUs = static_cast<qint32>(call.latencyMs * 1000);
            record.ttfbUs = call.error == CallErrorClass::None ? record.latencyUs : -1;
            record.status = call.error == CallErrorClass::None ? call.status : 0;
            record.errorClass = call.error;
            record.appliedFaults = call.applied;
            record.activeFaults = call.applied;
            record.bodyBytes = call.bodyBytes;
            for (quint8 fault = 0; fault < 32; ++fault) {
                if (call.applied & (1u << fault)) {
                    m_result.appliedFaults << AppliedFault{record.index, fault, call.amount};
                }
            }
            m_result.calls << record;
        }
        m_result.plannedCalls = static_cast<quint32>(m_result.calls.size());
        return *this;
    }

    // Through results.json and back.
    RunResult run() const
    {
        RunResult run{.startedAtMs = 1'780'000'000'000, .endedAtMs = 1'780'000'000'000 + RunMs};
        ScenarioResult scenario{.scenario = Scenario{.title = QStringLiteral("Orders under faults"), .items = {m_item}},
                                .items = {m_result}};
        run.scenarios << scenario;
        const ResultsJsonReader::Outcome outcome
            = ResultsJsonReader::read(ResultsJsonWriter::toJson(run), QStringLiteral("results.json"));
        if (!outcome.run) {
            qFatal("the made-up run does not read back: %s",
                   outcome.diagnostics.isEmpty() ? "" : qPrintable(outcome.diagnostics.first().message));
        }
        return *outcome.run;
    }

private:
    Item m_item;
    ItemResult m_result;
};

const LoadRun::Call Ok{};
const LoadRun::Call Timeout30s{.latencyMs = 30000, .error = CallErrorClass::Timeout, .applied = FirstFault};
const LoadRun::Call Unavailable{.status = 503};

QStringList rulesOf(const RunResult& run)
{
    QStringList names;
    for (const ReportFinding& finding : ResilienceRules::analyse(run)) {
        names << finding.rule;
    }
    return names;
}

// A black-hole from 1 s to 2 s, its calls timing out; then what came after it.
LoadRun outage(const LoadRun::Call& afterwards, double afterwardsUntilMs)
{
    LoadRun run;
    run.fault(BlackholeFault{}, QPair<double, double>{1000, 2000})
        .calls(0, 1000, Ok)
        .calls(1000, 2000, Timeout30s)
        .calls(2000, afterwardsUntilMs, afterwards)
        .calls(afterwardsUntilMs, RunMs, Ok);
    return run;
}
} // namespace

Q_DECLARE_METATYPE(RunResult)

class TestResilienceRules : public QObject
{
    Q_OBJECT

private slots:
    void eachRuleFiresOnlyOnItsEvidence_data();
    void eachRuleFiresOnlyOnItsEvidence();
    void findingsCarryEvidenceAndAdvice();
    void committedRunsMatchWhatTheyShow();
};

void TestResilienceRules::eachRuleFiresOnlyOnItsEvidence_data()
{
    QTest::addColumn<RunResult>("run");
    QTest::addColumn<QString>("rule");
    QTest::addColumn<bool>("fires");

    QTest::newRow("no-client-timeout: hangs of 30 s")
        << outage(Ok, 2000).run() << QStringLiteral("no-client-timeout") << true;
    {
        LoadRun run;
        run.timeout(100).latencySlo(300).fault(BlackholeFault{}, QPair<double, double>{1000, 2000});
        run.calls(0, 1000, Ok)
            .calls(1000, 2000, {.latencyMs = 100, .error = CallErrorClass::Timeout, .applied = FirstFault})
            .calls(2000, RunMs, Ok);
        QTest::newRow("no-client-timeout: a 100 ms timeout under a 300 ms budget")
            << run.run() << QStringLiteral("no-client-timeout") << false;
    }

    const HttpErrorFault errors{.statusCode = 500, .probability = 0.3};
    {
        LoadRun run;
        run.fault(errors).calls(0, 2000, Ok).calls(2000, 2500, {.status = 500, .applied = FirstFault, .amount = 500});
        QTest::newRow("no-retry: 5 injected 500s, 5 reach the caller")
            << run.run() << QStringLiteral("no-retry") << true;
    }
    {
        LoadRun run;
        run.fault(errors).calls(0, 2000, Ok).calls(2000, 2500, {.status = 200, .applied = FirstFault, .amount = 500});
        QTest::newRow("no-retry: the injected 500s were retried into 200s")
            << run.run() << QStringLiteral("no-retry") << false;
    }

    QTest::newRow("retries-without-backoff: 503s for 0.5 s after the window, then fine")
        << outage(Unavailable, 2500).run() << QStringLiteral("retries-without-backoff") << true;
    QTest::newRow("retries-without-backoff: fine after the window")
        << outage(Ok, 2000).run() << QStringLiteral("retries-without-backoff") << false;
    QTest::newRow("retries-without-backoff: errors that never stop are no burst")
        << outage(Unavailable, RunMs).run() << QStringLiteral("retries-without-backoff") << false;

    QTest::newRow("no-circuit-breaker: 503s to the end after the window")
        << outage(Unavailable, RunMs).run() << QStringLiteral("no-circuit-breaker") << true;
    QTest::newRow("no-circuit-breaker: a short burst that recovers")
        << outage(Unavailable, 2500).run() << QStringLiteral("no-circuit-breaker") << false;

    const LatencyFault delay{.mean = 100, .stddev = 0};
    {
        LoadRun run;
        run.fault(delay, QPair<double, double>{1000, 3000})
            .calls(0, 1000, Ok)
            .calls(1000, 2000, {.latencyMs = 110, .applied = FirstFault, .amount = 100})
            .calls(2000, 3000, {.latencyMs = 600, .applied = FirstFault, .amount = 100})
            .calls(3000, RunMs, Ok);
        QTest::newRow("tail-amplification: 100 ms injected, p99 590 ms above p50")
            << run.run() << QStringLiteral("tail-amplification") << true;
    }
    {
        LoadRun run;
        run.fault(delay, QPair<double, double>{1000, 3000})
            .calls(0, 1000, Ok)
            .calls(1000, 3000, {.latencyMs = 112, .applied = FirstFault, .amount = 100})
            .calls(3000, RunMs, Ok);
        QTest::newRow("tail-amplification: 100 ms injected, 102 ms more")
            << run.run() << QStringLiteral("tail-amplification") << false;
    }

    {
        LoadRun run;
        run.fault(BandwidthFault{.rate = 10, .unit = BandwidthUnit::KBps}, QPair<double, double>{1000, 3000})
            .calls(0, 1000, Ok)
            .calls(1000, 3000, {.latencyMs = 5000, .applied = FirstFault, .bodyBytes = 50'000})
            .calls(3000, RunMs, Ok);
        QTest::newRow("bandwidth-sensitive-payloads: 50 KB bodies at 10 KB/s")
            << run.run() << QStringLiteral("bandwidth-sensitive-payloads") << true;
    }
    {
        LoadRun run;
        run.fault(BandwidthFault{.rate = 10, .unit = BandwidthUnit::MBps}, QPair<double, double>{1000, 3000})
            .calls(0, 1000, Ok)
            .calls(1000, 3000, {.latencyMs = 11, .applied = FirstFault})
            .calls(3000, RunMs, Ok);
        QTest::newRow("bandwidth-sensitive-payloads: small bodies under a wide cap")
            << run.run() << QStringLiteral("bandwidth-sensitive-payloads") << false;
    }

    {
        LoadRun run;
        run.fault(delay, QPair<double, double>{1000, 2000})
            .calls(0, 1000, Ok)
            .calls(1000, 2000, {.latencyMs = 110, .applied = FirstFault, .amount = 100})
            .calls(2000, 3500, {.latencyMs = 200})
            .calls(3500, RunMs, Ok);
        QTest::newRow("slow-recovery: 200 ms calls for 1.5 s after the window")
            << run.run() << QStringLiteral("slow-recovery") << true;
    }
    {
        LoadRun run;
        run.fault(delay, QPair<double, double>{1000, 2000})
            .calls(0, 1000, Ok)
            .calls(1000, 2000, {.latencyMs = 110, .applied = FirstFault, .amount = 100})
            .calls(2000, RunMs, Ok);
        QTest::newRow("slow-recovery: back to 10 ms at once") << run.run() << QStringLiteral("slow-recovery") << false;
    }
}

void TestResilienceRules::eachRuleFiresOnlyOnItsEvidence()
{
    QFETCH(RunResult, run);
    QFETCH(QString, rule);
    QFETCH(bool, fires);
    const QStringList found = rulesOf(run);
    QVERIFY2(found.contains(rule) == fires, qPrintable(found.join(QStringLiteral(", "))));
}

void TestResilienceRules::findingsCarryEvidenceAndAdvice()
{
    const QList<ReportFinding> findings = ResilienceRules::analyse(outage(Unavailable, RunMs).run());
    QVERIFY(!findings.isEmpty());
    // Critical first.
    QCOMPARE(findings.first().priority, QStringLiteral("Critical"));
    for (const ReportFinding& finding : findings) {
        QVERIFY(!finding.title.isEmpty());
        QVERIFY(!finding.hypothesis.isEmpty());
        QVERIFY(!finding.recommendation.isEmpty());
        QVERIFY(!finding.snippet.isEmpty());
        QVERIFY(!finding.risk.isEmpty() && !finding.howItShows.isEmpty() && !finding.monitor.isEmpty());
        QCOMPARE(finding.evidence.size(), 1);
        QVERIFY2(finding.evidence.first().contains(QStringLiteral("“Orders under faults”, GET /orders")),
                 qPrintable(finding.evidence.first()));
    }
    const auto breaker = std::find_if(findings.begin(), findings.end(), [](const ReportFinding& finding) {
        return finding.rule == QLatin1String("no-circuit-breaker");
    });
    QVERIFY(breaker != findings.end());
    QVERIFY2(
        breaker->evidence.first().contains(QStringLiteral("errors persist 1.9 s after the black-hole window closed")),
        qPrintable(breaker->evidence.first()));
}

// The breaking run's black-hole hangs past its 300 ms budget and its injected 500s pass through;
// its latency pulses add what they inject and no more.
void TestResilienceRules::committedRunsMatchWhatTheyShow()
{
    const QStringList breaking = rulesOf(readRun(QStringLiteral("breaking-seed11.json")));
    QVERIFY2(breaking.contains(QStringLiteral("no-client-timeout")), qPrintable(breaking.join(QLatin1Char(' '))));
    QVERIFY(breaking.contains(QStringLiteral("no-retry")));
    QVERIFY(!breaking.contains(QStringLiteral("tail-amplification")));
    QVERIFY(!breaking.contains(QStringLiteral("no-circuit-breaker")));
}

QTEST_GUILESS_MAIN(TestResilienceRules)
#include "TestResilienceRules.moc"
