#include "demo/DemoTargetProcess.h"

#include <algorithm>

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTcpServer>

#ifdef Q_OS_LINUX
#include <csignal>
#include <sys/prctl.h>
#include <unistd.h>
#endif

namespace
{
// One probe's bound: a port taken by something that accepts and never answers says so in time.
constexpr int ProbeTimeoutMs = 2000;
// What of the child's output is kept for its failure's message.
constexpr qsizetype KeptOutputBytes = 8192;
// After SIGKILL the child is reaped at once; this only bounds the wait if the kernel is slow.
constexpr int KillWaitMs = 1000;
const QString LoopbackHost = QStringLiteral("127.0.0.1");

quint16 freeLoopbackPort()
{
    QTcpServer server;
    return server.listen(QHostAddress::LocalHost, 0) ? server.serverPort() : 0;
}

// The demo app's OpenAPI document: FastAPI's default title, and the one server the seed names.
bool isDemoTargetDocument(const QByteArray& body)
{
    const QJsonObject root = QJsonDocument::fromJson(body).object();
    if (root.value(QStringLiteral("info")).toObject().value(QStringLiteral("title")).toString()
        != QLatin1String("FastAPI")) {
        return false;
    }
    const QJsonArray servers = root.value(QStringLiteral("servers")).toArray();
    return std::any_of(servers.begin(), servers.end(), [](const QJsonValue& server) {
        return server.toObject().value(QStringLiteral("description")).toString()
            == QLatin1String("Staging environment");
    });
}
} // namespace

DemoTargetProcess::DemoTargetProcess(Options options, QObject* parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_port(m_options.port)
{
    // Loopback only: no proxy of the user's settings stands between.
    m_network.setProxy(QNetworkProxy::NoProxy);
    m_probeTimer.setSingleShot(true);
    m_probeTimer.setInterval(ProbeInterval);
    connect(&m_probeTimer, &QTimer::timeout, this, &DemoTargetProcess::probe);
    m_killTimer.setSingleShot(true);
    m_killTimer.setInterval(StopGrace);
    connect(&m_killTimer, &QTimer::timeout, &m_process, &QProcess::kill);
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    connect(&m_process, &QProcess::readyReadStandardOutput, this, [this] {
        m_output += m_process.readAllStandardOutput();
        if (m_output.size() > KeptOutputBytes) {
            m_output.remove(0, m_output.size() - KeptOutputBytes);
        }
    });
    connect(&m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart && m_state == State::Starting) {
            fail(tr("%1 could not be run (%2). The demo target needs Python 3 with FastAPI, uvicorn and SQLAlchemy:\n"
                    "%3")
                     .arg(m_options.interpreter, m_process.errorString(), installCommand()));
        }
    });
    connect(&m_process, &QProcess::finished, this, &DemoTargetProcess::processFinished);
}

DemoTargetProcess::~DemoTargetProcess()
{
    disconnect(&m_process, nullptr, this, nullptr);
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        // QProcess's own destructor would wait the same way, with a warning.
        m_process.waitForFinished(KillWaitMs);
    }
}

void DemoTargetProcess::start()
{
    if (m_state == State::Starting || m_state == State::Ready || m_state == State::Stopping) {
        return;
    }
    m_state = State::Starting;
    m_launched = false;
    m_output.clear();
    m_port = m_options.port != 0 ? m_options.port : freeLoopbackPort();
    if (m_port == 0) {
        fail(tr("There is no free loopback port for the demo target."));
        return;
    }
    m_startClock.start();
    // First, whether something listens there already: the demo target (used as it is) or not.
    probe();
}

void DemoTargetProcess::stop()
{
    const bool running = m_process.state() != QProcess::NotRunning;
    m_state = running ? State::Stopping : State::Idle;
    m_probeTimer.stop();
    if (m_probe) {
        m_probe->abort();
    }
    if (running) {
        m_process.terminate();
        m_killTimer.start();
    }
}

QString DemoTargetProcess::address() const
{
    return QStringLiteral("%1:%2").arg(LoopbackHost).arg(m_port);
}

QString DemoTargetProcess::baseUrl() const
{
    return QStringLiteral("http://") + address();
}

QString DemoTargetProcess::locateAppDirectory()
{
    const QString located
        = QStandardPaths::locate(QStandardPaths::GenericDataLocation, QStringLiteral("aftershock/demo-target/app.py"));
    const QStringList candidates{
        QCoreApplication::applicationDirPath() + QStringLiteral("/../share/aftershock/demo-target"),
        // Not found: no folder at all (QFileInfo would make it ".", wherever the program runs).
        located.isEmpty() ? QString() : QFileInfo(located).path(),
        QStringLiteral(AFTERSHOCK_SOURCE_DIR "/resources/demo-target"),
    };
    for (const QString& candidate : candidates) {
        if (!candidate.isEmpty() && QFileInfo::exists(candidate + QStringLiteral("/app.py"))) {
            return QDir::cleanPath(candidate);
        }
    }
    return {};
}

QString DemoTargetProcess::defaultDatabasePath()
{
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    if (!folder.isEmpty() && QDir().mkpath(folder) && QFileInfo(folder).isWritable()) {
        return QDir(folder).filePath(QStringLiteral("demo-target.db"));
    }
    return QDir::temp().filePath(QStringLiteral("aftershock-demo-target.db"));
}

