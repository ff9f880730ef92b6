#pragma once

#include <chrono>
#include <memory>
#include <vector>

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QTimer>

class EditorDocument;
class QLockFile;
class Workspace;

// A file's unsaved text as the recovery store kept it.
struct RecoveredFile
{
    QString originalPath; // empty for a file never saved
    QString displayName;
    QString text;
    QDateTime savedAt;
};

// Keeps a copy of every modified document in a folder of this session, at a fixed interval, so
// that a crash loses at most that much work. A session folder holds a lock while its program
// runs; one whose lock is gone or stale belongs to a run that crashed, and its files are offered
// back at the next start. A clean exit removes the session's folder.
class RecoveryStore final : public QObject
{
    Q_OBJECT

public:
    static constexpr std::chrono::seconds DefaultInterval{30};

    // folder and interval are injectable for tests.
    RecoveryStore(const QString& folder, std::chrono::milliseconds interval, QObject* parent = nullptr);
    ~RecoveryStore() override;

    // <AppDataLocation>/recovery
    static QString defaultFolder();

    // What crashed sessions left, oldest first.
    QList<RecoveredFile> orphanedFiles() const;
    // Forgets the crashed sessions (after their files were recovered or declined).
    void discardOrphans();

    void watch(Workspace* workspace);
    void saveNow();
    // On a clean exit: nothing is left to recover.
    void clearSession();

private:
    QString idOf(const EditorDocument* document);

    QString m_folder;
    QString m_sessionFolder;
    std::unique_ptr<QLockFile> m_sessionLock;
    // Crashed sessions' folders, with their locks taken so that another instance leaves them alone.
    QStringList m_orphanFolders;
    std::vector<std::unique_ptr<QLockFile>> m_orphanLocks;
    QTimer m_timer;
    Workspace* m_workspace = nullptr;
    QHash<const EditorDocument*, QString> m_ids;
    int m_nextId = 1;
};
