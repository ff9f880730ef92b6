#include "K6ScriptInspector.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QProcess>

namespace
{
constexpr int ProcessTimeoutMs = 60000;
const QString StandInFolder = QStringLiteral(AFTERSHOCK_SOURCE_DIR "/tests/core/export/k6/");

bool writeFile(const QString& path, const QByteArray& contents)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(contents) == contents.size();
}

struct Finished
{
    bool ok = false;
    QByteArray output;
    QByteArray errors;
};

Finished runToEnd(const QString& program, const QStringList& arguments, const QString& folder,
                  const QByteArray& input = {})
{
    QProcess process;
    process.setWorkingDirectory(folder);
    process.start(program, arguments);
    if (!input.isEmpty()) {
        process.write(input);
    }
    process.closeWriteChannel();
    Finished finished;
    finished.ok = process.waitForFinished(ProcessTimeoutMs) && process.exitStatus() == QProcess::NormalExit
        && process.exitCode() == 0;
    finished.output = process.readAllStandardOutput();
    finished.errors = process.readAllStandardError();
    return finished;
}

// Checks the options on standard input against the schema, after the schema against its
// metaschema; prints a line a complaint.
const char* SchemaCheck = R"(
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator.check_schema(schema)
for error in jsonschema.Draft202012Validator(schema).iter_errors(json.load(sys.stdin)):
    print(error.json_path, error.message)
)";
} // namespace

K6ScriptInspector::K6ScriptInspector()
{
    // A module package beside the scripts, and the stand-ins where node looks for `k6`.
    const QDir folder(m_folder.path());
    folder.mkpath(QStringLiteral("node_modules/k6"));
    writeFile(folder.filePath(QStringLiteral("package.json")), R"({"type": "module"})");
    writeFile(folder.filePath(QStringLiteral("node_modules/k6/package.json")),
              R"({"name": "k6", "type": "module", "exports": {".": "./index.js", "./http": "./http.js"}})");
    QFile::copy(StandInFolder + QStringLiteral("k6.js"), folder.filePath(QStringLiteral("node_modules/k6/index.js")));
    QFile::copy(StandInFolder + QStringLiteral("k6-http.js"),
                folder.filePath(QStringLiteral("node_modules/k6/http.js")));
    QFile::copy(StandInFolder + QStringLiteral("inspect.mjs"), folder.filePath(QStringLiteral("inspect.mjs")));
}

QString K6ScriptInspector::writeScript(const QByteArray& script)
{
    const QString path = QDir(m_folder.path()).filePath(QStringLiteral("script%1.js").arg(++m_scripts));
    return writeFile(path, script) ? path : QString();
}

QString K6ScriptInspector::syntaxError(const QByteArray& script)
{
    const Finished node
        = runToEnd(QStringLiteral("/usr/bin/node"), {QStringLiteral("--check"), writeScript(script)}, m_folder.path());
    return node.ok ? QString() : QString::fromUtf8(node.errors.isEmpty() ? "node did not finish" : node.errors);
}

QJsonObject K6ScriptInspector::inspect(const QByteArray& script, const QJsonObject& environment, QString* error)
{
    const Finished node = runToEnd(QStringLiteral("/usr/bin/node"),
                                   {QStringLiteral("inspect.mjs"), writeScript(script),
                                    QString::fromUtf8(QJsonDocument(environment).toJson(QJsonDocument::Compact))},
                                   m_folder.path());
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(node.output, &parseError);
    if (!node.ok || !document.isObject()) {
        if (error) {
            *error = QString::fromUtf8(node.errors + node.output);
        }
        return {};
    }
    return document.object();
}

QStringList K6ScriptInspector::schemaErrors(const QJsonObject& options)
{
    const Finished python = runToEnd(
        QStringLiteral("/usr/bin/python3"),
        {QStringLiteral("-c"), QString::fromLatin1(SchemaCheck), StandInFolder + QStringLiteral("options.schema.json")},
        m_folder.path(), QJsonDocument(options).toJson(QJsonDocument::Compact));
    if (!python.ok) {
        return {QStringLiteral("python3 failed: ") + QString::fromUtf8(python.errors)};
    }
    return QString::fromUtf8(python.output).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}
