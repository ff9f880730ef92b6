#pragma once

#include "scenario/Diagnostic.h"
#include "scenario/ScenarioLoader.h"

#include <optional>

#include <QByteArray>
#include <QString>
#include <QStringList>

// Writes a k6 script that sends a scenario file's calls as Aftershock would, for teams that need
// more load than one machine gives (issue 17). A load item becomes a `constant-arrival-rate`
// scenario (clients × rps a second, clients VUs allocated, up to max_clients), single and repeat
// items `per-vu-iterations` with the same calls; the items run one after another through
// `startTime`, and their SLOs and expectations become thresholds tagged with their scenario. Faults
// are not k6's business: the script's top comment says what was left out and gives the
// `aftershock-cli proxy` commands (reverse mode, the item's faults) to point the script at.
class K6ScriptWriter
{
public:
    static constexpr quint16 DefaultFirstProxyPort = 18001;

    struct Options
    {
        // One item, counted from 1 through the file as `proxy --item` counts; none: every item.
        std::optional<int> item;
        // Refuse items that are not load rather than export them as per-vu-iterations.
        bool loadOnly = false;
        // Where the first item's reverse proxy listens, the next item's on the next port.
        quint16 firstProxyPort = DefaultFirstProxyPort;
        // The script's name, for the `k6 run` command in its comment.
        QString scriptPath = QStringLiteral("script.js");
    };

    struct Result
    {
        QByteArray script; // empty when an item was refused
        Diagnostics diagnostics; // the refusals, an error each, naming the item
        QStringList scenarioNames; // the k6 scenarios, in the order they run

        bool ok() const
        {
            return !script.isEmpty();
        }
    };

    // The documents that did not load are passed over, as the proxy's item count passes them over.
    // file.path names the file in the proxy commands (made absolute) and in the diagnostics.
    static Result write(const ScenarioFile& file, const Options& options);
    // Every item, with the default options.
    static Result write(const ScenarioFile& file);
};
