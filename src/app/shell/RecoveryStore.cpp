#include "shell/RecoveryStore.h"

#include "editor/EditorDocument.h"
#include "shell/FileWriterPool.h"
#include "shell/Workspace.h"
#include "store/AtomicFile.h"

#include <QCoreApplication>
#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLockFile>
#include <QStandardPaths>
#include <QtConcurrent/QtConcurrentRun>

namespace
{
const QString LockFileName = QStringLiteral("session.lock");
const QString SessionPrefix = QStringLiteral("session-");
const QString MetadataFilter = QStringLiteral("*.json");

// One document's copy: its text and what it is, or, for a document not modified, nothing.
struct RecoveryCopy
{
    QString textPath;
    QString metadataPath;
    bool modified = false;
    QString text;
    QByteArray metadata;
};

// The text beside file-1.json is file-1.yaml.
QString textNameOf(const QString& metadataName)
{
    return QFileInfo(metadataName).completeBaseName() + QStringLiteral(".yaml");
}

// On the file writer's thread.
void writeCopies(const QList<RecoveryCopy>& copies)
{
    for (const RecoveryCopy& copy : copies) {
        if (!copy.modified) {
            QFile::remove(copy.metadataPath);
            QFile::remove(copy.textPath);
        } else if (writeFileAtomically(copy.textPath, copy.text.toUtf8())) {
            // The text first: metadata without its text is skipped when recovering.
            writeFileAtomically(copy.metadataPath, copy.metadata);
        }
    }
}

// On the file writer's thread. The metadata first, then the lock: a folder without metadata is no
// crashed session's, whatever else is still in it.
void removeSessionFolder(const QString& folder, QLockFile& lock)
{
    const QDir session(folder);
    for (const QString& metadataName : session.entryList({MetadataFilter}, QDir::Files)) {
        QFile::remove(session.filePath(metadataName));
    }
    lock.unlock();
    QDir(folder).removeRecursively();
}

// On a worker thread.
QList<RecoveredFile> readRecoveredFiles(const QStringList& folders)
{
    QList<RecoveredFile> files;
    for (const QString& folder : folders) {
        const QDir session(folder);
        for (const QString& metadataName : session.entryList({MetadataFilter}, QDir::Files, QDir::Name)) {
            QFile metadataFile(session.filePath(metadataName));
            QFile textFile(session.filePath(textNameOf(metadataName)));
            if (!metadataFile.open(QIODevice::ReadOnly) || !textFile.open(QIODevice::ReadOnly)) {
                continue; // half a pair: the crash came between the two writes
            }
            const QJsonObject metadata = QJsonDocument::fromJson(metadataFile.readAll()).object();
            files.append({metadata.value(QStringLiteral("path")).toString(),
                          metadata.value(QStringLiteral("name")).toString(), QString::fromUtf8(textFile.readAll()),
                          QDateTime::fromString(metadata.value(QStringLiteral("savedAt")).toString(), Qt::ISODate)});
        }
    }
    std::stable_sort(files.begin(), files.end(),
                     [](const RecoveredFile& a, const RecoveredFile& b) { return a.savedAt < b.savedAt; });
    return files;
}
} // namespace

RecoveryStore::RecoveryStore(const QString& folder, std::chrono::milliseconds interval, QObject* parent)
    : QObject(parent)
    , m_folder(folder)
{
    // Listings and lock files only, a few entries each: small enough for the GUI thread at start-up,
    // and the crashed sessions must be claimed before another instance looks.
    QDir().mkpath(folder);
    const QDir root(folder);
    for (const QString& session : root.entryList({SessionPrefix + QLatin1Char('*')}, QDir::Dirs, QDir::Name)) {
        const QString sessionFolder = root.filePath(session);
        auto lock = std::make_shared<QLockFile>(QDir(sessionFolder).filePath(LockFileName));
        // Free (no lock file) or stale (its process is gone): that run crashed.
        if (!lock->tryLock(0)) {
            continue;
        }
        const QDir sessionDirectory(sessionFolder);
        const QStringList metadataNames = sessionDirectory.entryList({MetadataFilter}, QDir::Files);
        if (metadataNames.isEmpty()) {
            lock->unlock();
            QDir(sessionFolder).removeRecursively(); // nothing was unsaved
            continue;
        }
        const QStringList textNames = sessionDirectory.entryList({QStringLiteral("*.yaml")}, QDir::Files);
        for (const QString& metadataName : metadataNames) {
            m_orphanCount += textNames.contains(textNameOf(metadataName)) ? 1 : 0;
        }
        m_orphanFolders << sessionFolder;
        m_orphanLocks.push_back(std::move(lock));
    }
    m_sessionFolder = root.filePath(QStringLiteral("%1%2-%3")
                                        .arg(SessionPrefix)
                                        .arg(QCoreApplication::applicationPid())
                                        .arg(QDateTime::currentMSecsSinceEpoch()));
    QDir().mkpath(m_sessionFolder);
    m_sessionLock = std::make_shared<QLockFile>(QDir(m_sessionFolder).filePath(LockFileName));
    m_sessionLock->tryLock(0);
    m_timer.setInterval(interval);
    connect(&m_timer, &QTimer::timeout, this, &RecoveryStore::saveNow);
    connect(&m_orphanReader, &QFutureWatcherBase::finished, this,
            [this] { emit orphansRead(m_orphanReader.result()); });
    connect(&m_round, &QFutureWatcherBase::finished, this, &RecoveryStore::finishRound);
}

