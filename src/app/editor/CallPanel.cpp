#include "editor/CallPanel.h"

#include "editor/UrlValidator.h"
#include "shell/AppIcons.h"

#include <QFontDatabase>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QScopedValueRollback>

#include "ui_CallPanel.h"

namespace
{
const QStringList HttpMethods{QStringLiteral("GET"),    QStringLiteral("POST"),   QStringLiteral("PUT"),
                              QStringLiteral("PATCH"),  QStringLiteral("DELETE"), QStringLiteral("HEAD"),
                              QStringLiteral("OPTIONS")};

// Line and column (from 1) of a character offset, for a JSON error message.
QPair<int, int> lineAndColumn(const QString& text, qsizetype offset)
{
    const QString before = text.left(offset);
    const qsizetype lastBreak = before.lastIndexOf(QLatin1Char('\n'));
    return {static_cast<int>(before.count(QLatin1Char('\n'))) + 1, static_cast<int>(offset - lastBreak)};
}
} // namespace

CallPanel::CallPanel(QWidget* parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::CallPanel>())
{
    m_ui->setupUi(this);
    m_ui->methodComboBox->addItems(HttpMethods);
    m_ui->urlLineEdit->setValidator(new UrlValidator(this));
    m_ui->timeoutSpinBox->setSpecialValueText(tr("none"));
    m_ui->addHeaderButton->setIcon(AppIcons::icon(QStringLiteral("list-add")));
    m_ui->removeHeaderButton->setIcon(AppIcons::icon(QStringLiteral("list-remove")));
    m_ui->bodyPlainTextEdit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));

    connect(m_ui->methodComboBox, &QComboBox::currentTextChanged, this, [this](const QString& method) {
        m_call.method = method;
        edited(tr("method"));
    });
    connect(m_ui->urlLineEdit, &QLineEdit::textChanged, this, [this](const QString& url) {
        m_call.url = url;
        showUrlStatus();
        edited(tr("URL"));
    });
    connect(m_ui->timeoutSpinBox, &QSpinBox::valueChanged, this, [this](int timeout) {
        m_call.timeout = timeout > 0 ? std::optional<int>(timeout) : std::nullopt;
        edited(tr("timeout"));
    });
    connect(m_ui->operationIdLineEdit, &QLineEdit::textChanged, this, [this](const QString& operationId) {
        m_call.operationId = operationId.isEmpty() ? std::nullopt : std::optional<QString>(operationId);
        edited(tr("operation ID"));
    });
    connect(m_ui->headersTableWidget, &QTableWidget::itemChanged, this, &CallPanel::readHeaders);
    connect(m_ui->addHeaderButton, &QToolButton::clicked, this, &CallPanel::addHeader);
    connect(m_ui->removeHeaderButton, &QToolButton::clicked, this, &CallPanel::removeHeader);
    connect(m_ui->bodyPlainTextEdit, &QPlainTextEdit::textChanged, this, [this] {
        const QString body = m_ui->bodyPlainTextEdit->toPlainText();
        m_call.body = body.isEmpty() ? std::nullopt : std::optional<QString>(body);
        showBodyStatus();
        edited(tr("body"));
    });
    setCall({});
}

CallPanel::~CallPanel() = default;

void CallPanel::setCall(const Call& call)
{
    QScopedValueRollback showing(m_showing, true);
    m_call = call;
    if (m_ui->methodComboBox->findText(call.method) < 0) {
        m_ui->methodComboBox->addItem(call.method); // an unusual method the file uses
    }
    m_ui->methodComboBox->setCurrentText(call.method);
    if (m_ui->urlLineEdit->text() != call.url) {
        m_ui->urlLineEdit->setText(call.url);
    }
    m_ui->timeoutSpinBox->setValue(call.timeout.value_or(0));
    m_ui->operationIdLineEdit->setText(call.operationId.value_or(QString()));
    if (m_ui->bodyPlainTextEdit->toPlainText() != call.body.value_or(QString())) {
        m_ui->bodyPlainTextEdit->setPlainText(call.body.value_or(QString()));
    }
    showHeaders();
    showUrlStatus();
    showBodyStatus();
}

