#include "runner/CallRecord.h"

#include <array>

namespace
{
constexpr std::array<const char*, 6> ErrorClassNames{"",      "timeout",     "refused",
                                                     "reset", "proxy_error", "invalid_response"};
} // namespace

QString toString(CallErrorClass errorClass)
{
    return QString::fromLatin1(ErrorClassNames.at(static_cast<std::size_t>(errorClass)));
}

std::optional<CallErrorClass> callErrorClassFromString(const QString& text)
{
    for (std::size_t i = 0; i < ErrorClassNames.size(); ++i) {
        if (text == QLatin1String(ErrorClassNames[i])) {
            return static_cast<CallErrorClass>(i);
        }
    }
    return std::nullopt;
}
