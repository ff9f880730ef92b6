#include "advisor/CredentialMasker.h"

#include <QList>
#include <QRegularExpression>

const QString CredentialMasker::Mask = QStringLiteral("«masked»");

namespace
{
// A pattern and which of its groups is the secret (0: the whole match).
struct Secret
{
    QRegularExpression pattern;
    int group = 0;
};

// Names whose value is secret; they must end the name (`token_type = "bearer"` is left alone).
constexpr char SecretNames[] = "(?:password|passwd|passphrase|pwd|secret|api[_-]?key|apikey|access[_-]?key|"
                               "secret[_-]?key|private[_-]?key|client[_-]?secret|auth[_-]?token|access[_-]?token|"
                               "refresh[_-]?token|token|credentials?)";

QList<Secret> makeSecrets(bool unquotedValues)
{
    const auto pattern = [](const QString& expression, QRegularExpression::PatternOptions options = {}) {
        return QRegularExpression(expression, options);
    };
    const QString names = QString::fromLatin1(SecretNames);
    QList<Secret> secrets{
        {pattern(QStringLiteral("-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----(?:[\\s\\S]*?-----END [A-Z0-9 ]*"
                                "PRIVATE KEY(?: BLOCK)?-----|[A-Za-z0-9+/=\\s:,-]*)")),
         0},
        // Keys are random, so they have a digit; CSS classes such as `sk-spinner-double-bounce` do not.
        {pattern(QStringLiteral("\\bsk-(?=[A-Za-z0-9_-]*[0-9])[A-Za-z0-9_-]{16,}")), 0},
        {pattern(QStringLiteral("\\b[rs]k_(?:live|test)_[A-Za-z0-9]{16,}")), 0},
        {pattern(QStringLiteral("\\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\\b")), 0},
        {pattern(QStringLiteral("\\bgh[pousr]_[A-Za-z0-9]{30,}")), 0},
        {pattern(QStringLiteral("\\bgithub_pat_[A-Za-z0-9_]{20,}")), 0},
        {pattern(QStringLiteral("\\bglpat-[A-Za-z0-9_-]{20,}")), 0},
        {pattern(QStringLiteral("\\bxox[abposr]-[A-Za-z0-9-]{10,}")), 0},
        {pattern(QStringLiteral("\\bAIza[A-Za-z0-9_-]{35}")), 0},
        {pattern(QStringLiteral("\\beyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}")), 0},
        {pattern(QStringLiteral("\\b(?:Bearer|Basic)\\s+((?=[A-Za-z0-9._~+/=-]*[0-9])[A-Za-z0-9._~+/=-]{16,})"),
                 QRegularExpression::CaseInsensitiveOption),
         1},
        // scheme://user:password@host
        {pattern(QStringLiteral("\\b[A-Za-z][A-Za-z0-9+.-]*://[^\\s:/@\"'`]+:([^\\s@/\"'`]+)@")), 1},
        // password = "…", "api_key": '…', Token := `…`
        {pattern(names + QStringLiteral("[\"']?\\s*(?::=|=>|[:=])\\s*[rbuf]?([\"'`])([^\"'`\\r\\n]+)\\1"),
                 QRegularExpression::CaseInsensitiveOption),
         2},
    };
    if (unquotedValues) {
        secrets.append({pattern(QStringLiteral("^[ \\t]*[\\w.-]*") + names
                                    + QStringLiteral("[ \\t]*[:=][ \\t]*([^\\s\"'`#;][^\\s#;]*)"),
                                QRegularExpression::CaseInsensitiveOption | QRegularExpression::MultilineOption),
                        1});
    }
    return secrets;
}

const QList<Secret>& secrets(bool unquotedValues)
{
    static const QList<Secret> quoted = makeSecrets(false);
    static const QList<Secret> all = makeSecrets(true);
    return unquotedValues ? all : quoted;
}

QString maskOne(const QString& text, const Secret& secret)
{
    QRegularExpressionMatchIterator matches = secret.pattern.globalMatch(text);
    if (!matches.hasNext()) {
        return text;
    }
    QString result;
    qsizetype copied = 0;
    while (matches.hasNext()) {
        const QRegularExpressionMatch match = matches.next();
        const qsizetype start = match.capturedStart(secret.group);
        const qsizetype length = match.capturedLength(secret.group);
        result.append(QStringView(text).sliced(copied, start - copied));
        result.append(CredentialMasker::Mask);
        // A key block spans lines: keep its line breaks so that the lines after it keep their numbers.
        result.append(QString(QStringView(text).sliced(start, length).count(u'\n'), u'\n'));
        copied = start + length;
    }
    result.append(QStringView(text).sliced(copied));
    return result;
}
} // namespace

QString CredentialMasker::mask(const QString& text, bool unquotedValues)
{
    QString result = text;
    for (const Secret& secret : secrets(unquotedValues)) {
        result = maskOne(result, secret);
    }
    return result;
}
