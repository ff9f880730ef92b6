#pragma once

#include "report/ReportBuilder.h"
#include "runner/RunResult.h"

#include <optional>

#include <QString>

// Writes a run's report to a file in one of the formats, as the CLI and the GUI export it. PDF
// and the charts need a QGuiApplication (fonts); the CLI makes an offscreen one for them.
class ReportExport
{
public:
    enum class Format {
        Markdown, // the analysis report, GitHub-flavoured
        Html, // one self-contained file
        Pdf,
        FaultMarkdown, // fault's scenario report, for tools that read its layout
    };

    // "md", "html", "pdf", "fault-md"; nothing for another name.
    static std::optional<Format> formatNamed(const QString& name);
    // By the file's extension: .html or .htm, .pdf, otherwise Markdown.
    static Format formatOf(const QString& path);
    static QString names(); // "md, html, pdf or fault-md", for messages

    // Writes atomically; false with the reason in error.
    static bool write(const RunResult& run, const ReportBuilder::Options& options, Format format, const QString& path,
                      QString* error);
    // A model already built (with the advisor's sections, say); not FaultMarkdown, which is made
    // from the run.
    static bool writeModel(const ReportModel& model, Format format, const QString& path, QString* error);
};
