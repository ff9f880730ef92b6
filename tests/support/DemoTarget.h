#pragma once

#include <QProcess>
#include <QString>
#include <QTemporaryDir>

// The seed guide's FastAPI + SQLAlchemy app (resources/demo-target), run with Debian's uvicorn on a
// free loopback port for the length of a test, with its SQLite file in a temporary folder.
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
    void stop();

    quint16 port() const
    {
        return m_port;
    }
    // `http://127.0.0.1:PORT`
    QString baseUrl() const;

private:
    QTemporaryDir m_folder;
    QProcess m_process;
    quint16 m_port = 0;
};
