#include "ProviderKey.h"

#include "advisor/ApiKeyStore.h"

#include <QEventLoop>
#include <QTimer>

namespace
{
constexpr int KeychainTimeoutMs = 15000;
} // namespace

std::optional<QString> providerKey(LlmProvider provider, QString* error)
{
    const QString variable = LlmProviders::environmentVariable(provider);
    if (!variable.isEmpty() && !qEnvironmentVariableIsEmpty(qPrintable(variable))) {
        return qEnvironmentVariable(qPrintable(variable));
    }
    ApiKeyStore store;
    QEventLoop loop;
    std::optional<QString> key;
    QObject::connect(&store, &ApiKeyStore::keyRead, &loop, [&](const QString&, const QString& read) {
        key = read;
        loop.quit();
    });
    QObject::connect(&store, &ApiKeyStore::failed, &loop, [&](const QString&, const QString& message) {
        *error = message;
        loop.quit();
    });
    QTimer::singleShot(KeychainTimeoutMs, &loop, [&] {
        *error = QStringLiteral("the system keychain did not answer within %1 s").arg(KeychainTimeoutMs / 1000);
        loop.quit();
    });
    store.readKey(LlmProviders::name(provider));
    if (!key && error->isEmpty()) {
        loop.exec();
    }
    return key;
}
