#pragma once

#include "openapi/OpenApiDocument.h"
#include "openapi/OpenApiOperation.h"
#include "openapi/ScenarioFamily.h"
#include "openapi/ScenarioGenerator.h"
#include "scenario/Scenario.h"

#include <memory>
#include <optional>

#include <QDialog>
#include <QFutureWatcher>

class OpenApiLoader;
class QDoubleSpinBox;
struct OpenApiLoadResult;

namespace Ui
{
class GenerateFromOpenApiDialog;
}

// Generates fault scenarios from an OpenAPI document (SPEC.md §6): load it from a URL or a file
// (asynchronously), choose operations and scenario families, adjust intensities and objectives.
// Loading, finding the operations and generating run on worker threads.
class GenerateFromOpenApiDialog final : public QDialog
{
    Q_OBJECT

public:
    explicit GenerateFromOpenApiDialog(QWidget* parent = nullptr);
    ~GenerateFromOpenApiDialog() override;

    // A URL (http, https, file) or a local path; loads it.
    void load(const QString& source);
    // What Generate produced, once the dialog is accepted; empty before.
    const QList<Scenario>& scenarios() const;
    // For the new file: the document's name, as `<name>-scenarios.yaml`.
    QString suggestedFileName() const;

    void accept() override;

private:
    void setUpIntensities();
    void showLoadResult(const OpenApiLoadResult& result);
    void showOperations();
    void showGenerated();
    void showFamilies();
    void setAllOperationsChecked(bool checked);
    void updateSummary();
    ScenarioIntensities intensities() const;
    SloTargets sloTargets() const;
    QList<ScenarioFamily> checkedFamilies() const;
    QStringList checkedOperations() const;

    std::unique_ptr<Ui::GenerateFromOpenApiDialog> m_ui;
    OpenApiLoader* m_loader;
    std::optional<OpenApiDocument> m_document;
    QList<OpenApiOperation> m_operations;
    // Finds m_document's operations; a newer document replaces the future, and the older result is dropped.
    QFutureWatcher<QList<OpenApiOperation>> m_collector;
    bool m_findingOperations = false;
    QList<QDoubleSpinBox*> m_intensitySpinBoxes; // in the order of intensityParameters()
    QDoubleSpinBox* m_p95SpinBox = nullptr;
    QDoubleSpinBox* m_errorSpinBox = nullptr;
    QList<Scenario> m_scenarios;
    QFutureWatcher<GenerationResult> m_generation;
    QStringList m_chosenOperations; // when Generate was pressed
};
