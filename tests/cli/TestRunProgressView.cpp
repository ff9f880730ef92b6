#include "RunProgressView.h"

#include <QTest>

namespace
{
RunPlan twoScenarios()
{
    RunPlan plan;
    plan.scenarios.append(RunPlan::ScenarioPlan{.title = QStringLiteral("Stair-step"), .tests = 3, .items = {{}}});
    plan.scenarios.append(RunPlan::ScenarioPlan{.title = QStringLiteral("Load"), .tests = 1, .items = {{}}});
    return plan;
}

// The two scenarios' progress: the first's three calls (the second fails), then the load item.
QString render(bool live)
{
    QString text;
    QTextStream out(&text);
    RunProgressView view(out, live);
    view.setPlan(twoScenarios());
    view.addOutcomes({TestOutcome{.scenarioIndex = 0, .callIndex = 0}});
    view.addOutcomes({TestOutcome{.scenarioIndex = 0, .callIndex = 1, .passed = false},
                      TestOutcome{.scenarioIndex = 0, .callIndex = 2}});
    view.itemFinished(0, 0);
    view.addOutcomes({TestOutcome{.scenarioIndex = 1}});
    view.itemFinished(1, 0);
    view.finish();
    out.flush();
    return text;
}
} // namespace

class TestRunProgressView : public QObject
{
    Q_OBJECT

private slots:
    void plainPrintsEachLineOnceWithoutEscapes();
    void liveRedrawsWithASpinnerAndColours();
    void cancelledRunEndsItsOpenLine();
};

void TestRunProgressView::plainPrintsEachLineOnceWithoutEscapes()
{
    QCOMPARE(render(false), QStringLiteral("   3/3  Stair-step ▮✗▮\n   1/1  Load ▮\n"));
}

void TestRunProgressView::liveRedrawsWithASpinnerAndColours()
{
    const QString text = render(true);
    const QString green = QStringLiteral("\033[32m▮\033[0m");
    const QString red = QStringLiteral("\033[31m▮\033[0m");
    // Each redraw clears the line and starts with a spinner frame.
    QVERIFY(text.startsWith(QStringLiteral("\r\033[2K⠋  1/3  Stair-step ") + green));
    QVERIFY(text.contains(QStringLiteral("⠋  3/3  Stair-step ") + green + red + green + QLatin1Char('\n')));
    QVERIFY(text.endsWith(QStringLiteral("\r\033[2K⠋  1/1  Load ") + green + QLatin1Char('\n')));
    QCOMPARE(text.count(QLatin1Char('\n')), 2);
}

void TestRunProgressView::cancelledRunEndsItsOpenLine()
{
    QString text;
    QTextStream out(&text);
    RunProgressView view(out, false);
    view.setPlan(twoScenarios());
    view.addOutcomes({TestOutcome{.scenarioIndex = 0, .callIndex = 0}});
    view.finish();
    out.flush();
    QCOMPARE(text, QStringLiteral("   1/3  Stair-step ▮\n"));
}

QTEST_GUILESS_MAIN(TestRunProgressView)
#include "TestRunProgressView.moc"
