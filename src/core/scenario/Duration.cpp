#include "scenario/Duration.h"

#include <cmath>

#include <QRegularExpression>
#include <QStringList>

std::optional<double> parseDuration(const QString& text)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty()) {
        return std::nullopt;
    }
    bool isNumber = false;
    const double seconds = trimmed.toDouble(&isNumber);
    if (isNumber) {
        return std::isfinite(seconds) && seconds >= 0 ? std::optional<double>(seconds * 1000.0) : std::nullopt;
    }
    static const QRegularExpression part(QStringLiteral(R"(\G(\d+(?:\.\d+)?)\s*(ms|h|m|s))"));
    double total = 0;
    qsizetype position = 0;
    while (position < trimmed.size()) {
        const QRegularExpressionMatch match = part.match(trimmed, position);
        if (!match.hasMatch()) {
            return std::nullopt;
        }
        const double value = match.captured(1).toDouble();
        const QString unit = match.captured(2);
        const double factor = unit == QLatin1String("ms") ? 1.0
            : unit == QLatin1String("s")                  ? 1000.0
            : unit == QLatin1String("m")                  ? 60000.0
                                                          : 3600000.0;
        total += value * factor;
        position = match.capturedEnd();
    }
    if (!std::isfinite(total)) {
        return std::nullopt;
    }
    return total;
}

QString formatDuration(double milliseconds)
{
    if (!std::isfinite(milliseconds) || milliseconds <= 0) {
        return QStringLiteral("0s");
    }
    if (milliseconds != std::floor(milliseconds)) {
        return QString::number(milliseconds, 'g', 15) + QStringLiteral("ms");
    }
    auto remaining = static_cast<qint64>(milliseconds);
    QString text;
    const auto take = [&remaining, &text](qint64 unit, QLatin1String suffix) {
        if (remaining >= unit) {
            text += QString::number(remaining / unit) + suffix;
            remaining %= unit;
        }
    };
    take(3600000, QLatin1String("h"));
    take(60000, QLatin1String("m"));
    take(1000, QLatin1String("s"));
    take(1, QLatin1String("ms"));
    return text;
}

namespace
{
std::optional<PeriodBound> parseBound(const QString& text)
{
    const QString trimmed = text.trimmed();
    if (trimmed.endsWith(QLatin1Char('%'))) {
        bool ok = false;
        const double percent = trimmed.chopped(1).trimmed().toDouble(&ok);
        if (!ok || !std::isfinite(percent) || percent < 0 || percent > 100) {
            return std::nullopt;
        }
        return PeriodBound{PeriodBound::Unit::Percent, percent};
    }
    const std::optional<double> milliseconds = parseDuration(trimmed);
    if (!milliseconds) {
        return std::nullopt;
    }
    return PeriodBound{PeriodBound::Unit::Milliseconds, *milliseconds};
}

QString formatBound(const PeriodBound& bound)
{
    if (bound.unit == PeriodBound::Unit::Percent) {
        return QString::number(bound.value, 'g', 15) + QLatin1Char('%');
    }
    return formatDuration(bound.value);
}
} // namespace

std::optional<Period> parsePeriod(const QString& text, QString* error)
{
    const auto fail = [error](const QString& why) -> std::optional<Period> {
        if (error) {
            *error = why;
        }
        return std::nullopt;
    };
    Period period;
    const QStringList parts = text.split(QLatin1Char(','), Qt::SkipEmptyParts);
    if (parts.isEmpty()) {
        return fail(QStringLiteral("a period needs `start:` or `duration:`, for example `start:10%,duration:15%`"));
    }
    for (const QString& part : parts) {
        const qsizetype colon = part.indexOf(QLatin1Char(':'));
        if (colon < 0) {
            return fail(QStringLiteral("`%1` is not `start:<time>` or `duration:<time>`").arg(part.trimmed()));
        }
        const QString key = part.left(colon).trimmed();
        const std::optional<PeriodBound> bound = parseBound(part.mid(colon + 1));
        if (!bound) {
            return fail(QStringLiteral("`%1` is not a percent from 0% to 100% or a duration such as `2s`")
                            .arg(part.mid(colon + 1).trimmed()));
        }
        if (key == QLatin1String("start") && !period.start) {
            period.start = bound;
        } else if (key == QLatin1String("duration") && !period.duration) {
            period.duration = bound;
        } else {
            return fail(QStringLiteral("unexpected `%1` in a period: only one `start` and one `duration`").arg(key));
        }
    }
    if (period.start && period.duration && period.start->unit == PeriodBound::Unit::Percent
        && period.duration->unit == PeriodBound::Unit::Percent && period.start->value + period.duration->value > 100) {
        return fail(QStringLiteral("the window ends after the run: start %1% plus duration %2% is over 100%")
                        .arg(period.start->value)
                        .arg(period.duration->value));
    }
    return period;
}

QString formatPeriod(const Period& period)
{
    QStringList parts;
    if (period.start) {
        parts << QStringLiteral("start:") + formatBound(*period.start);
    }
    if (period.duration) {
        parts << QStringLiteral("duration:") + formatBound(*period.duration);
    }
    return parts.join(QLatin1Char(','));
}
