#include "store/RunStore.h"

#include <atomic>

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QThread>
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

constexpr const char* Tables[] = {
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
    if (m_database.isValid()) {
        m_database.close();
        m_database = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_connectionName);
    }
}

bool RunStore::open(QString* error, qint64 staleAfterMs)
{
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
    // WAL with NORMAL sync: a committed flush survives the process dying, at the cost of an fsync
    // only at checkpoints, which keeps a flush every quarter second cheap.
    if (!execute(QStringLiteral("PRAGMA journal_mode=WAL")) || !execute(QStringLiteral("PRAGMA synchronous=NORMAL"))
        || !execute(QStringLiteral("PRAGMA foreign_keys=ON")) || !createTables() || !markAbandonedRuns(staleAfterMs)) {
        return fail(lastError());
    }
    return true;
}

QString RunStore::lastError() const
{
    return m_database.lastError().text();
}

bool RunStore::execute(const QString& statement)
{
    QSqlQuery query(m_database);
    return query.exec(statement);
}

bool RunStore::createTables()
{
    for (const char* table : Tables) {
        if (!execute(QString::fromLatin1(table))) {
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
    return query.exec();
}

qint64 RunStore::beginRun(const QString& source, qint64 startedAtMs, const QByteArray& scenariosJson)
{
    QSqlQuery query(m_database);
    query.prepare(QStringLiteral("INSERT INTO runs (started_at, heartbeat_at, status, source, scenarios) "
                                 "VALUES (?, ?, 'running', ?, ?)"));
    query.addBindValue(startedAtMs);
    query.addBindValue(nowMs());
    query.addBindValue(source);
    query.addBindValue(QString::fromUtf8(scenariosJson));
    return query.exec() ? query.lastInsertId().toLongLong() : -1;
}

bool RunStore::beginItem(qint64 runId, int scenarioIndex, int itemIndex, const QString& target, qint64 startedAtUs,
                         quint32 plannedCalls)
{
    QSqlQuery query(m_database);
    query.prepare(QStringLiteral("INSERT OR REPLACE INTO items (run_id, scenario_index, item_index, target, "
                                 "started_at_us, planned_calls) VALUES (?, ?, ?, ?, ?, ?)"));
    query.addBindValue(runId);
    query.addBindValue(scenarioIndex);
    query.addBindValue(itemIndex);
    query.addBindValue(target);
    query.addBindValue(startedAtUs);
    query.addBindValue(plannedCalls);
    return query.exec();
}

bool RunStore::appendCalls(qint64 runId, int scenarioIndex, int itemIndex, const CallRecords& calls)
{
    if (!m_database.transaction()) {
        return false;
    }
    QSqlQuery insert(m_database);
    insert.prepare(QStringLiteral(
        "INSERT OR REPLACE INTO calls (run_id, scenario_index, item_index, call_index, intended_start_us, start_us, "
        "ttfb_us, latency_us, status, body_bytes, error_class, active_faults, applied_faults) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    bool ok = true;
    for (const CallRecord& call : calls) {
        const QVariantList values{runId,
                                  scenarioIndex,
                                  itemIndex,
                                  call.index,
                                  call.intendedStartUs,
                                  call.startUs,
                                  call.ttfbUs,
                                  call.latencyUs,
                                  call.status,
                                  call.bodyBytes,
                                  static_cast<int>(call.errorClass),
                                  call.activeFaults,
                                  call.appliedFaults};
        for (int i = 0; i < values.size(); ++i) {
            insert.bindValue(i, values.at(i));
        }
        if (!insert.exec()) {
            ok = false;
            break;
        }
    }
    QSqlQuery heartbeat(m_database);
    heartbeat.prepare(QStringLiteral("UPDATE runs SET heartbeat_at = ? WHERE id = ?"));
    heartbeat.addBindValue(nowMs());
    heartbeat.addBindValue(runId);
    ok = ok && heartbeat.exec();
    if (!ok) {
        m_database.rollback();
        return false;
    }
    return m_database.commit();
}

bool RunStore::finishItem(qint64 runId, int scenarioIndex, int itemIndex, qint64 totalTimeNs,
                          const CallRecords& updatedCalls, const QByteArray& sloJson)
{
    if (!updatedCalls.isEmpty() && !appendCalls(runId, scenarioIndex, itemIndex, updatedCalls)) {
        return false;
    }
    QSqlQuery query(m_database);
    query.prepare(QStringLiteral("UPDATE items SET total_time_ns = ?, slo = ? "
                                 "WHERE run_id = ? AND scenario_index = ? AND item_index = ?"));
    query.addBindValue(totalTimeNs);
    query.addBindValue(QString::fromUtf8(sloJson));
    query.addBindValue(runId);
    query.addBindValue(scenarioIndex);
    query.addBindValue(itemIndex);
    return query.exec();
}

bool RunStore::finishRun(qint64 runId, const QString& status, qint64 endedAtMs, int testsRun, int testsFailed,
                         const QString& resultsPath, const QString& error)
{
    QSqlQuery query(m_database);
    query.prepare(QStringLiteral("UPDATE runs SET status = ?, ended_at = ?, heartbeat_at = ?, tests_run = ?, "
                                 "tests_failed = ?, results_path = ?, error = ? WHERE id = ?"));
    query.addBindValue(status);
    query.addBindValue(endedAtMs);
    query.addBindValue(nowMs());
    query.addBindValue(testsRun);
    query.addBindValue(testsFailed);
    query.addBindValue(resultsPath);
    query.addBindValue(error);
    query.addBindValue(runId);
    return query.exec();
}

QList<StoredRun> RunStore::runs()
{
    QList<StoredRun> runs;
    QSqlQuery query(m_database);
    if (!query.exec(QStringLiteral("SELECT id, started_at, ended_at, status, source, tests_run, tests_failed, "
                                   "results_path FROM runs ORDER BY id"))) {
        return runs;
    }
    while (query.next()) {
        runs.append(StoredRun{.id = query.value(0).toLongLong(),
                              .startedAtMs = query.value(1).toLongLong(),
                              .endedAtMs = query.value(2).toLongLong(),
                              .status = query.value(3).toString(),
                              .source = query.value(4).toString(),
                              .testsRun = query.value(5).toInt(),
                              .testsFailed = query.value(6).toInt(),
                              .resultsPath = query.value(7).toString()});
    }
    return runs;
}

CallRecords RunStore::calls(qint64 runId, int scenarioIndex, int itemIndex)
{
    CallRecords calls;
    QSqlQuery query(m_database);
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT call_index, intended_start_us, start_us, ttfb_us, latency_us, status, "
                                 "body_bytes, error_class, active_faults, applied_faults FROM calls "
                                 "WHERE run_id = ? AND scenario_index = ? AND item_index = ? ORDER BY call_index"));
    query.addBindValue(runId);
    query.addBindValue(scenarioIndex);
    query.addBindValue(itemIndex);
    if (!query.exec()) {
        return calls;
    }
    while (query.next()) {
        const int errorClass = query.value(7).toInt();
        const bool knownClass = errorClass >= 0 && errorClass <= static_cast<int>(CallErrorClass::InvalidResponse);
        calls.append(CallRecord{.intendedStartUs = query.value(1).toLongLong(),
                                .startUs = query.value(2).toLongLong(),
                                .ttfbUs = query.value(3).toInt(),
                                .latencyUs = query.value(4).toInt(),
                                .index = query.value(0).toUInt(),
                                .bodyBytes = query.value(6).toUInt(),
                                .activeFaults = query.value(8).toUInt(),
                                .appliedFaults = query.value(9).toUInt(),
                                .status = static_cast<quint16>(query.value(5).toUInt()),
                                .errorClass = knownClass ? static_cast<CallErrorClass>(errorClass)
                                                         : CallErrorClass::InvalidResponse});
    }
    return calls;
}

QByteArray RunStore::scenariosJson(qint64 runId)
{
    QSqlQuery query(m_database);
    query.prepare(QStringLiteral("SELECT scenarios FROM runs WHERE id = ?"));
    query.addBindValue(runId);
    return query.exec() && query.next() ? query.value(0).toString().toUtf8() : QByteArray();
}
