#include "shell/AppIcons.h"

#include "shell/LineIconEngine.h"

#include <QHash>

// The resources live in this static library; naming them here makes every program that uses an
// icon link them in. Q_INIT_RESOURCE must be used outside any namespace.
static void registerResources()
{
    Q_INIT_RESOURCE(aftershock);
}

namespace
{
// Filled badges with a white mark of their own: the style draws their states. The others are line
// icons, drawn by LineIconEngine.
const QStringList Badges{QStringLiteral("aftershock"),      QStringLiteral("diagnostic-error"),
                         QStringLiteral("diagnostic-info"), QStringLiteral("diagnostic-warning"),
                         QStringLiteral("quick-fix"),       QStringLiteral("status-good")};
} // namespace

QIcon AppIcons::icon(const QString& name)
{
    static const bool registered = (registerResources(), true);
    Q_UNUSED(registered)
    // Item views ask for their icons at every paint: each is made once.
    static QHash<QString, QIcon> made;
    if (const auto found = made.constFind(name); found != made.constEnd()) {
        return *found;
    }
    QIcon icon(QStringLiteral(":/icons/%1.svg").arg(name));
    if (!Badges.contains(name)) {
        icon = QIcon(new LineIconEngine(icon));
    }
    made.insert(name, icon);
    return icon;
}

QIcon AppIcons::faultIcon(FaultType type)
{
    return icon(QStringLiteral("fault-") + toString(type));
}

QIcon AppIcons::severityIcon(Diagnostic::Severity severity)
{
    return icon(QStringLiteral("diagnostic-") + toString(severity));
}
