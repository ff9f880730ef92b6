#include "report/JunitReport.h"

#include "runner/TestVerdict.h"

#include <algorithm>

#include <QXmlStreamWriter>

namespace
{
struct TestCase
{
    QString name;
    double seconds = 0;
    QString failure; // empty: passed
};

QString secondsAttribute(double value)
{
    return QString::number(value, 'f', 3);
}

QString unexplainedFailure(const CallRecord& call)
{
    return QStringLiteral("no response (%1), and no injected fault explains it").arg(toString(call.errorClass));
}

QString expectationFailure(const Expectation& expect, const CallRecord& call)
{
    if (call.errorClass != CallErrorClass::None) {
        return QStringLiteral("no response: %1").arg(toString(call.errorClass));
    }
    if (expect.status && call.status != *expect.status) {
        return QStringLiteral("expected status %1, got %2").arg(*expect.status).arg(call.status);
    }
    return QStringLiteral("took %1 ms, expected at most %2 ms")
        .arg(call.latencyMs(), 0, 'f', 2)
        .arg(*expect.responseTimeUnder);
}

QString sloFailure(const SloResult& slo)
{
    if (!slo.observed) {
        return QStringLiteral("no call was measured");
    }
    return slo.slo.type == SloType::Latency
        ? QStringLiteral("p%1 was %2 ms, above %3 ms")
              .arg(slo.slo.objective)
              .arg(*slo.observed, 0, 'f', 2)
              .arg(slo.slo.threshold)
        : QStringLiteral("%1% of calls failed, not under %2%").arg(*slo.observed, 0, 'f', 2).arg(slo.slo.threshold);
}

QList<TestCase> casesOf(const Item& item, const ItemResult& result, int itemNumber)
{
    const QString prefix = QStringLiteral("item %1: %2 %3").arg(itemNumber).arg(item.call.method, result.target);
    QList<TestCase> cases;
    const FailureExplanation explanation(item);
    if (!TestVerdict::isLoad(item)) {
        for (const CallRecord& call : result.calls) {
            TestCase test{.name = QStringLiteral("%1, call %2").arg(prefix).arg(call.index + 1),
                          .seconds = call.latencyMs() / 1000.0};
            if (!TestVerdict::callMeetsExpectation(item.expect, call)) {
                test.failure = expectationFailure(*item.expect, call);
            } else if (explanation.isUnexplained(call)) {
                test.failure = unexplainedFailure(call);
            }
            cases.append(test);
        }
        return cases;
    }
    const double itemSeconds = result.totalTimeNs / 1e9;
    for (const SloResult& slo : result.slo) {
        cases.append(TestCase{.name = QStringLiteral("%1, SLO %2").arg(prefix, slo.slo.title),
                              .seconds = itemSeconds,
                              .failure = slo.pass ? QString() : sloFailure(slo)});
    }
    if (item.expect && item.expect->allSloAreValid) {
        cases.append(TestCase{
            .name
            = QStringLiteral("%1, all SLOs %2")
                  .arg(prefix, *item.expect->allSloAreValid ? QStringLiteral("pass") : QStringLiteral("do not pass")),
            .seconds = itemSeconds,
            .failure = TestVerdict::sloMeetExpectation(item.expect, result.slo)
                ? QString()
                : QStringLiteral("the SLOs did not turn out as expected")});
    }
    if (const qsizetype unexplained = TestVerdict::unexplainedFailures(item, result.calls); unexplained > 0) {
        const auto first
            = std::find_if(result.calls.begin(), result.calls.end(),
                           [&explanation](const CallRecord& call) { return explanation.isUnexplained(call); });
        cases.append(TestCase{.name = QStringLiteral("%1, calls without an unexplained failure").arg(prefix),
                              .seconds = itemSeconds,
                              .failure = QStringLiteral("%1 calls failed with no injected fault to explain them; "
                                                        "the first: call %2, %3")
                                             .arg(unexplained)
                                             .arg(first->index + 1)
                                             .arg(unexplainedFailure(*first))});
    }
    return cases;
}
} // namespace

QByteArray JunitReport::toXml(const RunResult& run)
{
    QList<QPair<const ScenarioResult*, QList<TestCase>>> suites;
    int total = 0;
    int failures = 0;
    for (const ScenarioResult& scenario : run.scenarios) {
        QList<TestCase> cases;
        for (qsizetype i = 0; i < scenario.items.size() && i < scenario.scenario.items.size(); ++i) {
            cases.append(casesOf(scenario.scenario.items.at(i), scenario.items.at(i), static_cast<int>(i) + 1));
        }
        total += static_cast<int>(cases.size());
        failures += static_cast<int>(
            std::count_if(cases.begin(), cases.end(), [](const TestCase& test) { return !test.failure.isEmpty(); }));
        suites.append({&scenario, cases});
    }

    QByteArray xml;
    QXmlStreamWriter writer(&xml);
    writer.setAutoFormatting(true);
    writer.writeStartDocument();
    writer.writeStartElement(QStringLiteral("testsuites"));
    writer.writeAttribute(QStringLiteral("name"), QStringLiteral("aftershock"));
    writer.writeAttribute(QStringLiteral("tests"), QString::number(total));
    writer.writeAttribute(QStringLiteral("failures"), QString::number(failures));
    writer.writeAttribute(QStringLiteral("time"), secondsAttribute((run.endedAtMs - run.startedAtMs) / 1000.0));
    for (const auto& [scenario, cases] : suites) {
        const QString title = scenario->scenario.title;
        writer.writeStartElement(QStringLiteral("testsuite"));
        writer.writeAttribute(QStringLiteral("name"), title);
        writer.writeAttribute(QStringLiteral("tests"), QString::number(cases.size()));
        writer.writeAttribute(QStringLiteral("failures"),
                              QString::number(std::count_if(cases.begin(), cases.end(), [](const TestCase& test) {
                                  return !test.failure.isEmpty();
                              })));
        for (const TestCase& test : cases) {
            writer.writeStartElement(QStringLiteral("testcase"));
            writer.writeAttribute(QStringLiteral("classname"), title);
            writer.writeAttribute(QStringLiteral("name"), test.name);
            writer.writeAttribute(QStringLiteral("time"), secondsAttribute(test.seconds));
            if (!test.failure.isEmpty()) {
                writer.writeStartElement(QStringLiteral("failure"));
                writer.writeAttribute(QStringLiteral("message"), test.failure);
                writer.writeEndElement();
            }
            writer.writeEndElement();
        }
        writer.writeEndElement();
    }
    writer.writeEndElement();
    writer.writeEndDocument();
    return xml;
}
