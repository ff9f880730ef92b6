#include "OpenApiTestSupport.h"
#include "openapi/ExampleBuilder.h"
#include "openapi/OpenApiAssembler.h"
#include "openapi/OpenApiLoader.h"
#include "openapi/OperationCollector.h"
#include "openapi/ScenarioGenerator.h"
#include "openapi/ScenarioOutputWriter.h"
#include "scenario/ScenarioLoader.h"
#include "scenario/ScenarioWriter.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

namespace
{
QJsonArray servers(const char* json)
{
    return QJsonDocument::fromJson(json).array();
}

OpenApiDocument load(const QString& name)
{
    const OpenApiLoadResult result = OpenApiLoader::loadFile(openApiDataFile(name));
    if (!result.document) {
        qFatal("cannot load %s: %s", qPrintable(name), qPrintable(describe(result.diagnostics)));
    }
    return *result.document;
}

// A one-file description given as text, as the fuzz target reads its input.
OpenApiDocument fromText(const QByteArray& text)
{
    OpenApiAssembler assembler(QUrl::fromLocalFile(QStringLiteral("/tmp/openapi.yaml")));
    assembler.addFile(assembler.documentUrl(), text);
    OpenApiLoadResult result = assembler.finish();
    if (!result.document) {
        qFatal("cannot load the text: %s", qPrintable(describe(result.diagnostics)));
    }
    return *result.document;
}

const GeneratedOperation* findOperation(const GenerationResult& result, const QString& operationId)
{
    for (const GeneratedOperation& generated : result.operations) {
        if (generated.operation.operationId == operationId) {
            return &generated;
        }
    }
    return nullptr;
}

Call callOf(const GenerationResult& result, const QString& operationId)
{
    const GeneratedOperation* generated = findOperation(result, operationId);
    return generated ? generated->scenarios.first().items.first().call : Call{};
}

QString header(const Call& call, const QString& name)
{
    for (const auto& [key, value] : call.headers) {
        if (key == name) {
            return value;
        }
    }
    return {};
}

QStringList operationIds(const GenerationResult& result)
{
    QStringList ids;
    for (const GeneratedOperation& generated : result.operations) {
        ids << generated.operation.operationId;
    }
    return ids;
}

GenerationOptions onlyFamily(ScenarioFamily family)
{
    GenerationOptions options;
    options.families = {family};
    return options;
}
} // namespace

class TestScenarioGenerator : public QObject
{
    Q_OBJECT

private slots:
    void generatesEveryFamilyForEveryOperation();
    void familiesFollowTheSpec();
    void titlesAndDescriptionsFollowIntensities();
    void rejectsBadIntensities();
    void takesBaseUrlFromServerVariables();
    void overridesBaseUrl();
    void fillsParametersOfEveryLocation();
    void fillsPathParametersThroughReferences();
    void serialisesQueryStyles();
    void buildsJsonBodiesFromSchemas();
    void endsRecursiveSchemas();
    void buildsFormBodies();
    void boundsBodies();
    void readsOpenApi31Documents();
    void expectsTheDocumentedSuccessStatus();
    void selectsOperations_data();
    void selectsOperations();
    void outputLoadsCleanAndRoundTrips();
    void pathCharactersOutsideUrlsAreEncoded();
    void pathWithoutLeadingSlashIsLeftOut();
    void writesOneFilePerOperation();
    void writesNothingWhenAFileCannotBeWritten();
};

