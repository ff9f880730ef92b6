#include "proxy/UpstreamFilter.h"

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
        QCOMPARE(filter.matches(UpstreamTarget{{}, host, static_cast<quint16>(port)}), matches);
    }

    void readsRequestTargets()
    {
        QByteArray originForm;
        const auto target = UpstreamTarget::fromAbsoluteUrl("http://Example.com:8080/a/b?c=d#frag", &originForm);
        QVERIFY(target);
        QCOMPARE(target->host, QStringLiteral("example.com"));
        QCOMPARE(target->port, quint16(8080));
        QCOMPARE(originForm, QByteArray("/a/b?c=d"));
        QCOMPARE(UpstreamTarget::fromAbsoluteUrl("http://example.com", &originForm)->port, quint16(80));
        QCOMPARE(originForm, QByteArray("/"));
        QVERIFY(!UpstreamTarget::fromAbsoluteUrl("https://example.com/", &originForm));
        QVERIFY(!UpstreamTarget::fromAbsoluteUrl("/relative", &originForm));
        QCOMPARE(UpstreamTarget::fromAuthority("[::1]:443")->authority(), QStringLiteral("[::1]:443"));
        QVERIFY(!UpstreamTarget::fromAuthority("example.com"));
    }
};

QTEST_GUILESS_MAIN(TestUpstreamFilter)
#include "TestUpstreamFilter.moc"
