#include "advisor/LlmPrice.h"
#include "report/MarkdownReportWriter.h"
#include "report/ReportModel.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>

namespace
{
LlmEndpoint endpointOf(LlmProvider provider, const QString& model, const QString& baseUrl = {})
{
    return {.provider = provider,
            .baseUrl = baseUrl.isEmpty() ? LlmProviders::defaultBaseUrl(provider) : QUrl(baseUrl),
            .model = model};
}

// The footer's line of a report whose advice used 120,000 input and 8,000 output tokens at price.
QString footerAt(const std::optional<LlmPrice>& price)
{
    ReportModel model;
    model.title = QStringLiteral("Priced");
    ReportAdvice advice{.provider = QStringLiteral("OpenAI"),
                        .model = QStringLiteral("gpt-4o"),
                        .role = QStringLiteral("SRE"),
                        .inputTokens = 120000,
                        .outputTokens = 8000};
    if (price) {
        advice.cost = price->cost(advice.inputTokens, advice.outputTokens);
        advice.costNote = price->note(advice.inputTokens, advice.outputTokens);
    }
    model.advice = advice;
    const QStringList lines = QString::fromUtf8(MarkdownReportWriter::write(model)).split(QLatin1Char('\n'));
    for (const QString& line : lines) {
        if (line.startsWith(QLatin1String("Advice by"))) {
            return line;
        }
    }
    return {};
}
} // namespace

// The built-in list prices behind the report's cost line, and what the footer says of them.
class TestLlmPrice : public QObject
{
    Q_OBJECT

private slots:
    void theTableIsWellFormedAndDated();
    void findsListPrices_data();
    void findsListPrices();
    void guessesNoPrice_data();
    void guessesNoPrice();
    void localServersCostNothing_data();
    void localServersCostNothing();
    void footerWithAKnownModel();
    void footerWithAnUnknownModel();
    void footerWithALocalProvider();
    void footerWithTheUsersPrice();
};