void TestScenarioGenerator::generatesEveryFamilyForEveryOperation()
{
    const GenerationResult result = ScenarioGenerator::generate(load(QStringLiteral("store-3.0.yaml")));
    QVERIFY2(!hasErrors(result.diagnostics), qPrintable(describe(result.diagnostics)));
    QCOMPARE(operationIds(result),
             QStringList({"replaceCategory", "getOwner", "updateOwner", "listPets", "createPet", "getPet", "deletePet",
                          "search", "uploadForm"}));
    const QStringList expectedTitles{"Single high-latency spike (client ingress)",
                                     "Stair-step latency growth (5 x 100 ms)",
                                     "Periodic 150-250 ms latency pulses during load",
                                     "5% packet loss for 4s",
                                     "High jitter (±80ms @ 8Hz)",
                                     "512 KBps bandwidth cap",
                                     "Random 500 errors (5% of calls)",
                                     "Full black-hole for 1s"};
    for (const GeneratedOperation& generated : result.operations) {
        QStringList titles;
        for (const Scenario& scenario : generated.scenarios) {
            titles << scenario.title;
            QVERIFY(scenario.description && scenario.description->size() > 80);
            QCOMPARE(scenario.items.size(), 1);
            QCOMPARE(scenario.items.first().call.operationId, std::optional(generated.operation.operationId));
            QCOMPARE(scenario.items.first().context->upstreams, QStringList{"http://localhost:8080/v1"});
        }
        QCOMPARE(titles, expectedTitles);
    }
    QCOMPARE(result.scenarios().size(), 9 * 8);
}

void TestScenarioGenerator::familiesFollowTheSpec()
{
    const GenerationResult result = ScenarioGenerator::generate(load(QStringLiteral("store-3.0.yaml")));
    const QList<Scenario> scenarios = findOperation(result, QStringLiteral("getPet"))->scenarios;
    const auto item = [&scenarios](int index) {
        return scenarios.at(index).items.first();
    };
    const auto percent = [](double value) {
        return PeriodBound{PeriodBound::Unit::Percent, value};
    };
    const QList<Slo> slos{Slo{SloType::Latency, "P95 < 300ms", 95, 300}, Slo{SloType::Error, "Errors < 1%", 99, 1}};

    // 1. spike
    QCOMPARE(
        item(0).context->faults,
        (QList<Fault>{Fault{LatencyFault{.mean = 800, .stddev = 100}, FaultSide::Client, FaultDirection::Ingress}}));
    QVERIFY(!item(0).context->strategy);
    QCOMPARE(item(0).expect->status, std::optional(200));
    // 2. stair-step
    QCOMPARE(
        item(1).context->faults,
        (QList<Fault>{Fault{LatencyFault{.mean = 100, .stddev = 30}, FaultSide::Client, FaultDirection::Ingress}}));
    QCOMPARE(item(1).context->strategy, std::optional<Strategy>(RepeatStrategy{5, 100, true}));
    QCOMPARE(item(1).expect->status, std::optional(200));
    // 3. pulses
    QCOMPARE(item(2).context->faults.size(), 3);
    const QList<std::pair<double, double>> pulses{{150, 10}, {250, 40}, {150, 70}};
    for (int index = 0; index < 3; ++index) {
        const Fault& fault = item(2).context->faults.at(index);
        QCOMPARE(std::get<LatencyFault>(fault.parameters).mean, std::optional(pulses[index].first));
        QCOMPARE(fault.period, std::optional(Period{percent(pulses[index].second), percent(15)}));
    }
    QCOMPARE(item(2).context->strategy, std::optional<Strategy>(LoadStrategy{10000, 3, 2}));
    QCOMPARE(item(2).context->slo, slos);
    // 4. packet loss
    QCOMPARE(item(3).context->faults,
             (QList<Fault>{Fault{PacketLossFault{0.05}, std::nullopt, FaultDirection::Egress,
                                 Period{percent(30), percent(40)}}}));
    QCOMPARE(item(3).call.timeout, std::optional(500));
    QCOMPARE(item(3).expect, std::optional(Expectation{200, 100, std::nullopt}));
    QCOMPARE(item(3).context->strategy, std::optional<Strategy>(LoadStrategy{10000, 1, 2}));
    QCOMPARE(item(3).context->slo, slos);
    // 5. jitter
    QCOMPARE(item(4).context->faults,
             (QList<Fault>{Fault{JitterFault{80, 8}, FaultSide::Server, FaultDirection::Ingress}}));
    QCOMPARE(item(4).expect->status, std::optional(200));
    // 6. bandwidth
    QCOMPARE(item(5).context->faults,
             (QList<Fault>{Fault{BandwidthFault{512, BandwidthUnit::KBps}, std::nullopt, FaultDirection::Ingress}}));
    QCOMPARE(item(5).context->strategy, std::optional<Strategy>(LoadStrategy{15000, 2, 1}));
    QCOMPARE(item(5).context->slo, slos);
    // 7. random errors
    QCOMPARE(item(6).context->faults, (QList<Fault>{Fault{HttpErrorFault{500, 0.05, std::nullopt}}}));
    QCOMPARE(item(6).context->strategy, std::optional<Strategy>(LoadStrategy{8000, 5, 4}));
    QCOMPARE(item(6).context->slo, slos);
    // 8. black-hole
    QCOMPARE(item(7).context->faults,
             (QList<Fault>{
                 Fault{BlackholeFault{}, std::nullopt, FaultDirection::Egress, Period{percent(45), percent(10)}}}));
    QCOMPARE(item(7).call.timeout, std::optional(500));
    QCOMPARE(item(7).context->strategy, std::optional<Strategy>(LoadStrategy{10000, 2, 3}));
    QCOMPARE(item(7).context->slo, slos);
}

