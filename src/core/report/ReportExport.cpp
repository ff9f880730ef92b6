#include "report/ReportExport.h"

#include "report/ChartPainter.h"
#include "report/ChartSvg.h"
#include "report/HtmlReportWriter.h"
#include "report/MarkdownReportWriter.h"
#include "report/PdfReportWriter.h"
#include "report/RunReport.h"
#include "store/AtomicFile.h"

#include <numeric>

#include <QDir>
#include <QFileInfo>
#include <QThreadPool>
#include <QUrl>
#include <QtConcurrentMap>

namespace
{
constexpr int ChartWriters = 8;

// The Markdown report with its charts as SVG files in a folder beside it ("report-charts/"), which
// its images link to relatively, so that the pair can be moved or committed together.
bool writeMarkdown(const ReportModel& model, const QString& path, QString* error)
{
    const QFileInfo report(path);
    const QString folderName = report.completeBaseName() + QStringLiteral("-charts");
    if (!model.charts.isEmpty()) {
        const QString folder = report.dir().filePath(folderName);
        if (!QDir().mkpath(folder)) {
            *error = QStringLiteral("cannot create the folder %1 for the charts").arg(QDir::toNativeSeparators(folder));
            return false;
        }
        const QList<QByteArray> charts
            = ChartSvg::toSvg(model.charts, ChartPainter::ReferenceSize, ChartPalette::light());
        QList<qsizetype> indexes(charts.size());
        std::iota(indexes.begin(), indexes.end(), 0);
        // Several files at once: each atomic write waits on the disk to sync, not on the processor.
        QThreadPool writers;
        writers.setMaxThreadCount(ChartWriters);
        const QStringList errors = QtConcurrent::blockingMapped<QStringList>(&writers, indexes, [&](qsizetype index) {
            QString chartError;
            writeFileAtomically(QDir(folder).filePath(QStringLiteral("chart-%1.svg").arg(index + 1)),
                                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + charts.at(index), &chartError);
            return chartError;
        });
        for (const QString& chartError : errors) {
            if (!chartError.isEmpty()) {
                *error = chartError;
                return false;
            }
        }
    }
    const QString linkFolder = QString::fromUtf8(QUrl::toPercentEncoding(folderName));
    return writeFileAtomically(
        path,
        MarkdownReportWriter::write(
            model,
            [&linkFolder](int index) { return QStringLiteral("%1/chart-%2.svg").arg(linkFolder).arg(index + 1); }),
        error);
}
} // namespace

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
    return writeModel(ReportBuilder::build(run, options), format, path, error);
}

bool ReportExport::writeModel(const ReportModel& model, Format format, const QString& path, QString* error)
{
    switch (format) {
    case Format::Markdown:
        return writeMarkdown(model, path, error);
    case Format::Html:
        return writeFileAtomically(path, HtmlReportWriter::write(model), error);
    case Format::Pdf:
        return writeFileAtomically(
            path, [&model, error](QIODevice& device) { return PdfReportWriter::write(model, device, error); }, error);
    case Format::FaultMarkdown:
        *error = QStringLiteral("fault's scenario report is made from the run, not from the analysis");
        break;
    }
    return false;
}
