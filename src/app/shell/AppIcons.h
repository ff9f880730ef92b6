#pragma once

#include "scenario/Diagnostic.h"
#include "scenario/Scenario.h"

#include <QIcon>
#include <QString>

// The application's own icons (resources/icons), the same on every desktop and in both light and
// dark palettes: their strokes are mid-tone greys and accent colours that read on either.
class AppIcons
{
public:
    // name: a file of resources/icons without `.svg`, for example `document-open`.
    static QIcon icon(const QString& name);
    static QIcon faultIcon(FaultType type);
    static QIcon severityIcon(Diagnostic::Severity severity);
};
