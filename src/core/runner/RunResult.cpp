#include "runner/RunResult.h"

#include "runner/EnumNames.h"

namespace
{
constexpr EnumNames<RunStatus, 3> StatusNames({"completed", "cancelled", "interrupted"});
} // namespace

QString toString(RunStatus status)
{
    return StatusNames.nameOf(status);
}

std::optional<RunStatus> runStatusFromString(const QString& text)
{
    return StatusNames.valueOf(text);
}
