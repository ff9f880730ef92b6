#pragma once

#include <QObject>
#include <QString>

// The LLM providers' API keys, kept in the system keychain (QtKeychain: libsecret, KWallet,
// macOS Keychain, Windows Credential Store) and nowhere else: never in QSettings, a file, a log
// or an error message. Every operation returns at once and reports with one signal when the
// keychain answers; the event loop must run meanwhile.
class ApiKeyStore : public QObject
{
    Q_OBJECT

public:
    // serviceName groups our entries in the keychain; tests pass their own to stay apart.
    explicit ApiKeyStore(QString serviceName = defaultServiceName(), QObject* parent = nullptr);

    static QString defaultServiceName();
    QString serviceName() const;

    void readKey(const QString& provider);
    void writeKey(const QString& provider, const QString& key);
    void deleteKey(const QString& provider);

signals:
    // key is empty when none is stored for the provider.
    void keyRead(const QString& provider, const QString& key);
    void keyWritten(const QString& provider);
    // Also when there was nothing to delete.
    void keyDeleted(const QString& provider);
    // message names the provider and the keychain's reason, never the key.
    void failed(const QString& provider, const QString& message);

private:
    QString m_serviceName;
};
