#include "GuiTestSupport.h"
#include "editor/EditorDocument.h"
#include "editor/FaultTimelineWidget.h"
#include "editor/ScenarioFormEditor.h"
#include "editor/YamlEditor.h"
#include "scenario/ScenarioWriter.h"
#include "shell/MainActions.h"

#include <QAbstractItemModel>
#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QUndoStack>

using namespace GuiTestSupport;

// Builds the seed guide's scenarios with the form alone, as a user would, and checks the saved file.
class TestScenarioFormEditor : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void buildsTheSeedScenariosThroughTheFormAlone();
    void formEditsShowInTheYamlAtOnce();
    void mostConnectionsIsOptionalAndWritten();
    void steadyStateIsOptionalAndWritten();
    void eachFaultOfThePaletteShowsItsUnits();
    void draggingOnTheTimelineMovesAFaultsWindow();
    void itemsAreAddedDuplicatedReorderedAndRemoved();
    void aScenarioWithErrorsIsReadOnly();

private:
    // One call of the seed: what differs between its scenarios.
    struct SeedCall
    {
        QString title;
        QString description;
        int timeout = 0;
    };

    template<typename Widget>
    Widget* widget(const QString& name) const
    {
        return require<Widget>(m_window->formEditor(), name);
    }
    void startScenario(const SeedCall& call, bool first);
    void addFault(const QString& button);
    void setCombo(const QString& name, int data);
    void setPeriod(double startPercent, double durationPercent);
    void useLoad(const QString& duration, int clients, int rps);
    void setExpectation(std::optional<int> status, std::optional<double> responseTime);
    void addSlo(const QString& type, const QString& title, double objective, double threshold);

    QTemporaryDir m_folder;
    std::unique_ptr<MainWindow> m_window;
};

void TestScenarioFormEditor::initTestCase()
{
    isolateSettings(QStringLiteral("TestScenarioFormEditor"));
}

void TestScenarioFormEditor::init()
{
    m_window = std::make_unique<MainWindow>(windowOptions(m_folder));
    m_window->show();
}

void TestScenarioFormEditor::cleanup()
{
    m_window.reset();
}

