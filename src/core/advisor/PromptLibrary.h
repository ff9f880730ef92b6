#pragma once

#include "advisor/PromptTemplate.h"

#include <optional>

#include <QMap>
#include <QString>

// The advisor's templates (prompts/ in the source, built in as :/prompts): the system prompt,
// the context every step is given, and one template a step. A user overrides any of them with a
// file of the same name in the override folder; a template that does not parse is an error that
// names its file, line and column, never a silent fallback.
class PromptLibrary
{
public:
    // ~/.config/Aftershock/prompts (the GUI's and the CLI's).
    static QString defaultOverrideFolder();
    // overrideFolder may be empty or missing: the built-in templates then.
    static std::optional<PromptLibrary> load(const QString& overrideFolder, QString* error);

    // name: "system", "context" or a step's id.
    const PromptTemplate* find(const QString& name) const;
    // The file it was read from (":/prompts/causes.md.j2" when built in).
    QString fileOf(const QString& name) const;

private:
    QMap<QString, PromptTemplate> m_templates;
    QMap<QString, QString> m_files;
};
