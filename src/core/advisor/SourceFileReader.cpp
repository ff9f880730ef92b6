#include "advisor/SourceFileReader.h"

#include "advisor/CredentialMasker.h"
#include "advisor/SourceChunker.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QSet>

namespace
{
// Configuration files write secrets without quotes (`password: hunter2`); code does not.
bool isConfiguration(const QString& language)
{
    static const QSet<QString> languages{
        QStringLiteral("yaml"),  QStringLiteral("toml"),       QStringLiteral("ini"), QStringLiteral("properties"),
        QStringLiteral("shell"), QStringLiteral("dockerfile"), QStringLiteral("hcl"), QStringLiteral("text"),
    };
    return languages.contains(language);
}
} // namespace

std::optional<SourceFileReader::Content> SourceFileReader::read(const SourceScanner::File& file, QStringList* problems)
{
    QFile source(file.absolutePath);
    if (!source.open(QIODevice::ReadOnly)) {
        problems->append(QStringLiteral("cannot read %1: %2")
                             .arg(QDir::toNativeSeparators(file.absolutePath), source.errorString()));
        return std::nullopt;
    }
    const QByteArray bytes = source.read(SourceScanner::MaxFileBytes);
    std::optional<QString> text = SourceScanner::decodeText(bytes);
    if (!text) {
        return std::nullopt;
    }
    return Content{QCryptographicHash::hash(bytes, QCryptographicHash::Sha1), std::move(*text)};
}

QList<CodeChunk> SourceFileReader::maskedChunks(const QString& relativePath, const QString& text)
{
    const QString language = SourceChunker::languageOf(relativePath);
    return SourceChunker::chunk(relativePath, CredentialMasker::mask(text, isConfiguration(language)));
}
