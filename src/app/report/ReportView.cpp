#include "report/ReportView.h"

#include "advisor/AdvisorChain.h"
#include "advisor/AdvisorConsent.h"
#include "advisor/ApiKeyStore.h"
#include "report/ChartTextObject.h"
#include "report/MarkdownReportWriter.h"
#include "report/ReportBuilder.h"
#include "run/RunPalette.h"
#include "settings/AppSettings.h"
#include "shell/WorkerTask.h"

#include <QApplication>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QScrollBar>
#include <QTextBlock>
#include <QTextDocument>
#include <QThread>

#include "ui_ReportView.h"

namespace
{
// Charts as wide as a page of text on screen; the document scales nothing.
constexpr double ChartWidth = 640;
constexpr int PositionRole = Qt::UserRole + 1;

// The report's document, laid out from the model on a worker and handed to the GUI thread.
std::unique_ptr<QTextDocument> layOut(const ReportModel& model, const ChartPalette& palette, QThread* guiThread)
{
    auto document = std::make_unique<QTextDocument>();
    // No HTML from the Markdown: a scenario's text is escaped by the writer, and an LLM's answer
    // or whatever else got through is still shown as text, never as markup.
    document->setMarkdown(
        QString::fromUtf8(MarkdownReportWriter::write(model, ReportChart::imageName)),
        QTextDocument::MarkdownFeatures(QTextDocument::MarkdownDialectGitHub | QTextDocument::MarkdownNoHTML));
    ChartTextObject::replaceImages(*document, model.charts, palette, ChartWidth);
    document->moveToThread(guiThread);
    return document;
}
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
    setAdvisor(nullptr);
    m_ui->askAdvisorButton->setEnabled(false);
    m_ui->roleComboBox->setCurrentText(AppSettings::advisorRole());
    connect(m_ui->askAdvisorButton, &QPushButton::clicked, this, &ReportView::askAdvisor);
    connect(m_ui->stopAdvisorButton, &QPushButton::clicked, this, &ReportView::stopAdvisor);
    WorkerTask::run(
        &m_workers, this,
        [run = m_run, source = m_source, palette, guiThread] {
            Built built{ReportBuilder::build(*run, {.source = source}), nullptr};
            built.document = layOut(built.model, palette, guiThread);
            return built;
        },
        [this](Built built) { showBuilt(std::move(built)); });
}

void ReportView::layOutAgain()
{
    WorkerTask::run(
        &m_workers, this,
        [model = *m_model, palette = RunPalette::chartPalette(), guiThread = thread()] {
            return Built{model, layOut(model, palette, guiThread)};
        },
        [this](Built built) {
            // The model here has moved on (more answers) meanwhile: only the document is taken.
            built.model = *m_model;
            const int scrolled = m_ui->reportBrowser->verticalScrollBar()->value();
            QTextDocument* previous = m_ui->reportBrowser->document();
            m_ui->contentsTreeWidget->clear();
            showBuilt(std::move(built));
            m_ui->reportBrowser->verticalScrollBar()->setValue(scrolled);
            if (previous && previous->parent() == m_ui->reportBrowser) {
                previous->deleteLater();
            }
        });
}

