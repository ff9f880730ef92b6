#include "advisor/IdentifierSplitter.h"

bool IdentifierSplitter::isIdentifierCharacter(QChar character)
{
    return character.isLetterOrNumber() || character == u'_' || character == u'$';
}

QStringList IdentifierSplitter::words(QStringView identifier)
{
    QStringList result;
    QString word;
    const auto finish = [&result, &word] {
        if (!word.isEmpty()) {
            result.append(word.toLower());
            word.clear();
        }
    };
    for (qsizetype index = 0; index < identifier.size(); ++index) {
        const QChar character = identifier.at(index);
        if (!character.isLetterOrNumber()) {
            finish();
            continue;
        }
        if (character.isUpper() && !word.isEmpty()) {
            const QChar previous = identifier.at(index - 1);
            const bool nextIsLower = index + 1 < identifier.size() && identifier.at(index + 1).isLower();
            // `userName`: a capital after a small letter or digit starts a word; `HTTPClient`: so does
            // the last capital of a run when a small letter follows it.
            if (previous.isLower() || previous.isDigit() || (previous.isUpper() && nextIsLower)) {
                finish();
            }
        }
        word.append(character);
    }
    finish();
    return result;
}

QString IdentifierSplitter::compoundWords(QStringView text)
{
    QString result;
    qsizetype index = 0;
    while (index < text.size()) {
        if (!isIdentifierCharacter(text.at(index))) {
            ++index;
            continue;
        }
        const qsizetype start = index;
        while (index < text.size() && isIdentifierCharacter(text.at(index))) {
            ++index;
        }
        const QStringList parts = words(text.sliced(start, index - start));
        if (parts.size() > 1) {
            if (!result.isEmpty()) {
                result.append(u' ');
            }
            result.append(parts.join(u' '));
        }
    }
    return result;
}
