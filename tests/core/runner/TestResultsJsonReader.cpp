#include "SampleRun.h"
#include "runner/ResultsJsonReader.h"
#include "runner/ResultsJsonWriter.h"
#include "runner/TestVerdict.h"

#include <limits>

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

class TestResultsJsonReader : public QObject
{
    Q_OBJECT

private slots:
    void readsBackWhatWasWritten();
    void boundsTheExchangesItReads();
    void readsFaultsFilesWithoutOurFields();
    void syntaxErrorsHaveALineAndColumn();
    void structureErrorsHaveAPath_data();
    void structureErrorsHaveAPath();
    void structureErrorsPointAtTheirLineAndColumn();
    void manyErrorsAreListedUpToFifty();
    void timesBeyondQint64AreRefused_data();
    void timesBeyondQint64AreRefused();
    void refusesOtherToolsAndNewerVersions_data();
    void refusesOtherToolsAndNewerVersions();
    void missingFile();
    void readsAFileFromDisk();
    void refusesWhatOnlyOneParserAccepts_data();
    void refusesWhatOnlyOneParserAccepts();
};

void TestResultsJsonReader::readsBackWhatWasWritten()
{
    RunResult original = sampleRun();
    original.seed = std::numeric_limits<quint64>::max(); // beyond what a JSON number keeps exactly
    const ResultsJsonReader::Outcome outcome
        = ResultsJsonReader::read(ResultsJsonWriter::toJson(original), QStringLiteral("results.json"));
    QVERIFY2(outcome.run, outcome.diagnostics.isEmpty() ? "" : qPrintable(outcome.diagnostics.first().toString()));
    const RunResult& run = *outcome.run;
    QCOMPARE(toString(run.status), toString(RunStatus::Cancelled));
    QCOMPARE(run.startedAtMs, original.startedAtMs);
    QCOMPARE(run.seed, original.seed);
    QCOMPARE(run.scenarios.size(), 1);
    QCOMPARE(run.scenarios.first().scenario, original.scenarios.first().scenario);
    for (qsizetype item = 0; item < 2; ++item) {
        const ItemResult& read = run.scenarios.first().items.at(item);
        const ItemResult& written = original.scenarios.first().items.at(item);
        QCOMPARE(read.target, written.target);
        QCOMPARE(read.startedAtUs, written.startedAtUs);
        QCOMPARE(read.totalTimeNs, written.totalTimeNs);
        QCOMPARE(read.calls.size(), written.calls.size());
        for (qsizetype i = 0; i < read.calls.size(); ++i) {
            const CallRecord& a = read.calls.at(i);
            const CallRecord& b = written.calls.at(i);
            QCOMPARE(a.index, b.index);
            QCOMPARE(a.intendedStartUs, b.intendedStartUs);
            QCOMPARE(a.startUs, b.startUs);
            QCOMPARE(a.latencyUs, b.latencyUs);
            QCOMPARE(a.ttfbUs, b.ttfbUs);
            QCOMPARE(a.status, b.status);
            QCOMPARE(a.bodyBytes, b.bodyBytes);
            QCOMPARE(toString(a.errorClass), toString(b.errorClass));
            QCOMPARE(a.activeFaults, b.activeFaults);
            QCOMPARE(a.appliedFaults, b.appliedFaults);
        }
        QCOMPARE(read.exchanges.size(), written.exchanges.size());
        for (qsizetype i = 0; i < read.exchanges.size(); ++i) {
            QCOMPARE(read.exchanges.at(i).callIndex, written.exchanges.at(i).callIndex);
            QCOMPARE(read.exchanges.at(i).requestHead, written.exchanges.at(i).requestHead);
            QCOMPARE(read.exchanges.at(i).responseHead, written.exchanges.at(i).responseHead);
            QCOMPARE(read.exchanges.at(i).responseBody, written.exchanges.at(i).responseBody);
        }
        QCOMPARE(read.requestBody, written.requestBody);
        QCOMPARE(read.requestBodyBytes, written.requestBodyBytes);
    }
    QCOMPARE(run.scenarios.first().items.first().appliedFaults.first().amount, 99.5f);
    QCOMPARE(run.scenarios.first().items.at(1).slo.first().overThreshold, 2);
    QCOMPARE(TestVerdict::tally(run).failed, TestVerdict::tally(original).failed);
}

