#pragma once

#include "scenario/Diagnostic.h"

#include <QString>
#include <QStringList>

// Helpers the OpenAPI tests share: their data files, and diagnostics as text for failure messages.
inline QString openApiDataFile(const QString& name)
{
    return QStringLiteral(AFTERSHOCK_TEST_DATA "/openapi/") + name;
}

inline QString describe(const Diagnostics& diagnostics)
{
    QStringList lines;
    for (const Diagnostic& diagnostic : diagnostics) {
        lines << diagnostic.toString();
    }
    return lines.join(QLatin1Char('\n'));
}
