#include "runner/RunResult.h"

#include <array>

namespace
{
constexpr std::array<const char*, 3> StatusNames{"completed", "cancelled", "interrupted"};
} // namespace

QString toString(RunStatus status)
{
    return QString::fromLatin1(StatusNames.at(static_cast<std::size_t>(status)));
}

std::optional<RunStatus> runStatusFromString(const QString& text)
{
    for (std::size_t i = 0; i < StatusNames.size(); ++i) {
        if (text == QLatin1String(StatusNames[i])) {
            return static_cast<RunStatus>(i);
        }
    }
    return std::nullopt;
}