void TestScenarioFormEditor::buildsTheSeedScenariosThroughTheFormAlone()
{
    // 1. Single high-latency spike
    startScenario({QStringLiteral("Single high-latency spike (client ingress)"),
                   QStringLiteral("A single 800ms spike simulates jitter buffer underrun / GC pause on client network "
                                  "stack.")},
                  true);
    addFault(QStringLiteral("addLatencyButton"));
    setCombo(QStringLiteral("sideComboBox"), static_cast<int>(FaultSide::Client));
    widget<QDoubleSpinBox>(QStringLiteral("meanSpinBox"))->setValue(800);
    widget<QDoubleSpinBox>(QStringLiteral("stddevSpinBox"))->setValue(100);
    setCombo(QStringLiteral("directionComboBox"), static_cast<int>(FaultDirection::Ingress));

    // 2. Stair-step latency growth
    startScenario({QStringLiteral("Stair-step latency growth (5 x 100 ms)"),
                   QStringLiteral("Latency increases 100 ms per call; emulate slow congestion build-up or "
                                  "head-of-line blocking.")},
                  false);
    addFault(QStringLiteral("addLatencyButton"));
    setCombo(QStringLiteral("sideComboBox"), static_cast<int>(FaultSide::Client));
    widget<QDoubleSpinBox>(QStringLiteral("stddevSpinBox"))->setValue(30);
    setCombo(QStringLiteral("directionComboBox"), static_cast<int>(FaultDirection::Ingress));
    widget<QComboBox>(QStringLiteral("modeComboBox"))->setCurrentIndex(1);
    widget<QSpinBox>(QStringLiteral("countSpinBox"))->setValue(5);
    widget<QDoubleSpinBox>(QStringLiteral("stepSpinBox"))->setValue(100);
    widget<QCheckBox>(QStringLiteral("baselineCheckBox"))->setChecked(true);

    // 3. Periodic latency pulses during load: three windows, mean only.
    startScenario({QStringLiteral("Periodic 150-250 ms latency pulses during load"),
                   QStringLiteral("Three latency bursts at 10-40-70% of a 10s window; good for P95 drift tracking.")},
                  false);
    const QList<QPair<double, double>> pulses{{150, 10}, {250, 40}, {150, 70}};
    for (const auto& [mean, start] : pulses) {
        addFault(QStringLiteral("addLatencyButton"));
        widget<QDoubleSpinBox>(QStringLiteral("meanSpinBox"))->setValue(mean);
        QDoubleSpinBox* stddev = widget<QDoubleSpinBox>(QStringLiteral("stddevSpinBox"));
        stddev->setValue(stddev->minimum()); // back to "default"
        setPeriod(start, 15);
    }
    useLoad(QStringLiteral("10s"), 3, 2);
    addSlo(QStringLiteral("latency"), QStringLiteral("P95 < 300ms"), 95, 300);
    addSlo(QStringLiteral("error"), QStringLiteral("P99 < 1% errors"), 99, 1);
    setExpectation(std::nullopt, std::nullopt);

    // 4. Packet loss
    startScenario({QStringLiteral("5% packet loss for 4s"),
                   QStringLiteral("Simulates flaky Wi-Fi or cellular interference."), 500},
                  false);
    addFault(QStringLiteral("addPacketLossButton"));
    setCombo(QStringLiteral("directionComboBox"), static_cast<int>(FaultDirection::Egress));
    setPeriod(30, 40);
    setExpectation(200, 100);

    // 5. Jitter
    startScenario({QStringLiteral("High jitter (±80ms @ 8Hz)"),
                   QStringLiteral("Emulates bursty uplink, measuring buffering robustness.")},
                  false);
    addFault(QStringLiteral("addJitterButton"));
    widget<QDoubleSpinBox>(QStringLiteral("amplitudeSpinBox"))->setValue(80);
    widget<QDoubleSpinBox>(QStringLiteral("frequencySpinBox"))->setValue(8);
    setCombo(QStringLiteral("directionComboBox"), static_cast<int>(FaultDirection::Ingress));
    setCombo(QStringLiteral("sideComboBox"), static_cast<int>(FaultSide::Server));

    // 6. Bandwidth cap
    startScenario({QStringLiteral("512 KBps bandwidth cap"),
                   QStringLiteral("Models throttled 3G link; validates handling of large payloads.")},
                  false);
    addFault(QStringLiteral("addBandwidthButton"));
    widget<QDoubleSpinBox>(QStringLiteral("rateSpinBox"))->setValue(512);
    setCombo(QStringLiteral("unitComboBox"), static_cast<int>(BandwidthUnit::KBps));
    setCombo(QStringLiteral("directionComboBox"), static_cast<int>(FaultDirection::Ingress));
    useLoad(QStringLiteral("15s"), 2, 1);

    // 7. Random errors
    startScenario({QStringLiteral("Random 500 errors (5% of calls)"),
                   QStringLiteral("Backend flakiness under load; ensures retry / circuit-breaker logic.")},
                  false);
    addFault(QStringLiteral("addHttpErrorButton"));
    widget<QSpinBox>(QStringLiteral("statusCodeSpinBox"))->setValue(500);
    widget<QDoubleSpinBox>(QStringLiteral("errorProbabilitySpinBox"))->setValue(5);
    useLoad(QStringLiteral("8s"), 5, 4);
    setExpectation(std::nullopt, 100);

    // 8. Black-hole
    startScenario({QStringLiteral("Full black-hole for 1 s"),
                   QStringLiteral("Simulates router drop / Pod eviction causing 100% packet loss for a second."), 500},
                  false);
    addFault(QStringLiteral("addBlackholeButton"));
    setCombo(QStringLiteral("directionComboBox"), static_cast<int>(FaultDirection::Egress));
    setPeriod(45, 10);
    useLoad(QStringLiteral("10s"), 2, 3);
    setExpectation(std::nullopt, std::nullopt);

    const QString path = m_folder.filePath(QStringLiteral("built.yaml"));
    m_window->saveAs(m_window->currentDocument(), path);
    QTRY_VERIFY(!m_window->currentDocument()->isModified());

    const QList<Scenario> built = loadScenarios(path);
    const QList<Scenario> expected
        = loadScenarios(QStringLiteral(AFTERSHOCK_TEST_DATA "/scenarios/seed-corrected.yaml"));
    QCOMPARE(expected.size(), 8);
    QCOMPARE(built.size(), expected.size());
    for (int index = 0; index < expected.size(); ++index) {
        QVERIFY2(built.at(index) == expected.at(index),
                 qPrintable(QStringLiteral("scenario %1 differs.\nBuilt:\n%2\nExpected:\n%3")
                                .arg(index + 1)
                                .arg(QString::fromUtf8(ScenarioWriter::toYaml(built.at(index))),
                                     QString::fromUtf8(ScenarioWriter::toYaml(expected.at(index))))));
    }
}

