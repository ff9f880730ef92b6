#include "store/RunStore.h"

#include "runner/SortedLatencies.h"
#include "runner/TimeBucketAggregator.h"

#include <atomic>
#include <functional>

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QThread>
#include <QUrl>
#include <QVariant>

namespace
{
QString uniqueConnectionName()
{
    static std::atomic<quint64> counter{0};
    return QStringLiteral("aftershock-runstore-%1-%2")
        .arg(reinterpret_cast<quintptr>(QThread::currentThreadId()))
        .arg(counter.fetch_add(1));
}

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

// Version 1, the layout before versioning: error classes as integers, no statistics.
constexpr const char* FirstTables[] = {
    "CREATE TABLE IF NOT EXISTS runs (id INTEGER PRIMARY KEY, started_at INTEGER NOT NULL, ended_at INTEGER, "
    "heartbeat_at INTEGER NOT NULL, status TEXT NOT NULL, source TEXT, tests_run INTEGER, tests_failed INTEGER, "
    "results_path TEXT, error TEXT, scenarios TEXT)",
    "CREATE TABLE IF NOT EXISTS items (run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE, "
    "scenario_index INTEGER NOT NULL, item_index INTEGER NOT NULL, target TEXT, started_at_us INTEGER, "
    "planned_calls INTEGER, total_time_ns INTEGER, slo TEXT, PRIMARY KEY (run_id, scenario_index, item_index))",
    "CREATE TABLE IF NOT EXISTS calls (run_id INTEGER NOT NULL, scenario_index INTEGER NOT NULL, "
    "item_index INTEGER NOT NULL, call_index INTEGER NOT NULL, intended_start_us INTEGER, start_us INTEGER, "
    "ttfb_us INTEGER, latency_us INTEGER, status INTEGER, body_bytes INTEGER, error_class INTEGER, "
    "active_faults INTEGER, applied_faults INTEGER, "
    "PRIMARY KEY (run_id, scenario_index, item_index, call_index)) WITHOUT ROWID",
};

// Version 2: the seed, per-item statistics and time buckets, error classes by name, calls that
// belong to their item (so deleting a run deletes everything of it), and the indexes of the views.
constexpr const char* StatisticsAndNames[] = {
    "ALTER TABLE runs ADD COLUMN seed TEXT",
    "CREATE INDEX runs_by_source ON runs (source, started_at)",
    "ALTER TABLE items ADD COLUMN call_count INTEGER",
    "ALTER TABLE items ADD COLUMN failed_call_count INTEGER",
    "ALTER TABLE items ADD COLUMN min_ms REAL",
    "ALTER TABLE items ADD COLUMN max_ms REAL",
    "ALTER TABLE items ADD COLUMN p50_ms REAL",
    "ALTER TABLE items ADD COLUMN p95_ms REAL",
    "ALTER TABLE items ADD COLUMN p99_ms REAL",
    "CREATE TABLE item_failures (run_id INTEGER NOT NULL, scenario_index INTEGER NOT NULL, "
    "item_index INTEGER NOT NULL, error_class TEXT NOT NULL, call_count INTEGER NOT NULL, "
    "PRIMARY KEY (run_id, scenario_index, item_index, error_class), "
    "FOREIGN KEY (run_id, scenario_index, item_index) REFERENCES items (run_id, scenario_index, item_index) "
    "ON DELETE CASCADE) WITHOUT ROWID",
    "CREATE TABLE time_buckets (run_id INTEGER NOT NULL, scenario_index INTEGER NOT NULL, "
    "item_index INTEGER NOT NULL, bucket_index INTEGER NOT NULL, start_ms INTEGER NOT NULL, "
    "length_ms INTEGER NOT NULL, call_count INTEGER NOT NULL, failed_call_count INTEGER NOT NULL, "
    "p50_ms REAL, p95_ms REAL, p99_ms REAL, max_ms REAL, "
    "PRIMARY KEY (run_id, scenario_index, item_index, bucket_index), "
    "FOREIGN KEY (run_id, scenario_index, item_index) REFERENCES items (run_id, scenario_index, item_index) "
    "ON DELETE CASCADE) WITHOUT ROWID",
    "CREATE TABLE calls_by_name (run_id INTEGER NOT NULL, scenario_index INTEGER NOT NULL, "
    "item_index INTEGER NOT NULL, call_index INTEGER NOT NULL, intended_start_us INTEGER, start_us INTEGER, "
    "ttfb_us INTEGER, latency_us INTEGER, status INTEGER, body_bytes INTEGER, error_class TEXT, "
    "active_faults INTEGER, applied_faults INTEGER, "
    "PRIMARY KEY (run_id, scenario_index, item_index, call_index), "
    "FOREIGN KEY (run_id, scenario_index, item_index) REFERENCES items (run_id, scenario_index, item_index) "
    "ON DELETE CASCADE) WITHOUT ROWID",
    // Calls never had to have an item row; now they must, so give the few that lack one an empty one.
    "INSERT OR IGNORE INTO items (run_id, scenario_index, item_index) SELECT DISTINCT run_id, scenario_index, "
    "item_index FROM calls WHERE run_id IN (SELECT id FROM runs)",
};

constexpr const char* StatisticsAndNamesAfterCopy[] = {
    "DROP TABLE calls",
    "ALTER TABLE calls_by_name RENAME TO calls",
    "CREATE INDEX calls_by_time ON calls (run_id, scenario_index, item_index, intended_start_us)",
};

// Version 3: why an item could not run (an https URL before the runner spoke TLS, a header that
// would split the request), so that the history can say it.
constexpr const char* ItemErrors[] = {
    "ALTER TABLE items ADD COLUMN error TEXT",
};

// The integers version 1 wrote were CallErrorClass's values in its order of then. They keep that
// meaning whatever the enum gains later, so they are listed here rather than cast.
constexpr CallErrorClass FirstSchemaErrorClasses[] = {
    CallErrorClass::None,  CallErrorClass::Timeout,    CallErrorClass::Refused,
    CallErrorClass::Reset, CallErrorClass::ProxyError, CallErrorClass::InvalidResponse,
};

QString firstSchemaErrorClassToName()
{
    QString expression = QStringLiteral("CASE error_class");
    for (std::size_t i = 0; i < std::size(FirstSchemaErrorClasses); ++i) {
        const QString name = toString(FirstSchemaErrorClasses[i]);
        expression += QStringLiteral(" WHEN %1 THEN %2")
                          .arg(i)
                          .arg(name.isEmpty() ? QStringLiteral("NULL") : u'\'' + name + u'\'');
    }
    // Version 1 read an integer it did not know as an invalid response.
    return expression + QStringLiteral(" ELSE '%1' END").arg(toString(CallErrorClass::InvalidResponse));
}

QVariant errorClassValue(CallErrorClass errorClass)
{
    const QString name = toString(errorClass);
    return name.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(name);
}

// A name this build does not know (a newer one wrote it) is still a failed call.
CallErrorClass errorClassOf(const QVariant& value)
{
    const QString name = value.toString();
    if (name.isEmpty()) {
        return CallErrorClass::None;
    }
    return callErrorClassFromString(name).value_or(CallErrorClass::InvalidResponse);
}

bool bindAndExecute(QSqlQuery& query, const QVariantList& values)
{
    for (int i = 0; i < values.size(); ++i) {
        query.bindValue(i, values.at(i));
    }
    return query.exec();
}
} // namespace