void TestScenarioGenerator::titlesAndDescriptionsFollowIntensities()
{
    GenerationOptions options;
    options.filter.operationIds = {QStringLiteral("getPet")};
    options.intensities.stairStepMs = 250;
    options.intensities.stairStepCount = 3;
    options.intensities.packetLossPercent = 12.5;
    options.intensities.jitterAmplitudeMs = 120;
    options.intensities.blackholeMs = 2500;
    options.sloTargets.p95LatencyMs = 450;
    const GenerationResult result = ScenarioGenerator::generate(load(QStringLiteral("store-3.0.yaml")), options);
    const QList<Scenario> scenarios = result.scenarios();
    QCOMPARE(scenarios.at(1).title, QStringLiteral("Stair-step latency growth (3 x 250 ms)"));
    QVERIFY(scenarios.at(1).description->contains("each of 3 calls is 250 ms slower"));
    QCOMPARE(scenarios.at(1).items.first().context->strategy, std::optional<Strategy>(RepeatStrategy{3, 250, true}));
    QCOMPARE(scenarios.at(3).title, QStringLiteral("12.5% packet loss for 4s"));
    QCOMPARE(scenarios.at(4).title, QStringLiteral("High jitter (±120ms @ 8Hz)"));
    QCOMPARE(scenarios.at(7).title, QStringLiteral("Full black-hole for 2s500ms"));
    QCOMPARE(scenarios.at(7).items.first().context->faults.first().period->duration->value, 25.0);
    QCOMPARE(scenarios.at(7).items.first().context->slo.first().threshold, 450.0);
}

void TestScenarioGenerator::rejectsBadIntensities()
{
    GenerationOptions options;
    options.intensities.packetLossPercent = 120;
    options.intensities.stairStepCount = 2.5;
    options.sloTargets.errorPercent = 0;
    const GenerationResult result = ScenarioGenerator::generate(load(QStringLiteral("store-3.0.yaml")), options);
    QVERIFY(result.operations.isEmpty());
    QCOMPARE(result.diagnostics.size(), 3);
    QCOMPARE(result.diagnostics.at(0).message, QStringLiteral("stair-step-count must be a whole number, not 2.5"));
    QCOMPARE(result.diagnostics.at(1).message,
             QStringLiteral("packet-loss-percent must be between 0.1 and 100, not 120"));
    QVERIFY(result.diagnostics.at(2).message.startsWith("the error objective"));
    options = GenerationOptions();
    options.families.clear();
    QCOMPARE(ScenarioGenerator::generate(load(QStringLiteral("store-3.0.yaml")), options).diagnostics.first().message,
             QStringLiteral("no scenario family is chosen"));
}

