#include "advisor/LlmClient.h"

#include "advisor/AnthropicClient.h"
#include "advisor/GeminiClient.h"
#include "advisor/OllamaClient.h"
#include "advisor/OpenAiClient.h"

namespace
{
struct ProviderFacts
{
    LlmProvider provider;
    const char* name;
    const char* displayName;
    const char* environmentVariable;
    const char* baseUrl;
    const char* model;
};

// clang-format off
constexpr ProviderFacts Facts[] = {
    {LlmProvider::OpenAi, "openai", "OpenAI", "OPENAI_API_KEY", "https://api.openai.com/v1", "gpt-4.1-mini"},
    {LlmProvider::Anthropic, "anthropic", "Anthropic", "ANTHROPIC_API_KEY", "https://api.anthropic.com",
     "claude-sonnet-4-5"},
    {LlmProvider::Gemini, "gemini", "Google Gemini", "GEMINI_API_KEY", "https://generativelanguage.googleapis.com",
     "gemini-2.5-flash"},
    {LlmProvider::Ollama, "ollama", "Ollama", "", "http://localhost:11434", "llama3.1"},
    {LlmProvider::OpenRouter, "openrouter", "OpenRouter", "OPENROUTER_API_KEY", "https://openrouter.ai/api/v1",
     "openai/gpt-4.1-mini"},
    // vLLM's default port; LM Studio's is 1234, llama.cpp's 8080.
    {LlmProvider::OpenAiCompatible, "openai-compatible", "OpenAI-compatible server", "", "http://localhost:8000/v1",
     ""},
};
// clang-format on

const ProviderFacts& factsOf(LlmProvider provider)
{
    for (const ProviderFacts& facts : Facts) {
        if (facts.provider == provider) {
            return facts;
        }
    }
    Q_UNREACHABLE();
}
} // namespace

namespace LlmProviders
{
std::optional<LlmProvider> fromName(const QString& name)
{
    for (const ProviderFacts& facts : Facts) {
        if (name.compare(QLatin1String(facts.name), Qt::CaseInsensitive) == 0) {
            return facts.provider;
        }
    }
    return std::nullopt;
}

QString name(LlmProvider provider)
{
    return QString::fromLatin1(factsOf(provider).name);
}

QString displayName(LlmProvider provider)
{
    return QString::fromLatin1(factsOf(provider).displayName);
}

QString environmentVariable(LlmProvider provider)
{
    return QString::fromLatin1(factsOf(provider).environmentVariable);
}

std::optional<QString> keyFromEnvironment(LlmProvider provider)
{
    const QByteArray variable = factsOf(provider).environmentVariable;
    if (variable.isEmpty() || qEnvironmentVariableIsEmpty(variable.constData())) {
        return std::nullopt;
    }
    return qEnvironmentVariable(variable.constData());
}

QUrl defaultBaseUrl(LlmProvider provider)
{
    return QUrl(QString::fromLatin1(factsOf(provider).baseUrl));
}

QString defaultModel(LlmProvider provider)
{
    return QString::fromLatin1(factsOf(provider).model);
}

bool needsKey(LlmProvider provider)
{
    return !environmentVariable(provider).isEmpty();
}
} // namespace LlmProviders

std::unique_ptr<LlmClient> makeLlmClient(const LlmEndpoint& endpoint, QObject* parent)
{
    switch (endpoint.provider) {
    case LlmProvider::Anthropic:
        return std::make_unique<AnthropicClient>(endpoint, parent);
    case LlmProvider::Gemini:
        return std::make_unique<GeminiClient>(endpoint, parent);
    case LlmProvider::Ollama:
        return std::make_unique<OllamaClient>(endpoint, parent);
    case LlmProvider::OpenAi:
    case LlmProvider::OpenRouter:
    case LlmProvider::OpenAiCompatible:
        break;
    }
    return std::make_unique<OpenAiClient>(endpoint, parent);
}
