#include "CliProcess.h"
#include "HttpTestClient.h"
#include "LocalHttpServer.h"
#include "support/FileContents.h"
#include "support/LoopbackPort.h"

#include <csignal>

#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

namespace
{
const QString DemoPath = QStringLiteral(AFTERSHOCK_SOURCE_DIR "/resources/demo/scenarios.yaml");

bool writeFile(const QString& path, const QByteArray& contents)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(contents) == contents.size();
}

// A load item whose every answer is a 503 for most of its 20 s; %1 is the upstream's port.
// (Not a raw string: moc would read the URL's // as a comment.)
const char* FaultedScenario = "title: Faulted\n"
                              "items:\n"
                              "  - call: {method: GET, url: \"http://127.0.0.1:%1/ok\"}\n"
                              "    context:\n"
                              "      upstreams: [\"127.0.0.1:%1\"]\n"
                              "      faults:\n"
                              "        - type: httperror\n"
                              "          status_code: 503\n"
                              "          probability: 1\n"
                              "          period: start:0%,duration:90%\n"
                              "      strategy: {mode: load, duration: 20s, clients: 1, rps: 1}\n";
} // namespace

// `aftershock-cli scenario export --format k6`, the real program: the script written atomically,
// bad scenarios and refusals with their place and a non-zero exit, and the reverse-proxy command
// the script prints, run as it is, putting the item's faults on the way.
class TestScenarioExportCommand : public QObject
{
    Q_OBJECT

private slots:
    void writesTheScript();
    void aBrokenScenarioSaysWhere();
    void aRefusalNamesTheItemAndWritesNothing();
    void explainsBadOptions();
    void thePrintedProxyCommandAppliesTheItemsFaults();

private:
    QTemporaryDir m_folder;
};

void TestScenarioExportCommand::writesTheScript()
{
    const QString output = m_folder.filePath(QStringLiteral("demo.js"));
    const CliProcess cli = CliProcess::run(
        {QStringLiteral("scenario"), QStringLiteral("export"), QStringLiteral("--format"), QStringLiteral("k6"),
         QStringLiteral("--scenario"), DemoPath, QStringLiteral("--output"), output});
    QVERIFY2(cli.exitCode == 0, qPrintable(cli.standardError));
    QVERIFY2(cli.standardOutput.startsWith(QStringLiteral("Wrote %1: 8 k6 scenarios (item1_").arg(output)),
             qPrintable(cli.standardOutput));
    const QByteArray script = fileContents(output);
    QVERIFY(script.startsWith("// k6 script of scenarios.yaml, written by Aftershock "));
    QVERIFY(script.contains("export const options = {"));
    // The k6 run line names the script as it was given.
    QVERIFY(script.contains(" " + output.toUtf8() + "\n"));

    // One item, and --format defaults to k6.
    const CliProcess one
        = CliProcess::run({QStringLiteral("scenario"), QStringLiteral("export"), QStringLiteral("--scenario"), DemoPath,
                           QStringLiteral("--item"), QStringLiteral("3"), QStringLiteral("--output"), output});
    QCOMPARE(one.exitCode, 0);
    QVERIFY2(one.standardOutput.contains(QStringLiteral(": 1 k6 scenario (item3_periodic_150_250_ms_latency_pulses)")),
             qPrintable(one.standardOutput));
}

void TestScenarioExportCommand::aBrokenScenarioSaysWhere()
{
    const QString output = m_folder.filePath(QStringLiteral("broken.js"));
    const CliProcess cli = CliProcess::run(
        {QStringLiteral("scenario"), QStringLiteral("export"), QStringLiteral("--scenario"),
         QStringLiteral(AFTERSHOCK_TEST_DATA "/scenarios/seed-broken.yaml"), QStringLiteral("--output"), output});
    QCOMPARE(cli.exitCode, 2);
    static const QRegularExpression located(QStringLiteral(R"(seed-broken\.yaml:\d+:\d+: error: )"));
    QVERIFY2(located.match(cli.standardError).hasMatch(), qPrintable(cli.standardError));
    QVERIFY(!QFile::exists(output));
}