QString RunStore::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/runs.sqlite");
}

RunStore::RunStore(QString path)
    : m_path(std::move(path))
    , m_connectionName(uniqueConnectionName())
{ }

RunStore::~RunStore()
{
    closeFile();
}

bool RunStore::open(QString* error, qint64 staleAfterMs)
{
    m_setAsidePath.clear();
    if (openFile(error, staleAfterMs)) {
        return true;
    }
    if (!m_damaged) {
        return false;
    }
    // A file SQLite cannot read as a database would fail every start: keep it for the user under
    // another name, and begin a new history rather than have none.
    closeFile();
    const QString stamp = QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss"));
    QString aside = QStringLiteral("%1.damaged-%2").arg(m_path, stamp);
    for (int copy = 2; QFileInfo::exists(aside) && copy < 100; ++copy) {
        aside = QStringLiteral("%1.damaged-%2-%3").arg(m_path, stamp).arg(copy);
    }
    if (!QFile::rename(m_path, aside)) {
        *error += QStringLiteral("; it could not be set aside as %1 either").arg(QDir::toNativeSeparators(aside));
        return false;
    }
    for (const QString& suffix : {QStringLiteral("-wal"), QStringLiteral("-shm")}) {
        QFile::rename(m_path + suffix, aside + suffix);
    }
    m_setAsidePath = aside;
    m_setAsideReason = m_lastSqlError.databaseText();
    error->clear();
    return openFile(error, staleAfterMs);
}

