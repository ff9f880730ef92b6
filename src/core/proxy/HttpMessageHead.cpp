#include "proxy/HttpMessageHead.h"

#include <algorithm>

#include <QHash>

namespace
{
void appendHeaders(QByteArray& out, const QList<QPair<QByteArray, QByteArray>>& headers)
{
    for (const auto& [name, value] : headers) {
        out += name;
        out += ": ";
        out += value;
        out += "\r\n";
    }
    out += "\r\n";
}
} // namespace

QByteArray HttpMessageHead::header(const QByteArray& name) const
{
    for (const auto& [key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0) {
            return value;
        }
    }
    return {};
}

bool HttpMessageHead::hasHeader(const QByteArray& name) const
{
    return std::any_of(headers.begin(), headers.end(),
                       [&](const auto& header) { return header.first.compare(name, Qt::CaseInsensitive) == 0; });
}

void HttpMessageHead::removeHeader(const QByteArray& name)
{
    headers.removeIf([&](const auto& header) { return header.first.compare(name, Qt::CaseInsensitive) == 0; });
}

void HttpMessageHead::setHeader(const QByteArray& name, const QByteArray& value)
{
    const auto matches = [&](const auto& header) {
        return header.first.compare(name, Qt::CaseInsensitive) == 0;
    };
    // Read first, and write only what changes: the list is shared with the parsed head, and a
    // client's Host is mostly already the one the proxy sets.
    qsizetype first = -1;
    bool duplicated = false;
    for (qsizetype index = 0; index < headers.size() && !duplicated; ++index) {
        if (matches(headers.at(index))) {
            duplicated = first >= 0;
            first = first >= 0 ? first : index;
        }
    }
    if (first < 0) {
        headers.append({name, value});
        return;
    }
    if (headers.at(first).second != value) {
        headers[first].second = value;
    }
    if (duplicated) {
        headers.erase(std::remove_if(headers.begin() + first + 1, headers.end(), matches), headers.end());
    }
}

void HttpMessageHead::removeHopByHopHeaders()
{
    // One pass over the head, as this runs for every request and response.
    QByteArrayList named;
    for (const auto& [name, value] : headers) {
        if (name.compare("Connection", Qt::CaseInsensitive) == 0) {
            for (const QByteArray& listed : value.split(',')) {
                named.append(listed.trimmed());
            }
        }
    }
    headers.removeIf([&](const auto& header) {
        const QByteArray& name = header.first;
        return isHopByHopHeader(name) || std::any_of(named.begin(), named.end(), [&](const QByteArray& listed) {
                   return name.compare(listed, Qt::CaseInsensitive) == 0;
               });
    });
}

bool HttpMessageHead::isHopByHopHeader(const QByteArray& name)
{
    // RFC 9110 §7.6.1, with Upgrade (the proxy relays no protocol switch) and every Proxy-*
    // field (Proxy-Authorization, Proxy-Authenticate, Proxy-Connection: they address this hop).
    // By length first: most fields of a request are none of these, and this runs on each of them.
    const auto is = [&](const char* hopByHop) {
        return name.compare(hopByHop, Qt::CaseInsensitive) == 0;
    };
    switch (name.size()) {
    case 2:
        return is("TE");
    case 7:
        return is("Trailer") || is("Upgrade");
    case 10:
        return is("Connection") || is("Keep-Alive");
    default:
        return name.size() > 6 && qstrnicmp(name.constData(), "proxy-", 6) == 0;
    }
}

QByteArray HttpMessageHead::serializeRequest() const
{
    QByteArray out;
    out.reserve(256);
    out += method;
    out += ' ';
    out += target;
    out += " HTTP/1.1\r\n";
    appendHeaders(out, headers);
    return out;
}

QByteArray HttpMessageHead::serializeResponse() const
{
    QByteArray out;
    out.reserve(256);
    out += "HTTP/1.1 ";
    out += QByteArray::number(statusCode);
    out += ' ';
    out += reason.isEmpty() ? reasonPhrase(statusCode) : reason;
    out += "\r\n";
    appendHeaders(out, headers);
    return out;
}

QByteArray proxyErrorResponse(int statusCode, const QByteArray& body)
{
    HttpMessageHead head;
    head.statusCode = statusCode;
    head.headers = {{"Content-Type", "text/plain; charset=utf-8"},
                    {"Content-Length", QByteArray::number(body.size() + 1)},
                    {"Connection", "close"}};
    return head.serializeResponse() + body + '\n';
}

QByteArray reasonPhrase(int statusCode)
{
    static const QHash<int, QByteArray> phrases{
        {100, "Continue"},
        {200, "OK"},
        {201, "Created"},
        {202, "Accepted"},
        {204, "No Content"},
        {301, "Moved Permanently"},
        {302, "Found"},
        {304, "Not Modified"},
        {400, "Bad Request"},
        {401, "Unauthorized"},
        {403, "Forbidden"},
        {404, "Not Found"},
        {405, "Method Not Allowed"},
        {408, "Request Timeout"},
        {409, "Conflict"},
        {413, "Content Too Large"},
        {418, "I'm a teapot"},
        {422, "Unprocessable Content"},
        {429, "Too Many Requests"},
        {431, "Request Header Fields Too Large"},
        {500, "Internal Server Error"},
        {501, "Not Implemented"},
        {502, "Bad Gateway"},
        {503, "Service Unavailable"},
        {504, "Gateway Timeout"},
    };
    return phrases.value(statusCode, "Unknown");
}
