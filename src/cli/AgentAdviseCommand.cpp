#include "AgentAdviseCommand.h"

#include "ProviderKey.h"
#include "advisor/AdvisorChain.h"
#include "advisor/AdvisorConsent.h"
#include "advisor/AdvisorImpl.h"
#include "report/ReportBuilder.h"
#include "report/ReportExport.h"
#include "runner/ResultsJsonReader.h"

#include <QDir>
#include <QEventLoop>
#include <QFileInfo>

namespace
{
const QString AdviseCommandName = QStringLiteral("aftershock-cli agent advise");

std::optional<std::pair<double, double>> priceOf(const QString& text, bool* valid)
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
    return std::pair{input, output};
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
    const QCommandLineOption indexOption(QStringLiteral("index"),
                                         QStringLiteral("The code index' database (default: in the app data folder)."),
                                         QStringLiteral("FILE"));
    const QCommandLineOption priceOption(QStringLiteral("price"),
                                         QStringLiteral("Dollars a million input and output tokens, for the cost in "
                                                        "the footer: 0.15,0.60"),
                                         QStringLiteral("IN,OUT"));
    parser.addOptions({resultsOption, sourceOption, roleOption, providerOption, modelOption, baseUrlOption,
                       reportOption, yesOption, printOption, promptsOption, indexOption, priceOption});
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
    request.indexPath = parser.value(indexOption);
    request.promptFolder = parser.value(promptsOption);
    request.pricePerMillion = price;
    request.printPromptsOnly = printOnly;
    if (!request.endpoint.baseUrl.isValid() || request.endpoint.baseUrl.scheme().isEmpty()) {
        return usageError(QStringLiteral("--base-url '%1' is not a URL").arg(parser.value(baseUrlOption)));
    }

    const QString providerName = LlmProviders::displayName(*provider);
    if (!printOnly) {
        AdvisorConsent consent;
        if (!consent.isGiven(LlmProviders::name(*provider), request.sourceFolder)) {
            if (!parser.isSet(yesOption)) {
                errorOutput() << AdviseCommandName << ": "
                              << AdvisorConsent::question(providerName, request.endpoint.baseUrl.toDisplayString(),
                                                          request.sourceFolder)
                              << "\nRun again with --yes to agree (asked once for this provider and folder), or "
                                 "with --print-prompts to see exactly what would be sent.\n";
                return ExitBadInput;
            }
            consent.give(LlmProviders::name(*provider), request.sourceFolder);
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
