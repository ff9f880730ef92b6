#include "report/ReportExport.h"

#include "report/HtmlReportWriter.h"
#include "report/MarkdownReportWriter.h"
#include "report/PdfReportWriter.h"
#include "report/RunReport.h"
#include "store/AtomicFile.h"

#include <QFileInfo>

std::optional<ReportExport::Format> ReportExport::formatNamed(const QString& name)
{
    if (name == QLatin1String("md") || name == QLatin1String("markdown")) {
        return Format::Markdown;
    }
    if (name == QLatin1String("html")) {
        return Format::Html;
    }
    if (name == QLatin1String("pdf")) {
        return Format::Pdf;
    }
    if (name == QLatin1String("fault-md")) {
        return Format::FaultMarkdown;
    }
    return std::nullopt;
}

ReportExport::Format ReportExport::formatOf(const QString& path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("html") || suffix == QLatin1String("htm")) {
        return Format::Html;
    }
    if (suffix == QLatin1String("pdf")) {
        return Format::Pdf;
    }
    return Format::Markdown;
}

QString ReportExport::names()
{
    return QStringLiteral("md, html, pdf or fault-md");
}

bool ReportExport::write(const RunResult& run, const ReportBuilder::Options& options, Format format,
                         const QString& path, QString* error)
{
    if (format == Format::FaultMarkdown) {
        return writeFileAtomically(path, RunReport::toMarkdown(run), error);
    }
    const ReportModel model = ReportBuilder::build(run, options);
    switch (format) {
    case Format::Markdown:
        return writeFileAtomically(path, MarkdownReportWriter::write(model), error);
    case Format::Html:
        return writeFileAtomically(path, HtmlReportWriter::write(model), error);
    case Format::Pdf:
        return writeFileAtomically(
            path, [&model, error](QIODevice& device) { return PdfReportWriter::write(model, device, error); }, error);
    case Format::FaultMarkdown:
        break;
    }
    return false;
}
