#include "runner/RequestTemplate.h"

#include "Version.h"

#include <algorithm>

#include <QStringList>
#include <QUrl>

namespace
{
bool isToken(const QString& text)
{
    static const QString separators = QStringLiteral("()<>@,;:\\\"/[]?={} \t");
    if (text.isEmpty()) {
        return false;
    }
    for (const QChar character : text) {
        if (character.unicode() <= 32 || character.unicode() >= 127 || separators.contains(character)) {
            return false;
        }
    }
    return true;
}

bool isSafeValue(const QString& text)
{
    return !text.contains(QLatin1Char('\r')) && !text.contains(QLatin1Char('\n')) && !text.contains(QChar(0));
}

bool hasHeader(const HttpHeaders& headers, QLatin1String name)
{
    return std::any_of(headers.begin(), headers.end(),
                       [name](const auto& header) { return header.first.compare(name, Qt::CaseInsensitive) == 0; });
}
} // namespace

std::optional<RequestTemplate> RequestTemplate::build(const Scenario& scenario, const Call& call, QString* error)
{
    RequestTemplate result;
    result.m_url = resolvedUrl(scenario, call);
    const QUrl url(result.m_url, QUrl::StrictMode);
    const bool https = url.scheme() == QLatin1String("https");
    if (!url.isValid() || (url.scheme() != QLatin1String("http") && !https) || url.host().isEmpty()) {
        *error = QStringLiteral("cannot call '%1': the runner sends http:// and https:// URLs only").arg(result.m_url);
        return std::nullopt;
    }
    if (!isToken(call.method)) {
        *error = QStringLiteral("'%1' is not an HTTP method").arg(call.method);
        return std::nullopt;
    }
    const HttpHeaders headers = mergedHeaders(scenario, call);
    for (const auto& [name, value] : headers) {
        if (!isToken(name) || !isSafeValue(value)) {
            *error = QStringLiteral("the header '%1' cannot be sent: its name or value holds forbidden characters")
                         .arg(name);
            return std::nullopt;
        }
    }
    result.m_expectsBody = call.method.compare(QLatin1String("HEAD"), Qt::CaseInsensitive) != 0;

    const QByteArray authority = url.authority(QUrl::FullyEncoded).toLatin1();
    QByteArray target = url.toEncoded(QUrl::RemoveFragment);
    if (https) {
        result.m_tlsPeerName = url.host();
        const QByteArray host = url.host(QUrl::FullyEncoded).toLatin1();
        result.m_tunnelAuthority
            = (host.contains(':') ? '[' + host + ']' : host) + ':' + QByteArray::number(url.port(443));
        target = url.toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority | QUrl::RemoveFragment);
        if (!target.startsWith('/')) {
            target.prepend('/');
        }
    }
    QByteArray head = call.method.toLatin1() + ' ' + target + " HTTP/1.1\r\n";
    if (!hasHeader(headers, QLatin1String("host"))) {
        head += "Host: " + authority + "\r\n";
    }
    if (!hasHeader(headers, QLatin1String("user-agent"))) {
        head += "User-Agent: aftershock/" AFTERSHOCK_VERSION "\r\n";
    }
    for (const auto& [name, value] : headers) {
        // The body's length is ours to say: a stale one from the file would break the connection.
        if (name.compare(QLatin1String("content-length"), Qt::CaseInsensitive) != 0) {
            head += name.toLatin1() + ": " + value.toUtf8() + "\r\n";
        }
    }
    const QByteArray body = call.body.value_or(QString()).toUtf8();
    static const QStringList methodsWithBody{QStringLiteral("POST"), QStringLiteral("PUT"), QStringLiteral("PATCH")};
    if (call.body || methodsWithBody.contains(call.method, Qt::CaseInsensitive)) {
        head += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    }
    result.m_head = head + "x-aftershock-call-id: ";
    result.m_tail = "\r\n\r\n" + body;
    return result;
}

QByteArray RequestTemplate::request(const QByteArray& callId) const
{
    QByteArray bytes;
    bytes.reserve(m_head.size() + callId.size() + m_tail.size());
    bytes.append(m_head).append(callId).append(m_tail);
    return bytes;
}

QByteArray RequestTemplate::head(const QByteArray& callId) const
{
    return m_head + callId + "\r\n\r\n";
}

QByteArray RequestTemplate::body() const
{
    return m_tail.mid(4); // after the blank line
}

QByteArray RequestTemplate::tunnelRequest(const QByteArray& callId) const
{
    if (m_tunnelAuthority.isEmpty()) {
        return {};
    }
    return "CONNECT " + m_tunnelAuthority + " HTTP/1.1\r\nHost: " + m_tunnelAuthority
        + "\r\nx-aftershock-call-id: " + callId + "\r\n\r\n";
}
