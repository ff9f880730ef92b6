#include "support/FakeEmbeddingServer.h"
#include "support/FakeLlmServer.h"
#include "support/FakeQdrantServer.h"

#include <QDir>
#include <QDirIterator>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

namespace
{
constexpr int CliTimeoutMs = 120000;
const QString Results = QStringLiteral(AFTERSHOCK_TEST_DATA "/results/advisor-demo.json");
const QString DemoSource = QStringLiteral(AFTERSHOCK_SOURCE_DIR "/resources/demo-target");

struct CliRun
{
    int exitCode = -1;
    QString output;
    QString errors;
};

// One answer in OpenAI's streaming format: the text in three pieces, the usage, [DONE].
FakeLlmServer::Response answer(const QString& markdown)
{
    const QByteArray text = markdown.toUtf8();
    QList<QByteArray> events;
    for (int piece = 0; piece < 3; ++piece) {
        const QByteArray part
            = text.mid(piece * text.size() / 3, (piece + 1) * text.size() / 3 - piece * text.size() / 3);
        const QJsonObject delta{{QStringLiteral("content"), QString::fromUtf8(part)}};
        const QJsonObject choice{{QStringLiteral("index"), 0},
                                 {QStringLiteral("delta"), delta},
                                 {QStringLiteral("finish_reason"), QJsonValue::Null}};
        events << QJsonDocument(QJsonObject{{QStringLiteral("choices"), QJsonArray{choice}}})
                      .toJson(QJsonDocument::Compact);
    }
    events << R"({"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]})"
           << R"({"choices":[],"usage":{"prompt_tokens":1000,"completion_tokens":50,"total_tokens":1050}})"
           << "[DONE]";
    return FakeLlmServer::stream(FakeLlmServer::dataEvents(events));
}

QString stepAnswer(int step)
{
    return QStringLiteral(
               "## Step %1\n\n*From the fake model.*\n\nFinding %1 holds.\n\n| Scope | Verdict |\n|---|---|\n"
               "| all | step %1 |\n")
        .arg(step);
}
} // namespace

// `aftershock-cli agent advise` and `keys`, the real program, against a local server that speaks
// OpenAI's streaming protocol: the whole chain, the consent, --print-prompts, and that the key is
// nowhere but in the request's header.
class TestAgentAdviseCommand : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void theWholeChainExtendsTheReportAndTheKeyLeaksNowhere();
    void nothingIsSentWithoutConsent();
    void printPromptsShowsWhatWouldBeSentAndSendsNothing();
    void qdrantIndexGroundsTheChainOnceEmbeddingIsAgreedTo();
    void whatTheIndexLeavesOutIsSaid();
    void embeddingsElsewhereGetNoKeyNamedForTheChat();
    void keysAreSetTestedAndDeletedInTheKeychain();

private:
    CliRun run(const QStringList& arguments, const QByteArray& input = {});
    QStringList adviseArguments(const QString& report) const;

    std::unique_ptr<QTemporaryDir> m_home;
    std::unique_ptr<FakeLlmServer> m_server;
    QProcessEnvironment m_environment;
    const QString m_key = QStringLiteral("sk-aftershock-leak-check-%1-5f2c9e").arg(QCoreApplication::applicationPid());
};

void TestAgentAdviseCommand::init()
{
    m_home = std::make_unique<QTemporaryDir>();
    m_server = std::make_unique<FakeLlmServer>();
    QVERIFY(m_server->listen());
    m_environment = QProcessEnvironment::systemEnvironment();
    // Everything the program writes (settings, consent, the code index, the store) goes here.
    m_environment.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home->filePath(QStringLiteral("config")));
    m_environment.insert(QStringLiteral("XDG_DATA_HOME"), m_home->filePath(QStringLiteral("data")));
    m_environment.insert(QStringLiteral("XDG_CACHE_HOME"), m_home->filePath(QStringLiteral("cache")));
    m_environment.insert(QStringLiteral("OPENAI_API_KEY"), m_key);
}

