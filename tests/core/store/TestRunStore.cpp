#include "store/RunStore.h"

#include <atomic>
#include <memory>

#include <QDateTime>
#include <QFile>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

namespace
{
// The store's file as plain SQL sees it, to check what is written beneath the API.
class RawFile
{
public:
    explicit RawFile(const QString& path)
        : m_name(QStringLiteral("raw-%1").arg(reinterpret_cast<quintptr>(this)))
    {
        QSqlDatabase database = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        database.setDatabaseName(path);
        database.open();
    }
    ~RawFile()
    {
        QSqlDatabase::database(m_name).close();
        QSqlDatabase::removeDatabase(m_name);
    }
    RawFile(const RawFile&) = delete;
    RawFile& operator=(const RawFile&) = delete;

    // The first column of every row, or "error: ..." when the statement fails.
    QStringList column(const QString& statement) const
    {
        QSqlQuery query(QSqlDatabase::database(m_name));
        if (!query.exec(statement)) {
            return {QStringLiteral("error: ") + query.lastError().text()};
        }
        QStringList values;
        while (query.next()) {
            values.append(query.value(0).toString());
        }
        return values;
    }
    // The query plan's details, joined.
    QString plan(const QString& statement) const
    {
        QSqlQuery query(QSqlDatabase::database(m_name));
        if (!query.exec(QStringLiteral("EXPLAIN QUERY PLAN ") + statement)) {
            return query.lastError().text();
        }
        QStringList details;
        while (query.next()) {
            details.append(query.value(3).toString());
        }
        return details.join(QStringLiteral("; "));
    }

private:
    QString m_name;
};

// An item of three calls over two time slices, one a timeout and one a 503.
CallRecords threeCalls()
{
    return {CallRecord{.intendedStartUs = 0, .latencyUs = 10'000, .index = 0, .status = 200},
            CallRecord{.intendedStartUs = 20'000, .latencyUs = 30'000, .index = 1, .status = 503},
            CallRecord{
                .intendedStartUs = 300'000, .latencyUs = 500'000, .index = 2, .errorClass = CallErrorClass::Timeout}};
}
} // namespace

class TestRunStore : public QObject
{
    Q_OBJECT

private slots:
    void keepsARunAsItGoes();
    void marksRunsLeftRunningAsInterrupted();
    void twoStoresOnOneThread();
    void reportsWhyItCannotOpen();
    void migratesAStoreOfTheFirstSchema();
    void twoProcessesMigrateAStoreOnce();
    void leavesAStoreOfANewerSchemaAlone();
    void setsADamagedFileAsideAndStartsANewOne();
    void storesErrorClassesByName();
    void deletingARunDeletesItsItemsAndCalls();
    void indexesServeRunsOfAFileAndCallsByTime();
    void keepsTheSeed();
    void keepsItemStatisticsAndTimeBuckets();
    void anotherThreadReadsWhileARunWrites();
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
    QVERIFY(store.finishItem(run, 0, 1, 1'500'000'000, {calls.at(0), updated}, {updated}, "[]"));
    QVERIFY(store.finishRun(run, QStringLiteral("completed"), 3000, 2, 1, QStringLiteral("results.json"), QString()));

    const QList<StoredRun> runs = reader.runs();
    QCOMPARE(runs.size(), 1);
    QCOMPARE(runs.first().id, run);
    QCOMPARE(runs.first().status, QStringLiteral("completed"));
    QCOMPARE(runs.first().startedAtMs, 1000);
    QCOMPARE(runs.first().endedAtMs, 3000);
    QCOMPARE(runs.first().targets, QStringList{QStringLiteral("a")});
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
        QVERIFY(crashed.beginItem(run, 0, 0, QString(), 0, 1));
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

void TestRunStore::migratesAStoreOfTheFirstSchema()
{
    // runs-v1.sqlite was written by the store before its schema had a version (commit 25b9601).
    QTemporaryDir folder;
    const QString path = folder.filePath(QStringLiteral("runs.sqlite"));
    QVERIFY(QFile::copy(QStringLiteral(AFTERSHOCK_TEST_DATA "/store/runs-v1.sqlite"), path));
    QVERIFY(QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner));
    QCOMPARE(RawFile(path).column(QStringLiteral("PRAGMA user_version")), QStringList{QStringLiteral("0")});
    {
        RunStore store(path);
        QString error;
        QVERIFY2(store.open(&error), qPrintable(error));
    }
    // Each time a store opens it, nothing more happens to it.
    RunStore store(path);
    QString error;
    QVERIFY2(store.open(&error), qPrintable(error));
    QCOMPARE(RawFile(path).column(QStringLiteral("PRAGMA user_version")),
             QStringList{QString::number(RunStore::SchemaVersion)});

    const QList<StoredRun> runs = store.runs();
    QCOMPARE(runs.size(), 1);
    const StoredRun& run = runs.first();
    QCOMPARE(run.status, QStringLiteral("completed"));
    QCOMPARE(run.source, QStringLiteral("/home/user/api/checkout.yaml"));
    QCOMPARE(run.startedAtMs, 1764000000000);
    QCOMPARE(run.endedAtMs, 1764000002000);
    QCOMPARE(run.testsRun, 4);
    QCOMPARE(run.testsFailed, 3);
    QCOMPARE(run.resultsPath, QStringLiteral("/home/user/api/results.json"));
    QVERIFY(!run.seed);
    QCOMPARE(store.scenariosJson(run.id), QByteArray("[{\"title\":\"Checkout\",\"items\":[]}]"));

    const CallRecords checkout = store.calls(run.id, 0, 0);
    QCOMPARE(checkout.size(), 3);
    QCOMPARE(checkout.at(0).status, 200);
    QCOMPARE(checkout.at(0).ttfbUs, 11000);
    QCOMPARE(checkout.at(0).bodyBytes, 2u);
    QVERIFY(checkout.at(0).errorClass == CallErrorClass::None);
    QVERIFY(checkout.at(1).errorClass == CallErrorClass::Timeout);
    QCOMPARE(checkout.at(1).latencyUs, 500000);
    QCOMPARE(checkout.at(1).startUs, 100050);
    QCOMPARE(checkout.at(1).appliedFaults, 1u);
    QVERIFY(checkout.at(2).errorClass == CallErrorClass::Refused);
    const CallRecords pay = store.calls(run.id, 0, 1);
    QCOMPARE(pay.size(), 1);
    QVERIFY(pay.at(0).errorClass == CallErrorClass::ProxyError);
    QCOMPARE(pay.at(0).status, 502);
    QCOMPARE(
        RawFile(path).column(QStringLiteral("SELECT quote(error_class) FROM calls ORDER BY item_index, call_index")),
        (QStringList{QStringLiteral("NULL"), QStringLiteral("'timeout'"), QStringLiteral("'refused'"),
                     QStringLiteral("'proxy'")}));

    // The finished items get the statistics their calls give.
    const QList<StoredItem> items = store.items(run.id);
    QCOMPARE(items.size(), 2);
    QCOMPARE(items.at(0).target, QStringLiteral("http://127.0.0.1:9090/checkout"));
    QCOMPARE(items.at(0).startedAtUs, 1764000000100000);
    QCOMPARE(items.at(0).plannedCalls, 3u);
    QVERIFY(items.at(0).finished);
    QCOMPARE(items.at(0).totalTimeNs, 900000000);
    QCOMPARE(items.at(0).sloJson, QByteArray("[{\"title\":\"p95\",\"pass\":false}]"));
    QCOMPARE(items.at(0).calls, 3);
    QCOMPARE(items.at(0).failedCalls, 2);
    QCOMPARE(items.at(0).failuresByErrorClass,
             (QMap<QString, qint64>{{QStringLiteral("timeout"), 1}, {QStringLiteral("refused"), 1}}));
    QCOMPARE(items.at(0).minMs, 0.8);
    QCOMPARE(items.at(0).maxMs, 500.0);
    QCOMPARE(items.at(1).failuresByErrorClass, (QMap<QString, qint64>{{QStringLiteral("proxy"), 1}}));
    QCOMPARE(store.timeBuckets(run.id, 0, 1).size(), 1);
}

void TestRunStore::twoProcessesMigrateAStoreOnce()
{
    QTemporaryDir folder;
    const QString path = folder.filePath(QStringLiteral("runs.sqlite"));
    QVERIFY(QFile::copy(QStringLiteral(AFTERSHOCK_TEST_DATA "/store/runs-v1.sqlite"), path));
    QVERIFY(QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner));
    // Two connections on two threads, as the GUI and the CLI would be, open the old file at once.
    QString errors[2];
    std::unique_ptr<QThread> openers[2];
    for (int i = 0; i < 2; ++i) {
        openers[i].reset(QThread::create([&path, &error = errors[i]] {
            RunStore store(path);
            store.open(&error);
        }));
    }
    for (auto& opener : openers) {
        opener->start();
    }
    for (int i = 0; i < 2; ++i) {
        QVERIFY(openers[i]->wait(20000));
        QVERIFY2(errors[i].isEmpty(), qPrintable(errors[i]));
    }
    const RawFile raw(path);
    QCOMPARE(raw.column(QStringLiteral("PRAGMA user_version")), QStringList{QString::number(RunStore::SchemaVersion)});
    QCOMPARE(raw.column(QStringLiteral("SELECT count(*) FROM calls")), QStringList{QStringLiteral("4")});
    QCOMPARE(raw.column(QStringLiteral("SELECT count(*) FROM item_failures")), QStringList{QStringLiteral("3")});
}

void TestRunStore::leavesAStoreOfANewerSchemaAlone()
{
    QTemporaryDir folder;
    const QString path = folder.filePath(QStringLiteral("runs.sqlite"));
    QString error;
    {
        RunStore store(path);
        QVERIFY(store.open(&error));
        QVERIFY(store.beginRun(QStringLiteral("a.yaml"), 1, "[]") > 0);
    }
    const QString newer = QString::number(RunStore::SchemaVersion + 1);
    RawFile(path).column(QStringLiteral("PRAGMA user_version = ") + newer);

    RunStore store(path);
    QVERIFY(!store.open(&error, 0)); // a stale threshold of 0 would mark the running run interrupted
    QVERIFY2(error.contains(QStringLiteral("newer Aftershock")), qPrintable(error));
    QVERIFY2(error.contains(newer), qPrintable(error));
    const RawFile raw(path);
    QCOMPARE(raw.column(QStringLiteral("PRAGMA user_version")), QStringList{newer});
    QCOMPARE(raw.column(QStringLiteral("SELECT status FROM runs")), QStringList{QStringLiteral("running")});
}

void TestRunStore::setsADamagedFileAsideAndStartsANewOne()
{
    // A file that is no database (a truncated copy, another program's file) and one whose header
    // was overwritten: neither may keep the history from opening, and neither is deleted.
    QTemporaryDir folder;
    const QString path = folder.filePath(QStringLiteral("runs.sqlite"));
    {
        RunStore store(path);
        QString error;
        QVERIFY2(store.open(&error), qPrintable(error));
        QVERIFY(store.beginRun(QStringLiteral("a.yaml"), 1, "[]") > 0);
        QVERIFY(store.setAsidePath().isEmpty());
    }
    for (const QByteArray& damage : {QByteArray("this is not a database, it is a note\n"), QByteArray(100, '\xff')}) {
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadWrite));
        const QByteArray before = file.readAll();
        file.seek(0);
        file.write(damage);
        if (damage.startsWith("this")) {
            file.resize(damage.size());
        }
        file.close();
        QFile::remove(path + QStringLiteral("-wal"));
        QFile::remove(path + QStringLiteral("-shm"));
        QFile::copy(path, folder.filePath(QStringLiteral("expected")));

