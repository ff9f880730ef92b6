#include "openapi/SourceLocator.h"

#include "openapi/OpenApiDocument.h"

#include <vector>
#include <yaml-cpp/yaml.h>

struct SourceLocator::ParsedText
{
    YAML::Node root; // a null node when the text does not parse
};

SourceLocator::SourceLocator(const QHash<QUrl, QByteArray>& texts)
    : m_texts(texts)
{ }

SourceLocator::~SourceLocator() = default;

SourceLocation SourceLocator::locate(const QUrl& file, const QStringList& path)
{
    std::unique_ptr<ParsedText>& parsed = m_parsed[file];
    if (!parsed) {
        parsed = std::make_unique<ParsedText>();
        try {
            parsed->root = YAML::Load(m_texts.value(file).toStdString());
        } catch (const YAML::Exception&) {
            parsed->root = YAML::Node();
        }
    }
    // Assigning to a YAML::Node writes through to the node it shares, so keep a chain of copies.
    std::vector<YAML::Node> chain{parsed->root};
    for (const QString& key : path) {
        const YAML::Node current = chain.back();
        const std::size_t before = chain.size();
        if (current.IsMap()) {
            const std::string wanted = key.toStdString();
            for (const auto& entry : current) {
                if (entry.first.IsScalar() && entry.first.Scalar() == wanted) {
                    chain.push_back(entry.second);
                    break;
                }
            }
        } else if (current.IsSequence()) {
            bool isIndex = false;
            const int index = key.toInt(&isIndex);
            if (isIndex && index >= 0 && static_cast<std::size_t>(index) < current.size()) {
                chain.push_back(current[index]);
            }
        }
        if (chain.size() == before) {
            break;
        }
    }
    const YAML::Mark mark = chain.back().Mark();
    const QString fileName = OpenApiDocument::displayName(file);
    if (mark.is_null()) {
        return SourceLocation{fileName, 0, 0};
    }
    return SourceLocation{fileName, mark.line + 1, mark.column + 1};
}
