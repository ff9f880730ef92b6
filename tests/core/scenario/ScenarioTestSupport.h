#pragma once

// Helpers the scenario tests share: reading test data, counting calls and applying every quick
// fix a load offers, the way the GUI would.

#include "scenario/ScenarioLoader.h"

#include <QDir>
#include <QFile>
#include <QString>

namespace ScenarioTestSupport
{
inline QString scenarioDataPath(const QString& name)
{
    return QStringLiteral(AFTERSHOCK_TEST_DATA "/scenarios/") + name;
}

inline QByteArray readData(const QString& name)
{
    QFile file(scenarioDataPath(name));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

inline QStringList scenarioDataFiles()
{
    return QDir(QStringLiteral(AFTERSHOCK_TEST_DATA "/scenarios"))
        .entryList({QStringLiteral("*.yaml")}, QDir::Files, QDir::Name);
}

// Calls an item makes: single 1, repeat `count` plus the baseline, load counted as one test.
inline int callsOf(const Item& item)
{
    if (!item.context || !item.context->strategy) {
        return 1;
    }
    if (const auto* repeat = std::get_if<RepeatStrategy>(&*item.context->strategy)) {
        return repeat->count + (repeat->addBaselineCall.value_or(false) ? 1 : 0);
    }
    return 1;
}

inline bool overlaps(const TextEdit& a, const TextEdit& b)
{
    const auto start = [](const TextEdit& edit) {
        return std::pair(edit.startLine, edit.startColumn);
    };
    const auto end = [](const TextEdit& edit) {
        return std::pair(edit.endLine, edit.endColumn);
    };
    const bool aEmpty = start(a) == end(a);
    const bool bEmpty = start(b) == end(b);
    if (aEmpty || bEmpty) {
        // An insertion touching another edit's range would depend on the order they are applied in.
        return start(a) <= end(b) && start(b) <= end(a);
    }
    return start(a) < end(b) && start(b) < end(a);
}

// Applies, in rounds, every quick fix that does not overlap one taken before it in the round,
// reloading between rounds, until none is left or maxRounds have run. Returns the text.
inline QString applyAllFixes(QString text, int maxRounds, int* rounds = nullptr)
{
    int round = 0;
    for (; round < maxRounds; ++round) {
        const ScenarioFile file = ScenarioLoader::loadText(text.toUtf8(), QStringLiteral("fixed.yaml"));
        QList<TextEdit> taken;
        QList<QuickFix> seen;
        for (const Diagnostic& diagnostic : file.diagnostics) {
            if (!diagnostic.fix || seen.contains(*diagnostic.fix)) {
                continue;
            }
            seen.append(*diagnostic.fix);
            const bool clashes = std::any_of(
                diagnostic.fix->edits.begin(), diagnostic.fix->edits.end(), [&taken](const TextEdit& edit) {
                    return std::any_of(taken.begin(), taken.end(),
                                       [&edit](const TextEdit& other) { return overlaps(edit, other); });
                });
            if (!clashes) {
                taken.append(diagnostic.fix->edits);
            }
        }
        if (taken.isEmpty()) {
            break;
        }
        text = applyTextEdits(text, taken);
    }
    if (rounds) {
        *rounds = round;
    }
    return text;
}
} // namespace ScenarioTestSupport
