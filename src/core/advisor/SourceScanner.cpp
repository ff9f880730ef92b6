#include "advisor/SourceScanner.h"

#include "advisor/GitIgnore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStringDecoder>

namespace
{
// Lowercased; `*` stands for any text.
constexpr const char* SecretFileNames[] = {
    ".env",        ".env.*",          "*.env",       ".envrc",       "*.pem",
    "*.key",       "*.p12",           "*.pfx",       "*.crt",        "*.cer",
    "*.der",       "*.csr",           "*.jks",       "*.keystore",   "*.p8",
    "*.ppk",       "*.gpg",           "*.pgp",       "*.asc",        "*.kdbx",
    "*.ovpn",      "*.tfvars",        "*.tfstate",   "*.tfstate.*",  "id_rsa*",
    "id_dsa*",     "id_ecdsa*",       "id_ed25519*", "credentials*", "*credentials.json",
    ".netrc",      "_netrc",          ".npmrc",      ".yarnrc",      ".yarnrc.yml",
    ".pypirc",     ".pgpass",         ".my.cnf",     ".htpasswd",    ".git-credentials",
    ".dockercfg",  "secrets.*",       "*.secret",    "*.secrets",    "service-account*.json",
    "known_hosts", "authorized_keys",
};

constexpr const char* SkippedFolderNames[] = {
    ".git",          ".hg",           ".svn",        "node_modules",  "bower_components",
    "jspm_packages", "vendor",        "third_party", "third-party",   "dist",
    "build",         "target",        "__pycache__", ".venv",         "venv",
    ".tox",          ".nox",          ".mypy_cache", ".pytest_cache", ".ruff_cache",
    ".gradle",       ".next",         ".nuxt",       ".svelte-kit",   ".terraform",
    ".idea",         ".vscode",       ".cache",      "coverage",      ".eggs",
    "*.egg-info",    "cmake-build-*",
};

constexpr const char* GeneratedFileNames[] = {
    "*.min.js",
    "*.min.mjs",
    "*.min.css",
    "*.map",
    "*-min.js",
    "*.bundle.js",
    "*.lock",
    "package-lock.json",
    "npm-shrinkwrap.json",
    "pnpm-lock.yaml",
    "go.sum",
    "*.pb.go",
    "*_pb2.py",
    "*.pb.h",
    "*.pb.cc",
    "*.pyc",
    "*.pyo",
    "*.class",
    "*.o",
    "*.so",
    "*.a",
    "*.dll",
    "*.exe",
};

template<std::size_t Size>
bool matchesAny(const char* const (&globs)[Size], const QString& name)
{
    const QString lowered = name.toLower();
    for (const char* glob : globs) {
        if (GitIgnore::matchesGlob(QString::fromLatin1(glob), lowered)) {
            return true;
        }
    }
    return false;
}

struct Folder
{
    QString absolutePath;
    QString relativePath;
    int depth = 0;
    qsizetype ignoreCount = 0; // how many of the .gitignore files found so far apply inside it
};

// The deepest .gitignore that has an opinion decides.
bool isIgnored(const QList<GitIgnore>& ignores, const QString& path, bool isDirectory)
{
    for (qsizetype index = ignores.size() - 1; index >= 0; --index) {
        const GitIgnore::Verdict verdict = ignores.at(index).match(path, isDirectory);
        if (verdict != GitIgnore::Verdict::Unmatched) {
            return verdict == GitIgnore::Verdict::Ignored;
        }
    }
    return false;
}
} // namespace

bool SourceScanner::isSecretFileName(const QString& name)
{
    return matchesAny(SecretFileNames, name);
}

bool SourceScanner::isSkippedFolderName(const QString& name)
{
    return matchesAny(SkippedFolderNames, name);
}

bool SourceScanner::isGeneratedFileName(const QString& name)
{
    return matchesAny(GeneratedFileNames, name);
}

