#include "AgentAdviseCommand.h"

#include "ProviderKey.h"
#include "advisor/AdvisorChain.h"
#include "advisor/AdvisorConsent.h"
#include "advisor/AdvisorImpl.h"
#include "advisor/EmbeddingClient.h"
#include "report/ReportBuilder.h"
#include "report/ReportExport.h"
#include "runner/ResultsJsonReader.h"

#include <QDir>
#include <QEventLoop>
#include <QFileInfo>
#include <QHostAddress>

namespace
{
const QString AdviseCommandName = QStringLiteral("aftershock-cli agent advise");

std::optional<LlmPrice> priceOf(const QString& text, bool* valid)
{
    *valid = true;
    if (text.isEmpty()) {
        return std::nullopt;
    }
    const QStringList parts = text.split(QLatin1Char(','));
    bool inputValid = false;
    bool outputValid = false;
    const double input = parts.value(0).toDouble(&inputValid);
    const double output = parts.value(1).toDouble(&outputValid);
    *valid = parts.size() == 2 && inputValid && outputValid && input >= 0 && output >= 0;
    return LlmPrice{.inputPerMillion = input, .outputPerMillion = output};
}

// Whether requests to url stay on this machine.
bool isLoopbackUrl(const QUrl& url)
{
    const QString host = url.host().toLower();
    return host == QLatin1String("localhost") || host.endsWith(QLatin1String(".localhost"))
        || QHostAddress(host).isLoopback();
}

// Whether two base URLs name the same server and path, a trailing slash aside.
bool isSameBaseUrl(const QUrl& left, const QUrl& right)
{
    constexpr auto Normalized = QUrl::StripTrailingSlash | QUrl::NormalizePathSegments;
    return left.adjusted(Normalized) == right.adjusted(Normalized);
}

// --index qdrant's settings from the options, the embeddings from the chain's provider where it
// has them; nullopt with the problem when the options do not go together. Keys are added once the
// user has agreed to send.
std::optional<QdrantCodeIndex::Settings> qdrantSettings(const QCommandLineParser& parser, const LlmEndpoint& chat,
                                                        QString* problem)
{
    QdrantCodeIndex::Settings settings;
    settings.url = QUrl(parser.value(QStringLiteral("qdrant-url")));
    if (!settings.url.isValid() || settings.url.scheme().isEmpty()) {
        *problem = QStringLiteral("--qdrant-url '%1' is not a URL").arg(parser.value(QStringLiteral("qdrant-url")));
        return std::nullopt;
    }
    settings.collection = parser.value(QStringLiteral("qdrant-collection"));
    const QString providerName = parser.value(QStringLiteral("embedding-provider"));
    const std::optional<LlmProvider> provider
        = providerName.isEmpty() ? std::optional(chat.provider) : LlmProviders::fromName(providerName);
    if (!provider || !EmbeddingClient::supports(*provider)) {
        *problem = providerName.isEmpty()
            ? QStringLiteral("--index qdrant with --provider %1 needs --embedding-provider openai, ollama or "
                             "openai-compatible: %2 has no embeddings API")
                  .arg(LlmProviders::name(chat.provider), LlmProviders::displayName(chat.provider))
            : QStringLiteral("--embedding-provider takes openai, ollama or openai-compatible, not '%1'")
                  .arg(providerName);
        return std::nullopt;
    }
    LlmEndpoint& embedding = settings.embedding;
    embedding.provider = *provider;
    const QString baseUrl = parser.value(QStringLiteral("embedding-base-url"));
    if (!baseUrl.isEmpty()) {
        embedding.baseUrl = QUrl(baseUrl);
    } else if (*provider == chat.provider) {
        embedding.baseUrl = chat.baseUrl;
    } else if (*provider == LlmProvider::OpenAiCompatible) {
        *problem = QStringLiteral("--embedding-provider openai-compatible needs --embedding-base-url URL");
        return std::nullopt;
    } else {
        embedding.baseUrl = LlmProviders::defaultBaseUrl(*provider);
    }
    if (!embedding.baseUrl.isValid() || embedding.baseUrl.scheme().isEmpty()) {
        *problem = QStringLiteral("--embedding-base-url '%1' is not a URL").arg(baseUrl);
        return std::nullopt;
    }
    const QString model = parser.value(QStringLiteral("embedding-model"));
    embedding.model = model.isEmpty() ? EmbeddingClient::defaultModel(*provider) : model;
    return settings;
}
} // namespace

