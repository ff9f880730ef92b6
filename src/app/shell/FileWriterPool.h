#pragma once

#include <QThreadPool>

// The one thread the GUI's files are written on: saves and recovery copies never block the GUI
// thread, and they land in the order they were asked for, so that a later save of a file never
// loses to an earlier one still under way.
class FileWriterPool final : public QThreadPool
{
    Q_OBJECT

public:
    FileWriterPool();

    // A QThreadPool, as QtConcurrent::run takes it.
    static QThreadPool* instance();
};
