#include "ScenarioTestSupport.h"
#include "scenario/ScenarioLoader.h"
#include "scenario/ScenarioWriter.h"

#include <QTemporaryDir>
#include <QTest>

using namespace ScenarioTestSupport;

class TestScenarioWriter : public QObject
{
    Q_OBJECT

private slots:
    void roundTripsEveryTestScenario_data();
    void roundTripsEveryTestScenario();
    void roundTripsTheDemoScenarios();
    void roundTripsEveryFaultKind();
    void writesCanonicalYaml();
    void quotesTextThatReadsAsAnotherType();
    void savesAtomically();
};

namespace
{
// load → write → load gives the same model, and writing again gives the same text.
void verifyRoundTrip(const QList<Scenario>& scenarios)
{
    const QByteArray written = ScenarioWriter::toYaml(scenarios);
    const ScenarioFile reloaded = ScenarioLoader::loadText(written, QStringLiteral("written.yaml"));
    QVERIFY2(reloaded.diagnostics.isEmpty() || !reloaded.hasErrors(),
             qPrintable(reloaded.diagnostics.value(0).toString() + QLatin1Char('\n') + QString::fromUtf8(written)));
    QCOMPARE(reloaded.scenarios().size(), scenarios.size());
    QCOMPARE(reloaded.scenarios(), scenarios);
    QCOMPARE(ScenarioWriter::toYaml(reloaded.scenarios()), written);
}
} // namespace

void TestScenarioWriter::roundTripsEveryTestScenario_data()
{
    QTest::addColumn<QString>("fileName");
    for (const QString& name : scenarioDataFiles()) {
        QTest::newRow(qPrintable(name)) << name;
    }
}

void TestScenarioWriter::roundTripsEveryTestScenario()
{
    QFETCH(QString, fileName);
    const QList<Scenario> scenarios = ScenarioLoader::loadFile(scenarioDataPath(fileName)).scenarios();
    QVERIFY(!scenarios.isEmpty());
    verifyRoundTrip(scenarios);
}

void TestScenarioWriter::roundTripsTheDemoScenarios()
{
    const ScenarioFile demo
        = ScenarioLoader::loadFile(QStringLiteral(AFTERSHOCK_SOURCE_DIR "/resources/demo/scenarios.yaml"));
    QVERIFY(!demo.hasErrors());
    QCOMPARE(demo.scenarios().size(), 8);
    const ScenarioFile corrected = ScenarioLoader::loadFile(scenarioDataPath(QStringLiteral("seed-corrected.yaml")));
    QCOMPARE(demo.scenarios(), corrected.scenarios());
    verifyRoundTrip(demo.scenarios());
}

void TestScenarioWriter::roundTripsEveryFaultKind()
{
    Scenario scenario{.title = QStringLiteral("every fault"), .items = {Item{}}};
    Item& item = scenario.items.first();
    item.call.url = QStringLiteral("http://localhost:9090/");
    item.context = Context{.strategy = LoadStrategy{.duration = 1500, .clients = 2, .rps = 3}};
    for (FaultType type : {FaultType::Latency, FaultType::Jitter, FaultType::Bandwidth, FaultType::PacketLoss,
                           FaultType::HttpError, FaultType::Blackhole}) {
        Fault fault = makeDefaultFault(type);
        fault.period
            = Period{PeriodBound{PeriodBound::Unit::Milliseconds, 250}, PeriodBound{PeriodBound::Unit::Percent, 12.5}};
        item.context->faults.append(fault);
    }
    item.context->faults.first().side = FaultSide::Client;
    item.context->faults.first().direction = FaultDirection::Both;
    verifyRoundTrip({scenario});
}

