#pragma once

#include "scenario/Diagnostic.h"
#include "scenario/Scenario.h"

#include <QByteArray>
#include <QList>
#include <QString>

// One YAML document of a scenario file: one scenario.
struct ScenarioDocument
{
    Scenario scenario;
    int index = 0; // 0-based position in the file
    SourceLocation location; // where the document starts (its first line after any `---`)
    int lastLine = 0; // its last line, so an editor can replace the document's text alone
    QList<int> itemLines; // line of each item, for jumping from the tree to the text
    bool valid = false; // loaded with no error diagnostic
};

struct ScenarioFile
{
    QString path;
    QList<ScenarioDocument> documents;
    Diagnostics diagnostics; // for the whole file, in order of line

    // The scenarios of the documents that loaded without error, in file order.
    QList<Scenario> scenarios() const;
    bool hasErrors() const;
};

// Reads scenario files (SPEC.md §1) into the model, diagnosing every problem with its location.
// It never throws: malformed, truncated, deeply nested or non-UTF-8 input gives diagnostics.
class ScenarioLoader
{
public:
    // fileName is used in diagnostics only.
    static ScenarioFile loadText(const QByteArray& text, const QString& fileName);
    static ScenarioFile loadFile(const QString& path);
    // A file, or a folder read recursively for *.yaml and *.yml, in path order.
    static QList<ScenarioFile> loadPath(const QString& path);
};
