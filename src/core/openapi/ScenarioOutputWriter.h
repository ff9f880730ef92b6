#pragma once

#include "openapi/ScenarioGenerator.h"

#include <QList>
#include <QString>
#include <QStringList>

// Saves generated scenarios where the user asked: into one file, or into a folder with a file
// for each operation. Either every file is written or nothing at the destination changes.
class ScenarioOutputWriter
{
public:
    // A path ending in .yaml or .yml is a file; anything else a folder.
    static bool isFolderPath(const QString& path);
    static bool write(const QString& path, const QList<GeneratedOperation>& operations, QString* error);
    // Files are written to a hidden staging folder inside folder first, then moved into place.
    static bool writeFolder(const QString& folder, const QList<GeneratedOperation>& operations, QString* error);
    // The file name of each operation in a folder: its operation id, or its method and path,
    // made safe for file systems and unique.
    static QStringList fileNames(const QList<GeneratedOperation>& operations);
};
