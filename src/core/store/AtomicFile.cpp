#include "store/AtomicFile.h"

#include <QDir>
#include <QFileInfo>
#include <QSaveFile>

bool writeFileAtomically(const QString& path, const QByteArray& contents, QString* error)
{
    return writeFileAtomically(
        path, [&contents](QIODevice& device) { return device.write(contents) == contents.size(); }, error);
}

bool writeFileAtomically(const QString& path, const std::function<bool(QIODevice& device)>& write, QString* error)
{
    const auto fail = [&path, error](const QString& why) {
        if (error) {
            *error = QStringLiteral("cannot write %1: %2").arg(QDir::toNativeSeparators(path), why);
        }
        return false;
    };
    const QFileInfo info(path);
    if (!info.absoluteDir().exists() && !QDir().mkpath(info.absolutePath())) {
        return fail(QStringLiteral("cannot create the folder %1").arg(info.absolutePath()));
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        return fail(file.errorString());
    }
    // The flush is ours to check: QSaveFile::commit() (Qt 6.4) flushes its buffer without looking at
    // the result, and on a full disk renamed an empty file over the old one.
    if (!write(file) || !file.flush()) {
        const QString why = file.errorString();
        file.cancelWriting();
        return fail(why);
    }
    if (!file.commit()) {
        return fail(file.errorString());
    }
    return true;
}
