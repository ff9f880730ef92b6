#include "Version.h"
#include "shell/MainWindow.h"
#include "shell/ScreenshotTour.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QPalette>
#include <QSettings>
#include <QStyleFactory>
#include <QTemporaryDir>
#include <QTextStream>

namespace
{
// A dark palette for checking how the GUI looks on a dark desktop, wherever it runs.
QPalette darkPalette()
{
    QPalette palette;
    const QColor window(0x2b, 0x2d, 0x30);
    const QColor base(0x1e, 0x1f, 0x22);
    const QColor text(0xdf, 0xe1, 0xe5);
    palette.setColor(QPalette::Window, window);
    palette.setColor(QPalette::WindowText, text);
    palette.setColor(QPalette::Base, base);
    palette.setColor(QPalette::AlternateBase, window);
    palette.setColor(QPalette::Text, text);
    palette.setColor(QPalette::Button, window);
    palette.setColor(QPalette::ButtonText, text);
    palette.setColor(QPalette::PlaceholderText, QColor(0x8c, 0x8f, 0x94));
    palette.setColor(QPalette::Highlight, QColor(0x35, 0x74, 0xf0));
    palette.setColor(QPalette::HighlightedText, Qt::white);
    palette.setColor(QPalette::Link, QColor(0x58, 0x9d, 0xf6));
    palette.setColor(QPalette::ToolTipBase, window);
    palette.setColor(QPalette::ToolTipText, text);
    palette.setColor(QPalette::Mid, QColor(0x4e, 0x51, 0x57));
    palette.setColor(QPalette::Disabled, QPalette::Text, QColor(0x6f, 0x73, 0x7a));
    palette.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x6f, 0x73, 0x7a));
    palette.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x6f, 0x73, 0x7a));
    return palette;
}
} // namespace

int main(int argc, char* argv[])
{
    QApplication application(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Aftershock"));
    QApplication::setOrganizationName(QStringLiteral("Aftershock"));
    QApplication::setApplicationVersion(QStringLiteral(AFTERSHOCK_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("aftershock"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "A desktop lab for API resilience."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("files"), QApplication::translate("main", "Scenario files to open."),
                                 QStringLiteral("[files...]"));
    const QCommandLineOption screenshots(
        QStringLiteral("screenshots"),
        QApplication::translate("main",
                                "Save a screenshot of each view in <folder> (the first file, or the demo, in the "
                                "form; the second in the YAML view; the third, an OpenAPI document, in the "
                                "generate dialog), then quit."),
        QStringLiteral("folder"));
    const QCommandLineOption dark(QStringLiteral("dark-palette"),
                                  QApplication::translate("main", "Use a dark palette, to check the dark look."));
    const QCommandLineOption screenshotRun(
        QStringLiteral("screenshot-run"),
        QApplication::translate("main",
                                "With --screenshots: run <file> last (its targets must be up) and save the run view "
                                "mid-run and after."),
        QStringLiteral("file"));
    parser.addOptions({screenshots, screenshotRun, dark});
    parser.process(application);

    if (parser.isSet(dark)) {
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        QApplication::setPalette(darkPalette());
    }
    if (parser.isSet(screenshots)) {
        // Settings and recovery files of their own, so that the pictures show a first start.
        QApplication::setOrganizationName(QStringLiteral("AftershockScreenshots"));
        QSettings().clear();
        const QTemporaryDir dataFolder;
        MainWindowOptions options;
        options.recoveryFolder = dataFolder.filePath(QStringLiteral("recovery"));
        options.runsFolder = dataFolder.filePath(QStringLiteral("runs"));
        options.storePath = dataFolder.filePath(QStringLiteral("runs.sqlite"));
        options.demoTarget.databasePath = dataFolder.filePath(QStringLiteral("demo-target.db"));
        MainWindow window(options);
        QString error;
        ScreenshotTour tour(&window, parser.value(screenshots), parser.positionalArguments());
        tour.setRunFile(parser.value(screenshotRun));
        const QStringList written = tour.run(&error);
        QTextStream(stdout) << written.join(QLatin1Char('\n')) << Qt::endl;
        if (!error.isEmpty()) {
            QTextStream(stderr) << "aftershock: " << error << Qt::endl;
            return 1;
        }
        return 0;
    }

    MainWindowOptions options;
    // Ctrl-C or SIGTERM drains a run under way, as closing the window does.
    options.closeOnInterrupt = true;
    MainWindow window(options);
    for (const QString& path : parser.positionalArguments()) {
        window.openFile(path);
    }
    window.show();
    return QApplication::exec();
}