CliRun TestAgentAdviseCommand::run(const QStringList& arguments, const QByteArray& input)
{
    // Started and waited for on the event loop: the fake server answers from this process.
    QProcess process;
    process.setProcessEnvironment(m_environment);
    QSignalSpy finished(&process, &QProcess::finished);
    process.start(QStringLiteral(AFTERSHOCK_BINARY_DIR "/src/cli/aftershock-cli"), arguments);
    if (!input.isEmpty()) {
        process.write(input);
    }
    process.closeWriteChannel();
    if (!finished.wait(CliTimeoutMs)) {
        process.kill();
        process.waitForFinished(2000);
        return {};
    }
    return CliRun{.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
                  .output = QString::fromUtf8(process.readAllStandardOutput()),
                  .errors = QString::fromUtf8(process.readAllStandardError())};
}

QStringList TestAgentAdviseCommand::adviseArguments(const QString& report) const
{
    return {QStringLiteral("agent"),        QStringLiteral("advise"),
            QStringLiteral("--results"),    Results,
            QStringLiteral("--source-dir"), DemoSource,
            QStringLiteral("--role"),       QStringLiteral("SRE"),
            QStringLiteral("--provider"),   QStringLiteral("openai"),
            QStringLiteral("--base-url"),   m_server->url().toString(),
            QStringLiteral("--model"),      QStringLiteral("gpt-test"),
            QStringLiteral("--report"),     report};
}

