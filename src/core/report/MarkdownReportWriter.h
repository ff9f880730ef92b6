#pragma once

#include "report/ReportModel.h"

#include <functional>

#include <QByteArray>
#include <QString>

// The analysis report as GitHub-flavoured Markdown, from the model alone. Every text of the model
// is escaped, so a scenario title holding `|`, `*` or `<script>` shows as written and never as
// markup. The HTML and PDF writers render this same text.
class MarkdownReportWriter
{
public:
    // chartLink: where the image of chart index is (a file beside the report, or a placeholder the
    // HTML writer replaces with the chart itself); none: the charts are left out.
    using ChartLink = std::function<QString(int index)>;

    // rowsPerTable > 0: tables longer than that are cut into several, each with the header (a
    // table of many pages is slow to draw in a QTextDocument).
    static QByteArray write(const ReportModel& model, const ChartLink& chartLink = {}, qsizetype rowsPerTable = 0);

    // GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens.
    static QString slug(const QString& heading);
    // text with every character Markdown could read as syntax escaped.
    static QString escaped(const QString& text);
};
