#pragma once

#include "scenario/Diagnostic.h"

#include <map>
#include <memory>

#include <QByteArray>
#include <QHash>
#include <QStringList>
#include <QUrl>

// Finds the line and column where a value of a JSON or YAML file is written, for diagnostics.
// QJsonDocument keeps no positions, so a file is read again with yaml-cpp (JSON is YAML's flow
// syntax), once, and only when a diagnostic needs a place in it.
class SourceLocator
{
public:
    explicit SourceLocator(const QHash<QUrl, QByteArray>& texts);
    ~SourceLocator();

    // The place of the value at the path of keys and indexes in file; the file alone when unknown.
    SourceLocation locate(const QUrl& file, const QStringList& path);

private:
    struct ParsedText;

    const QHash<QUrl, QByteArray>& m_texts;
    std::map<QUrl, std::unique_ptr<ParsedText>> m_parsed;
};
