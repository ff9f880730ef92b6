#include "advisor/LlmPrice.h"
#include "advisor/LlmProviders.h"

#include <QSet>
#include <QTest>

// The one table of providers, which the CLI, the advisor and the settings dialog all read.
class TestLlmProviders : public QObject
{
    Q_OBJECT

private slots:
    void listsEveryProviderOnceByItsName();
    void offersTheDefaultModelFirst();
    void everyOfferedModelOfAPaidProviderHasAListPrice();
    void needsAKeyWhereThereIsAVariableForOne();
};

void TestLlmProviders::listsEveryProviderOnceByItsName()
{
    const QList<LlmProvider> providers = LlmProviders::all();
    QCOMPARE(providers.size(), 6);
    QCOMPARE(providers.first(), LlmProvider::OpenAi);
    QCOMPARE(providers.last(), LlmProvider::OpenAiCompatible);
    QSet<QString> names;
    for (const LlmProvider provider : providers) {
        const QString name = LlmProviders::name(provider);
        QVERIFY(!names.contains(name));
        names.insert(name);
        QCOMPARE(LlmProviders::fromName(name), provider);
        QCOMPARE(LlmProviders::fromName(name.toUpper()), provider);
        QVERIFY(!LlmProviders::displayName(provider).isEmpty());
        QVERIFY2(LlmProviders::defaultBaseUrl(provider).isValid(), qPrintable(name));
    }
    QCOMPARE(LlmProviders::fromName(QStringLiteral("gemini")), LlmProvider::Gemini);
    QCOMPARE(LlmProviders::fromName(QStringLiteral("openai-compatible")), LlmProvider::OpenAiCompatible);
    QCOMPARE(LlmProviders::fromName(QStringLiteral("mistral")), std::nullopt);
}

void TestLlmProviders::offersTheDefaultModelFirst()
{
    for (const LlmProvider provider : LlmProviders::all()) {
        const QStringList models = LlmProviders::suggestedModels(provider);
        QCOMPARE(models.value(0), LlmProviders::defaultModel(provider));
        QCOMPARE(QSet<QString>(models.begin(), models.end()).size(), models.size());
    }
    QCOMPARE(LlmProviders::defaultModel(LlmProvider::OpenAi), QStringLiteral("gpt-4.1-mini"));
    // A compatible server serves whatever it was started with.
    QVERIFY(LlmProviders::suggestedModels(LlmProvider::OpenAiCompatible).isEmpty());
}

void TestLlmProviders::everyOfferedModelOfAPaidProviderHasAListPrice()
{
    for (const LlmProvider provider : LlmProviders::all()) {
        for (const QString& model : LlmProviders::suggestedModels(provider)) {
            const std::optional<LlmPrice> price = LlmPrice::of(
                {.provider = provider, .baseUrl = LlmProviders::defaultBaseUrl(provider), .model = model});
            QVERIFY2(price, qPrintable(LlmProviders::name(provider) + QLatin1Char(' ') + model));
            QCOMPARE(price->source,
                     LlmProviders::needsKey(provider) ? LlmPrice::Source::ListPrice : LlmPrice::Source::Local);
        }
    }
}

void TestLlmProviders::needsAKeyWhereThereIsAVariableForOne()
{
    QVERIFY(LlmProviders::needsKey(LlmProvider::Anthropic));
    QCOMPARE(LlmProviders::environmentVariable(LlmProvider::Anthropic), QStringLiteral("ANTHROPIC_API_KEY"));
    QVERIFY(!LlmProviders::needsKey(LlmProvider::Ollama));
    QVERIFY(!LlmProviders::needsKey(LlmProvider::OpenAiCompatible));
    qputenv("OPENROUTER_API_KEY", "");
    QCOMPARE(LlmProviders::keyFromEnvironment(LlmProvider::OpenRouter), std::nullopt);
    qputenv("OPENROUTER_API_KEY", "sk-or-test");
    QCOMPARE(LlmProviders::keyFromEnvironment(LlmProvider::OpenRouter), QStringLiteral("sk-or-test"));
    qunsetenv("OPENROUTER_API_KEY");
    QCOMPARE(LlmProviders::keyFromEnvironment(LlmProvider::OpenRouter), std::nullopt);
}

QTEST_GUILESS_MAIN(TestLlmProviders)
#include "TestLlmProviders.moc"
