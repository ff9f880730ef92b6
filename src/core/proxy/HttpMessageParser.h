#pragma once

#include "proxy/HttpMessageHead.h"

#include <functional>
#include <memory>

#include <QByteArray>
#include <QString>

struct http_parser;

// Reads HTTP/1.x requests or responses with Node's http-parser (libhttp-parser, Debian's
// package), one message at a time: it stops after each complete message, so that the proxy
// decides when the next one (a pipelined request) may begin, and resumes on resume().
class HttpMessageParser
{
public:
    enum class Kind { Request, Response };
    enum class Error { None, Malformed, HeadTooLarge };
    // The largest request or response head (start line and headers) accepted; 431 beyond it.
    static constexpr qsizetype MaxHeadBytes = 64 * 1024;

    std::function<void(const HttpMessageHead&)> onHead;
    // Body bytes without chunked framing.
    std::function<void(const char* data, qsizetype size)> onBody;
    std::function<void()> onMessageComplete;

    explicit HttpMessageParser(Kind kind);
    ~HttpMessageParser();
    HttpMessageParser(const HttpMessageParser&) = delete;
    HttpMessageParser& operator=(const HttpMessageParser&) = delete;

    // Parses what it can of data; returns how many bytes it consumed. It consumes less than size
    // when a message completed (call resume() before feeding the rest) or on an error.
    qsizetype feed(const char* data, qsizetype size);
    // The peer closed: completes a body that runs to the end of the connection.
    void finish();
    void resume();
    bool isPaused() const;
    // The next response answers a HEAD request, so it has no body whatever its headers say.
    void expectNoBody();
    // True between the first byte of a head and its end.
    bool isInHead() const;
    // True between the end of a request's or final response's head and the end of its message.
    bool isInBody() const;
    // CONNECT or an Upgrade: the bytes after this message are another protocol.
    bool isUpgrade() const;
    // The trailer fields of the message just completed (chunked bodies only).
    const QList<QPair<QByteArray, QByteArray>>& trailers() const;

    Error error() const;
    // What was wrong and at which byte of the connection, for 400 bodies and logs.
    QString errorText() const;

private:
    struct Callbacks;
    void commitHeader();
    void checkError();

    Kind m_kind;
    std::unique_ptr<http_parser> m_parser;
    HttpMessageHead m_head;
    QList<QPair<QByteArray, QByteArray>> m_trailers;
    QByteArray m_headerName;
    QByteArray m_headerValue;
    bool m_readingValue = false;
    bool m_inHead = false;
    bool m_inTrailers = false;
    bool m_inBody = false;
    bool m_noBody = false;
    qint64 m_consumedTotal = 0;
    Error m_error = Error::None;
    QString m_errorText;
};
