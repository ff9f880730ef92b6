#include "K6ScriptInspector.h"
#include "export/K6ScriptWriter.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTest>

// The shape of every script the k6 export writes for the demo's scenarios and the test data's:
// the whole file and each item alone. k6 is not installable here, so the script is checked as k6
// would read it: it parses as a JavaScript module (`node --check`), its `options` object has k6's
// documented option names and types (a JSON Schema of the subset used, k6/options.schema.json),
// each scenario's exec function is exported and runs, and the thresholds name its scenarios.
class TestK6ScriptShape : public QObject
{
    Q_OBJECT

private slots:
    void everyExportHasK6sShape_data();
    void everyExportHasK6sShape();
    void theSchemaRefusesWhatK6WouldNotTake_data();
    void theSchemaRefusesWhatK6WouldNotTake();

private:
    K6ScriptInspector m_inspector;
};

void TestK6ScriptShape::everyExportHasK6sShape_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("item"); // 0: the whole file
    const QStringList files{QStringLiteral(AFTERSHOCK_SOURCE_DIR "/resources/demo/scenarios.yaml"),
                            QStringLiteral(AFTERSHOCK_TEST_DATA "/scenarios/all-keys.yaml"),
                            QStringLiteral(AFTERSHOCK_TEST_DATA "/scenarios/seed-corrected.yaml")};
    for (const QString& path : files) {
        const ScenarioFile file = ScenarioLoader::loadFile(path);
        QVERIFY2(!file.hasErrors(), qPrintable(path));
        qsizetype items = 0;
        for (const Scenario& scenario : file.scenarios()) {
            items += scenario.items.size();
        }
        const QString name = QFileInfo(path).fileName();
        QTest::addRow("%s whole", qPrintable(name)) << path << 0;
        for (int item = 1; item <= items; ++item) {
            QTest::addRow("%s item %d", qPrintable(name), item) << path << item;
        }
    }
}

void TestK6ScriptShape::everyExportHasK6sShape()
{
    QFETCH(QString, path);
    QFETCH(int, item);
    K6ScriptWriter::Options options;
    if (item > 0) {
        options.item = item;
    }
    const K6ScriptWriter::Result result = K6ScriptWriter::write(ScenarioLoader::loadFile(path), options);
    QVERIFY2(result.ok(), qPrintable(result.diagnostics.value(0).toString()));
    QCOMPARE(m_inspector.syntaxError(result.script), QString());

    QString error;
    const QJsonObject inspected = m_inspector.inspect(result.script, {}, &error);
    QVERIFY2(!inspected.isEmpty(), qPrintable(error));
    const QJsonObject k6Options = inspected[QStringLiteral("options")].toObject();
    const QStringList schemaErrors = m_inspector.schemaErrors(k6Options);
    QVERIFY2(schemaErrors.isEmpty(), qPrintable(schemaErrors.join(QLatin1Char('\n'))));

    // What a schema cannot say: the scenarios are those listed, each in the order it runs, with
    // as many VUs allocated as it may use at most; every threshold names one of them.
    const QJsonObject scenarios = k6Options[QStringLiteral("scenarios")].toObject();
    QCOMPARE(scenarios.size(), result.scenarioNames.size());
    for (const QString& name : result.scenarioNames) {
        const QJsonObject scenario = scenarios[name].toObject();
        QCOMPARE(scenario[QStringLiteral("exec")].toString(), name);
        QVERIFY(scenario[QStringLiteral("maxVUs")].toInt(1) >= scenario[QStringLiteral("preAllocatedVUs")].toInt(1));
        QCOMPARE(inspected[QStringLiteral("calls")][name][QStringLiteral("requests")].toArray().size(), 1);
    }
    static const QRegularExpression tagged(QStringLiteral("\\{scenario:([^}]+)\\}$"));
    for (const QString& metric : k6Options[QStringLiteral("thresholds")].toObject().keys()) {
        const auto match = tagged.match(metric);
        QVERIFY2(match.hasMatch() && scenarios.contains(match.captured(1)), qPrintable(metric));
    }
}

void TestK6ScriptShape::theSchemaRefusesWhatK6WouldNotTake_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QByteArray>("value"); // JSON
    QTest::addColumn<QString>("complaint");
    QTest::newRow("misspelt option") << QStringLiteral("preallocatedVUs") << QByteArray("3")
                                     << QStringLiteral("'preallocatedVUs' was unexpected");
    QTest::newRow("rate as text") << QStringLiteral("rate") << QByteArray(R"("6")")
                                  << QStringLiteral("'6' is not of type 'integer'");
    QTest::newRow("duration in words") << QStringLiteral("duration") << QByteArray(R"("10 seconds")")
                                       << QStringLiteral("'10 seconds' does not match");
    QTest::newRow("no such executor") << QStringLiteral("executor") << QByteArray(R"("constant-rate")")
                                      << QStringLiteral("'constant-rate' is not one of");
}

void TestK6ScriptShape::theSchemaRefusesWhatK6WouldNotTake()
{
    QFETCH(QString, key);
    QFETCH(QByteArray, value);
    QFETCH(QString, complaint);
    // A scenario the schema takes, then the one key the row sets.
    QJsonObject scenario{{QStringLiteral("executor"), QStringLiteral("constant-arrival-rate")},
                         {QStringLiteral("rate"), 6},
                         {QStringLiteral("duration"), QStringLiteral("10s")},
                         {QStringLiteral("preAllocatedVUs"), 3}};
    const auto options = [&scenario] {
        return QJsonObject{{QStringLiteral("scenarios"), QJsonObject{{QStringLiteral("load"), scenario}}}};
    };
    QCOMPARE(m_inspector.schemaErrors(options()), QStringList());
    scenario.insert(key, QJsonDocument::fromJson("[" + value + "]").array().first());
    const QString errors = m_inspector.schemaErrors(options()).join(QLatin1Char('\n'));
    QVERIFY2(errors.contains(complaint), qPrintable(errors));
}

QTEST_GUILESS_MAIN(TestK6ScriptShape)
#include "TestK6ScriptShape.moc"