void TestScenarioGenerator::takesBaseUrlFromServerVariables()
{
    const QUrl localFile = QUrl::fromLocalFile(QStringLiteral("/tmp/a.yaml"));
    const QUrl fetched(QStringLiteral("http://127.0.0.1:9000/docs/openapi.json"));
    QCOMPARE(OperationCollector::baseUrl(servers("[]"), localFile), QStringLiteral("http://localhost"));
    QCOMPARE(OperationCollector::baseUrl(servers(R"([{"url": "/api/"}])"), localFile),
             QStringLiteral("http://localhost/api"));
    // Relative to where the document came from, as OpenAPI says.
    QCOMPARE(OperationCollector::baseUrl(servers(R"([{"url": "/api"}])"), fetched),
             QStringLiteral("http://127.0.0.1:9000/api"));
    QCOMPARE(OperationCollector::baseUrl(servers("[]"), fetched), QStringLiteral("http://127.0.0.1:9000"));
    const QJsonArray variableServer
        = servers(R"([{"url": "https://{region}.example.com", "variables": {"region": {"enum": ["eu", "us"]}}}])");
    QCOMPARE(OperationCollector::baseUrl(variableServer, fetched), QStringLiteral("https://eu.example.com"));
}

void TestScenarioGenerator::overridesBaseUrl()
{
    GenerationOptions options = onlyFamily(ScenarioFamily::Jitter);
    options.baseUrl = QStringLiteral("http://127.0.0.1:9999/");
    const GenerationResult result = ScenarioGenerator::generate(load(QStringLiteral("store-3.0.yaml")), options);
    QCOMPARE(callOf(result, QStringLiteral("getPet")).url, QStringLiteral("http://127.0.0.1:9999/pets/7"));
    QCOMPARE(result.scenarios().first().items.first().context->upstreams, QStringList{"http://127.0.0.1:9999"});
}

void TestScenarioGenerator::fillsParametersOfEveryLocation()
{
    const GenerationResult result
        = ScenarioGenerator::generate(load(QStringLiteral("store-3.0.yaml")), onlyFamily(ScenarioFamily::Jitter));
    const Call call = callOf(result, QStringLiteral("listPets"));
    QCOMPARE(call.method, QStringLiteral("GET"));
    // limit: its example; status: its first enum value; sort: optional and unstated, left out.
    QCOMPARE(call.url, QStringLiteral("http://localhost:8080/v1/pets?limit=20&status=available"));
    QCOMPARE(header(call, QStringLiteral("X-Request-Id")), QStringLiteral("3fa85f64-5717-4562-b3fc-2c963f66afa6"));
    QCOMPARE(header(call, QStringLiteral("Cookie")), QStringLiteral("session=abc123"));
    QVERIFY2(header(call, QStringLiteral("Accept")).isEmpty(), "OpenAPI says an Accept parameter is ignored");
    QVERIFY(!call.body);
}

void TestScenarioGenerator::fillsPathParametersThroughReferences()
{
    const GenerationResult result
        = ScenarioGenerator::generate(load(QStringLiteral("store-3.0.yaml")), onlyFamily(ScenarioFamily::Jitter));
    QCOMPARE(callOf(result, QStringLiteral("getPet")).url, QStringLiteral("http://localhost:8080/v1/pets/7"));
    QCOMPARE(callOf(result, QStringLiteral("deletePet")).method, QStringLiteral("DELETE"));
    QCOMPARE(callOf(result, QStringLiteral("getOwner")).url,
             QStringLiteral("http://localhost:8080/v1/owners/3fa85f64-5717-4562-b3fc-2c963f66afa6"));
}

void TestScenarioGenerator::serialisesQueryStyles()
{
    const GenerationResult result
        = ScenarioGenerator::generate(load(QStringLiteral("store-3.0.yaml")), onlyFamily(ScenarioFamily::Jitter));
    QCOMPARE(callOf(result, QStringLiteral("search")).url,
             QStringLiteral("http://localhost:8080/v1/search?filter[age]=2&filter[color]=brown&tags=small,small"));
}

void TestScenarioGenerator::buildsJsonBodiesFromSchemas()
{
    const GenerationResult result
        = ScenarioGenerator::generate(load(QStringLiteral("store-3.0.yaml")), onlyFamily(ScenarioFamily::Jitter));
    const Call createPet = callOf(result, QStringLiteral("createPet"));
    QCOMPARE(header(createPet, QStringLiteral("Content-Type")), QStringLiteral("application/json"));
    // allOf merged; `id` is read-only; the owner comes from common.yaml, whose pets list would
    // recurse into Pet and so stays empty.
    QCOMPARE(
        createPet.body,
        std::optional<QString>(
            R"({"born":"2024-01-15","name":"Rex","owner":{"email":"user@example.com","name":"Ada","pets":[]},"tag":"examplexxx","vaccinated":true})"));
    QCOMPARE(
        callOf(result, QStringLiteral("updateOwner")).body,
        std::optional<QString>(
            R"({"email":"user@example.com","name":"Ada","pets":[{"born":"2024-01-15","name":"Rex","tag":"examplexxx","vaccinated":true}]})"));
}

void TestScenarioGenerator::endsRecursiveSchemas()
{
    const GenerationResult result
        = ScenarioGenerator::generate(load(QStringLiteral("store-3.0.yaml")), onlyFamily(ScenarioFamily::Jitter));
    const Call call = callOf(result, QStringLiteral("replaceCategory"));
    QCOMPARE(call.url, QStringLiteral("http://localhost:8080/v1/categories/3fa85f64-5717-4562-b3fc-2c963f66afa6"));
    QCOMPARE(call.body, std::optional<QString>(R"({"children":[],"name":"toys","parent":null})"));
}

void TestScenarioGenerator::buildsFormBodies()
{
    const GenerationResult result
        = ScenarioGenerator::generate(load(QStringLiteral("store-3.0.yaml")), onlyFamily(ScenarioFamily::Jitter));
    const Call call = callOf(result, QStringLiteral("uploadForm"));
    QCOMPARE(header(call, QStringLiteral("Content-Type")), QStringLiteral("application/x-www-form-urlencoded"));
    QCOMPARE(call.body, std::optional<QString>("pages=3&title=My%20pet%20%26%20me"));
}

void TestScenarioGenerator::boundsBodies()
{
    // Optional properties are filled down to the second level; past it, required ones only.
    // A schema of 2,000 properties is cut at ExampleBuilder::MaxValues.
    QJsonObject wide;
    for (int index = 0; index < 2000; ++index) {
        wide.insert(QStringLiteral("p%1").arg(index, 4, 10, QLatin1Char('0')), QJsonObject{{"type", "integer"}});
    }
    const QByteArray deep = R"({"type": "object", "properties": {"x": {"type": "integer"}, "a": {"type": "object",
        "properties": {"x": {"type": "integer"}, "b": {"type": "object", "required": ["y"],
        "properties": {"x": {"type": "integer"}, "y": {"type": "boolean"}}}}}}})";
    QJsonObject document
        = QJsonDocument::fromJson(R"({"openapi": "3.1.0", "info": {"title": "t", "version": "1"}})").object();
    const auto post = [](const QJsonValue& schema) {
        const QJsonObject content{{"application/json", QJsonObject{{"schema", schema}}}};
        const QJsonObject body{{"required", true}, {"content", content}};
        return QJsonObject{{"post", QJsonObject{{"requestBody", body}}}};
    };
    document.insert("paths",
                    QJsonObject{{"/deep", post(QJsonDocument::fromJson(deep).object())},
                                {"/wide", post(QJsonObject{{"type", "object"}, {"properties", wide}})}});
    QTemporaryDir folder;
    QFile file(folder.filePath(QStringLiteral("bounds.json")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QJsonDocument(document).toJson());
    file.close();
    const OpenApiLoadResult loaded = OpenApiLoader::loadFile(file.fileName());
    QVERIFY2(loaded.document, qPrintable(describe(loaded.diagnostics)));
    const GenerationResult result = ScenarioGenerator::generate(*loaded.document, onlyFamily(ScenarioFamily::Jitter));
    QCOMPARE(result.scenarios().at(0).items.first().call.body,
             std::optional<QString>(R"({"a":{"b":{"y":true},"x":1},"x":1})"));
    const QJsonObject wideBody
        = QJsonDocument::fromJson(result.scenarios().at(1).items.first().call.body->toUtf8()).object();
    QCOMPARE(wideBody.size(), ExampleBuilder::MaxValues - 1); // the object itself is one of the values
}

