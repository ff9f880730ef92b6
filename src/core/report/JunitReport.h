#pragma once

#include "runner/RunResult.h"

#include <QByteArray>

// The run as a JUnit XML file, so that CI systems show each check as a test case: a test suite per
// scenario; a case per call of single and repeat items (its expectation), and per SLO of load items
// (plus one for `all_slo_are_valid` when the item expects it).
class JunitReport
{
public:
    static QByteArray toXml(const RunResult& run);
};
