#pragma once

#include <optional>

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

// Which files of a source folder the code index may read. Decided by name and size alone, before
// any file is opened, so a secrets file is never read, not even to look at it:
// - .gitignore files are honoured (the root's and nested ones; see GitIgnore), `.git` is skipped;
// - secrets files are skipped (`.env`, `.env.*`, `*.pem`, `*.key`, `id_rsa*`, `credentials*`,
//   `.netrc`, `.npmrc`, …; see isSecretFileName), whatever a `!` pattern says;
// - so are vendored and generated folders (`node_modules`, `vendor`, `third_party`, `dist`,
//   `build`, `target`, `__pycache__`, `.venv`, …), minified files, lock files and files over
//   MaxFileBytes;
// - symbolic links are not followed, neither to folders (no loops) nor to files (which may point
//   out of the folder);
// - the walk stops at MaxFiles files and does not go deeper than MaxDepth folders.
// Binary files can only be told by their content: decodeText() is the reader's check.
class SourceScanner
{
public:
    static constexpr int MaxFiles = 200'000;
    static constexpr int MaxDepth = 64;
    static constexpr qint64 MaxFileBytes = 1024 * 1024;
    static constexpr qsizetype BinaryProbeBytes = 8 * 1024;

    struct File
    {
        QString relativePath; // `/`-separated, from the scanned folder
        QString absolutePath;
    };

    struct Result
    {
        QList<File> files; // folder by folder, each in name order
        // Folders that could not be listed and bounds that were reached, as sentences naming the path.
        QStringList problems;
    };

    // Nothing when root is not a readable folder; error then says so, naming it.
    static std::optional<Result> scan(const QString& root, QString* error);

    static bool isSecretFileName(const QString& name);
    static bool isSkippedFolderName(const QString& name);
    // Minified, lock and other generated files, by name.
    static bool isGeneratedFileName(const QString& name);

    // The text of a file's bytes, or nothing for a binary: a NUL byte in the first
    // BinaryProbeBytes, or bytes that are not UTF-8. A UTF-8 byte order mark is dropped.
    static std::optional<QString> decodeText(const QByteArray& bytes);
};