void TestScenarioGenerator::readsOpenApi31Documents()
{
    const GenerationResult result
        = ScenarioGenerator::generate(load(QStringLiteral("library-3.1.json")), onlyFamily(ScenarioFamily::Jitter));
    QVERIFY2(!hasErrors(result.diagnostics), qPrintable(describe(result.diagnostics)));
    QCOMPARE(operationIds(result), QStringList({"addBook", "getBook"})); // webhooks are not calls we make
    const Call getBook = callOf(result, QStringLiteral("getBook"));
    QCOMPARE(getBook.url, QStringLiteral("http://localhost/books/978-0132350884?fields=%7B%22title%22%3Atrue%7D"));
    QCOMPARE(header(getBook, QStringLiteral("Accept-Language")), QStringLiteral("en-GB"));
    QCOMPARE(header(getBook, QStringLiteral("Cookie")), QStringLiteral("visitor=41"));
    QVERIFY(header(getBook, QStringLiteral("Authorization")).isEmpty());
    QCOMPARE(
        callOf(result, QStringLiteral("addBook")).body,
        std::optional<QString>(
            R"({"authors":[{"born":1900,"name":"example"},{"born":1900,"name":"example"}],"edition":2,"format":"paperback","price":0.5,"series":{"name":"Uncle Bob"},"title":"Clean Code"})"));
}