QString RunStore::setAsideNotice() const
{
    return QStringLiteral("The run history file %1 could not be read (%2); it was kept as %3 and a new history begun")
        .arg(QDir::toNativeSeparators(m_path), m_setAsideReason, QDir::toNativeSeparators(m_setAsidePath));
}

bool RunStore::openFile(QString* error, qint64 staleAfterMs)
{
    m_damaged = false;
    const auto fail = [this, error](const QString& why) {
        *error = QStringLiteral("cannot open the run store %1: %2").arg(QDir::toNativeSeparators(m_path), why);
        return false;
    };
    if (!QDir().mkpath(QFileInfo(m_path).absolutePath())) {
        return fail(QStringLiteral("cannot create its folder"));
    }
    m_database = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
    m_database.setDatabaseName(m_path);
    // Another process (the GUI while the CLI runs) may hold a write lock for a moment.
    m_database.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    if (!m_database.open()) {
        return fail(m_database.lastError().text());
    }
    // Before anything writes, so that a file of a newer schema is never touched.
    QString why;
    if (!execute(QStringLiteral("PRAGMA foreign_keys=ON")) || !migrate(&why)) {
        // SQLITE_CORRUPT (11) and SQLITE_NOTADB (26), whatever their extended code.
        const int code = m_lastSqlError.nativeErrorCode().toInt() & 0xff;
        m_damaged = code == 11 || code == 26;
        return fail(why.isEmpty() ? lastError() : why);
    }
    // WAL with NORMAL sync: a committed flush survives the process dying, at the cost of an fsync
    // only at checkpoints, which keeps a flush every quarter second cheap.
    if (!execute(QStringLiteral("PRAGMA journal_mode=WAL")) || !execute(QStringLiteral("PRAGMA synchronous=NORMAL"))
        || !markAbandonedRuns(staleAfterMs)) {
        return fail(lastError());
    }
    return true;
}

void RunStore::closeFile()
{
    if (m_database.isValid()) {
        m_database.close();
        m_database = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_connectionName);
    }
}

QString RunStore::lastError() const
{
    return m_lastError.isEmpty() ? m_database.lastError().text() : m_lastError;
}

bool RunStore::check(QSqlQuery& query, bool executed)
{
    if (!executed) {
        m_lastError = query.lastError().text();
        m_lastSqlError = query.lastError();
    }
    return executed;
}

bool RunStore::execute(const QString& statement)
{
    QSqlQuery query(m_database);
    return check(query, query.exec(statement));
}

bool RunStore::inTransaction(const std::function<bool()>& work)
{
    if (!m_database.transaction()) {
        return false;
    }
    if (!work()) {
        m_database.rollback();
        return false;
    }
    return m_database.commit();
}

int RunStore::schemaVersion()
{
    QSqlQuery query(m_database);
    return check(query, query.exec(QStringLiteral("PRAGMA user_version"))) && query.next() ? query.value(0).toInt()
                                                                                           : -1;
}

bool RunStore::migrate(QString* error)
{
    using Step = bool (RunStore::*)();
    // Step i takes the file from version i to version i + 1.
    constexpr Step Steps[] = {&RunStore::createFirstTables, &RunStore::addStatisticsAndNames, &RunStore::addItemErrors};
    static_assert(std::size(Steps) == SchemaVersion);
    for (int attempt = 0; attempt <= SchemaVersion; ++attempt) {
        // Read first without a lock: a current file, the usual case, needs no write.
        const int version = schemaVersion();
        if (version > SchemaVersion) {
            *error = QStringLiteral("it was written by a newer Aftershock (schema version %1; this one reads up to "
                                    "%2), and is left as it is")
                         .arg(version)
                         .arg(SchemaVersion);
            return false;
        }
        if (version < 0 || version == SchemaVersion) {
            return version == SchemaVersion;
        }
        if (!execute(QStringLiteral("BEGIN IMMEDIATE"))) {
            return false;
        }
        // Another process may have migrated the file while this one waited for the write lock.
        if (schemaVersion() != version) {
            execute(QStringLiteral("ROLLBACK"));
            continue;
        }
        if (!(this->*Steps[version])() || !execute(QStringLiteral("PRAGMA user_version = %1").arg(version + 1))
            || !execute(QStringLiteral("COMMIT"))) {
            const QString why = lastError();
            execute(QStringLiteral("ROLLBACK"));
            *error = QStringLiteral("cannot bring it from schema version %1 to %2: %3")
                         .arg(version)
                         .arg(version + 1)
                         .arg(why);
            return false;
        }
    }
    return false;
}