QStringList AgentAdviseCommand::name() const
{
    return {QStringLiteral("agent"), QStringLiteral("advise")};
}

QString AgentAdviseCommand::description() const
{
    return QStringLiteral("Extend a run's report with an LLM's analysis, grounded in your code.");
}

QList<Command::Example> AgentAdviseCommand::examples() const
{
    return {
        {QStringLiteral("Print what each step would send the LLM, with your code, and send nothing"),
         QStringLiteral("aftershock-cli agent advise --results results.json --source-dir ~/src/api --print-prompts")},
        {QStringLiteral("The report with OpenAI's advice (key: 'keys set openai' or OPENAI_API_KEY)"),
         QStringLiteral(
             "aftershock-cli agent advise --results results.json --source-dir ~/src/api --report advice.html")},
        {QStringLiteral("The same with a local Ollama model"),
         QStringLiteral("aftershock-cli agent advise --results results.json --source-dir ~/src/api --provider ollama "
                        "--model llama3.1 --report advice.md")},
        {QStringLiteral("A large codebase searched in a local Qdrant by OpenAI's embeddings (Qdrant's key, if any: "
                        "QDRANT_API_KEY)"),
         QStringLiteral("aftershock-cli agent advise --results results.json --source-dir ~/src/api --index qdrant "
                        "--report advice.html")},
        {QStringLiteral("All local: Ollama answers and embeds, into a collection of your naming"),
         QStringLiteral("aftershock-cli agent advise --results results.json --source-dir ~/src/api --provider ollama "
                        "--index qdrant --embedding-model nomic-embed-text --qdrant-collection api-code "
                        "--report advice.md")},
    };
}