        RunStore store(path);
        QString error;
        QVERIFY2(store.open(&error), qPrintable(error));
        QVERIFY(!store.setAsidePath().isEmpty());
        QVERIFY2(store.setAsidePath().startsWith(path + QStringLiteral(".damaged-")), qPrintable(store.setAsidePath()));
        QVERIFY2(store.setAsideNotice().contains(QStringLiteral("could not be read (file is not a database); it was "
                                                                "kept as %1 and a new history begun")
                                                     .arg(store.setAsidePath())),
                 qPrintable(store.setAsideNotice()));
        QVERIFY(store.runs().isEmpty());
        QVERIFY(store.beginRun(QStringLiteral("b.yaml"), 2, "[]") > 0);
        // The damaged bytes are kept whole under their new name.
        QFile aside(store.setAsidePath());
        QVERIFY(aside.open(QIODevice::ReadOnly));
        QFile expected(folder.filePath(QStringLiteral("expected")));
        QVERIFY(expected.open(QIODevice::ReadOnly));
        QCOMPARE(aside.readAll(), expected.readAll());
        QVERIFY(!before.isEmpty());
        aside.close();
        QFile::remove(store.setAsidePath());
        QFile::remove(folder.filePath(QStringLiteral("expected")));
    }
}

void TestRunStore::storesErrorClassesByName()
{
    QTemporaryDir folder;
    const QString path = folder.filePath(QStringLiteral("runs.sqlite"));
    RunStore store(path);
    QString error;
    QVERIFY(store.open(&error));
    const qint64 run = store.beginRun(QString(), 1, "[]");
    QVERIFY(store.beginItem(run, 0, 0, QString(), 0, 3));
    QVERIFY2(store.appendCalls(run, 0, 0, threeCalls()), qPrintable(store.lastError()));
    const RawFile raw(path);
    QCOMPARE(raw.column(QStringLiteral("SELECT quote(error_class) FROM calls ORDER BY call_index")),
             (QStringList{QStringLiteral("NULL"), QStringLiteral("NULL"),
                          QLatin1Char('\'') + toString(CallErrorClass::Timeout) + QLatin1Char('\'')}));

    // A class that a newer build knows and this one does not reads as a failed call.
    QCOMPARE(raw.column(QStringLiteral("INSERT INTO calls (run_id, scenario_index, item_index, call_index, "
                                       "latency_us, status, error_class) VALUES (%1, 0, 0, 3, 5, 0, "
                                       "'a_class_from_the_future')")
                            .arg(run)),
             QStringList());
    const CallRecords calls = store.calls(run, 0, 0);
    QCOMPARE(calls.size(), 4);
    QVERIFY(calls.at(2).errorClass == CallErrorClass::Timeout);
    QVERIFY(calls.at(3).errorClass != CallErrorClass::None);
    QVERIFY(calls.at(3).failed());
}

