#include "advisor/ServerSentEvents.h"

#include <QTest>

// The WHATWG event-stream rules the providers' streams rely on.
class TestServerSentEvents : public QObject
{
    Q_OBJECT

private slots:
    void readsAnEvent();
    void acceptsEveryLineEnd_data();
    void acceptsEveryLineEnd();
    void joinsDataLines();
    void skipsComments();
    void readsTypeAndId();
    void stripsOneSpaceAfterTheColon();
    void takesALineWithoutAColonForAField();
    void dispatchesNothingWithoutData();
    void sameEventsWhateverTheSplit();
    void sameEventsFedOneByteAtATime();
    void splitsCarriageReturnAndLineFeedApart();
    void dropsAnUnfinishedEventOnReset();
    void skipsAByteOrderMark();
};

namespace
{
// A stream with everything at once: comments, CRLF and LF, named events, several data lines.
const QByteArray Mixed = ": OPENROUTER PROCESSING\r\n\r\n"
                         "event: message_start\r\ndata: {\"a\":1}\r\n\r\n"
                         "data: line one\ndata: line two\n\n"
                         ": keep-alive\n"
                         "id: 7\rdata:{\"b\":2}\r\r"
                         "data: [DONE]\n\n";

QList<QByteArray> dataOf(const QList<ServerSentEvents::Event>& events)
{
    QList<QByteArray> data;
    for (const ServerSentEvents::Event& event : events) {
        data << event.data;
    }
    return data;
}

const QList<QByteArray> MixedData{"{\"a\":1}", "line one\nline two", "{\"b\":2}", "[DONE]"};
} // namespace

void TestServerSentEvents::readsAnEvent()
{
    ServerSentEvents parser;
    const QList<ServerSentEvents::Event> events = parser.feed("data: {\"x\":1}\n\n");
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.at(0).data, QByteArray("{\"x\":1}"));
    QCOMPARE(events.at(0).type, QByteArray());
}

void TestServerSentEvents::acceptsEveryLineEnd_data()
{
    QTest::addColumn<QByteArray>("lineEnd");
    QTest::newRow("LF") << QByteArray("\n");
    QTest::newRow("CRLF") << QByteArray("\r\n");
    QTest::newRow("CR") << QByteArray("\r");
}

void TestServerSentEvents::acceptsEveryLineEnd()
{
    QFETCH(QByteArray, lineEnd);
    ServerSentEvents parser;
    const QList<ServerSentEvents::Event> events
        = parser.feed("data: one" + lineEnd + lineEnd + "data: two" + lineEnd + lineEnd);
    QCOMPARE(dataOf(events), (QList<QByteArray>{"one", "two"}));
}

void TestServerSentEvents::joinsDataLines()
{
    ServerSentEvents parser;
    QCOMPARE(dataOf(parser.feed("data: a\ndata: b\ndata:\n\n")), QList<QByteArray>{"a\nb\n"});
}

void TestServerSentEvents::skipsComments()
{
    ServerSentEvents parser;
    QCOMPARE(dataOf(parser.feed(": OPENROUTER PROCESSING\n\ndata: x\n: inside\ndata: y\n\n")),
             QList<QByteArray>{"x\ny"});
}

void TestServerSentEvents::readsTypeAndId()
{
    ServerSentEvents parser;
    const QList<ServerSentEvents::Event> events = parser.feed("event: error\nid: 42\ndata: {}\n\ndata: next\n\n");
    QCOMPARE(events.size(), 2);
    QCOMPARE(events.at(0).type, QByteArray("error"));
    QCOMPARE(events.at(0).id, QByteArray("42"));
    // The type is the event's own; the next event has none.
    QCOMPARE(events.at(1).type, QByteArray());
}

void TestServerSentEvents::stripsOneSpaceAfterTheColon()
{
    ServerSentEvents parser;
    QCOMPARE(dataOf(parser.feed("data:x\n\ndata:  y\n\n")), (QList<QByteArray>{"x", " y"}));
}

void TestServerSentEvents::takesALineWithoutAColonForAField()
{
    ServerSentEvents parser;
    QCOMPARE(dataOf(parser.feed("data\n\n")), QList<QByteArray>{""});
}

void TestServerSentEvents::dispatchesNothingWithoutData()
{
    ServerSentEvents parser;
    QVERIFY(parser.feed("event: ping\n\nretry: 10\n\n").isEmpty());
}

void TestServerSentEvents::sameEventsWhateverTheSplit()
{
    for (qsizetype split = 0; split <= Mixed.size(); ++split) {
        ServerSentEvents parser;
        QList<ServerSentEvents::Event> events = parser.feed(QByteArrayView(Mixed).first(split));
        events << parser.feed(QByteArrayView(Mixed).sliced(split));
        QVERIFY2(dataOf(events) == MixedData, qPrintable(QStringLiteral("split at byte %1").arg(split)));
    }
}

void TestServerSentEvents::sameEventsFedOneByteAtATime()
{
    ServerSentEvents parser;
    QList<ServerSentEvents::Event> events;
    for (const char byte : Mixed) {
        events << parser.feed(QByteArrayView(&byte, 1));
    }
    QCOMPARE(dataOf(events), MixedData);
    QCOMPARE(events.at(0).type, QByteArray("message_start"));
    QCOMPARE(events.at(2).id, QByteArray("7"));
}

void TestServerSentEvents::splitsCarriageReturnAndLineFeedApart()
{
    // A CRLF cut between its two bytes is one line end, not two (which would end the event early).
    ServerSentEvents parser;
    QVERIFY(parser.feed("data: a\r").isEmpty());
    QVERIFY(parser.feed("\ndata: b\r").isEmpty());
    QCOMPARE(dataOf(parser.feed("\n\r\n")), QList<QByteArray>{"a\nb"});
}

void TestServerSentEvents::dropsAnUnfinishedEventOnReset()
{
    ServerSentEvents parser;
    QVERIFY(parser.feed("data: half").isEmpty());
    parser.reset();
    QCOMPARE(dataOf(parser.feed("data: whole\n\n")), QList<QByteArray>{"whole"});
}

void TestServerSentEvents::skipsAByteOrderMark()
{
    ServerSentEvents parser;
    QCOMPARE(dataOf(parser.feed("\xEF\xBB\xBF"
                                "data: x\n\n")),
             QList<QByteArray>{"x"});
}

QTEST_APPLESS_MAIN(TestServerSentEvents)
#include "TestServerSentEvents.moc"
