#include "advisor/AdvisorConsent.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>

namespace
{
// One file for the GUI and the CLI, whose application names (and so their QSettings) differ.
std::unique_ptr<QSettings> settingsAt(const QString& file)
{
    const QString path = file.isEmpty() ? QDir(QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation))
                                              .filePath(QStringLiteral("Aftershock/advisor-consent.ini"))
                                        : file;
    return std::make_unique<QSettings>(path, QSettings::IniFormat);
}

// Where a URL's requests go: http://localhost and http://localhost:80 alike.
QString consentOrigin(const QUrl& url)
{
    const QString scheme = url.scheme().toLower();
    const int defaultPort = scheme == QLatin1String("https") ? 443 : scheme == QLatin1String("http") ? 80 : -1;
    return QStringLiteral("%1://%2:%3").arg(scheme, url.host().toLower()).arg(url.port(defaultPort));
}
} // namespace

AdvisorConsent::AdvisorConsent(QString settingsFile)
    : m_settingsFile(std::move(settingsFile))
{ }

QString AdvisorConsent::key(const QString& provider, const QString& sourceFolder) const
{
    // A folder's path, hashed: QSettings keys cannot hold every character a path may.
    const QString folder = sourceFolder.isEmpty() ? QString() : QFileInfo(sourceFolder).absoluteFilePath();
    const QByteArray hash = QCryptographicHash::hash(folder.toUtf8(), QCryptographicHash::Sha1).toHex();
    return QStringLiteral("advisorConsent/%1/%2").arg(provider, QString::fromLatin1(hash));
}

bool AdvisorConsent::isGiven(const QString& provider, const QString& sourceFolder) const
{
    return settingsAt(m_settingsFile)->contains(key(provider, sourceFolder));
}

void AdvisorConsent::give(const QString& provider, const QString& sourceFolder)
{
    auto settings = settingsAt(m_settingsFile);
    settings->setValue(key(provider, sourceFolder),
                       QStringLiteral("%1 on %2")
                           .arg(sourceFolder.isEmpty()
                                    ? QStringLiteral("(no code)")
                                    : QDir::toNativeSeparators(QFileInfo(sourceFolder).absoluteFilePath()),
                                QDateTime::currentDateTimeUtc().toString(Qt::ISODate)));
    settings->sync();
}

QString AdvisorConsent::question(const QString& providerName, const QString& baseUrl, const QString& sourceFolder)
{
    QString what = QStringLiteral("a digest of the run's results and its offline analysis");
    if (!sourceFolder.isEmpty()) {
        what += QStringLiteral(", and snippets of the code in %1 (secrets files are never read, and strings that look "
                               "like credentials are masked)")
                    .arg(QDir::toNativeSeparators(sourceFolder));
    }
    return QStringLiteral("The advisor sends %1 to %2 at %3.").arg(what, providerName, baseUrl);
}

QString AdvisorConsent::embeddingScope(const QString& provider, const QUrl& embeddingUrl, const QUrl& qdrantUrl)
{
    // Hashed: QSettings keys cannot hold every character a URL may.
    const QString origins = consentOrigin(embeddingUrl) + u' ' + consentOrigin(qdrantUrl);
    const QByteArray hash = QCryptographicHash::hash(origins.toUtf8(), QCryptographicHash::Sha1).toHex();
    return QStringLiteral("embeddings-%1-%2").arg(provider, QString::fromLatin1(hash));
}

QString AdvisorConsent::embeddingQuestion(const QString& providerName, const QString& baseUrl, const QString& qdrantUrl,
                                          const QString& sourceFolder)
{
    return QStringLiteral("The Qdrant index sends every code chunk of %1 (secrets files are never read, and strings "
                          "that look like credentials are masked) to %2 at %3 to be embedded, and keeps the chunks "
                          "with their embeddings in Qdrant at %4.")
        .arg(QDir::toNativeSeparators(sourceFolder), providerName, baseUrl, qdrantUrl);
}
