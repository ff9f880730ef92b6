#include "openapi/YamlToJsonConverter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

class TestYamlToJsonConverter : public QObject
{
    Q_OBJECT

private slots:
    void convertsLikeJson_data();
    void convertsLikeJson();
    void rejectsWithLocation_data();
    void rejectsWithLocation();
};

void TestYamlToJsonConverter::convertsLikeJson_data()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("core schema types")
        << QByteArray("a: 200\nb: \"200\"\nc: '1.5'\nd: 1.5\ne: true\nf: ~\ng: 0x1F\nh: 0o17\ni: .inf\nj: yes\nk:\n")
        << QByteArray(R"({"a":200,"b":"200","c":"1.5","d":1.5,"e":true,"f":null,"g":31,"h":15,"i":".inf","j":"yes",)"
                      R"("k":null})");
    QTest::newRow("tagged text") << QByteArray("a: !!str 12\nb: ! true\nc: |\n  two\n  lines\n")
                                 << QByteArray(R"({"a":"12","b":"true","c":"two\nlines\n"})");
    QTest::newRow("flow and block") << QByteArray("list: [1, {x: y}, [z]]\nmap:\n  - a\n  - b: c\n")
                                    << QByteArray(R"({"list":[1,{"x":"y"},["z"]],"map":["a",{"b":"c"}]})");
    QTest::newRow("aliases share values")
        << QByteArray("base: &base {type: object, n: 1}\ncopy: *base\nkey: &k name\n*k : 2\nlist: [*base, *k]\n")
        << QByteArray(R"({"base":{"type":"object","n":1},"copy":{"type":"object","n":1},"key":"name","name":2,)"
                      R"("list":[{"type":"object","n":1},"name"]})");
    QTest::newRow("first document only") << QByteArray("---\na: 1\n---\nb: [\n") << QByteArray(R"({"a":1})");
    QTest::newRow("version directive") << QByteArray("%YAML 1.2\n---\na: 1\n") << QByteArray(R"({"a":1})");
    QTest::newRow("byte order mark") << QByteArray("\xEF\xBB\xBF"
                                                   "a: é\n")
                                     << QByteArray(R"({"a":"é"})");
}

void TestYamlToJsonConverter::convertsLikeJson()
{
    QFETCH(QByteArray, yaml);
    QFETCH(QByteArray, json);
    Diagnostic error;
    const std::optional<QJsonValue> value = YamlToJsonConverter().convert(yaml, &error);
    QVERIFY2(value, qPrintable(error.toString()));
    QCOMPARE(*value, QJsonValue(QJsonDocument::fromJson(json).object()));
}

void TestYamlToJsonConverter::rejectsWithLocation_data()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<QString>("message");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    QTest::newRow("unclosed flow") << QByteArray("a: 1\nb: [1, 2\nc: 3\n") << "did not find expected ',' or ']'" << 3
                                   << 2;
    QTest::newRow("bad indentation") << QByteArray("a:\n  b: 1\n c: 2\n") << "did not find expected key" << 3 << 2;
    QTest::newRow("invalid UTF-8") << QByteArray("a: 1\nb: \xFF\n") << "invalid leading UTF-8 octet" << 2 << 4;
    QTest::newRow("unknown alias") << QByteArray("a: 1\nb: *nothing\n") << "*nothing names no anchor" << 2 << 4;
    QTest::newRow("list as key") << QByteArray("? [a]\n: 1\n") << "a mapping key must be a text" << 1 << 3;
    QTest::newRow("too deep") << QByteArray(2000, '[') << "nested deeper than 1000 levels" << 1 << 1001;
}

void TestYamlToJsonConverter::rejectsWithLocation()
{
    QFETCH(QByteArray, yaml);
    QFETCH(QString, message);
    QFETCH(int, line);
    QFETCH(int, column);
    Diagnostic error;
    QVERIFY(!YamlToJsonConverter().convert(yaml, &error));
    QVERIFY2(error.message.contains(message), qPrintable(error.toString()));
    QCOMPARE(error.location.line, line);
    QCOMPARE(error.location.column, column);
}

QTEST_GUILESS_MAIN(TestYamlToJsonConverter)
#include "TestYamlToJsonConverter.moc"