void TestScenarioFormEditor::formEditsShowInTheYamlAtOnce()
{
    EditorDocument* document = m_window->newFile();
    typeText(widget<QLineEdit>(QStringLiteral("titleLineEdit")), QStringLiteral("Checkout under jitter"));
    widget<QLineEdit>(QStringLiteral("urlLineEdit"))->setText(QStringLiteral("http://localhost:9090/cart"));
    // No event loop ran: the text changed within the edit itself.
    QVERIFY(document->text().contains(QStringLiteral("title: Checkout under jitter")));
    QVERIFY(m_window->yamlEditor()->text().contains(QStringLiteral("url: http://localhost:9090/cart")));
    QVERIFY(document->isStructureCurrent());
    QCOMPARE(document->structure().documents.at(0).scenario.title, QStringLiteral("Checkout under jitter"));
    QVERIFY(m_window->isWindowModified());
    QVERIFY(m_window->windowTitle().contains(QStringLiteral("[*]")));
}

void TestScenarioFormEditor::mostConnectionsIsOptionalAndWritten()
{
    EditorDocument* document = m_window->newFile();
    widget<QLineEdit>(QStringLiteral("urlLineEdit"))->setText(QStringLiteral("http://localhost:9090/"));
    m_window->formEditor()->showTab(ScenarioFormEditor::StrategyTab);
    useLoad(QStringLiteral("10s"), 3, 2);
    QSpinBox* maxClients = widget<QSpinBox>(QStringLiteral("maxClientsSpinBox"));
    // Unset by default: the file says nothing, and the summary names the default.
    QCOMPARE(maxClients->value(), maxClients->minimum());
    QVERIFY(!document->text().contains(QStringLiteral("max_clients")));
    QVERIFY(
        widget<QLabel>(QStringLiteral("loadSummaryLabel"))->text().contains(QStringLiteral("up to 12 connections")));
    maxClients->setValue(50);
    QVERIFY2(document->text().contains(QStringLiteral("max_clients: 50")), qPrintable(document->text()));
    QVERIFY(
        widget<QLabel>(QStringLiteral("loadSummaryLabel"))->text().contains(QStringLiteral("up to 50 connections")));
    maxClients->setValue(maxClients->minimum());
    QVERIFY(!document->text().contains(QStringLiteral("max_clients")));
}

void TestScenarioFormEditor::steadyStateIsOptionalAndWritten()
{
    EditorDocument* document = m_window->newFile();
    widget<QLineEdit>(QStringLiteral("urlLineEdit"))->setText(QStringLiteral("http://localhost:9090/"));
    m_window->formEditor()->showTab(ScenarioFormEditor::StrategyTab);
    useLoad(QStringLiteral("10s"), 3, 2);
    QSpinBox* before = widget<QSpinBox>(QStringLiteral("steadyStateBeforeSpinBox"));
    QSpinBox* after = widget<QSpinBox>(QStringLiteral("steadyStateAfterSpinBox"));
    QCOMPARE(before->value(), before->minimum());
    QVERIFY(!document->text().contains(QStringLiteral("steady_state")));
    after->setValue(2000);
    QVERIFY2(document->text().contains(QStringLiteral("steady_state:")), qPrintable(document->text()));
    QVERIFY(document->text().contains(QStringLiteral("after: 2s\n")));
    QVERIFY(!document->text().contains(QStringLiteral("before:")));
    before->setValue(1500);
    QVERIFY2(document->text().contains(QStringLiteral("before: 1s500ms\n")), qPrintable(document->text()));
    before->setValue(before->minimum());
    after->setValue(after->minimum());
    QVERIFY(!document->text().contains(QStringLiteral("steady_state")));
}

