#pragma once

#include <type_traits>
#include <utility>

#include <QFutureWatcher>
#include <QObject>
#include <QThreadPool>
#include <QtConcurrentRun>

// Work for a worker thread whose result the GUI thread takes up, unless the object that asked
// for it (context) is gone by then. The watcher is context's child, so that closing a view
// drops a result that has not arrived on the GUI thread, with whatever the result owns;
// QFuture::then(context, ...) in Qt 6.4 kept such results (LeakSanitizer found a report's model
// and document lost each time a report closed before it was laid out).
namespace WorkerTask
{
// Runs work() on pool, then done(result) on context's thread.
template<typename Work, typename Done>
void run(QThreadPool* pool, QObject* context, Work&& work, Done&& done)
{
    using Result = std::invoke_result_t<Work>;
    auto* watcher = new QFutureWatcher<Result>(context);
    QObject::connect(watcher, &QFutureWatcherBase::finished, context,
                     [watcher, done = std::forward<Done>(done)]() mutable {
                         watcher->deleteLater();
                         done(watcher->future().takeResult());
                     });
    watcher->setFuture(QtConcurrent::run(pool, std::forward<Work>(work)));
}

// The same on the global pool.
template<typename Work, typename Done>
void run(QObject* context, Work&& work, Done&& done)
{
    run(QThreadPool::globalInstance(), context, std::forward<Work>(work), std::forward<Done>(done));
}
} // namespace WorkerTask
