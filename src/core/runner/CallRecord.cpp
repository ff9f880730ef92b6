#include "runner/CallRecord.h"

#include "runner/EnumNames.h"

#include <algorithm>

namespace
{
constexpr EnumNames<CallErrorClass, 9> ErrorClassNames({"", "timeout", "refused", "reset", "proxy", "invalid_response",
                                                        "tls", "dns", "dropped"});
} // namespace

QString toString(CallErrorClass errorClass)
{
    return ErrorClassNames.nameOf(errorClass);
}

std::optional<CallErrorClass> callErrorClassFromString(const QString& text)
{
    if (text == QLatin1String("proxy_error")) {
        return CallErrorClass::ProxyError;
    }
    return ErrorClassNames.valueOf(text);
}

QString describe(CallErrorClass errorClass)
{
    switch (errorClass) {
    case CallErrorClass::None:
        return {};
    case CallErrorClass::Timeout:
        return QStringLiteral("the call timed out");
    case CallErrorClass::Refused:
        return QStringLiteral("the connection was refused");
    case CallErrorClass::Reset:
        return QStringLiteral("the connection closed before the response was complete");
    case CallErrorClass::ProxyError:
        return QStringLiteral("the proxy could not reach the upstream");
    case CallErrorClass::InvalidResponse:
        return QStringLiteral("the response was not valid HTTP/1.1");
    case CallErrorClass::Tls:
        return QStringLiteral("the TLS handshake or the certificate check failed");
    case CallErrorClass::Dns:
        return QStringLiteral("the host name did not resolve");
    case CallErrorClass::Dropped:
        return QStringLiteral("no connection was free when the call was due (max_clients reached)");
    }
    return {};
}

namespace
{
// Non-const, the list detaches before it hands out a pointer to write through.
template<typename Calls>
auto* findIn(Calls& calls, quint32 index)
{
    const auto found = std::lower_bound(calls.begin(), calls.end(), index,
                                        [](const CallRecord& call, quint32 wanted) { return call.index < wanted; });
    return found != calls.end() && found->index == index ? &*found : nullptr;
}
} // namespace

const CallRecord* findCall(const CallRecords& calls, quint32 index)
{
    return findIn(calls, index);
}

CallRecord* findCall(CallRecords& calls, quint32 index)
{
    return findIn(calls, index);
}
