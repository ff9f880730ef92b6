#pragma once

#include <memory>

#include <QWidget>

namespace Ui
{
class WelcomePage;
}

// What the window shows when no file is open: the ways to start, the recent files, and the offer
// to recover what a crash left unsaved.
class WelcomePage final : public QWidget
{
    Q_OBJECT

public:
    explicit WelcomePage(QWidget* parent = nullptr);
    ~WelcomePage() override;

    void setRecentFiles(const QStringList& paths);
    // 0 hides the offer.
    void offerRecovery(int fileCount);

signals:
    void openDemoRequested();
    void generateRequested();
    void openRequested();
    void newRequested();
    void recentFileRequested(const QString& path);
    void recoverRequested();
    void discardRecoveryRequested();

private:
    std::unique_ptr<Ui::WelcomePage> m_ui;
};
