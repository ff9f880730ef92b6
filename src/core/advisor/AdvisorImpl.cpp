#include "advisor/AdvisorImpl.h"

#include "advisor/AdvisorChain.h"
#include "advisor/CodeIndex.h"
#include "advisor/PromptLibrary.h"

#include <QDir>

namespace
{
constexpr int ChunksSearched = 12;
constexpr unsigned long ThreadStopMs = 5000;
} // namespace

// Lives on the advisor's thread; made there, by run().
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
            emit m_advisor->finished({}, error);
            return;
        }
        AdvisorChain::Input input{.report = request.report,
                                  .role = request.role,
                                  .providerName = LlmProviders::displayName(request.endpoint.provider),
                                  .model = request.endpoint.model,
                                  .sourceFolder = QDir::toNativeSeparators(request.sourceFolder),
                                  .retrieve = {},
                                  .pricePerMillion = request.pricePerMillion};
        if (!request.sourceFolder.isEmpty()) {
            m_index = std::make_unique<CodeIndex>(
                request.indexPath.isEmpty() ? CodeIndex::defaultPath(request.sourceFolder) : request.indexPath);
            CodeIndex::UpdateStatistics statistics;
            emit m_advisor->progress(QStringLiteral("Indexing %1").arg(QDir::toNativeSeparators(request.sourceFolder)));
            if (!m_index->update(request.sourceFolder, &statistics, &error)) {
                emit m_advisor->finished({}, error);
                return;
            }
            emit m_advisor->progress(QStringLiteral("Indexed %1: %2 files, %3 changed, %4 code chunks")
                                         .arg(QDir::toNativeSeparators(request.sourceFolder))
                                         .arg(statistics.filesSeen)
                                         .arg(statistics.filesIndexed)
                                         .arg(statistics.chunks));
            input.retrieve = [index = m_index.get()](const QStringList& terms) {
                QString searchError;
                return index->search(terms, ChunksSearched, &searchError);
            };
        }
        if (request.printPromptsOnly) {
            AdvisorChain chain(std::move(*prompts), std::move(input), nullptr);
            for (int step = 0; step < AdvisorChain::steps().size(); ++step) {
                const std::optional<AdvisorChain::Prompt> prompt = chain.prompt(step, &error);
                if (!prompt) {
                    emit m_advisor->finished({}, error);
                    return;
                }
                emit m_advisor->promptRendered(step, prompt->system, prompt->user);
            }
            emit m_advisor->finished({}, QString());
            return;
        }
        m_client = makeLlmClient(request.endpoint);
        m_chain = new AdvisorChain(std::move(*prompts), std::move(input), m_client.get(), this);
        connect(m_chain, &AdvisorChain::stepStarted, m_advisor, &Advisor::stepStarted);
        connect(m_chain, &AdvisorChain::textArrived, m_advisor, &Advisor::textArrived);
        connect(m_chain, &AdvisorChain::retrying, m_advisor, &Advisor::retrying);
        connect(m_chain, &AdvisorChain::stepFinished, m_advisor, &Advisor::stepFinished);
        connect(m_chain, &AdvisorChain::finished, m_advisor, &Advisor::finished);
        m_chain->start();
    }

    void cancel()
    {
        if (m_chain) {
            m_chain->cancel();
        }
    }

private:
    Advisor* m_advisor;
    std::unique_ptr<CodeIndex> m_index;
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
    cancel();
    if (m_worker) {
        m_worker->deleteLater();
    }
    m_thread.quit();
    m_thread.wait(ThreadStopMs);
}

void AdvisorImpl::start(const AdvisorRequest& request)
{
    // Started on the first request: a report that is never sent to the advisor costs no thread.
    if (!m_thread.isRunning()) {
        m_thread.start();
    }
    if (m_worker) {
        m_worker->deleteLater();
    }
    m_worker = new AdvisorWorker(this);
    m_worker->moveToThread(&m_thread);
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
