#pragma once

#include "advisor/ApiKeyStore.h"
#include "advisor/LlmClient.h"

#include <functional>
#include <optional>

#include <QEventLoop>
#include <QString>
#include <QTimer>

// How long the CLI waits for the system keychain before it says so.
constexpr int KeychainTimeoutMs = 15000;

// Runs one keychain operation on store and waits for doneSignal or a failure; the failure's
// message, empty when it was done.
template<typename DoneSignal>
QString waitForKeychain(ApiKeyStore& store, const std::function<void()>& operation, DoneSignal doneSignal)
{
    QEventLoop loop;
    QString error;
    bool done = false;
    QObject::connect(&store, doneSignal, &loop, [&] {
        done = true;
        loop.quit();
    });
    QObject::connect(&store, &ApiKeyStore::failed, &loop, [&](const QString&, const QString& message) {
        error = message;
        loop.quit();
    });
    QTimer::singleShot(KeychainTimeoutMs, &loop, [&] {
        error = QStringLiteral("the system keychain did not answer within %1 s").arg(KeychainTimeoutMs / 1000);
        loop.quit();
    });
    operation();
    if (!done && error.isEmpty()) {
        loop.exec();
    }
    return error;
}

// A provider's API key as the CLI finds it: its environment variable when set (read, never
// saved), else the system keychain. nullopt, with the reason in error, when the keychain fails.
std::optional<QString> providerKey(LlmProvider provider, QString* error);
