#include "proxy/HttpMessageParser.h"

#include <http_parser.h>
#include <mutex>

struct HttpMessageParser::Callbacks
{
    static HttpMessageParser& self(http_parser* parser)
    {
        return *static_cast<HttpMessageParser*>(parser->data);
    }

    static int messageBegin(http_parser* parser)
    {
        HttpMessageParser& that = self(parser);
        that.m_head = {};
        that.m_trailers.clear();
        that.m_inTrailers = false;
        that.m_inBody = false;
        that.m_headerName.clear();
        that.m_headerValue.clear();
        that.m_readingValue = false;
        that.m_inHead = true;
        return 0;
    }

    static int url(http_parser* parser, const char* at, size_t length)
    {
        self(parser).m_head.target.append(at, static_cast<qsizetype>(length));
        return 0;
    }

    static int status(http_parser* parser, const char* at, size_t length)
    {
        self(parser).m_head.reason.append(at, static_cast<qsizetype>(length));
        return 0;
    }

    static int headerField(http_parser* parser, const char* at, size_t length)
    {
        HttpMessageParser& that = self(parser);
        that.commitHeader();
        that.m_headerName.append(at, static_cast<qsizetype>(length));
        return 0;
    }

    static int headerValue(http_parser* parser, const char* at, size_t length)
    {
        HttpMessageParser& that = self(parser);
        that.m_readingValue = true;
        that.m_headerValue.append(at, static_cast<qsizetype>(length));
        return 0;
    }

    static int headersComplete(http_parser* parser)
    {
        HttpMessageParser& that = self(parser);
        that.commitHeader();
        HttpMessageHead& head = that.m_head;
        if (that.m_kind == Kind::Request) {
            head.method = http_method_str(static_cast<http_method>(parser->method));
        } else {
            head.statusCode = static_cast<int>(parser->status_code);
        }
        head.versionMajor = parser->http_major;
        head.versionMinor = parser->http_minor;
        head.chunked = (parser->flags & F_CHUNKED) != 0;
        if ((parser->flags & F_CONTENTLENGTH) != 0) {
            head.contentLength = static_cast<qint64>(parser->content_length);
        }
        head.keepAlive = http_should_keep_alive(parser) != 0;
        that.m_inHead = false;
        that.m_inTrailers = true; // any field from now on follows a chunked body
        that.m_inBody = that.m_kind == Kind::Request || head.statusCode >= 200;
        if (that.onHead) {
            that.onHead(head);
        }
        // 1 tells http-parser that this response has no body: it answers HEAD, or its status has
        // none whatever its headers say (RFC 9112 §6.3), which http-parser only knows when no
        // Content-Length or Transfer-Encoding is present.
        const bool bodiless = head.statusCode < 200 || head.statusCode == 204 || head.statusCode == 304;
        return that.m_kind == Kind::Response && (that.m_noBody || bodiless) ? 1 : 0;
    }

    static int body(http_parser* parser, const char* at, size_t length)
    {
        HttpMessageParser& that = self(parser);
        if (that.onBody) {
            that.onBody(at, static_cast<qsizetype>(length));
        }
        return 0;
    }

    static int messageComplete(http_parser* parser)
    {
        HttpMessageParser& that = self(parser);
        that.commitHeader(); // the last trailer field
        that.m_inBody = false;
        // Interim responses (100 Continue) are followed by the real one, which may have a body.
        if (that.m_kind == Kind::Response && that.m_head.statusCode >= 200) {
            that.m_noBody = false;
        }
        http_parser_pause(parser, 1);
        if (that.onMessageComplete) {
            that.onMessageComplete();
        }
        return 0;
    }

    static const http_parser_settings& settings()
    {
        static const http_parser_settings settings = [] {
            http_parser_settings s;
            http_parser_settings_init(&s);
            s.on_message_begin = messageBegin;
            s.on_url = url;
            s.on_status = status;
            s.on_header_field = headerField;
            s.on_header_value = headerValue;
            s.on_headers_complete = headersComplete;
            s.on_body = body;
            s.on_message_complete = messageComplete;
            return s;
        }();
        return settings;
    }
};

HttpMessageParser::HttpMessageParser(Kind kind)
    : m_kind(kind)
    , m_parser(std::make_unique<http_parser>())
{
    // http-parser counts the whole head against this limit; it is one setting for the process,
    // and every parser in it is one of ours.
    static std::once_flag limitSet;
    std::call_once(limitSet, [] { http_parser_set_max_header_size(MaxHeadBytes); });
    http_parser_init(m_parser.get(), kind == Kind::Request ? HTTP_REQUEST : HTTP_RESPONSE);
    m_parser->data = this;
}

HttpMessageParser::~HttpMessageParser() = default;

qsizetype HttpMessageParser::feed(const char* data, qsizetype size)
{
    if (m_error != Error::None || size <= 0) {
        return 0;
    }
    const auto consumed = static_cast<qsizetype>(
        http_parser_execute(m_parser.get(), &Callbacks::settings(), data, static_cast<size_t>(size)));
    m_consumedTotal += consumed;
    checkError();
    return consumed;
}

void HttpMessageParser::finish()
{
    if (m_error == Error::None && !isPaused()) {
        http_parser_execute(m_parser.get(), &Callbacks::settings(), nullptr, 0);
        checkError();
    }
}

void HttpMessageParser::resume()
{
    http_parser_pause(m_parser.get(), 0);
}

bool HttpMessageParser::isPaused() const
{
    return HTTP_PARSER_ERRNO(m_parser.get()) == HPE_PAUSED;
}

void HttpMessageParser::expectNoBody()
{
    m_noBody = true;
}

bool HttpMessageParser::isInHead() const
{
    return m_inHead;
}

bool HttpMessageParser::isInBody() const
{
    return m_inBody;
}

bool HttpMessageParser::isUpgrade() const
{
    return m_parser->upgrade != 0;
}

const QList<QPair<QByteArray, QByteArray>>& HttpMessageParser::trailers() const
{
    return m_trailers;
}

HttpMessageParser::Error HttpMessageParser::error() const
{
    return m_error;
}

QString HttpMessageParser::errorText() const
{
    return m_errorText;
}

void HttpMessageParser::commitHeader()
{
    if (m_readingValue) {
        (m_inTrailers ? m_trailers : m_head.headers).append({m_headerName, m_headerValue.trimmed()});
        m_headerName.clear();
        m_headerValue.clear();
        m_readingValue = false;
    }
}

void HttpMessageParser::checkError()
{
    const auto code = static_cast<http_errno>(HTTP_PARSER_ERRNO(m_parser.get()));
    if (code == HPE_OK || code == HPE_PAUSED) {
        return;
    }
    const QString what = m_kind == Kind::Request ? QStringLiteral("request") : QStringLiteral("response");
    if (code == HPE_HEADER_OVERFLOW) {
        m_error = Error::HeadTooLarge;
        m_errorText = QStringLiteral("%1 head larger than %2 bytes").arg(what).arg(MaxHeadBytes);
    } else {
        m_error = Error::Malformed;
        m_errorText = QStringLiteral("malformed %1 at byte %2: %3")
                          .arg(what)
                          .arg(m_consumedTotal + 1)
                          .arg(QString::fromLatin1(http_errno_description(code)));
    }
}
