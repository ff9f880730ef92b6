#include "core/runner/SampleRun.h"
#include "report/JunitReport.h"

#include <QTest>
#include <QXmlStreamReader>

class TestJunitReport : public QObject
{
    Q_OBJECT

private slots:
    void aCasePerExpectationAndSlo();
};

void TestJunitReport::aCasePerExpectationAndSlo()
{
    QXmlStreamReader xml(JunitReport::toXml(sampleRun()));
    QStringList cases;
    QStringList failures;
    int suites = 0;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement()) {
            continue;
        }
        if (xml.name() == QLatin1String("testsuites")) {
            QCOMPARE(xml.attributes().value(QLatin1String("tests")).toInt(), 3);
            QCOMPARE(xml.attributes().value(QLatin1String("failures")).toInt(), 2);
        } else if (xml.name() == QLatin1String("testsuite")) {
            ++suites;
            QCOMPARE(xml.attributes().value(QLatin1String("name")).toString(), QStringLiteral("Sample \"quoted\""));
        } else if (xml.name() == QLatin1String("testcase")) {
            cases << xml.attributes().value(QLatin1String("name")).toString();
        } else if (xml.name() == QLatin1String("failure")) {
            failures << xml.attributes().value(QLatin1String("message")).toString();
        }
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QCOMPARE(suites, 1);
    QCOMPARE(cases,
             (QStringList{QStringLiteral("item 1: GET http://localhost:9090/, call 1"),
                          QStringLiteral("item 1: GET http://localhost:9090/, call 2"),
                          QStringLiteral("item 2: GET http://localhost:9090/, SLO errors")}));
    QCOMPARE(failures,
             (QStringList{QStringLiteral("expected status 200, got 500"),
                          QStringLiteral("50.00% of calls failed, not under 1%")}));
}

QTEST_GUILESS_MAIN(TestJunitReport)
#include "TestJunitReport.moc"