void TestResultsJsonReader::boundsTheExchangesItReads()
{
    const QByteArray huge(100'000, 'x');
    const QByteArray json = R"({"start": 1, "end": 2, "results": [{
        "scenario": {"title": "t", "items": [{"call": {"method": "GET", "url": "http://a/"}}]},
        "results": [{"target": {"address": "http://a/"}, "total_time": {"secs": 1, "nanos": 5},
                     "request_body": ")"
        + huge + R"(", "request_body_bytes": 100000,
                     "results": [{"start": 1000000, "metrics": {"ttfb": 1.5, "total_time": 2.5,
                                  "protocol": {"type": "http", "code": 200, "body_length": 100000}},
                                  "exchange": {"request_head": ")"
        + huge + R"(", "response_head": "HTTP/1.1 200 OK\r\n\r\n",
                                               "response_body_base64": ")"
        + huge.toBase64() + R"("}}]}]}]})";
    const ResultsJsonReader::Outcome outcome = ResultsJsonReader::read(json, QStringLiteral("big.json"));
    QVERIFY2(outcome.run, outcome.diagnostics.isEmpty() ? "" : qPrintable(outcome.diagnostics.first().toString()));
    const ItemResult& item = outcome.run->scenarios.first().items.first();
    QCOMPARE(item.requestBody.size(), CallExchange::BodyExcerptBytes);
    QCOMPARE(item.requestBodyBytes, 100000u);
    QCOMPARE(item.exchanges.size(), 1);
    QCOMPARE(item.exchanges.first().requestHead.size(), CallExchange::MaxHeadBytes);
    QCOMPARE(item.exchanges.first().responseHead, QByteArray("HTTP/1.1 200 OK\r\n\r\n"));
    QCOMPARE(item.exchanges.first().responseBody, huge.first(CallExchange::BodyExcerptBytes));
}

void TestResultsJsonReader::readsFaultsFilesWithoutOurFields()
{
    // fault's layout: no status, no slo, no error_class, no intended_start, no item start.
    const QByteArray json = R"({"start": 1, "end": 2, "results": [{
        "scenario": {"title": "t", "items": [{"call": {"method": "GET", "url": "http://a/"},
                     "context": {"slo": [{"type": "error", "title": "e", "objective": 99, "threshold": 1}]}}]},
        "results": [{"target": {"address": "http://a/"}, "requests_count": 2, "failure_counts": 1,
                     "total_time": {"secs": 1, "nanos": 5},
                     "results": [
                        {"start": 1000000, "expect": null, "faults": [], "errors": [],
                         "metrics": {"dns": [], "ttfb": 1.5, "total_time": 2.5, "faults": [],
                                     "protocol": {"type": "http", "code": 200, "body_length": 3},
                                     "errored": false, "timed_out": false}},
                        {"start": 1002000, "expect": null, "faults": [], "errors": [],
                         "metrics": {"dns": [], "ttfb": 0, "total_time": 500, "faults": [], "protocol": null,
                                     "errored": true, "timed_out": true}}]}]}]})";
    const ResultsJsonReader::Outcome outcome = ResultsJsonReader::read(json, QStringLiteral("fault.json"));
    QVERIFY2(outcome.run, outcome.diagnostics.isEmpty() ? "" : qPrintable(outcome.diagnostics.first().toString()));
    const ItemResult& item = outcome.run->scenarios.first().items.first();
    QCOMPARE(item.startedAtUs, 1000000);
    QCOMPARE(item.calls.at(1).startUs, 2000);
    QCOMPARE(toString(item.calls.at(1).errorClass), toString(CallErrorClass::Timeout));
    QCOMPARE(item.calls.at(0).ttfbUs, 1500);
    QCOMPARE(item.slo.size(), 1); // evaluated from the calls
    QCOMPARE(*item.slo.first().observed, 50.0);
    QCOMPARE(toString(outcome.run->status), toString(RunStatus::Completed));
    QVERIFY(!outcome.run->seed);
}

