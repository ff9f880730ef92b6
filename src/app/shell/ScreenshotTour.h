#pragma once

#include <QString>
#include <QStringList>

class EditorDocument;
class QDockWidget;
class MainWindow;
class ReportView;
class RunView;
class QWidget;

// Grabs each view of the main window, and each panel of the form, into PNG files for the
// documentation and for reviewing the look, on any platform including offscreen:
// `aftershock --screenshots DIR [FILE...]`. The first file (or the demo, through Try the demo,
// which starts its target) is shown in the form, with the faults and strategy of each of its
// scenarios; the second, if any, in the YAML view with its diagnostics; the third, if any, is an
// OpenAPI document loaded into the generate dialog. Last comes a run whose calls are all refused.
class ScreenshotTour
{
public:
    ScreenshotTour(MainWindow* window, QString outputFolder, QStringList files);

    // Runs this scenario file last (its targets must be up), grabbing the run view mid-run and
    // after: `--screenshot-run FILE`.
    void setRunFile(const QString& path)
    {
        m_runFile = path;
    }

    // The paths written; stops at the first failure with error set.
    QStringList run(QString* error);

private:
    bool grabTryDemo(QString* error);
    bool grabForm(EditorDocument* document, QString* error);
    bool grabDialogs(QString* error);
    bool grabRun(QString* error);
    bool grabRefusedRun(QString* error);
    bool grabHistory(QString* error);
    bool grabReport(RunView* runView, QString* error);
    bool grabAdvisor(ReportView* report, QString* error);
    QList<QDockWidget*> hideBottomDocks();
    bool grab(const QString& name, QString* error);
    bool grab(QWidget* widget, const QString& name, QString* error);

    MainWindow* m_window;
    QString m_outputFolder;
    QStringList m_files;
    QString m_runFile;
    QStringList m_written;
};
