#include "support/FileContents.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace
{
constexpr int CliTimeoutMs = 60000;

struct CliRun
{
    int exitCode = -1;
    QString output;
    QString errors;
};

} // namespace

// `aftershock-cli report`, the real program, on committed results files and broken ones.
class TestReportCommand : public QObject
{
    Q_OBJECT

private slots:
    void writesEachFormat_data();
    void writesEachFormat();
    void markdownLinksItsChartsWrittenBesideIt();
    void comparesWithABaseline();
    void readsFaultsOwnResults();
    void badInputExitsWithTwoAndSaysWhere_data();
    void badInputExitsWithTwoAndSaysWhere();
    void scenarioRunPicksTheReportFormatByExtension();

private:
    CliRun run(const QStringList& arguments);
    QString data(const QString& name) const
    {
        return QStringLiteral(AFTERSHOCK_TEST_DATA "/results/") + name;
    }
    QString write(const QString& name, const QByteArray& contents)
    {
        QFile file(m_folder.filePath(name));
        return file.open(QIODevice::WriteOnly) && file.write(contents) == contents.size() ? file.fileName() : QString();
    }

    QTemporaryDir m_folder;
};

CliRun TestReportCommand::run(const QStringList& arguments)
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("XDG_DATA_HOME"), m_folder.filePath(QStringLiteral("data")));
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(AFTERSHOCK_BINARY_DIR "/src/cli/aftershock-cli"), arguments);
    if (!process.waitForFinished(CliTimeoutMs)) {
        process.kill();
        process.waitForFinished(2000);
        return {};
    }
    return CliRun{.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
                  .output = QString::fromUtf8(process.readAllStandardOutput()),
                  .errors = QString::fromUtf8(process.readAllStandardError())};
}

void TestReportCommand::writesEachFormat_data()
{
    QTest::addColumn<QString>("output");
    QTest::addColumn<QString>("format");
    QTest::addColumn<QByteArray>("start");
    QTest::newRow("md") << QStringLiteral("r.md") << QString() << QByteArray("# Resilience report: ");
    QTest::newRow("html") << QStringLiteral("r.html") << QString() << QByteArray("<!DOCTYPE html>");
    QTest::newRow("pdf") << QStringLiteral("r.pdf") << QString() << QByteArray("%PDF-");
    QTest::newRow("fault-md") << QStringLiteral("r.txt") << QStringLiteral("fault-md")
                              << QByteArray("# Scenarios Report");
    QTest::newRow("format wins") << QStringLiteral("r2.md") << QStringLiteral("html") << QByteArray("<!DOCTYPE html>");
}

void TestReportCommand::writesEachFormat()
{
    QFETCH(QString, output);
    QFETCH(QString, format);
    QFETCH(QByteArray, start);
    QStringList arguments{QStringLiteral("report"), QStringLiteral("--results"),
                          data(QStringLiteral("demo-seed7.json")), QStringLiteral("--output"),
                          m_folder.filePath(output)};
    if (!format.isEmpty()) {
        arguments << QStringLiteral("--format") << format;
    }
    const CliRun result = run(arguments);
    QVERIFY2(result.exitCode == 0, qPrintable(result.errors));
    QVERIFY(fileContents(m_folder.filePath(output)).startsWith(start));
}

void TestReportCommand::markdownLinksItsChartsWrittenBesideIt()
{
    const QString output = m_folder.filePath(QStringLiteral("my report.md"));
    const CliRun result = run({QStringLiteral("report"), QStringLiteral("--results"),
                               data(QStringLiteral("breaking-seed11.json")), QStringLiteral("--output"), output});
    QVERIFY2(result.exitCode == 0, qPrintable(result.errors));
    const QString markdown = QString::fromUtf8(fileContents(output));
    const QDir charts(m_folder.filePath(QStringLiteral("my report-charts")));
    const QStringList files = charts.entryList({QStringLiteral("*.svg")}, QDir::Files, QDir::Name);
    QCOMPARE(files.size(), 7);
    for (const QString& file : files) {
        // Relative, the space escaped, so that the pair moves together.
        QVERIFY2(markdown.contains(QStringLiteral("](my%20report-charts/%1)").arg(file)), qPrintable(file));
        QVERIFY(fileContents(charts.filePath(file)).contains("<svg "));
    }
}

