#pragma once

#include <QList>
#include <QString>
#include <QStringView>

// The patterns of one .gitignore file, matched as git does: blank lines and `#` comments skipped,
// `\` escapes, unescaped trailing spaces dropped, `!` re-includes, a trailing `/` matches only
// folders, a `/` at the start or in the middle anchors the pattern to the file's folder (otherwise
// it matches a name at any depth below it), `*` and `?` never match `/`, `[a-z]`/`[!a-z]` classes,
// and `**/`, `/**/` and `/**` span folders (`out/**` matches what is inside `out`, not `out`
// itself, so `!out/keep.txt` can bring a file back); a `[` never closed matches nothing. The last matching pattern
// decides. Not supported: POSIX classes such as `[[:alpha:]]`, and core.ignoreCase (matching is case-sensitive, as on
// Linux).
//
// Re-including a file under an ignored folder is impossible, as in git, because the scan never
// enters an ignored folder; the scanner also asks the deepest .gitignore first, since it overrides
// those above it.
class GitIgnore
{
public:
    enum class Verdict {
        Unmatched,
        Ignored,
        Included, // by a `!` pattern
    };

    // base: the folder that holds the file, relative to the scanned root with `/` separators; empty
    // for the root itself.
    GitIgnore(QString base, const QString& contents);

    const QString& base() const
    {
        return m_base;
    }

    // path: relative to the scanned root, inside base.
    Verdict match(const QString& path, bool isDirectory) const;

    // git's wildmatch with `/` special: whether pattern matches all of text.
    static bool matchesGlob(QStringView pattern, QStringView text);

private:
    struct Pattern
    {
        QString glob;
        bool negated = false;
        bool directoryOnly = false;
        bool anchored = false;
    };

    QString m_base;
    QList<Pattern> m_patterns;
};
