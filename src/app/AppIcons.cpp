#include "AppIcons.h"

// The resources live in this static library; naming them here makes every program that uses an
// icon link them in. Q_INIT_RESOURCE must be used outside any namespace.
static void registerResources()
{
    Q_INIT_RESOURCE(aftershock);
}

QIcon AppIcons::icon(const QString& name)
{
    static const bool registered = (registerResources(), true);
    Q_UNUSED(registered)
    return QIcon(QStringLiteral(":/icons/%1.svg").arg(name));
}

QIcon AppIcons::faultIcon(FaultType type)
{
    return icon(QStringLiteral("fault-") + toString(type));
}

QIcon AppIcons::severityIcon(Diagnostic::Severity severity)
{
    return icon(QStringLiteral("diagnostic-") + toString(severity));
}
