#include "GuiTestSupport.h"
#include "advisor/ApiKeyStore.h"
#include "advisor/LlmProviders.h"
#include "settings/AppSettings.h"
#include "settings/SettingsDialog.h"
#include "shell/StatusLabel.h"

#include <QComboBox>
#include <QFile>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace GuiTestSupport;

namespace
{
const QString SecretKey = QStringLiteral("sk-test-4f9c2b7e1d");

// A provider on 127.0.0.1 that answers every request with one canned response and keeps what it got.
class FakeProvider : public QObject
{
public:
    explicit FakeProvider(QByteArray response)
        : m_response(std::move(response))
    {
        m_server.listen(QHostAddress::LocalHost);
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            QTcpSocket* socket = m_server.nextPendingConnection();
            connect(socket, &QTcpSocket::readyRead, this, [this, socket] {
                received += socket->readAll();
                if (received.contains("\r\n\r\n")) {
                    socket->write(m_response);
                    socket->disconnectFromHost();
                }
            });
        });
    }

    QString baseUrl(const QString& path = QStringLiteral("/v1")) const
    {
        return QStringLiteral("http://127.0.0.1:%1%2").arg(m_server.serverPort()).arg(path);
    }

    QByteArray received;

private:
    QTcpServer m_server;
    QByteArray m_response;
};

QByteArray httpResponse(int status, const QByteArray& body)
{
    return "HTTP/1.1 " + QByteArray::number(status) + " Status\r\nContent-Type: application/json\r\nContent-Length: "
        + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
}
} // namespace

// Providers, keys and proxy settings; keys only ever in the keychain.
class TestSettingsDialog : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void testsTheConnectionWithTheKeyInAHeader();
    void testsEachProviderWhereItsClientWouldCall_data();
    void testsEachProviderWhereItsClientWouldCall();
    void listsTheCoresProvidersAndModels();
    void aRefusedKeyIsNotRepeated();
    void settingsAreKeptButKeysOnlyInTheKeychain();

private:
    template<typename Widget>
    Widget* widget(const QString& name) const
    {
        return require<Widget>(m_dialog.get(), name);
    }
    void fillProvider(const QString& baseUrl, const QString& key);

    std::unique_ptr<ApiKeyStore> m_keyStore;
    std::unique_ptr<SettingsDialog> m_dialog;
};

void TestSettingsDialog::initTestCase()
{
    isolateSettings(QStringLiteral("TestSettingsDialog"));
}

void TestSettingsDialog::init()
{
    m_keyStore = std::make_unique<ApiKeyStore>(
        QStringLiteral("AftershockSettingsTest-%1").arg(QCoreApplication::applicationPid()));
    m_dialog = std::make_unique<SettingsDialog>(m_keyStore.get());
    m_dialog->show();
    m_dialog->selectProvider(QStringLiteral("openai-compatible"));
    // The key field opens once the keychain has answered, with a key or with an error.
    QTRY_VERIFY(widget<QLineEdit>(QStringLiteral("apiKeyLineEdit"))->isEnabled());
}

void TestSettingsDialog::cleanup()
{
    m_dialog.reset();
    m_keyStore.reset();
}

void TestSettingsDialog::testsTheConnectionWithTheKeyInAHeader()
{
    FakeProvider provider(httpResponse(200, R"({"object": "list", "data": [{"id": "small"}, {"id": "large"}]})"));
    fillProvider(provider.baseUrl(), SecretKey);
    widget<QPushButton>(QStringLiteral("testConnectionButton"))->click();
    auto* status = widget<StatusLabel>(QStringLiteral("connectionStatusLabel"));
    QTRY_VERIFY(status->accessibleName().contains(QStringLiteral("2 model")));
    QCOMPARE(status->kind(), StatusLabel::Kind::Good);
    QVERIFY(provider.received.startsWith("GET /v1/models "));
    QVERIFY(provider.received.contains("Authorization: Bearer " + SecretKey.toUtf8()));
}

void TestSettingsDialog::testsEachProviderWhereItsClientWouldCall_data()
{
    QTest::addColumn<QString>("provider");
    QTest::addColumn<QString>("basePath");
    QTest::addColumn<QByteArray>("requestLine");
    QTest::addColumn<QByteArray>("keyHeader");
    // Base URLs in the forms the advisor's clients take (LlmEndpoint), the server's root included.
    QTest::newRow("OpenAI") << "openai"
                            << "/v1" << QByteArray("GET /v1/models ") << QByteArray("Authorization: Bearer ");
    QTest::newRow("OpenRouter") << "openrouter"
                                << "/api/v1" << QByteArray("GET /api/v1/models ")
                                << QByteArray("Authorization: Bearer ");
    QTest::newRow("Anthropic's root") << "anthropic"
                                      << "" << QByteArray("GET /v1/models ") << QByteArray("x-api-key: ");
    QTest::newRow("Gemini's root") << "gemini"
                                   << "" << QByteArray("GET /v1beta/models ") << QByteArray("x-goog-api-key: ");
    QTest::newRow("Gemini with its version")
        << "gemini"
        << "/v1" << QByteArray("GET /v1/models ") << QByteArray("x-goog-api-key: ");
    QTest::newRow("Ollama's OpenAI root")
        << "ollama"
        << "/v1" << QByteArray("GET /api/tags ") << QByteArray("Authorization: Bearer ");
}