bool RunStore::createFirstTables()
{
    for (const char* statement : FirstTables) {
        if (!execute(QString::fromLatin1(statement))) {
            return false;
        }
    }
    return true;
}

bool RunStore::addStatisticsAndNames()
{
    for (const char* statement : StatisticsAndNames) {
        if (!execute(QString::fromLatin1(statement))) {
            return false;
        }
    }
    if (!execute(QStringLiteral("INSERT INTO calls_by_name SELECT run_id, scenario_index, item_index, call_index, "
                                "intended_start_us, start_us, ttfb_us, latency_us, status, body_bytes, %1, "
                                "active_faults, applied_faults FROM calls WHERE run_id IN (SELECT id FROM runs)")
                     .arg(firstSchemaErrorClassToName()))) {
        return false;
    }
    for (const char* statement : StatisticsAndNamesAfterCopy) {
        if (!execute(QString::fromLatin1(statement))) {
            return false;
        }
    }
    // The items that finished before statistics were kept get them now, from their calls.
    struct Key
    {
        qint64 runId;
        int scenarioIndex;
        int itemIndex;
    };
    QList<Key> finished;
    QSqlQuery query(m_database);
    if (!check(query,
               query.exec(QStringLiteral("SELECT run_id, scenario_index, item_index FROM items "
                                         "WHERE total_time_ns IS NOT NULL")))) {
        return false;
    }
    while (query.next()) {
        finished.append(Key{query.value(0).toLongLong(), query.value(1).toInt(), query.value(2).toInt()});
    }
    for (const Key& key : finished) {
        if (!storeStatistics(key.runId, key.scenarioIndex, key.itemIndex,
                             calls(key.runId, key.scenarioIndex, key.itemIndex))) {
            return false;
        }
    }
    return true;
}

bool RunStore::addItemErrors()
{
    for (const char* statement : ItemErrors) {
        if (!execute(QString::fromLatin1(statement))) {
            return false;
        }
    }
    return true;
}

bool RunStore::markAbandonedRuns(qint64 staleAfterMs)
{
    QSqlQuery query(m_database);
    query.prepare(QStringLiteral("UPDATE runs SET status = 'interrupted', ended_at = heartbeat_at "
                                 "WHERE status = 'running' AND heartbeat_at < ?"));
    query.addBindValue(nowMs() - staleAfterMs);
    return check(query, query.exec());
}

qint64 RunStore::beginRun(const QString& source, qint64 startedAtMs, const QByteArray& scenariosJson,
                          std::optional<quint64> seed)
{
    QSqlQuery query(m_database);
    query.prepare(QStringLiteral("INSERT INTO runs (started_at, heartbeat_at, status, source, scenarios, seed) "
                                 "VALUES (?, ?, 'running', ?, ?, ?)"));
    // As text: SQLite's integers are signed, and a seed may use all 64 bits.
    const bool executed
        = bindAndExecute(query,
                         {startedAtMs, nowMs(), source, QString::fromUtf8(scenariosJson),
                          seed ? QVariant(QString::number(*seed)) : QVariant(QMetaType::fromType<QString>())});
    return check(query, executed) ? query.lastInsertId().toLongLong() : -1;
}

bool RunStore::beginItem(qint64 runId, int scenarioIndex, int itemIndex, const QString& target, qint64 startedAtUs,
                         quint32 plannedCalls)
{
    QSqlQuery query(m_database);
    query.prepare(QStringLiteral("INSERT OR REPLACE INTO items (run_id, scenario_index, item_index, target, "
                                 "started_at_us, planned_calls) VALUES (?, ?, ?, ?, ?, ?)"));
    return check(query, bindAndExecute(query, {runId, scenarioIndex, itemIndex, target, startedAtUs, plannedCalls}));
}

