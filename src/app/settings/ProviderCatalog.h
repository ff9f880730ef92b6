#pragma once

#include <QList>
#include <QString>
#include <QStringList>

// An LLM provider the advisor can use, with what talking to it takes.
struct Provider
{
    // How the provider lists its models, which is how a connection is tested.
    enum class Api { OpenAi, Anthropic, Gemini, Ollama };

    QString id; // in settings and the keychain: `openai`
    QString name; // `OpenAI`
    Api api = Api::OpenAi;
    QString defaultBaseUrl; // empty: the user must give one
    QStringList suggestedModels; // the first is the default
    bool needsKey = true;
    QString keyEnvironmentVariable; // read when set, as the CLI does
};

// The providers of SPEC.md §8.
class ProviderCatalog
{
public:
    static const QList<Provider>& providers();
    // nullptr when id is unknown.
    static const Provider* find(const QString& id);
};