void TestSettingsDialog::testsEachProviderWhereItsClientWouldCall()
{
    QFETCH(QString, provider);
    QFETCH(QString, basePath);
    QFETCH(QByteArray, requestLine);
    QFETCH(QByteArray, keyHeader);
    FakeProvider server(httpResponse(200, R"({"models": [{"name": "one"}]})"));
    m_dialog->selectProvider(provider);
    QTRY_VERIFY(widget<QLineEdit>(QStringLiteral("apiKeyLineEdit"))->isEnabled());
    fillProvider(server.baseUrl(basePath), SecretKey);
    widget<QPushButton>(QStringLiteral("testConnectionButton"))->click();
    auto* status = widget<StatusLabel>(QStringLiteral("connectionStatusLabel"));
    QTRY_VERIFY(status->accessibleName().contains(QStringLiteral("1 model")));
    QVERIFY2(server.received.startsWith(requestLine), server.received.constData());
    QVERIFY(server.received.contains(keyHeader + SecretKey.toUtf8()));
}

void TestSettingsDialog::listsTheCoresProvidersAndModels()
{
    auto* providers = widget<QListWidget>(QStringLiteral("providersListWidget"));
    auto* advisorProvider = widget<QComboBox>(QStringLiteral("advisorProviderComboBox"));
    const QList<LlmProvider> all = LlmProviders::all();
    QCOMPARE(providers->count(), all.size());
    QCOMPARE(advisorProvider->count(), all.size());
    for (int row = 0; row < all.size(); ++row) {
        QCOMPARE(providers->item(row)->text(), LlmProviders::displayName(all.at(row)));
        QCOMPARE(advisorProvider->itemData(row).toString(), LlmProviders::name(all.at(row)));
    }
    m_dialog->selectProvider(QStringLiteral("anthropic"));
    auto* models = widget<QComboBox>(QStringLiteral("modelComboBox"));
    QCOMPARE(models->count(), LlmProviders::suggestedModels(LlmProvider::Anthropic).size());
    QCOMPARE(models->currentText(), LlmProviders::defaultModel(LlmProvider::Anthropic));
    QCOMPARE(widget<QLineEdit>(QStringLiteral("baseUrlLineEdit"))->text(),
             LlmProviders::defaultBaseUrl(LlmProvider::Anthropic).toString());
}

void TestSettingsDialog::aRefusedKeyIsNotRepeated()
{
    FakeProvider provider(
        httpResponse(401, R"({"error": {"message": "Incorrect API key provided: )" + SecretKey.toUtf8() + "\"}}"));
    fillProvider(provider.baseUrl(), SecretKey);
    widget<QPushButton>(QStringLiteral("testConnectionButton"))->click();
    auto* status = widget<StatusLabel>(QStringLiteral("connectionStatusLabel"));
    QTRY_VERIFY(status->accessibleName().contains(QStringLiteral("401")));
    QCOMPARE(status->kind(), StatusLabel::Kind::Problem);
    QVERIFY(!status->accessibleName().contains(SecretKey));
    QVERIFY(!status->text().contains(SecretKey));
}

void TestSettingsDialog::settingsAreKeptButKeysOnlyInTheKeychain()
{
    if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS")) {
        QSKIP("No D-Bus session bus: run through ./scripts/test, which starts one with a keyring");
    }
    fillProvider(QStringLiteral("http://127.0.0.1:8000/v1"), SecretKey);
    widget<QComboBox>(QStringLiteral("modelComboBox"))->setCurrentText(QStringLiteral("local-model"));
    widget<QSpinBox>(QStringLiteral("proxyPortSpinBox"))->setValue(4180);
    widget<QSpinBox>(QStringLiteral("responseTimeoutSpinBox"))->setValue(45000);
    QSignalSpy accepted(m_dialog.get(), &QDialog::accepted);
    m_dialog->accept();
    QVERIFY(accepted.wait(10000));

    QCOMPARE(AppSettings::baseUrl(QStringLiteral("openai-compatible")), QStringLiteral("http://127.0.0.1:8000/v1"));
    QCOMPARE(AppSettings::model(QStringLiteral("openai-compatible")), QStringLiteral("local-model"));
    QCOMPARE(AppSettings::proxyPort(), 4180);
    QCOMPARE(AppSettings::responseTimeoutMs(), 45000);
    QSettings settings;
    settings.sync();
    QFile file(settings.fileName());
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(!file.readAll().contains(SecretKey.toUtf8()));

    QSignalSpy read(m_keyStore.get(), &ApiKeyStore::keyRead);
    m_keyStore->readKey(QStringLiteral("openai-compatible"));
    QVERIFY(read.wait(10000));
    QCOMPARE(read.last().at(1).toString(), SecretKey);
    QSignalSpy deleted(m_keyStore.get(), &ApiKeyStore::keyDeleted);
    m_keyStore->deleteKey(QStringLiteral("openai-compatible"));
    QVERIFY(deleted.wait(10000));
}

void TestSettingsDialog::fillProvider(const QString& baseUrl, const QString& key)
{
    widget<QLineEdit>(QStringLiteral("baseUrlLineEdit"))->setText(baseUrl);
    widget<QLineEdit>(QStringLiteral("apiKeyLineEdit"))->setText(key);
    QCOMPARE(widget<QLineEdit>(QStringLiteral("apiKeyLineEdit"))->echoMode(), QLineEdit::Password);
}

QTEST_MAIN(TestSettingsDialog)
#include "TestSettingsDialog.moc"