void TestRunStore::deletingARunDeletesItsItemsAndCalls()
{
    QTemporaryDir folder;
    const QString path = folder.filePath(QStringLiteral("runs.sqlite"));
    RunStore store(path);
    QString error;
    QVERIFY(store.open(&error));
    QList<qint64> runs;
    for (int i = 0; i < 2; ++i) {
        const qint64 run = store.beginRun(QStringLiteral("s.yaml"), 1 + i, "[]");
        QVERIFY(store.beginItem(run, 0, 0, QString(), 0, 3));
        QVERIFY(store.appendCalls(run, 0, 0, threeCalls()));
        QVERIFY2(store.finishItem(run, 0, 0, 1000, threeCalls(), {}, "[]"), qPrintable(store.lastError()));
        runs.append(run);
    }
    QVERIFY(store.deleteRun(runs.first()));

    const RawFile raw(path);
    for (const QString& table : {QStringLiteral("items"), QStringLiteral("calls"), QStringLiteral("item_failures"),
                                 QStringLiteral("time_buckets")}) {
        const QStringList counts
            = raw.column(QStringLiteral("SELECT count(*) FROM %1 GROUP BY run_id ORDER BY run_id").arg(table));
        QCOMPARE(counts.size(), 1); // the other run's rows only
        QVERIFY2(counts.first().toInt() > 0, qPrintable(table));
    }
    QCOMPARE(store.runs().size(), 1);
    QCOMPARE(store.runs().first().id, runs.last());
    QCOMPARE(store.calls(runs.last(), 0, 0).size(), 3);
    QVERIFY(store.items(runs.first()).isEmpty());
}

