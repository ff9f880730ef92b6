#include "proxy/UpstreamTarget.h"

#include <QTest>

class TestUpstreamTarget : public QObject
{
    Q_OBJECT

private slots:
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

QTEST_GUILESS_MAIN(TestUpstreamTarget)
#include "TestUpstreamTarget.moc"
