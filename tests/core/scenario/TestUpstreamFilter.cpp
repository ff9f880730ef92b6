#include "scenario/UpstreamFilter.h"

#include <QTest>

class TestUpstreamFilter : public QObject
{
    Q_OBJECT

private slots:
    void matchesAsSpecSays_data()
    {
        QTest::addColumn<QStringList>("upstreams");
        QTest::addColumn<QString>("host");
        QTest::addColumn<int>("port");
        QTest::addColumn<bool>("matches");
        QTest::newRow("star") << QStringList{"*"} << "api.example.com" << 443 << true;
        QTest::newRow("url with port") << QStringList{"http://localhost:9090/"} << "localhost" << 9090 << true;
        QTest::newRow("url other port") << QStringList{"http://localhost:9090/"} << "localhost" << 9091 << false;
        QTest::newRow("url scheme port") << QStringList{"https://api.example.com"} << "api.example.com" << 443 << true;
        QTest::newRow("url scheme port 80")
            << QStringList{"http://api.example.com"} << "api.example.com" << 443 << false;
        QTest::newRow("host:port") << QStringList{"api.example.com:8080"} << "API.example.com" << 8080 << true;
        QTest::newRow("bare host any port") << QStringList{"api.example.com"} << "api.example.com" << 1234 << true;
        QTest::newRow("wildcard sub") << QStringList{"*.example.com:443"} << "a.b.example.com" << 443 << true;
        QTest::newRow("wildcard apex") << QStringList{"*.example.com"} << "example.com" << 80 << true;
        QTest::newRow("wildcard other") << QStringList{"*.example.com"} << "example.org" << 80 << false;
        QTest::newRow("loopback names") << QStringList{"http://localhost:9090"} << "127.0.0.1" << 9090 << true;
        QTest::newRow("ipv6 loopback") << QStringList{"[::1]:9090"} << "localhost" << 9090 << true;
        QTest::newRow("empty") << QStringList{} << "localhost" << 80 << false;
        QTest::newRow("garbage ignored") << QStringList{"host:notaport", "b:1"} << "b" << 1 << true;
    }

    void matchesAsSpecSays()
    {
        QFETCH(QStringList, upstreams);
        QFETCH(QString, host);
        QFETCH(int, port);
        QFETCH(bool, matches);
        const UpstreamFilter filter(upstreams);
        QCOMPARE(filter.matches(host, static_cast<quint16>(port)), matches);
    }
};

QTEST_GUILESS_MAIN(TestUpstreamFilter)
#include "TestUpstreamFilter.moc"
