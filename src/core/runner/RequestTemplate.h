#pragma once

#include "scenario/Scenario.h"

#include <optional>

#include <QByteArray>
#include <QString>

// The bytes of an item's HTTP/1.1 request, built once so that each call only splices in its
// `x-aftershock-call-id`: in absolute form for http, as a forward proxy takes them, and in origin
// form for https, sent inside a CONNECT tunnel the proxy does not read.
class RequestTemplate
{
public:
    // Headers: the scenario's `config.http.headers`, then the call's (which win on a clash), then
    // ours. Nothing when the call cannot be sent (the reason goes to error): a URL that is not
    // absolute http or https, a method that is not a token, or a header that would split the request.
    static std::optional<RequestTemplate> build(const Scenario& scenario, const Call& call, QString* error);

    QByteArray request(const QByteArray& callId) const;
    // The request's start line and headers, ending with the blank line, and its body.
    QByteArray head(const QByteArray& callId) const;
    QByteArray body() const;
    // https: the CONNECT head that opens the tunnel, with the call's id so that the proxy's event
    // for the tunnel is the call's. Empty for http.
    QByteArray tunnelRequest(const QByteArray& callId) const;
    bool usesTls() const
    {
        return !m_tlsPeerName.isEmpty();
    }
    // The host the server's certificate must name.
    const QString& tlsPeerName() const
    {
        return m_tlsPeerName;
    }
    // The resolved URL, with `{segments}` replaced.
    const QString& url() const
    {
        return m_url;
    }
    // HEAD responses carry no body even when they announce one.
    bool expectsBody() const
    {
        return m_expectsBody;
    }

private:
    QString m_url;
    QByteArray m_head; // request line and headers, up to the call id's value
    QByteArray m_tail; // the rest of the headers and the body
    QByteArray m_tunnelAuthority; // host:port of an https URL
    QString m_tlsPeerName;
    bool m_expectsBody = true;
};