std::optional<QString> SourceScanner::decodeText(const QByteArray& bytes)
{
    if (QByteArrayView(bytes).first(std::min(bytes.size(), BinaryProbeBytes)).contains('\0')) {
        return std::nullopt;
    }
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    QString text = decoder.decode(bytes);
    if (decoder.hasError()) {
        return std::nullopt;
    }
    if (text.startsWith(QChar(0xfeff))) {
        text.remove(0, 1);
    }
    return text;
}

std::optional<SourceScanner::Result> SourceScanner::scan(const QString& root, QString* error)
{
    const QFileInfo rootInfo(root);
    if (!rootInfo.exists()) {
        *error = QStringLiteral("the source folder %1 does not exist").arg(QDir::toNativeSeparators(root));
        return std::nullopt;
    }
    if (!rootInfo.isDir()) {
        *error = QStringLiteral("%1 is not a folder").arg(QDir::toNativeSeparators(root));
        return std::nullopt;
    }
    if (!rootInfo.isReadable() || !rootInfo.isExecutable()) {
        *error = QStringLiteral("the source folder %1 cannot be read").arg(QDir::toNativeSeparators(root));
        return std::nullopt;
    }
    Result result;
    QList<GitIgnore> ignores;
    // Depth first, so that the .gitignore files of a folder's ancestors are the first of the list.
    QList<Folder> pending{Folder{rootInfo.absoluteFilePath(), QString(), 0, 0}};
    while (!pending.isEmpty()) {
        const Folder folder = pending.takeLast();
        ignores.remove(folder.ignoreCount, ignores.size() - folder.ignoreCount);
        const QDir directory(folder.absolutePath);
        const QFileInfo ignoreFile(directory.filePath(QStringLiteral(".gitignore")));
        if (ignoreFile.isFile() && !ignoreFile.isSymLink()) {
            QFile file(ignoreFile.absoluteFilePath());
            if (file.open(QIODevice::ReadOnly)) {
                ignores.append(GitIgnore(folder.relativePath, QString::fromUtf8(file.read(MaxFileBytes))));
            } else {
                result.problems.append(QStringLiteral("cannot read %1: %2")
                                           .arg(QDir::toNativeSeparators(file.fileName()), file.errorString()));
            }
        }
        if (!QFileInfo(folder.absolutePath).isExecutable()) {
            result.problems.append(
                QStringLiteral("cannot read the folder %1").arg(QDir::toNativeSeparators(folder.absolutePath)));
            continue;
        }
        const QFileInfoList entries = directory.entryInfoList(
            QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System, QDir::Name);
        QList<Folder> subfolders;
        for (const QFileInfo& entry : entries) {
            if (entry.isSymLink()) {
                continue;
            }
            const QString name = entry.fileName();
            const QString path = folder.relativePath.isEmpty() ? name : folder.relativePath + u'/' + name;
            if (entry.isDir()) {
                if (isSkippedFolderName(name) || isIgnored(ignores, path, true)) {
                    continue;
                }
                if (folder.depth + 1 > MaxDepth) {
                    result.problems.append(QStringLiteral("%1 is more than %2 folders deep and was left out")
                                               .arg(QDir::toNativeSeparators(entry.absoluteFilePath()))
                                               .arg(MaxDepth));
                    continue;
                }
                subfolders.append(Folder{entry.absoluteFilePath(), path, folder.depth + 1, ignores.size()});
                continue;
            }
            if (!entry.isFile() || isSecretFileName(name) || isGeneratedFileName(name) || entry.size() > MaxFileBytes
                || isIgnored(ignores, path, false)) {
                continue;
            }
            if (result.files.size() == MaxFiles) {
                result.problems.append(
                    QStringLiteral("the source folder %1 has more than %2 files; the rest were left out")
                        .arg(QDir::toNativeSeparators(root))
                        .arg(MaxFiles));
                return result;
            }
            result.files.append(File{path, entry.absoluteFilePath()});
        }
        // Reversed, so that taking from the end visits them in name order.
        for (auto subfolder = subfolders.crbegin(); subfolder != subfolders.crend(); ++subfolder) {
            pending.append(*subfolder);
        }
    }
    return result;
}
