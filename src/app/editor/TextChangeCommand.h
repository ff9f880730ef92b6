#pragma once

#include "editor/TextChange.h"

#include <QString>
#include <QUndoCommand>

class EditorDocument;

// The one kind of undo step: a change of a document's text, whichever view made it, so that the
// form and the YAML view share one undo history. Steps with the same merge key melt into one
// (a burst of typing, or one form field edited again and again).
class TextChangeCommand final : public QUndoCommand
{
public:
    // mergeKey: empty never merges; `yaml` merges typing that continues where the last step ended;
    // any other key (a form field) merges every following step with the same key.
    TextChangeCommand(EditorDocument* document, TextChange change, EditOrigin origin, QString mergeKey,
                      const QString& description);

    void redo() override;
    void undo() override;
    int id() const override;
    bool mergeWith(const QUndoCommand* other) override;

    static QString typingMergeKey();

private:
    bool continues(const TextChangeCommand& next) const;

    EditorDocument* m_document;
    TextChange m_change;
    EditOrigin m_origin;
    QString m_mergeKey;
    // The first redo happens when the step is pushed: the view that made the change has it already.
    bool m_pushed = false;
};
