#pragma once

#include <QLabel>

// A one-line verdict under a field ("Valid JSON", "The URL needs a host"): a small icon for its
// kind and the text, in the palette's colours.
class StatusLabel final : public QLabel
{
    Q_OBJECT

public:
    enum class Kind { Good, Problem, Note };

    explicit StatusLabel(QWidget* parent = nullptr);

    // A line break in text starts a new line.
    void setStatus(Kind kind, const QString& text);
    Kind kind() const;

private:
    Kind m_kind = Kind::Note;
};
