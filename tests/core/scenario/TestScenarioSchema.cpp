#include "ScenarioTestSupport.h"
#include "scenario/ScenarioKeys.h"
#include "scenario/ScenarioSchema.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace ScenarioTestSupport;

class TestScenarioSchema : public QObject
{
    Q_OBJECT

private slots:
    void describesEveryKeyOfTheTable();
    void requiresWhatTheLoaderRequires();
    void acceptsTheScenariosTheLoaderAccepts();
};

namespace
{
QJsonObject definition(const QString& name)
{
    return ScenarioSchema::jsonSchema()[QStringLiteral("$defs")][name].toObject();
}

// Validates each YAML document of the files against the schema with python3-jsonschema (a real
// draft 2020-12 validator) and python3-yaml, after checking the schema against its metaschema.
// Prints one line a document: `path index errors first-error`.
const char* ValidatorScript = R"(
import json, sys, yaml, jsonschema
schema = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)
for path in sys.argv[2:]:
    for index, document in enumerate(yaml.safe_load_all(open(path, encoding='utf-8'))):
        errors = list(validator.iter_errors(document))
        first = errors[0].message if errors else ''
        print(path, index, len(errors), first)
)";
} // namespace

void TestScenarioSchema::describesEveryKeyOfTheTable()
{
    const QJsonObject schema = ScenarioSchema::jsonSchema();
    QCOMPARE(schema[QStringLiteral("$schema")].toString(),
             QStringLiteral("https://json-schema.org/draft/2020-12/schema"));
    QCOMPARE(schema[QStringLiteral("$ref")].toString(), QStringLiteral("#/$defs/scenario"));
    QCOMPARE(schema[QStringLiteral("$defs")].toObject().size(), ScenarioKeys::places().size());
    QCOMPARE(ScenarioKeys::schemaName(KeyPlace::ConfigHttp), QStringLiteral("configHttp"));
    for (const ScenarioKey& key : ScenarioKeys::all()) {
        const QJsonObject place = definition(ScenarioKeys::schemaName(key.place));
        QVERIFY2(place[QStringLiteral("properties")].toObject().contains(key.name), qPrintable(key.name));
        QCOMPARE(place[QStringLiteral("additionalProperties")].toBool(true), false);
    }
    const QJsonObject probability
        = definition(QStringLiteral("fault"))[QStringLiteral("properties")][QStringLiteral("probability")].toObject();
    QCOMPARE(probability[QStringLiteral("minimum")].toDouble(), 0.0);
    QCOMPARE(probability[QStringLiteral("maximum")].toDouble(), 1.0);
    QCOMPARE(definition(QStringLiteral("context"))[QStringLiteral("properties")][QStringLiteral("faults")]
                                                  [QStringLiteral("items")][QStringLiteral("$ref")]
                                                      .toString(),
             QStringLiteral("#/$defs/fault"));
}

void TestScenarioSchema::requiresWhatTheLoaderRequires()
{
    QCOMPARE(definition(QStringLiteral("scenario"))[QStringLiteral("required")].toArray(),
             QJsonArray({QStringLiteral("title"), QStringLiteral("items")}));
    QCOMPARE(definition(QStringLiteral("call"))[QStringLiteral("required")].toArray(),
             QJsonArray({QStringLiteral("method"), QStringLiteral("url")}));
    // Per fault type: a jitter fault needs its amplitude and frequency.
    const QJsonArray faultConditions = definition(QStringLiteral("fault"))[QStringLiteral("allOf")].toArray();
    bool jitterFound = false;
    for (const QJsonValue& condition : faultConditions) {
        if (condition[QStringLiteral("if")][QStringLiteral("properties")][QStringLiteral("type")]
                     [QStringLiteral("const")]
            == QStringLiteral("jitter")) {
            jitterFound = true;
            QCOMPARE(condition[QStringLiteral("then")][QStringLiteral("required")].toArray(),
                     QJsonArray({QStringLiteral("amplitude"), QStringLiteral("frequency")}));
        }
    }
    QVERIFY(jitterFound);
    // `slo_type` may be spelled `type`.
    QCOMPARE(definition(QStringLiteral("slo"))[QStringLiteral("anyOf")].toArray().size(), 2);
    // `steady_state` needs one of its two optional keys.
    const QJsonObject steadyState = definition(QStringLiteral("steadyState"));
    QCOMPARE(steadyState[QStringLiteral("minProperties")].toInt(), 1);
    QVERIFY(!steadyState.contains(QStringLiteral("required")));
    QCOMPARE(definition(QStringLiteral(
                 "strategy"))[QStringLiteral("properties")][QStringLiteral("steady_state")][QStringLiteral("$ref")]
                 .toString(),
             QStringLiteral("#/$defs/steadyState"));
}

void TestScenarioSchema::acceptsTheScenariosTheLoaderAccepts()
{
    QTemporaryDir folder;
    QVERIFY(folder.isValid());
    const QString schemaPath = folder.filePath(QStringLiteral("scenario.schema.json"));
    QFile schemaFile(schemaPath);
    QVERIFY(schemaFile.open(QIODevice::WriteOnly));
    schemaFile.write(QJsonDocument(ScenarioSchema::jsonSchema()).toJson());
    schemaFile.close();

    const QStringList files{
        scenarioDataPath(QStringLiteral("seed-corrected.yaml")), scenarioDataPath(QStringLiteral("all-keys.yaml")),
        scenarioDataPath(QStringLiteral("steady-state.yaml")), scenarioDataPath(QStringLiteral("seed-broken.yaml"))};
    QProcess python;
    python.start(QStringLiteral("/usr/bin/python3"),
                 QStringList{QStringLiteral("-c"), QString::fromLatin1(ValidatorScript), schemaPath} + files);
    QVERIFY2(python.waitForFinished(60000), "python3 did not finish");
    QVERIFY2(python.exitCode() == 0, python.readAllStandardError().constData());
    const QStringList lines
        = QString::fromUtf8(python.readAllStandardOutput()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 8 + 2 + 2 + 8);
    QStringList rejectedBroken;
    for (const QString& line : lines) {
        const QStringList fields = line.split(QLatin1Char(' '));
        const bool broken = fields[0] == files[3];
        if (!broken) {
            QVERIFY2(fields[2] == QLatin1String("0"), qPrintable(line));
        } else if (fields[2] != QLatin1String("0")) {
            rejectedBroken << fields[1];
        }
    }
    // The schema catches the same documents the loader does: keys in the wrong place.
    QCOMPARE(rejectedBroken, QStringList({"1", "2", "3", "5", "6", "7"}));
}

QTEST_GUILESS_MAIN(TestScenarioSchema)
#include "TestScenarioSchema.moc"
