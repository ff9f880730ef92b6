#include "OpenApiTestSupport.h"
#include "ScenarioGenerateCommand.h"
#include "ScenarioRunCommand.h"
#include "StaticHttpServer.h"
#include "scenario/ScenarioLoader.h"
#include "support/DemoTarget.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

namespace
{
int generate(const QStringList& arguments)
{
    return ScenarioGenerateCommand().execute(arguments);
}

// The scenarios of a generated file, which must load without a diagnostic.
QList<Scenario> loadClean(const QString& path)
{
    const ScenarioFile file = ScenarioLoader::loadFile(path);
    if (!file.diagnostics.isEmpty()) {
        qWarning("%s", qPrintable(describe(file.diagnostics)));
        return {};
    }
    return file.scenarios();
}
} // namespace

class TestScenarioGenerateCommand : public QObject
{
    Q_OBJECT

private slots:
    void writesOneFile();
    void writesAFileForEachOperation();
    void appliesFamiliesFiltersAndIntensities();
    void rejectsBadInputWithoutWriting_data();
    void rejectsBadInputWithoutWriting();
    void fetchesSpecUrl();
    void generatesFromTheLiveDemoTargetAndRuns();

private:
    QTemporaryDir m_folder;
};

void TestScenarioGenerateCommand::writesOneFile()
{
    const QString output = m_folder.filePath(QStringLiteral("store.yaml"));
    QCOMPARE(generate({"--spec-file", openApiDataFile("store-3.0.yaml"), "--scenario", output}), int(ExitSuccess));
    QCOMPARE(loadClean(output).size(), 9 * 8);
}

void TestScenarioGenerateCommand::writesAFileForEachOperation()
{
    const QString output = m_folder.filePath(QStringLiteral("library"));
    QCOMPARE(generate({"--spec-file", openApiDataFile("library-3.1.json"), "--scenario", output}), int(ExitSuccess));
    QCOMPARE(QDir(output).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
             QStringList({"addBook.yaml", "getBook.yaml"}));
    const QList<Scenario> scenarios = loadClean(QDir(output).filePath(QStringLiteral("getBook.yaml")));
    QCOMPARE(scenarios.size(), 8);
    QCOMPARE(scenarios.first().items.first().call.operationId, std::optional<QString>("getBook"));
}

void TestScenarioGenerateCommand::appliesFamiliesFiltersAndIntensities()
{
    const QString output = m_folder.filePath(QStringLiteral("admin.yml"));
    QCOMPARE(generate({"--spec-file", openApiDataFile("store-3.0.yaml"), "--scenario", output, "--tag", "admin",
                       "--family", "jitter,blackhole", "--jitter-ms", "120", "--slo-p95-ms", "450", "--base-url",
                       "http://127.0.0.1:1234"}),
             int(ExitSuccess));
    const QList<Scenario> scenarios = loadClean(output);
    QCOMPARE(scenarios.size(), 4);
    QCOMPARE(scenarios.at(0).title, QStringLiteral("High jitter (±120ms @ 8Hz)"));
    QCOMPARE(scenarios.at(1).title, QStringLiteral("Full black-hole for 1s"));
    QCOMPARE(scenarios.at(1).items.first().context->slo.first().threshold, 450.0);
    QCOMPARE(scenarios.at(1).items.first().call.url,
             QStringLiteral("http://127.0.0.1:1234/categories/3fa85f64-5717-4562-b3fc-2c963f66afa6"));
}

void TestScenarioGenerateCommand::rejectsBadInputWithoutWriting_data()
{
    QTest::addColumn<QStringList>("arguments");
    const QString store = openApiDataFile(QStringLiteral("store-3.0.yaml"));
    QTest::newRow("not json") << QStringList{"--spec-file", openApiDataFile("broken.json")};
    QTest::newRow("not yaml") << QStringList{"--spec-file", openApiDataFile("broken.yaml")};
    QTest::newRow("swagger 2.0") << QStringList{"--spec-file", openApiDataFile("swagger-2.0.json")};
    QTest::newRow("openapi 4") << QStringList{"--spec-file", openApiDataFile("openapi-4.yaml")};
    QTest::newRow("unresolved ref") << QStringList{"--spec-file", openApiDataFile("unresolved-ref.yaml")};
    QTest::newRow("ref loop") << QStringList{"--spec-file", openApiDataFile("ref-loop.yaml")};
    QTest::newRow("missing file") << QStringList{"--spec-file", openApiDataFile("no-such-spec.yaml")};
    QTest::newRow("both sources") << QStringList{"--spec-file", store, "--spec-url", "http://127.0.0.1:1/x"};
    QTest::newRow("no source") << QStringList{};
    QTest::newRow("unknown family") << QStringList{"--spec-file", store, "--family", "earthquake"};
    QTest::newRow("not a number") << QStringList{"--spec-file", store, "--jitter-ms", "lots"};
    QTest::newRow("out of range") << QStringList{"--spec-file", store, "--packet-loss-percent", "150"};
    QTest::newRow("nothing matches") << QStringList{"--spec-file", store, "--operation-id", "nope"};
    QTest::newRow("unknown option") << QStringList{"--spec-file", store, "--colour", "red"};
}