void TestReportCommand::comparesWithABaseline()
{
    const QString output = m_folder.filePath(QStringLiteral("compared.md"));
    const CliRun result = run({QStringLiteral("report"), QStringLiteral("--results"),
                               data(QStringLiteral("demo-seed7.json")), QStringLiteral("--baseline"),
                               data(QStringLiteral("breaking-seed11.json")), QStringLiteral("--output"), output});
    QVERIFY2(result.exitCode == 0, qPrintable(result.errors));
    const QString markdown = QString::fromUtf8(fileContents(output));
    QVERIFY(markdown.contains(QStringLiteral("## Comparison with the Baseline")));
    QVERIFY(markdown.contains(QStringLiteral("**Only in the baseline**")));
    QVERIFY(markdown.contains(QStringLiteral("- Random 500s reach the caller: GET / (repeat)")));
}

void TestReportCommand::readsFaultsOwnResults()
{
    const QString output = m_folder.filePath(QStringLiteral("fault.md"));
    const CliRun result = run({QStringLiteral("report"), QStringLiteral("--results"),
                               data(QStringLiteral("fault-style.json")), QStringLiteral("--output"), output});
    QVERIFY2(result.exitCode == 0, qPrintable(result.errors));
    const QString markdown = QString::fromUtf8(fileContents(output));
    QVERIFY(markdown.contains(QStringLiteral("### fault's own results")));
    QVERIFY(markdown.contains(QStringLiteral("| errors | errors \\< 1% | 50.00 % | +49.00 pp over | ")));
}

void TestReportCommand::badInputExitsWithTwoAndSaysWhere_data()
{
    QTest::addColumn<QByteArray>("contents");
    QTest::addColumn<QString>("message");
    const QByteArray whole = fileContents(data(QStringLiteral("breaking-seed11.json")));
    QTest::newRow("truncated") << whole.left(whole.size() / 2)
                               << QStringLiteral("results.json:44:60: error: unterminated string");
    QTest::newRow("another tool's JSON") << QByteArray(
        "{\n  \"metrics\": {\"http_req_duration\": {\"avg\": 12}},\n  \"root_group\": {}\n}\n")
                                         << QStringLiteral("results.json:1:1: error: start: ");
    QTest::newRow("newer version") << QByteArray(
        "{\"generator\": {\"name\": \"aftershock\", \"version\": \"9.0.0\"},\n \"start\": 1, \"end\": 1, "
        "\"results\": []}")
                                   << QStringLiteral(
                                          "results.json:1:49: error: generator.version: written by Aftershock 9.0.0");
    QTest::newRow("not JSON at all") << QByteArray("\x89PNG\r\n")
                                     << QStringLiteral("results.json:1:2: error: illegal value");
}

void TestReportCommand::badInputExitsWithTwoAndSaysWhere()
{
    QFETCH(QByteArray, contents);
    QFETCH(QString, message);
    const QString results = write(QStringLiteral("results.json"), contents);
    const QString output = m_folder.filePath(QStringLiteral("bad.md"));
    QFile::remove(output);
    const CliRun result
        = run({QStringLiteral("report"), QStringLiteral("--results"), results, QStringLiteral("--output"), output});
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.errors.contains(QFileInfo(results).path() + QLatin1Char('/') + message), qPrintable(result.errors));
    QVERIFY(!QFile::exists(output));
}

void TestReportCommand::scenarioRunPicksTheReportFormatByExtension()
{
    const CliRun usage
        = run({QStringLiteral("report"), QStringLiteral("--results"), data(QStringLiteral("demo-seed7.json"))});
    QCOMPARE(usage.exitCode, 2);
    QVERIFY(usage.errors.contains(QStringLiteral("--output FILE is required")));
    const CliRun badFormat
        = run({QStringLiteral("report"), QStringLiteral("--results"), data(QStringLiteral("demo-seed7.json")),
               QStringLiteral("--output"), m_folder.filePath(QStringLiteral("x")), QStringLiteral("--format"),
               QStringLiteral("docx")});
    QCOMPARE(badFormat.exitCode, 2);
    QVERIFY(badFormat.errors.contains(QStringLiteral("--format takes md, html, pdf or fault-md, not 'docx'")));
}

QTEST_GUILESS_MAIN(TestReportCommand)
#include "TestReportCommand.moc"
