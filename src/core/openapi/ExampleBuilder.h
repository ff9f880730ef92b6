#pragma once

#include "openapi/ReferenceResolver.h"

#include <optional>

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QUrl>

// Builds a plausible value from a schema, as a request needs one: the value the document
// states when it gives one, otherwise one of the schema's type and format (allOf merged, the
// first of oneOf and anyOf). Optional properties are filled near the top only, as a client
// would send them; deeper objects get their required ones. A recursive schema stops where it
// would repeat, nesting stops at MaxDepth, and a budget bounds the size of any one value.
class ExampleBuilder
{
public:
    static constexpr int MaxDepth = 8;
    // Objects nested deeper than this get their required properties only.
    static constexpr int MaxOptionalDepth = 1;
    static constexpr int MaxValues = 500;

    explicit ExampleBuilder(const ReferenceResolver& resolver);

    // A value for schema, which is written in file; null when nothing can be built.
    QJsonValue build(const QJsonValue& schema, const QUrl& file);
    // The value that described (a schema, parameter or media type written in file, or a
    // reference to one) states outright: `const`, `example`, the first of `examples` (a list in
    // a schema, a map of Example Objects elsewhere), `default` or the first of `enum`.
    std::optional<QJsonValue> statedValue(const QJsonValue& described, const QUrl& file) const;

private:
    std::optional<QJsonValue> buildValue(const QJsonValue& schema, const QUrl& file, int depth);
    std::optional<QJsonValue> buildValue(const ResolvedValue& schema, int depth);
    std::optional<QJsonValue> buildResolved(const QJsonObject& schema, const QUrl& file, int depth);
    QJsonObject buildObject(const QJsonObject& schema, const QUrl& file, int depth);
    QJsonObject buildAllOf(const QJsonObject& schema, const QUrl& file, int depth);
    std::optional<QJsonValue> buildFirstAlternative(const QJsonArray& alternatives, const QUrl& file, int depth);

    const ReferenceResolver& m_resolver;
    QList<ReferenceTarget> m_expanding; // references being built, outermost first: meeting one again is recursion
    int m_remainingValues = MaxValues;
};
