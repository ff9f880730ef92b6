#pragma once

#include <optional>

#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>

enum class LlmProvider { OpenAi, Anthropic, Gemini, OpenRouter, Ollama, OpenAiCompatible };

// What the advisor, the settings and the command line know of each provider: the one table of
// them, which the GUI's lists are made from too.
namespace LlmProviders
{
// Every provider, in the order the settings list them.
QList<LlmProvider> all();
// The names users type: openai, anthropic, gemini, openrouter, ollama, openai-compatible.
std::optional<LlmProvider> fromName(const QString& name);
QString name(LlmProvider provider);
// For messages: "OpenAI", "Anthropic", "Google Gemini"...
QString displayName(LlmProvider provider);
// The variable a key may come from; empty for the providers that run without one.
QString environmentVariable(LlmProvider provider);
// The key in that variable when it is set and not empty (read each time, never saved).
std::optional<QString> keyFromEnvironment(LlmProvider provider);
// Base URLs follow the providers' own SDKs: OpenAI's and OpenRouter's include /v1 (the API root),
// Anthropic's, Gemini's and Ollama's are the server's root. Each client accepts both forms.
QUrl defaultBaseUrl(LlmProvider provider);
// Empty for an OpenAI-compatible server, which serves what it was started with.
QString defaultModel(LlmProvider provider);
// The models the settings offer, the default first; empty for an OpenAI-compatible server.
QStringList suggestedModels(LlmProvider provider);
bool needsKey(LlmProvider provider);
} // namespace LlmProviders