void TestRunStore::indexesServeRunsOfAFileAndCallsByTime()
{
    QTemporaryDir folder;
    const QString path = folder.filePath(QStringLiteral("runs.sqlite"));
    RunStore store(path);
    QString error;
    QVERIFY(store.open(&error));
    const RawFile raw(path);
    const QString runsOfAFile
        = raw.plan(QStringLiteral("SELECT id, status FROM runs WHERE source = 'a.yaml' ORDER BY started_at"));
    QVERIFY2(runsOfAFile.contains(QStringLiteral("runs_by_source")), qPrintable(runsOfAFile));
    QVERIFY2(!runsOfAFile.contains(QStringLiteral("TEMP B-TREE")), qPrintable(runsOfAFile));
    const QString callsByTime
        = raw.plan(QStringLiteral("SELECT latency_us FROM calls WHERE run_id = 1 AND scenario_index = 0 AND "
                                  "item_index = 0 AND intended_start_us BETWEEN 1000 AND 2000"));
    QVERIFY2(callsByTime.contains(QStringLiteral("calls_by_time")), qPrintable(callsByTime));
}

void TestRunStore::keepsTheSeed()
{
    QTemporaryDir folder;
    RunStore store(folder.filePath(QStringLiteral("runs.sqlite")));
    QString error;
    QVERIFY(store.open(&error));
    constexpr quint64 AllBits = 18446744073709551615ULL; // does not fit SQLite's signed integers
    QVERIFY(store.beginRun(QString(), 1, "[]", AllBits) > 0);
    QVERIFY(store.beginRun(QString(), 2, "[]") > 0);
    QVERIFY(store.beginRun(QString(), 3, "[]", 0) > 0);
    const QList<StoredRun> runs = store.runs();
    QCOMPARE(runs.size(), 3);
    QCOMPARE(runs.at(0).seed, std::optional<quint64>(AllBits));
    QCOMPARE(runs.at(1).seed, std::optional<quint64>());
    QCOMPARE(runs.at(2).seed, std::optional<quint64>(0));
}

