#include "scenario/Diagnostic.h"

#include <QTest>

class TestSourceLocation : public QObject
{
    Q_OBJECT

private slots:
    void ofByteOffset_data();
    void ofByteOffset();
    void toStringLeavesOutWhatIsUnknown();
};

void TestSourceLocation::ofByteOffset_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("offset");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    const QByteArray text = "ab\ncd\n\nü x\n";
    // The first character, on a text that has later lines (lastIndexOf(-1) searches from the end).
    QTest::newRow("first") << text << 0 << 1 << 1;
    QTest::newRow("second") << text << 1 << 1 << 2;
    QTest::newRow("a newline") << text << 2 << 1 << 3;
    QTest::newRow("next line") << text << 3 << 2 << 1;
    QTest::newRow("empty line") << text << 6 << 3 << 1;
    QTest::newRow("after a wide character") << text << 10 << 4 << 3; // ü is two bytes, one column
    QTest::newRow("the end") << text << int(text.size()) << 5 << 1;
    QTest::newRow("past the end") << text << 99 << 5 << 1;
    QTest::newRow("before the start") << text << -4 << 1 << 1;
}

void TestSourceLocation::ofByteOffset()
{
    QFETCH(QByteArray, text);
    QFETCH(int, offset);
    QFETCH(int, line);
    QFETCH(int, column);
    const SourceLocation location = SourceLocation::ofByteOffset(text, offset);
    QCOMPARE(location.line, line);
    QCOMPARE(location.column, column);
}

void TestSourceLocation::toStringLeavesOutWhatIsUnknown()
{
    QCOMPARE((SourceLocation{.file = QStringLiteral("a.json"), .line = 3, .column = 7}).toString(),
             QStringLiteral("a.json:3:7"));
    QCOMPARE((SourceLocation{.file = QStringLiteral("a.json"), .line = 3}).toString(), QStringLiteral("a.json:3"));
    QCOMPARE((SourceLocation{.file = QStringLiteral("a.json")}).toString(), QStringLiteral("a.json"));
}

QTEST_GUILESS_MAIN(TestSourceLocation)
#include "TestSourceLocation.moc"
