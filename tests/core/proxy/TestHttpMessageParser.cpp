#include "proxy/HttpMessageParser.h"

#include <QTest>

class TestHttpMessageParser : public QObject
{
    Q_OBJECT

private:
    struct Collected
    {
        QList<HttpMessageHead> heads;
        QByteArray body;
        int complete = 0;
    };

    static void collect(HttpMessageParser& parser, Collected& collected)
    {
        parser.onHead = [&](const HttpMessageHead& head) {
            collected.heads.append(head);
        };
        parser.onBody = [&](const char* data, qsizetype size) {
            collected.body.append(data, size);
        };
        parser.onMessageComplete = [&] {
            ++collected.complete;
        };
    }

private slots:
    void readsAnAbsoluteFormRequest()
    {
        HttpMessageParser parser(HttpMessageParser::Kind::Request);
        Collected collected;
        collect(parser, collected);
        const QByteArray request = "GET http://127.0.0.1:9090/users/1?x=2 HTTP/1.1\r\nHost: 127.0.0.1:9090\r\n"
                                   "X-Aftershock-Call-Id: c-7\r\n\r\n";
        QCOMPARE(parser.feed(request.constData(), request.size()), request.size());
        QCOMPARE(collected.complete, 1);
        const HttpMessageHead& head = collected.heads.constFirst();
        QCOMPARE(head.method, QByteArray("GET"));
        QCOMPARE(head.target, QByteArray("http://127.0.0.1:9090/users/1?x=2"));
        QCOMPARE(head.header("x-aftershock-call-id"), QByteArray("c-7"));
        QVERIFY(head.keepAlive);
        QVERIFY(!head.chunked);
    }

    void decodesAChunkedBodyFedByteByByte()
    {
        HttpMessageParser parser(HttpMessageParser::Kind::Request);
        Collected collected;
        collect(parser, collected);
        const QByteArray request = "POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: "
                                   "chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n";
        for (qsizetype index = 0; index < request.size(); ++index) {
            QCOMPARE(parser.feed(request.constData() + index, 1), 1);
        }
        QCOMPARE(collected.complete, 1);
        QVERIFY(collected.heads.constFirst().chunked);
        QCOMPARE(collected.body, QByteArray("hello world"));
    }

    void stopsAfterEachMessageUntilResumed()
    {
        HttpMessageParser parser(HttpMessageParser::Kind::Request);
        Collected collected;
        collect(parser, collected);
        const QByteArray first = "GET /a HTTP/1.1\r\nHost: a\r\n\r\n";
        const QByteArray both = first + "GET /b HTTP/1.1\r\nHost: a\r\n\r\n";
        QCOMPARE(parser.feed(both.constData(), both.size()), first.size());
        QVERIFY(parser.isPaused());
        QCOMPARE(parser.feed(both.constData() + first.size(), both.size() - first.size()), 0);
        parser.resume();
        QCOMPARE(parser.feed(both.constData() + first.size(), both.size() - first.size()), both.size() - first.size());
        QCOMPARE(collected.heads.size(), 2);
        QCOMPARE(collected.heads.at(1).target, QByteArray("/b"));
    }

    void reportsMalformedInputWithItsPosition()
    {
        HttpMessageParser parser(HttpMessageParser::Kind::Request);
        const QByteArray request = "GET / HTTP/1.1\r\nBad Header\r\n\r\n";
        parser.feed(request.constData(), request.size());
        QCOMPARE(parser.error(), HttpMessageParser::Error::Malformed);
        // Byte 27 is the line end of a header line without a colon.
        QVERIFY2(parser.errorText().contains(QLatin1String("at byte 27")), qPrintable(parser.errorText()));
        // Once broken, it reads no more.
        QCOMPARE(parser.feed(request.constData(), request.size()), 0);
    }

    void refusesHeadsOverTheLimit()
    {
        HttpMessageParser parser(HttpMessageParser::Kind::Request);
        const QByteArray request
            = "GET / HTTP/1.1\r\nX-Big: " + QByteArray(HttpMessageParser::MaxHeadBytes, 'a') + "\r\n\r\n";
        parser.feed(request.constData(), request.size());
        QCOMPARE(parser.error(), HttpMessageParser::Error::HeadTooLarge);
    }

    void refusesAmbiguousFraming()
    {
        HttpMessageParser parser(HttpMessageParser::Kind::Request);
        const QByteArray request
            = "POST / HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n";
        parser.feed(request.constData(), request.size());
        QCOMPARE(parser.error(), HttpMessageParser::Error::Malformed);
    }

    void endsABodyThatRunsToTheClose()
    {
        HttpMessageParser parser(HttpMessageParser::Kind::Response);
        Collected collected;
        collect(parser, collected);
        const QByteArray response = "HTTP/1.1 200 OK\r\n\r\nuntil the end";
        QCOMPARE(parser.feed(response.constData(), response.size()), response.size());
        QCOMPARE(collected.complete, 0);
        parser.finish();
        QCOMPARE(collected.complete, 1);
        QCOMPARE(collected.body, QByteArray("until the end"));
        QVERIFY(!collected.heads.constFirst().contentLength);
    }

