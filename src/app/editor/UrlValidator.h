#pragma once

#include <QValidator>

// A call URL as the user types it: absolute http or https with a host. `{segment}` placeholders
// are allowed (the scenario's config fills them in); white space is refused outright.
class UrlValidator final : public QValidator
{
    Q_OBJECT

public:
    using QValidator::QValidator;

    State validate(QString& input, int& position) const override;
    // What is wrong with url, or an empty string when it is a valid call URL.
    static QString problem(const QString& url);
};
