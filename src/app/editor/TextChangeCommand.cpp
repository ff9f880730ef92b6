#include "editor/TextChangeCommand.h"

#include "editor/EditorDocument.h"

TextChangeCommand::TextChangeCommand(EditorDocument* document, TextChange change, EditOrigin origin, QString mergeKey,
                                     const QString& description)
    : QUndoCommand(description)
    , m_document(document)
    , m_change(std::move(change))
    , m_origin(origin)
    , m_mergeKey(std::move(mergeKey))
{ }

void TextChangeCommand::redo()
{
    m_document->applyChange(m_change, m_pushed ? EditOrigin::UndoRedo : m_origin);
    m_pushed = true;
}

void TextChangeCommand::undo()
{
    m_document->applyChange(m_change.inverted(), EditOrigin::UndoRedo);
}

int TextChangeCommand::id() const
{
    return 1;
}

QString TextChangeCommand::typingMergeKey()
{
    return QStringLiteral("yaml");
}

bool TextChangeCommand::continues(const TextChangeCommand& next) const
{
    if (m_mergeKey != typingMergeKey()) {
        return true;
    }
    // Typing or deleting inside, or right after, what this step inserted. (A diff may place a
    // character typed next to an equal one a little before the caret: anywhere inside counts.)
    const qsizetype insertedEnd = m_change.position + m_change.inserted.size();
    return next.m_change.position >= m_change.position
        && next.m_change.position + next.m_change.removed.size() <= insertedEnd;
}

bool TextChangeCommand::mergeWith(const QUndoCommand* other)
{
    const auto* next = static_cast<const TextChangeCommand*>(other);
    if (m_mergeKey.isEmpty() || next->m_mergeKey != m_mergeKey || next->m_document != m_document || !continues(*next)) {
        return false;
    }
    // Both steps are applied: rebuild the text before this one and diff it against now.
    const QString after = m_document->text();
    QString before = after;
    next->m_change.inverted().applyTo(before);
    m_change.inverted().applyTo(before);
    m_change = TextChange::between(before, after);
    setObsolete(m_change.isEmpty());
    return true;
}
