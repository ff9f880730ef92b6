#pragma once

#include <QString>
#include <QStringList>

class MainWindow;
class QWidget;

// Grabs each view of the main window into PNG files for the documentation, on any platform
// including offscreen: `aftershock --screenshots DIR [FILE...]`. The first file (or the demo) is
// shown in the form; the second, if any, in the YAML view with its diagnostics.
class ScreenshotTour
{
public:
    ScreenshotTour(MainWindow* window, QString outputFolder, QStringList files);

    // The paths written; stops at the first failure with error set.
    QStringList run(QString* error);

private:
    bool grab(const QString& name, QString* error);
    bool grab(QWidget* widget, const QString& name, QString* error);

    MainWindow* m_window;
    QString m_outputFolder;
    QStringList m_files;
    QStringList m_written;
};