void TestScenarioFormEditor::eachFaultOfThePaletteShowsItsUnits()
{
    EditorDocument* document = m_window->newFile();
    m_window->formEditor()->showTab(ScenarioFormEditor::FaultsTab);
    const QList<QPair<QString, QStringList>> palette{
        {QStringLiteral("addLatencyButton"), {QStringLiteral("meanSpinBox"), QStringLiteral(" ms")}},
        {QStringLiteral("addJitterButton"), {QStringLiteral("amplitudeSpinBox"), QStringLiteral(" ms")}},
        {QStringLiteral("addJitterButton"), {QStringLiteral("frequencySpinBox"), QStringLiteral(" Hz")}},
        {QStringLiteral("addPacketLossButton"), {QStringLiteral("lossProbabilitySpinBox"), QStringLiteral("%")}},
        {QStringLiteral("addHttpErrorButton"), {QStringLiteral("errorProbabilitySpinBox"), QStringLiteral("%")}},
        {QStringLiteral("addBandwidthButton"), {QStringLiteral("rateSpinBox"), QStringLiteral(" KBps")}}};
    for (const auto& [button, field] : palette) {
        addFault(button);
        auto* spinBox = widget<QDoubleSpinBox>(field.at(0));
        QVERIFY2(spinBox->isVisible(), qPrintable(field.at(0)));
        QCOMPARE(spinBox->suffix(), field.at(1));
        QVERIFY(spinBox->maximum() > spinBox->minimum());
    }
    // The bandwidth's unit is the rate's suffix.
    setCombo(QStringLiteral("unitComboBox"), static_cast<int>(BandwidthUnit::MBps));
    QCOMPARE(widget<QDoubleSpinBox>(QStringLiteral("rateSpinBox"))->suffix(), QStringLiteral(" MBps"));
    addFault(QStringLiteral("addBlackholeButton"));
    const auto& faults = document->structure().documents.at(0).scenario.items.at(0).context->faults;
    QCOMPARE(faults.size(), palette.size() + 1);
}

void TestScenarioFormEditor::draggingOnTheTimelineMovesAFaultsWindow()
{
    EditorDocument* document = m_window->openDemo();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    // The demo's third scenario: latency pulses at 10 %, 40 % and 70 % of the run, 15 % each.
    m_window->showScenario(document, 2, 0);
    m_window->formEditor()->showTab(ScenarioFormEditor::FaultsTab);
    auto* timeline = widget<FaultTimelineWidget>(QStringLiteral("faultTimelineWidget"));
    const QRect first = timeline->windowRect(0);
    const QPoint from = first.center();
    const QPoint to = from + QPoint(timeline->windowRect(1).left() - first.left(), 0);
    QTest::mousePress(timeline, Qt::LeftButton, {}, from);
    QTest::mouseMove(timeline, (from + to) / 2);
    QTest::mouseMove(timeline, to);
    QTest::mouseRelease(timeline, Qt::LeftButton, {}, to);

    const Fault moved = document->structure().documents.at(2).scenario.items.at(0).context->faults.at(0);
    const Period expected{PeriodBound{PeriodBound::Unit::Percent, 40}, PeriodBound{PeriodBound::Unit::Percent, 15}};
    QCOMPARE(moved.period, std::optional<Period>(expected));
    QCOMPARE(widget<QDoubleSpinBox>(QStringLiteral("startSpinBox"))->value(), 40.0);
    QVERIFY(m_window->yamlEditor()->text().contains(QStringLiteral("start:40%")));
}

void TestScenarioFormEditor::itemsAreAddedDuplicatedReorderedAndRemoved()
{
    EditorDocument* document = m_window->newFile();
    widget<QLineEdit>(QStringLiteral("urlLineEdit"))->setText(QStringLiteral("http://localhost:9090/first"));
    widget<QToolButton>(QStringLiteral("duplicateItemButton"))->click();
    widget<QLineEdit>(QStringLiteral("urlLineEdit"))->setText(QStringLiteral("http://localhost:9090/second"));
    widget<QToolButton>(QStringLiteral("addItemButton"))->click();
    widget<QLineEdit>(QStringLiteral("urlLineEdit"))->setText(QStringLiteral("http://localhost:9090/third"));
    const auto urls = [document] {
        QStringList list;
        for (const Item& item : document->structure().documents.at(0).scenario.items) {
            list << item.call.url.section(QLatin1Char('/'), -1);
        }
        return list;
    };
    QCOMPARE(urls(), (QStringList{QStringLiteral("first"), QStringLiteral("second"), QStringLiteral("third")}));

    // A drop is a row move on the list's model: "third" before "first".
    QAbstractItemModel* items = widget<QListView>(QStringLiteral("itemsListView"))->model();
    QVERIFY(items->moveRow({}, 2, {}, 0));
    QCOMPARE(urls(), (QStringList{QStringLiteral("third"), QStringLiteral("first"), QStringLiteral("second")}));
    QCOMPARE(m_window->formEditor()->selectedItem(), 0);

    widget<QToolButton>(QStringLiteral("removeItemButton"))->click();
    QCOMPARE(urls(), (QStringList{QStringLiteral("first"), QStringLiteral("second")}));
    // Undo reaches the structure (and the form) through the background parse.
    document->undoStack()->undo();
    QTRY_COMPARE(urls(), (QStringList{QStringLiteral("third"), QStringLiteral("first"), QStringLiteral("second")}));
    QTRY_COMPARE(m_window->formEditor()->findChild<QListView*>(QStringLiteral("itemsListView"))->model()->rowCount(),
                 3);
}

