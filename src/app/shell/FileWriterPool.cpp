#include "shell/FileWriterPool.h"

#include <QGlobalStatic>

// Destroyed at exit, after waiting for the writes still queued: nothing the user saved is dropped.
Q_GLOBAL_STATIC(FileWriterPool, sharedPool)

FileWriterPool::FileWriterPool()
{
    setObjectName(QStringLiteral("file writer"));
    setMaxThreadCount(1);
}

QThreadPool* FileWriterPool::instance()
{
    return sharedPool();
}
