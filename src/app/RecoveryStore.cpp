#include "RecoveryStore.h"

#include "EditorDocument.h"
#include "Workspace.h"
#include "store/AtomicFile.h"

#include <QCoreApplication>
#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLockFile>
#include <QStandardPaths>

namespace
{
const QString LockFileName = QStringLiteral("session.lock");
const QString SessionPrefix = QStringLiteral("session-");
} // namespace

RecoveryStore::RecoveryStore(const QString& folder, std::chrono::milliseconds interval, QObject* parent)
    : QObject(parent)
    , m_folder(folder)
{
    QDir().mkpath(folder);
    const QDir root(folder);
    for (const QString& session : root.entryList({SessionPrefix + QLatin1Char('*')}, QDir::Dirs, QDir::Name)) {
        const QString sessionFolder = root.filePath(session);
        auto lock = std::make_unique<QLockFile>(QDir(sessionFolder).filePath(LockFileName));
        // Free (no lock file) or stale (its process is gone): that run crashed.
        if (!lock->tryLock(0)) {
            continue;
        }
        if (QDir(sessionFolder).entryList({QStringLiteral("*.json")}, QDir::Files).isEmpty()) {
            lock->unlock();
            QDir(sessionFolder).removeRecursively(); // nothing was unsaved
            continue;
        }
        m_orphanFolders << sessionFolder;
        m_orphanLocks.push_back(std::move(lock));
    }
    m_sessionFolder = root.filePath(QStringLiteral("%1%2-%3")
                                        .arg(SessionPrefix)
                                        .arg(QCoreApplication::applicationPid())
                                        .arg(QDateTime::currentMSecsSinceEpoch()));
    QDir().mkpath(m_sessionFolder);
    m_sessionLock = std::make_unique<QLockFile>(QDir(m_sessionFolder).filePath(LockFileName));
    m_sessionLock->tryLock(0);
    m_timer.setInterval(interval);
    connect(&m_timer, &QTimer::timeout, this, &RecoveryStore::saveNow);
}

RecoveryStore::~RecoveryStore() = default;

QString RecoveryStore::defaultFolder()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).filePath(QStringLiteral("recovery"));
}

QList<RecoveredFile> RecoveryStore::orphanedFiles() const
{
    QList<RecoveredFile> files;
    for (const QString& folder : m_orphanFolders) {
        const QDir session(folder);
        for (const QString& metadataName : session.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name)) {
            QFile metadataFile(session.filePath(metadataName));
            QFile textFile(session.filePath(QFileInfo(metadataName).completeBaseName() + QStringLiteral(".yaml")));
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

void RecoveryStore::discardOrphans()
{
    for (std::unique_ptr<QLockFile>& lock : m_orphanLocks) {
        lock->unlock();
    }
    m_orphanLocks.clear();
    for (const QString& folder : std::as_const(m_orphanFolders)) {
        QDir(folder).removeRecursively();
    }
    m_orphanFolders.clear();
}

void RecoveryStore::watch(Workspace* workspace)
{
    m_workspace = workspace;
    connect(workspace, &Workspace::documentClosing, this, [this](EditorDocument* document) {
        const QString id = m_ids.take(document);
        if (!id.isEmpty()) {
            const QDir session(m_sessionFolder);
            QFile::remove(session.filePath(id + QStringLiteral(".json")));
            QFile::remove(session.filePath(id + QStringLiteral(".yaml")));
        }
    });
    m_timer.start();
}

void RecoveryStore::saveNow()
{
    if (!m_workspace) {
        return;
    }
    const QDir session(m_sessionFolder);
    for (EditorDocument* document : m_workspace->documents()) {
        const QString id = idOf(document);
        const QString textPath = session.filePath(id + QStringLiteral(".yaml"));
        const QString metadataPath = session.filePath(id + QStringLiteral(".json"));
        if (!document->isModified()) {
            QFile::remove(metadataPath);
            QFile::remove(textPath);
            continue;
        }
        const QJsonObject metadata{{QStringLiteral("path"), document->path()},
                                   {QStringLiteral("name"), document->displayName()},
                                   {QStringLiteral("savedAt"), QDateTime::currentDateTimeUtc().toString(Qt::ISODate)}};
        // The text first: metadata without its text is skipped when recovering.
        if (writeFileAtomically(textPath, document->text().toUtf8())) {
            writeFileAtomically(metadataPath, QJsonDocument(metadata).toJson());
        }
    }
}

void RecoveryStore::clearSession()
{
    m_timer.stop();
    m_sessionLock->unlock();
    QDir(m_sessionFolder).removeRecursively();
}

QString RecoveryStore::idOf(const EditorDocument* document)
{
    QString& id = m_ids[document];
    if (id.isEmpty()) {
        id = QStringLiteral("file-%1").arg(m_nextId++);
    }
    return id;
}
