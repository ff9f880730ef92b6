#include "MainWindow.h"

#include <QApplication>

int main(int argc, char* argv[])
{
    QApplication application(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Aftershock"));
    QApplication::setOrganizationName(QStringLiteral("Aftershock"));
    MainWindow window;
    if (application.arguments().size() > 1) {
        window.openFile(application.arguments().at(1));
    }
    window.show();
    return QApplication::exec();
}