void TestScenarioGenerator::expectsTheDocumentedSuccessStatus()
{
    const GenerationResult result = ScenarioGenerator::generate(load(QStringLiteral("store-3.0.yaml")));
    const auto expected = [&result](const QString& operationId) {
        return findOperation(result, operationId)->scenarios.first().items.first().expect->status;
    };
    QCOMPARE(expected(QStringLiteral("createPet")), std::optional(201));
    QCOMPARE(expected(QStringLiteral("deletePet")), std::optional(204));
    QCOMPARE(expected(QStringLiteral("uploadForm")), std::optional(200)); // only `2XX`
}

void TestScenarioGenerator::selectsOperations_data()
{
    QTest::addColumn<OperationFilter>("filter");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("tag") << OperationFilter{{"admin"}, {}, {}} << QStringList{"replaceCategory", "deletePet"};
    QTest::newRow("path glob") << OperationFilter{{}, {"/pets*"}, {}}
                               << QStringList{"listPets", "createPet", "getPet", "deletePet"};
    QTest::newRow("operation ids") << OperationFilter{{}, {}, {"getPet", "search"}} << QStringList{"getPet", "search"};
    QTest::newRow("tag and glob") << OperationFilter{{"pets"}, {"/pets/*"}, {}} << QStringList{"getPet"};
    QTest::newRow("two tags") << OperationFilter{{"admin", "pets"}, {"/pets/{petId}"}, {}}
                              << QStringList{"getPet", "deletePet"};
}

void TestScenarioGenerator::selectsOperations()
{
    QFETCH(OperationFilter, filter);
    QFETCH(QStringList, expected);
    GenerationOptions options = onlyFamily(ScenarioFamily::LatencySpike);
    options.filter = filter;
    QCOMPARE(operationIds(ScenarioGenerator::generate(load(QStringLiteral("store-3.0.yaml")), options)), expected);
}

void TestScenarioGenerator::outputLoadsCleanAndRoundTrips()
{
    for (const QString& name : {QStringLiteral("store-3.0.yaml"), QStringLiteral("library-3.1.json")}) {
        const QList<Scenario> generated = ScenarioGenerator::generate(load(name)).scenarios();
        const ScenarioFile loaded
            = ScenarioLoader::loadText(ScenarioWriter::toYaml(generated), QStringLiteral("out.yaml"));
        QVERIFY2(loaded.diagnostics.isEmpty(), qPrintable(describe(loaded.diagnostics)));
        QCOMPARE(loaded.scenarios().size(), generated.size());
        QVERIFY(loaded.scenarios() == generated);
    }
}

