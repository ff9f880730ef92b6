#pragma once

#include <QString>

// The preferences the Settings dialog edits, in QSettings. API keys are not here: they live in
// the system keychain only (ApiKeyStore).
class AppSettings
{
public:
    static QString advisorProvider();
    static void setAdvisorProvider(const QString& provider);
    // Whom the advice is for, as the user wrote it: "developer" until one is chosen.
    static QString advisorRole();
    static void setAdvisorRole(const QString& role);
    // Empty when the user has not chosen: the provider's default applies.
    static QString model(const QString& provider);
    static void setModel(const QString& provider, const QString& model);
    static QString baseUrl(const QString& provider);
    static void setBaseUrl(const QString& provider, const QString& baseUrl);

    static int proxyPort();
    static void setProxyPort(int port);
    static int connectTimeoutMs();
    static void setConnectTimeoutMs(int milliseconds);
    static int responseTimeoutMs();
    static void setResponseTimeoutMs(int milliseconds);
};
