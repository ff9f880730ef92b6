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