    void readsNoBodyInAnswerToHead()
    {
        HttpMessageParser parser(HttpMessageParser::Kind::Response);
        Collected collected;
        collect(parser, collected);
        parser.expectNoBody();
        const QByteArray response = "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n";
        QCOMPARE(parser.feed(response.constData(), response.size()), response.size());
        QCOMPARE(collected.complete, 1);
        QCOMPARE(*collected.heads.constFirst().contentLength, 100);
    }

    void readsNoBodyAfter1xx204Or304_data()
    {
        QTest::addColumn<QByteArray>("head");
        QTest::newRow("100, Content-Length") << QByteArray("HTTP/1.1 100 Continue\r\nContent-Length: 5\r\n\r\n");
        QTest::newRow("204, Content-Length") << QByteArray("HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\n");
        QTest::newRow("204, chunked") << QByteArray("HTTP/1.1 204 No Content\r\nTransfer-Encoding: chunked\r\n\r\n");
        QTest::newRow("304, Content-Length") << QByteArray("HTTP/1.1 304 Not Modified\r\nContent-Length: 1234\r\n\r\n");
    }

    void readsNoBodyAfter1xx204Or304()
    {
        // RFC 9112 §6.3: these end at their blank line, whatever their headers say.
        QFETCH(QByteArray, head);
        HttpMessageParser parser(HttpMessageParser::Kind::Response);
        Collected collected;
        collect(parser, collected);
        QCOMPARE(parser.feed(head.constData(), head.size()), head.size());
        QCOMPARE(collected.complete, 1);
        QVERIFY(collected.body.isEmpty());
    }

    void readsTrailers()
    {
        HttpMessageParser parser(HttpMessageParser::Kind::Response);
        Collected collected;
        collect(parser, collected);
        const QByteArray response = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTrailer: X-Sum\r\n\r\n"
                                    "5\r\nhello\r\n0\r\nX-Sum: 12\r\nX-Other:  two \r\n\r\n";
        QCOMPARE(parser.feed(response.constData(), response.size()), response.size());
        QCOMPARE(collected.complete, 1);
        QCOMPARE(collected.body, QByteArray("hello"));
        QCOMPARE(collected.heads.constFirst().headers.size(), 2); // trailers are not head fields
        const QList<QPair<QByteArray, QByteArray>> expected{{"X-Sum", "12"}, {"X-Other", "two"}};
        QCOMPARE(parser.trailers(), expected);

        // The next message starts without them.
        parser.resume();
        const QByteArray next = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
        QCOMPARE(parser.feed(next.constData(), next.size()), next.size());
        QCOMPARE(collected.complete, 2);
        QVERIFY(parser.trailers().isEmpty());
    }

    void removesEveryHopByHopHeader()
    {
        HttpMessageHead head;
        head.headers = {{"Host", "a"},
                        {"connection", "close, X-Named"},
                        {"X-Named", "1"},
                        {"Keep-Alive", "5"},
                        {"TE", "trailers"},
                        {"Trailer", "X-Sum"},
                        {"Upgrade", "h2c"},
                        {"Proxy-Authorization", "p"},
                        {"proxy-authenticate", "q"},
                        {"Proxy-Connection", "k"},
                        {"X-Proxy-Kept", "1"},
                        {"Accept", "*/*"}};
        head.removeHopByHopHeaders();
        const QList<QPair<QByteArray, QByteArray>> expected{{"Host", "a"}, {"X-Proxy-Kept", "1"}, {"Accept", "*/*"}};
        QCOMPARE(head.headers, expected);
    }

    void setsAHeaderInItsPlace()
    {
        HttpMessageHead head;
        head.headers = {{"host", "old"}, {"Accept", "*/*"}, {"Host", "duplicate"}};
        head.setHeader("Host", "new");
        const QList<QPair<QByteArray, QByteArray>> expected{{"host", "new"}, {"Accept", "*/*"}};
        QCOMPARE(head.headers, expected);
    }

    void rewritesAHeadForTheNextHop()
    {
        HttpMessageHead head;
        head.method = "GET";
        head.target = "/x";
        head.headers = {{"Host", "a"},
                        {"Connection", "keep-alive, X-Hop"},
                        {"X-Hop", "1"},
                        {"Proxy-Connection", "k"},
                        {"Accept", "*/*"}};
        head.removeHopByHopHeaders();
        QCOMPARE(head.serializeRequest(), QByteArray("GET /x HTTP/1.1\r\nHost: a\r\nAccept: */*\r\n\r\n"));
        const QByteArray error = proxyErrorResponse(502, "aftershock: no");
        QVERIFY(error.startsWith("HTTP/1.1 502 Bad Gateway\r\n"));
        QVERIFY(error.contains("Content-Length: 15\r\n"));
    }
};

QTEST_GUILESS_MAIN(TestHttpMessageParser)
#include "TestHttpMessageParser.moc"