void TestResultsJsonReader::syntaxErrorsHaveALineAndColumn()
{
    const ResultsJsonReader::Outcome outcome
        = ResultsJsonReader::read("{\n  \"start\": 1,\n  \"end\": ,\n}", QStringLiteral("bad.json"));
    QVERIFY(!outcome.run);
    QCOMPARE(outcome.diagnostics.size(), 1);
    QCOMPARE(outcome.diagnostics.first().location.file, QStringLiteral("bad.json"));
    QCOMPARE(outcome.diagnostics.first().location.line, 3);
    QVERIFY(outcome.diagnostics.first().location.column > 1);
}

void TestResultsJsonReader::structureErrorsHaveAPath_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("path");
    QTest::newRow("not an object") << QByteArray("[]") << QString();
    QTest::newRow("start") << QByteArray(R"({"start": "x", "end": 1, "results": []})") << QStringLiteral("start:");
    QTest::newRow("results") << QByteArray(R"({"start": 1, "end": 1, "results": {}})") << QStringLiteral("results:");
    QTest::newRow("scenario") << QByteArray(R"({"start": 1, "end": 1, "results": [{"scenario": {"items": 3}}]})")
                              << QStringLiteral("results[0].scenario:");
    QTest::newRow("call") << QByteArray(R"({"start": 1, "end": 1, "results": [{
            "scenario": {"title": "t", "items": [{"call": {"method": "GET", "url": "http://a/"}}]},
            "results": [{"target": {"address": "a"}, "total_time": {"secs": 0, "nanos": 0},
                         "results": [{"start": 1, "metrics": {"total_time": "slow"}}]}]}]})")
                          << QStringLiteral("results[0].results[0].results[0].metrics.total_time:");
    QTest::newRow("exchange") << QByteArray(R"({"start": 1, "end": 1, "results": [{
            "scenario": {"title": "t", "items": [{"call": {"method": "GET", "url": "http://a/"}}]},
            "results": [{"target": {"address": "a"}, "total_time": {"secs": 0, "nanos": 0},
                         "results": [{"start": 1, "metrics": {"total_time": 1},
                                      "exchange": {"request_head": "GET", "response_head_base64": "*not base64*"}}]}]}]})")
                              << QStringLiteral("results[0].results[0].results[0].exchange.response_head_base64:");
    QTest::newRow("status") << QByteArray(R"({"start": 1, "end": 1, "status": "paused", "results": []})")
                            << QStringLiteral("status:");
    QTest::newRow("seed") << QByteArray(R"({"start": 1, "end": 1, "seed": "-3", "results": []})")
                          << QStringLiteral("seed:");
}

void TestResultsJsonReader::structureErrorsHaveAPath()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, path);
    const ResultsJsonReader::Outcome outcome = ResultsJsonReader::read(json, QStringLiteral("r.json"));
    QVERIFY(!outcome.run);
    QVERIFY(!outcome.diagnostics.isEmpty());
    QVERIFY2(outcome.diagnostics.first().message.startsWith(path), qPrintable(outcome.diagnostics.first().message));
    QCOMPARE(outcome.diagnostics.first().location.file, QStringLiteral("r.json"));
}

// Found by FuzzResultsJsonReader (tests/fuzz/regressions/FuzzResultsJsonReader/call-start-beyond-qint64):
// a call's start of 17963796306712087991 was cast to qint64, which is undefined.
void TestResultsJsonReader::timesBeyondQint64AreRefused_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("path");
    const auto item = [](const QByteArray& itemStart, const QByteArray& secs, const QByteArray& call) {
        return R"({"start": 1, "end": 1, "results": [{
            "scenario": {"title": "t", "items": [{"call": {"method": "GET", "url": "http://a/"}}]},
            "results": [{"target": {"address": "a"}, )"
            + itemStart + R"("total_time": {"secs": )" + secs + R"(, "nanos": 0},
                         "results": [)"
            + call + "]}]}]}";
    };
    const QByteArray call = R"({"start": 1, "metrics": {"total_time": 1}})";
    QTest::newRow("call start") << item("", "0", R"({"start": 17963796306712087991, "metrics": {"total_time": 1}})")
                                << QStringLiteral("results[0].results[0].results[0].start:");
    QTest::newRow("intended start") << item("", "0",
                                            R"({"start": 1, "intended_start": -1e19, "metrics": {"total_time": 1}})")
                                    << QStringLiteral("results[0].results[0].results[0].intended_start:");
    QTest::newRow("item start") << item(R"("start": 1e300, )", "0", call)
                                << QStringLiteral("results[0].results[0].start:");
    QTest::newRow("total time") << item("", "1e10", call) << QStringLiteral("results[0].results[0].total_time.secs:");
    QTest::newRow("run start") << QByteArray(R"({"start": 9.3e15, "end": 1, "results": []})")
                               << QStringLiteral("start:");
}

