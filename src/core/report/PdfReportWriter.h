#pragma once

#include "report/ReportModel.h"

#include <QByteArray>
#include <QString>

class QIODevice;

// The analysis report as a PDF, through Qt's own PDF writer: the HTML writer's body laid out by
// QTextDocument on A4, with a table of contents that gives page numbers, tables as wide as the
// page at most (long cells wrap), diff lines coloured, the charts painted as vectors, and on every
// page the run's title at the top and "Page 3 of 12" at the bottom. Needs a QGuiApplication.
class PdfReportWriter
{
public:
    // The Markdown is laid out in parts of about charactersPerPart (see Slice in the source): a
    // test makes them small to check that the parts join up.
    static constexpr qsizetype CharactersPerPart = 64 * 1024;
    // A report of at least this much Markdown (about 120 pages) is painted in two halves at once,
    // on two threads, and the halves joined with qpdf; a test makes it small to take that path.
    static constexpr qsizetype CharactersForTwoWriters = 128 * 1024;
    static bool write(const ReportModel& model, QIODevice& device, QString* error,
                      qsizetype charactersPerPart = CharactersPerPart,
                      qsizetype charactersForTwoWriters = CharactersForTwoWriters);
};
