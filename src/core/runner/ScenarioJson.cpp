#include "runner/ScenarioJson.h"

#include "scenario/ScenarioLoader.h"
#include "scenario/ScenarioWriter.h"

#include <yaml-cpp/yaml.h>

#include <QRegularExpression>

namespace
{
// YAML 1.2's core schema: what a plain (unquoted) scalar means.
QJsonValue plainScalar(const QString& text)
{
    static const QRegularExpression integer(QStringLiteral(R"(^[-+]?[0-9]+$)"));
    static const QRegularExpression real(QStringLiteral(R"(^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$)"));
    if (text.isEmpty() || text == QLatin1String("~") || text.compare(QLatin1String("null"), Qt::CaseInsensitive) == 0) {
        return QJsonValue::Null;
    }
    if (text.compare(QLatin1String("true"), Qt::CaseInsensitive) == 0) {
        return true;
    }
    if (text.compare(QLatin1String("false"), Qt::CaseInsensitive) == 0) {
        return false;
    }
    if (integer.match(text).hasMatch()) {
        return text.toLongLong();
    }
    if (real.match(text).hasMatch()) {
        return text.toDouble();
    }
    return text;
}

QJsonValue toJsonValue(const YAML::Node& node)
{
    switch (node.Type()) {
    case YAML::NodeType::Map: {
        QJsonObject object;
        for (const auto& entry : node) {
            object.insert(QString::fromStdString(entry.first.Scalar()), toJsonValue(entry.second));
        }
        return object;
    }
    case YAML::NodeType::Sequence: {
        QJsonArray array;
        for (const auto& element : node) {
            array.append(toJsonValue(element));
        }
        return array;
    }
    case YAML::NodeType::Scalar: {
        const QString text = QString::fromStdString(node.Scalar());
        // yaml-cpp tags a quoted scalar "!": it is a string whatever it looks like.
        return node.Tag() == "!" ? QJsonValue(text) : plainScalar(text);
    }
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
        break;
    }
    return QJsonValue::Null;
}
} // namespace

QJsonObject ScenarioJson::toJson(const Scenario& scenario)
{
    try {
        return toJsonValue(YAML::Load(ScenarioWriter::toYaml(scenario).toStdString())).toObject();
    } catch (const YAML::Exception&) {
        return {}; // the writer's own output always parses; this only keeps an exception from escaping
    }
}

QJsonArray ScenarioJson::faultsToJson(const QList<Fault>& faults)
{
    const Scenario holder{.items = {Item{.context = Context{.faults = faults}}}};
    const QJsonArray items = toJson(holder).value(QLatin1String("items")).toArray();
    if (items.isEmpty()) {
        return {};
    }
    return items.at(0).toObject().value(QLatin1String("context")).toObject().value(QLatin1String("faults")).toArray();
}

std::optional<Scenario> ScenarioJson::fromJson(const QByteArray& json, QString* error)
{
    const ScenarioFile file = ScenarioLoader::loadText(json, QStringLiteral("scenario"));
    for (const Diagnostic& diagnostic : file.diagnostics) {
        if (diagnostic.severity == Diagnostic::Severity::Error) {
            *error = diagnostic.message;
            return std::nullopt;
        }
    }
    const QList<Scenario> scenarios = file.scenarios();
    if (scenarios.size() != 1) {
        *error = QStringLiteral("not a scenario");
        return std::nullopt;
    }
    return scenarios.first();
}
