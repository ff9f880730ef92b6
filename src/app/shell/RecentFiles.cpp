#include "shell/RecentFiles.h"

#include <QDir>
#include <QFileInfo>
#include <QMenu>
#include <QSettings>

namespace
{
const QString SettingsKey = QStringLiteral("recentFiles");
}

RecentFiles::RecentFiles(QObject* parent)
    : QObject(parent)
{ }

QStringList RecentFiles::paths() const
{
    return QSettings().value(SettingsKey).toStringList();
}

void RecentFiles::add(const QString& path)
{
    const QString absolutePath = QFileInfo(path).absoluteFilePath();
    QStringList list = paths();
    list.removeAll(absolutePath);
    list.prepend(absolutePath);
    store(list.mid(0, MaximumCount));
}

void RecentFiles::remove(const QString& path)
{
    QStringList list = paths();
    list.removeAll(path);
    store(list);
}

void RecentFiles::clear()
{
    store({});
}

void RecentFiles::attachMenu(QMenu* menu)
{
    fillMenu(menu);
    connect(this, &RecentFiles::changed, menu, [this, menu] { fillMenu(menu); });
}

void RecentFiles::store(const QStringList& paths)
{
    QSettings().setValue(SettingsKey, paths);
    emit changed();
}

void RecentFiles::fillMenu(QMenu* menu)
{
    menu->clear();
    const QStringList list = paths();
    for (int index = 0; index < list.size(); ++index) {
        const QString& path = list.at(index);
        // &1 … &9 select the entry in the open menu; Ctrl+Alt+1 … 9 open it from anywhere.
        QAction* action = menu->addAction(QStringLiteral("&%1  %2").arg(index + 1).arg(QFileInfo(path).fileName()));
        action->setShortcut(QKeySequence(Qt::CTRL | Qt::ALT | static_cast<Qt::Key>(Qt::Key_1 + index)));
        action->setStatusTip(QDir::toNativeSeparators(path));
        action->setToolTip(QDir::toNativeSeparators(path));
        connect(action, &QAction::triggered, this, [this, path] { emit fileRequested(path); });
    }
    if (!list.isEmpty()) {
        menu->addSeparator();
    }
    QAction* clearAction = menu->addAction(tr("&Clear the list"), this, &RecentFiles::clear);
    clearAction->setEnabled(!list.isEmpty());
    menu->setEnabled(true);
}