// Found by FuzzOpenApiImporter (tests/fuzz/regressions/FuzzOpenApiImporter/path-with-brackets):
// the path went into the URL as written, which the scenario loader then refused.
void TestScenarioGenerator::pathCharactersOutsideUrlsAreEncoded()
{
    const GenerationResult result = ScenarioGenerator::generate(fromText(R"(openapi: 3.0.3
info: {title: Brackets, version: "1"}
paths:
  /files/[id]\a b%zz%2F:
    get: {operationId: getFile, responses: {"200": {description: ok}}}
)"),
                                                                onlyFamily(ScenarioFamily::Jitter));
    QCOMPARE(callOf(result, QStringLiteral("getFile")).url,
             QStringLiteral("http://localhost/files/%5Bid%5D%5Ca%20b%25zz%2F"));
    const ScenarioFile loaded
        = ScenarioLoader::loadText(ScenarioWriter::toYaml(result.scenarios()), QStringLiteral("out.yaml"));
    QVERIFY2(!loaded.hasErrors(), qPrintable(describe(loaded.diagnostics)));
}

// Found by FuzzOpenApiImporter (regressions/FuzzOpenApiImporter/path-without-leading-slash): the
// path `:p` made `http://localhost:p`, a URL with a bad port.
void TestScenarioGenerator::pathWithoutLeadingSlashIsLeftOut()
{
    const GenerationResult result = ScenarioGenerator::generate(fromText(R"(openapi: 3.0.3
info: {title: No slash, version: "1"}
paths:
  ":p":
    get: {operationId: colon, responses: {"200": {description: ok}}}
  /ok:
    get: {operationId: ok, responses: {"200": {description: ok}}}
)"),
                                                                onlyFamily(ScenarioFamily::Jitter));
    QCOMPARE(operationIds(result), QStringList{"ok"});
    const QString messages = describe(result.diagnostics);
    QVERIFY2(messages.contains(QLatin1String("/paths/:p: the path is left out: it does not begin with /")),
             qPrintable(messages));
}

void TestScenarioGenerator::writesOneFilePerOperation()
{
    const GenerationResult result = ScenarioGenerator::generate(load(QStringLiteral("store-3.0.yaml")));
    QTemporaryDir folder;
    const QString output = folder.filePath(QStringLiteral("scenarios"));
    QString error;
    QVERIFY2(ScenarioOutputWriter::write(output, result.operations, &error), qPrintable(error));
    QStringList files = QDir(output).entryList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot | QDir::AllDirs);
    QCOMPARE(files.size(), 9);
    QVERIFY(files.contains(QStringLiteral("listPets.yaml")));
    for (const ScenarioFile& file : ScenarioLoader::loadPath(output)) {
        QVERIFY2(!file.hasErrors(), qPrintable(describe(file.diagnostics)));
        QCOMPARE(file.scenarios().size(), 8);
    }
    // Without operation ids, names come from method and path, made unique.
    GeneratedOperation unnamed = result.operations.first();
    unnamed.operation.operationId.clear();
    unnamed.operation.path = QStringLiteral("/a/{b}");
    QCOMPARE(ScenarioOutputWriter::fileNames({unnamed, unnamed}), QStringList({"put_a_b_.yaml", "put_a_b_-2.yaml"}));
}

void TestScenarioGenerator::writesNothingWhenAFileCannotBeWritten()
{
    const GenerationResult result = ScenarioGenerator::generate(load(QStringLiteral("store-3.0.yaml")));
    QTemporaryDir folder;
    // A folder where the last file should go: everything must be left as it was.
    QVERIFY(QDir(folder.path()).mkpath(QStringLiteral("out/uploadForm.yaml")));
    QString error;
    QVERIFY(!ScenarioOutputWriter::write(folder.filePath(QStringLiteral("out")), result.operations, &error));
    QVERIFY2(error.contains("a folder of that name is in the way"), qPrintable(error));
    QCOMPARE(
        QDir(folder.filePath(QStringLiteral("out"))).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
        QStringList{"uploadForm.yaml"});
    // A file whose folder cannot be created: no file appears.
    QFile blocker(folder.filePath(QStringLiteral("blocker")));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    QVERIFY(
        !ScenarioOutputWriter::write(folder.filePath(QStringLiteral("blocker/out.yaml")), result.operations, &error));
    QVERIFY(!ScenarioOutputWriter::write(folder.filePath(QStringLiteral("blocker/out")), result.operations, &error));
    QCOMPARE(QDir(folder.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
             QStringList({"blocker", "out"}));
}

QTEST_GUILESS_MAIN(TestScenarioGenerator)
#include "TestScenarioGenerator.moc"
