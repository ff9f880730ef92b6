#include "report/ReportView.h"

#include "report/ChartTextObject.h"
#include "report/MarkdownReportWriter.h"
#include "report/ReportBuilder.h"
#include "run/RunPalette.h"

#include <QApplication>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QScrollBar>
#include <QTextBlock>
#include <QTextDocument>
#include <QThread>
#include <QtConcurrentRun>

#include "ui_ReportView.h"

namespace
{
// Charts as wide as a page of text on screen; the document scales nothing.
constexpr double ChartWidth = 640;
constexpr int PositionRole = Qt::UserRole + 1;
} // namespace

ReportView::ReportView(RunResultPointer run, QString source, QWidget* parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::ReportView>())
    , m_run(std::move(run))
    , m_source(std::move(source))
{
    m_ui->setupUi(this);
    m_ui->splitter->setStretchFactor(0, 1);
    m_ui->splitter->setStretchFactor(1, 4);
    m_ui->splitter->setSizes({260, 940});
    m_ui->statusLabel->setText(tr("Writing the report…"));
    for (QPushButton* button : {m_ui->exportMarkdownButton, m_ui->exportHtmlButton, m_ui->exportPdfButton}) {
        button->setEnabled(false);
    }
    connect(m_ui->exportMarkdownButton, &QPushButton::clicked, this,
            [this] { askAndExport(ReportExport::Format::Markdown); });
    connect(m_ui->exportHtmlButton, &QPushButton::clicked, this, [this] { askAndExport(ReportExport::Format::Html); });
    connect(m_ui->exportPdfButton, &QPushButton::clicked, this, [this] { askAndExport(ReportExport::Format::Pdf); });
    connect(m_ui->contentsTreeWidget, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem* item) {
        if (item) {
            showHeadingAt(item->data(0, PositionRole).toInt());
        }
    });
    connect(m_ui->reportBrowser, &ReportBrowser::codeCopied, this,
            [this] { m_ui->statusLabel->setText(tr("Copied to the clipboard.")); });

    const ChartPalette palette = RunPalette::chartPalette();
    QThread* guiThread = thread();
    m_workers.setMaxThreadCount(1);
    QtConcurrent::run(&m_workers, [run = m_run, source = m_source, palette, guiThread] {
        Built built{ReportBuilder::build(*run, {.source = source}), nullptr};
        auto* document = new QTextDocument;
        // No HTML from the Markdown: a scenario's text is escaped by the writer, and whatever got
        // through would still be shown as text, never as markup.
        document->setMarkdown(
            QString::fromUtf8(MarkdownReportWriter::write(built.model, ReportChart::imageName)),
            QTextDocument::MarkdownFeatures(QTextDocument::MarkdownDialectGitHub | QTextDocument::MarkdownNoHTML));
        ChartTextObject::replaceImages(*document, built.model.charts, palette, ChartWidth);
        document->moveToThread(guiThread);
        built.document = document;
        return built;
    }).then(this, [this](Built built) { show(std::move(built)); });
}

ReportView::~ReportView() = default;

void ReportView::show(Built built)
{
    m_model = std::move(built.model);
    built.document->setParent(m_ui->reportBrowser);
    m_ui->reportBrowser->setDocument(built.document);
    QTreeWidgetItem* parents[4] = {nullptr, nullptr, nullptr, nullptr};
    for (QTextBlock block = built.document->begin(); block.isValid(); block = block.next()) {
        const int level = block.blockFormat().headingLevel();
        if (level < 1 || level > 3) {
            continue;
        }
        QTreeWidgetItem* parent = nullptr;
        for (int above = level - 1; above >= 1 && !parent; --above) {
            parent = parents[above];
        }
        auto* item = parent ? new QTreeWidgetItem(parent) : new QTreeWidgetItem(m_ui->contentsTreeWidget);
        item->setText(0, block.text());
        item->setData(0, PositionRole, block.position());
        parents[level] = item;
        for (int below = level + 1; below <= 3; ++below) {
            parents[below] = nullptr;
        }
    }
    m_ui->contentsTreeWidget->expandToDepth(0);
    m_ui->statusLabel->setText(tr("%1 tests, %2 failed").arg(m_model->testsRun).arg(m_model->testsFailed));
    for (QPushButton* button : {m_ui->exportMarkdownButton, m_ui->exportHtmlButton, m_ui->exportPdfButton}) {
        button->setEnabled(true);
    }
    emit ready();
}

void ReportView::showHeadingAt(int position)
{
    QTextCursor cursor(m_ui->reportBrowser->document());
    cursor.setPosition(position);
    m_ui->reportBrowser->setTextCursor(cursor);
    // At the top of the view, as a link to a heading would put it.
    m_ui->reportBrowser->verticalScrollBar()->setValue(m_ui->reportBrowser->verticalScrollBar()->maximum());
    m_ui->reportBrowser->ensureCursorVisible();
}

void ReportView::askAndExport()
{
    QString filter;
    const QString suggested = QFileInfo(m_source).completeBaseName() + QStringLiteral("-report.pdf");
    QString path = QFileDialog::getSaveFileName(this, tr("Export the Report"), QDir::home().filePath(suggested),
                                                tr("PDF (*.pdf);;HTML (*.html);;Markdown (*.md)"), &filter);
    if (path.isEmpty()) {
        return;
    }
    if (QFileInfo(path).suffix().isEmpty()) {
        path += filter.startsWith(QLatin1String("HTML"))   ? QStringLiteral(".html")
            : filter.startsWith(QLatin1String("Markdown")) ? QStringLiteral(".md")
                                                           : QStringLiteral(".pdf");
    }
    exportTo(ReportExport::formatOf(path), path);
}

void ReportView::askAndExport(ReportExport::Format format)
{
    const QString extension = format == ReportExport::Format::Pdf ? QStringLiteral("pdf")
        : format == ReportExport::Format::Html                    ? QStringLiteral("html")
                                                                  : QStringLiteral("md");
    const QString suggested = QFileInfo(m_source).completeBaseName() + QStringLiteral("-report.") + extension;
    const QString path = QFileDialog::getSaveFileName(this, tr("Export the Report"), QDir::home().filePath(suggested),
                                                      tr("Reports (*.%1)").arg(extension));
    if (!path.isEmpty()) {
        exportTo(format, path);
    }
}

void ReportView::exportTo(ReportExport::Format format, const QString& path)
{
    ++m_exporting;
    m_ui->exportProgressBar->setRange(0, 0); // busy: the writers tell no progress
    m_ui->exportProgressBar->setVisible(true);
    m_ui->statusLabel->setText(tr("Writing %1…").arg(QDir::toNativeSeparators(path)));
    QtConcurrent::run(&m_workers, [run = m_run, source = m_source, format, path] {
        QString error;
        ReportExport::write(*run, {.source = source}, format, path, &error);
        return error;
    }).then(this, [this, path](const QString& error) {
        m_ui->exportProgressBar->setVisible(--m_exporting > 0);
        m_ui->statusLabel->setText(error.isEmpty() ? tr("Saved %1").arg(QDir::toNativeSeparators(path))
                                                   : tr("Not saved: %1").arg(error));
        emit exported(path, error);
    });
}