void TestScenarioFormEditor::aScenarioWithErrorsIsReadOnly()
{
    EditorDocument* document = m_window->newFile();
    document->editText(QStringLiteral("title: Broken\nitems: 42\n"));
    document->ensureStructureCurrent();
    QVERIFY(document->structure().hasErrors());
    QTRY_VERIFY(!widget<QLineEdit>(QStringLiteral("titleLineEdit"))->isEnabled());
    QVERIFY(widget<QPushButton>(QStringLiteral("showYamlButton"))->isVisible());
    widget<QPushButton>(QStringLiteral("showYamlButton"))->click();
    QCOMPARE(m_window->currentView(), MainWindow::View::Yaml);
}

void TestScenarioFormEditor::startScenario(const SeedCall& call, bool first)
{
    if (first) {
        m_window->newFile();
    } else {
        m_window->mainActions()->addScenario->trigger();
    }
    typeText(widget<QLineEdit>(QStringLiteral("titleLineEdit")), call.title);
    widget<QPlainTextEdit>(QStringLiteral("descriptionPlainTextEdit"))->setPlainText(call.description);
    widget<QComboBox>(QStringLiteral("methodComboBox"))->setCurrentText(QStringLiteral("GET"));
    widget<QLineEdit>(QStringLiteral("urlLineEdit"))->setText(QStringLiteral("http://localhost:9090/"));
    widget<QLineEdit>(QStringLiteral("operationIdLineEdit"))->setText(QStringLiteral("read_root__get"));
    widget<QSpinBox>(QStringLiteral("timeoutSpinBox"))->setValue(call.timeout);
    widget<QPushButton>(QStringLiteral("upstreamFromUrlButton"))->click();
}

void TestScenarioFormEditor::addFault(const QString& button)
{
    widget<QToolButton>(button)->click();
}

void TestScenarioFormEditor::setCombo(const QString& name, int data)
{
    QComboBox* comboBox = widget<QComboBox>(name);
    const int index = comboBox->findData(data);
    QVERIFY(index >= 0);
    comboBox->setCurrentIndex(index);
}

void TestScenarioFormEditor::setPeriod(double startPercent, double durationPercent)
{
    widget<QGroupBox>(QStringLiteral("periodGroupBox"))->setChecked(true);
    widget<QDoubleSpinBox>(QStringLiteral("startSpinBox"))->setValue(startPercent);
    widget<QDoubleSpinBox>(QStringLiteral("durationSpinBox"))->setValue(durationPercent);
}

void TestScenarioFormEditor::useLoad(const QString& duration, int clients, int rps)
{
    widget<QComboBox>(QStringLiteral("modeComboBox"))->setCurrentIndex(2);
    typeText(widget<QLineEdit>(QStringLiteral("loadDurationLineEdit")), duration);
    widget<QSpinBox>(QStringLiteral("clientsSpinBox"))->setValue(clients);
    widget<QSpinBox>(QStringLiteral("rpsSpinBox"))->setValue(rps);
}

void TestScenarioFormEditor::setExpectation(std::optional<int> status, std::optional<double> responseTime)
{
    QSpinBox* statusSpinBox = widget<QSpinBox>(QStringLiteral("statusSpinBox"));
    statusSpinBox->setValue(status.value_or(statusSpinBox->minimum()));
    QDoubleSpinBox* responseTimeSpinBox = widget<QDoubleSpinBox>(QStringLiteral("responseTimeSpinBox"));
    responseTimeSpinBox->setValue(responseTime.value_or(responseTimeSpinBox->minimum()));
}

void TestScenarioFormEditor::addSlo(const QString& type, const QString& title, double objective, double threshold)
{
    widget<QToolButton>(QStringLiteral("addSloButton"))->click();
    QTableWidget* table = widget<QTableWidget>(QStringLiteral("sloTableWidget"));
    const int row = table->rowCount() - 1;
    table->item(row, 0)->setText(type);
    table->item(row, 1)->setText(title);
    table->item(row, 2)->setData(Qt::EditRole, objective);
    table->item(row, 3)->setData(Qt::EditRole, threshold);
}

QTEST_MAIN(TestScenarioFormEditor)
#include "TestScenarioFormEditor.moc"
