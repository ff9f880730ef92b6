#include "runner/JsonLocator.h"

#include <QTest>

class TestJsonLocator : public QObject
{
    Q_OBJECT

private slots:
    void findsValuesByPath_data();
    void findsValuesByPath();
    void missingPathsAreNotFound();
};

namespace
{
const QByteArray Json = "{\"a\": 1, \"b\": {\"c\": [10, {\"d\": \"x,]}\\\"\"}, [3]], \"e\": null},\n"
                        " \"f\": [{\"g\": true}]}";
} // namespace

void TestJsonLocator::findsValuesByPath_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("startsWith");
    QTest::newRow("root") << QString() << QByteArray("{\"a\"");
    QTest::newRow("a") << QStringLiteral("a") << QByteArray("1,");
    QTest::newRow("b") << QStringLiteral("b") << QByteArray("{\"c\"");
    QTest::newRow("array") << QStringLiteral("b.c") << QByteArray("[10");
    QTest::newRow("element") << QStringLiteral("b.c[0]") << QByteArray("10,");
    QTest::newRow("string with brackets") << QStringLiteral("b.c[1].d") << QByteArray("\"x,]}");
    QTest::newRow("nested array") << QStringLiteral("b.c[2][0]") << QByteArray("3]");
    QTest::newRow("after the string") << QStringLiteral("b.e") << QByteArray("null");
    QTest::newRow("second line") << QStringLiteral("f[0].g") << QByteArray("true");
}

void TestJsonLocator::findsValuesByPath()
{
    QFETCH(QString, path);
    QFETCH(QByteArray, startsWith);
    const auto offset = JsonLocator::offsetOf(Json, path);
    QVERIFY(offset);
    QVERIFY2(Json.mid(*offset).startsWith(startsWith), Json.mid(*offset).constData());
}

void TestJsonLocator::missingPathsAreNotFound()
{
    QVERIFY(!JsonLocator::offsetOf(Json, QStringLiteral("start")));
    QVERIFY(!JsonLocator::offsetOf(Json, QStringLiteral("b.c[7]")));
    QVERIFY(!JsonLocator::offsetOf("{\"a\": ", QStringLiteral("a.b")));
    QVERIFY(!JsonLocator::offsetOf("", QStringLiteral("a")));
}

QTEST_GUILESS_MAIN(TestJsonLocator)
#include "TestJsonLocator.moc"
