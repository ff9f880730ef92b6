#pragma once

#include "report/ReportModel.h"

#include <QByteArray>
#include <QList>
#include <QString>

// The analysis report as one self-contained HTML file: the Markdown writer's text rendered by
// cmark-gfm (tables, strikethrough, autolinks, task lists) in its safe mode, so raw HTML in any
// text is shown, never run; inline CSS for screen, print and the dark palette; no script and
// nothing fetched.
class HtmlReportWriter
{
public:
    static QByteArray write(const ReportModel& model);

    // The HTML of markdown's body, headings given the ids its table of contents links to, and each
    // image "chart:N" replaced by charts[N] drawn inline.
    static QByteArray render(const QByteArray& markdown, const QList<ReportChart>& charts = {});
};