void TestRunStore::keepsItemStatisticsAndTimeBuckets()
{
    QTemporaryDir folder;
    RunStore store(folder.filePath(QStringLiteral("runs.sqlite")));
    QString error;
    QVERIFY(store.open(&error));
    const qint64 run = store.beginRun(QString(), 1, "[]");
    QVERIFY(store.beginItem(run, 0, 0, QStringLiteral("http://a/"), 0, 3));
    QVERIFY(store.appendCalls(run, 0, 0, threeCalls()));
    QVERIFY(store.finishItem(run, 0, 0, 900'000'000, threeCalls(), {}, "[]"));
    QVERIFY(store.beginItem(run, 0, 1, QStringLiteral("http://b/"), 0, 10));

    const QList<StoredItem> items = store.items(run);
    QCOMPARE(items.size(), 2);
    const StoredItem& item = items.first();
    QVERIFY(item.finished);
    QCOMPARE(item.calls, 3);
    QCOMPARE(item.failedCalls, 2); // the 503 and the timeout
    QCOMPARE(item.failuresByErrorClass, (QMap<QString, qint64>{{toString(CallErrorClass::Timeout), 1}}));
    QCOMPARE(item.minMs, 10.0);
    QCOMPARE(item.p50Ms, 30.0);
    QCOMPARE(item.p95Ms, 500.0);
    QCOMPARE(item.p99Ms, 500.0);
    QCOMPARE(item.maxMs, 500.0);
    QVERIFY(!items.at(1).finished);
    QCOMPARE(items.at(1).plannedCalls, 10u);

    // By the time each call ended, in quarter seconds: two in the first, the timeout in the fourth.
    const QList<TimeBucket> buckets = store.timeBuckets(run, 0, 0);
    QCOMPARE(buckets.size(), 2);
    QCOMPARE(buckets.at(0).index, 0);
    QCOMPARE(buckets.at(0).lengthMs, 250);
    QCOMPARE(buckets.at(0).calls, 2);
    QCOMPARE(buckets.at(0).failed, 1);
    QCOMPARE(buckets.at(0).maxMs, 30.0);
    QCOMPARE(buckets.at(1).index, 3);
    QCOMPARE(buckets.at(1).startMs, 750);
    QCOMPARE(buckets.at(1).calls, 1);
    QCOMPARE(buckets.at(1).p99Ms, 500.0);
    QVERIFY(store.timeBuckets(run, 0, 1).isEmpty());
}

