#pragma once

#include <memory>

#include <QDialog>
#include <QHash>
#include <QSet>

class ApiKeyStore;
class ConnectionTester;

namespace Ui
{
class SettingsDialog;
}

// Preferences: the AI providers (model, base URL, API key, with a connection test) and the proxy's
// port and timeouts. Keys go to the system keychain only, read and written asynchronously; the
// dialog closes once the keychain has taken them.
class SettingsDialog final : public QDialog
{
    Q_OBJECT

public:
    SettingsDialog(ApiKeyStore* keyStore, QWidget* parent = nullptr);
    ~SettingsDialog() override;

    void selectProvider(const QString& id);
    void accept() override;

private:
    // What the dialog holds for a provider until OK.
    struct ProviderFields
    {
        QString model;
        QString baseUrl;
        QString key;
        QString storedKey; // as read from the keychain
        bool keyRead = false;
    };

    void showProvider(int row);
    void keepShownProvider();
    void showKeyNote();
    void testConnection();
    void keyRead(const QString& provider, const QString& key);
    void keySaved(const QString& provider);
    void keychainFailed(const QString& provider, const QString& message);
    void saveSettings();
    QString shownProvider() const;

    std::unique_ptr<Ui::SettingsDialog> m_ui;
    ApiKeyStore* m_keyStore;
    ConnectionTester* m_tester;
    QHash<QString, ProviderFields> m_fields;
    QString m_shownProvider;
    QSet<QString> m_keysBeingSaved;
};
