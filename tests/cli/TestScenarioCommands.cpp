#include "cli/CliProcess.h"
#include "scenario/ScenarioSchema.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

// `aftershock-cli scenario validate` and `scenario schema`, run as the built binary.
class TestScenarioCommands : public QObject
{
    Q_OBJECT

private slots:
    void validatesACleanFile();
    void reportsErrorsCompilerStyle();
    void reportsErrorsAsJson();
    void validatesFolders();
    void rejectsBadUsage();
    void printsTheSchema();
};

namespace
{
QString scenarioData(const char* name)
{
    return QStringLiteral(AFTERSHOCK_TEST_DATA "/scenarios/") + QString::fromLatin1(name);
}
} // namespace

void TestScenarioCommands::validatesACleanFile()
{
    const CliProcess run = CliProcess::run(
        {QStringLiteral("scenario"), QStringLiteral("validate"), scenarioData("seed-corrected.yaml")});
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.standardOutput, QStringLiteral("ok: 8 valid scenarios, 0 errors\n"));
}

void TestScenarioCommands::reportsErrorsCompilerStyle()
{
    const QString path = scenarioData("seed-broken.yaml");
    const CliProcess run = CliProcess::run({QStringLiteral("scenario"), QStringLiteral("validate"), path});
    QCOMPARE(run.exitCode, 1);
    QCOMPARE(run.standardOutput, QStringLiteral("failed: 2 valid scenarios, 12 errors\n"));
    const QStringList lines = run.standardError.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QVERIFY2(lines.contains(path
                            + QStringLiteral(":38:7: error: `strategy` belongs under `context`, not inside a fault "
                                             "(fix: Move `strategy` under `context`)")),
             qPrintable(run.standardError));
    QVERIFY2(lines.contains(path
                            + QStringLiteral(":154:5: error: `operation_id` belongs under `meta` (left empty on "
                                             "line 153), not under `call` (fix: Indent `operation_id` under `meta`)")),
             qPrintable(run.standardError));
    QCOMPARE(lines.filter(QStringLiteral(": error: ")).size(), 12);
    QVERIFY(lines.first().startsWith(path + QStringLiteral(":9:1: info: ")));
}

void TestScenarioCommands::reportsErrorsAsJson()
{
    const CliProcess run
        = CliProcess::run({QStringLiteral("scenario"), QStringLiteral("validate"), QStringLiteral("--format"),
                           QStringLiteral("json"), scenarioData("seed-broken.yaml"), scenarioData("all-keys.yaml")});
    QCOMPARE(run.exitCode, 1);
    QJsonParseError parseError;
    const QJsonObject report = QJsonDocument::fromJson(run.standardOutput.toUtf8(), &parseError).object();
    QVERIFY2(parseError.error == QJsonParseError::NoError, qPrintable(parseError.errorString()));
    QCOMPARE(report[QStringLiteral("errors")].toInt(), 12);
    QCOMPARE(report[QStringLiteral("valid")].toBool(true), false);
    const QJsonArray files = report[QStringLiteral("files")].toArray();
    QCOMPARE(files.size(), 2);
    QCOMPARE(files[0][QStringLiteral("scenarios")].toInt(), 2);
    QCOMPARE(files[1][QStringLiteral("scenarios")].toInt(), 2);
    QCOMPARE(files[1][QStringLiteral("diagnostics")].toArray().size(), 0);
    bool found = false;
    for (const QJsonValue& diagnostic : files[0][QStringLiteral("diagnostics")].toArray()) {
        if (diagnostic[QStringLiteral("line")].toInt() == 162) {
            found = true;
            QCOMPARE(diagnostic[QStringLiteral("column")].toInt(), 7);
            QCOMPARE(diagnostic[QStringLiteral("severity")].toString(), QStringLiteral("error"));
            QCOMPARE(diagnostic[QStringLiteral("code")].toString(), QStringLiteral("misplaced-key"));
            QVERIFY(diagnostic[QStringLiteral("fix")].toString().startsWith(QStringLiteral("Move `strategy`")));
        }
    }
    QVERIFY(found);
}

void TestScenarioCommands::validatesFolders()
{
    const CliProcess run = CliProcess::run(
        {QStringLiteral("scenario"), QStringLiteral("validate"), QStringLiteral(AFTERSHOCK_TEST_DATA "/scenarios")});
    QCOMPARE(run.exitCode, 1); // seed-broken.yaml is among them
    QVERIFY2(run.standardOutput.startsWith(QStringLiteral("failed: 14 valid scenarios, 12 errors")),
             qPrintable(run.standardOutput));
}

void TestScenarioCommands::rejectsBadUsage()
{
    QCOMPARE(CliProcess::run({QStringLiteral("scenario"), QStringLiteral("validate")}).exitCode, 2);
    const CliProcess badFormat
        = CliProcess::run({QStringLiteral("scenario"), QStringLiteral("validate"), QStringLiteral("--format"),
                           QStringLiteral("xml"), scenarioData("all-keys.yaml")});
    QCOMPARE(badFormat.exitCode, 2);
    QVERIFY(badFormat.standardError.contains(QStringLiteral("--format takes text or json")));
    const CliProcess missing = CliProcess::run(
        {QStringLiteral("scenario"), QStringLiteral("validate"), QStringLiteral("/nonexistent.yaml")});
    QCOMPARE(missing.exitCode, 1);
    QVERIFY(missing.standardError.contains(QStringLiteral("/nonexistent.yaml: error: cannot read the file")));
}

void TestScenarioCommands::printsTheSchema()
{
    const CliProcess run = CliProcess::run({QStringLiteral("scenario"), QStringLiteral("schema")});
    QCOMPARE(run.exitCode, 0);
    QJsonParseError parseError;
    const QJsonDocument printed = QJsonDocument::fromJson(run.standardOutput.toUtf8(), &parseError);
    QVERIFY2(parseError.error == QJsonParseError::NoError, qPrintable(parseError.errorString()));
    QCOMPARE(printed.object(), ScenarioSchema::jsonSchema());
    QVERIFY(printed.object()[QStringLiteral("$defs")].toObject().contains(QStringLiteral("fault")));
}

QTEST_GUILESS_MAIN(TestScenarioCommands)
#include "TestScenarioCommands.moc"
