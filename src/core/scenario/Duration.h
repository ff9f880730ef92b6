#pragma once

// Durations, periods and numbers as scenario files write them (SPEC.md §1, "Durations").

#include "scenario/Scenario.h"

#include <optional>

#include <QString>

// `500ms`, `10s`, `1m`, `1h`, combinations such as `1m30s`, and fractions such as `1.5s`.
// A bare number is seconds. Returns milliseconds, or nothing when the text is not a duration.
std::optional<double> parseDuration(const QString& text);
// The shortest exact form: `500ms`, `10s`, `1m30s`, `1h`.
QString formatDuration(double milliseconds);

// `start:10%,duration:15%`; either part may be left out. On failure, error says why.
std::optional<Period> parsePeriod(const QString& text, QString* error = nullptr);
QString formatPeriod(const Period& period);
