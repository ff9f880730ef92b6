#pragma once

#include <optional>

#include <QList>
#include <QMetaType>
#include <QString>

// Why a call got no usable response (SPEC.md §2 counts all but None as failed, like a 5xx; §4
// names them). The class says what happened on the wire; whether a fault the scenario injected
// explains it is told by the call's applied faults (see TestVerdict::failureIsExplained). The
// values keep their order: the run store's first versions kept them as numbers.
enum class CallErrorClass : quint8 {
    None,
    Timeout, // the call's own timeout expired first, counted from its due time
    Refused, // the upstream (through the proxy) or the proxy itself refused the connection
    Reset, // the connection closed or broke before the response was complete
    ProxyError, // the proxy's own trouble reaching the upstream (no answer, a broken link)
    InvalidResponse, // the bytes were not an HTTP/1.1 response
    Tls, // the TLS handshake or the certificate check failed
    Dns, // the upstream's name did not resolve
    Dropped, // load: no connection was free within max_clients when the call was due
};

// One call's measurements, kept small because a long load run holds hundreds of thousands of them
// (48 bytes each). Times are microseconds on the monotonic clock, counted from the item's start.
struct CallRecord
{
    qint64 intendedStartUs = 0; // when the schedule wanted the call sent
    qint64 startUs = 0; // when its first byte was written
    // Both from the intended start, so that latency minus ttfb is the body's time. A call delayed
    // by a busy connection is charged for the wait: this is what expectations and SLOs measure.
    qint32 ttfbUs = -1; // to the first response byte; -1: none
    // To the end of the response (or the error).
    qint32 latencyUs = 0;
    quint32 index = 0; // position in the item's calls (schedule order)
    quint32 bodyBytes = 0;
    quint32 activeFaults = 0; // bit i: the item's fault i was configured for this call
    quint32 appliedFaults = 0; // bit i: the proxy reported applying the item's fault i
    quint16 status = 0; // 0: no response
    CallErrorClass errorClass = CallErrorClass::None;

    // SPEC.md §2: no response, a timeout or a 5xx.
    bool failed() const
    {
        return errorClass != CallErrorClass::None || status >= 500;
    }
    double latencyMs() const
    {
        return latencyUs / 1000.0;
    }
};

// 300,000 calls (a 10-minute run at 500 a second) must fit in 15 MB.
static_assert(sizeof(CallRecord) <= 48);

using CallRecords = QList<CallRecord>;

// The call with that index in calls sorted by index (a cancelled run may lack some); null if none.
const CallRecord* findCall(const CallRecords& calls, quint32 index);
CallRecord* findCall(CallRecords& calls, quint32 index);

// `timeout`, `refused`, `reset`, `proxy`, `invalid_response`, `tls`, `dns`, `dropped`; empty for
// None. Reading also takes `proxy_error`, the name of ProxyError in files written before SPEC named it.
QString toString(CallErrorClass errorClass);
std::optional<CallErrorClass> callErrorClassFromString(const QString& text);
// A sentence for people: "the connection was refused".
QString describe(CallErrorClass errorClass);

Q_DECLARE_METATYPE(CallRecord)
