#include "advisor/NdjsonSplitter.h"

#include <QTest>

class TestNdjsonSplitter : public QObject
{
    Q_OBJECT

private slots:
    void splitsLines();
    void keepsAPartialLine();
    void sameLinesFedOneByteAtATime();
    void skipsBlankLinesAndCarriageReturns();
    void givesTheLastLineWithoutItsLineFeed();
};

void TestNdjsonSplitter::splitsLines()
{
    NdjsonSplitter splitter;
    QCOMPARE(splitter.feed("{\"a\":1}\n{\"b\":2}\n"), (QList<QByteArray>{"{\"a\":1}", "{\"b\":2}"}));
    QVERIFY(splitter.takeRest().isEmpty());
}

void TestNdjsonSplitter::keepsAPartialLine()
{
    NdjsonSplitter splitter;
    QCOMPARE(splitter.feed("{\"a\":1}\n{\"b\""), QList<QByteArray>{"{\"a\":1}"});
    QCOMPARE(splitter.feed(":2}\n"), QList<QByteArray>{"{\"b\":2}"});
}

void TestNdjsonSplitter::sameLinesFedOneByteAtATime()
{
    const QByteArray stream = "{\"message\":{\"content\":\"x\"}}\n{\"done\":true}\n";
    NdjsonSplitter splitter;
    QList<QByteArray> lines;
    for (const char byte : stream) {
        lines << splitter.feed(QByteArrayView(&byte, 1));
    }
    QCOMPARE(lines, (QList<QByteArray>{"{\"message\":{\"content\":\"x\"}}", "{\"done\":true}"}));
}

void TestNdjsonSplitter::skipsBlankLinesAndCarriageReturns()
{
    NdjsonSplitter splitter;
    QCOMPARE(splitter.feed("{}\r\n\r\n  \n[]\n"), (QList<QByteArray>{"{}", "[]"}));
}

void TestNdjsonSplitter::givesTheLastLineWithoutItsLineFeed()
{
    NdjsonSplitter splitter;
    QVERIFY(splitter.feed("{\"done\":true}").isEmpty());
    QCOMPARE(splitter.takeRest(), QByteArray("{\"done\":true}"));
    QVERIFY(splitter.takeRest().isEmpty());
}

QTEST_APPLESS_MAIN(TestNdjsonSplitter)
#include "TestNdjsonSplitter.moc"
