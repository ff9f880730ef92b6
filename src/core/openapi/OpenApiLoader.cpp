#include "openapi/OpenApiLoader.h"

#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QThread>

namespace
{
const char* const OversizedProperty = "aftershockOversized";

// Reads a local file within the size bound. Empty when it worked, otherwise why not.
QString readLocalFile(const QUrl& url, QByteArray* text)
{
    const QString path = url.toLocalFile();
    const QFileInfo info(path);
    if (info.isDir()) {
        return QStringLiteral("cannot read %1: it is a folder, not a file").arg(path);
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
    }
    if (file.size() > OpenApiLoader::MaxFileBytes) {
        return QStringLiteral("cannot read %1: it is larger than %2 MB")
            .arg(path)
            .arg(OpenApiLoader::MaxFileBytes >> 20);
    }
    *text = file.readAll();
    return {};
}

// The start of a body, on one line, to show what a server sent.
QString bodySnippet(const QByteArray& body)
{
    constexpr int Length = 120;
    QString text = QString::fromUtf8(body.left(Length * 4)).simplified();
    if (text.size() > Length) {
        text = text.left(Length) + QStringLiteral("…");
    }
    return text.isEmpty() ? QStringLiteral("an empty body") : QStringLiteral("\"%1\"").arg(text);
}

bool looksLikeHtml(const QString& contentType, const QByteArray& body)
{
    return contentType.contains(QLatin1String("html"), Qt::CaseInsensitive) || body.trimmed().startsWith('<');
}

QString htmlTitle(const QByteArray& body)
{
    static const QRegularExpression title(QStringLiteral("<title[^>]*>([^<]*)</title>"),
                                          QRegularExpression::CaseInsensitiveOption);
    return title.match(QString::fromUtf8(body.left(64 * 1024))).captured(1).simplified();
}

// Why a reply cannot be an OpenAPI document, naming the URL and what came back; empty when it can.
QString replyProblem(QNetworkReply& reply, const QByteArray& body, bool timedOut, std::chrono::milliseconds timeout)
{
    const QString url = reply.request().url().toDisplayString();
    const int status = reply.attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (reply.property(OversizedProperty).toBool()) {
        return QStringLiteral("%1 sent more than %2 MB; that is not an OpenAPI document")
            .arg(url)
            .arg(OpenApiLoader::MaxFileBytes >> 20);
    }
    if (timedOut && reply.error() == QNetworkReply::OperationCanceledError) {
        return QStringLiteral("%1 did not answer within %2 s").arg(url).arg(timeout.count() / 1000.0);
    }
    if (status == 0) {
        return QStringLiteral("cannot fetch %1: %2").arg(url, reply.errorString());
    }
    const QString contentType = reply.header(QNetworkRequest::ContentTypeHeader).toString();
    if (status < 200 || status > 299) {
        const QString reason = reply.attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString();
        return QStringLiteral("%1 answered HTTP %2 %3 with %4").arg(url).arg(status).arg(reason, bodySnippet(body));
    }
    if (looksLikeHtml(contentType, body)) {
        const QString title = htmlTitle(body);
        return QStringLiteral("%1 sent an HTML page (Content-Type: %2%3), not an OpenAPI document: give the URL of "
                              "the JSON or YAML document itself (FastAPI serves it at /openapi.json)")
            .arg(url, contentType.isEmpty() ? QStringLiteral("none") : contentType,
                 title.isEmpty() ? QString() : QStringLiteral(", titled \"%1\"").arg(title));
    }
    return {};
}
} // namespace

OpenApiLoader::OpenApiLoader(QObject* parent)
    : QObject(parent)
    , m_network(new QNetworkAccessManager(this))
{
    m_deadline.setSingleShot(true);
    connect(&m_deadline, &QTimer::timeout, this, &OpenApiLoader::onTimeout);
}

OpenApiLoader::~OpenApiLoader()
{
    abort();
    // A QThread must not be destroyed while it runs; parsing ends on its own, within its bounds.
    for (QThread* worker : std::as_const(m_workers)) {
        worker->wait();
        delete worker;
    }
}

void OpenApiLoader::setTimeout(std::chrono::milliseconds timeout)
{
    m_timeout = timeout;
}

void OpenApiLoader::load(const QUrl& url)
{
    abort();
    if (url.isLocalFile()) {
        auto result = std::make_shared<OpenApiLoadResult>();
        runOnWorker([result, path = url.toLocalFile()] { *result = loadFile(path); },
                    [this, result] { emit finished(*result); });
        return;
    }
    m_assembler = std::make_shared<OpenApiAssembler>(url);
    if (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")) {
        m_received << ReceivedFile{url,
                                   {},
                                   QStringLiteral("cannot fetch %1: only http, https and local files are supported")
                                       .arg(url.toDisplayString())};
        QMetaObject::invokeMethod(this, &OpenApiLoader::parseReceived, Qt::QueuedConnection);
        return;
    }
    m_timedOut = false;
    m_deadline.start(m_timeout);
    fetch(url);
}

