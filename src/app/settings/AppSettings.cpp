#include "settings/AppSettings.h"

#include "advisor/Advisor.h"
#include "proxy/ProxyEngine.h"

#include <QSettings>

namespace
{
QString providerKey(const QString& provider, const char* name)
{
    return QStringLiteral("providers/%1/%2").arg(provider, QLatin1String(name));
}
} // namespace

QString AppSettings::advisorProvider()
{
    return QSettings().value(QStringLiteral("advisor/provider"), QStringLiteral("openai")).toString();
}

void AppSettings::setAdvisorProvider(const QString& provider)
{
    QSettings().setValue(QStringLiteral("advisor/provider"), provider);
}

QString AppSettings::advisorRole()
{
    return QSettings().value(QStringLiteral("advisor/role"), AdvisorRequest{}.role).toString();
}

void AppSettings::setAdvisorRole(const QString& role)
{
    QSettings().setValue(QStringLiteral("advisor/role"), role);
}

QString AppSettings::model(const QString& provider)
{
    return QSettings().value(providerKey(provider, "model")).toString();
}

void AppSettings::setModel(const QString& provider, const QString& model)
{
    QSettings().setValue(providerKey(provider, "model"), model);
}

QString AppSettings::baseUrl(const QString& provider)
{
    return QSettings().value(providerKey(provider, "baseUrl")).toString();
}

void AppSettings::setBaseUrl(const QString& provider, const QString& baseUrl)
{
    QSettings().setValue(providerKey(provider, "baseUrl"), baseUrl);
}

int AppSettings::proxyPort()
{
    return QSettings().value(QStringLiteral("proxy/port"), ProxyConfig{}.listenPort).toInt();
}

void AppSettings::setProxyPort(int port)
{
    QSettings().setValue(QStringLiteral("proxy/port"), port);
}

int AppSettings::connectTimeoutMs()
{
    return QSettings().value(QStringLiteral("proxy/connectTimeoutMs"), ProxyConfig{}.connectTimeoutMs).toInt();
}

void AppSettings::setConnectTimeoutMs(int milliseconds)
{
    QSettings().setValue(QStringLiteral("proxy/connectTimeoutMs"), milliseconds);
}

int AppSettings::responseTimeoutMs()
{
    return QSettings().value(QStringLiteral("proxy/responseTimeoutMs"), ProxyConfig{}.responseTimeoutMs).toInt();
}

void AppSettings::setResponseTimeoutMs(int milliseconds)
{
    QSettings().setValue(QStringLiteral("proxy/responseTimeoutMs"), milliseconds);
}