bool RunStore::insertCalls(qint64 runId, int scenarioIndex, int itemIndex, const CallRecords& calls)
{
    QSqlQuery insert(m_database);
    insert.prepare(QStringLiteral(
        "INSERT OR REPLACE INTO calls (run_id, scenario_index, item_index, call_index, intended_start_us, start_us, "
        "ttfb_us, latency_us, status, body_bytes, error_class, active_faults, applied_faults) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    for (const CallRecord& call : calls) {
        const bool executed = bindAndExecute(insert,
                                             {runId, scenarioIndex, itemIndex, call.index, call.intendedStartUs,
                                              call.startUs, call.ttfbUs, call.latencyUs, call.status, call.bodyBytes,
                                              errorClassValue(call.errorClass), call.activeFaults, call.appliedFaults});
        if (!check(insert, executed)) {
            return false;
        }
    }
    return true;
}

bool RunStore::appendCalls(qint64 runId, int scenarioIndex, int itemIndex, const CallRecords& calls)
{
    return inTransaction([&] { return insertCalls(runId, scenarioIndex, itemIndex, calls) && beatHeartbeat(runId); });
}

bool RunStore::beatHeartbeat(qint64 runId)
{
    QSqlQuery heartbeat(m_database);
    heartbeat.prepare(QStringLiteral("UPDATE runs SET heartbeat_at = ? WHERE id = ?"));
    return check(heartbeat, bindAndExecute(heartbeat, {nowMs(), runId}));
}

bool RunStore::storeStatistics(qint64 runId, int scenarioIndex, int itemIndex, const CallRecords& calls)
{
    const QVariantList item{runId, scenarioIndex, itemIndex};
    qint64 failed = 0;
    QMap<QString, qint64> failuresByErrorClass;
    for (const CallRecord& call : calls) {
        failed += call.failed() ? 1 : 0;
        if (call.errorClass != CallErrorClass::None) {
            ++failuresByErrorClass[toString(call.errorClass)];
        }
    }
    const SortedLatencies latencies(calls);
    QSqlQuery update(m_database);
    update.prepare(QStringLiteral("UPDATE items SET call_count = ?, failed_call_count = ?, min_ms = ?, max_ms = ?, "
                                  "p50_ms = ?, p95_ms = ?, p99_ms = ? "
                                  "WHERE run_id = ? AND scenario_index = ? AND item_index = ?"));
    if (!check(update,
               bindAndExecute(update,
                              QVariantList{latencies.size(), failed, latencies.min(), latencies.max(),
                                           latencies.percentile(50), latencies.percentile(95), latencies.percentile(99)}
                                  + item))) {
        return false;
    }

    for (const char* table : {"item_failures", "time_buckets"}) {
        QSqlQuery clear(m_database);
        clear.prepare(QStringLiteral("DELETE FROM %1 WHERE run_id = ? AND scenario_index = ? AND item_index = ?")
                          .arg(QLatin1String(table)));
        if (!check(clear, bindAndExecute(clear, item))) {
            return false;
        }
    }
    QSqlQuery failure(m_database);
    failure.prepare(QStringLiteral("INSERT INTO item_failures (run_id, scenario_index, item_index, error_class, "
                                   "call_count) VALUES (?, ?, ?, ?, ?)"));
    for (auto it = failuresByErrorClass.cbegin(); it != failuresByErrorClass.cend(); ++it) {
        if (!check(failure, bindAndExecute(failure, item + QVariantList{it.key(), it.value()}))) {
            return false;
        }
    }

    TimeBucketAggregator aggregator;
    aggregator.reset(scenarioIndex, itemIndex);
    for (const CallRecord& call : calls) {
        aggregator.add(call);
    }
    QSqlQuery bucket(m_database);
    bucket.prepare(QStringLiteral("INSERT INTO time_buckets (run_id, scenario_index, item_index, bucket_index, "
                                  "start_ms, length_ms, call_count, failed_call_count, p50_ms, p95_ms, p99_ms, "
                                  "max_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    for (const TimeBucket& slice : aggregator.takeChanged()) {
        const QVariantList values{slice.index, slice.startMs, slice.lengthMs, slice.calls, slice.failed,
                                  slice.p50Ms, slice.p95Ms,   slice.p99Ms,    slice.maxMs};
        if (!check(bucket, bindAndExecute(bucket, item + values))) {
            return false;
        }
    }
    return true;
}

bool RunStore::finishItem(qint64 runId, int scenarioIndex, int itemIndex, qint64 totalTimeNs, const CallRecords& calls,
                          const CallRecords& updatedCalls, const QByteArray& sloJson)
{
    return inTransaction([&] {
        QSqlQuery query(m_database);
        query.prepare(QStringLiteral("UPDATE items SET total_time_ns = ?, slo = ? "
                                     "WHERE run_id = ? AND scenario_index = ? AND item_index = ?"));
        return insertCalls(runId, scenarioIndex, itemIndex, updatedCalls)
            && check(query,
                     bindAndExecute(query, {totalTimeNs, QString::fromUtf8(sloJson), runId, scenarioIndex, itemIndex}))
            && storeStatistics(runId, scenarioIndex, itemIndex, calls) && beatHeartbeat(runId);
    });
}

bool RunStore::failItem(qint64 runId, int scenarioIndex, int itemIndex, const QString& error)
{
    return inTransaction([&] {
        QSqlQuery query(m_database);
        query.prepare(QStringLiteral("UPDATE items SET total_time_ns = 0, slo = '[]', error = ? "
                                     "WHERE run_id = ? AND scenario_index = ? AND item_index = ?"));
        return check(query, bindAndExecute(query, {error, runId, scenarioIndex, itemIndex}))
            && storeStatistics(runId, scenarioIndex, itemIndex, {}) && beatHeartbeat(runId);
    });
}

bool RunStore::finishRun(qint64 runId, const QString& status, qint64 endedAtMs, int testsRun, int testsFailed,
                         const QString& resultsPath, const QString& error)
{
    QSqlQuery query(m_database);
    query.prepare(QStringLiteral("UPDATE runs SET status = ?, ended_at = ?, heartbeat_at = ?, tests_run = ?, "
                                 "tests_failed = ?, results_path = ?, error = ? WHERE id = ?"));
    return check(query,
                 bindAndExecute(query, {status, endedAtMs, nowMs(), testsRun, testsFailed, resultsPath, error, runId}));
}

bool RunStore::deleteRun(qint64 runId)
{
    QSqlQuery query(m_database);
    query.prepare(QStringLiteral("DELETE FROM runs WHERE id = ?"));
    return check(query, bindAndExecute(query, {runId}));
}

QList<StoredRun> RunStore::runs(const QString& source)
{
    QList<StoredRun> runs;
    QSqlQuery query(m_database);
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT id, started_at, ended_at, heartbeat_at, status, source, tests_run, "
                                 "tests_failed, results_path, error, seed, (SELECT group_concat(target, char(31)) "
                                 "FROM items WHERE items.run_id = runs.id) FROM runs %1 ORDER BY started_at, id")
                      .arg(source.isEmpty() ? QString() : QStringLiteral("WHERE source = ?")));
    if (!source.isEmpty()) {
        query.addBindValue(source);
    }
    if (!check(query, query.exec())) {
        return runs;
    }
    while (query.next()) {
        bool isSeed = false;
        const quint64 seed = query.value(10).toString().toULongLong(&isSeed);
        QStringList targets;
        for (const QString& target : query.value(11).toString().split(QChar(31), Qt::SkipEmptyParts)) {
            const QString host = QUrl(target).authority();
            if (!host.isEmpty() && !targets.contains(host)) {
                targets.append(host);
            }
        }
        runs.append(StoredRun{.id = query.value(0).toLongLong(),
                              .startedAtMs = query.value(1).toLongLong(),
                              .endedAtMs = query.value(2).toLongLong(),
                              .heartbeatAtMs = query.value(3).toLongLong(),
                              .status = query.value(4).toString(),
                              .source = query.value(5).toString(),
                              .testsRun = query.value(6).toInt(),
                              .testsFailed = query.value(7).toInt(),
                              .resultsPath = query.value(8).toString(),
                              .error = query.value(9).toString(),
                              .seed = isSeed ? std::optional<quint64>(seed) : std::nullopt,
                              .targets = targets});
    }
    return runs;
}

