#include "advisor/LlmPrice.h"

#include <algorithm>

#include <QFile>
#include <QHash>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace
{
struct PriceTable
{
    QString taken;
    // By provider name and model id, the aliases included.
    QHash<QString, QHash<QString, std::pair<double, double>>> prices;
    QHash<QString, QString> ignoredPrefixes;
};

// nullopt, with a warning, unless both prices are numbers of dollars.
std::optional<std::pair<double, double>> listedPrice(const QString& model, const QJsonObject& entry)
{
    const double input = entry.value(QLatin1String("input")).toDouble(-1);
    const double output = entry.value(QLatin1String("output")).toDouble(-1);
    if (input < 0 || output < 0) {
        qWarning("The built-in LLM price table has no valid price for %s", qPrintable(model));
        return std::nullopt;
    }
    return std::pair{input, output};
}

// Reads the table built in from resources/llm-prices.json. The file is ours and checked by
// TestLlmPrice, so a fault in it is a warning and an empty table (no costs), never a crash.
PriceTable readPriceTable()
{
    PriceTable table;
    QFile file(QStringLiteral(":/advisor/llm-prices.json"));
    if (!file.open(QIODevice::ReadOnly)) {
        qWarning("The built-in LLM price table cannot be read: %s", qPrintable(file.errorString()));
        return table;
    }
    const QJsonObject root = QJsonDocument::fromJson(file.readAll()).object();
    const QJsonObject providers = root.value(QLatin1String("providers")).toObject();
    // Pass-through entries name another provider's model, so they are read once the others are.
    QList<std::tuple<QString, QString, QJsonObject>> passThrough;
    for (auto provider = providers.begin(); provider != providers.end(); ++provider) {
        const QJsonObject section = provider.value().toObject();
        table.ignoredPrefixes.insert(provider.key(), section.value(QLatin1String("ignoredPrefix")).toString());
        const QJsonArray models = section.value(QLatin1String("models")).toArray();
        for (const QJsonValue& value : models) {
            const QJsonObject entry = value.toObject();
            const QString model = entry.value(QLatin1String("model")).toString();
            if (entry.contains(QLatin1String("priceOf"))) {
                passThrough.append({provider.key(), model, entry.value(QLatin1String("priceOf")).toObject()});
                continue;
            }
            const std::optional<std::pair<double, double>> price = listedPrice(model, entry);
            if (!price) {
                continue;
            }
            table.prices[provider.key()].insert(model, *price);
            const QJsonArray aliases = entry.value(QLatin1String("aliases")).toArray();
            for (const QJsonValue& alias : aliases) {
                table.prices[provider.key()].insert(alias.toString(), *price);
            }
        }
    }
    for (const auto& [provider, model, priceOf] : std::as_const(passThrough)) {
        const QString otherProvider = priceOf.value(QLatin1String("provider")).toString();
        const QString otherModel = priceOf.value(QLatin1String("model")).toString();
        if (!table.prices.value(otherProvider).contains(otherModel)) {
            qWarning("The built-in LLM price table prices %s as %s, which it does not list", qPrintable(model),
                     qPrintable(otherModel));
            continue;
        }
        table.prices[provider].insert(model, table.prices.value(otherProvider).value(otherModel));
    }
    table.taken = root.value(QLatin1String("taken")).toString();
    return table;
}

const PriceTable& priceTable()
{
    static const PriceTable table = readPriceTable();
    return table;
}

bool isOnOwnNetwork(const QUrl& url)
{
    const QString host = url.host().toLower();
    if (host == QLatin1String("localhost") || host.endsWith(QLatin1String(".localhost"))
        || host.endsWith(QLatin1String(".local"))) {
        return true;
    }
    const QHostAddress address(host);
    if (address.isNull()) {
        return false;
    }
    static const QList<std::pair<QHostAddress, int>> privateNetworks{
        QHostAddress::parseSubnet(QStringLiteral("10.0.0.0/8")),
        QHostAddress::parseSubnet(QStringLiteral("172.16.0.0/12")),
        QHostAddress::parseSubnet(QStringLiteral("192.168.0.0/16")),
        QHostAddress::parseSubnet(QStringLiteral("fc00::/7")),
    };
    return address.isLoopback() || address.isLinkLocal()
        || std::any_of(privateNetworks.begin(), privateNetworks.end(),
                       [&](const auto& network) { return address.isInSubnet(network); });
}
} // namespace

QString LlmPrice::cost(qint64 inputTokens, qint64 outputTokens) const
{
    if (source == Source::Local || inputTokens < 0 || outputTokens < 0) {
        return {};
    }
    const double dollars = (inputTokens * inputPerMillion + outputTokens * outputPerMillion) / 1e6;
    return QStringLiteral("$%1").arg(dollars, 0, 'f', 4);
}

QString LlmPrice::note(qint64 inputTokens, qint64 outputTokens) const
{
    switch (source) {
    case Source::Local:
        return QStringLiteral("local model, no cost counted");
    case Source::ListPrice:
        return cost(inputTokens, outputTokens).isEmpty() ? QString()
                                                         : QStringLiteral("cost at list prices of %1").arg(listDate);
    case Source::User:
        break;
    }
    return {};
}

std::optional<LlmPrice> LlmPrice::of(const LlmEndpoint& endpoint)
{
    if (endpoint.provider == LlmProvider::Ollama
        || (endpoint.provider == LlmProvider::OpenAiCompatible && isOnOwnNetwork(endpoint.baseUrl))) {
        return LlmPrice{.source = Source::Local};
    }
    const PriceTable& table = priceTable();
    const QString provider = LlmProviders::name(endpoint.provider);
    const QString prefix = table.ignoredPrefixes.value(provider);
    const QString model
        = !prefix.isEmpty() && endpoint.model.startsWith(prefix) ? endpoint.model.mid(prefix.size()) : endpoint.model;
    const QHash<QString, std::pair<double, double>> models = table.prices.value(provider);
    const auto found = models.constFind(model);
    if (found == models.cend()) {
        return std::nullopt;
    }
    return LlmPrice{.inputPerMillion = found->first,
                    .outputPerMillion = found->second,
                    .source = Source::ListPrice,
                    .listDate = table.taken};
}

QString LlmPrice::builtInListDate()
{
    return priceTable().taken;
}
