#include "settings/ProviderCatalog.h"

#include <algorithm>

const QList<Provider>& ProviderCatalog::providers()
{
    static const QList<Provider> all{
        {QStringLiteral("openai"),
         QStringLiteral("OpenAI"),
         Provider::Api::OpenAi,
         QStringLiteral("https://api.openai.com/v1"),
         {QStringLiteral("gpt-4o"), QStringLiteral("gpt-4o-mini"), QStringLiteral("o3-mini")},
         true,
         QStringLiteral("OPENAI_API_KEY")},
        {QStringLiteral("anthropic"),
         QStringLiteral("Anthropic"),
         Provider::Api::Anthropic,
         QStringLiteral("https://api.anthropic.com/v1"),
         {QStringLiteral("claude-3-5-sonnet-latest"), QStringLiteral("claude-3-5-haiku-latest")},
         true,
         QStringLiteral("ANTHROPIC_API_KEY")},
        {QStringLiteral("gemini"),
         QStringLiteral("Gemini"),
         Provider::Api::Gemini,
         QStringLiteral("https://generativelanguage.googleapis.com/v1beta"),
         {QStringLiteral("gemini-1.5-pro"), QStringLiteral("gemini-1.5-flash")},
         true,
         QStringLiteral("GEMINI_API_KEY")},
        {QStringLiteral("openrouter"),
         QStringLiteral("OpenRouter"),
         Provider::Api::OpenAi,
         QStringLiteral("https://openrouter.ai/api/v1"),
         {QStringLiteral("openai/gpt-4o-mini"), QStringLiteral("anthropic/claude-3.5-sonnet")},
         true,
         QStringLiteral("OPENROUTER_API_KEY")},
        {QStringLiteral("ollama"),
         QStringLiteral("Ollama"),
         Provider::Api::Ollama,
         QStringLiteral("http://localhost:11434"),
         {QStringLiteral("llama3.1"), QStringLiteral("qwen2.5")},
         false,
         {}},
        {QStringLiteral("openai-compatible"),
         QStringLiteral("OpenAI-compatible URL"),
         Provider::Api::OpenAi,
         {},
         {},
         false,
         {}},
    };
    return all;
}

const Provider* ProviderCatalog::find(const QString& id)
{
    const QList<Provider>& all = providers();
    const auto found
        = std::find_if(all.begin(), all.end(), [&](const Provider& provider) { return provider.id == id; });
    return found == all.end() ? nullptr : &*found;
}