QList<StoredItem> RunStore::items(qint64 runId)
{
    QList<StoredItem> items;
    QSqlQuery query(m_database);
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT scenario_index, item_index, target, started_at_us, planned_calls, "
                                 "total_time_ns, slo, call_count, failed_call_count, min_ms, max_ms, p50_ms, p95_ms, "
                                 "p99_ms, error FROM items WHERE run_id = ? ORDER BY scenario_index, item_index"));
    query.addBindValue(runId);
    if (!check(query, query.exec())) {
        return items;
    }
    while (query.next()) {
        items.append(StoredItem{.scenarioIndex = query.value(0).toInt(),
                                .itemIndex = query.value(1).toInt(),
                                .target = query.value(2).toString(),
                                .startedAtUs = query.value(3).toLongLong(),
                                .plannedCalls = query.value(4).toUInt(),
                                .finished = !query.value(5).isNull(),
                                .totalTimeNs = query.value(5).toLongLong(),
                                .sloJson = query.value(6).toString().toUtf8(),
                                .calls = query.value(7).toLongLong(),
                                .failedCalls = query.value(8).toLongLong(),
                                .minMs = query.value(9).toDouble(),
                                .maxMs = query.value(10).toDouble(),
                                .p50Ms = query.value(11).toDouble(),
                                .p95Ms = query.value(12).toDouble(),
                                .p99Ms = query.value(13).toDouble(),
                                .error = query.value(14).toString()});
    }
    QSqlQuery failures(m_database);
    failures.setForwardOnly(true);
    failures.prepare(QStringLiteral("SELECT scenario_index, item_index, error_class, call_count FROM item_failures "
                                    "WHERE run_id = ?"));
    failures.addBindValue(runId);
    if (!check(failures, failures.exec())) {
        return items;
    }
    while (failures.next()) {
        for (StoredItem& item : items) {
            if (item.scenarioIndex == failures.value(0).toInt() && item.itemIndex == failures.value(1).toInt()) {
                item.failuresByErrorClass.insert(failures.value(2).toString(), failures.value(3).toLongLong());
            }
        }
    }
    return items;
}

