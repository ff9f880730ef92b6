#include "RunProgressView.h"

#include <unistd.h>

namespace
{
const QStringList SpinnerFrames{QStringLiteral("⠋"), QStringLiteral("⠙"), QStringLiteral("⠹"), QStringLiteral("⠸"),
                                QStringLiteral("⠼"), QStringLiteral("⠴"), QStringLiteral("⠦"), QStringLiteral("⠧"),
                                QStringLiteral("⠇"), QStringLiteral("⠏")};
} // namespace

RunProgressView::RunProgressView(QTextStream& out, bool live)
    : m_out(out)
    , m_live(live)
{
    m_spinnerTimer.setInterval(100);
    QObject::connect(&m_spinnerTimer, &QTimer::timeout, [this] {
        m_frame = (m_frame + 1) % SpinnerFrames.size();
        draw();
    });
}

bool RunProgressView::standardOutputIsLive()
{
    return ::isatty(STDOUT_FILENO) == 1 && qEnvironmentVariableIsEmpty("NO_COLOR");
}

void RunProgressView::setPlan(const RunPlan& plan)
{
    m_plan = plan;
    m_marks = QList<QString>(plan.scenarios.size());
    m_done = QList<int>(plan.scenarios.size(), 0);
    if (m_live) {
        m_spinnerTimer.start();
    }
}

void RunProgressView::addOutcomes(const QList<TestOutcome>& outcomes)
{
    for (const TestOutcome& outcome : outcomes) {
        moveTo(outcome.scenarioIndex);
        ++m_done[outcome.scenarioIndex];
        m_marks[outcome.scenarioIndex] += mark(outcome.passed);
    }
    draw();
}

void RunProgressView::itemFinished(int scenarioIndex, int itemIndex)
{
    moveTo(scenarioIndex);
    if (itemIndex + 1 == m_plan.scenarios.at(scenarioIndex).items.size()) {
        endLine();
        ++m_current;
    }
}

void RunProgressView::finish()
{
    m_spinnerTimer.stop();
    if (m_current < m_plan.scenarios.size() && m_lineOpen) {
        endLine();
    }
}

QString RunProgressView::mark(bool passed) const
{
    if (!m_live) {
        return passed ? QStringLiteral("▮") : QStringLiteral("✗");
    }
    return passed ? QStringLiteral("\033[32m▮\033[0m") : QStringLiteral("\033[31m▮\033[0m");
}

void RunProgressView::moveTo(int scenarioIndex)
{
    while (m_current < scenarioIndex) {
        endLine();
        ++m_current;
    }
    m_lineOpen = true;
}

QString RunProgressView::line() const
{
    const RunPlan::ScenarioPlan& scenario = m_plan.scenarios.at(m_current);
    return QStringLiteral("%1  %2/%3  %4 %5")
        .arg(m_live ? SpinnerFrames.at(m_frame) : QStringLiteral(" "))
        .arg(m_done.at(m_current))
        .arg(scenario.tests)
        .arg(scenario.title, m_marks.at(m_current));
}

void RunProgressView::draw()
{
    if (m_live && m_current < m_plan.scenarios.size()) {
        m_out << "\r\033[2K" << line();
        m_out.flush();
    }
}

void RunProgressView::endLine()
{
    if (m_live) {
        m_out << "\r\033[2K";
    }
    m_out << line() << "\n";
    m_out.flush();
    m_lineOpen = false;
}