void ReportView::setAdvisor(Advisor* advisor)
{
    if (m_advisor) {
        disconnect(m_advisor, nullptr, this, nullptr);
    }
    m_advisor = advisor;
    for (QWidget* widget :
         std::initializer_list<QWidget*>{m_ui->roleLabel, m_ui->roleComboBox, m_ui->askAdvisorButton}) {
        widget->setVisible(advisor != nullptr);
    }
    if (!advisor) {
        return;
    }
    connect(advisor, &Advisor::stepStarted, this, [this](int index, const QString& label) {
        if (!m_advising) {
            return;
        }
        m_ui->advisorStatusLabel->setText(
            tr("Step %1 of %2: %3…").arg(index + 1).arg(AdvisorChain::steps().size()).arg(label));
        m_ui->advisorPlainTextEdit->clear();
    });
    connect(advisor, &Advisor::progress, this, [this](const QString& message) {
        if (m_advising) {
            m_ui->advisorStatusLabel->setText(message);
        }
    });
    connect(advisor, &Advisor::textArrived, this, [this](int, const QString& piece) {
        if (!m_advising) {
            return;
        }
        QTextCursor end(m_ui->advisorPlainTextEdit->document());
        end.movePosition(QTextCursor::End);
        end.insertText(piece);
        m_ui->advisorPlainTextEdit->verticalScrollBar()->setValue(
            m_ui->advisorPlainTextEdit->verticalScrollBar()->maximum());
    });
    connect(advisor, &Advisor::retrying, this, [this](int, const QString& reason) {
        if (m_advising) {
            m_ui->advisorStatusLabel->setText(tr("Asking again: %1").arg(reason));
        }
    });
    connect(advisor, &Advisor::stepFinished, this,
            [this](int, const ReportAdviceStep& step) { advisorStepFinished(step); });
    connect(advisor, &Advisor::finished, this, &ReportView::advisorFinished);
}

void ReportView::askAdvisor()
{
    if (!m_advisor || !m_model || m_advising) {
        return;
    }
    const std::optional<LlmProvider> provider = LlmProviders::fromName(AppSettings::advisorProvider());
    if (!provider) {
        QMessageBox::warning(this, tr("Ask the Advisor"), tr("Choose the advisor's provider in Settings first."));
        return;
    }
    const QString folder = QFileDialog::getExistingDirectory(
        this, tr("The service's source code, to ground the advice in (Cancel: no code)"),
        QFileInfo(m_source).absolutePath());
    AdvisorRequest request;
    request.endpoint.provider = *provider;
    const QString baseUrl = AppSettings::baseUrl(LlmProviders::name(*provider));
    request.endpoint.baseUrl = baseUrl.isEmpty() ? LlmProviders::defaultBaseUrl(*provider) : QUrl(baseUrl);
    const QString model = AppSettings::model(LlmProviders::name(*provider));
    request.endpoint.model = model.isEmpty() ? LlmProviders::defaultModel(*provider) : model;
    request.pricePerMillion = LlmPrice::of(request.endpoint);
    request.sourceFolder = folder;
    AdvisorConsent consent;
    if (!consent.isGiven(LlmProviders::name(*provider), folder)) {
        const auto answer
            = QMessageBox::question(this, tr("Send to %1?").arg(LlmProviders::displayName(*provider)),
                                    AdvisorConsent::question(LlmProviders::displayName(*provider),
                                                             request.endpoint.baseUrl.toDisplayString(), folder)
                                        + QLatin1Char('\n') + tr("You are asked once for this provider and folder."));
        if (answer != QMessageBox::Yes) {
            return;
        }
        consent.give(LlmProviders::name(*provider), folder);
    }
    if (const std::optional<QString> key = LlmProviders::keyFromEnvironment(*provider)) {
        request.endpoint.apiKey = *key;
        startAdvisor(std::move(request));
        return;
    }
    // From the keychain, which answers later; the store goes with its answer.
    auto* store = new ApiKeyStore(ApiKeyStore::defaultServiceName(), this);
    connect(store, &ApiKeyStore::keyRead, this, [this, store, request](const QString&, const QString& key) mutable {
        store->deleteLater();
        if (key.isEmpty() && LlmProviders::needsKey(request.endpoint.provider)) {
            QMessageBox::warning(this, tr("Ask the Advisor"),
                                 tr("No API key for %1: add one in Settings.")
                                     .arg(LlmProviders::displayName(request.endpoint.provider)));
            return;
        }
        request.endpoint.apiKey = key;
        startAdvisor(std::move(request));
    });
    connect(store, &ApiKeyStore::failed, this, [this, store](const QString&, const QString& message) {
        store->deleteLater();
        QMessageBox::warning(this, tr("Ask the Advisor"), message);
    });
    store->readKey(LlmProviders::name(*provider));
}

