#include "proxy/StreamTurns.h"

#include <QTest>

namespace
{
using Direction = StreamTurns::Direction;

// A TLS record of the given content type with length bytes of body.
QByteArray record(char type, int length)
{
    QByteArray bytes;
    bytes.append(type).append('\x03').append('\x03');
    bytes.append(static_cast<char>(length >> 8)).append(static_cast<char>(length & 0xff));
    return bytes + QByteArray(length, 'x');
}

constexpr char Handshake = 22;
constexpr char ChangeCipherSpec = 20;
constexpr char ApplicationData = 23;
} // namespace

class TestStreamTurns : public QObject
{
    Q_OBJECT

private slots:
    void plainStreamsStartAMessageAtEachTurn();
    void tls12HandshakeIsNoExchange();
    void tls13EncryptedHandshakeIsNoExchange();
    void tls13FinishedAndRequestInOneRead();
    void recordsSplitAcrossReads();
    void bytesThatAreNotTlsRecordsFallBackToTurns();
};

void TestStreamTurns::plainStreamsStartAMessageAtEachTurn()
{
    StreamTurns turns;
    QVERIFY(turns.startsMessage(Direction::FromClient, "GET / HTTP/1.1\r\n"));
    QVERIFY(!turns.startsMessage(Direction::FromClient, "Host: a\r\n\r\n"));
    QVERIFY(turns.startsMessage(Direction::FromUpstream, "HTTP/1.1 200 OK\r\n"));
    QVERIFY(!turns.startsMessage(Direction::FromUpstream, "body"));
    QVERIFY(turns.startsMessage(Direction::FromClient, "GET /2 HTTP/1.1\r\n\r\n"));
    QVERIFY(turns.startsMessage(Direction::FromUpstream, "HTTP/1.1 200 OK\r\n"));
    QVERIFY(!turns.startsMessage(Direction::FromUpstream, {}));
}

void TestStreamTurns::tls12HandshakeIsNoExchange()
{
    StreamTurns turns;
    QVERIFY(!turns.startsMessage(Direction::FromClient, record(Handshake, 200))); // ClientHello
    QVERIFY(!turns.startsMessage(Direction::FromUpstream, record(Handshake, 90) + record(Handshake, 900)));
    QVERIFY(!turns.startsMessage(Direction::FromClient,
                                 record(Handshake, 70) + record(ChangeCipherSpec, 1) + record(Handshake, 40)));
    QVERIFY(!turns.startsMessage(Direction::FromUpstream, record(ChangeCipherSpec, 1) + record(Handshake, 40)));
    QVERIFY(turns.startsMessage(Direction::FromClient, record(ApplicationData, 80))); // the request
    QVERIFY(turns.startsMessage(Direction::FromUpstream, record(ApplicationData, 120))); // its response
    QVERIFY(!turns.startsMessage(Direction::FromUpstream, record(ApplicationData, 3000)));
    QVERIFY(turns.startsMessage(Direction::FromClient, record(ApplicationData, 80))); // kept alive
    QVERIFY(turns.startsMessage(Direction::FromUpstream, record(ApplicationData, 120)));
    QVERIFY(!turns.startsMessage(Direction::FromClient, record(21, 26))); // close_notify
}

void TestStreamTurns::tls13EncryptedHandshakeIsNoExchange()
{
    StreamTurns turns;
    QVERIFY(!turns.startsMessage(Direction::FromClient, record(Handshake, 250)));
    // ServerHello, then the encrypted extensions, certificate and finished as application data.
    QVERIFY(!turns.startsMessage(Direction::FromUpstream,
                                 record(Handshake, 120) + record(ChangeCipherSpec, 1) + record(ApplicationData, 800)));
    // The client's finished alone, then the server's session tickets: no exchange yet.
    QVERIFY(!turns.startsMessage(Direction::FromClient, record(ChangeCipherSpec, 1) + record(ApplicationData, 53)));
    QVERIFY(!turns.startsMessage(Direction::FromUpstream, record(ApplicationData, 250) + record(ApplicationData, 250)));
    QVERIFY(turns.startsMessage(Direction::FromClient, record(ApplicationData, 80))); // the request
    QVERIFY(turns.startsMessage(Direction::FromUpstream, record(ApplicationData, 120)));
    QVERIFY(turns.startsMessage(Direction::FromClient, record(ApplicationData, 80))); // kept alive
    QVERIFY(turns.startsMessage(Direction::FromUpstream, record(ApplicationData, 120)));
    // close_notify, encrypted as application data, both ways.
    QVERIFY(!turns.startsMessage(Direction::FromClient, record(ApplicationData, 19)));
    QVERIFY(!turns.startsMessage(Direction::FromUpstream, record(ApplicationData, 19)));
}

void TestStreamTurns::tls13FinishedAndRequestInOneRead()
{
    StreamTurns turns;
    QVERIFY(!turns.startsMessage(Direction::FromClient, record(Handshake, 250)));
    QVERIFY(!turns.startsMessage(Direction::FromUpstream, record(Handshake, 120) + record(ApplicationData, 800)));
    QVERIFY(turns.startsMessage(Direction::FromClient, record(ApplicationData, 53) + record(ApplicationData, 80)));
    // Tickets and the response in one answer.
    QVERIFY(turns.startsMessage(Direction::FromUpstream, record(ApplicationData, 250)));
    QVERIFY(!turns.startsMessage(Direction::FromUpstream, record(ApplicationData, 120)));
}

void TestStreamTurns::recordsSplitAcrossReads()
{
    StreamTurns turns;
    const QByteArray hello = record(Handshake, 300);
    QVERIFY(!turns.startsMessage(Direction::FromClient, hello.left(3)));
    QVERIFY(!turns.startsMessage(Direction::FromClient, hello.mid(3)));
    QVERIFY(!turns.startsMessage(Direction::FromUpstream, record(Handshake, 100)));
    // An application-data record whose header is cut in two, then its body in pieces.
    const QByteArray request = record(ApplicationData, 5000);
    QVERIFY(!turns.startsMessage(Direction::FromClient, request.left(2)));
    QVERIFY(turns.startsMessage(Direction::FromClient, request.mid(2, 2000)));
    QVERIFY(!turns.startsMessage(Direction::FromClient, request.mid(2002)));
    // A body byte that happens to look like a record header is not read as one.
    QVERIFY(turns.startsMessage(Direction::FromUpstream, record(ApplicationData, 100)));
}

void TestStreamTurns::bytesThatAreNotTlsRecordsFallBackToTurns()
{
    StreamTurns turns;
    QVERIFY(!turns.startsMessage(Direction::FromClient, record(Handshake, 10)));
    QVERIFY(turns.startsMessage(Direction::FromClient, "not a record at all"));
    QVERIFY(turns.startsMessage(Direction::FromUpstream, "answer"));
}

QTEST_GUILESS_MAIN(TestStreamTurns)
#include "TestStreamTurns.moc"
