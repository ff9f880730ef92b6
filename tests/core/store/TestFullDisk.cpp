#include "report/ReportExport.h"
#include "runner/ResultsJsonReader.h"
#include "runner/ResultsJsonWriter.h"
#include "scenario/ScenarioLoader.h"
#include "scenario/ScenarioWriter.h"
#include "store/AtomicFile.h"
#include "store/RunStore.h"
#include "support/FileContents.h"

#include <cerrno>
#include <cstring>
#include <sys/mount.h>

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

// Every writer on a disk with no room left: a clear error naming the file, and the file as it was.
// The disk is a real tmpfs of 512 KB, mounted in the test's own mount namespace (CMake runs it
// under `unshare -rm`, where the test may mount without being root outside it).
class TestFullDisk : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanupTestCase();
    void savingAScenarioKeepsTheOldFile();
    void writingResultsKeepsTheOldFile();
    void writingAReportKeepsTheOldFile_data();
    void writingAReportKeepsTheOldFile();
    void theStoreKeepsWhatItHadFlushed();

private:
    // Takes what room is left, so that the next write fails.
    void fill();
    QString path(const QString& name) const
    {
        return m_folder.filePath(QStringLiteral("disk/") + name);
    }

    QTemporaryDir m_folder;
    QString m_disk;
    bool m_mounted = false;
    std::optional<RunResult> m_run;
};

void TestFullDisk::initTestCase()
{
    m_disk = m_folder.filePath(QStringLiteral("disk"));
    QVERIFY(QDir().mkpath(m_disk));
    if (::mount("tmpfs", qPrintable(m_disk), "tmpfs", 0, "size=512k") != 0) {
        QSKIP(qPrintable(QStringLiteral("cannot mount a small tmpfs (%1): run under unshare -rm, as ctest does")
                             .arg(QString::fromLocal8Bit(std::strerror(errno)))));
    }
    m_mounted = true;
    const ResultsJsonReader::Outcome results
        = ResultsJsonReader::readFile(QStringLiteral(AFTERSHOCK_TEST_DATA "/results/breaking-seed11.json"));
    QVERIFY(results.run);
    m_run = results.run;
}

void TestFullDisk::init()
{
    QFile::remove(path(QStringLiteral("filler")));
}

void TestFullDisk::cleanupTestCase()
{
    if (m_mounted) {
        ::umount(qPrintable(m_disk));
    }
}

void TestFullDisk::fill()
{
    QFile filler(path(QStringLiteral("filler")));
    QVERIFY(filler.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Unbuffered));
    const QByteArray block(4096, 'x');
    // Bounded: the disk is 512 KB.
    for (int written = 0; written < 1024 && filler.write(block) == block.size(); ++written) {
    }
    QVERIFY2(filler.write(block) != block.size(), "the disk did not fill");
}

void TestFullDisk::savingAScenarioKeepsTheOldFile()
{
    const QString file = path(QStringLiteral("scenarios.yaml"));
    const ScenarioFile demo
        = ScenarioLoader::loadFile(QStringLiteral(AFTERSHOCK_SOURCE_DIR "/resources/demo/scenarios.yaml"));
    QVERIFY(!demo.hasErrors());
    QString error;
    QVERIFY2(ScenarioWriter::saveFile(file, {demo.scenarios().first()}, &error), qPrintable(error));
    const QByteArray before = fileContents(file);
    fill();
    QVERIFY(!ScenarioWriter::saveFile(file, demo.scenarios(), &error));
    QVERIFY2(error.startsWith(QStringLiteral("cannot write %1: ").arg(file)), qPrintable(error));
    QVERIFY2(error.contains(QStringLiteral("No space left on device")), qPrintable(error));
    QCOMPARE(fileContents(file), before);
    // No temporary file is left behind to take the room.
    QCOMPARE(QDir(m_disk).entryList(QDir::Files | QDir::Hidden).size(), 2);
}

