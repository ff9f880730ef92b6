#include "scenario/ScenarioWriter.h"

#include "scenario/Duration.h"
#include "store/AtomicFile.h"

#include <yaml-cpp/yaml.h>

#include <QLocale>
#include <QRegularExpression>

namespace
{
// Writes one scenario with yaml-cpp's emitter: block style, keys in the order of SPEC.md §1.
class ScenarioEmitter
{
public:
    QByteArray write(const Scenario& scenario)
    {
        m_out.SetIndent(2);
        m_out << YAML::BeginMap;
        text("title", scenario.title);
        optionalText("description", scenario.description);
        m_out << YAML::Key << "items" << YAML::Value << YAML::BeginSeq;
        for (const Item& item : scenario.items) {
            writeItem(item);
        }
        m_out << YAML::EndSeq;
        if (scenario.config) {
            writeConfig(*scenario.config);
        }
        m_out << YAML::EndMap << YAML::Newline;
        return QByteArray(m_out.c_str(), static_cast<qsizetype>(m_out.size()));
    }

private:
    void writeItem(const Item& item)
    {
        m_out << YAML::BeginMap;
        writeCall(item.call);
        if (item.context) {
            writeContext(*item.context);
        }
        if (item.expect) {
            writeExpect(*item.expect);
        }
        m_out << YAML::EndMap;
    }

    void writeCall(const Call& call)
    {
        m_out << YAML::Key << "call" << YAML::Value << YAML::BeginMap;
        text("method", call.method);
        text("url", call.url);
        pairs("headers", call.headers);
        optionalText("body", call.body);
        optionalInteger("timeout", call.timeout);
        if (call.operationId) {
            m_out << YAML::Key << "meta" << YAML::Value << YAML::BeginMap;
            text("operation_id", *call.operationId);
            m_out << YAML::EndMap;
        }
        m_out << YAML::EndMap;
    }

    void writeContext(const Context& context)
    {
        beginMap("context", context == Context{});
        if (!context.upstreams.isEmpty()) {
            m_out << YAML::Key << "upstreams" << YAML::Value << YAML::BeginSeq;
            for (const QString& upstream : context.upstreams) {
                scalar(upstream);
            }
            m_out << YAML::EndSeq;
        }
        if (!context.faults.isEmpty()) {
            m_out << YAML::Key << "faults" << YAML::Value << YAML::BeginSeq;
            for (const Fault& fault : context.faults) {
                writeFault(fault);
            }
            m_out << YAML::EndSeq;
        }
        if (context.strategy) {
            writeStrategy(*context.strategy);
        }
        if (!context.slo.isEmpty()) {
            m_out << YAML::Key << "slo" << YAML::Value << YAML::BeginSeq;
            for (const Slo& slo : context.slo) {
                m_out << YAML::BeginMap;
                text("slo_type", toString(slo.type));
                text("title", slo.title);
                number("objective", slo.objective);
                number("threshold", slo.threshold);
                m_out << YAML::EndMap;
            }
            m_out << YAML::EndSeq;
        }
        m_out << YAML::EndMap;
    }

    void writeFault(const Fault& fault)
    {
        m_out << YAML::BeginMap;
        text("type", toString(fault.type()));
        std::visit([this](const auto& parameters) { writeParameters(parameters); }, fault.parameters);
        if (fault.side) {
            text("side", toString(*fault.side));
        }
        if (fault.direction) {
            text("direction", toString(*fault.direction));
        }
        if (fault.period) {
            text("period", formatPeriod(*fault.period));
        }
        m_out << YAML::EndMap;
    }

    void writeParameters(const LatencyFault& latency)
    {
        if (latency.distribution) {
            text("distribution", toString(*latency.distribution));
        }
        optionalNumber("mean", latency.mean);
        optionalNumber("stddev", latency.stddev);
        optionalNumber("min", latency.min);
        optionalNumber("max", latency.max);
        optionalNumber("shape", latency.shape);
        optionalNumber("scale", latency.scale);
        optionalBoolean("global", latency.global);
    }

    void writeParameters(const JitterFault& jitter)
    {
        number("amplitude", jitter.amplitude);
        number("frequency", jitter.frequency);
    }

    void writeParameters(const BandwidthFault& bandwidth)
    {
        number("rate", bandwidth.rate);
        if (bandwidth.unit) {
            text("unit", toString(*bandwidth.unit));
        }
    }

    void writeParameters(const PacketLossFault& packetLoss)
    {
        optionalNumber("probability", packetLoss.probability);
    }

    void writeParameters(const HttpErrorFault& httpError)
    {
        number("status_code", httpError.statusCode);
        number("probability", httpError.probability);
        optionalText("body", httpError.body);
    }

    void writeParameters(const BlackholeFault&)
    { }

