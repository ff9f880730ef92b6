#include "advisor/IdentifierSplitter.h"

#include <QTest>

class TestIdentifierSplitter : public QObject
{
    Q_OBJECT

private slots:
    void splitsIdentifiersIntoWords_data();
    void splitsIdentifiersIntoWords();
    void collectsTheWordsOfCompoundIdentifiers();
};

void TestIdentifierSplitter::splitsIdentifiersIntoWords_data()
{
    QTest::addColumn<QString>("identifier");
    QTest::addColumn<QStringList>("words");
    const QStringList createUser{QStringLiteral("create"), QStringLiteral("user")};
    QTest::newRow("snake") << QStringLiteral("create_user") << createUser;
    QTest::newRow("camel") << QStringLiteral("createUser") << createUser;
    QTest::newRow("screaming snake") << QStringLiteral("CREATE_USER") << createUser;
    QTest::newRow("kebab") << QStringLiteral("create-user") << createUser;
    QTest::newRow("pascal") << QStringLiteral("CreateUserHandler")
                            << QStringList{QStringLiteral("create"), QStringLiteral("user"), QStringLiteral("handler")};
    QTest::newRow("acronyms") << QStringLiteral("HTTPClientTimeout_retryCount")
                              << QStringList{QStringLiteral("http"), QStringLiteral("client"),
                                             QStringLiteral("timeout"), QStringLiteral("retry"),
                                             QStringLiteral("count")};
    QTest::newRow("acronym inside") << QStringLiteral(
        "XMLHttpRequest") << QStringList{QStringLiteral("xml"), QStringLiteral("http"), QStringLiteral("request")};
    QTest::newRow("digits stay") << QStringLiteral("sha1Digest")
                                 << QStringList{QStringLiteral("sha1"), QStringLiteral("digest")};
    QTest::newRow("digits then capital") << QStringLiteral("http2Client")
                                         << QStringList{QStringLiteral("http2"), QStringLiteral("client")};
    QTest::newRow("dunder") << QStringLiteral("__init__") << QStringList{QStringLiteral("init")};
    QTest::newRow("dollar") << QStringLiteral("$scope") << QStringList{QStringLiteral("scope")};
    QTest::newRow("one word") << QStringLiteral("latency") << QStringList{QStringLiteral("latency")};
    QTest::newRow("accents") << QStringLiteral("créerUtilisateur")
                             << QStringList{QStringLiteral("créer"), QStringLiteral("utilisateur")};
    QTest::newRow("nothing") << QStringLiteral("__") << QStringList{};
}

void TestIdentifierSplitter::splitsIdentifiersIntoWords()
{
    QFETCH(QString, identifier);
    QFETCH(QStringList, words);
    QCOMPARE(IdentifierSplitter::words(identifier), words);
}

void TestIdentifierSplitter::collectsTheWordsOfCompoundIdentifiers()
{
    QCOMPARE(IdentifierSplitter::compoundWords(u"def create_user(userId, name): return getUserName(userId)"),
             QStringLiteral("create user user id get user name user id"));
    QCOMPARE(IdentifierSplitter::compoundWords(u"x = y + 1"), QString());
}

QTEST_GUILESS_MAIN(TestIdentifierSplitter)
#include "TestIdentifierSplitter.moc"
