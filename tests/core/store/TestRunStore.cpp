#include "store/RunStore.h"

#include <QDateTime>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

class TestRunStore : public QObject
{
    Q_OBJECT

private slots:
    void keepsARunAsItGoes();
    void marksRunsLeftRunningAsInterrupted();
    void twoStoresOnOneThread();
    void reportsWhyItCannotOpen();
};

void TestRunStore::keepsARunAsItGoes()
{
    QTemporaryDir folder;
    const QString path = folder.filePath(QStringLiteral("data/runs.sqlite"));
    RunStore store(path);
    QString error;
    QVERIFY2(store.open(&error), qPrintable(error));
    const qint64 run = store.beginRun(QStringLiteral("/tmp/s.yaml"), 1000, "[{\"title\":\"t\"}]");
    QVERIFY(run > 0);
    QVERIFY(store.beginItem(run, 0, 1, QStringLiteral("http://a/"), 5'000'000, 3));
    const CallRecords calls{
        CallRecord{.intendedStartUs = 0, .startUs = 5, .ttfbUs = 7, .latencyUs = 9, .index = 0, .status = 200},
        CallRecord{.intendedStartUs = 100,
                   .startUs = 150,
                   .latencyUs = 500'000,
                   .index = 1,
                   .activeFaults = 1,
                   .errorClass = CallErrorClass::Timeout}};
    QVERIFY(store.appendCalls(run, 0, 1, calls));

    // A second connection sees the flushed calls while the run is still going.
    RunStore reader(path);
    QVERIFY(reader.open(&error));
    QCOMPARE(reader.runs().first().status, QStringLiteral("running"));
    QCOMPARE(reader.calls(run, 0, 1).size(), 2);

    CallRecord updated = calls.at(1);
    updated.appliedFaults = 1;
    updated.errorClass = CallErrorClass::ProxyError;
    QVERIFY(store.finishItem(run, 0, 1, 1'500'000'000, {updated}, "[]"));
    QVERIFY(store.finishRun(run, QStringLiteral("completed"), 3000, 2, 1, QStringLiteral("results.json"), QString()));

    const QList<StoredRun> runs = reader.runs();
    QCOMPARE(runs.size(), 1);
    QCOMPARE(runs.first().id, run);
    QCOMPARE(runs.first().status, QStringLiteral("completed"));
    QCOMPARE(runs.first().startedAtMs, 1000);
    QCOMPARE(runs.first().endedAtMs, 3000);
    QCOMPARE(runs.first().testsRun, 2);
    QCOMPARE(runs.first().testsFailed, 1);
    QCOMPARE(runs.first().source, QStringLiteral("/tmp/s.yaml"));
    QCOMPARE(reader.scenariosJson(run), QByteArray("[{\"title\":\"t\"}]"));
    const CallRecords stored = reader.calls(run, 0, 1);
    QCOMPARE(stored.size(), 2);
    QCOMPARE(stored.at(0).ttfbUs, 7);
    QCOMPARE(stored.at(0).status, 200);
    QCOMPARE(stored.at(1).latencyUs, 500'000);
    QVERIFY(stored.at(1).errorClass == CallErrorClass::ProxyError);
    QCOMPARE(stored.at(1).appliedFaults, 1u);
}

void TestRunStore::marksRunsLeftRunningAsInterrupted()
{
    QTemporaryDir folder;
    const QString path = folder.filePath(QStringLiteral("runs.sqlite"));
    QString error;
    qint64 run = 0;
    {
        RunStore crashed(path);
        QVERIFY(crashed.open(&error));
        run = crashed.beginRun(QString(), 1, "[]");
        QVERIFY(crashed.appendCalls(run, 0, 0, {CallRecord{.index = 0}}));
    } // the process "dies": the run is never finished
    RunStore fresh(path);
    QVERIFY(fresh.open(&error, 60000));
    QCOMPARE(fresh.runs().first().status, QStringLiteral("running")); // its heartbeat is recent
    QThread::msleep(5);
    RunStore later(path);
    QVERIFY(later.open(&error, 1));
    QCOMPARE(later.runs().first().status, QStringLiteral("interrupted"));
    QCOMPARE(later.calls(run, 0, 0).size(), 1);
}

void TestRunStore::twoStoresOnOneThread()
{
    QTemporaryDir folder;
    RunStore first(folder.filePath(QStringLiteral("a.sqlite")));
    RunStore second(folder.filePath(QStringLiteral("b.sqlite")));
    QString error;
    QVERIFY(first.open(&error));
    QVERIFY(second.open(&error));
    QVERIFY(first.beginRun(QString(), 1, "[]") > 0);
    QCOMPARE(second.runs().size(), 0);
    QCOMPARE(first.runs().size(), 1);
}

void TestRunStore::reportsWhyItCannotOpen()
{
    QTemporaryDir folder;
    const QString file = folder.filePath(QStringLiteral("file"));
    QVERIFY(QFile(file).open(QIODevice::WriteOnly));
    RunStore store(file + QStringLiteral("/runs.sqlite"));
    QString error;
    QVERIFY(!store.open(&error));
    QVERIFY2(error.contains(file), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestRunStore)
#include "TestRunStore.moc"
