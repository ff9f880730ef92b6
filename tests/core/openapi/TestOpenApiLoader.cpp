#include "OpenApiTestSupport.h"
#include "StaticHttpServer.h"
#include "openapi/JsonPointer.h"
#include "openapi/OpenApiLoader.h"
#include "support/LoopbackPort.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace std::chrono_literals;

namespace
{
QByteArray readDataFile(const QString& name)
{
    QFile file(openApiDataFile(name));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

Diagnostics errorsOf(const OpenApiLoadResult& result)
{
    Diagnostics errors;
    for (const Diagnostic& diagnostic : result.diagnostics) {
        if (diagnostic.severity == Diagnostic::Severity::Error) {
            errors << diagnostic;
        }
    }
    return errors;
}
} // namespace

class TestOpenApiLoader : public QObject
{
    Q_OBJECT

private slots:
    void evaluatesJsonPointers();
    void loadsYaml30WithSiblingFile();
    void loadsJson31();
    void locatesSyntaxErrors_data();
    void locatesSyntaxErrors();
    void rejectsSwagger2();
    void rejectsOtherVersions();
    void rejectsTextThatIsNoDocument_data();
    void rejectsTextThatIsNoDocument();
    void namesUnresolvedReferences();
    void stopsReferenceLoops();
    void boundsAliasExpansion();
    void fetchesOverHttpWithSiblings();
    void reportsHttpFailures_data();
    void reportsHttpFailures();
    void reportsRefusedConnection();
    void reportsServerThatNeverAnswers();
    void loadsWithoutBlocking();
    void abandonsAnEarlierLoad();
    void isDestroyedSafelyWhileParsing();
};

void TestOpenApiLoader::evaluatesJsonPointers()
{
    const auto pointer = JsonPointer::fromFragment(QStringLiteral("/paths/~1users~1{id}/get/tags/1/a~0b"));
    QVERIFY(pointer);
    QCOMPARE(pointer->tokens(), QStringList({"paths", "/users/{id}", "get", "tags", "1", "a~b"}));
    QCOMPARE(pointer->toString(), QStringLiteral("#/paths/~1users~1{id}/get/tags/1/a~0b"));
    const QJsonValue root
        = QJsonDocument::fromJson(R"({"paths": {"/users/{id}": {"get": {"tags": ["x", {"a~b": 5}]}}}})").object();
    QCOMPARE(pointer->evaluate(root), std::optional<QJsonValue>(5));
    QVERIFY(!JsonPointer::fromFragment(QStringLiteral("/paths/missing"))->evaluate(root));
    QVERIFY(!JsonPointer::fromFragment(QStringLiteral("/paths/~1users~1{id}/get/tags/9"))->evaluate(root));
    QVERIFY(!JsonPointer::fromFragment(QStringLiteral("components")));
    QCOMPARE(JsonPointer::fromFragment(QString())->evaluate(root), std::optional<QJsonValue>(root));
}

void TestOpenApiLoader::loadsYaml30WithSiblingFile()
{
    const OpenApiLoadResult result = OpenApiLoader::loadFile(openApiDataFile(QStringLiteral("store-3.0.yaml")));
    QVERIFY2(result.document, qPrintable(describe(result.diagnostics)));
    QVERIFY2(result.diagnostics.isEmpty(), qPrintable(describe(result.diagnostics)));
    QCOMPARE(result.document->version(), QStringLiteral("3.0.3"));
    // YAML scalars get JSON types: quoted "200" stays a key, 100 is a number, true a boolean.
    const QJsonValue root = result.document->root();
    QCOMPARE(JsonPointer::fromFragment("/paths/~1pets/get/parameters/0/schema/maximum")->evaluate(root),
             std::optional<QJsonValue>(100));
    QVERIFY(JsonPointer::fromFragment("/paths/~1pets/get/responses/200")->evaluate(root));
    QVERIFY(result.document->file(QUrl::fromLocalFile(openApiDataFile(QStringLiteral("common.yaml")))));
}

void TestOpenApiLoader::loadsJson31()
{
    const OpenApiLoadResult result = OpenApiLoader::loadFile(openApiDataFile(QStringLiteral("library-3.1.json")));
    QVERIFY2(result.document && result.diagnostics.isEmpty(), qPrintable(describe(result.diagnostics)));
    QCOMPARE(result.document->version(), QStringLiteral("3.1.0"));
}

void TestOpenApiLoader::locatesSyntaxErrors_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("message");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    QTest::newRow("json: missing comma") << "broken.json"
                                         << "not valid JSON: unterminated object" << 4 << 4;
    QTest::newRow("yaml: unclosed list") << "broken.yaml"
                                         << "not valid YAML: did not find expected ',' or ']'" << 9 << 16;
}

