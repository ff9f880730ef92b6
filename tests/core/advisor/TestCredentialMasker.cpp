#include "advisor/CredentialMasker.h"

#include <QTest>

class TestCredentialMasker : public QObject
{
    Q_OBJECT

private slots:
    void masksCredentials_data();
    void masksCredentials();
    void leavesOrdinaryCodeAlone_data();
    void leavesOrdinaryCodeAlone();
    void keepsTheLinesOfAKeyBlock();
    void masksUnquotedValuesOnlyWhenAsked();
};

void TestCredentialMasker::masksCredentials_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("secret");
    QTest::addColumn<QString>("kept"); // what must stay around it
    QTest::newRow("openai") << QStringLiteral("client = OpenAI(api=\"sk-proj-4f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c\")")
                            << QStringLiteral("sk-proj-4f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c")
                            << QStringLiteral("client = OpenAI(");
    QTest::newRow("anthropic") << QStringLiteral("KEY = sk-ant-api03-abcdefghij0123456789")
                               << QStringLiteral("sk-ant-api03-abcdefghij0123456789") << QStringLiteral("KEY = ");
    QTest::newRow("aws") << QStringLiteral("aws_access_key_id: AKIAIOSFODNN7EXAMPLE")
                         << QStringLiteral("AKIAIOSFODNN7EXAMPLE") << QStringLiteral("aws_access_key_id: ");
    QTest::newRow("github") << QStringLiteral("token ghp_EXAMPLEexample0123456789EXAMPLEexamp here")
                            << QStringLiteral("ghp_EXAMPLEexample0123456789EXAMPLEexamp") << QStringLiteral(" here");
    QTest::newRow("slack") << QStringLiteral("hook(xoxb-123456789012-abcdefABCDEF)")
                           << QStringLiteral("xoxb-123456789012-abcdefABCDEF") << QStringLiteral("hook(");
    QTest::newRow("google") << QStringLiteral("key=AIzaSyEXAMPLE-example_EXAMPLE0123456789")
                            << QStringLiteral("AIzaSyEXAMPLE-example_EXAMPLE0123456789") << QStringLiteral("key=");
    QTest::newRow("stripe") << QStringLiteral("stripe.api_key = os.getenv('X') or sk_live_4eC39HqLyjWDarjtT1zdp7dc")
                            << QStringLiteral("sk_live_4eC39HqLyjWDarjtT1zdp7dc")
                            << QStringLiteral("os.getenv('X') or ");
    QTest::newRow("jwt") << QStringLiteral(
        "t = eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N")
                         << QStringLiteral("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N")
                         << QStringLiteral("t = ");
    QTest::newRow("bearer") << QStringLiteral("headers = {'Authorization': f'Bearer 9f8e7d6c5b4a39281706abcd'}")
                            << QStringLiteral("9f8e7d6c5b4a39281706abcd") << QStringLiteral("Bearer ");
    QTest::newRow("password in a URL") << QStringLiteral("DATABASE_URL = postgres://app:hunter2@db:5432/app")
                                       << QStringLiteral(":hunter2@") << QStringLiteral("postgres://app:");
    QTest::newRow("password assignment") << QStringLiteral("password = \"correct horse battery\"")
                                         << QStringLiteral("correct horse battery") << QStringLiteral("password = \"");
    QTest::newRow("api key in a mapping") << QStringLiteral("{\"api_key\": 'abc123xyz', \"name\": \"demo\"}")
                                          << QStringLiteral("abc123xyz") << QStringLiteral("\"name\": \"demo\"");
    QTest::newRow("go secret") << QStringLiteral("clientSecret := `s3cr3t-value`") << QStringLiteral("s3cr3t-value")
                               << QStringLiteral("clientSecret := `");
    QTest::newRow("uppercase token") << QStringLiteral("GITHUB_TOKEN='abcdefgh'") << QStringLiteral("abcdefgh")
                                     << QStringLiteral("GITHUB_TOKEN='");
}

void TestCredentialMasker::masksCredentials()
{
    QFETCH(QString, text);
    QFETCH(QString, secret);
    QFETCH(QString, kept);
    const QString masked = CredentialMasker::mask(text, false);
    QVERIFY2(!masked.contains(secret), qPrintable(masked));
    QVERIFY2(masked.contains(CredentialMasker::Mask), qPrintable(masked));
    QVERIFY2(masked.contains(kept), qPrintable(masked));
}

void TestCredentialMasker::leavesOrdinaryCodeAlone_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("column named password") << QStringLiteral("secret_password = Column(String)");
    QTest::newRow("parameter") << QStringLiteral("User(name=name, secret_password=secret_password)");
    QTest::newRow("annotation") << QStringLiteral("def login(password: str, token_type: str = \"bearer\"):");
    QTest::newRow("url without credentials") << QStringLiteral("servers = [{\"url\": \"http://localhost:9090\"}]");
    QTest::newRow("css class") << QStringLiteral("<div class=\"sk-spinner-double-bounce\">");
    QTest::newRow("bearer template") << QStringLiteral("headers['Authorization'] = 'Bearer ' + token");
    QTest::newRow("prose") << QStringLiteral("# Basic authentication is configured elsewhere.");
}

void TestCredentialMasker::leavesOrdinaryCodeAlone()
{
    QFETCH(QString, text);
    QCOMPARE(CredentialMasker::mask(text, false), text);
}

void TestCredentialMasker::keepsTheLinesOfAKeyBlock()
{
    const QString text = QStringLiteral("KEY = \"\"\"\n-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA1234\n"
                                        "abcdEFGH5678==\n-----END RSA PRIVATE KEY-----\n\"\"\"\nprint(KEY)\n");
    const QString masked = CredentialMasker::mask(text, false);
    QVERIFY2(!masked.contains(QStringLiteral("MIIEpAIBAAKCAQEA1234")), qPrintable(masked));
    QVERIFY(!masked.contains(QStringLiteral("abcdEFGH5678")));
    QCOMPARE(masked.count(u'\n'), text.count(u'\n'));
    QCOMPARE(masked.split(u'\n').at(6), QStringLiteral("print(KEY)"));
    // In code, the key is often one string with `\n` escapes.
    const QString escaped = CredentialMasker::mask(
        QStringLiteral("k = \"-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBg\\n-----END PRIVATE KEY-----\\n\""), false);
    QVERIFY2(!escaped.contains(QStringLiteral("MIIEvQIBADANBg")), qPrintable(escaped));
}

void TestCredentialMasker::masksUnquotedValuesOnlyWhenAsked()
{
    const QString configuration = QStringLiteral("database:\n  password: hunter2\n  user: app\nAPI_KEY=abc123\n");
    const QString masked = CredentialMasker::mask(configuration, true);
    QVERIFY2(!masked.contains(QStringLiteral("hunter2")), qPrintable(masked));
    QVERIFY2(!masked.contains(QStringLiteral("abc123")), qPrintable(masked));
    QVERIFY(masked.contains(QStringLiteral("user: app")));
    const QString code = QStringLiteral("password = request.password\n");
    QCOMPARE(CredentialMasker::mask(code, false), code);
}

QTEST_GUILESS_MAIN(TestCredentialMasker)
#include "TestCredentialMasker.moc"
