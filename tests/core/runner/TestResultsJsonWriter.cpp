#include "SampleRun.h"
#include "runner/ResultsJsonWriter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

class TestResultsJsonWriter : public QObject
{
    Q_OBJECT

private slots:
    void keepsFaultsStructure();
    void addsOurFields();
    void writesAtomically();
    void writesErrorsAsFaultsScenarioErrorEnum();
};

namespace
{
QJsonObject written()
{
    return QJsonDocument::fromJson(ResultsJsonWriter::toJson(sampleRun())).object();
}

// The block of the sample's item at index.
QJsonObject itemOf(const QJsonObject& root, qsizetype index)
{
    return root.value(QLatin1String("results"))
        .toArray()
        .at(0)
        .toObject()
        .value(QLatin1String("results"))
        .toArray()
        .at(index)
        .toObject();
}
} // namespace

void TestResultsJsonWriter::keepsFaultsStructure()
{
    const QJsonObject root = written();
    QCOMPARE(root.value(QLatin1String("start")).toInteger(), 1'700'000'000);
    QCOMPARE(root.value(QLatin1String("end")).toInteger(), 1'700'000'002);
    const QJsonObject scenario = root.value(QLatin1String("results")).toArray().at(0).toObject();
    QCOMPARE(scenario.value(QLatin1String("scenario")).toObject().value(QLatin1String("title")).toString(),
             QStringLiteral("Sample \"quoted\""));
    const QJsonObject item = scenario.value(QLatin1String("results")).toArray().at(0).toObject();
    QCOMPARE(item.value(QLatin1String("target")).toObject().value(QLatin1String("address")).toString(),
             QStringLiteral("http://localhost:9090/"));
    QCOMPARE(item.value(QLatin1String("requests_count")).toInt(), 2);
    QCOMPARE(item.value(QLatin1String("failure_counts")).toInt(), 1);
    QCOMPARE(item.value(QLatin1String("total_time")).toObject().value(QLatin1String("nanos")).toInt(), 350'000'000);

    const QJsonObject call = item.value(QLatin1String("results")).toArray().at(1).toObject();
    QCOMPARE(call.value(QLatin1String("start")).toInteger(), 1'700'000'000'010'000);
    const QJsonObject expect = call.value(QLatin1String("expect")).toObject();
    QCOMPARE(expect.value(QLatin1String("type")).toString(), QStringLiteral("http"));
    QCOMPARE(expect.value(QLatin1String("got")).toObject().value(QLatin1String("decision")).toString(),
             QStringLiteral("failure"));
    const QJsonObject metrics = call.value(QLatin1String("metrics")).toObject();
    QCOMPARE(metrics.value(QLatin1String("total_time")).toDouble(), 102.0);
    QCOMPARE(metrics.value(QLatin1String("ttfb")).toDouble(), 101.0);
    QCOMPARE(metrics.value(QLatin1String("protocol")).toObject().value(QLatin1String("code")).toInt(), 500);
    const QJsonObject event = metrics.value(QLatin1String("faults"))
                                  .toArray()
                                  .at(0)
                                  .toObject()
                                  .value(QLatin1String("applied"))
                                  .toArray()
                                  .at(0)
                                  .toObject()
                                  .value(QLatin1String("event"))
                                  .toObject();
    QCOMPARE(event.value(QLatin1String("type")).toString(), QStringLiteral("latency"));
    QCOMPARE(event.value(QLatin1String("delay")).toDouble(), 99.5);
    // The second call's faults are the item's, its latency grown by one step after the baseline.
    QCOMPARE(call.value(QLatin1String("faults")).toArray().at(0).toObject().value(QLatin1String("mean")).toDouble(),
             100.0);
    const QJsonObject baseline = item.value(QLatin1String("results")).toArray().at(0).toObject();
    QVERIFY(baseline.value(QLatin1String("faults")).toArray().isEmpty());
}

void TestResultsJsonWriter::addsOurFields()
{
    const QJsonObject root = written();
    QCOMPARE(root.value(QLatin1String("status")).toString(), QStringLiteral("cancelled"));
    QCOMPARE(root.value(QLatin1String("generator")).toObject().value(QLatin1String("name")).toString(),
             QStringLiteral("aftershock"));
    const QJsonObject load = itemOf(root, 1);
    const QJsonObject slo = load.value(QLatin1String("slo")).toArray().at(0).toObject();
    QCOMPARE(slo.value(QLatin1String("observed")).toDouble(), 50.0);
    QCOMPARE(slo.value(QLatin1String("over_threshold")).toInt(), 2);
    QCOMPARE(slo.value(QLatin1String("pass")).toBool(), false);
    const QJsonObject timedOut = load.value(QLatin1String("results")).toArray().at(3).toObject();
    QCOMPARE(timedOut.value(QLatin1String("error_class")).toString(), QStringLiteral("timeout"));
    QCOMPARE(timedOut.value(QLatin1String("intended_start")).toInteger(), 1'700'000'000'500'000 + 750'000);
    QVERIFY(timedOut.value(QLatin1String("metrics")).toObject().value(QLatin1String("timed_out")).toBool());
    QVERIFY(timedOut.value(QLatin1String("metrics")).toObject().value(QLatin1String("protocol")).isNull());
    QCOMPARE(timedOut.value(QLatin1String("faults")).toArray().size(), 1);
    QCOMPARE(
        load.value(QLatin1String("results")).toArray().at(0).toObject().value(QLatin1String("faults")).toArray().size(),
        0);
    QVERIFY(!timedOut.contains(QLatin1String("exchange"))); // none was kept for it

    // Exchanges: text where the bytes are UTF-8, base64 where not; the request body once an item.
    const QJsonObject repeat = itemOf(root, 0);
    QCOMPARE(repeat.value(QLatin1String("request_body")).toString(), QStringLiteral("{\"q\": 1}"));
    QCOMPARE(repeat.value(QLatin1String("request_body_bytes")).toInt(), 8);
    const QJsonArray calls = repeat.value(QLatin1String("results")).toArray();
    const QJsonObject text = calls.at(0).toObject().value(QLatin1String("exchange")).toObject();
    QVERIFY(text.value(QLatin1String("request_head")).toString().contains(QLatin1String("x-aftershock-call-id: r-0")));
    QCOMPARE(text.value(QLatin1String("response_body")).toString(),
             QStringLiteral("{\"message\": \"h\u00e9llo \\\"x\\\"\"}"));
    const QJsonObject binary = calls.at(1).toObject().value(QLatin1String("exchange")).toObject();
    QCOMPARE(binary.value(QLatin1String("response_body_base64")).toString(), QStringLiteral("//4AAQ=="));
    QVERIFY(!binary.contains(QLatin1String("response_body")));
}

void TestResultsJsonWriter::writesAtomically()
{
    QTemporaryDir folder;
    const QString path = folder.filePath(QStringLiteral("a/results.json"));
    QString error;
    QVERIFY(ResultsJsonWriter::write(sampleRun(), path, &error));
    QVERIFY(QFile::exists(path));
    QVERIFY(!ResultsJsonWriter::write(sampleRun(), folder.filePath(QStringLiteral("a/results.json/x")), &error));
    QVERIFY(!error.isEmpty());
}

void TestResultsJsonWriter::writesErrorsAsFaultsScenarioErrorEnum()
{
    // fault-cli's ScenarioError (src/errors.rs), as serde writes it: externally tagged, a string
    // for the one-field variants, an array for the others.
    const QStringList oneField{QStringLiteral("IoError"),
                               QStringLiteral("ReportError"),
                               QStringLiteral("WalkDirError"),
                               QStringLiteral("HTTPMethodError"),
                               QStringLiteral("HTTPError"),
                               QStringLiteral("UnsupportedOpenAPIVersion"),
                               QStringLiteral("OpenAPIParsingError")};
    const QJsonArray calls = written()
                                 .value(QLatin1String("results"))
                                 .toArray()
                                 .at(0)
                                 .toObject()
                                 .value(QLatin1String("results"))
                                 .toArray()
                                 .at(1)
                                 .toObject()
                                 .value(QLatin1String("results"))
                                 .toArray();
    const QJsonArray errors = calls.at(3).toObject().value(QLatin1String("errors")).toArray();
    QCOMPARE(errors.size(), 1);
    QVERIFY(errors.at(0).isObject());
    const QJsonObject error = errors.at(0).toObject();
    QCOMPARE(error.size(), 1);
    QVERIFY(oneField.contains(error.keys().first()));
    QVERIFY(error.value(error.keys().first()).isString());
    QVERIFY(error.value(QLatin1String("HTTPError")).toString().contains(QLatin1String("timed out")));
    QVERIFY(calls.at(0).toObject().value(QLatin1String("errors")).toArray().isEmpty());
}

QTEST_GUILESS_MAIN(TestResultsJsonWriter)
#include "TestResultsJsonWriter.moc"