void TestResultsJsonReader::timesBeyondQint64AreRefused()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, path);
    const ResultsJsonReader::Outcome outcome = ResultsJsonReader::read(json, QStringLiteral("r.json"));
    QVERIFY(!outcome.run);
    QVERIFY(!outcome.diagnostics.isEmpty());
    const QString message = outcome.diagnostics.first().message;
    QVERIFY2(message.startsWith(path + QStringLiteral(" expected a number from -9007199254740992 to 9007199254740992"))
                 || message.startsWith(path + QStringLiteral(" expected a number from -9000000000 to 9000000000")),
             qPrintable(message));
}

void TestResultsJsonReader::structureErrorsPointAtTheirLineAndColumn()
{
    const QByteArray json
        = "{\"start\": 1, \"end\": 1, \"results\": [{\n"
          "  \"scenario\": {\"title\": \"t\", \"items\": [{\"call\": {\"method\": \"GET\", \"url\": "
          "\"http://a/\"}}]},\n"
          "  \"results\": [{\"target\": {\"address\": \"a\"}, \"total_time\": {\"secs\": 0, \"nanos\": 0},\n"
          "    \"results\": [{\"start\": 1, \"metrics\": {\"total_time\": \"slow\"}}]}]}]}";
    const ResultsJsonReader::Outcome outcome = ResultsJsonReader::read(json, QStringLiteral("r.json"));
    QVERIFY(!outcome.run);
    const Diagnostic& first = outcome.diagnostics.first();
    QCOMPARE(first.location.line, 4);
    QCOMPARE(first.location.column, 56); // the value "slow"
    QVERIFY2(first.toString().startsWith(
                 QStringLiteral("r.json:4:56: error: results[0].results[0].results[0].metrics.total_time")),
             qPrintable(first.toString()));
}

void TestResultsJsonReader::manyErrorsAreListedUpToFifty()
{
    // Found by FuzzResultsJsonReader (regressions/…/many-errors-located-one-scan-each): each
    // problem was located by a scan of the whole file, thousands of them one after another.
    QByteArray calls;
    for (int index = 0; index < 5000; ++index) {
        calls += QByteArray(index == 0 ? "" : ",") + "{\"start\": 1, \"metrics\": {\"total_time\": \"slow\"}}";
    }
    const QByteArray json = "{\"start\": 1, \"end\": 1, \"results\": [{\"scenario\": {\"title\": \"t\", \"items\": "
                            "[{\"call\": {\"method\": \"GET\", \"url\": \"http://a/\"}}]}, \"results\": [{\"target\": "
                            "{\"address\": \"a\"}, \"total_time\": {\"secs\": 0, \"nanos\": 0}, \"results\": ["
        + calls + "]}]}]}";
    const ResultsJsonReader::Outcome outcome = ResultsJsonReader::read(json, QStringLiteral("r.json"));
    QVERIFY(!outcome.run);
    QCOMPARE(outcome.diagnostics.size(), 51);
    QVERIFY(outcome.diagnostics.at(49).location.line > 0);
    QVERIFY2(outcome.diagnostics.last().message.startsWith(QStringLiteral("and ")),
             qPrintable(outcome.diagnostics.last().message));
    QVERIFY(outcome.diagnostics.last().message.endsWith(QStringLiteral("more problems like these, not listed")));
}

