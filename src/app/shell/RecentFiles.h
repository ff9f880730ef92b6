#pragma once

#include <QObject>
#include <QStringList>

class QMenu;

// The files opened last, newest first, kept in QSettings.
class RecentFiles final : public QObject
{
    Q_OBJECT

public:
    static constexpr int MaximumCount = 9;

    explicit RecentFiles(QObject* parent = nullptr);

    QStringList paths() const;
    void add(const QString& path);
    void remove(const QString& path);
    void clear();
    // Keeps menu's entries in step with the list; each entry asks for its file.
    void attachMenu(QMenu* menu);

signals:
    void changed();
    void fileRequested(const QString& path);

private:
    void store(const QStringList& paths);
    void fillMenu(QMenu* menu);
};