    void writeStrategy(const Strategy& strategy)
    {
        m_out << YAML::Key << "strategy" << YAML::Value << YAML::BeginMap;
        text("mode", strategyModeName(strategy));
        if (const auto* repeat = std::get_if<RepeatStrategy>(&strategy)) {
            number("count", repeat->count);
            number("step", repeat->step);
            optionalBoolean("add_baseline_call", repeat->addBaselineCall);
            optionalInteger("wait", repeat->wait);
            optionalBoolean("failfast", repeat->failfast);
        } else if (const auto* load = std::get_if<LoadStrategy>(&strategy)) {
            text("duration", formatDuration(static_cast<double>(load->duration)));
            number("clients", load->clients);
            number("rps", load->rps);
        }
        m_out << YAML::EndMap;
    }

    void writeExpect(const Expectation& expect)
    {
        beginMap("expect", expect == Expectation{});
        optionalInteger("status", expect.status);
        optionalNumber("response_time_under", expect.responseTimeUnder);
        optionalBoolean("all_slo_are_valid", expect.allSloAreValid);
        m_out << YAML::EndMap;
    }

    void writeConfig(const ScenarioConfig& config)
    {
        beginMap("config", config == ScenarioConfig{});
        if (!config.headers.isEmpty() || !config.segments.isEmpty()) {
            m_out << YAML::Key << "http" << YAML::Value << YAML::BeginMap;
            pairs("headers", config.headers);
            if (!config.segments.isEmpty()) {
                m_out << YAML::Key << "paths" << YAML::Value << YAML::BeginMap;
                pairs("segments", config.segments);
                m_out << YAML::EndMap;
            }
            m_out << YAML::EndMap;
        }
        m_out << YAML::EndMap;
    }

    // An empty mapping is written `{}` on its key's line.
    void beginMap(const char* key, bool empty)
    {
        m_out << YAML::Key << key << YAML::Value;
        if (empty) {
            m_out << YAML::Flow;
        }
        m_out << YAML::BeginMap;
    }

    // Text that a YAML reader would take for something else (a number, true, null) is quoted.
    void scalar(const QString& value)
    {
        static const QRegularExpression notText(QStringLiteral(
            R"(^(?:[-+]?(?:\.?[0-9][0-9_.eE+-]*|\.inf|\.Inf|\.INF)|\.nan|\.NaN|\.NAN|0x[0-9a-fA-F]+|0o[0-7]+|)"
            R"(true|True|TRUE|false|False|FALSE|yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF|)"
            R"(null|Null|NULL|~|)$)"));
        if (notText.match(value).hasMatch()) {
            m_out << YAML::DoubleQuoted;
        }
        m_out << value.toStdString();
    }

    void text(const char* key, const QString& value)
    {
        m_out << YAML::Key << key << YAML::Value;
        scalar(value);
    }

    void optionalText(const char* key, const std::optional<QString>& value)
    {
        if (value) {
            text(key, *value);
        }
    }

    // The shortest form that reads back as the same double, never in exponent form.
    void number(const char* key, double value)
    {
        m_out << YAML::Key << key << YAML::Value
              << QString::number(value, 'f', QLocale::FloatingPointShortest).toStdString();
    }

    template<typename Number>
    void optionalNumber(const char* key, const std::optional<Number>& value)
    {
        if (value) {
            number(key, static_cast<double>(*value));
        }
    }

    void optionalInteger(const char* key, const std::optional<int>& value)
    {
        optionalNumber(key, value);
    }

    void optionalBoolean(const char* key, const std::optional<bool>& value)
    {
        if (value) {
            m_out << YAML::Key << key << YAML::Value << (*value ? "true" : "false");
        }
    }

    void pairs(const char* key, const QList<QPair<QString, QString>>& values)
    {
        if (values.isEmpty()) {
            return;
        }
        m_out << YAML::Key << key << YAML::Value << YAML::BeginMap;
        for (const auto& [name, value] : values) {
            m_out << YAML::Key;
            scalar(name);
            m_out << YAML::Value;
            scalar(value);
        }
        m_out << YAML::EndMap;
    }

    YAML::Emitter m_out;
};
} // namespace

QByteArray ScenarioWriter::toYaml(const Scenario& scenario)
{
    return ScenarioEmitter().write(scenario);
}

QByteArray ScenarioWriter::toYaml(const QList<Scenario>& scenarios)
{
    QByteArray yaml;
    for (const Scenario& scenario : scenarios) {
        if (!yaml.isEmpty()) {
            yaml += "---\n";
        }
        yaml += toYaml(scenario);
    }
    return yaml;
}

bool ScenarioWriter::saveFile(const QString& path, const QList<Scenario>& scenarios, QString* error)
{
    return writeFileAtomically(path, toYaml(scenarios), error);
}