void TestOpenApiLoader::locatesSyntaxErrors()
{
    QFETCH(QString, file);
    QFETCH(QString, message);
    QFETCH(int, line);
    QFETCH(int, column);
    const OpenApiLoadResult result = OpenApiLoader::loadFile(openApiDataFile(file));
    QVERIFY(!result.document);
    QCOMPARE(result.diagnostics.size(), 1);
    const Diagnostic& error = result.diagnostics.first();
    QVERIFY2(error.message.contains(message), qPrintable(error.toString()));
    QCOMPARE(error.location.file, openApiDataFile(file));
    QCOMPARE(error.location.line, line);
    QCOMPARE(error.location.column, column);
}

void TestOpenApiLoader::rejectsSwagger2()
{
    const OpenApiLoadResult result = OpenApiLoader::loadFile(openApiDataFile(QStringLiteral("swagger-2.0.json")));
    QVERIFY(!result.document);
    QCOMPARE(result.diagnostics.size(), 1);
    const Diagnostic& error = result.diagnostics.first();
    QVERIFY2(error.message.contains("Swagger 2.0 is not supported") && error.message.contains("convert"),
             qPrintable(error.message));
    QCOMPARE(error.location.line, 3);
    QCOMPARE(error.code, QStringLiteral("openapi-swagger2"));
}

void TestOpenApiLoader::rejectsOtherVersions()
{
    const OpenApiLoadResult result = OpenApiLoader::loadFile(openApiDataFile(QStringLiteral("openapi-4.yaml")));
    QVERIFY(!result.document);
    QCOMPARE(result.diagnostics.size(), 1);
    QCOMPARE(result.diagnostics.first().message,
             QStringLiteral("OpenAPI 4.0.0 is not supported: Aftershock reads 3.0.x and 3.1.x"));
    QCOMPARE(result.diagnostics.first().location.line, 1);
}

void TestOpenApiLoader::rejectsTextThatIsNoDocument_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("message");
    QTest::newRow("empty") << QByteArray() << "not an OpenAPI document";
    QTest::newRow("a sentence") << QByteArray("just some words\n") << "not an OpenAPI document";
    QTest::newRow("a list") << QByteArray("- a\n- b\n") << "not an OpenAPI document";
    QTest::newRow("no version") << QByteArray("info: {}\npaths: {}\n") << "no `openapi` version key";
    QTest::newRow("unquoted version") << QByteArray("openapi: 3.1\n") << "must be a version text";
    QTest::newRow("binary") << QByteArray("\x00\x01\x02{", 4) << "not valid YAML: control characters";
    QTest::newRow("bad json") << QByteArray("{\"openapi\": \"3.0.0\",\n  oops}") << "not valid JSON";
    QTest::newRow("deep json") << QByteArray(5000, '[') << "not valid JSON";
    QTest::newRow("deep yaml") << QByteArray("a: ") + QByteArray(5000, '[') << "nested deeper than";
    QTest::newRow("non-scalar key") << QByteArray("openapi: 3.0.0\n? [a, b]\n: c\n") << "mapping key must be a text";
}

void TestOpenApiLoader::rejectsTextThatIsNoDocument()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, message);
    QTemporaryDir folder;
    const QString path = folder.filePath(QStringLiteral("spec.yaml"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly) && file.write(text) == text.size());
    file.close();
    const OpenApiLoadResult result = OpenApiLoader::loadFile(path);
    QVERIFY(!result.document);
    QCOMPARE(result.diagnostics.size(), 1);
    QVERIFY2(result.diagnostics.first().message.contains(message), qPrintable(describe(result.diagnostics)));
    QCOMPARE(result.diagnostics.first().location.file, path);
}

