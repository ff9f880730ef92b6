#include "openapi/ScenarioOutputWriter.h"

#include "scenario/ScenarioWriter.h"
#include "store/AtomicFile.h"

#include <filesystem>
#include <system_error>

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>

namespace
{
bool failWith(QString* error, const QString& why)
{
    if (error) {
        *error = why;
    }
    return false;
}

QString safeFileStem(const OpenApiOperation& operation)
{
    static const QRegularExpression unsafe(QStringLiteral("[^A-Za-z0-9._-]+"));
    const QString name
        = operation.operationId.isEmpty() ? operation.method.toLower() + operation.path : operation.operationId;
    QString stem = QString(name).replace(unsafe, QStringLiteral("_"));
    while (stem.startsWith(QLatin1Char('_')) || stem.startsWith(QLatin1Char('.'))) {
        stem.remove(0, 1);
    }
    return stem.isEmpty() ? QStringLiteral("operation") : stem.left(120);
}
} // namespace

bool ScenarioOutputWriter::isFolderPath(const QString& path)
{
    return !path.endsWith(QLatin1String(".yaml"), Qt::CaseInsensitive)
        && !path.endsWith(QLatin1String(".yml"), Qt::CaseInsensitive);
}

bool ScenarioOutputWriter::write(const QString& path, const QList<GeneratedOperation>& operations, QString* error)
{
    if (isFolderPath(path)) {
        return writeFolder(path, operations, error);
    }
    QList<Scenario> scenarios;
    for (const GeneratedOperation& generated : operations) {
        scenarios << generated.scenarios;
    }
    return ScenarioWriter::saveFile(path, scenarios, error);
}

QStringList ScenarioOutputWriter::fileNames(const QList<GeneratedOperation>& operations)
{
    QStringList names;
    QSet<QString> taken;
    for (const GeneratedOperation& generated : operations) {
        const QString stem = safeFileStem(generated.operation);
        QString name = stem + QStringLiteral(".yaml");
        for (int suffix = 2; taken.contains(name.toLower()); ++suffix) {
            name = QStringLiteral("%1-%2.yaml").arg(stem).arg(suffix);
        }
        taken.insert(name.toLower());
        names << name;
    }
    return names;
}

bool ScenarioOutputWriter::writeFolder(const QString& folder, const QList<GeneratedOperation>& operations,
                                       QString* error)
{
    const QFileInfo folderInfo(folder);
    if (folderInfo.exists() && !folderInfo.isDir()) {
        return failWith(error, QStringLiteral("%1 is a file; name a folder, or a file ending in .yaml").arg(folder));
    }
    const QStringList names = fileNames(operations);
    const QDir destination(folder);
    for (const QString& name : names) {
        if (QFileInfo(destination.filePath(name)).isDir()) {
            return failWith(
                error,
                QStringLiteral("cannot write %1: a folder of that name is in the way").arg(destination.filePath(name)));
        }
    }
    const bool created = !folderInfo.exists();
    if (created && !QDir().mkpath(folder)) {
        return failWith(error, QStringLiteral("cannot create the folder %1").arg(folder));
    }
    // Staged in the destination itself, so that moving a file into place is a rename on one file system.
    QTemporaryDir staging(destination.filePath(QStringLiteral(".aftershock-generate-XXXXXX")));
    bool staged = staging.isValid();
    QString why = staged ? QString() : QStringLiteral("cannot write into %1: %2").arg(folder, staging.errorString());
    for (qsizetype index = 0; staged && index < operations.size(); ++index) {
        staged = writeFileAtomically(staging.filePath(names[index]),
                                     ScenarioWriter::toYaml(operations[index].scenarios), &why);
    }
    if (!staged) {
        staging.remove();
        if (created) {
            QDir().rmdir(folder);
        }
        return failWith(error, why);
    }
    for (const QString& name : names) {
        std::error_code status;
        std::filesystem::rename(staging.filePath(name).toStdString(), destination.filePath(name).toStdString(), status);
        if (status) {
            return failWith(error,
                            QStringLiteral("cannot move %1 into %2: %3")
                                .arg(name, folder, QString::fromStdString(status.message())));
        }
    }
    return true;
}
