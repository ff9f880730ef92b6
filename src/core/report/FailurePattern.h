#pragma once

#include "runner/RunResult.h"
#include "scenario/Scenario.h"

#include <QList>
#include <QString>

// Where in time an item's bad calls fell against its faults' windows, in a phrase for the SLO
// failures deep dive: "56/62 requests over threshold, across all 3 fault windows", "all 4
// failures inside the black-hole window, none after it: recovered", "errors persist 3.2 s after
// the window closed". Call times are their due times from the item's start.
class FailurePattern
{
public:
    struct Window
    {
        QString label; // "black-hole"
        double beginMs = 0;
        double endMs = 0;
        int faultIndex = 0; // in the item's faults
    };

    // Load: the window of each fault with a period, in ms from the item's start. Faults on for the
    // whole run, and those of single and repeat items, which act on every call, have none.
    static QList<Window> windowsOf(const Item& item);
    // When the call was due, in ms from the item's start: what windows are measured against.
    static double offsetMs(const CallRecord& call);
    // When the first of windows (not empty) opens.
    static double firstBeginMs(const QList<Window>& windows);
    // When the first window opening after window closes does; infinity for none.
    static double nextBeginMs(const QList<Window>& windows, const Window& window);

    // The calls over thresholdMs, with those that got no response.
    static QString ofSlowCalls(const Item& item, const ItemResult& result, double thresholdMs);
    // The failed calls (SPEC.md §2: an error or a 5xx).
    static QString ofFailedCalls(const Item& item, const ItemResult& result);
    // Single and repeat: the calls that missed the expectation.
    static QString ofExpectationMisses(const Item& item, const ItemResult& result);
};
