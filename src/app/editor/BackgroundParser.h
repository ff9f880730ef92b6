#pragma once

#include "scenario/ScenarioLoader.h"

#include <optional>

#include <QMutex>
#include <QObject>
#include <QThread>

// Loads scenario text on a worker thread, so that a large file never blocks the GUI while the
// user types. Only the latest request counts: requests still waiting when a newer one arrives
// are dropped.
class BackgroundParser final : public QObject
{
    Q_OBJECT

public:
    explicit BackgroundParser(QObject* parent = nullptr);
    // Waits for the parse in progress, if any.
    ~BackgroundParser() override;

    void parse(quint64 revision, const QString& text, const QString& fileName);

signals:
    void parsed(quint64 revision, const ScenarioFile& file);

private:
    struct Request
    {
        quint64 revision = 0;
        QByteArray text;
        QString fileName;
    };

    void parsePending();

    QThread m_thread;
    QObject* m_workerContext; // lives in m_thread: what runs there is queued to it
    QMutex m_pendingMutex;
    std::optional<Request> m_pending;
};