void TestOpenApiLoader::namesUnresolvedReferences()
{
    const OpenApiLoadResult result = OpenApiLoader::loadFile(openApiDataFile(QStringLiteral("unresolved-ref.yaml")));
    QVERIFY(!result.document);
    const Diagnostics errors = errorsOf(result);
    QCOMPARE(errors.size(), 2);
    const QString missingSchema
        = QStringLiteral("cannot resolve $ref '#/components/schemas/Missing' used at "
                         "#/paths/~1things/get/responses/200/content/application~1json/schema: %1 has nothing at "
                         "#/components/schemas/Missing")
              .arg(openApiDataFile(QStringLiteral("unresolved-ref.yaml")));
    const auto missingSchemaError = std::find_if(
        errors.begin(), errors.end(), [&](const Diagnostic& error) { return error.message == missingSchema; });
    QVERIFY2(missingSchemaError != errors.end(), qPrintable(describe(errors)));
    QCOMPARE(missingSchemaError->location.line, 14);
    QCOMPARE(missingSchemaError->location.column, 23);
    const auto missingFileError = std::find_if(errors.begin(), errors.end(), [](const Diagnostic& error) {
        return error.message.contains(
                   "'no-such-file.yaml#/components/parameters/Id' used at #/paths/~1other/get/parameters/0")
            && error.message.contains("no-such-file.yaml: No such file or directory");
    });
    QVERIFY2(missingFileError != errors.end(), qPrintable(describe(errors)));
    QCOMPARE(missingFileError->location.line, 18);
}

void TestOpenApiLoader::stopsReferenceLoops()
{
    const OpenApiLoadResult result = OpenApiLoader::loadFile(openApiDataFile(QStringLiteral("ref-loop.yaml")));
    QVERIFY(!result.document);
    QVERIFY(!errorsOf(result).isEmpty());
    for (const Diagnostic& error : errorsOf(result)) {
        QVERIFY2(error.message.contains("the references loop"), qPrintable(error.toString()));
    }
}

void TestOpenApiLoader::boundsAliasExpansion()
{
    // Nine levels of ten aliases each would expand to a billion values.
    QByteArray text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
    for (int level = 1; level < 10; ++level) {
        const QByteArray previous = "*a" + QByteArray::number(level - 1);
        QByteArrayList aliases;
        for (int copy = 0; copy < 10; ++copy) {
            aliases << previous;
        }
        text
            += "a" + QByteArray::number(level) + ": &a" + QByteArray::number(level) + " [" + aliases.join(", ") + "]\n";
    }
    QTemporaryDir folder;
    QFile file(folder.filePath(QStringLiteral("bomb.yaml")));
    QVERIFY(file.open(QIODevice::WriteOnly) && file.write(text) == text.size());
    file.close();
    const OpenApiLoadResult result = OpenApiLoader::loadFile(file.fileName());
    QVERIFY(!result.document);
    QVERIFY2(result.diagnostics.first().message.contains("expands to more than"),
             qPrintable(describe(result.diagnostics)));
}

void TestOpenApiLoader::fetchesOverHttpWithSiblings()
{
    StaticHttpServer server;
    QVERIFY(server.listen());
    server.serve(QStringLiteral("/api/store-3.0.yaml"), {200, "application/yaml", readDataFile("store-3.0.yaml")});
    server.serve(QStringLiteral("/api/common.yaml"), {200, "application/yaml", readDataFile("common.yaml")});
    const QUrl url(server.url(QStringLiteral("/api/store-3.0.yaml")));
    const OpenApiLoadResult result = OpenApiLoader::loadBlocking(url, 10s);
    QVERIFY2(result.document && result.diagnostics.isEmpty(), qPrintable(describe(result.diagnostics)));
    QCOMPARE(result.document->url(), url);
    QVERIFY(result.document->file(QUrl(server.url(QStringLiteral("/api/common.yaml")))));
    QCOMPARE(server.requestedPaths(), QStringList({"/api/store-3.0.yaml", "/api/common.yaml"}));
}

void TestOpenApiLoader::reportsHttpFailures_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("message");
    QTest::newRow("not found") << 404 << QByteArray("application/json") << QByteArray(R"({"detail":"Not Found"})")
                               << R"(%1 answered HTTP 404 Canned with "{"detail":"Not Found"}")";
    QTest::newRow("server error") << 503 << QByteArray("text/plain") << QByteArray()
                                  << "%1 answered HTTP 503 Canned with an empty body";
    QTest::newRow("html page")
        << 200 << QByteArray("text/html; charset=utf-8")
        << QByteArray("<!DOCTYPE html><html><head><title>Swagger UI</title></head></html>")
        << "%1 sent an HTML page (Content-Type: text/html; charset=utf-8, titled \"Swagger UI\"), "
           "not an OpenAPI document";
    QTest::newRow("html as json") << 200 << QByteArray("application/json") << QByteArray("  <html>oops</html>")
                                  << "%1 sent an HTML page (Content-Type: application/json)";
}

