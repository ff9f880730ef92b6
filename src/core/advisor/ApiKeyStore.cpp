#include "advisor/ApiKeyStore.h"

#include <qt6keychain/keychain.h>

namespace
{
QString failureMessage(const QString& action, const QString& provider, const QKeychain::Job& job)
{
    return QObject::tr("Could not %1 the %2 API key in the system keychain: %3")
        .arg(action, provider, job.errorString());
}

// Jobs have no parent and delete themselves when finished, so a store destroyed while the
// keychain is still answering leaves no job behind; the connection's context (the store) drops
// the answer.
template<typename JobType>
JobType* makeJob(const QString& serviceName, const QString& provider)
{
    auto* job = new JobType(serviceName);
    job->setAutoDelete(true);
    // A keychain that is missing must fail, not fall back to a plain-text file.
    job->setInsecureFallback(false);
    job->setKey(provider);
    return job;
}
} // namespace

ApiKeyStore::ApiKeyStore(QString serviceName, QObject* parent)
    : QObject(parent)
    , m_serviceName(std::move(serviceName))
{ }

QString ApiKeyStore::defaultServiceName()
{
    return QStringLiteral("Aftershock");
}

QString ApiKeyStore::serviceName() const
{
    return m_serviceName;
}

void ApiKeyStore::readKey(const QString& provider)
{
    auto* job = makeJob<QKeychain::ReadPasswordJob>(m_serviceName, provider);
    connect(job, &QKeychain::Job::finished, this, [this, job, provider] {
        if (job->error() == QKeychain::NoError || job->error() == QKeychain::EntryNotFound) {
            emit keyRead(provider, job->error() == QKeychain::NoError ? job->textData() : QString());
        } else {
            emit failed(provider, failureMessage(tr("read"), provider, *job));
        }
    });
    job->start();
}

void ApiKeyStore::writeKey(const QString& provider, const QString& key)
{
    auto* job = makeJob<QKeychain::WritePasswordJob>(m_serviceName, provider);
    job->setTextData(key);
    connect(job, &QKeychain::Job::finished, this, [this, job, provider] {
        if (job->error() == QKeychain::NoError) {
            emit keyWritten(provider);
        } else {
            emit failed(provider, failureMessage(tr("store"), provider, *job));
        }
    });
    job->start();
}

void ApiKeyStore::deleteKey(const QString& provider)
{
    auto* job = makeJob<QKeychain::DeletePasswordJob>(m_serviceName, provider);
    connect(job, &QKeychain::Job::finished, this, [this, job, provider] {
        if (job->error() == QKeychain::NoError || job->error() == QKeychain::EntryNotFound) {
            emit keyDeleted(provider);
        } else {
            emit failed(provider, failureMessage(tr("delete"), provider, *job));
        }
    });
    job->start();
}
