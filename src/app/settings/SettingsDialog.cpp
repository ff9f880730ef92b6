#include "settings/SettingsDialog.h"

#include "advisor/ApiKeyStore.h"
#include "advisor/LlmProviders.h"
#include "settings/AppSettings.h"
#include "settings/ConnectionTester.h"
#include "shell/AppIcons.h"

#include <QPushButton>

#include "ui_SettingsDialog.h"

namespace
{
constexpr int ProviderRowHeight = 30;

// Ids come from LlmProviders' own list, so each names a provider.
LlmProvider providerOf(const QString& id)
{
    return *LlmProviders::fromName(id);
}
} // namespace

SettingsDialog::SettingsDialog(ApiKeyStore* keyStore, QWidget* parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::SettingsDialog>())
    , m_keyStore(keyStore)
    , m_tester(new ConnectionTester(this))
{
    m_ui->setupUi(this);
    setWindowIcon(AppIcons::icon(QStringLiteral("settings")));
    QFont titleFont = m_ui->providerTitleLabel->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.2);
    m_ui->providerTitleLabel->setFont(titleFont);
    m_ui->keychainStatusLabel->hide();

    for (const LlmProvider provider : LlmProviders::all()) {
        const QString id = LlmProviders::name(provider);
        m_fields.insert(id, {AppSettings::model(id), AppSettings::baseUrl(id), {}, {}, false});
        auto* item = new QListWidgetItem(LlmProviders::displayName(provider), m_ui->providersListWidget);
        item->setData(Qt::UserRole, id);
        item->setSizeHint(QSize(0, ProviderRowHeight));
        m_ui->advisorProviderComboBox->addItem(LlmProviders::displayName(provider), id);
        m_keyStore->readKey(id);
    }
    m_ui->advisorProviderComboBox->setCurrentIndex(
        std::max(0, m_ui->advisorProviderComboBox->findData(AppSettings::advisorProvider())));
    m_ui->proxyPortSpinBox->setValue(AppSettings::proxyPort());
    m_ui->connectTimeoutSpinBox->setValue(AppSettings::connectTimeoutMs());
    m_ui->responseTimeoutSpinBox->setValue(AppSettings::responseTimeoutMs());

    connect(m_keyStore, &ApiKeyStore::keyRead, this, &SettingsDialog::keyRead);
    connect(m_keyStore, &ApiKeyStore::keyWritten, this, &SettingsDialog::keySaved);
    connect(m_keyStore, &ApiKeyStore::keyDeleted, this, &SettingsDialog::keySaved);
    connect(m_keyStore, &ApiKeyStore::failed, this, &SettingsDialog::keychainFailed);
    connect(m_ui->providersListWidget, &QListWidget::currentRowChanged, this, [this](int row) {
        keepShownProvider();
        showProvider(row);
    });
    connect(m_ui->testConnectionButton, &QPushButton::clicked, this, &SettingsDialog::testConnection);
    connect(m_tester, &ConnectionTester::finished, this, [this](bool connected, const QString& message) {
        m_ui->testConnectionButton->setEnabled(true);
        m_ui->connectionStatusLabel->setStatus(connected ? StatusLabel::Kind::Good : StatusLabel::Kind::Problem,
                                               message);
    });
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
    m_ui->providersListWidget->setCurrentRow(0);
}

SettingsDialog::~SettingsDialog() = default;

void SettingsDialog::selectProvider(const QString& id)
{
    for (int row = 0; row < m_ui->providersListWidget->count(); ++row) {
        if (m_ui->providersListWidget->item(row)->data(Qt::UserRole).toString() == id) {
            m_ui->providersListWidget->setCurrentRow(row);
        }
    }
}

void SettingsDialog::accept()
{
    keepShownProvider();
    saveSettings();
    for (auto fields = m_fields.cbegin(); fields != m_fields.cend(); ++fields) {
        if (!fields->keyRead || fields->key == fields->storedKey) {
            continue;
        }
        m_keysBeingSaved.insert(fields.key());
        if (fields->key.isEmpty()) {
            m_keyStore->deleteKey(fields.key());
        } else {
            m_keyStore->writeKey(fields.key(), fields->key);
        }
    }
    if (m_keysBeingSaved.isEmpty()) {
        QDialog::accept();
        return;
    }
    m_ui->buttonBox->button(QDialogButtonBox::Ok)->setEnabled(false);
    m_ui->keychainStatusLabel->setStatus(StatusLabel::Kind::Note, tr("Saving the API keys in the system keychain…"));
    m_ui->keychainStatusLabel->show();
}

