#pragma once

#include "advisor/Advisor.h"
#include "report/ReportExport.h"
#include "report/ReportModel.h"
#include "runner/RunResult.h"

#include <memory>
#include <optional>

#include <QPointer>
#include <QThreadPool>
#include <QWidget>

class QTextDocument;

namespace Ui
{
class ReportView;
}

// A run's analysis report in the app: the contents on the left, the report (the Markdown the
// exports share, with the charts drawn in it) on the right, and export to Markdown, HTML and PDF.
// The report is built and laid out into a document on a worker, and written there too. With an
// advisor, "Ask the Advisor" streams each step's answer into a panel below the report and lays the
// report out again as each step is settled, the answers beside the offline sections.
class ReportView final : public QWidget
{
    Q_OBJECT

public:
    ReportView(RunResultPointer run, QString source, QWidget* parent = nullptr);
    ~ReportView() override;

    bool isReady() const
    {
        return m_model.has_value();
    }
    const ReportModel* model() const
    {
        return m_model ? &*m_model : nullptr;
    }
    // Asks where, the format by the file's extension (PDF when it has none), and exports.
    void askAndExport();
    // Writes the report to path on a worker; exported() when done.
    void exportTo(ReportExport::Format format, const QString& path);
    // The contents' entry for the heading at position: the report scrolls there.
    void showHeadingAt(int position);

    // The advisor that "Ask the Advisor" drives (not owned); without one the button is hidden.
    void setAdvisor(Advisor* advisor);
    // Asks the provider the settings choose, after the user agrees to send (once a provider and
    // folder), about the code in a folder the user picks (or none).
    void askAdvisor();
    // Starts the advisor on this report with request (its report is replaced by this one's, its
    // role by the one chosen here, which the settings keep).
    void startAdvisor(AdvisorRequest request);
    void stopAdvisor();
    bool isAdvising() const
    {
        return m_advising;
    }

signals:
    void ready();
    // The report shows the advisor's answers (error: why it stopped early, empty when it did not).
    void advised(const QString& error);
    // error empty: written.
    void exported(const QString& path, const QString& error);

private:
    struct Built
    {
        ReportModel model;
        // Laid out on the worker, moved to the GUI thread; the browser's once shown.
        std::unique_ptr<QTextDocument> document;
    };

    void showBuilt(Built built);
    void askAndExport(ReportExport::Format format);
    // Lays out the model again (with the advisor's answers so far) on the worker.
    void layOutAgain();
    void advisorStepFinished(const ReportAdviceStep& step);
    void advisorFinished(const ReportAdvice& advice, const QString& error);

    std::unique_ptr<Ui::ReportView> m_ui;
    RunResultPointer m_run;
    QString m_source;
    std::optional<ReportModel> m_model;
    int m_exporting = 0;
    QPointer<Advisor> m_advisor;
    bool m_advising = false;
    // The report's own worker: the builder and the writers spread their work over the global
    // pool and wait for it, which they could not do from one of its threads once every thread is
    // such a waiter (three exports on two cores). Last, so that it is waited for first.
    QThreadPool m_workers;
};