QString DemoTargetProcess::installCommand()
{
    return QStringLiteral("sudo apt install python3-fastapi python3-uvicorn python3-sqlalchemy");
}

void DemoTargetProcess::probe()
{
    QNetworkRequest request(QUrl(baseUrl() + QStringLiteral("/openapi.json")));
    request.setTransferTimeout(ProbeTimeoutMs);
    QNetworkReply* reply = m_network.get(request);
    m_probe = reply;
    connect(reply, &QNetworkReply::finished, this, [this, reply] { probeAnswered(reply); });
}

void DemoTargetProcess::probeAnswered(QNetworkReply* reply)
{
    reply->deleteLater();
    m_probe.clear();
    if (m_state != State::Starting) {
        return;
    }
    const Answer answer = reply->error() == QNetworkReply::ConnectionRefusedError ? Answer::Nothing
        : isDemoTargetDocument(reply->readAll())                                  ? Answer::DemoTarget
                                                                                  : Answer::Other;
    if (answer == Answer::DemoTarget) {
        m_state = State::Ready;
        emit ready();
        return;
    }
    if (!m_launched) {
        if (answer == Answer::Nothing) {
            launch();
        } else {
            fail(portTakenMessage());
        }
        return;
    }
    if (m_startClock.hasExpired(m_options.startTimeout.count())) {
        fail(tr("The demo target did not answer on %1 within %2 s. %3")
                 .arg(address())
                 .arg(std::chrono::duration_cast<std::chrono::seconds>(m_options.startTimeout).count())
                 .arg(outputTail())
                 .trimmed());
        return;
    }
    m_probeTimer.start();
}

void DemoTargetProcess::launch()
{
    const QString appDirectory = m_options.appDirectory.isEmpty() ? locateAppDirectory() : m_options.appDirectory;
    if (appDirectory.isEmpty() || !QFileInfo::exists(QDir(appDirectory).filePath(QStringLiteral("app.py")))) {
        fail(tr("The demo target is not installed: its app.py belongs in %1.")
                 .arg(QDir::cleanPath(QCoreApplication::applicationDirPath()
                                      + QStringLiteral("/../share/aftershock/demo-target"))));
        return;
    }
    const QString databasePath = m_options.databasePath.isEmpty() ? defaultDatabasePath() : m_options.databasePath;
    QDir().mkpath(QFileInfo(databasePath).path());
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("AFTERSHOCK_DEMO_DB"), databasePath);
    m_process.setProcessEnvironment(environment);
    m_process.setWorkingDirectory(QFileInfo(databasePath).path());
#ifdef Q_OS_LINUX
    // The child ends when the thread that starts it does, even when the program is killed
    // outright; if that happened before prctl took effect, it ends at once.
    const pid_t parent = getpid();
    m_process.setChildProcessModifier([parent] {
        prctl(PR_SET_PDEATHSIG, SIGTERM);
        if (getppid() != parent) {
            _exit(1);
        }
    });
#endif
    m_launched = true;
    m_process.start(m_options.interpreter,
                    {QStringLiteral("-m"), QStringLiteral("uvicorn"), QStringLiteral("--app-dir"), appDirectory,
                     QStringLiteral("app:app"), QStringLiteral("--host"), LoopbackHost, QStringLiteral("--port"),
                     QString::number(m_port), QStringLiteral("--no-access-log")});
    // A program that could not be run has failed already.
    if (m_state == State::Starting) {
        m_probeTimer.start();
    }
}

void DemoTargetProcess::processFinished(int exitCode, QProcess::ExitStatus)
{
    m_killTimer.stop();
    m_output += m_process.readAllStandardOutput();
    switch (m_state) {
    case State::Starting:
        fail(exitMessage(exitCode));
        break;
    case State::Ready:
    case State::Stopping:
        m_state = State::Idle;
        emit stopped();
        break;
    case State::Idle:
    case State::Failed:
        break;
    }
}

void DemoTargetProcess::fail(const QString& message)
{
    m_state = State::Failed;
    m_probeTimer.stop();
    if (m_probe) {
        m_probe->abort();
    }
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
    }
    emit failed(message);
}

QString DemoTargetProcess::exitMessage(int exitCode) const
{
    const QString output = QString::fromLocal8Bit(m_output);
    static const QRegularExpression missingModule(QStringLiteral("No module named '?([A-Za-z0-9_.]+)'?"));
    if (const QRegularExpressionMatch match = missingModule.match(output); match.hasMatch()) {
        return tr("%1 has no module %2, which the demo target needs. Install FastAPI, uvicorn and SQLAlchemy:\n%3")
            .arg(m_options.interpreter, match.captured(1), installCommand());
    }
    if (output.contains(QLatin1String("address already in use"), Qt::CaseInsensitive)) {
        return portTakenMessage();
    }
    return tr("The demo target ended (exit status %1) before it answered on %2. %3")
        .arg(exitCode)
        .arg(address(), outputTail())
        .trimmed();
}

QString DemoTargetProcess::portTakenMessage() const
{
    return tr("Port %1 on %2 is taken by another program, so the demo target cannot start there. Stop that "
              "program, or free the port, and try again.")
        .arg(m_port)
        .arg(LoopbackHost);
}

// The child's last line of output: where Python and uvicorn say what went wrong.
QString DemoTargetProcess::outputTail() const
{
    const QStringList lines = QString::fromLocal8Bit(m_output).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    return lines.isEmpty() ? QString() : lines.constLast().trimmed();
}
