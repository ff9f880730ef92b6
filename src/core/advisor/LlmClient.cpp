#include "advisor/LlmClient.h"

#include "advisor/AnthropicClient.h"
#include "advisor/GeminiClient.h"
#include "advisor/OllamaClient.h"
#include "advisor/OpenAiClient.h"

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
