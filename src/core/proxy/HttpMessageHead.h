#pragma once

#include <optional>

#include <QByteArray>
#include <QList>
#include <QPair>

// The start line and headers of one HTTP/1.x request or response, as the proxy reads and rewrites
// them. Header names keep the sender's spelling; look-ups ignore case.
struct HttpMessageHead
{
    // Requests.
    QByteArray method;
    QByteArray target;
    // Responses.
    int statusCode = 0;
    QByteArray reason;

    int versionMajor = 1;
    int versionMinor = 1;
    QList<QPair<QByteArray, QByteArray>> headers;

    // How the body is framed, as the parser understood it.
    bool chunked = false;
    std::optional<qint64> contentLength;
    bool keepAlive = true;

    QByteArray header(const QByteArray& name) const;
    bool hasHeader(const QByteArray& name) const;
    void removeHeader(const QByteArray& name);
    // Replaces the first field of that name in its place (dropping any other), or appends one.
    void setHeader(const QByteArray& name, const QByteArray& value);
    // Removes Connection and whatever it names, Keep-Alive, TE, Trailer, Upgrade and Proxy-*:
    // they describe one hop, not the message.
    void removeHopByHopHeaders();
    static bool isHopByHopHeader(const QByteArray& name);

    // The head as HTTP/1.1 writes it, ending with the blank line.
    QByteArray serializeRequest() const;
    QByteArray serializeResponse() const;
};

// A complete response the proxy answers with itself (400, 431, 502, 504, ...), closing afterwards.
QByteArray proxyErrorResponse(int statusCode, const QByteArray& body);
// The standard reason phrase of a status code, or "Unknown".
QByteArray reasonPhrase(int statusCode);