void TestScenarioGenerateCommand::rejectsBadInputWithoutWriting()
{
    QFETCH(QStringList, arguments);
    for (const QString& name : {QStringLiteral("bad.yaml"), QStringLiteral("bad-folder")}) {
        const QString output = m_folder.filePath(name);
        QCOMPARE(generate(arguments + QStringList{"--scenario", output}), int(ExitBadInput));
        QVERIFY2(!QFileInfo::exists(output), qPrintable(output));
    }
}

void TestScenarioGenerateCommand::fetchesSpecUrl()
{
    StaticHttpServer server;
    QVERIFY(server.listen());
    QFile library(openApiDataFile(QStringLiteral("library-3.1.json")));
    QVERIFY(library.open(QIODevice::ReadOnly));
    server.serve(QStringLiteral("/openapi.json"), {200, "application/json", library.readAll()});
    const QString output = m_folder.filePath(QStringLiteral("fetched.yaml"));
    QCOMPARE(generate({"--spec-url", server.url("/openapi.json"), "--scenario", output}), int(ExitSuccess));
    // No servers in the document: calls go to where it came from.
    const QList<Scenario> scenarios = loadClean(output);
    QCOMPARE(scenarios.size(), 16);
    QCOMPARE(scenarios.first().items.first().call.url, server.url("/books"));

    const QString missing = m_folder.filePath(QStringLiteral("missing.yaml"));
    QCOMPARE(generate({"--spec-url", server.url("/nothing-here.json"), "--scenario", missing}), int(ExitBadInput));
    QVERIFY(!QFileInfo::exists(missing));
}

void TestScenarioGenerateCommand::generatesFromTheLiveDemoTargetAndRuns()
{
    DemoTarget demo;
    QString error;
    QVERIFY2(demo.start(&error), qPrintable(error));
    const QString specUrl = demo.baseUrl() + QStringLiteral("/openapi.json");

    // Its servers say localhost:9090; this instance listens elsewhere.
    const QString folder = m_folder.filePath(QStringLiteral("demo"));
    QCOMPARE(generate({"--spec-url", specUrl, "--base-url", demo.baseUrl(), "--scenario", folder}), int(ExitSuccess));
    QCOMPARE(
        QDir(folder).entryList(QDir::Files),
        QStringList({"create_user_users__post.yaml", "read_root__get.yaml", "read_user_users__user_id__get.yaml"}));
    for (const QString& name : QDir(folder).entryList(QDir::Files)) {
        const QList<Scenario> scenarios = loadClean(QDir(folder).filePath(name));
        QCOMPARE(scenarios.size(), 8);
        for (const Scenario& scenario : scenarios) {
            QCOMPARE(scenario.items.first().call.operationId, std::optional(QFileInfo(name).completeBaseName()));
            QCOMPARE(scenario.items.first().context->upstreams, QStringList{demo.baseUrl()});
        }
    }
    const QList<Scenario> createUser = loadClean(QDir(folder).filePath(QStringLiteral("create_user_users__post.yaml")));
    QCOMPARE(createUser.first().items.first().call.url,
             demo.baseUrl() + QStringLiteral("/users/?name=example&secret_password=example"));

    // Two short single-call families keep the run to a couple of seconds.
    const QString runnable = m_folder.filePath(QStringLiteral("root.yaml"));
    QCOMPARE(generate({"--spec-url", specUrl, "--base-url", demo.baseUrl(), "--operation-id", "read_root__get",
                       "--family", "latency-spike,jitter", "--scenario", runnable}),
             int(ExitSuccess));
    const QString results = m_folder.filePath(QStringLiteral("results.json"));
    QCOMPARE(ScenarioRunCommand().execute({"--scenario", runnable, "--results", results}), int(ExitSuccess));
    QVERIFY(QFileInfo(results).size() > 0);
}

QTEST_GUILESS_MAIN(TestScenarioGenerateCommand)
#include "TestScenarioGenerateCommand.moc"
