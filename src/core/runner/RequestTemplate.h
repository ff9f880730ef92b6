#pragma once

#include "scenario/Scenario.h"

#include <optional>

#include <QByteArray>
#include <QString>

// The bytes of an item's HTTP/1.1 request in absolute form, as a forward proxy takes them, built
// once so that each call only splices in its `x-aftershock-call-id`.
class RequestTemplate
{
public:
    // Headers: the scenario's `config.http.headers`, then the call's (which win on a clash), then
    // ours. Nothing when the call cannot be sent (the reason goes to error): a URL that is not
    // absolute http, a method that is not a token, or a header that would split the request.
    static std::optional<RequestTemplate> build(const Scenario& scenario, const Call& call, QString* error);

    QByteArray request(const QByteArray& callId) const;
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
    bool m_expectsBody = true;
};
