// The proxy's HTTP/1.x parsing in both directions: requests from clients (mode 0, 2) and
// responses from upstreams (mode 1; mode 3 as answers to HEAD), fed in pieces the way the proxy
// feeds its sockets' reads, each head then handled as the proxy handles it (its target read, its
// hop-by-hop headers dropped, written out again). The parser must end every piece with progress,
// a message boundary or an error: anything else would spin the proxy's read loop.
#include "FuzzInput.h"
#include "proxy/HttpMessageParser.h"
#include "proxy/UpstreamTarget.h"

namespace
{
void handleRequestHead(HttpMessageHead head)
{
    if (head.method == "CONNECT") {
        if (const auto target = UpstreamTarget::fromAuthority(head.target)) {
            (void)target->authority();
        }
        return;
    }
    QByteArray originForm;
    const auto target = UpstreamTarget::fromAbsoluteUrl(head.target, &originForm);
    if (target) {
        head.target = originForm;
        head.setHeader("Host", target->hostHeader());
    }
    head.removeHopByHopHeaders();
    (void)head.serializeRequest();
}

void handleResponseHead(HttpMessageHead head)
{
    head.removeHopByHopHeaders();
    (void)head.serializeResponse();
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const FuzzInput input(data, size);
    const bool response = (input.mode() & 1) != 0;
    const bool answersHead = input.mode() == 3;
    HttpMessageParser parser(response ? HttpMessageParser::Kind::Response : HttpMessageParser::Kind::Request);
    parser.onHead = response ? handleResponseHead : handleRequestHead;
    qint64 bodyBytes = 0;
    parser.onBody = [&bodyBytes](const char*, qsizetype bytes) {
        bodyBytes += bytes;
    };
    if (answersHead) {
        parser.expectNoBody();
    }
    const QByteArrayView bytes = input.bytes();
    qsizetype offset = 0;
    while (offset < bytes.size()) {
        const QByteArrayView piece = input.pieceAt(offset);
        const qsizetype consumed = parser.feed(piece.data(), piece.size());
        if (consumed < 0 || consumed > piece.size()) {
            qFatal("feed() consumed %lld of %lld bytes", qint64(consumed), qint64(piece.size()));
        }
        offset += consumed;
        if (parser.error() != HttpMessageParser::Error::None) {
            if (parser.errorText().isEmpty()) {
                qFatal("an error without its text");
            }
            return 0;
        }
        if (parser.isPaused()) {
            if (parser.isUpgrade()) {
                return 0; // another protocol follows: the proxy tunnels the rest
            }
            parser.resume();
            if (answersHead) {
                parser.expectNoBody();
            }
        } else if (consumed < piece.size()) {
            qFatal("feed() stopped after %lld of %lld bytes with no message boundary and no error", qint64(consumed),
                   qint64(piece.size()));
        }
    }
    parser.finish();
    if (bodyBytes > bytes.size()) {
        qFatal("%lld body bytes out of %lld bytes", bodyBytes, qint64(bytes.size()));
    }
    return 0;
}