void TestRunStore::anotherThreadReadsWhileARunWrites()
{
    QTemporaryDir folder;
    const QString path = folder.filePath(QStringLiteral("runs.sqlite"));
    RunStore writer(path);
    QString error;
    QVERIFY(writer.open(&error));
    QVERIFY(writer.beginRun(QStringLiteral("other.yaml"), 1, "[]") > 0);
    const qint64 run = writer.beginRun(QStringLiteral("s.yaml"), 2, "[]");
    QVERIFY(writer.beginItem(run, 0, 0, QString(), 0, 3));
    QVERIFY(writer.appendCalls(run, 0, 0, threeCalls()));
    QVERIFY(writer.finishItem(run, 0, 0, 1000, threeCalls(), {}, "[]"));
    QVERIFY(writer.beginItem(run, 0, 1, QString(), 0, 100000));

    // What a history view's worker thread does, on its own connection.
    struct Read
    {
        QString error;
        QList<StoredRun> runs;
        QList<StoredItem> items;
        QList<TimeBucket> buckets;
        int rounds = 0;
    } read;
    std::atomic<bool> writing{true};
    std::unique_ptr<QThread> reader(QThread::create([&] {
        RunStore store(path);
        if (!store.open(&read.error)) {
            return;
        }
        // Until the writer has flushed a few times more, so that the reads overlap its writes.
        for (; read.rounds < 1000 && (read.rounds < 20 || writing); ++read.rounds) {
            read.runs = store.runs(QStringLiteral("s.yaml"));
            read.items = store.items(run);
            read.buckets = store.timeBuckets(run, 0, 0);
        }
    }));
    reader->start();
    quint32 index = 0;
    for (int flush = 0; flush < 20 && !reader->isFinished(); ++flush) {
        QVERIFY2(writer.appendCalls(run, 0, 1, {CallRecord{.index = index++}}), qPrintable(writer.lastError()));
    }
    writing = false;
    QVERIFY(reader->wait(10000));
    QVERIFY2(read.error.isEmpty(), qPrintable(read.error));
    QVERIFY(read.rounds >= 20);
    QCOMPARE(read.runs.size(), 1);
    QCOMPARE(read.runs.first().id, run);
    QCOMPARE(read.runs.first().status, QStringLiteral("running"));
    QCOMPARE(read.items.size(), 2);
    QCOMPARE(read.items.first().calls, 3);
    QCOMPARE(read.items.first().p95Ms, 500.0);
    QVERIFY(!read.items.last().finished);
    QCOMPARE(read.buckets.size(), 2);
    QCOMPARE(writer.calls(run, 0, 1).size(), static_cast<qsizetype>(index));
}

QTEST_GUILESS_MAIN(TestRunStore)
#include "TestRunStore.moc"
