#include "report/HtmlReportWriter.h"

#include "report/ChartPainter.h"
#include "report/ChartSvg.h"
#include "report/MarkdownReportWriter.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <mutex>

#include <QRegularExpression>
#include <QSet>
#include <QStringList>

namespace
{
const char* const Extensions[] = {"table", "strikethrough", "autolink", "tasklist", "tagfilter"};

// The style of the file: light by default, dark where the reader asks for it, and print-friendly.
constexpr char Style[] = R"(
:root { --text: #1f2328; --muted: #59636e; --back: #ffffff; --line: #d1d9e0; --head: #f6f8fa;
        --code: #f6f8fa; --added: #dafbe1; --removed: #ffebe9; --pass: #1a7f37; --fail: #cf222e; }
@media (prefers-color-scheme: dark) {
  :root { --text: #e6edf3; --muted: #9198a1; --back: #0d1117; --line: #3d444d; --head: #151b23;
          --code: #151b23; --added: #12361f; --removed: #4a1619; --pass: #3fb950; --fail: #f85149; }
}
html { background: var(--back); color: var(--text); }
body { font-family: "DejaVu Sans", "Noto Sans", system-ui, sans-serif; font-size: 15px; line-height: 1.5;
       max-width: 60rem; margin: 2rem auto; padding: 0 1.5rem; }
h1, h2, h3, h4 { line-height: 1.25; margin: 1.6em 0 0.6em; }
h1 { font-size: 1.9em; } h2 { font-size: 1.45em; border-bottom: 1px solid var(--line); padding-bottom: 0.3em; }
h3 { font-size: 1.2em; } h4 { font-size: 1.05em; }
a { color: inherit; }
table { border-collapse: collapse; margin: 0.8em 0 1.2em; width: 100%; font-size: 0.92em; }
th, td { border: 1px solid var(--line); padding: 0.35em 0.6em; text-align: left; vertical-align: top;
         overflow-wrap: break-word; }
th { background: var(--head); }
code { font-family: "DejaVu Sans Mono", monospace; font-size: 0.9em; background: var(--code); padding: 0.1em 0.3em;
       border-radius: 4px; overflow-wrap: anywhere; }
pre { background: var(--code); padding: 0.8em 1em; border-radius: 6px; overflow-x: auto; }
pre code { padding: 0; background: none; white-space: pre-wrap; overflow-wrap: anywhere; }
.diff-added { background: var(--added); display: block; }
.diff-removed { background: var(--removed); display: block; }
figure.chart { margin: 1em 0; max-width: 48rem; } figure.chart svg { width: 100%; height: auto; display: block; }
.chart-dark { display: none; }
@media (prefers-color-scheme: dark) { .chart-light { display: none; } .chart-dark { display: block; } }
figcaption { color: var(--muted); font-size: 0.9em; }
.pass { color: var(--pass); } .fail { color: var(--fail); font-weight: 600; }
footer, .muted { color: var(--muted); }
@media print {
  body { max-width: none; margin: 0; font-size: 11pt; }
  h2 { break-before: auto; } h2, h3, h4 { break-after: avoid; }
  tr, figure, pre { break-inside: avoid; }
  .chart-light { display: block; } .chart-dark { display: none; }
  a { text-decoration: none; }
}
)";

void ensureExtensions()
{
    static std::once_flag registered;
    std::call_once(registered, [] { cmark_gfm_core_extensions_ensure_registered(); });
}

// The plain text of a heading, as the Markdown writer slugged it.
QString textOf(cmark_node* node)
{
    QString text;
    for (cmark_node* child = cmark_node_first_child(node); child; child = cmark_node_next(child)) {
        const cmark_node_type type = cmark_node_get_type(child);
        if (type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE) {
            text += QString::fromUtf8(cmark_node_get_literal(child));
        } else {
            text += textOf(child);
        }
    }
    return text;
}

// The anchors of the document's headings in order, deduplicated as GitHub does.
QStringList headingAnchors(cmark_node* document)
{
    QStringList anchors;
    QSet<QString> used;
    cmark_iter* iterator = cmark_iter_new(document);
    for (cmark_event_type event = cmark_iter_next(iterator); event != CMARK_EVENT_DONE;
         event = cmark_iter_next(iterator)) {
        cmark_node* node = cmark_iter_get_node(iterator);
        if (event != CMARK_EVENT_ENTER || cmark_node_get_type(node) != CMARK_NODE_HEADING) {
            continue;
        }
        const QString base = MarkdownReportWriter::slug(textOf(node));
        QString anchor = base;
        for (int suffix = 1; used.contains(anchor); ++suffix) {
            anchor = base + QLatin1Char('-') + QString::number(suffix);
        }
        used.insert(anchor);
        anchors << anchor;
    }
    cmark_iter_free(iterator);
    return anchors;
}

// cmark writes `<h2>` with no attributes and escapes any in the text, so each one is a heading.
QString withHeadingIds(const QString& html, const QStringList& anchors)
{
    static const QRegularExpression opening(QStringLiteral("<h([1-6])>"));
    QString out;
    out.reserve(html.size() + anchors.size() * 32);
    qsizetype from = 0;
    qsizetype index = 0;
    for (auto match = opening.globalMatch(html); match.hasNext();) {
        const QRegularExpressionMatch found = match.next();
        out += QStringView(html).mid(from, found.capturedStart() - from);
        out += index < anchors.size() ? QStringLiteral("<h%1 id=\"%2\">").arg(found.captured(1), anchors.at(index))
                                      : found.captured(0);
        ++index;
        from = found.capturedEnd();
    }
    out += QStringView(html).mid(from);
    return out;
}

// Colours a diff block's added and removed lines.
QString withDiffLines(const QString& html)
{
    static const QRegularExpression block(QStringLiteral("<pre><code class=\"language-diff\">(.*?)</code></pre>"),
                                          QRegularExpression::DotMatchesEverythingOption);
    QString out;
    qsizetype from = 0;
    for (auto match = block.globalMatch(html); match.hasNext();) {
        const QRegularExpressionMatch found = match.next();
        out += QStringView(html).mid(from, found.capturedStart() - from);
        QStringList lines = found.captured(1).split(QLatin1Char('\n'));
        if (!lines.isEmpty() && lines.last().isEmpty()) {
            lines.removeLast();
        }
        for (QString& line : lines) {
            if (line.startsWith(QLatin1Char('+')) && !line.startsWith(QLatin1String("+++"))) {
                line = QStringLiteral("<span class=\"diff-added\">%1</span>").arg(line);
            } else if (line.startsWith(QLatin1Char('-')) && !line.startsWith(QLatin1String("---"))) {
                line = QStringLiteral("<span class=\"diff-removed\">%1</span>").arg(line);
            } else {
                line += QLatin1Char('\n');
            }
        }
        out += QStringLiteral("<pre><code class=\"language-diff\">") + lines.join(QString())
            + QStringLiteral("</code></pre>");
        from = found.capturedEnd();
    }
    out += QStringView(html).mid(from);
    return out;
}

// The writers' verdict marks, green and red.
QString withVerdictColours(QString html)
{
    return html.replace(QStringLiteral("✓ passed"), QStringLiteral("<span class=\"pass\">✓ passed</span>"))
        .replace(QStringLiteral("✗ failed"), QStringLiteral("<span class=\"fail\">✗ failed</span>"))
        .replace(QStringLiteral("✗ regression"), QStringLiteral("<span class=\"fail\">✗ regression</span>"));
}

// Each chart's image in place of its paragraph: the chart inline as SVG, in the light palette and
// in the dark one (the page's colour scheme shows one), with its caption.
QString withCharts(const QString& html, const QList<ReportChart>& charts)
{
    const QList<QByteArray> light = ChartSvg::toSvg(charts, ChartPainter::ReferenceSize, ChartPalette::light());
    const QList<QByteArray> dark = ChartSvg::toSvg(charts, ChartPainter::ReferenceSize, ChartPalette::dark());
    static const QRegularExpression image(QStringLiteral("<p><img src=\"chart:(\\d+)\" alt=\"([^\"]*)\" /></p>"));
    QString out;
    qsizetype from = 0;
    for (auto match = image.globalMatch(html); match.hasNext();) {
        const QRegularExpressionMatch found = match.next();
        const int index = found.captured(1).toInt();
        if (index >= charts.size()) {
            continue;
        }
        out += QStringView(html).mid(from, found.capturedStart() - from);
        // The alt text is cmark's, already escaped for HTML; a caption that only repeats the
        // chart's own title is left out.
        const QString caption = found.captured(2);
        out += QStringLiteral(
                   "<figure class=\"chart\"><div class=\"chart-light\">%1</div><div class=\"chart-dark\">%2</div>%3"
                   "</figure>")
                   .arg(QString::fromUtf8(light.at(index)), QString::fromUtf8(dark.at(index)),
                        caption == charts.at(index).title.toHtmlEscaped()
                            ? QString()
                            : QStringLiteral("<figcaption>%1</figcaption>").arg(caption));
        from = found.capturedEnd();
    }
    out += QStringView(html).mid(from);
    return out;
}

QString escapedHtml(const QString& text)
{
    return text.toHtmlEscaped();
}

// An image of the advisor's Markdown (a model may write one) would be fetched as soon as the page
// opens: each image but our charts becomes a link to it, which fetches nothing until clicked.
void linkImagesElsewhere(cmark_node* document)
{
    QList<cmark_node*> images;
    cmark_iter* iterator = cmark_iter_new(document);
    for (cmark_event_type event = cmark_iter_next(iterator); event != CMARK_EVENT_DONE;
         event = cmark_iter_next(iterator)) {
        cmark_node* node = cmark_iter_get_node(iterator);
        if (event == CMARK_EVENT_ENTER && cmark_node_get_type(node) == CMARK_NODE_IMAGE
            && !QByteArray(cmark_node_get_url(node)).startsWith("chart:")) {
            images.append(node);
        }
    }
    cmark_iter_free(iterator);
    for (cmark_node* image : images) {
        cmark_node* link = cmark_node_new(CMARK_NODE_LINK);
        cmark_node_set_url(link, cmark_node_get_url(image));
        cmark_node_set_title(link, cmark_node_get_title(image));
        while (cmark_node* child = cmark_node_first_child(image)) {
            cmark_node_append_child(link, child);
        }
        cmark_node_insert_before(image, link);
        cmark_node_free(image);
    }
}
} // namespace

QByteArray HtmlReportWriter::render(const QByteArray& markdown, const QList<ReportChart>& charts)
{
    ensureExtensions();
    const int options = CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8;
    cmark_parser* parser = cmark_parser_new(options);
    for (const char* name : Extensions) {
        if (cmark_syntax_extension* extension = cmark_find_syntax_extension(name)) {
            cmark_parser_attach_syntax_extension(parser, extension);
        }
    }
    cmark_parser_feed(parser, markdown.constData(), static_cast<size_t>(markdown.size()));
    cmark_node* document = cmark_parser_finish(parser);
    linkImagesElsewhere(document);
    char* rendered = cmark_render_html(document, options, cmark_parser_get_syntax_extensions(parser));
    const QString html = QString::fromUtf8(rendered);
    free(rendered);
    const QStringList anchors = headingAnchors(document);
    cmark_node_free(document);
    cmark_parser_free(parser);
    return withCharts(withVerdictColours(withDiffLines(withHeadingIds(html, anchors))), charts).toUtf8();
}

QByteArray HtmlReportWriter::write(const ReportModel& model)
{
    const QByteArray body = render(MarkdownReportWriter::write(model, ReportChart::imageName), model.charts);
    QByteArray out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                     "<meta name=\"color-scheme\" content=\"light dark\">\n"
                     // Nothing to fetch and nothing to run, whatever got into the text: styles and
                     // the inline SVG charts are all the page has.
                     "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                     "style-src 'unsafe-inline'; img-src data:\">\n"
                     "<meta name=\"generator\" content=\"Aftershock "
        + escapedHtml(model.version).toUtf8() + "\">\n<title>" + escapedHtml(model.title).toUtf8() + "</title>\n<style>"
        + Style + "</style>\n</head>\n<body>\n";
    out += body;
    out += "</body>\n</html>\n";
    return out;
}
