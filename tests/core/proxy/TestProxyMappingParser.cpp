#include "proxy/ProxyMappingParser.h"

#include <QTest>

class TestProxyMappingParser : public QObject
{
    Q_OBJECT

private slots:
    void readsEveryForm()
    {
        QString error;
        auto mapping = ProxyMappingParser::parse(QStringLiteral("http:127.0.0.1:8080=api.example.com:80"), &error);
        QVERIFY2(mapping, qPrintable(error));
        QCOMPARE(mapping->protocol, ProxyMapping::Protocol::Http);
        QCOMPARE(mapping->listenAddress, QHostAddress(QHostAddress::LocalHost));
        QCOMPARE(mapping->listenPort, quint16(8080));
        QCOMPARE(mapping->remoteHost, QStringLiteral("api.example.com"));
        QCOMPARE(mapping->remotePort, quint16(80));

        mapping = ProxyMappingParser::parse(QStringLiteral(":5432=db:5432"), &error);
        QVERIFY2(mapping, qPrintable(error));
        QCOMPARE(mapping->protocol, ProxyMapping::Protocol::Tcp);
        QCOMPARE(mapping->listenAddress, QHostAddress(QHostAddress::LocalHost));

        mapping = ProxyMappingParser::parse(QStringLiteral("https:[::1]:8443=[2001:db8::1]:443"), &error);
        QVERIFY2(mapping, qPrintable(error));
        QCOMPARE(mapping->protocol, ProxyMapping::Protocol::Https);
        QCOMPARE(mapping->listenAddress, QHostAddress(QStringLiteral("::1")));
        QCOMPARE(mapping->remoteHost, QStringLiteral("2001:db8::1"));
    }

    void explainsWhatIsWrong_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("reason");
        QTest::newRow("no equals") << "8080"
                                   << "no '='";
        QTest::newRow("bad port") << ":99999=a:1"
                                  << "listening side";
        QTest::newRow("bad address") << "nothere:80=a:1"
                                     << "not an IP address";
        QTest::newRow("no remote port") << ":80=a"
                                        << "remote side";
    }

    void explainsWhatIsWrong()
    {
        QFETCH(QString, text);
        QFETCH(QString, reason);
        QString error;
        QVERIFY(!ProxyMappingParser::parse(text, &error));
        QVERIFY2(error.contains(reason) && error.contains(text), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestProxyMappingParser)
#include "TestProxyMappingParser.moc"
