#include "advisor/AdvisorImpl.h"

#include "advisor/AdvisorChain.h"
#include "advisor/CodeIndex.h"
#include "advisor/PromptLibrary.h"
#include "advisor/QdrantCodeIndex.h"

#include <algorithm>

#include <QDir>

namespace
{
constexpr int ChunksSearched = 12;
} // namespace

// Lives on the advisor's thread; its finished() is the request's end, which AdvisorImpl passes on.
class AdvisorWorker : public QObject
{
    Q_OBJECT

public:
    explicit AdvisorWorker(Advisor* advisor)
        : m_advisor(advisor)
    { }

    void run(const AdvisorRequest& request)
    {
        QString error;
        const QString promptFolder
            = request.promptFolder.isEmpty() ? PromptLibrary::defaultOverrideFolder() : request.promptFolder;
        std::optional<PromptLibrary> prompts = PromptLibrary::load(promptFolder, &error);
        if (!prompts) {
            emit finished({}, error);
            return;
        }
        AdvisorChain::Input input{.report = request.report,
                                  .role = request.role,
                                  .providerName = LlmProviders::displayName(request.endpoint.provider),
                                  .model = request.endpoint.model,
                                  .sourceFolder = QDir::toNativeSeparators(request.sourceFolder),
                                  .retrieve = {},
                                  .pricePerMillion = request.pricePerMillion};
        if (!request.sourceFolder.isEmpty() && request.qdrant && request.printPromptsOnly) {
            emit m_advisor->progress(
                QStringLiteral("Printing the prompts sends nothing, to Qdrant or to %1: the code is "
                               "neither embedded nor searched, so the prompts show none")
                    .arg(LlmProviders::displayName(request.qdrant->embedding.provider)));
        } else if (!request.sourceFolder.isEmpty() && !indexCode(request, &input, &error)) {
            emit finished({}, error);
            return;
        }
        if (request.printPromptsOnly) {
            AdvisorChain chain(std::move(*prompts), std::move(input), nullptr);
            for (int step = 0; step < AdvisorChain::steps().size(); ++step) {
                const std::optional<AdvisorChain::Prompt> prompt = chain.prompt(step, &error);
                if (!prompt) {
                    emit finished({}, error);
                    return;
                }
                emit m_advisor->promptRendered(step, prompt->system, prompt->user);
            }
            emit finished({}, QString());
            return;
        }
        m_client = makeLlmClient(request.endpoint);
        m_chain = new AdvisorChain(std::move(*prompts), std::move(input), m_client.get(), this);
        connect(m_chain, &AdvisorChain::stepStarted, m_advisor, &Advisor::stepStarted);
        connect(m_chain, &AdvisorChain::textArrived, m_advisor, &Advisor::textArrived);
        connect(m_chain, &AdvisorChain::retrying, m_advisor, &Advisor::retrying);
        connect(m_chain, &AdvisorChain::stepFinished, m_advisor, &Advisor::stepFinished);
        connect(m_chain, &AdvisorChain::finished, this, &AdvisorWorker::finished);
        m_chain->start();
    }

