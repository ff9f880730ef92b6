#pragma once

#include <chrono>
#include <memory>
#include <vector>

#include <QDateTime>
#include <QFutureWatcher>
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
// back at the next start. A clean exit removes the session's folder. Files are read and written on
// worker threads; at start-up only folder listings and lock files are touched on the caller's.
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

    // How many files crashed sessions left, counted from their folders' listings.
    int orphanCount() const;
    // Reads what crashed sessions left; orphansRead() follows.
    void readOrphans();
    // Forgets the crashed sessions (after their files were recovered or declined).
    void discardOrphans();

    void watch(Workspace* workspace);
    // Copies the modified documents' texts as they are now. Rounds never overlap: one asked for
    // while another is under way follows it.
    void saveNow();
    // On a clean exit: nothing is left to recover.
    void clearSession();

signals:
    // Oldest first.
    void orphansRead(const QList<RecoveredFile>& files);
    // A round of copies is on disk.
    void copiesSaved();

private:
    QString idOf(const EditorDocument* document);
    void finishRound();

    QString m_folder;
    QString m_sessionFolder;
    // Shared with the worker that removes the folder at a clean exit: the lock goes last.
    std::shared_ptr<QLockFile> m_sessionLock;
    // Crashed sessions' folders, with their locks taken so that another instance leaves them alone.
    QStringList m_orphanFolders;
    std::vector<std::shared_ptr<QLockFile>> m_orphanLocks;
    int m_orphanCount = 0;
    QFutureWatcher<QList<RecoveredFile>> m_orphanReader;
    QFutureWatcher<void> m_round;
    bool m_roundUnderWay = false;
    bool m_roundAskedFor = false;
    QTimer m_timer;
    Workspace* m_workspace = nullptr;
    QHash<const EditorDocument*, QString> m_ids;
    int m_nextId = 1;
};