QList<TimeBucket> RunStore::timeBuckets(qint64 runId, int scenarioIndex, int itemIndex)
{
    QList<TimeBucket> buckets;
    QSqlQuery query(m_database);
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT bucket_index, start_ms, length_ms, call_count, failed_call_count, p50_ms, "
                                 "p95_ms, p99_ms, max_ms FROM time_buckets "
                                 "WHERE run_id = ? AND scenario_index = ? AND item_index = ? ORDER BY bucket_index"));
    if (!check(query, bindAndExecute(query, {runId, scenarioIndex, itemIndex}))) {
        return buckets;
    }
    while (query.next()) {
        buckets.append(TimeBucket{.scenarioIndex = scenarioIndex,
                                  .itemIndex = itemIndex,
                                  .index = query.value(0).toInt(),
                                  .startMs = query.value(1).toLongLong(),
                                  .lengthMs = query.value(2).toInt(),
                                  .calls = query.value(3).toInt(),
                                  .failed = query.value(4).toInt(),
                                  .p50Ms = query.value(5).toDouble(),
                                  .p95Ms = query.value(6).toDouble(),
                                  .p99Ms = query.value(7).toDouble(),
                                  .maxMs = query.value(8).toDouble()});
    }
    return buckets;
}

CallRecords RunStore::calls(qint64 runId, int scenarioIndex, int itemIndex)
{
    CallRecords calls;
    QSqlQuery query(m_database);
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT call_index, intended_start_us, start_us, ttfb_us, latency_us, status, "
                                 "body_bytes, error_class, active_faults, applied_faults FROM calls "
                                 "WHERE run_id = ? AND scenario_index = ? AND item_index = ? ORDER BY call_index"));
    if (!check(query, bindAndExecute(query, {runId, scenarioIndex, itemIndex}))) {
        return calls;
    }
    while (query.next()) {
        calls.append(CallRecord{.intendedStartUs = query.value(1).toLongLong(),
                                .startUs = query.value(2).toLongLong(),
                                .ttfbUs = query.value(3).toInt(),
                                .latencyUs = query.value(4).toInt(),
                                .index = query.value(0).toUInt(),
                                .bodyBytes = query.value(6).toUInt(),
                                .activeFaults = query.value(8).toUInt(),
                                .appliedFaults = query.value(9).toUInt(),
                                .status = static_cast<quint16>(query.value(5).toUInt()),
                                .errorClass = errorClassOf(query.value(7))});
    }
    return calls;
}

QByteArray RunStore::scenariosJson(qint64 runId)
{
    QSqlQuery query(m_database);
    query.prepare(QStringLiteral("SELECT scenarios FROM runs WHERE id = ?"));
    query.addBindValue(runId);
    return check(query, query.exec()) && query.next() ? query.value(0).toString().toUtf8() : QByteArray();
}
