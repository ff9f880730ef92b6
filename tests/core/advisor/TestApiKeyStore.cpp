#include "advisor/ApiKeyStore.h"

#include <QCoreApplication>
#include <QSignalSpy>
#include <QTest>

// Talks to the real keychain: gnome-keyring on the private session bus that ./scripts/test starts.
class TestApiKeyStore : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void writesReadsAndDeletesAKey();
    void readingAMissingKeyGivesAnEmptyKey();

private:
    static constexpr int KeychainTimeoutMs = 10000;
    // The keychain is shared with the user's other programs: a service of our own per run.
    const QString m_service = QStringLiteral("AftershockTest-%1").arg(QCoreApplication::applicationPid());
};

void TestApiKeyStore::initTestCase()
{
    if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS")) {
        QSKIP("No D-Bus session bus: run through ./scripts/test, which starts one with a keyring");
    }
}

void TestApiKeyStore::writesReadsAndDeletesAKey()
{
    ApiKeyStore store(m_service);
    QSignalSpy written(&store, &ApiKeyStore::keyWritten);
    QSignalSpy read(&store, &ApiKeyStore::keyRead);
    QSignalSpy deleted(&store, &ApiKeyStore::keyDeleted);
    QSignalSpy failed(&store, &ApiKeyStore::failed);
    const QString secret = QStringLiteral("sk-test-0123456789");

    store.writeKey(QStringLiteral("openai"), secret);
    QVERIFY2(written.wait(KeychainTimeoutMs), qPrintable(failed.value(0).value(1).toString()));
    QCOMPARE(written.at(0).at(0).toString(), QStringLiteral("openai"));

    store.readKey(QStringLiteral("openai"));
    QVERIFY(read.wait(KeychainTimeoutMs));
    QCOMPARE(read.at(0).at(1).toString(), secret);

    store.deleteKey(QStringLiteral("openai"));
    QVERIFY(deleted.wait(KeychainTimeoutMs));
    store.readKey(QStringLiteral("openai"));
    QVERIFY(read.wait(KeychainTimeoutMs));
    QCOMPARE(read.at(1).at(1).toString(), QString());
    QCOMPARE(failed.count(), 0);
}

void TestApiKeyStore::readingAMissingKeyGivesAnEmptyKey()
{
    ApiKeyStore store(m_service);
    QSignalSpy read(&store, &ApiKeyStore::keyRead);
    store.readKey(QStringLiteral("never-stored"));
    QVERIFY(read.wait(KeychainTimeoutMs));
    QCOMPARE(read.at(0).at(0).toString(), QStringLiteral("never-stored"));
    QCOMPARE(read.at(0).at(1).toString(), QString());
}

QTEST_GUILESS_MAIN(TestApiKeyStore)
#include "TestApiKeyStore.moc"
