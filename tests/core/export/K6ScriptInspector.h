#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

// Runs an exported k6 script under node (Debian's nodejs), as k6 itself is not installed here:
// `node --check` on it, then tests/core/export/k6/inspect.mjs with stand-ins for the `k6` and
// `k6/http` modules, which gives the options and what each exec function sent; and checks the
// options against k6/options.schema.json with python3-jsonschema.
class K6ScriptInspector
{
public:
    K6ScriptInspector();

    // node --check's complaint; empty when the script parses as a JavaScript module.
    QString syntaxError(const QByteArray& script);
    // {options, responseCallback, calls: {scenario: {requests, checks, sleeps}}}; empty, with the
    // reason in error, when node failed. environment: the script's __ENV.
    QJsonObject inspect(const QByteArray& script, const QJsonObject& environment = {}, QString* error = nullptr);
    // The schema's complaints about options, one a line with its JSON path; empty when it is valid.
    QStringList schemaErrors(const QJsonObject& options);

private:
    QString writeScript(const QByteArray& script);

    QTemporaryDir m_folder;
    int m_scripts = 0;
};
