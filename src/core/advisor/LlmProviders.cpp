#include "advisor/LlmProviders.h"

namespace
{
struct ProviderFacts
{
    LlmProvider provider;
    const char* name;
    const char* displayName;
    const char* environmentVariable;
    const char* baseUrl;
    const char* models; // comma-separated, the default first
};

// In the order the settings list them. Every model offered for a paid provider has a list price
// in resources/llm-prices.json (TestLlmProviders checks).
// clang-format off
constexpr ProviderFacts Facts[] = {
    {LlmProvider::OpenAi, "openai", "OpenAI", "OPENAI_API_KEY", "https://api.openai.com/v1",
     "gpt-4.1-mini,gpt-4.1,gpt-4o,gpt-4o-mini,o4-mini"},
    {LlmProvider::Anthropic, "anthropic", "Anthropic", "ANTHROPIC_API_KEY", "https://api.anthropic.com",
     "claude-sonnet-4-5,claude-haiku-4-5,claude-opus-4-1"},
    {LlmProvider::Gemini, "gemini", "Google Gemini", "GEMINI_API_KEY", "https://generativelanguage.googleapis.com",
     "gemini-2.5-flash,gemini-2.5-pro,gemini-2.5-flash-lite"},
    {LlmProvider::OpenRouter, "openrouter", "OpenRouter", "OPENROUTER_API_KEY", "https://openrouter.ai/api/v1",
     "openai/gpt-4.1-mini,anthropic/claude-sonnet-4.5,google/gemini-2.5-flash"},
    {LlmProvider::Ollama, "ollama", "Ollama", "", "http://localhost:11434", "llama3.1,qwen2.5"},
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
QList<LlmProvider> all()
{
    QList<LlmProvider> providers;
    for (const ProviderFacts& facts : Facts) {
        providers << facts.provider;
    }
    return providers;
}

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
    return suggestedModels(provider).value(0);
}

QStringList suggestedModels(LlmProvider provider)
{
    return QString::fromLatin1(factsOf(provider).models).split(QLatin1Char(','), Qt::SkipEmptyParts);
}

bool needsKey(LlmProvider provider)
{
    return !environmentVariable(provider).isEmpty();
}
} // namespace LlmProviders
