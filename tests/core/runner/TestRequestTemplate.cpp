#include "runner/RequestTemplate.h"

#include <QTest>

Q_DECLARE_METATYPE(Call)

class TestRequestTemplate : public QObject
{
    Q_OBJECT

private slots:
    void absoluteFormWithCallId();
    void callHeadersOverrideScenarioHeaders();
    void fillsSegmentsAndSendsTheBody();
    void headHasNoBody();
    void httpsGoesInOriginFormThroughATunnel();
    void rejectsWhatCannotBeSent_data();
    void rejectsWhatCannotBeSent();
};

void TestRequestTemplate::absoluteFormWithCallId()
{
    QString error;
    const auto request
        = RequestTemplate::build(Scenario{}, Call{.url = QStringLiteral("http://127.0.0.1:9090/users/?a=1")}, &error);
    QVERIFY2(request, qPrintable(error));
    const QByteArray bytes = request->request("abc-7");
    QVERIFY(bytes.startsWith("GET http://127.0.0.1:9090/users/?a=1 HTTP/1.1\r\nHost: 127.0.0.1:9090\r\n"));
    QVERIFY(bytes.contains("\r\nx-aftershock-call-id: abc-7\r\n\r\n"));
    QVERIFY(bytes.endsWith("\r\n\r\n"));
    QVERIFY(!bytes.contains("Content-Length"));
    QVERIFY(request->expectsBody());
}

void TestRequestTemplate::callHeadersOverrideScenarioHeaders()
{
    const Scenario scenario{.config = ScenarioConfig{.headers = {{QStringLiteral("Authorization"), QStringLiteral("a")},
                                                                 {QStringLiteral("X-Team"), QStringLiteral("core")}}}};
    const Call call{.url = QStringLiteral("http://localhost/"),
                    .headers = {{QStringLiteral("authorization"), QStringLiteral("b")}}};
    QString error;
    const QByteArray bytes = RequestTemplate::build(scenario, call, &error)->request("1");
    QVERIFY(bytes.contains("X-Team: core\r\n"));
    QVERIFY(bytes.contains("authorization: b\r\n"));
    QVERIFY(!bytes.contains("Authorization: a"));
    QVERIFY(bytes.contains("Host: localhost\r\n"));
}

void TestRequestTemplate::fillsSegmentsAndSendsTheBody()
{
    const Scenario scenario{.config = ScenarioConfig{.segments = {{QStringLiteral("user_id"), QStringLiteral("42")}}}};
    const Call call{.method = QStringLiteral("POST"),
                    .url = QStringLiteral("http://localhost:8080/users/{user_id}"),
                    .headers = {{QStringLiteral("Content-Length"), QStringLiteral("999")}},
                    .body = QStringLiteral("{\"name\":\"é\"}")};
    QString error;
    const auto request = RequestTemplate::build(scenario, call, &error);
    QCOMPARE(request->url(), QStringLiteral("http://localhost:8080/users/42"));
    const QByteArray bytes = request->request("9");
    QVERIFY(bytes.startsWith("POST http://localhost:8080/users/42 HTTP/1.1\r\n"));
    QVERIFY(bytes.contains("Content-Length: 13\r\n"));
    QVERIFY(!bytes.contains("999"));
    QVERIFY(bytes.endsWith("\r\n\r\n{\"name\":\"\xc3\xa9\"}"));
}

void TestRequestTemplate::headHasNoBody()
{
    QString error;
    const auto request = RequestTemplate::build(
        Scenario{}, Call{.method = QStringLiteral("HEAD"), .url = QStringLiteral("http://localhost/")}, &error);
    QVERIFY(!request->expectsBody());
}

void TestRequestTemplate::httpsGoesInOriginFormThroughATunnel()
{
    QString error;
    const auto request
        = RequestTemplate::build(Scenario{}, Call{.url = QStringLiteral("https://localhost:8443/a?b=1#c")}, &error);
    QVERIFY2(request, qPrintable(error));
    QVERIFY(request->usesTls());
    QCOMPARE(request->tlsPeerName(), QStringLiteral("localhost"));
    QVERIFY(request->request("7").startsWith("GET /a?b=1 HTTP/1.1\r\nHost: localhost:8443\r\n"));
    QCOMPARE(request->tunnelRequest("7"),
             QByteArray("CONNECT localhost:8443 HTTP/1.1\r\nHost: localhost:8443\r\nx-aftershock-call-id: 7\r\n\r\n"));
    const auto defaultPort = RequestTemplate::build(Scenario{}, Call{.url = QStringLiteral("https://[::1]")}, &error);
    QVERIFY(defaultPort->request("1").startsWith("GET / HTTP/1.1\r\n"));
    QVERIFY(defaultPort->tunnelRequest("1").startsWith("CONNECT [::1]:443 HTTP/1.1\r\n"));
    const auto plain = RequestTemplate::build(Scenario{}, Call{.url = QStringLiteral("http://localhost/")}, &error);
    QVERIFY(!plain->usesTls());
    QVERIFY(plain->tunnelRequest("1").isEmpty());
}

void TestRequestTemplate::rejectsWhatCannotBeSent_data()
{
    QTest::addColumn<Call>("call");
    QTest::newRow("ftp") << Call{.url = QStringLiteral("ftp://localhost/")};
    QTest::newRow("relative") << Call{.url = QStringLiteral("/users")};
    QTest::newRow("not a URL") << Call{.url = QStringLiteral("http://[oops/")};
    QTest::newRow("method with a space") << Call{.method = QStringLiteral("GET /"), .url = QStringLiteral("http://a/")};
    QTest::newRow("header splitting") << Call{.url = QStringLiteral("http://a/"),
                                              .headers = {{QStringLiteral("X"), QStringLiteral("1\r\nEvil: 2")}}};
    QTest::newRow("header name") << Call{.url = QStringLiteral("http://a/"),
                                         .headers = {{QStringLiteral("Bad Name"), QStringLiteral("1")}}};
}

void TestRequestTemplate::rejectsWhatCannotBeSent()
{
    QFETCH(Call, call);
    QString error;
    QVERIFY(!RequestTemplate::build(Scenario{}, call, &error));
    QVERIFY(!error.isEmpty());
}

QTEST_GUILESS_MAIN(TestRequestTemplate)
#include "TestRequestTemplate.moc"