void ReportView::startAdvisor(AdvisorRequest request)
{
    if (!m_advisor || !m_model || m_advising) {
        return;
    }
    m_advising = true;
    m_model->advice.reset();
    request.report = *m_model;
    // As the user wrote it; an emptied field asks for the default again.
    const QString role = m_ui->roleComboBox->currentText().trimmed();
    request.role = role.isEmpty() ? AdvisorRequest{}.role : role;
    AppSettings::setAdvisorRole(request.role);
    m_ui->roleComboBox->setCurrentText(request.role);
    m_ui->roleComboBox->setEnabled(false);
    m_ui->advisorPanel->setVisible(true);
    m_ui->advisorPlainTextEdit->clear();
    m_ui->advisorStatusLabel->setText(tr("Starting the advisor, for the role %1…").arg(request.role));
    m_ui->askAdvisorButton->setVisible(false);
    m_ui->stopAdvisorButton->setVisible(true);
    m_advisor->start(request);
}

void ReportView::stopAdvisor()
{
    if (m_advisor && m_advising) {
        m_ui->advisorStatusLabel->setText(tr("Stopping…"));
        m_advisor->cancel();
    }
}

void ReportView::advisorStepFinished(const ReportAdviceStep& step)
{
    if (!m_advising || !m_model) {
        return;
    }
    if (!m_model->advice) {
        m_model->advice = ReportAdvice{};
    }
    m_model->advice->steps.append(step);
    layOutAgain();
}

void ReportView::advisorFinished(const ReportAdvice& advice, const QString& error)
{
    if (!m_advising || !m_model) {
        return;
    }
    m_advising = false;
    if (!advice.steps.isEmpty()) {
        m_model->advice = advice;
        layOutAgain();
    }
    m_ui->stopAdvisorButton->setVisible(false);
    m_ui->askAdvisorButton->setVisible(true);
    m_ui->roleComboBox->setEnabled(true);
    const auto kept = std::count_if(advice.steps.begin(), advice.steps.end(),
                                    [](const ReportAdviceStep& step) { return !step.markdown.isEmpty(); });
    m_ui->advisorStatusLabel->setText(
        error.isEmpty() ? tr("The advisor's %1 answers are in the report.").arg(kept)
                        : tr("The advisor stopped: %1. %2 answers are in the report.").arg(error).arg(kept));
    emit advised(error);
}

ReportView::~ReportView() = default;

void ReportView::showBuilt(Built built)
{
    m_model = std::move(built.model);
    QTextDocument* document = built.document.release();
    document->setParent(m_ui->reportBrowser);
    m_ui->reportBrowser->setDocument(document);
    QTreeWidgetItem* parents[4] = {nullptr, nullptr, nullptr, nullptr};
    for (QTextBlock block = document->begin(); block.isValid(); block = block.next()) {
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
    m_ui->askAdvisorButton->setEnabled(true);
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
    // The model shown, with the advisor's answers, once there is one.
    WorkerTask::run(
        &m_workers, this,
        [run = m_run, source = m_source, model = m_model, format, path] {
            QString error;
            if (model && format != ReportExport::Format::FaultMarkdown) {
                ReportExport::writeModel(*model, format, path, &error);
            } else {
                ReportExport::write(*run, {.source = source}, format, path, &error);
            }
            return error;
        },
        [this, path](const QString& error) {
            m_ui->exportProgressBar->setVisible(--m_exporting > 0);
            m_ui->statusLabel->setText(error.isEmpty() ? tr("Saved %1").arg(QDir::toNativeSeparators(path))
                                                       : tr("Not saved: %1").arg(error));
            emit exported(path, error);
        });
}