void TestLlmPrice::theTableIsWellFormedAndDated()
{
    QFile file(QStringLiteral(AFTERSHOCK_SOURCE_DIR "/resources/llm-prices.json"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QJsonParseError error;
    const QJsonObject root = QJsonDocument::fromJson(file.readAll(), &error).object();
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
    const QString taken = root.value(QLatin1String("taken")).toString();
    QVERIFY2(QRegularExpression(QStringLiteral("^20\\d\\d-\\d\\d-\\d\\d$")).match(taken).hasMatch(), qPrintable(taken));
    QCOMPARE(LlmPrice::builtInListDate(), taken);
    const QJsonObject providers = root.value(QLatin1String("providers")).toObject();
    QVERIFY(!providers.isEmpty());
    for (auto provider = providers.begin(); provider != providers.end(); ++provider) {
        QVERIFY2(LlmProviders::fromName(provider.key()), qPrintable(provider.key()));
        const QJsonArray models = provider.value().toObject().value(QLatin1String("models")).toArray();
        for (const QJsonValue& value : models) {
            const QJsonObject entry = value.toObject();
            const QString model = entry.value(QLatin1String("model")).toString();
            // Every entry is found: its own price, or the one it passes through.
            const std::optional<LlmPrice> price
                = LlmPrice::of(endpointOf(*LlmProviders::fromName(provider.key()), model));
            QVERIFY2(price && price->source == LlmPrice::Source::ListPrice, qPrintable(model));
            QVERIFY2(price->inputPerMillion >= 0 && price->outputPerMillion >= price->inputPerMillion,
                     qPrintable(model));
        }
    }
}

void TestLlmPrice::findsListPrices_data()
{
    QTest::addColumn<LlmProvider>("provider");
    QTest::addColumn<QString>("model");
    QTest::addColumn<double>("input");
    QTest::addColumn<double>("output");
    QTest::newRow("OpenAI's default") << LlmProvider::OpenAi << "gpt-4.1-mini" << 0.40 << 1.60;
    QTest::newRow("a dated alias") << LlmProvider::OpenAi << "gpt-4o-2024-08-06" << 2.50 << 10.00;
    // The same family, dated otherwise, at its own price.
    QTest::newRow("an older snapshot") << LlmProvider::OpenAi << "gpt-4o-2024-05-13" << 5.00 << 15.00;
    QTest::newRow("Anthropic's default") << LlmProvider::Anthropic << "claude-sonnet-4-5" << 3.00 << 15.00;
    QTest::newRow("Anthropic's dated id") << LlmProvider::Anthropic << "claude-sonnet-4-5-20250929" << 3.00 << 15.00;
    QTest::newRow("Gemini's default") << LlmProvider::Gemini << "gemini-2.5-flash" << 0.30 << 2.50;
    QTest::newRow("Gemini's resource name") << LlmProvider::Gemini << "models/gemini-2.5-pro" << 1.25 << 10.00;
    QTest::newRow("OpenRouter passes through") << LlmProvider::OpenRouter << "openai/gpt-4.1-mini" << 0.40 << 1.60;
    QTest::newRow("OpenRouter's Claude") << LlmProvider::OpenRouter << "anthropic/claude-sonnet-4.5" << 3.00 << 15.00;
}

void TestLlmPrice::findsListPrices()
{
    QFETCH(LlmProvider, provider);
    QFETCH(QString, model);
    QFETCH(double, input);
    QFETCH(double, output);
    const std::optional<LlmPrice> price = LlmPrice::of(endpointOf(provider, model));
    QVERIFY(price);
    QCOMPARE(price->source, LlmPrice::Source::ListPrice);
    QCOMPARE(price->inputPerMillion, input);
    QCOMPARE(price->outputPerMillion, output);
    QCOMPARE(price->listDate, LlmPrice::builtInListDate());
}

void TestLlmPrice::guessesNoPrice_data()
{
    QTest::addColumn<LlmProvider>("provider");
    QTest::addColumn<QString>("model");
    QTest::newRow("unknown") << LlmProvider::OpenAi << "gpt-9";
    QTest::newRow("a date no entry lists") << LlmProvider::OpenAi << "gpt-4.1-mini-2031-01-01";
    QTest::newRow("a prefix of a known id") << LlmProvider::OpenAi << "gpt-4";
    QTest::newRow("another provider's id") << LlmProvider::Anthropic << "gpt-4o";
    QTest::newRow("an id without its provider") << LlmProvider::OpenRouter << "gpt-4o";
    QTest::newRow("in another case") << LlmProvider::Gemini << "Gemini-2.5-Flash";
    QTest::newRow("a remote compatible server") << LlmProvider::OpenAiCompatible << "gpt-4o";
}

void TestLlmPrice::guessesNoPrice()
{
    QFETCH(LlmProvider, provider);
    QFETCH(QString, model);
    const QString baseUrl
        = provider == LlmProvider::OpenAiCompatible ? QStringLiteral("https://llm.example.com/v1") : QString();
    QCOMPARE(LlmPrice::of(endpointOf(provider, model, baseUrl)), std::nullopt);
}

void TestLlmPrice::localServersCostNothing_data()
{
    QTest::addColumn<LlmProvider>("provider");
    QTest::addColumn<QString>("baseUrl");
    QTest::newRow("Ollama") << LlmProvider::Ollama << "http://localhost:11434";
    QTest::newRow("Ollama elsewhere") << LlmProvider::Ollama << "http://gpu-box:11434";
    QTest::newRow("vLLM here") << LlmProvider::OpenAiCompatible << "http://localhost:8000/v1";
    QTest::newRow("loopback") << LlmProvider::OpenAiCompatible << "http://127.0.0.1:1234/v1";
    QTest::newRow("IPv6 loopback") << LlmProvider::OpenAiCompatible << "http://[::1]:8080/v1";
    QTest::newRow("a private network") << LlmProvider::OpenAiCompatible << "http://192.168.1.20:8000/v1";
    QTest::newRow("mDNS") << LlmProvider::OpenAiCompatible << "http://studio.local:1234/v1";
}

void TestLlmPrice::localServersCostNothing()
{
    QFETCH(LlmProvider, provider);
    QFETCH(QString, baseUrl);
    const std::optional<LlmPrice> price = LlmPrice::of(endpointOf(provider, QStringLiteral("llama3.1"), baseUrl));
    QVERIFY(price);
    QCOMPARE(price->source, LlmPrice::Source::Local);
    QCOMPARE(price->cost(1000, 100), QString());
}

void TestLlmPrice::footerWithAKnownModel()
{
    // 120,000 × $2.50 + 8,000 × $10.00 a million.
    QCOMPARE(footerAt(LlmPrice::of(endpointOf(LlmProvider::OpenAi, QStringLiteral("gpt-4o")))),
             QStringLiteral("Advice by OpenAI, model gpt-4o, for the role SRE: 120000 input and 8000 output tokens, "
                            "about $0.3800 (cost at list prices of %1).")
                 .arg(LlmPrice::builtInListDate()));
}

void TestLlmPrice::footerWithAnUnknownModel()
{
    QCOMPARE(footerAt(LlmPrice::of(endpointOf(LlmProvider::OpenAi, QStringLiteral("gpt-9")))),
             QStringLiteral("Advice by OpenAI, model gpt-4o, for the role SRE: 120000 input and 8000 output tokens."));
    // A list price with counts the provider did not give: no cost, and nothing said of one.
    const std::optional<LlmPrice> known = LlmPrice::of(endpointOf(LlmProvider::OpenAi, QStringLiteral("gpt-4o")));
    QCOMPARE(known->cost(-1, 8000), QString());
    QCOMPARE(known->note(-1, 8000), QString());
}

void TestLlmPrice::footerWithALocalProvider()
{
    QCOMPARE(footerAt(LlmPrice::of(endpointOf(LlmProvider::Ollama, QStringLiteral("llama3.1")))),
             QStringLiteral("Advice by OpenAI, model gpt-4o, for the role SRE: 120000 input and 8000 output tokens "
                            "(local model, no cost counted)."));
}

void TestLlmPrice::footerWithTheUsersPrice()
{
    // --price 1,2 overrides the list price, and says nothing of where it came from.
    QCOMPARE(footerAt(LlmPrice{.inputPerMillion = 1.0, .outputPerMillion = 2.0}),
             QStringLiteral("Advice by OpenAI, model gpt-4o, for the role SRE: 120000 input and 8000 output tokens, "
                            "about $0.1360."));
}

QTEST_GUILESS_MAIN(TestLlmPrice)
#include "TestLlmPrice.moc"
