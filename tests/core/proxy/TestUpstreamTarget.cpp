#include "proxy/UpstreamTarget.h"

#include <QTest>

class TestUpstreamTarget : public QObject
{
    Q_OBJECT

private slots:
    void readsAbsoluteUrls_data()
    {
        QTest::addColumn<QByteArray>("url");
        QTest::addColumn<QString>("host");
        QTest::addColumn<int>("port");
        QTest::addColumn<QByteArray>("originForm");
        QTest::addColumn<QString>("authority");
        QTest::addColumn<QByteArray>("hostHeader");
        QTest::newRow("default port") << QByteArray("http://Example.COM/a?b=1") << "example.com" << 80
                                      << QByteArray("/a?b=1") << "example.com:80" << QByteArray("example.com");
        QTest::newRow("port 80 written") << QByteArray("http://example.com:80") << "example.com" << 80
                                         << QByteArray("/") << "example.com:80" << QByteArray("example.com");
        QTest::newRow("other port") << QByteArray("http://127.0.0.1:8080/x") << "127.0.0.1" << 8080 << QByteArray("/x")
                                    << "127.0.0.1:8080" << QByteArray("127.0.0.1:8080");
        QTest::newRow("userinfo") << QByteArray("http://user:secret@example.com:81/") << "example.com" << 81
                                  << QByteArray("/") << "example.com:81" << QByteArray("example.com:81");
        QTest::newRow("IPv6") << QByteArray("http://[::1]:8080/v6") << "::1" << 8080 << QByteArray("/v6")
                              << "[::1]:8080" << QByteArray("[::1]:8080");
        QTest::newRow("IPv6, default port")
            << QByteArray("http://[::1]/v6") << "::1" << 80 << QByteArray("/v6") << "[::1]:80" << QByteArray("[::1]");
    }

    void readsAbsoluteUrls()
    {
        QFETCH(QByteArray, url);
        QFETCH(QString, host);
        QFETCH(int, port);
        QFETCH(QByteArray, originForm);
        QFETCH(QString, authority);
        QFETCH(QByteArray, hostHeader);
        QByteArray readOriginForm;
        const auto target = UpstreamTarget::fromAbsoluteUrl(url, &readOriginForm);
        QVERIFY(target);
        QCOMPARE(target->host, host);
        QCOMPARE(int(target->port), port);
        QCOMPARE(readOriginForm, originForm);
        QCOMPARE(target->authority(), authority);
        QCOMPARE(target->hostHeader(), hostHeader);
    }

    void readsConnectTargets()
    {
        QCOMPARE(UpstreamTarget::fromAuthority("[::1]:443")->authority(), QStringLiteral("[::1]:443"));
        QCOMPARE(UpstreamTarget::fromAuthority("Example.com:8443")->port, quint16(8443));
        QVERIFY(!UpstreamTarget::fromAuthority("example.com"));
    }

    void refusesWhatIsNotAnAbsoluteHttpUrl()
    {
        for (const QByteArray& url : {QByteArray("/relative"), QByteArray("https://example.com/"),
                                      QByteArray("ftp://example.com/"), QByteArray("http:///nohost")}) {
            QVERIFY2(!UpstreamTarget::fromAbsoluteUrl(url, nullptr), url.constData());
        }
    }
};

QTEST_GUILESS_MAIN(TestUpstreamTarget)
#include "TestUpstreamTarget.moc"