void TestScenarioWriter::writesCanonicalYaml()
{
    Scenario scenario{.title = QStringLiteral("Pulses"), .items = {Item{}}};
    Item& item = scenario.items.first();
    item.call = Call{.url = QStringLiteral("http://localhost:9090/"),
                     .timeout = 500,
                     .operationId = QStringLiteral("read_root__get")};
    Fault latency{.parameters = LatencyFault{.mean = 150.0}};
    latency.period = Period{PeriodBound{PeriodBound::Unit::Percent, 10}, PeriodBound{PeriodBound::Unit::Percent, 15}};
    item.context = Context{.upstreams = {QStringLiteral("http://localhost:9090/")},
                           .faults = {latency},
                           .strategy = LoadStrategy{.duration = 90000, .clients = 3, .rps = 2},
                           .slo = {Slo{SloType::Error, QStringLiteral("P99 < 1% errors"), 99, 0.5}}};
    item.expect = Expectation{.status = 200};
    QCOMPARE(QString::fromUtf8(ScenarioWriter::toYaml(scenario)),
             QStringLiteral("title: Pulses\n"
                            "items:\n"
                            "  - call:\n"
                            "      method: GET\n"
                            "      url: http://localhost:9090/\n"
                            "      timeout: 500\n"
                            "      meta:\n"
                            "        operation_id: read_root__get\n"
                            "    context:\n"
                            "      upstreams:\n"
                            "        - http://localhost:9090/\n"
                            "      faults:\n"
                            "        - type: latency\n"
                            "          mean: 150\n"
                            "          period: start:10%,duration:15%\n"
                            "      strategy:\n"
                            "        mode: load\n"
                            "        duration: 1m30s\n"
                            "        clients: 3\n"
                            "        rps: 2\n"
                            "      slo:\n"
                            "        - slo_type: error\n"
                            "          title: P99 < 1% errors\n"
                            "          objective: 99\n"
                            "          threshold: 0.5\n"
                            "    expect:\n"
                            "      status: 200\n"));
    const QByteArray two = ScenarioWriter::toYaml(QList<Scenario>{scenario, scenario});
    QCOMPARE(two.count("\n---\n"), 1);
}

void TestScenarioWriter::quotesTextThatReadsAsAnotherType()
{
    Scenario scenario{.title = QStringLiteral("true"), .description = QStringLiteral("42"), .items = {Item{}}};
    scenario.items.first().call = Call{.url = QStringLiteral("http://a.test/"),
                                       .headers = {{QStringLiteral("X-Null"), QStringLiteral("null")}},
                                       .body = QStringLiteral("line one\nline: two")};
    const QByteArray yaml = ScenarioWriter::toYaml(scenario);
    QVERIFY2(yaml.contains("title: \"true\"\n"), yaml.constData());
    QVERIFY2(yaml.contains("description: \"42\"\n"), yaml.constData());
    QVERIFY2(yaml.contains("X-Null: \"null\"\n"), yaml.constData());
    verifyRoundTrip({scenario});
}

void TestScenarioWriter::savesAtomically()
{
    QTemporaryDir folder;
    QVERIFY(folder.isValid());
    const QList<Scenario> scenarios
        = ScenarioLoader::loadFile(scenarioDataPath(QStringLiteral("seed-corrected.yaml"))).scenarios();
    const QString path = folder.filePath(QStringLiteral("saved.yaml"));
    QString error;
    QVERIFY2(ScenarioWriter::saveFile(path, scenarios, &error), qPrintable(error));
    QCOMPARE(ScenarioLoader::loadFile(path).scenarios(), scenarios);
    // A folder in the way: the save fails with a reason and leaves no partial file behind.
    QVERIFY(QDir(folder.path()).mkdir(QStringLiteral("taken.yaml")));
    QVERIFY(!ScenarioWriter::saveFile(folder.filePath(QStringLiteral("taken.yaml")), scenarios, &error));
    QVERIFY(!error.isEmpty());
    QCOMPARE(QDir(folder.path()).entryList(QDir::Files), QStringList({QStringLiteral("saved.yaml")}));
}

QTEST_GUILESS_MAIN(TestScenarioWriter)
#include "TestScenarioWriter.moc"
