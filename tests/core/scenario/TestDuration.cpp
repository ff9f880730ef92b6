#include "scenario/Duration.h"

#include <QTest>

class TestDuration : public QObject
{
    Q_OBJECT

private slots:
    void parsesDurations_data();
    void parsesDurations();
    void rejectsNonDurations();
    void formatsDurations();
    void parsesPeriods();
    void rejectsBadPeriods();
    void periodWindow();
};

void TestDuration::parsesDurations_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<double>("milliseconds");
    QTest::newRow("ms") << "500ms" << 500.0;
    QTest::newRow("s") << "10s" << 10000.0;
    QTest::newRow("m") << "1m" << 60000.0;
    QTest::newRow("h") << "1h" << 3600000.0;
    QTest::newRow("combined") << "1m30s" << 90000.0;
    QTest::newRow("fraction") << "1.5s" << 1500.0;
    QTest::newRow("bare seconds") << "2" << 2000.0;
    QTest::newRow("spaces") << " 10s " << 10000.0;
}

void TestDuration::parsesDurations()
{
    QFETCH(QString, text);
    QFETCH(double, milliseconds);
    const auto parsed = parseDuration(text);
    QVERIFY(parsed.has_value());
    QCOMPARE(*parsed, milliseconds);
}

void TestDuration::rejectsNonDurations()
{
    for (const char* text : {"", "abc", "10x", "-5s", "s10", "1e999", "10s junk"}) {
        QVERIFY2(!parseDuration(QString::fromLatin1(text)).has_value(), text);
    }
}

void TestDuration::formatsDurations()
{
    QCOMPARE(formatDuration(500), QStringLiteral("500ms"));
    QCOMPARE(formatDuration(10000), QStringLiteral("10s"));
    QCOMPARE(formatDuration(90000), QStringLiteral("1m30s"));
    QCOMPARE(formatDuration(3600000), QStringLiteral("1h"));
    QCOMPARE(formatDuration(1500), QStringLiteral("1s500ms"));
    for (double value : {1.0, 999.0, 1000.0, 61001.0, 7200000.0}) {
        QCOMPARE(*parseDuration(formatDuration(value)), value);
    }
}

void TestDuration::parsesPeriods()
{
    const auto period = parsePeriod(QStringLiteral("start:10%,duration:15%"));
    QVERIFY(period.has_value());
    QCOMPARE(period->start->value, 10.0);
    QCOMPARE(period->duration->value, 15.0);
    QCOMPARE(formatPeriod(*period), QStringLiteral("start:10%,duration:15%"));

    const auto mixed = parsePeriod(QStringLiteral("start:2s,duration:500ms"));
    QVERIFY(mixed.has_value());
    QCOMPARE(mixed->start->unit, PeriodBound::Unit::Milliseconds);
    QCOMPARE(formatPeriod(*mixed), QStringLiteral("start:2s,duration:500ms"));

    const auto startOnly = parsePeriod(QStringLiteral("start:30%"));
    QVERIFY(startOnly.has_value());
    QVERIFY(!startOnly->duration.has_value());
}

void TestDuration::rejectsBadPeriods()
{
    QString error;
    for (const char* text :
         {"", "start", "start:abc", "start:120%", "begin:10%", "start:10%,start:20%", "start:90%,duration:20%"}) {
        QVERIFY2(!parsePeriod(QString::fromLatin1(text), &error).has_value(), text);
        QVERIFY(!error.isEmpty());
    }
}

void TestDuration::periodWindow()
{
    const auto period = parsePeriod(QStringLiteral("start:10%,duration:15%"));
    const auto window = period->window(10000);
    QCOMPARE(window.first, 0.1);
    QCOMPARE(window.second, 0.25);
    const auto absolute = parsePeriod(QStringLiteral("start:2s,duration:1s"))->window(10000);
    QCOMPARE(absolute.first, 0.2);
    QCOMPARE(absolute.second, 0.3);
    QCOMPARE(Period{}.window(10000).second, 1.0);
}

QTEST_GUILESS_MAIN(TestDuration)
#include "TestDuration.moc"