void TestAgentAdviseCommand::theWholeChainExtendsTheReportAndTheKeyLeaksNowhere()
{
    for (int step = 1; step <= 7; ++step) {
        m_server->enqueue(answer(stepAnswer(step)));
    }
    const QString report = m_home->filePath(QStringLiteral("advice.md"));
    const CliRun cli
        = run(adviseArguments(report) << QStringLiteral("--yes") << QStringLiteral("--price") << QStringLiteral("1,2"));
    QVERIFY2(cli.exitCode == 0, qPrintable(cli.errors));
    QVERIFY2(cli.output.contains(QStringLiteral("7 of 7 advisor sections kept")), qPrintable(cli.output));
    QVERIFY2(cli.errors.contains(QStringLiteral("[7/7] Writing the executive summary")), qPrintable(cli.errors));

    // Seven requests, in OpenAI's shape, with the key in the header only.
    const QList<FakeLlmServer::Request>& requests = m_server->requests();
    QCOMPARE(requests.size(), 7);
    for (const FakeLlmServer::Request& request : requests) {
        QCOMPARE(request.path, QByteArray("/v1/chat/completions"));
        QCOMPARE(request.headers.value("authorization"), QByteArray("Bearer ") + m_key.toUtf8());
        QCOMPARE(request.json().value(QStringLiteral("model")).toString(), QStringLiteral("gpt-test"));
        QVERIFY(request.json().value(QStringLiteral("stream")).toBool());
    }
    // The demo target's handlers in the hypotheses' and the recommendations' prompts.
    for (const int step : {3, 4}) {
        const QByteArray body = requests.at(step - 1).body;
        QVERIFY2(body.contains("async def create_user"), body.left(2000).constData());
        QVERIFY(body.contains("async def read_user"));
    }

    QFile written(report);
    QVERIFY(written.open(QIODevice::ReadOnly));
    const QString markdown = QString::fromUtf8(written.readAll());
    for (const QString& title : {QStringLiteral("Executive Summary"), QStringLiteral("Overall Resilience Posture"),
                                 QStringLiteral("SLO Failures Deep Dive"), QStringLiteral("Potential Cause Hypotheses"),
                                 QStringLiteral("Recommendations"), QStringLiteral("Threats and Next Steps"),
                                 QStringLiteral("Further Experiments")}) {
        QVERIFY2(markdown.contains(QStringLiteral("## ") + title), qPrintable(title));
        QVERIFY2(markdown.contains(QStringLiteral("### Advisor: ") + title), qPrintable(title));
    }
    for (int step = 1; step <= 7; ++step) {
        QVERIFY(markdown.contains(QStringLiteral("Finding %1 holds.").arg(step)));
    }
    QVERIFY2(markdown.contains(QStringLiteral("Advice by OpenAI, model gpt-test, for the role SRE: 7000 input and "
                                              "350 output tokens, about $0.0077")),
             qPrintable(markdown.right(600)));

    // The key: in no file written (the report, the code index, the settings, the consent) and in
    // nothing printed.
    QVERIFY(!cli.output.contains(m_key) && !cli.errors.contains(m_key));
    int filesRead = 0;
    QDirIterator files(m_home->path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (files.hasNext()) {
        QFile file(files.next());
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY2(!file.readAll().contains(m_key.toUtf8()), qPrintable(file.fileName()));
        ++filesRead;
    }
    QVERIFY2(filesRead >= 3, qPrintable(QString::number(filesRead))); // the report, the index, the consent
}

void TestAgentAdviseCommand::nothingIsSentWithoutConsent()
{
    const QString report = m_home->filePath(QStringLiteral("advice.md"));
    CliRun cli = run(adviseArguments(report));
    QVERIFY2(cli.exitCode == 2, qPrintable(cli.errors));
    QVERIFY2(cli.errors.contains(QStringLiteral("The advisor sends a digest of the run's results")),
             qPrintable(cli.errors));
    QVERIFY(cli.errors.contains(DemoSource));
    QVERIFY(cli.errors.contains(QStringLiteral("--yes")));
    QVERIFY(m_server->requests().isEmpty());
    QVERIFY(!QFile::exists(report));

    // Given once, it holds for the provider and folder.
    for (int round = 0; round < 2; ++round) {
        for (int step = 1; step <= 7; ++step) {
            m_server->enqueue(answer(stepAnswer(step)));
        }
    }
    cli = run(adviseArguments(report) << QStringLiteral("--yes"));
    QVERIFY2(cli.exitCode == 0, qPrintable(cli.errors));
    cli = run(adviseArguments(report));
    QVERIFY2(cli.exitCode == 0, qPrintable(cli.errors));
    QCOMPARE(m_server->requests().size(), 14);
    // Another folder is asked again.
    const QStringList withoutCode = adviseArguments(report).mid(0, 4) + adviseArguments(report).mid(6);
    cli = run(withoutCode);
    QVERIFY2(cli.exitCode == 2, qPrintable(cli.errors));
}

void TestAgentAdviseCommand::printPromptsShowsWhatWouldBeSentAndSendsNothing()
{
    const CliRun cli = run({QStringLiteral("agent"), QStringLiteral("advise"), QStringLiteral("--results"), Results,
                            QStringLiteral("--source-dir"), DemoSource, QStringLiteral("--role"), QStringLiteral("SRE"),
                            QStringLiteral("--print-prompts")});
    QVERIFY2(cli.exitCode == 0, qPrintable(cli.errors));
    for (int step = 1; step <= 7; ++step) {
        QVERIFY(cli.output.contains(QStringLiteral("===== Step %1 of 7: ").arg(step)));
    }
    QVERIFY(cli.output.contains(QStringLiteral("async def create_user")));
    QVERIFY(cli.output.contains(QStringLiteral("(the answer to step 6 goes here)")));
    QVERIFY(!cli.output.contains(m_key));
    QVERIFY(m_server->requests().isEmpty());
}

void TestAgentAdviseCommand::whatTheIndexLeavesOutIsSaid()
{
    // A folder deeper than the scan goes (SourceScanner::MaxDepth, 64) beside the demo's code.
    QTemporaryDir source;
    QVERIFY(QFile::copy(DemoSource + QStringLiteral("/app.py"), source.filePath(QStringLiteral("app.py"))));
    QString deep = source.path();
    for (int depth = 0; depth <= 65; ++depth) {
        deep += QStringLiteral("/d");
    }
    QVERIFY(QDir().mkpath(deep));
    const CliRun cli = run({QStringLiteral("agent"), QStringLiteral("advise"), QStringLiteral("--results"), Results,
                            QStringLiteral("--source-dir"), source.path(), QStringLiteral("--print-prompts")});
    QVERIFY2(cli.exitCode == 0, qPrintable(cli.errors));
    QVERIFY2(cli.errors.contains(QStringLiteral("Left out of the index: ")), qPrintable(cli.errors));
    QVERIFY2(cli.errors.contains(QStringLiteral("is more than 64 folders deep and was left out")),
             qPrintable(cli.errors));
    QVERIFY(cli.output.contains(QStringLiteral("async def create_user")));
}

void TestAgentAdviseCommand::qdrantIndexGroundsTheChainOnceEmbeddingIsAgreedTo()
{
    FakeEmbeddingServer embeddings;
    QVERIFY(embeddings.listen());
    embeddings.setKey(m_key);
    FakeQdrantServer qdrant;
    QVERIFY(qdrant.listen());
    const QString qdrantKey = QStringLiteral("qdrant-leak-check-%1").arg(QCoreApplication::applicationPid());
    qdrant.setApiKey(qdrantKey);
    m_environment.insert(QStringLiteral("QDRANT_API_KEY"), qdrantKey);
    const QString report = m_home->filePath(QStringLiteral("advice.md"));
    const QStringList arguments = adviseArguments(report)
        << QStringLiteral("--index") << QStringLiteral("qdrant") << QStringLiteral("--qdrant-url")
        << qdrant.url().toString() << QStringLiteral("--embedding-base-url") << embeddings.url().toString();

    // Printing the prompts reaches none of the three servers.
    QStringList printing = arguments;
    printing.removeAll(QStringLiteral("--report"));
    printing.removeAll(report);
    CliRun cli = run(printing << QStringLiteral("--print-prompts"));
    QVERIFY2(cli.exitCode == 0, qPrintable(cli.errors));
    QVERIFY2(cli.errors.contains(QStringLiteral("Printing the prompts sends nothing")), qPrintable(cli.errors));
    QVERIFY(m_server->requests().isEmpty() && embeddings.requests().isEmpty() && qdrant.requests().isEmpty());

    // The chain's provider agreed to, the embeddings not yet: asked, and nothing sent to anyone.
    for (int step = 1; step <= 7; ++step) {
        m_server->enqueue(answer(stepAnswer(step)));
    }
    cli = run(adviseArguments(report) << QStringLiteral("--yes"));
    QVERIFY2(cli.exitCode == 0, qPrintable(cli.errors));
    const qsizetype chatRequests = m_server->requests().size();
    cli = run(arguments);
    QVERIFY2(cli.exitCode == 2, qPrintable(cli.errors));
    QVERIFY2(cli.errors.contains(QStringLiteral("The Qdrant index sends every code chunk of %1").arg(DemoSource)),
             qPrintable(cli.errors));
    QVERIFY(!cli.errors.contains(QStringLiteral("The advisor sends a digest")));
    QCOMPARE(m_server->requests().size(), chatRequests);
    QVERIFY(embeddings.requests().isEmpty());
    QVERIFY(qdrant.requests().isEmpty());

    for (int step = 1; step <= 7; ++step) {
        m_server->enqueue(answer(stepAnswer(step)));
    }
    cli = run(QStringList(arguments) << QStringLiteral("--yes"));
    QVERIFY2(cli.exitCode == 0, qPrintable(cli.errors));
    QVERIFY2(cli.errors.contains(QStringLiteral("in the collection aftershock-demo-target-")), qPrintable(cli.errors));
    QVERIFY2(!cli.errors.contains(QStringLiteral("in clear")), qPrintable(cli.errors)); // Qdrant is on 127.0.0.1
    QCOMPARE(qdrant.collections().size(), 1);
    QVERIFY(!embeddings.requests().isEmpty());
    // The hypotheses' and the recommendations' prompts quote the handlers Qdrant found.
    for (const int step : {3, 4}) {
        const QByteArray body = m_server->requests().at(chatRequests + step - 1).body;
        QVERIFY2(body.contains("async def create_user"), body.left(2000).constData());
    }
    for (const FakeLlmServer::Request& request : qdrant.requests()) {
        QCOMPARE(request.headers.value("api-key"), qdrantKey.toUtf8());
    }
    // Neither key is in anything written or printed.
    for (const QString& key : {m_key, qdrantKey}) {
        QVERIFY(!cli.output.contains(key) && !cli.errors.contains(key));
        QDirIterator files(m_home->path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (files.hasNext()) {
            QFile file(files.next());
            QVERIFY(file.open(QIODevice::ReadOnly));
            QVERIFY2(!file.readAll().contains(key.toUtf8()), qPrintable(file.fileName()));
        }
    }

    // The agreement is for those two servers: another Qdrant, or another embeddings endpoint, is
    // asked for again, and gets nothing without it.
    FakeQdrantServer otherQdrant;
    QVERIFY(otherQdrant.listen());
    FakeEmbeddingServer otherEmbeddings;
    QVERIFY(otherEmbeddings.listen());
    const qsizetype embeddingRequests = embeddings.requests().size();
    const qsizetype chatRequestsSoFar = m_server->requests().size();
    for (const auto& [from, to] : {std::pair(qdrant.url().toString(), otherQdrant.url().toString()),
                                   std::pair(embeddings.url().toString(), otherEmbeddings.url().toString())}) {
        QStringList elsewhere = arguments;
        elsewhere.replace(elsewhere.indexOf(from), to);
        cli = run(elsewhere);
        QVERIFY2(cli.exitCode == 2, qPrintable(cli.errors));
        QVERIFY2(cli.errors.contains(QStringLiteral("The Qdrant index sends every code chunk of %1").arg(DemoSource)),
                 qPrintable(cli.errors));
        QVERIFY2(cli.errors.contains(to), qPrintable(cli.errors));
    }
    QVERIFY(otherQdrant.requests().isEmpty() && otherEmbeddings.requests().isEmpty());
    QCOMPARE(embeddings.requests().size(), embeddingRequests);
    QCOMPARE(m_server->requests().size(), chatRequestsSoFar);

    // Qdrant's key to another machine over plain http: warned of (that server is never reached,
    // as the run stops at the question).
    QStringList inClear = arguments;
    inClear.replace(inClear.indexOf(qdrant.url().toString()), QStringLiteral("http://192.0.2.10:6333"));
    cli = run(inClear);
    QVERIFY2(cli.exitCode == 2, qPrintable(cli.errors));
    QVERIFY2(cli.errors.contains(QStringLiteral("QDRANT_API_KEY would travel in clear")), qPrintable(cli.errors));
    QVERIFY(!cli.errors.contains(qdrantKey));
}

void TestAgentAdviseCommand::embeddingsElsewhereGetNoKeyNamedForTheChat()
{
    if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS")) {
        QSKIP("No D-Bus session bus: run through ./scripts/test, which starts one with a keyring");
    }
    // A key stored for the chat's compatible server, which must go to that server only.
    CliRun cli = run({QStringLiteral("keys"), QStringLiteral("set"), QStringLiteral("openai-compatible")},
                     m_key.toUtf8() + "\n");
    QVERIFY2(cli.exitCode == 0, qPrintable(cli.errors));
    FakeEmbeddingServer embeddings;
    QVERIFY(embeddings.listen());
    FakeQdrantServer qdrant;
    QVERIFY(qdrant.listen());
    // Blank: no key at all, not a blank one.
    m_environment.insert(QStringLiteral("QDRANT_API_KEY"), QStringLiteral("  \t "));
    for (int step = 1; step <= 7; ++step) {
        m_server->enqueue(answer(stepAnswer(step)));
    }
    QStringList arguments = adviseArguments(m_home->filePath(QStringLiteral("advice.md")));
    arguments.replace(arguments.indexOf(QStringLiteral("openai")), QStringLiteral("openai-compatible"));
    cli = run(arguments << QStringLiteral("--index") << QStringLiteral("qdrant") << QStringLiteral("--qdrant-url")
                        << qdrant.url().toString() << QStringLiteral("--embedding-base-url")
                        << embeddings.url().toString() << QStringLiteral("--yes"));
    QVERIFY2(cli.exitCode == 0, qPrintable(cli.errors));
    QVERIFY(!m_server->requests().isEmpty());
    for (const FakeLlmServer::Request& request : m_server->requests()) {
        QCOMPARE(request.headers.value("authorization"), QByteArray("Bearer ") + m_key.toUtf8());
    }
    QVERIFY(!embeddings.requests().isEmpty() && !qdrant.requests().isEmpty());
    for (const FakeLlmServer::Request& request : embeddings.requests()) {
        QVERIFY2(!request.headers.contains("authorization"), request.headers.value("authorization").constData());
    }
    for (const FakeLlmServer::Request& request : qdrant.requests()) {
        QVERIFY(!request.headers.contains("api-key"));
    }
    cli = run({QStringLiteral("keys"), QStringLiteral("delete"), QStringLiteral("openai-compatible")});
    QVERIFY2(cli.exitCode == 0, qPrintable(cli.errors));
}

void TestAgentAdviseCommand::keysAreSetTestedAndDeletedInTheKeychain()
{
    if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS")) {
        QSKIP("No D-Bus session bus: run through ./scripts/test, which starts one with a keyring");
    }
    // From the keychain only: the variable would take precedence.
    m_environment.remove(QStringLiteral("OPENAI_API_KEY"));
    CliRun cli = run({QStringLiteral("keys"), QStringLiteral("set"), QStringLiteral("openai")}, m_key.toUtf8() + "\n");
    QVERIFY2(cli.exitCode == 0, qPrintable(cli.errors));
    QVERIFY(!cli.output.contains(m_key) && !cli.errors.contains(m_key));

    m_server->enqueue(answer(QStringLiteral("OK")));
    cli = run({QStringLiteral("keys"), QStringLiteral("test"), QStringLiteral("openai"), QStringLiteral("--base-url"),
               m_server->url().toString(), QStringLiteral("--model"), QStringLiteral("gpt-test")});
    QVERIFY2(cli.exitCode == 0, qPrintable(cli.errors));
    QVERIFY2(cli.output.contains(QStringLiteral("The OpenAI key works")), qPrintable(cli.output));
    QCOMPARE(m_server->requests().size(), 1);
    QCOMPARE(m_server->requests().first().headers.value("authorization"), QByteArray("Bearer ") + m_key.toUtf8());

    // A key the provider refuses: said, without the key.
    m_server->enqueue(FakeLlmServer::error(
        401,
        R"({"error":{"message":"Incorrect API key provided.","type":"invalid_request_error","code":"invalid_api_key"}})"));
    cli = run({QStringLiteral("keys"), QStringLiteral("test"), QStringLiteral("openai"), QStringLiteral("--base-url"),
               m_server->url().toString(), QStringLiteral("--model"), QStringLiteral("gpt-test")});
    QVERIFY2(cli.exitCode == 2, qPrintable(cli.errors));
    QVERIFY2(cli.errors.contains(QStringLiteral("does not work")), qPrintable(cli.errors));
    QVERIFY(!cli.errors.contains(m_key));

    cli = run({QStringLiteral("keys"), QStringLiteral("delete"), QStringLiteral("openai")});
    QVERIFY2(cli.exitCode == 0, qPrintable(cli.errors));
    cli = run({QStringLiteral("keys"), QStringLiteral("test"), QStringLiteral("openai"), QStringLiteral("--base-url"),
               m_server->url().toString()});
    QVERIFY2(cli.exitCode == 2, qPrintable(cli.errors));
    QVERIFY2(cli.errors.contains(QStringLiteral("no OpenAI key")), qPrintable(cli.errors));
}

QTEST_GUILESS_MAIN(TestAgentAdviseCommand)
#include "TestAgentAdviseCommand.moc"
