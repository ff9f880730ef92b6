#include "KeysCommand.h"

#include "ProviderKey.h"

#include <cstdio>
#include <termios.h>
#include <unistd.h>

#include <QEventLoop>
#include <QTimer>

namespace
{
const QString KeysCommandName = QStringLiteral("aftershock-cli keys");
constexpr int TestTimeoutMs = 60000;
constexpr qsizetype MaximumKeyLength = 4096;

// A line of standard input; on a terminal, asked for and not echoed.
QString readKey(const QString& providerName)
{
    const bool terminal = isatty(STDIN_FILENO) == 1;
    termios saved{};
    if (terminal) {
        errorOutput() << providerName << " API key (not shown): ";
        errorOutput().flush();
        tcgetattr(STDIN_FILENO, &saved);
        termios silent = saved;
        silent.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        tcsetattr(STDIN_FILENO, TCSANOW, &silent);
    }
    QByteArray line;
    for (int character = std::getchar(); character != EOF && character != '\n' && line.size() < MaximumKeyLength;
         character = std::getchar()) {
        line.append(static_cast<char>(character));
    }
    if (terminal) {
        tcsetattr(STDIN_FILENO, TCSANOW, &saved);
        errorOutput() << "\n";
    }
    return QString::fromUtf8(line).trimmed();
}

} // namespace

QStringList KeysCommand::name() const
{
    return {QStringLiteral("keys")};
}

QString KeysCommand::description() const
{
    return QStringLiteral("Set, test or delete a provider's API key in the system keychain.");
}

QList<Command::Example> KeysCommand::examples() const
{
    return {
        {QStringLiteral("Keep your OpenAI key in the system keychain (read from standard input)"),
         QStringLiteral("aftershock-cli keys set openai")},
        {QStringLiteral("Check that the key works, with one short request"),
         QStringLiteral("aftershock-cli keys test openai")},
    };
}

int KeysCommand::execute(const QStringList& arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption baseUrlOption(QStringLiteral("base-url"), QStringLiteral("test: the provider's URL."),
                                           QStringLiteral("URL"));
    const QCommandLineOption modelOption(QStringLiteral("model"), QStringLiteral("test: the model to ask."),
                                         QStringLiteral("MODEL"));
    parser.addOptions({baseUrlOption, modelOption});
    int status = ExitSuccess;
    if (!parse(parser, arguments, status, QStringLiteral("set|test|delete PROVIDER"))) {
        return status;
    }
    const QStringList words = parser.positionalArguments();
    const QString action = words.value(0);
    if (words.size() != 2
        || (action != QLatin1String("set") && action != QLatin1String("test") && action != QLatin1String("delete"))) {
        errorOutput() << KeysCommandName
                      << ": give set, test or delete, then a provider (the key itself is read from the "
                         "standard input, never from an argument)\n";
        return ExitBadInput;
    }
    const std::optional<LlmProvider> provider = LlmProviders::fromName(words.at(1));
    if (!provider) {
        errorOutput() << KeysCommandName << ": unknown provider '" << words.at(1)
                      << "': openai, anthropic, gemini, ollama, openrouter or openai-compatible\n";
        return ExitBadInput;
    }
    const QString providerName = LlmProviders::displayName(*provider);
    ApiKeyStore store;
    if (action == QLatin1String("set")) {
        const QString key = readKey(providerName);
        if (key.isEmpty()) {
            errorOutput() << KeysCommandName << ": no key was given on the standard input\n";
            return ExitBadInput;
        }
        const QString error = waitForKeychain(
            store, [&] { store.writeKey(LlmProviders::name(*provider), key); }, &ApiKeyStore::keyWritten);
        if (!error.isEmpty()) {
            errorOutput() << KeysCommandName << ": " << error << "\n";
            return ExitBadInput;
        }
        standardOutput() << "The " << providerName << " key is in the system keychain.\n";
        return ExitSuccess;
    }
    if (action == QLatin1String("delete")) {
        const QString error = waitForKeychain(
            store, [&] { store.deleteKey(LlmProviders::name(*provider)); }, &ApiKeyStore::keyDeleted);
        if (!error.isEmpty()) {
            errorOutput() << KeysCommandName << ": " << error << "\n";
            return ExitBadInput;
        }
        standardOutput() << "No " << providerName << " key is in the system keychain now.\n";
        return ExitSuccess;
    }
    // test: a one-word question, which a working key, URL and model answer.
    QString keyError;
    const std::optional<QString> key = providerKey(*provider, &keyError);
    if (!key) {
        errorOutput() << KeysCommandName << ": " << keyError << "\n";
        return ExitBadInput;
    }
    if (key->isEmpty() && LlmProviders::needsKey(*provider)) {
        errorOutput() << KeysCommandName << ": no " << providerName << " key: set "
                      << LlmProviders::environmentVariable(*provider) << ", or run `aftershock-cli keys set "
                      << LlmProviders::name(*provider) << "`\n";
        return ExitBadInput;
    }
    LlmEndpoint endpoint;
    endpoint.provider = *provider;
    endpoint.baseUrl
        = parser.isSet(baseUrlOption) ? QUrl(parser.value(baseUrlOption)) : LlmProviders::defaultBaseUrl(*provider);
    endpoint.model = parser.isSet(modelOption) ? parser.value(modelOption) : LlmProviders::defaultModel(*provider);
    endpoint.apiKey = *key;
    endpoint.maxAttempts = 1;
    const std::unique_ptr<LlmClient> client = makeLlmClient(endpoint);
    QEventLoop loop;
    QString failure;
    bool answered = false;
    QObject::connect(client.get(), &LlmClient::finished, &loop, [&] {
        answered = true;
        loop.quit();
    });
    QObject::connect(client.get(), &LlmClient::failed, &loop, [&](const LlmError& error) {
        failure = error.message;
        loop.quit();
    });
    QTimer::singleShot(TestTimeoutMs, &loop, [&] {
        failure = QStringLiteral("no answer within %1 s").arg(TestTimeoutMs / 1000);
        client->cancel();
        loop.quit();
    });
    client->send(
        {.messages = {{QStringLiteral("user"), QStringLiteral("Answer with the word OK.")}}, .maxOutputTokens = 16});
    if (!answered && failure.isEmpty()) {
        loop.exec();
    }
    if (!answered) {
        errorOutput() << KeysCommandName << ": the " << providerName << " key does not work: " << failure << "\n";
        return ExitBadInput;
    }
    standardOutput() << "The " << providerName << " key works: " << endpoint.model << " at "
                     << endpoint.baseUrl.toDisplayString() << " answered.\n";
    return ExitSuccess;
}