void TestScenarioExportCommand::aRefusalNamesTheItemAndWritesNothing()
{
    // A script from before stays as it was.
    const QString output = m_folder.filePath(QStringLiteral("kept.js"));
    QVERIFY(writeFile(output, "// before\n"));
    const CliProcess cli
        = CliProcess::run({QStringLiteral("scenario"), QStringLiteral("export"), QStringLiteral("--scenario"), DemoPath,
                           QStringLiteral("--load-only"), QStringLiteral("--output"), output});
    QCOMPARE(cli.exitCode, 2);
    QVERIFY2(cli.standardError.contains(
                 QStringLiteral("scenarios.yaml:6: error: item 1 (\"Single high-latency spike (client ingress)\") "
                                "cannot be exported to k6: it is a single call, not load")),
             qPrintable(cli.standardError));
    QVERIFY(cli.standardError.contains(QStringLiteral("error: item 5 (\"High jitter")));
    QCOMPARE(fileContents(output), QByteArray("// before\n"));
}

void TestScenarioExportCommand::explainsBadOptions()
{
    const QString output = m_folder.filePath(QStringLiteral("never.js"));
    const QList<QPair<QStringList, QString>> cases{
        {{QStringLiteral("--format"), QStringLiteral("jmeter")}, QStringLiteral("--format takes k6, not 'jmeter'")},
        {{QStringLiteral("--item"), QStringLiteral("0")}, QStringLiteral("--item takes a whole number from 1")},
        {{QStringLiteral("--item"), QStringLiteral("99")},
         QStringLiteral("there is no item 99 to export: the file has 8")},
        {{QStringLiteral("--proxy-port"), QStringLiteral("70000")}, QStringLiteral("--proxy-port takes a port")}};
    for (const auto& [extra, message] : cases) {
        const CliProcess cli
            = CliProcess::run(QStringList{QStringLiteral("scenario"), QStringLiteral("export"),
                                          QStringLiteral("--scenario"), DemoPath, QStringLiteral("--output"), output}
                              + extra);
        QCOMPARE(cli.exitCode, 2);
        QVERIFY2(cli.standardError.contains(message), qPrintable(cli.standardError));
    }
    const CliProcess missing = CliProcess::run(
        {QStringLiteral("scenario"), QStringLiteral("export"), QStringLiteral("--scenario"), DemoPath});
    QCOMPARE(missing.exitCode, 2);
    QVERIFY(missing.standardError.contains(QStringLiteral("--output")));
    QVERIFY(!QFile::exists(output));
}

void TestScenarioExportCommand::thePrintedProxyCommandAppliesTheItemsFaults()
{
    LocalHttpServer upstream;
    const QString scenario = m_folder.filePath(QStringLiteral("faulted.yaml"));
    QVERIFY(writeFile(scenario, QString::fromUtf8(FaultedScenario).arg(upstream.port()).toUtf8()));
    const quint16 proxyPort = unusedLoopbackPort();
    const QString output = m_folder.filePath(QStringLiteral("faulted.js"));
    const CliProcess cli = CliProcess::run({QStringLiteral("scenario"), QStringLiteral("export"),
                                            QStringLiteral("--scenario"), scenario, QStringLiteral("--proxy-port"),
                                            QString::number(proxyPort), QStringLiteral("--output"), output});
    QVERIFY2(cli.exitCode == 0, qPrintable(cli.standardError));
    const QString script = QString::fromUtf8(fileContents(output));
    static const QRegularExpression commandLine(QStringLiteral("^//   (aftershock-cli proxy .*) &$"),
                                                QRegularExpression::MultilineOption);
    const auto match = commandLine.match(script);
    QVERIFY2(match.hasMatch(), qPrintable(script));
    QVERIFY(script.contains(
        QStringLiteral("//   k6 run -e AFTERSHOCK_ORIGIN_1=http://127.0.0.1:%1 %2\n").arg(proxyPort).arg(output)));

    // Run as printed, but for the program's path.
    QStringList words = QProcess::splitCommand(match.captured(1));
    QCOMPARE(words.takeFirst(), QStringLiteral("aftershock-cli"));
    QProcess proxy;
    proxy.start(QStringLiteral(AFTERSHOCK_BINARY_DIR "/src/cli/aftershock-cli"), words);
    QVERIFY(proxy.waitForStarted(5000));
    QVERIFY2(QTest::qWaitFor([&] { return proxy.peek(4096).contains("Ctrl-C stops."); }, 10000),
             proxy.readAllStandardError().constData());
    const QByteArray request
        = "GET /ok HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(upstream.port()) + "\r\n\r\n";
    const HttpTestClient::Result answer = HttpTestClient::run(proxyPort, request, 5000);
    QCOMPARE(answer.status, 503);
    ::kill(static_cast<pid_t>(proxy.processId()), SIGINT);
    QVERIFY(proxy.waitForFinished(5000));
    QCOMPARE(proxy.exitCode(), 0);
}

QTEST_GUILESS_MAIN(TestScenarioExportCommand)
#include "TestScenarioExportCommand.moc"
