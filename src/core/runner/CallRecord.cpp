#include "runner/CallRecord.h"

#include "runner/EnumNames.h"

namespace
{
constexpr EnumNames<CallErrorClass, 6> ErrorClassNames({"", "timeout", "refused", "reset", "proxy_error",
                                                        "invalid_response"});
} // namespace

QString toString(CallErrorClass errorClass)
{
    return ErrorClassNames.nameOf(errorClass);
}

std::optional<CallErrorClass> callErrorClassFromString(const QString& text)
{
    return ErrorClassNames.valueOf(text);
}
