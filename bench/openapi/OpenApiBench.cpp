// Generation speed from a large OpenAPI description (issue 6: 10 MB, 1,000 operations, under 2 s).
//   openapi_bench [--operations N] [--megabytes M] [--runs R] [--keep FOLDER]
// Builds a 3.0 document of N operations padded to about M MB, saves it as JSON and as YAML (into
// FOLDER with --keep, so that the real CLI can be timed on the same files), and
// times, for each, what `scenario generate --spec-file F --scenario OUT.yaml` does: load (read,
// parse, check every $ref), generate the eight families for every operation, and write the YAML.

#include "openapi/OpenApiLoader.h"
#include "openapi/ScenarioGenerator.h"
#include "openapi/ScenarioOutputWriter.h"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <yaml-cpp/yaml.h>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

namespace
{
// One resource schema of many documented properties, most of the document's bytes.
QJsonObject resourceSchema(int index, const QString& padding)
{
    QJsonObject properties;
    for (int property = 0; property < 24; ++property) {
        const QString name = QStringLiteral("field%1").arg(property);
        QJsonObject schema{
            {"description", QStringLiteral("Field %1 of resource %2. ").arg(property).arg(index) + padding}};
        switch (property % 6) {
        case 0:
            schema.insert("type", "string");
            schema.insert("format", "uuid");
            break;
        case 1:
            schema.insert("type", "integer");
            schema.insert("minimum", 1);
            break;
        case 2:
            schema.insert("type", "array");
            schema.insert("items", QJsonObject{{"$ref", "#/components/schemas/Tag"}});
            break;
        case 3:
            schema.insert("type", "string");
            schema.insert("enum", QJsonArray{"red", "green", "blue"});
            break;
        case 4:
            schema.insert("$ref", QStringLiteral("#/components/schemas/Resource%1").arg((index + 1) % 1000));
            break;
        default:
            schema.insert("type", "string");
            schema.insert("example", QStringLiteral("value %1").arg(property));
        }
        properties.insert(name, schema);
    }
    return QJsonObject{
        {"type", "object"}, {"required", QJsonArray{"field0", "field1", "field5"}}, {"properties", properties}};
}

QJsonObject operation(const QString& id, const QString& padding, int resource, bool withBody)
{
    QJsonObject object{
        {"operationId", id},
        {"tags", QJsonArray{QStringLiteral("group%1").arg(resource % 20)}},
        {"summary", QStringLiteral("Operation %1").arg(id)},
        {"description", padding},
        {"parameters",
         QJsonArray{
             QJsonObject{{"$ref", "#/components/parameters/Id"}},
             QJsonObject{
                 {"name", "limit"}, {"in", "query"}, {"example", 20}, {"schema", QJsonObject{{"type", "integer"}}}},
             QJsonObject{{"name", "X-Trace"},
                         {"in", "header"},
                         {"required", true},
                         {"schema", QJsonObject{{"type", "string"}, {"format", "uuid"}}}},
             QJsonObject{{"name", "session"},
                         {"in", "cookie"},
                         {"example", "abc"},
                         {"schema", QJsonObject{{"type", "string"}}}}}},
        {"responses",
         QJsonObject{
             {"200",
              QJsonObject{{"description", "ok"},
                          {"content",
                           QJsonObject{{"application/json",
                                        QJsonObject{{"schema",
                                                     QJsonObject{{"$ref",
                                                                  QStringLiteral("#/components/schemas/Resource%1")
                                                                      .arg(resource)}}}}}}}}}}}};
    if (withBody) {
        object.insert(
            "requestBody",
            QJsonObject{{"required", true},
                        {"content",
                         QJsonObject{{"application/json",
                                      QJsonObject{{"schema",
                                                   QJsonObject{{"$ref",
                                                                QStringLiteral("#/components/schemas/Resource%1")
                                                                    .arg(resource)}}}}}}}});
    }
    return object;
}

QJsonObject buildDocument(int operations, int paddingLength)
{
    const QString padding = QString(paddingLength, QLatin1Char('x'));
    QJsonObject paths;
    QJsonObject schemas{
        {"Tag",
         QJsonObject{{"type", "object"}, {"properties", QJsonObject{{"name", QJsonObject{{"type", "string"}}}}}}}};
    const int resources = (operations + 1) / 2;
    for (int resource = 0; resource < resources; ++resource) {
        QJsonObject pathItem{{"get", operation(QStringLiteral("get%1").arg(resource), padding, resource, false)}};
        if (2 * resource + 1 < operations) {
            pathItem.insert("put", operation(QStringLiteral("put%1").arg(resource), padding, resource, true));
        }
        paths.insert(QStringLiteral("/resources%1/{id}").arg(resource), pathItem);
        schemas.insert(QStringLiteral("Resource%1").arg(resource), resourceSchema(resource, padding));
    }
    for (int resource = resources; resource < 1000; ++resource) {
        schemas.insert(QStringLiteral("Resource%1").arg(resource), QJsonObject{{"type", "object"}});
    }
    return QJsonObject{
        {"openapi", "3.0.3"},
        {"info", QJsonObject{{"title", "Large API"}, {"version", "1.0.0"}}},
        {"servers", QJsonArray{QJsonObject{{"url", "http://127.0.0.1:8080/api"}}}},
        {"paths", paths},
        {"components",
         QJsonObject{{"parameters",
                      QJsonObject{{"Id",
                                   QJsonObject{{"name", "id"},
                                               {"in", "path"},
                                               {"required", true},
                                               {"schema", QJsonObject{{"type", "integer"}, {"minimum", 1}}}}}}},
                     {"schemas", schemas}}}};
}

void emitYaml(YAML::Emitter& out, const QJsonValue& value)
{
    if (value.isObject()) {
        out << YAML::BeginMap;
        const QJsonObject object = value.toObject();
        for (auto member = object.begin(); member != object.end(); ++member) {
            out << YAML::Key << member.key().toStdString() << YAML::Value;
            emitYaml(out, member.value());
        }
        out << YAML::EndMap;
    } else if (value.isArray()) {
        out << YAML::BeginSeq;
        for (const QJsonValue& element : value.toArray()) {
            emitYaml(out, element);
        }
        out << YAML::EndSeq;
    } else if (value.isString()) {
        out << YAML::DoubleQuoted << value.toString().toStdString();
    } else if (value.isBool()) {
        out << value.toBool();
    } else {
        out << value.toDouble();
    }
}

double cpuMilliseconds()
{
    timespec now{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
    return now.tv_sec * 1e3 + now.tv_nsec / 1e6;
}

// Wall time, and the process's CPU time, which other work on a shared machine cannot inflate.
struct Phase
{
    double wallMs = 0;
    double cpuMs = 0;
};

template<typename Work>
Phase timed(Work work)
{
    const double cpuStart = cpuMilliseconds();
    QElapsedTimer clock;
    clock.start();
    work();
    return Phase{clock.nsecsElapsed() / 1e6, cpuMilliseconds() - cpuStart};
}

struct Timing
{
    Phase load;
    Phase generate;
    Phase write;
    qsizetype scenarios = 0;

    double totalWallMs() const
    {
        return load.wallMs + generate.wallMs + write.wallMs;
    }
};

Timing measure(const QString& specPath, const QString& outputPath)
{
    Timing timing;
    OpenApiLoadResult loaded;
    timing.load = timed([&] { loaded = OpenApiLoader::loadFile(specPath); });
    if (!loaded.document) {
        std::fprintf(stderr, "cannot load %s\n", qPrintable(specPath));
        std::exit(1);
    }
    GenerationResult generated;
    timing.generate = timed([&] { generated = ScenarioGenerator::generate(*loaded.document); });
    QString error;
    bool written = false;
    timing.write = timed([&] { written = ScenarioOutputWriter::write(outputPath, generated.operations, &error); });
    if (!written) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        std::exit(1);
    }
    timing.scenarios = generated.scenarios().size();
    return timing;
}
} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication application(argc, argv);
    QCommandLineParser parser;
    parser.addOptions({{"operations", "Operations in the document.", "N", "1000"},
                       {"megabytes", "Size of the JSON document.", "M", "10"},
                       {"runs", "Timed runs of each format; the median is reported.", "R", "3"},
                       {"keep", "Save spec.json and spec.yaml into this folder and keep them.", "FOLDER"}});
    parser.process(application);
    const int operations = parser.value("operations").toInt();
    const double megabytes = parser.value("megabytes").toDouble();
    const int runs = std::max(1, parser.value("runs").toInt());

    // Pad descriptions until the compact JSON reaches the size asked for.
    const qint64 targetBytes = static_cast<qint64>(megabytes * 1024 * 1024);
    const qint64 unpadded = QJsonDocument(buildDocument(operations, 0)).toJson(QJsonDocument::Compact).size();
    const int descriptions = (operations + 1) / 2 * 24 + operations;
    const int padding = static_cast<int>(std::max<qint64>(0, (targetBytes - unpadded) / descriptions));
    const QJsonObject document = buildDocument(operations, padding);

    QTemporaryDir temporaryFolder;
    const QDir folder(parser.isSet("keep") ? parser.value("keep") : temporaryFolder.path());
    if (!folder.mkpath(".")) {
        std::fprintf(stderr, "cannot create %s\n", qPrintable(folder.path()));
        return 1;
    }
    const QString jsonPath = folder.filePath("spec.json");
    const QString yamlPath = folder.filePath("spec.yaml");
    QFile json(jsonPath);
    json.open(QIODevice::WriteOnly);
    json.write(QJsonDocument(document).toJson(QJsonDocument::Compact));
    json.close();
    YAML::Emitter yaml;
    emitYaml(yaml, document);
    QFile yamlFile(yamlPath);
    yamlFile.open(QIODevice::WriteOnly);
    yamlFile.write(yaml.c_str(), static_cast<qint64>(yaml.size()));
    yamlFile.close();

    std::printf("document: %d operations; JSON %.2f MB, YAML %.2f MB\n", operations,
                QFileInfo(jsonPath).size() / 1048576.0, QFileInfo(yamlPath).size() / 1048576.0);
    for (const QString& path : {jsonPath, yamlPath}) {
        QList<Timing> timings;
        for (int run = 0; run < runs; ++run) {
            timings << measure(path, folder.filePath("out.yaml"));
        }
        std::sort(timings.begin(), timings.end(),
                  [](const Timing& a, const Timing& b) { return a.totalWallMs() < b.totalWallMs(); });
        const Timing& median = timings.at(timings.size() / 2);
        std::printf("%s, median of %d (wall / CPU ms): load %.0f / %.0f, generate %.0f / %.0f, write %.0f / %.0f "
                    "(%lld scenarios, %.1f MB of YAML)\n",
                    qPrintable(QFileInfo(path).suffix().toUpper()), runs, median.load.wallMs, median.load.cpuMs,
                    median.generate.wallMs, median.generate.cpuMs, median.write.wallMs, median.write.cpuMs,
                    static_cast<long long>(median.scenarios),
                    QFileInfo(folder.filePath("out.yaml")).size() / 1048576.0);
    }
    return 0;
}
