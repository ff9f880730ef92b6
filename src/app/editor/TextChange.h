#pragma once

#include <QString>

// Where an edit came from, so that a view can leave out the edits it made itself. Action: a menu
// or panel command such as a quick fix or adding a scenario.
enum class EditOrigin { YamlView, Form, Action, UndoRedo };

// One replacement in a document's text: at position (UTF-16 units), removed gave way to inserted.
struct TextChange
{
    qsizetype position = 0;
    QString removed;
    QString inserted;

    bool operator==(const TextChange&) const = default;

    bool isEmpty() const
    {
        return removed == inserted;
    }
    TextChange inverted() const
    {
        return {position, inserted, removed};
    }
    void applyTo(QString& text) const
    {
        text.replace(position, removed.size(), inserted);
    }
    // The smallest change that turns before into after: their common start and end left out.
    static TextChange between(const QString& before, const QString& after);
};