    void cancel()
    {
        // Either may be waiting on the network: the index while it updates or searches for a step.
        if (m_retriever) {
            m_retriever->cancel();
        }
        if (m_chain) {
            m_chain->cancel();
        }
    }

signals:
    void finished(const ReportAdvice& advice, const QString& error);

private:
    bool indexCode(const AdvisorRequest& request, AdvisorChain::Input* input, QString* error)
    {
        const QString folder = QDir::toNativeSeparators(request.sourceFolder);
        QString where;
        QdrantCodeIndex* qdrantIndex = nullptr;
        if (request.qdrant) {
            auto index = std::make_unique<QdrantCodeIndex>(*request.qdrant);
            qdrantIndex = index.get();
            // Rate limits while indexing would otherwise be a silent wait.
            connect(qdrantIndex, &QdrantCodeIndex::embeddingRetrying, this,
                    [this](int, qint64 delayMs, const QString& reason) {
                        emit m_advisor->progress(QStringLiteral("Embedding: retrying in %1 s (%2)")
                                                     .arg(QString::number(delayMs / 1000.0, 'g', 3), reason));
                    });
            m_retriever = std::move(index);
            where = QStringLiteral(" into Qdrant at %1").arg(request.qdrant->url.toDisplayString(QUrl::RemoveUserInfo));
        } else {
            m_retriever = std::make_unique<CodeIndex>(
                request.indexPath.isEmpty() ? CodeIndex::defaultPath(request.sourceFolder) : request.indexPath);
        }
        emit m_advisor->progress(QStringLiteral("Indexing %1%2").arg(folder, where));
        CodeRetriever::UpdateStatistics statistics;
        if (!m_retriever->update(request.sourceFolder, &statistics, error)) {
            return false;
        }
        QString embedded;
        if (qdrantIndex) {
            embedded = QStringLiteral(", %1 embedded, in the collection %2")
                           .arg(statistics.chunksEmbedded)
                           .arg(qdrantIndex->collection());
        }
        emit m_advisor->progress(QStringLiteral("Indexed %1: %2 files, %3 changed, %4 code chunks%5")
                                     .arg(folder)
                                     .arg(statistics.filesSeen)
                                     .arg(statistics.filesIndexed)
                                     .arg(statistics.chunks)
                                     .arg(embedded));
        // What the scan left out (an unreadable file, a folder too deep) changes what the model
        // is shown: the user hears of it, a line each, up to a screenful.
        constexpr qsizetype ProblemsShown = 10;
        for (qsizetype index = 0; index < std::min(statistics.problems.size(), ProblemsShown); ++index) {
            emit m_advisor->progress(QStringLiteral("Left out of the index: %1").arg(statistics.problems.at(index)));
        }
        if (statistics.problems.size() > ProblemsShown) {
            emit m_advisor->progress(
                QStringLiteral("Left out of the index: %1 more").arg(statistics.problems.size() - ProblemsShown));
        }
        input->retrieve = [this](const QStringList& terms) {
            QString searchError;
            QList<CodeChunk> chunks = m_retriever->search(terms, ChunksSearched, &searchError);
            if (!searchError.isEmpty()) {
                emit m_advisor->progress(QStringLiteral("No code for this step: %1").arg(searchError));
            }
            return chunks;
        };
        return true;
    }

    Advisor* m_advisor;
    std::unique_ptr<CodeRetriever> m_retriever;
    std::unique_ptr<LlmClient> m_client;
    QPointer<AdvisorChain> m_chain;
};

AdvisorImpl::AdvisorImpl(QObject* parent)
    : Advisor(parent)
{
    m_thread.setObjectName(QStringLiteral("advisor"));
}

AdvisorImpl::~AdvisorImpl()
{
    // The worker may be inside the code index's local event loop, where a deleteLater() from here
    // could delete it under its own feet. Stopped, its thread ended (which ends those loops too:
    // each wait of the worker's is bounded), it is deleted on its thread as the thread finishes.
    cancel();
    if (m_worker) {
        connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    }
    m_thread.quit();
    m_thread.wait();
}

void AdvisorImpl::start(const AdvisorRequest& request)
{
    if (m_busy) {
        QMetaObject::invokeMethod(
            this,
            [this] {
                emit finished({},
                              QStringLiteral("the advisor is still at work on the previous request: stop it, "
                                             "or wait for its end"));
            },
            Qt::QueuedConnection);
        return;
    }
    // Started on the first request: a report that is never sent to the advisor costs no thread.
    if (!m_thread.isRunning()) {
        m_thread.start();
    }
    // Idle, so in no event loop of its own: deleteLater() deletes it from its thread's.
    if (m_worker) {
        m_worker->deleteLater();
    }
    m_busy = true;
    m_worker = new AdvisorWorker(this);
    m_worker->moveToThread(&m_thread);
    // Queued from the worker's thread, in order after what it emitted before.
    connect(m_worker, &AdvisorWorker::finished, this, [this](const ReportAdvice& advice, const QString& error) {
        m_busy = false;
        emit finished(advice, error);
    });
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker.data(), request] { worker->run(request); }, Qt::QueuedConnection);
}

void AdvisorImpl::cancel()
{
    if (m_worker) {
        QMetaObject::invokeMethod(
            m_worker, [worker = m_worker.data()] { worker->cancel(); }, Qt::QueuedConnection);
    }
}

#include "AdvisorImpl.moc"