void OpenApiLoader::abort()
{
    ++m_loadNumber;
    m_deadline.stop();
    const QList<QNetworkReply*> replies = std::exchange(m_replies, {});
    for (QNetworkReply* reply : replies) {
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }
    m_assembler.reset();
    m_received.clear();
    m_working = false;
}

void OpenApiLoader::runOnWorker(std::function<void()> work, std::function<void()> whenDone)
{
    QThread* worker = QThread::create(std::move(work));
    m_workers << worker;
    connect(worker, &QThread::finished, this,
            [this, worker, loadNumber = m_loadNumber, whenDone = std::move(whenDone)] {
                m_workers.removeOne(worker);
                worker->wait();
                delete worker;
                if (loadNumber == m_loadNumber) {
                    whenDone();
                }
            });
    worker->start();
}

void OpenApiLoader::fetch(const QUrl& url)
{
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::UserAgentHeader, QStringLiteral("aftershock"));
    request.setRawHeader("Accept", "application/json, application/yaml;q=0.9, */*;q=0.1");
    QNetworkReply* reply = m_network->get(request);
    m_replies << reply;
    connect(reply, &QNetworkReply::downloadProgress, reply, [reply](qint64 received, qint64) {
        if (received > MaxFileBytes) {
            reply->setProperty(OversizedProperty, true);
            reply->abort();
        }
    });
    connect(reply, &QNetworkReply::finished, this, [this, reply] { onReplyFinished(reply); });
}

void OpenApiLoader::onReplyFinished(QNetworkReply* reply)
{
    m_replies.removeOne(reply);
    reply->deleteLater();
    // An aborted reply is closed, and reading it would only warn.
    QByteArray body = reply->isOpen() ? reply->readAll() : QByteArray();
    QString problem = replyProblem(*reply, body, m_timedOut, m_timeout);
    m_received << ReceivedFile{reply->request().url(), std::move(body), std::move(problem)};
    parseReceived();
}

void OpenApiLoader::onTimeout()
{
    m_timedOut = true;
    // Aborting finishes each reply at once, which reports it as not answering in time.
    const QList<QNetworkReply*> replies = m_replies;
    for (QNetworkReply* reply : replies) {
        reply->abort();
    }
}

// One worker at a time uses the assembler; files that arrive meanwhile wait for the next.
void OpenApiLoader::parseReceived()
{
    if (m_working || !m_assembler) {
        return;
    }
    if (m_received.isEmpty()) {
        finishIfDone();
        return;
    }
    m_working = true;
    auto siblings = std::make_shared<QList<QUrl>>();
    runOnWorker(
        [assembler = m_assembler, files = std::exchange(m_received, {}), siblings] {
            for (const ReceivedFile& file : files) {
                if (file.problem.isEmpty()) {
                    *siblings << assembler->addFile(file.url, file.text);
                } else {
                    assembler->addFailure(file.url, file.problem);
                }
            }
        },
        [this, siblings] {
            m_working = false;
            for (const QUrl& sibling : std::as_const(*siblings)) {
                fetch(sibling);
            }
            parseReceived();
        });
}

void OpenApiLoader::finishIfDone()
{
    if (!m_replies.isEmpty() || !m_assembler || m_working) {
        return;
    }
    m_deadline.stop();
    m_working = true;
    auto result = std::make_shared<OpenApiLoadResult>();
    runOnWorker([assembler = std::exchange(m_assembler, nullptr), result] { *result = assembler->finish(); },
                [this, result] {
                    m_working = false;
                    emit finished(*result);
                });
}

OpenApiLoadResult OpenApiLoader::loadFile(const QString& path)
{
    OpenApiAssembler assembler(QUrl::fromLocalFile(QFileInfo(path).absoluteFilePath()));
    // The assembler bounds how many files it asks for, so this ends.
    QList<QUrl> pending{assembler.documentUrl()};
    while (!pending.isEmpty()) {
        const QUrl url = pending.takeFirst();
        QByteArray text;
        const QString problem = readLocalFile(url, &text);
        if (problem.isEmpty()) {
            pending << assembler.addFile(url, text);
        } else {
            assembler.addFailure(url, problem);
        }
    }
    return assembler.finish();
}

OpenApiLoadResult OpenApiLoader::loadBlocking(const QUrl& url, std::chrono::milliseconds timeout)
{
    OpenApiLoader loader;
    loader.setTimeout(timeout);
    OpenApiLoadResult result;
    QEventLoop loop;
    connect(&loader, &OpenApiLoader::finished, &loop, [&result, &loop](const OpenApiLoadResult& loaded) {
        result = loaded;
        loop.quit();
    });
    loader.load(url);
    loop.exec();
    return result;
}