RecoveryStore::~RecoveryStore() = default;

QString RecoveryStore::defaultFolder()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).filePath(QStringLiteral("recovery"));
}

int RecoveryStore::orphanCount() const
{
    return m_orphanCount;
}

void RecoveryStore::readOrphans()
{
    m_orphanReader.setFuture(QtConcurrent::run(readRecoveredFiles, m_orphanFolders));
}

void RecoveryStore::discardOrphans()
{
    // Each lock goes with its folder, removed by the file writer.
    FileWriterPool::instance()->start([folders = m_orphanFolders, locks = m_orphanLocks] {
        for (qsizetype index = 0; index < folders.size(); ++index) {
            removeSessionFolder(folders.at(index), *locks.at(index));
        }
    });
    m_orphanLocks.clear();
    m_orphanFolders.clear();
    m_orphanCount = 0;
}

void RecoveryStore::watch(Workspace* workspace)
{
    m_workspace = workspace;
    connect(workspace, &Workspace::documentClosing, this, [this](EditorDocument* document) {
        const QString id = m_ids.take(document);
        if (!id.isEmpty()) {
            const QDir session(m_sessionFolder);
            // After any round under way, which may still be writing this document's copy.
            FileWriterPool::instance()->start([metadataPath = session.filePath(id + QStringLiteral(".json")),
                                               textPath = session.filePath(id + QStringLiteral(".yaml"))] {
                QFile::remove(metadataPath);
                QFile::remove(textPath);
            });
        }
    });
    m_timer.start();
}

void RecoveryStore::saveNow()
{
    if (!m_workspace) {
        return;
    }
    if (m_roundUnderWay) {
        m_roundAskedFor = true;
        return;
    }
    // Snapshots of the texts (implicitly shared, so cheap); the writing is the file writer's.
    const QDir session(m_sessionFolder);
    const QString savedAt = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
    QList<RecoveryCopy> copies;
    for (EditorDocument* document : m_workspace->documents()) {
        const QString id = idOf(document);
        RecoveryCopy copy{session.filePath(id + QStringLiteral(".yaml")),
                          session.filePath(id + QStringLiteral(".json")), document->isModified()};
        if (copy.modified) {
            copy.text = document->text();
            copy.metadata = QJsonDocument(QJsonObject{{QStringLiteral("path"), document->path()},
                                                      {QStringLiteral("name"), document->displayName()},
                                                      {QStringLiteral("savedAt"), savedAt}})
                                .toJson();
        }
        copies.append(copy);
    }
    m_roundUnderWay = true;
    m_round.setFuture(QtConcurrent::run(FileWriterPool::instance(), writeCopies, copies));
}

void RecoveryStore::finishRound()
{
    m_roundUnderWay = false;
    emit copiesSaved();
    if (m_roundAskedFor) {
        m_roundAskedFor = false;
        saveNow();
    }
}

void RecoveryStore::clearSession()
{
    m_timer.stop();
    m_roundAskedFor = false;
    // After any round under way, so that nothing is written into the folder once it is gone.
    FileWriterPool::instance()->start(
        [folder = m_sessionFolder, lock = m_sessionLock] { removeSessionFolder(folder, *lock); });
}

QString RecoveryStore::idOf(const EditorDocument* document)
{
    QString& id = m_ids[document];
    if (id.isEmpty()) {
        id = QStringLiteral("file-%1").arg(m_nextId++);
    }
    return id;
}
