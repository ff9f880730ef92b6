#pragma once

#include <chrono>

#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QObject>
#include <QPointer>
#include <QProcess>
#include <QString>
#include <QTimer>

class QNetworkReply;

// The bundled demo target (the seed guide's FastAPI + SQLAlchemy app, app.py) under Debian's
// uvicorn, as a child process on a loopback port. Nothing blocks: start() returns at once, and
// ready() or failed() follows, from the process's signals and a readiness probe (GET
// /openapi.json every ProbeInterval, within Options::startTimeout). Where the port already answers
// as the demo target, that one is used and nothing is started. The child ends with stop(), with
// this object, and with the thread that started it if the program dies (PR_SET_PDEATHSIG).
class DemoTargetProcess final : public QObject
{
    Q_OBJECT

public:
    // The port the demo scenarios call.
    static constexpr quint16 DefaultPort = 9090;
    static constexpr std::chrono::milliseconds ProbeInterval{150};
    // How long stop() lets the child end on SIGTERM before it is killed.
    static constexpr std::chrono::milliseconds StopGrace{3000};

    enum class State { Idle, Starting, Ready, Failed, Stopping };

    struct Options
    {
        quint16 port = DefaultPort; // 0: a free loopback port, chosen at each start
        // Debian's python, not a pyenv shim on PATH: only it sees python3-fastapi and friends.
        QString interpreter = QStringLiteral("/usr/bin/python3");
        QString appDirectory; // the folder of app.py; empty: locateAppDirectory()
        QString databasePath; // the SQLite file (AFTERSHOCK_DEMO_DB); empty: defaultDatabasePath()
        std::chrono::milliseconds startTimeout{20000};
    };

    explicit DemoTargetProcess(Options options, QObject* parent = nullptr);
    // Kills a child still running.
    ~DemoTargetProcess() override;

    // Starting or ready already: nothing to do.
    void start();
    // Ends the child (SIGTERM, then SIGKILL after StopGrace); stopped() follows once it has ended.
    // A demo target that ran before start() is left alone.
    void stop();

    State state() const
    {
        return m_state;
    }
    // The port it listens on (chosen by start() when Options::port is 0).
    quint16 port() const
    {
        return m_port;
    }
    // `127.0.0.1:9090`
    QString address() const;
    // `http://127.0.0.1:9090`
    QString baseUrl() const;
    // Whether the demo target that is ready is this object's child, not one that ran already.
    bool isChildProcess() const
    {
        return m_launched;
    }

    // Where app.py is: the installed package's share/aftershock/demo-target beside the program,
    // then the data folders' aftershock/demo-target, then the source tree's resources/demo-target.
    // Empty when none holds it.
    static QString locateAppDirectory();
    // demo-target.db in the application's data folder, or in the temporary folder where that
    // cannot be written.
    static QString defaultDatabasePath();
    // What gives Debian's python the demo target's modules. Messages that name it put it on a
    // line of its own, so that it is read (and copied) whole.
    static QString installCommand();

signals:
    void ready();
    void failed(const QString& message);
    // The child ended after ready(), asked to or not.
    void stopped();

private:
    enum class Answer { Nothing, DemoTarget, Other };

    void probe();
    void probeAnswered(QNetworkReply* reply);
    void launch();
    void processFinished(int exitCode, QProcess::ExitStatus status);
    void fail(const QString& message);
    QString exitMessage(int exitCode) const;
    QString portTakenMessage() const;
    QString outputTail() const;

    Options m_options;
    State m_state = State::Idle;
    quint16 m_port = 0;
    bool m_launched = false;
    QProcess m_process;
    QByteArray m_output; // the child's last lines, for what to say when it fails
    QNetworkAccessManager m_network;
    QPointer<QNetworkReply> m_probe;
    QTimer m_probeTimer;
    QTimer m_killTimer;
    QElapsedTimer m_startClock;
};
