#pragma once

#include "demo/DemoTargetProcess.h"

#include <memory>

#include <QString>
#include <QTemporaryDir>

// The seed guide's FastAPI + SQLAlchemy app (resources/demo-target) on a free loopback port for the
// length of a test, with its SQLite file in a temporary folder: DemoTargetProcess, the GUI's own
// launcher, waited on.
class DemoTarget
{
public:
    DemoTarget() = default;
    ~DemoTarget();
    DemoTarget(const DemoTarget&) = delete;
    DemoTarget& operator=(const DemoTarget&) = delete;

    // Starts uvicorn and waits, at most timeoutMs, until it answers. False, with the reason in
    // error, when it could not start.
    bool start(QString* error, int timeoutMs = 20000);
    // Waits, at most DemoTargetProcess::StopGrace and a second, until it has ended.
    void stop();

    quint16 port() const
    {
        return m_process ? m_process->port() : 0;
    }
    // `http://127.0.0.1:PORT`
    QString baseUrl() const;

private:
    QTemporaryDir m_folder;
    std::unique_ptr<DemoTargetProcess> m_process;
};
