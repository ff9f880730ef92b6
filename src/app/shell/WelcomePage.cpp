#include "shell/WelcomePage.h"

#include "shell/AppIcons.h"
#include "shell/StatusLabel.h"

#include <QDir>
#include <QFileInfo>

#include "ui_WelcomePage.h"

namespace
{
constexpr int LogoSize = 72;
constexpr double TitleScale = 2.2;
} // namespace

WelcomePage::WelcomePage(QWidget* parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::WelcomePage>())
{
    m_ui->setupUi(this);
    m_ui->logoLabel->setPixmap(AppIcons::icon(QStringLiteral("aftershock")).pixmap(LogoSize, LogoSize));
    QFont titleFont = m_ui->titleLabel->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * TitleScale);
    titleFont.setBold(true);
    m_ui->titleLabel->setFont(titleFont);
    m_ui->tryDemoButton->setIcon(AppIcons::icon(QStringLiteral("welcome-demo")));
    m_ui->generateButton->setIcon(AppIcons::icon(QStringLiteral("generate")));
    m_ui->openButton->setIcon(AppIcons::icon(QStringLiteral("document-open")));
    m_ui->newButton->setIcon(AppIcons::icon(QStringLiteral("document-new")));
    m_ui->recoveryFrame->hide();
    m_ui->demoStatusLabel->hide();

    connect(m_ui->tryDemoButton, &QCommandLinkButton::clicked, this, &WelcomePage::tryDemoRequested);
    connect(m_ui->generateButton, &QCommandLinkButton::clicked, this, &WelcomePage::generateRequested);
    connect(m_ui->openButton, &QCommandLinkButton::clicked, this, &WelcomePage::openRequested);
    connect(m_ui->newButton, &QCommandLinkButton::clicked, this, &WelcomePage::newRequested);
    connect(m_ui->recoverButton, &QPushButton::clicked, this, &WelcomePage::recoverRequested);
    connect(m_ui->discardRecoveryButton, &QPushButton::clicked, this, &WelcomePage::discardRecoveryRequested);
    connect(m_ui->recentFilesListWidget, &QListWidget::itemActivated, this,
            [this](QListWidgetItem* item) { emit recentFileRequested(item->data(Qt::UserRole).toString()); });
    setRecentFiles({});
}

WelcomePage::~WelcomePage() = default;

void WelcomePage::setRecentFiles(const QStringList& paths)
{
    QListWidget* list = m_ui->recentFilesListWidget;
    list->clear();
    for (const QString& path : paths) {
        auto* item = new QListWidgetItem(
            AppIcons::icon(QStringLiteral("file-yaml")),
            QStringLiteral("%1 — %2").arg(QFileInfo(path).fileName(), QDir::toNativeSeparators(QFileInfo(path).path())),
            list);
        item->setData(Qt::UserRole, path);
        item->setToolTip(QDir::toNativeSeparators(path));
    }
    m_ui->recentFilesLabel->setVisible(!paths.isEmpty());
    list->setVisible(!paths.isEmpty());
}

void WelcomePage::offerRecovery(int fileCount)
{
    m_ui->recoveryFrame->setVisible(fileCount > 0);
    if (fileCount > 0) {
        m_ui->recoveryStatusLabel->setStatus(
            StatusLabel::Kind::Problem,
            fileCount == 1 ? tr("Aftershock did not close properly. A file had unsaved changes.")
                           : tr("Aftershock did not close properly. %1 files had unsaved changes.").arg(fileCount));
    }
}

void WelcomePage::setDemoStatus(DemoStatus status, const QString& text)
{
    m_ui->tryDemoButton->setEnabled(status != DemoStatus::Starting);
    m_ui->demoStatusLabel->setVisible(status != DemoStatus::Hidden);
    if (status != DemoStatus::Hidden) {
        m_ui->demoStatusLabel->setStatus(
            status == DemoStatus::Starting ? StatusLabel::Kind::Note : StatusLabel::Kind::Problem, text);
    }
}
