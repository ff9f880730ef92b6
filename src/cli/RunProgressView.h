#pragma once

#include "runner/RunEvents.h"

#include <QList>
#include <QString>
#include <QTextStream>
#include <QTimer>

// The seed guide's progress lines of `scenario run`, one a scenario: spinner, done/total, title and
// a mark a finished test. Live (a terminal without NO_COLOR): the line is redrawn in place with a
// spinner and green or red marks. Otherwise each scenario's line is printed once, when it is done,
// without colour or escape codes.
class RunProgressView
{
public:
    RunProgressView(QTextStream& out, bool live);

    // Whether standard output should get the live view.
    static bool standardOutputIsLive();

    void setPlan(const RunPlan& plan);
    void addOutcomes(const QList<TestOutcome>& outcomes);
    void itemFinished(int scenarioIndex, int itemIndex);
    // Ends the open line (a cancelled run stops in the middle of one).
    void finish();

private:
    QString mark(bool passed) const;
    // Scenarios end in order; one that had nothing to report still gets its line.
    void moveTo(int scenarioIndex);
    QString line() const;
    void draw();
    void endLine();

    QTextStream& m_out;
    bool m_live;
    RunPlan m_plan;
    QList<QString> m_marks;
    QList<int> m_done;
    QTimer m_spinnerTimer;
    int m_current = 0;
    qsizetype m_frame = 0;
    bool m_lineOpen = false;
};