void TestResultsJsonReader::refusesOtherToolsAndNewerVersions_data()
{
    QTest::addColumn<QByteArray>("generator");
    QTest::addColumn<QString>("message");
    QTest::newRow("another tool") << QByteArray(R"({"name": "k6", "version": "0.50"})")
                                  << QStringLiteral(
                                         "generator.name: written by 'k6', which is neither Aftershock nor fault");
    QTest::newRow("newer major") << QByteArray(R"({"name": "aftershock", "version": "7.0.0"})")
                                 << QStringLiteral(
                                        "generator.version: written by Aftershock 7.0.0, whose results this one");
    QTest::newRow("no version") << QByteArray(R"({"name": "aftershock"})")
                                << QStringLiteral("generator.version: written by Aftershock of an unknown version");
}

void TestResultsJsonReader::refusesOtherToolsAndNewerVersions()
{
    QFETCH(QByteArray, generator);
    QFETCH(QString, message);
    const QByteArray json = "{\"generator\": " + generator + ", \"start\": 1, \"end\": 1, \"results\": []}";
    const ResultsJsonReader::Outcome outcome = ResultsJsonReader::read(json, QStringLiteral("r.json"));
    QVERIFY(!outcome.run);
    QVERIFY2(outcome.diagnostics.first().message.startsWith(message), qPrintable(outcome.diagnostics.first().message));
    QCOMPARE(outcome.diagnostics.first().location.line, 1);
    // This version's own files, and fault's (no generator), are read.
    const QByteArray ours
        = R"({"generator": {"name": "aftershock", "version": "0.1.0"}, "start": 1, "end": 1, "results": []})";
    QVERIFY(ResultsJsonReader::read(ours, QStringLiteral("r.json")).run);
}

void TestResultsJsonReader::missingFile()
{
    const ResultsJsonReader::Outcome outcome = ResultsJsonReader::readFile(QStringLiteral("/nonexistent/results.json"));
    QVERIFY(!outcome.run);
    QVERIFY(outcome.diagnostics.first().toString().contains(QStringLiteral("/nonexistent/results.json")));
}

// From disk the text goes straight into simdjson's padded buffer, not through read().
void TestResultsJsonReader::readsAFileFromDisk()
{
    QTemporaryDir folder;
    QFile file(folder.filePath(QStringLiteral("results.json")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(ResultsJsonWriter::toJson(sampleRun()));
    file.close();
    const ResultsJsonReader::Outcome outcome = ResultsJsonReader::readFile(file.fileName());
    QVERIFY2(outcome.run,
             qPrintable(outcome.diagnostics.isEmpty() ? QString() : outcome.diagnostics.first().toString()));
    QCOMPARE(outcome.run->scenarios.size(), sampleRun().scenarios.size());
}

// Numbers simdjson refuses and Qt's parser takes (as infinity, which no field accepts), and
// invalid UTF-8, which both refuse: a message either way, never a crash or a run.
void TestResultsJsonReader::refusesWhatOnlyOneParserAccepts_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("huge number") << QByteArray(R"({"start": 1e400, "end": 1, "results": []})");
    QTest::newRow("huge integer") << QByteArray(
        R"({"start": 123456789012345678901234567890, "end": 1, "results": []})");
    QTest::newRow("invalid UTF-8") << QByteArray(
        "{\"start\": 1, \"end\": 1, \"status\": \"\xff\xfe\", \"results\": []}");
    QTest::newRow("empty") << QByteArray();
}

void TestResultsJsonReader::refusesWhatOnlyOneParserAccepts()
{
    QFETCH(QByteArray, json);
    const ResultsJsonReader::Outcome outcome = ResultsJsonReader::read(json, QStringLiteral("r.json"));
    QVERIFY(!outcome.run);
    QVERIFY(!outcome.diagnostics.isEmpty());
    QCOMPARE(outcome.diagnostics.first().location.file, QStringLiteral("r.json"));
    QVERIFY(!outcome.diagnostics.first().message.isEmpty());
}

QTEST_GUILESS_MAIN(TestResultsJsonReader)
#include "TestResultsJsonReader.moc"