const Call& CallPanel::call() const
{
    return m_call;
}

void CallPanel::showHeaders()
{
    QTableWidget* table = m_ui->headersTableWidget;
    table->setRowCount(static_cast<int>(m_call.headers.size()));
    for (int row = 0; row < m_call.headers.size(); ++row) {
        table->setItem(row, 0, new QTableWidgetItem(m_call.headers.at(row).first));
        table->setItem(row, 1, new QTableWidgetItem(m_call.headers.at(row).second));
    }
}

void CallPanel::readHeaders()
{
    if (m_showing) {
        return;
    }
    const QTableWidget* table = m_ui->headersTableWidget;
    HttpHeaders headers;
    for (int row = 0; row < table->rowCount(); ++row) {
        const QTableWidgetItem* name = table->item(row, 0);
        const QTableWidgetItem* value = table->item(row, 1);
        // A row being filled in counts once it has a name.
        if (name && !name->text().trimmed().isEmpty()) {
            headers.append({name->text().trimmed(), value ? value->text() : QString()});
        }
    }
    if (headers != m_call.headers) {
        m_call.headers = headers;
        edited(tr("headers"));
    }
}

void CallPanel::addHeader()
{
    QTableWidget* table = m_ui->headersTableWidget;
    const int row = table->rowCount();
    {
        QScopedValueRollback showing(m_showing, true);
        table->insertRow(row);
        table->setItem(row, 0, new QTableWidgetItem);
        table->setItem(row, 1, new QTableWidgetItem);
    }
    table->setCurrentCell(row, 0);
    table->editItem(table->item(row, 0));
}

void CallPanel::removeHeader()
{
    QTableWidget* table = m_ui->headersTableWidget;
    if (table->currentRow() >= 0) {
        table->removeRow(table->currentRow());
        readHeaders();
    }
}

void CallPanel::showUrlStatus()
{
    const QString problem = UrlValidator::problem(m_call.url);
    if (problem.isEmpty()) {
        m_ui->urlStatusLabel->setStatus(StatusLabel::Kind::Good, tr("Valid URL"));
    } else {
        m_ui->urlStatusLabel->setStatus(StatusLabel::Kind::Problem, problem);
    }
}

void CallPanel::showBodyStatus()
{
    const QString body = m_call.body.value_or(QString());
    const QString trimmed = body.trimmed();
    if (trimmed.isEmpty()) {
        m_ui->bodyStatusLabel->setStatus(StatusLabel::Kind::Note, tr("No body"));
        return;
    }
    if (!trimmed.startsWith(QLatin1Char('{')) && !trimmed.startsWith(QLatin1Char('['))) {
        m_ui->bodyStatusLabel->setStatus(StatusLabel::Kind::Note, tr("Sent as plain text"));
        return;
    }
    QJsonParseError error;
    QJsonDocument::fromJson(body.toUtf8(), &error);
    if (error.error == QJsonParseError::NoError) {
        m_ui->bodyStatusLabel->setStatus(StatusLabel::Kind::Good, tr("Valid JSON"));
        return;
    }
    // The parser counts bytes of UTF-8; the message counts characters.
    const qsizetype characterOffset = QString::fromUtf8(body.toUtf8().left(error.offset)).size();
    const auto [line, column] = lineAndColumn(body, characterOffset);
    m_ui->bodyStatusLabel->setStatus(
        StatusLabel::Kind::Problem,
        tr("Not valid JSON: %1 at line %2, column %3").arg(error.errorString()).arg(line).arg(column));
}

void CallPanel::edited(const QString& field)
{
    if (!m_showing) {
        emit callEdited(field);
    }
}
