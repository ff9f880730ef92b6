#include "ProviderKey.h"

std::optional<QString> providerKey(LlmProvider provider, QString* error)
{
    if (const std::optional<QString> key = LlmProviders::keyFromEnvironment(provider)) {
        return key;
    }
    ApiKeyStore store;
    QString key;
    QObject::connect(&store, &ApiKeyStore::keyRead, &store,
                     [&key](const QString&, const QString& read) { key = read; });
    *error = waitForKeychain(
        store, [&] { store.readKey(LlmProviders::name(provider)); }, &ApiKeyStore::keyRead);
    if (!error->isEmpty()) {
        return std::nullopt;
    }
    return key;
}