void SettingsDialog::showProvider(int row)
{
    m_shownProvider = m_ui->providersListWidget->item(row)->data(Qt::UserRole).toString();
    const LlmProvider provider = providerOf(m_shownProvider);
    const ProviderFields& fields = m_fields[m_shownProvider];
    const QString defaultBaseUrl = LlmProviders::defaultBaseUrl(provider).toString();
    m_ui->providerTitleLabel->setText(LlmProviders::displayName(provider));
    m_ui->modelComboBox->clear();
    m_ui->modelComboBox->addItems(LlmProviders::suggestedModels(provider));
    m_ui->modelComboBox->setCurrentText(fields.model.isEmpty() ? LlmProviders::defaultModel(provider) : fields.model);
    m_ui->baseUrlLineEdit->setPlaceholderText(defaultBaseUrl);
    m_ui->baseUrlLineEdit->setText(fields.baseUrl.isEmpty() ? defaultBaseUrl : fields.baseUrl);
    m_ui->apiKeyLineEdit->setText(fields.key);
    m_ui->apiKeyLineEdit->setEnabled(fields.keyRead);
    m_ui->apiKeyLineEdit->setPlaceholderText(
        !fields.keyRead ? tr("Reading the system keychain…")
                        : (LlmProviders::needsKey(provider) ? tr("Required") : tr("Not needed by most servers")));
    m_ui->connectionStatusLabel->clear();
    showKeyNote();
}

void SettingsDialog::keepShownProvider()
{
    const QString provider = shownProvider();
    if (provider.isEmpty()) {
        return;
    }
    ProviderFields& fields = m_fields[provider];
    const QString model = m_ui->modelComboBox->currentText().trimmed();
    const QString baseUrl = m_ui->baseUrlLineEdit->text().trimmed();
    // The provider's defaults are kept as "not set", so that they follow future defaults.
    fields.model = model == LlmProviders::defaultModel(providerOf(provider)) ? QString() : model;
    fields.baseUrl = baseUrl == LlmProviders::defaultBaseUrl(providerOf(provider)).toString() ? QString() : baseUrl;
    if (fields.keyRead) {
        fields.key = m_ui->apiKeyLineEdit->text().trimmed();
    }
}

void SettingsDialog::showKeyNote()
{
    const QString variable = LlmProviders::environmentVariable(providerOf(shownProvider()));
    QString note = tr("Kept in the system keychain, never in a file.");
    if (!variable.isEmpty() && qEnvironmentVariableIsSet(qPrintable(variable))) {
        note += QLatin1Char(' ') + tr("%1 is set, and is used instead.").arg(variable);
    }
    m_ui->apiKeyNoteLabel->setText(note);
}

void SettingsDialog::testConnection()
{
    m_ui->testConnectionButton->setEnabled(false);
    m_ui->connectionStatusLabel->setStatus(StatusLabel::Kind::Note, tr("Testing…"));
    m_tester->test(providerOf(shownProvider()), m_ui->baseUrlLineEdit->text(), m_ui->apiKeyLineEdit->text().trimmed());
}

void SettingsDialog::keyRead(const QString& provider, const QString& key)
{
    if (!m_fields.contains(provider)) {
        return;
    }
    if (provider == shownProvider()) {
        keepShownProvider();
    }
    ProviderFields& fields = m_fields[provider];
    fields.key = key;
    fields.storedKey = key;
    fields.keyRead = true;
    if (provider == shownProvider()) {
        showProvider(m_ui->providersListWidget->currentRow());
    }
}

void SettingsDialog::keySaved(const QString& provider)
{
    if (!m_keysBeingSaved.remove(provider)) {
        return;
    }
    m_fields[provider].storedKey = m_fields[provider].key;
    if (m_keysBeingSaved.isEmpty()) {
        QDialog::accept();
    }
}

void SettingsDialog::keychainFailed(const QString& provider, const QString& message)
{
    if (m_fields.contains(provider) && !m_fields[provider].keyRead) {
        // Unreadable: the field stays usable, and saving will say whether the keychain works.
        const bool shown = provider == shownProvider();
        if (shown) {
            keepShownProvider();
        }
        m_fields[provider].keyRead = true;
        if (shown) {
            showProvider(m_ui->providersListWidget->currentRow());
        }
    }
    m_keysBeingSaved.remove(provider);
    m_ui->buttonBox->button(QDialogButtonBox::Ok)->setEnabled(true);
    m_ui->keychainStatusLabel->setStatus(StatusLabel::Kind::Problem, message);
    m_ui->keychainStatusLabel->show();
}

void SettingsDialog::saveSettings()
{
    for (auto fields = m_fields.cbegin(); fields != m_fields.cend(); ++fields) {
        AppSettings::setModel(fields.key(), fields->model);
        AppSettings::setBaseUrl(fields.key(), fields->baseUrl);
    }
    AppSettings::setAdvisorProvider(m_ui->advisorProviderComboBox->currentData().toString());
    AppSettings::setProxyPort(m_ui->proxyPortSpinBox->value());
    AppSettings::setConnectTimeoutMs(m_ui->connectTimeoutSpinBox->value());
    AppSettings::setResponseTimeoutMs(m_ui->responseTimeoutSpinBox->value());
}

QString SettingsDialog::shownProvider() const
{
    return m_shownProvider;
}