void TestOpenApiLoader::reportsHttpFailures()
{
    QFETCH(int, status);
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, body);
    QFETCH(QString, message);
    StaticHttpServer server;
    QVERIFY(server.listen());
    server.serve(QStringLiteral("/openapi.json"), {status, contentType, body});
    const QString url = server.url(QStringLiteral("/openapi.json"));
    const OpenApiLoadResult result = OpenApiLoader::loadBlocking(QUrl(url), 10s);
    QVERIFY(!result.document);
    QCOMPARE(result.diagnostics.size(), 1);
    QVERIFY2(result.diagnostics.first().message.contains(message.arg(url)), qPrintable(describe(result.diagnostics)));
}

void TestOpenApiLoader::reportsRefusedConnection()
{
    const quint16 closedPort = unusedLoopbackPort();
    QVERIFY(closedPort != 0);
    const QString url = QStringLiteral("http://127.0.0.1:%1/openapi.json").arg(closedPort);
    const OpenApiLoadResult result = OpenApiLoader::loadBlocking(QUrl(url), 10s);
    QVERIFY(!result.document);
    QCOMPARE(result.diagnostics.size(), 1);
    QCOMPARE(result.diagnostics.first().message, QStringLiteral("cannot fetch %1: Connection refused").arg(url));
}

void TestOpenApiLoader::reportsServerThatNeverAnswers()
{
    StaticHttpServer server;
    QVERIFY(server.listen());
    server.serve(QStringLiteral("/openapi.json"), {200, "application/json", {}, true});
    const QString url = server.url(QStringLiteral("/openapi.json"));
    QElapsedTimer elapsed;
    elapsed.start();
    const OpenApiLoadResult result = OpenApiLoader::loadBlocking(QUrl(url), 300ms);
    QVERIFY(!result.document);
    QCOMPARE(result.diagnostics.size(), 1);
    QCOMPARE(result.diagnostics.first().message, QStringLiteral("%1 did not answer within 0.3 s").arg(url));
    QVERIFY2(elapsed.elapsed() < 10000, "the timeout ended the load");
}

void TestOpenApiLoader::loadsWithoutBlocking()
{
    StaticHttpServer server;
    QVERIFY(server.listen());
    server.serve(QStringLiteral("/openapi.json"), {200, "application/json", readDataFile("library-3.1.json")});
    for (const QUrl& url : {QUrl(server.url(QStringLiteral("/openapi.json"))),
                            QUrl::fromLocalFile(openApiDataFile(QStringLiteral("library-3.1.json")))}) {
        OpenApiLoader loader;
        QSignalSpy finished(&loader, &OpenApiLoader::finished);
        loader.load(url);
        QCOMPARE(finished.size(), 0); // the result comes from the event loop, never from within load()
        QVERIFY(finished.wait(10000));
        const auto result = finished.first().first().value<OpenApiLoadResult>();
        QVERIFY2(result.document, qPrintable(describe(result.diagnostics)));
    }
}

void TestOpenApiLoader::abandonsAnEarlierLoad()
{
    StaticHttpServer server;
    QVERIFY(server.listen());
    server.serve(QStringLiteral("/store-3.0.yaml"), {200, "application/yaml", readDataFile("store-3.0.yaml")});
    server.serve(QStringLiteral("/common.yaml"), {200, "application/yaml", readDataFile("common.yaml")});
    OpenApiLoader loader;
    QSignalSpy finished(&loader, &OpenApiLoader::finished);
    // Each earlier load is abandoned at a different stage: parsing a local file, fetching.
    loader.load(QUrl::fromLocalFile(openApiDataFile(QStringLiteral("store-3.0.yaml"))));
    loader.load(QUrl(server.url(QStringLiteral("/store-3.0.yaml"))));
    loader.load(QUrl::fromLocalFile(openApiDataFile(QStringLiteral("library-3.1.json"))));
    QVERIFY(finished.wait(10000));
    QCOMPARE(finished.size(), 1);
    const auto result = finished.first().first().value<OpenApiLoadResult>();
    QVERIFY2(result.document, qPrintable(describe(result.diagnostics)));
    QCOMPARE(result.document->version(), QStringLiteral("3.1.0"));
    // The abandoned loads' workers end without reporting.
    QTest::qWait(100);
    QCOMPARE(finished.size(), 1);
}

void TestOpenApiLoader::isDestroyedSafelyWhileParsing()
{
    for (const QString& name : {QStringLiteral("store-3.0.yaml"), QStringLiteral("library-3.1.json")}) {
        auto loader = std::make_unique<OpenApiLoader>();
        loader->load(QUrl::fromLocalFile(openApiDataFile(name)));
        loader.reset(); // waits for its worker; the sanitizers check nothing leaks
    }
}

QTEST_GUILESS_MAIN(TestOpenApiLoader)
#include "TestOpenApiLoader.moc"
