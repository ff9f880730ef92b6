#include "advisor/PromptLibrary.h"

#include "advisor/AdvisorChain.h"

#include <QDir>
#include <QFile>
#include <QStandardPaths>

QString PromptLibrary::defaultOverrideFolder()
{
    // Shared by the GUI and the CLI, whose application names (and so AppConfigLocation) differ.
    return QDir(QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation))
        .filePath(QStringLiteral("Aftershock/prompts"));
}

std::optional<PromptLibrary> PromptLibrary::load(const QString& overrideFolder, QString* error)
{
    QStringList names{QStringLiteral("system"), QStringLiteral("context")};
    for (const AdvisorChain::Step& step : AdvisorChain::steps()) {
        names << step.id;
    }
    PromptLibrary library;
    for (const QString& name : std::as_const(names)) {
        const QString fileName = name + QStringLiteral(".md.j2");
        QString path = QStringLiteral(":/prompts/") + fileName;
        if (!overrideFolder.isEmpty() && QFile::exists(QDir(overrideFolder).filePath(fileName))) {
            path = QDir(overrideFolder).filePath(fileName);
        }
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            *error = QStringLiteral("%1: cannot read the template: %2")
                         .arg(QDir::toNativeSeparators(path), file.errorString());
            return std::nullopt;
        }
        PromptTemplate::Error parseError;
        std::optional<PromptTemplate> parsed
            = PromptTemplate::parse(QString::fromUtf8(file.readAll()), QDir::toNativeSeparators(path), &parseError);
        if (!parsed) {
            *error = parseError.toString();
            return std::nullopt;
        }
        library.m_templates.insert(name, std::move(*parsed));
        library.m_files.insert(name, path);
    }
    return library;
}

const PromptTemplate* PromptLibrary::find(const QString& name) const
{
    const auto found = m_templates.constFind(name);
    return found == m_templates.cend() ? nullptr : &found.value();
}

QString PromptLibrary::fileOf(const QString& name) const
{
    return m_files.value(name);
}