void TestFullDisk::writingResultsKeepsTheOldFile()
{
    const QString file = path(QStringLiteral("results.json"));
    QVERIFY(writeFileAtomically(file, "{\"old\": true}\n"));
    fill();
    QString error;
    QVERIFY(!ResultsJsonWriter::write(*m_run, file, &error));
    QVERIFY2(error.contains(file) && error.contains(QStringLiteral("No space left on device")), qPrintable(error));
    QCOMPARE(fileContents(file), QByteArray("{\"old\": true}\n"));
}

void TestFullDisk::writingAReportKeepsTheOldFile_data()
{
    QTest::addColumn<ReportExport::Format>("format");
    QTest::addColumn<QString>("name");
    QTest::newRow("markdown") << ReportExport::Format::Markdown << QStringLiteral("report.md");
    QTest::newRow("html") << ReportExport::Format::Html << QStringLiteral("report.html");
    QTest::newRow("pdf") << ReportExport::Format::Pdf << QStringLiteral("report.pdf");
    QTest::newRow("fault markdown") << ReportExport::Format::FaultMarkdown << QStringLiteral("fault.md");
}

void TestFullDisk::writingAReportKeepsTheOldFile()
{
    QFETCH(ReportExport::Format, format);
    QFETCH(QString, name);
    const QString file = path(name);
    QVERIFY(writeFileAtomically(file, "the report before\n"));
    fill();
    QString error;
    QVERIFY(!ReportExport::write(*m_run, ReportBuilder::Options(), format, file, &error));
    // The file named is the one that failed: the Markdown report's charts are written first.
    QVERIFY2(error.startsWith(QStringLiteral("cannot write %1/").arg(m_disk))
                 && error.contains(QStringLiteral("No space left on device")),
             qPrintable(error));
    QCOMPARE(fileContents(file), QByteArray("the report before\n"));
}

void TestFullDisk::theStoreKeepsWhatItHadFlushed()
{
    const QString file = path(QStringLiteral("runs.sqlite"));
    CallRecords calls;
    for (quint32 index = 0; index < 200; ++index) {
        calls.append(CallRecord{.intendedStartUs = index * 1000, .latencyUs = 900, .index = index, .status = 200});
    }
    qint64 runId = 0;
    {
        RunStore store(file);
        QString error;
        QVERIFY2(store.open(&error), qPrintable(error));
        runId = store.beginRun(QStringLiteral("a.yaml"), 1, "[]");
        QVERIFY(runId > 0);
        QVERIFY(store.beginItem(runId, 0, 0, QStringLiteral("http://127.0.0.1/"), 1, 100'000));
        QVERIFY(store.appendCalls(runId, 0, 0, calls));
        fill();
        // Flush after flush until the disk refuses one (bounded: 512 KB holds few thousand calls).
        bool refused = false;
        for (int flush = 0; flush < 200 && !refused; ++flush) {
            CallRecords more = calls;
            for (CallRecord& call : more) {
                call.index += static_cast<quint32>(200 * (flush + 1));
            }
            refused = !store.appendCalls(runId, 0, 0, more);
        }
        QVERIFY2(refused, "the store never ran out of room");
        QVERIFY2(store.lastError().contains(QStringLiteral("full")), qPrintable(store.lastError()));
    }
    QFile::remove(path(QStringLiteral("filler")));
    RunStore reopened(file);
    QString error;
    QVERIFY2(reopened.open(&error), qPrintable(error));
    QVERIFY(reopened.setAsidePath().isEmpty());
    QCOMPARE(reopened.runs().size(), 1);
    // Every flush the store took is there, whole; the refused one left nothing half written.
    const CallRecords kept = reopened.calls(runId, 0, 0);
    QVERIFY(kept.size() >= calls.size());
    QCOMPARE(kept.size() % calls.size(), 0);
}

QTEST_MAIN(TestFullDisk)
#include "TestFullDisk.moc"