int AgentAdviseCommand::execute(const QStringList& arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption resultsOption(QStringLiteral("results"), QStringLiteral("The run's results.json."),
                                           QStringLiteral("FILE"));
    const QCommandLineOption sourceOption(QStringLiteral("source-dir"),
                                          QStringLiteral("The service's source code, to ground the advice in."),
                                          QStringLiteral("DIR"));
    const QCommandLineOption roleOption(
        QStringLiteral("role"), QStringLiteral("Who the advice is for: developer, SRE, … (default: developer)."),
        QStringLiteral("ROLE"), QStringLiteral("developer"));
    const QCommandLineOption providerOption(
        QStringLiteral("provider"),
        QStringLiteral("openai, anthropic, gemini, ollama, openrouter or openai-compatible (default: openai)."),
        QStringLiteral("PROVIDER"), QStringLiteral("openai"));
    const QCommandLineOption modelOption(QStringLiteral("model"),
                                         QStringLiteral("The model (default: the provider's default)."),
                                         QStringLiteral("MODEL"));
    const QCommandLineOption baseUrlOption(QStringLiteral("base-url"),
                                           QStringLiteral("The provider's URL (for openai-compatible, required)."),
                                           QStringLiteral("URL"));
    const QCommandLineOption reportOption(QStringLiteral("report"),
                                          QStringLiteral("Where to write the report: .md, .html or .pdf."),
                                          QStringLiteral("FILE"));
    const QCommandLineOption yesOption(QStringLiteral("yes"),
                                       QStringLiteral("Agree to send the run's digest and code snippets to the "
                                                      "provider (asked once a provider and folder)."));
    const QCommandLineOption printOption(QStringLiteral("print-prompts"),
                                         QStringLiteral("Print every step's prompt exactly as it would be sent, and "
                                                        "send nothing."));
    const QCommandLineOption promptsOption(QStringLiteral("prompts"),
                                           QStringLiteral("A folder of templates that override the built-in ones "
                                                          "(default: ~/.config/Aftershock/prompts)."),
                                           QStringLiteral("DIR"));
    const QCommandLineOption indexOption(
        QStringLiteral("index"),
        QStringLiteral("Where the code is searched: fts, a full-text index on this machine, or qdrant, embeddings in "
                       "a Qdrant server, for large codebases (default: fts)."),
        QStringLiteral("KIND"), QStringLiteral("fts"));
    const QCommandLineOption indexFileOption(
        QStringLiteral("index-file"),
        QStringLiteral("The full-text index' database (default: in the app data folder)."), QStringLiteral("FILE"));
    const QCommandLineOption qdrantUrlOption(
        QStringLiteral("qdrant-url"),
        QStringLiteral("The Qdrant server for --index qdrant (default: %1); its key, if it has one, from "
                       "QDRANT_API_KEY.")
            .arg(QdrantCodeIndex::defaultUrl().toString()),
        QStringLiteral("URL"), QdrantCodeIndex::defaultUrl().toString());
    const QCommandLineOption qdrantCollectionOption(
        QStringLiteral("qdrant-collection"),
        QStringLiteral("The Qdrant collection (default: aftershock-<folder>-<hash of its path>, one a folder)."),
        QStringLiteral("NAME"));
    const QCommandLineOption embeddingProviderOption(
        QStringLiteral("embedding-provider"),
        QStringLiteral("Who embeds the code for --index qdrant: openai, ollama or openai-compatible (default: "
                       "--provider, when it is one of them)."),
        QStringLiteral("PROVIDER"));
    const QCommandLineOption embeddingModelOption(
        QStringLiteral("embedding-model"),
        QStringLiteral("The embedding model (default: text-embedding-3-small for OpenAI, nomic-embed-text for "
                       "Ollama)."),
        QStringLiteral("MODEL"));
    const QCommandLineOption embeddingBaseUrlOption(
        QStringLiteral("embedding-base-url"),
        QStringLiteral("The embedding provider's URL (default: --base-url for the same provider, else its own)."),
        QStringLiteral("URL"));
    const QCommandLineOption priceOption(QStringLiteral("price"),
                                         QStringLiteral("Dollars a million input and output tokens, for the cost in "
                                                        "the footer: 0.15,0.60 (default: the built-in list price of "
                                                        "a known model)"),
                                         QStringLiteral("IN,OUT"));
    parser.addOptions({resultsOption, sourceOption, roleOption, providerOption, modelOption, baseUrlOption,
                       reportOption, yesOption, printOption, promptsOption, indexOption, indexFileOption,
                       qdrantUrlOption, qdrantCollectionOption, embeddingProviderOption, embeddingModelOption,
                       embeddingBaseUrlOption, priceOption});
    int status = ExitSuccess;
    if (!parse(parser, arguments, status)) {
        return status;
    }
    const auto usageError = [](const QString& message) {
        errorOutput() << AdviseCommandName << ": " << message << "\n";
        return ExitBadInput;
    };
    if (!parser.isSet(resultsOption)) {
        return usageError(QStringLiteral("--results FILE is required"));
    }
    const bool printOnly = parser.isSet(printOption);
    if (!printOnly && !parser.isSet(reportOption)) {
        return usageError(QStringLiteral("--report FILE is required (or --print-prompts)"));
    }
    const std::optional<LlmProvider> provider = LlmProviders::fromName(parser.value(providerOption));
    if (!provider) {
        return usageError(QStringLiteral("--provider takes openai, anthropic, gemini, ollama, openrouter or "
                                         "openai-compatible, not '%1'")
                              .arg(parser.value(providerOption)));
    }
    if (*provider == LlmProvider::OpenAiCompatible && !parser.isSet(baseUrlOption)) {
        return usageError(QStringLiteral("--provider openai-compatible needs --base-url URL"));
    }
    const QString sourceFolder = parser.value(sourceOption);
    if (!sourceFolder.isEmpty() && !QFileInfo(sourceFolder).isDir()) {
        return usageError(
            QStringLiteral("--source-dir %1 is not a folder").arg(QDir::toNativeSeparators(sourceFolder)));
    }
    bool priceValid = true;
    const auto price = priceOf(parser.value(priceOption), &priceValid);
    if (!priceValid) {
        return usageError(
            QStringLiteral("--price takes two numbers, dollars a million input and output tokens: 0.15,0.60"));
    }

    ResultsJsonReader::Outcome results = ResultsJsonReader::readFile(parser.value(resultsOption));
    printDiagnostics(results.diagnostics, Diagnostic::Severity::Warning);
    if (!results.run) {
        return ExitBadInput;
    }
    AdvisorRequest request;
    request.report = ReportBuilder::build(*results.run, {});
    request.role = parser.value(roleOption).trimmed();
    request.endpoint.provider = *provider;
    request.endpoint.baseUrl
        = parser.isSet(baseUrlOption) ? QUrl(parser.value(baseUrlOption)) : LlmProviders::defaultBaseUrl(*provider);
    request.endpoint.model
        = parser.isSet(modelOption) ? parser.value(modelOption) : LlmProviders::defaultModel(*provider);
    request.sourceFolder = sourceFolder.isEmpty() ? QString() : QFileInfo(sourceFolder).absoluteFilePath();
    request.indexPath = parser.value(indexFileOption);
    request.promptFolder = parser.value(promptsOption);
    request.pricePerMillion = price ? price : LlmPrice::of(request.endpoint);
    request.printPromptsOnly = printOnly;
    if (!request.endpoint.baseUrl.isValid() || request.endpoint.baseUrl.scheme().isEmpty()) {
        return usageError(QStringLiteral("--base-url '%1' is not a URL").arg(parser.value(baseUrlOption)));
    }
    const QString indexKind = parser.value(indexOption);
    if (indexKind != QLatin1String("fts") && indexKind != QLatin1String("qdrant")) {
        return usageError(QStringLiteral("--index takes fts or qdrant, not '%1'").arg(indexKind));
    }
    if (indexKind == QLatin1String("qdrant")) {
        if (request.sourceFolder.isEmpty()) {
            return usageError(QStringLiteral("--index qdrant needs --source-dir DIR, the code to index"));
        }
        QString problem;
        request.qdrant = qdrantSettings(parser, request.endpoint, &problem);
        if (!request.qdrant) {
            return usageError(problem);
        }
    }
    // Trimmed: a key pasted with its line's end is still the key.
    const QString qdrantKey = qEnvironmentVariable("QDRANT_API_KEY").trimmed();
    if (request.qdrant && !qdrantKey.isEmpty() && request.qdrant->url.scheme() == QLatin1String("http")
        && !isLoopbackUrl(request.qdrant->url)) {
        errorOutput() << AdviseCommandName << ": warning: --qdrant-url " << request.qdrant->url.toDisplayString()
                      << " is plain http to another machine: QDRANT_API_KEY would travel in clear (use https)\n";
    }

    const QString providerName = LlmProviders::displayName(*provider);
    if (!printOnly) {
        // One question a scope not yet agreed to: the chain's provider, and the one that embeds.
        AdvisorConsent consent;
        QStringList scopes;
        QStringList questions;
        if (!consent.isGiven(LlmProviders::name(*provider), request.sourceFolder)) {
            scopes << LlmProviders::name(*provider);
            questions << AdvisorConsent::question(providerName, request.endpoint.baseUrl.toDisplayString(),
                                                  request.sourceFolder);
        }
        if (request.qdrant) {
            const LlmEndpoint& embedding = request.qdrant->embedding;
            const QString scope = AdvisorConsent::embeddingScope(LlmProviders::name(embedding.provider),
                                                                 embedding.baseUrl, request.qdrant->url);
            if (!consent.isGiven(scope, request.sourceFolder)) {
                scopes << scope;
                questions << AdvisorConsent::embeddingQuestion(
                    LlmProviders::displayName(embedding.provider), embedding.baseUrl.toDisplayString(),
                    request.qdrant->url.toDisplayString(), request.sourceFolder);
            }
        }
        if (!questions.isEmpty()) {
            if (!parser.isSet(yesOption)) {
                errorOutput() << AdviseCommandName << ": " << questions.join(QStringLiteral("\n"))
                              << "\nRun again with --yes to agree (asked once for this provider and folder), or "
                                 "with --print-prompts to see exactly what would be sent.\n";
                return ExitBadInput;
            }
            for (const QString& scope : std::as_const(scopes)) {
                consent.give(scope, request.sourceFolder);
            }
        }
        QString keyError;
        const std::optional<QString> key = providerKey(*provider, &keyError);
        if (!key) {
            return usageError(keyError);
        }
        if (key->isEmpty() && LlmProviders::needsKey(*provider)) {
            return usageError(
                QStringLiteral("no API key for %1: set %2, or store one with `aftershock-cli keys set %3`")
                    .arg(providerName, LlmProviders::environmentVariable(*provider), LlmProviders::name(*provider)));
        }
        request.endpoint.apiKey = *key;
        if (request.qdrant) {
            LlmEndpoint& embedding = request.qdrant->embedding;
            // The chat's key goes only where the chat goes. Elsewhere: the embedding provider's own
            // key, and none for a local or compatible server, for which nobody named one.
            std::optional<QString> embeddingKey;
            if (isSameBaseUrl(embedding.baseUrl, request.endpoint.baseUrl)) {
                embeddingKey = key;
            } else if (embedding.provider == LlmProvider::Ollama
                       || embedding.provider == LlmProvider::OpenAiCompatible) {
                embeddingKey = QString();
            } else {
                embeddingKey = providerKey(embedding.provider, &keyError);
            }
            if (!embeddingKey) {
                return usageError(keyError);
            }
            if (embeddingKey->isEmpty() && LlmProviders::needsKey(embedding.provider)) {
                return usageError(QStringLiteral("no API key for %1's embeddings: set %2, or store one with "
                                                 "`aftershock-cli keys set %3`")
                                      .arg(LlmProviders::displayName(embedding.provider),
                                           LlmProviders::environmentVariable(embedding.provider),
                                           LlmProviders::name(embedding.provider)));
            }
            embedding.apiKey = *embeddingKey;
            request.qdrant->apiKey = qdrantKey;
        }
    }

    AdvisorImpl advisor;
    QEventLoop loop;
    ReportAdvice advice;
    QString chainError;
    qsizetype streamed = 0;
    QObject::connect(&advisor, &Advisor::progress, &loop, [](const QString& message) {
        errorOutput() << message << "\n";
        errorOutput().flush();
    });
    QObject::connect(&advisor, &Advisor::promptRendered, &loop,
                     [](int index, const QString& system, const QString& user) {
                         const AdvisorChain::Step& step = AdvisorChain::steps().at(index);
                         standardOutput() << "===== Step " << index + 1 << " of " << AdvisorChain::steps().size()
                                          << ": " << step.title << " =====\n----- system -----\n"
                                          << system << "\n----- user -----\n"
                                          << user << "\n\n";
                     });
    QObject::connect(&advisor, &Advisor::stepStarted, &loop, [&streamed](int index, const QString& label) {
        streamed = 0;
        errorOutput() << "[" << index + 1 << "/" << AdvisorChain::steps().size() << "] " << label << " ";
        errorOutput().flush();
    });
    // A dot every few hundred characters: the answer is arriving.
    QObject::connect(&advisor, &Advisor::textArrived, &loop, [&streamed](int, const QString& piece) {
        constexpr qsizetype CharactersADot = 400;
        const qsizetype before = streamed / CharactersADot;
        streamed += piece.size();
        if (streamed / CharactersADot > before) {
            errorOutput() << ".";
            errorOutput().flush();
        }
    });
    QObject::connect(&advisor, &Advisor::retrying, &loop, [](int, const QString& reason) {
        errorOutput() << "\n    retrying: " << reason << "\n    ";
        errorOutput().flush();
    });
    QObject::connect(&advisor, &Advisor::stepFinished, &loop, [](int, const ReportAdviceStep& step) {
        if (step.markdown.isEmpty()) {
            errorOutput() << " set aside: " << step.note << "\n";
        } else {
            errorOutput() << " done\n";
        }
        errorOutput().flush();
    });
    QObject::connect(&advisor, &Advisor::finished, &loop, [&](const ReportAdvice& finished, const QString& error) {
        advice = finished;
        chainError = error;
        loop.quit();
    });
    advisor.start(request);
    loop.exec();
    if (printOnly) {
        if (!chainError.isEmpty()) {
            errorOutput() << AdviseCommandName << ": " << chainError << "\n";
            return ExitBadInput;
        }
        return ExitSuccess;
    }
    if (advice.steps.isEmpty()) {
        // Nothing ran (a template or the index failed): no report to extend.
        errorOutput() << AdviseCommandName << ": " << chainError << "\n";
        return ExitBadInput;
    }
    ReportModel model = request.report;
    model.advice = advice;
    const QString output = parser.value(reportOption);
    QString writeError;
    if (!ReportExport::writeModel(model, ReportExport::formatOf(output), output, &writeError)) {
        errorOutput() << AdviseCommandName << ": " << writeError << "\n";
        return ExitBadInput;
    }
    const auto kept = std::count_if(advice.steps.begin(), advice.steps.end(),
                                    [](const ReportAdviceStep& step) { return !step.markdown.isEmpty(); });
    standardOutput() << "Report written to " << QDir::toNativeSeparators(output) << ": " << kept << " of "
                     << advice.steps.size() << " advisor sections kept\n";
    if (!chainError.isEmpty()) {
        errorOutput() << AdviseCommandName << ": stopped early: " << chainError << "\n";
        return ExitBadInput;
    }
    return ExitSuccess;
}
