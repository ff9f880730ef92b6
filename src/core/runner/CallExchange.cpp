#include "runner/CallExchange.h"

#include <algorithm>

const CallExchange* findExchange(const CallExchanges& exchanges, quint32 callIndex)
{
    const auto found
        = std::lower_bound(exchanges.begin(), exchanges.end(), callIndex,
                           [](const CallExchange& exchange, quint32 wanted) { return exchange.callIndex < wanted; });
    return found != exchanges.end() && found->callIndex == callIndex ? &*found : nullptr;
}
