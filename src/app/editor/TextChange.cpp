#include "editor/TextChange.h"

#include <algorithm>

// The common end is taken first, so that where several places would do (a character typed before
// an equal one), the change lands at the leftmost: where a caret moving forward put it.
TextChange TextChange::between(const QString& before, const QString& after)
{
    const qsizetype shorter = std::min(before.size(), after.size());
    qsizetype suffix = 0;
    while (suffix < shorter && before.at(before.size() - 1 - suffix) == after.at(after.size() - 1 - suffix)) {
        ++suffix;
    }
    qsizetype prefix = 0;
    while (prefix < shorter - suffix && before.at(prefix) == after.at(prefix)) {
        ++prefix;
    }
    return {prefix, before.mid(prefix, before.size() - prefix - suffix),
            after.mid(prefix, after.size() - prefix - suffix)};
}
