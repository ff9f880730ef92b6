#include "export/K6ScriptWriter.h"

#include "Version.h"
#include "runner/LoadPhases.h"
#include "runner/RequestTemplate.h"
#include "runner/RunOptions.h"
#include "scenario/Duration.h"

#include <algorithm>

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QRegularExpression>
#include <QUrl>

namespace
{
// Of the title, in a scenario name: enough to recognise it, short enough to read in k6's summary.
constexpr qsizetype MaximumTitleWordsLength = 40;
const QString OriginVariablePrefix = QStringLiteral("AFTERSHOCK_ORIGIN_");
// What the proxy commands name when the scenarios are not saved in a file yet.
const QString UnsavedScenarioPath = QStringLiteral("SCENARIO.yaml");

struct ExportedItem
{
    int number = 0; // through the file, from 1, as `proxy --item` counts
    const Scenario* scenario = nullptr;
    const Item* item = nullptr;
    SourceLocation location;
    QString name; // the k6 scenario's of the faulted load, and its exec function's
    QStringList scenarioNames; // k6's scenarios of the item: with a steady state, one a phase
    qint64 startMs = 0; // its startTime
    qint64 proxyDurationMs = 0; // how long its calls go on, for the proxy's --duration and periods
    qint64 slotMs = 0; // until the next item starts
};

Strategy strategyOf(const Item& item)
{
    return item.context && item.context->strategy ? *item.context->strategy : Strategy{SingleStrategy{}};
}

bool isLoad(const Item& item)
{
    return std::holds_alternative<LoadStrategy>(strategyOf(item));
}

QString number(double value)
{
    return QString::number(value, 'g', QLocale::FloatingPointShortest);
}

// JSON's string literal, which is JavaScript's, with U+2028 and U+2029 (line ends to engines
// before ES2019) and `</` (which would end an HTML <script> element) escaped as well.
QString javaScriptString(const QString& text)
{
    QString literal = QString::fromUtf8(QJsonDocument(QJsonArray{text}).toJson(QJsonDocument::Compact));
    literal = literal.mid(1, literal.size() - 2);
    literal.replace(QChar(0x2028), QStringLiteral("\\u2028"));
    literal.replace(QChar(0x2029), QStringLiteral("\\u2029"));
    literal.replace(QStringLiteral("</"), QStringLiteral("<\\/"));
    return literal;
}

QString arrayLiteral(const QStringList& texts)
{
    QStringList literals;
    for (const QString& text : texts) {
        literals.append(javaScriptString(text));
    }
    return QLatin1Char('[') + literals.join(QStringLiteral(", ")) + QLatin1Char(']');
}

// Text for a `//` comment: a line terminator would end the comment and run the rest as code, and
// `</` would end an HTML <script> element the script is shown in.
QString commentText(QString text)
{
    for (const QChar terminator : {QChar(u'\n'), QChar(u'\r'), QChar(0x2028), QChar(0x2029)}) {
        text.replace(terminator, QLatin1Char(' '));
    }
    return text.replace(QStringLiteral("</"), QStringLiteral("<\\/"));
}

// A word for a POSIX shell, quoted when it holds anything the shell would act on.
QString shellWord(const QString& word)
{
    static const QRegularExpression plain(QStringLiteral("^[A-Za-z0-9_./:=@%+,-]+$"));
    if (plain.match(word).hasMatch()) {
        return word;
    }
    return QLatin1Char('\'') + QString(word).replace(QLatin1Char('\''), QStringLiteral("'\\''")) + QLatin1Char('\'');
}

// A JavaScript object literal with its keys in the order given, one a line.
class ObjectLiteral
{
public:
    void add(const QString& key, const QString& literal)
    {
        m_entries.append({key, literal});
    }
    void addString(const QString& key, const QString& text)
    {
        add(key, javaScriptString(text));
    }
    QString toString(int depth) const
    {
        if (m_entries.isEmpty()) {
            return QStringLiteral("{}");
        }
        const QString indent(4 * (depth + 1), QLatin1Char(' '));
        QString text = QStringLiteral("{\n");
        for (const auto& [key, literal] : m_entries) {
            text += indent + javaScriptString(key) + QStringLiteral(": ") + literal + QStringLiteral(",\n");
        }
        return text + QString(4 * depth, QLatin1Char(' ')) + QLatin1Char('}');
    }

private:
    QList<QPair<QString, QString>> m_entries;
};

// The thresholds of every item, each metric's in the order they were added.
class Thresholds
{
public:
    void add(const QString& metric, const QString& scenarioName, const QString& expression)
    {
        const QString key = QStringLiteral("%1{scenario:%2}").arg(metric, scenarioName);
        const auto found = std::find_if(m_metrics.begin(), m_metrics.end(), [&key](const auto& metricExpressions) {
            return metricExpressions.first == key;
        });
        if (found == m_metrics.end()) {
            m_metrics.append({key, {expression}});
        } else {
            found->second.append(expression);
        }
    }
    ObjectLiteral literal() const
    {
        ObjectLiteral object;
        for (const auto& [key, expressions] : m_metrics) {
            object.add(key, arrayLiteral(expressions));
        }
        return object;
    }

private:
    QList<QPair<QString, QStringList>> m_metrics;
};

// `item3_periodic_150_250_ms_latency_pulses`: k6 takes latin letters, digits, `_` and `-` in a
// scenario name, and the exec function of the same name needs a JavaScript identifier.
QString scenarioName(int itemNumber, const QString& title)
{
    QString words;
    for (const QChar character : title.toLower()) {
        if ((character >= QLatin1Char('a') && character <= QLatin1Char('z'))
            || (character >= QLatin1Char('0') && character <= QLatin1Char('9'))) {
            words += character;
        } else if (!words.isEmpty() && !words.endsWith(QLatin1Char('_'))) {
            words += QLatin1Char('_');
        }
    }
    if (words.size() > MaximumTitleWordsLength) {
        const qsizetype wordEnd = words.lastIndexOf(QLatin1Char('_'), MaximumTitleWordsLength);
        words.truncate(wordEnd > 0 ? wordEnd : MaximumTitleWordsLength);
    }
    while (words.endsWith(QLatin1Char('_'))) {
        words.chop(1);
    }
    const QString name = QStringLiteral("item%1").arg(itemNumber);
    return words.isEmpty() ? name : name + QLatin1Char('_') + words;
}

qint64 timeoutMs(const Item& item)
{
    return item.call.timeout.value_or(RunOptions{}.defaultTimeoutMs);
}

// Why the item cannot become a k6 scenario; empty when it can.
QString refusal(const ExportedItem& exported, const K6ScriptWriter::Options& options)
{
    const QString url = resolvedUrl(*exported.scenario, exported.item->call);
    static const QRegularExpression segment(QStringLiteral("\\{([^{}/]+)\\}"));
    if (const auto match = segment.match(url); match.hasMatch()) {
        return QStringLiteral("the URL's {%1} has no value in config.http.paths.segments").arg(match.captured(1));
    }
    QString problem;
    if (!RequestTemplate::build(*exported.scenario, exported.item->call, &problem)) {
        return problem;
    }
    if (options.loadOnly && !isLoad(*exported.item)) {
        return QStringLiteral("it is %1, not load, and only load items were asked for (k6's constant-arrival-rate)")
            .arg(std::holds_alternative<RepeatStrategy>(strategyOf(*exported.item)) ? QStringLiteral("a repeat")
                                                                                    : QStringLiteral("a single call"));
    }
    return {};
}

Diagnostic refused(const SourceLocation& location, const QString& message)
{
    Diagnostic diagnostic;
    diagnostic.location = location;
    diagnostic.message = message;
    diagnostic.code = QStringLiteral("k6-refused");
    return diagnostic;
}

// The k6 scenarios of an item, by name, and how long they last.
QList<QPair<QString, ObjectLiteral>> k6Scenarios(ExportedItem& exported)
{
    ObjectLiteral object;
    const Strategy strategy = strategyOf(*exported.item);
    const qint64 timeout = timeoutMs(*exported.item);
    if (const auto* load = std::get_if<LoadStrategy>(&strategy)) {
        // A steady state is a scenario a phase, one after another at the same rate, so that each
        // phase's SLOs are thresholds of their own, as Aftershock evaluates them.
        const LoadPhases phases(*load);
        QList<QPair<QString, qint64>> phaseLengths{{exported.name, phases.faultedMs()}};
        if (phases.hasSteadyState()) {
            phaseLengths = {{exported.name + QStringLiteral("_before"), phases.beforeMs()},
                            {exported.name, phases.faultedMs()},
                            {exported.name + QStringLiteral("_after"), phases.afterMs()}};
            phaseLengths.removeIf([](const QPair<QString, qint64>& phase) { return phase.second <= 0; });
        }
        QList<QPair<QString, ObjectLiteral>> scenarios;
        qint64 phaseStartMs = exported.startMs;
        for (const auto& [name, lengthMs] : phaseLengths) {
            ObjectLiteral phase;
            phase.addString(QStringLiteral("executor"), QStringLiteral("constant-arrival-rate"));
            phase.addString(QStringLiteral("exec"), exported.name);
            phase.addString(QStringLiteral("startTime"), formatDuration(double(phaseStartMs)));
            phase.add(QStringLiteral("rate"), QString::number(qint64(load->clients) * load->rps));
            phase.addString(QStringLiteral("timeUnit"), QStringLiteral("1s"));
            phase.addString(QStringLiteral("duration"), formatDuration(double(lengthMs)));
            phase.add(QStringLiteral("preAllocatedVUs"), QString::number(load->clients));
            phase.add(QStringLiteral("maxVUs"), QString::number(std::max(load->maxClientsOrDefault(), load->clients)));
            // No call starts after the duration; those under way end within their timeout, as in
            // Aftershock, where a call belongs to the phase it was due in.
            phase.addString(QStringLiteral("gracefulStop"), formatDuration(double(timeout)));
            scenarios.append({name, phase});
            exported.scenarioNames.append(name);
            phaseStartMs += lengthMs;
        }
        // One proxy for all the phases: it reads the steady state from the scenario file itself.
        exported.proxyDurationMs = phases.totalMs();
        exported.slotMs = phases.totalMs() + timeout;
        return scenarios;
    }
    const auto* repeat = std::get_if<RepeatStrategy>(&strategy);
    const int iterations = repeat ? repeat->count + (repeat->addBaselineCall.value_or(false) ? 1 : 0) : 1;
    const qint64 wait = repeat ? repeat->wait.value_or(0) : 0;
    object.addString(QStringLiteral("executor"), QStringLiteral("per-vu-iterations"));
    object.addString(QStringLiteral("exec"), exported.name);
    object.addString(QStringLiteral("startTime"), formatDuration(double(exported.startMs)));
    object.add(QStringLiteral("vus"), QStringLiteral("1"));
    object.add(QStringLiteral("iterations"), QString::number(iterations));
    // One call after another, each within its timeout and the wait: the longest the calls can take.
    exported.proxyDurationMs = iterations * (timeout + wait);
    object.addString(QStringLiteral("maxDuration"), formatDuration(double(exported.proxyDurationMs)));
    object.addString(QStringLiteral("gracefulStop"), QStringLiteral("0s"));
    exported.slotMs = exported.proxyDurationMs;
    exported.scenarioNames = {exported.name};
    return {{exported.name, object}};
}

// `p(95)<=300`: the SLO holds when the objective-th percentile is at or under the threshold.
std::optional<QString> latencyThreshold(const Slo& slo)
{
    if (!(slo.objective > 0 && slo.objective <= 100)) {
        return std::nullopt;
    }
    const QString statistic
        = slo.objective == 100 ? QStringLiteral("max") : QStringLiteral("p(%1)").arg(number(slo.objective));
    return QStringLiteral("%1<=%2").arg(statistic, number(slo.threshold));
}

// Thresholds of one item; what k6 cannot say goes to leftOut.
void addThresholds(const ExportedItem& exported, Thresholds& thresholds, QStringList& leftOut)
{
    const Item& item = *exported.item;
    const QString itemLabel = QStringLiteral("item %1").arg(exported.number);
    for (const Slo& slo : item.context ? item.context->slo : QList<Slo>{}) {
        switch (slo.type) {
        case SloType::Latency:
            if (const auto expression = latencyThreshold(slo)) {
                for (const QString& name : exported.scenarioNames) {
                    thresholds.add(QStringLiteral("http_req_duration"), name, *expression);
                }
                leftOut.append(QStringLiteral("%1, SLO \"%2\": a call that got no response counts over any "
                                              "threshold in Aftershock; k6 counts it by the time it took")
                                   .arg(itemLabel, slo.title));
            } else {
                leftOut.append(QStringLiteral("%1, SLO \"%2\": objective %3 is no percentile k6 takes")
                                   .arg(itemLabel, slo.title, number(slo.objective)));
            }
            break;
        case SloType::Error:
            // With the response callback below, k6 fails a call as Aftershock does: no response or a 5xx.
            for (const QString& name : exported.scenarioNames) {
                thresholds.add(QStringLiteral("http_req_failed"), name,
                               QStringLiteral("rate<%1").arg(number(slo.threshold / 100)));
            }
            break;
        }
    }
    if (!isLoad(item) && item.expect && (item.expect->status || item.expect->responseTimeUnder)) {
        thresholds.add(QStringLiteral("checks"), exported.name, QStringLiteral("rate==1"));
    }
}

// What the item does that k6 does not.
void addLeftOut(const ExportedItem& exported, QStringList& leftOut)
{
    const Item& item = *exported.item;
    const QString itemLabel = QStringLiteral("item %1").arg(exported.number);
    const Strategy strategy = strategyOf(item);
    for (const Fault& fault : item.context ? item.context->faults : QList<Fault>{}) {
        QString text = QStringLiteral("%1, fault: %2").arg(itemLabel, describe(fault));
        if (fault.period) {
            text += QStringLiteral(", period %1").arg(formatPeriod(*fault.period));
            if (!isLoad(item)) {
                text += QStringLiteral(" (Aftershock applies it to the whole call; the proxy over its --duration)");
            }
        }
        leftOut.append(text);
    }
    if (const auto* repeat = std::get_if<RepeatStrategy>(&strategy)) {
        if (repeat->step != 0) {
            leftOut.append(QStringLiteral("%1: the latency mean growing by %2 ms a call (step); the proxy applies "
                                          "the faults as written")
                               .arg(itemLabel, number(repeat->step)));
        }
        if (repeat->addBaselineCall.value_or(false)) {
            leftOut.append(QStringLiteral("%1: the baseline call is one more iteration, which meets the faults "
                                          "too when sent through the proxy")
                               .arg(itemLabel));
        }
        if (repeat->failfast.value_or(false)) {
            leftOut.append(QStringLiteral("%1: failfast; k6 goes on after a failed check").arg(itemLabel));
        }
    }
    if (const auto* load = std::get_if<LoadStrategy>(&strategy); load && LoadPhases(*load).hasSteadyState()) {
        leftOut.append(QStringLiteral("%1: steady state: k6 holds each phase's SLOs over the whole phase; whether "
                                      "and how soon the service came back within them after the faults is "
                                      "Aftershock's (from 250 ms buckets)")
                           .arg(itemLabel));
    }
    if (!isLoad(item) && item.expect && item.expect->responseTimeUnder) {
        leftOut.append(QStringLiteral("%1: response_time_under is checked against k6's timings.duration, which "
                                      "leaves out connecting; Aftershock's total time does not")
                           .arg(itemLabel));
    }
}

struct Origin
{
    QString mapping; // `--proxy`'s `http:127.0.0.1:18001=localhost:9090`
    QString proxyOrigin; // `http://127.0.0.1:18001`
    bool https = false;
};

Origin originOf(const ExportedItem& exported, quint16 proxyPort)
{
    const QUrl url(resolvedUrl(*exported.scenario, exported.item->call));
    Origin origin;
    origin.https = url.scheme() == QLatin1String("https");
    const QString host = url.host().contains(QLatin1Char(':')) ? QStringLiteral("[%1]").arg(url.host()) : url.host();
    const QString scheme = origin.https ? QStringLiteral("https") : QStringLiteral("http");
    origin.mapping
        = QStringLiteral("%1:127.0.0.1:%2=%3:%4")
              .arg(scheme, QString::number(proxyPort), host, QString::number(url.port(origin.https ? 443 : 80)));
    origin.proxyOrigin = QStringLiteral("%1://127.0.0.1:%2").arg(scheme).arg(proxyPort);
    return origin;
}

// The request of an item as the script's send() takes it.
ObjectLiteral requestLiteral(const ExportedItem& exported)
{
    const Call& call = exported.item->call;
    const QUrl url(resolvedUrl(*exported.scenario, call));
    QString target = url.path(QUrl::FullyEncoded);
    if (target.isEmpty()) {
        target = QStringLiteral("/");
    }
    if (url.hasQuery()) {
        target += QLatin1Char('?') + url.query(QUrl::FullyEncoded);
    }
    ObjectLiteral headers;
    for (const auto& [name, value] : mergedHeaders(*exported.scenario, call)) {
        headers.addString(name, value);
    }
    ObjectLiteral request;
    request.addString(QStringLiteral("method"), call.method);
    request.addString(QStringLiteral("url"), QString::fromUtf8(url.toEncoded(QUrl::RemoveFragment)));
    request.addString(QStringLiteral("target"), target);
    // The Host header's form: no user information, the port only when the URL gives one.
    const QString host = url.host(QUrl::FullyEncoded);
    const QString authority = (host.contains(QLatin1Char(':')) ? QStringLiteral("[%1]").arg(host) : host)
        + (url.port() < 0 ? QString() : QStringLiteral(":%1").arg(url.port()));
    request.addString(QStringLiteral("authority"), authority);
    request.addString(QStringLiteral("originVariable"), OriginVariablePrefix + QString::number(exported.number));
    request.add(QStringLiteral("headers"), headers.toString(1));
    request.add(QStringLiteral("body"), call.body ? javaScriptString(*call.body) : QStringLiteral("null"));
    request.addString(QStringLiteral("timeout"), formatDuration(double(timeoutMs(*exported.item))));
    return request;
}

QString execFunction(const ExportedItem& exported)
{
    const Item& item = *exported.item;
    const QString request = QStringLiteral("request%1").arg(exported.number);
    QString text = QStringLiteral("const %1 = %2;\n\n").arg(request, requestLiteral(exported).toString(0));
    text += QStringLiteral("export function %1() {\n").arg(exported.name);
    if (isLoad(item)) {
        // Under load Aftershock checks the SLOs, not each call's expectation.
        return text + QStringLiteral("    send(%1);\n}\n").arg(request);
    }
    text += QStringLiteral("    const response = send(%1);\n").arg(request);
    ObjectLiteral checks;
    if (item.expect && item.expect->status) {
        checks.add(QStringLiteral("status is %1").arg(*item.expect->status),
                   QStringLiteral("(r) => r.status === %1").arg(*item.expect->status));
    }
    if (item.expect && item.expect->responseTimeUnder) {
        checks.add(QStringLiteral("response time at most %1 ms").arg(number(*item.expect->responseTimeUnder)),
                   QStringLiteral("(r) => r.timings.duration <= %1").arg(number(*item.expect->responseTimeUnder)));
    }
    if (item.expect && (item.expect->status || item.expect->responseTimeUnder)) {
        text += QStringLiteral("    check(response, %1);\n").arg(checks.toString(1));
    }
    const Strategy strategy = strategyOf(item);
    if (const auto* repeat = std::get_if<RepeatStrategy>(&strategy); repeat && repeat->wait.value_or(0) > 0) {
        text += QStringLiteral("    sleep(%1);\n").arg(number(*repeat->wait / 1000.0));
    }
    return text + QStringLiteral("}\n");
}

QString describeSchedule(const ExportedItem& exported)
{
    const Strategy strategy = strategyOf(*exported.item);
    if (const auto* load = std::get_if<LoadStrategy>(&strategy)) {
        const QString text = QStringLiteral("load for %1 at %2 calls a second, %3 to %4 VUs (constant-arrival-rate)")
                                 .arg(formatDuration(double(load->duration)))
                                 .arg(qint64(load->clients) * load->rps)
                                 .arg(load->clients)
                                 .arg(std::max(load->maxClientsOrDefault(), load->clients));
        const LoadPhases phases(*load);
        if (!phases.hasSteadyState()) {
            return text;
        }
        return QStringLiteral("%1 with no fault, then %2, then %3 with no fault (steady state: %4)")
            .arg(formatDuration(double(phases.beforeMs())), text, formatDuration(double(phases.afterMs())),
                 exported.scenarioNames.join(QStringLiteral(", ")));
    }
    if (const auto* repeat = std::get_if<RepeatStrategy>(&strategy)) {
        const int calls = repeat->count + (repeat->addBaselineCall.value_or(false) ? 1 : 0);
        return QStringLiteral("repeat, %1 call%2 one after another (per-vu-iterations)")
            .arg(calls)
            .arg(calls == 1 ? QString() : QStringLiteral("s"));
    }
    return QStringLiteral("single call (per-vu-iterations)");
}

// The commands that put each item's faults on the way: a reverse proxy an item, started when
// its k6 scenario starts so that the fault windows fall where Aftershock puts them.
QStringList proxyInstructions(const QList<ExportedItem>& items, const QString& scenarioPath,
                              const K6ScriptWriter::Options& options)
{
    QStringList commands;
    QStringList variables;
    bool https = false;
    for (qsizetype index = 0; index < items.size(); ++index) {
        const ExportedItem& exported = items.at(index);
        if (!exported.item->context || exported.item->context->faults.isEmpty()) {
            continue;
        }
        const Origin origin = originOf(exported, static_cast<quint16>(options.firstProxyPort + index));
        https = https || origin.https;
        QStringList words{QStringLiteral("aftershock-cli"),  QStringLiteral("proxy"),
                          QStringLiteral("--proxy-address"), QStringLiteral("127.0.0.1:0"),
                          QStringLiteral("--proxy"),         origin.mapping,
                          QStringLiteral("--scenario"),      scenarioPath,
                          QStringLiteral("--item"),          QString::number(exported.number),
                          QStringLiteral("--duration"),      formatDuration(double(exported.proxyDurationMs))};
        for (QString& word : words) {
            word = shellWord(word);
        }
        const QString command = words.join(QLatin1Char(' '));
        commands.append(
            exported.startMs == 0
                ? command + QStringLiteral(" &")
                : QStringLiteral("(sleep %1 && exec %2) &").arg(number(double(exported.startMs) / 1000), command));
        variables.append(
            QStringLiteral("-e %1%2=%3").arg(OriginVariablePrefix).arg(exported.number).arg(origin.proxyOrigin));
    }
    if (commands.isEmpty()) {
        return {QStringLiteral("No item has faults: k6 calls the services directly.")};
    }
    QStringList lines{
        QStringLiteral("Faults are not k6's business: send each item's calls through aftershock-cli proxy in"),
        QStringLiteral("reverse mode, which takes the item's faults from the scenario file. Start each proxy"),
        QStringLiteral("as its k6 scenario starts (startTime), so that the fault windows fall where Aftershock"),
        QStringLiteral("puts them (give or take the moment k6 takes to start), and point the script at them:"),
        QString()};
    if (scenarioPath == UnsavedScenarioPath) {
        lines.insert(0, QStringLiteral("(The scenarios are not saved yet: save them as %1 first.)").arg(scenarioPath));
    }
    for (const QString& command : commands) {
        lines.append(QStringLiteral("  ") + command);
    }
    QString run = QStringLiteral("  k6 run ") + variables.join(QLatin1Char(' '));
    if (https) {
        // The proxy passes TLS through unread; the certificate names the service, not 127.0.0.1.
        run += QStringLiteral(" --insecure-skip-tls-verify");
    }
    lines.append(run + QLatin1Char(' ') + shellWord(options.scriptPath));
    return lines;
}

const char* SendFunction
    = R"(// Aftershock counts a call as failed when it got no response or a 5xx; k6, unless told, a 4xx too.
http.setResponseCallback(http.expectedStatuses({ min: 100, max: 499 }));

// Each call goes to its service, or, when the item's AFTERSHOCK_ORIGIN_<item> is set, to the
// reverse proxy there, with the Host header the service expects.
function send(request) {
    const origin = __ENV[request.originVariable];
    const params = { headers: Object.assign({}, request.headers), timeout: request.timeout };
    if (!origin) {
        return http.request(request.method, request.url, request.body, params);
    }
    params.headers.Host = request.authority;
    return http.request(request.method, origin + request.target, request.body, params);
}
)";
} // namespace

K6ScriptWriter::Result K6ScriptWriter::write(const ScenarioFile& file, const Options& options)
{
    Result result;
    QList<ExportedItem> items;
    int itemNumber = 0;
    for (const ScenarioDocument& document : file.documents) {
        if (!document.valid) {
            continue;
        }
        for (qsizetype index = 0; index < document.scenario.items.size(); ++index) {
            ++itemNumber;
            if (!options.item || *options.item == itemNumber) {
                ExportedItem exported;
                exported.number = itemNumber;
                exported.scenario = &document.scenario;
                exported.item = &document.scenario.items.at(index);
                exported.location = {file.path, document.itemLines.value(index), 0};
                exported.name = scenarioName(itemNumber, document.scenario.title);
                items.append(exported);
            }
        }
    }
    if (items.isEmpty()) {
        const QString message = options.item
            ? QStringLiteral("there is no item %1 to export: the file has %2 (counted from 1)")
                  .arg(*options.item)
                  .arg(itemNumber)
            : QStringLiteral("there is no item to export");
        result.diagnostics.append(refused({file.path, 0, 0}, message));
        return result;
    }
    for (const ExportedItem& exported : items) {
        if (const QString problem = refusal(exported, options); !problem.isEmpty()) {
            result.diagnostics.append(
                refused(exported.location,
                        QStringLiteral("item %1 (\"%2\") cannot be exported to k6: %3")
                            .arg(QString::number(exported.number), exported.scenario->title, problem)));
        }
    }
    if (!result.diagnostics.isEmpty()) {
        return result;
    }

    ObjectLiteral scenarios;
    Thresholds thresholds;
    QStringList leftOut;
    QStringList listing;
    qint64 startMs = 0;
    for (ExportedItem& exported : items) {
        exported.startMs = startMs;
        for (const auto& [name, scenario] : k6Scenarios(exported)) {
            scenarios.add(name, scenario.toString(2));
        }
        startMs += exported.slotMs;
        addLeftOut(exported, leftOut);
        addThresholds(exported, thresholds, leftOut);
        listing.append(QStringLiteral("  %1: item %2, \"%3\", from %4: %5")
                           .arg(exported.name, QString::number(exported.number), exported.scenario->title,
                                formatDuration(double(exported.startMs)), describeSchedule(exported)));
        result.scenarioNames += exported.scenarioNames;
    }
    leftOut.append(
        QStringLiteral("latency: k6 measures a call from when it was sent, Aftershock from when it was due"));

    const QString scenarioPath = file.path.isEmpty() ? UnsavedScenarioPath : QFileInfo(file.path).absoluteFilePath();
    QStringList comment{
        QStringLiteral("k6 script of %1, written by Aftershock %2 (aftershock-cli scenario export --format k6).")
            .arg(file.path.isEmpty() ? QStringLiteral("unsaved scenarios") : QFileInfo(file.path).fileName(),
                 QStringLiteral(AFTERSHOCK_VERSION)),
        QString(), QStringLiteral("Its scenarios run one after another, as Aftershock runs the items:")};
    comment += listing;
    comment += {QString(), QStringLiteral("Left out, as k6 does not do it:")};
    for (const QString& line : leftOut) {
        comment.append(QStringLiteral("  - ") + line);
    }
    comment.append(QString());
    comment += proxyInstructions(items, scenarioPath, options);

    QString script;
    for (const QString& line : comment) {
        script
            += (line.isEmpty() ? QStringLiteral("//") : QStringLiteral("// ") + commentText(line)) + QLatin1Char('\n');
    }
    script += QStringLiteral("\nimport http from 'k6/http';\nimport { check, sleep } from 'k6';\n\n");
    ObjectLiteral optionsObject;
    optionsObject.add(QStringLiteral("scenarios"), scenarios.toString(1));
    optionsObject.add(QStringLiteral("thresholds"), thresholds.literal().toString(1));
    script += QStringLiteral("export const options = %1;\n\n").arg(optionsObject.toString(0));
    script += QString::fromUtf8(SendFunction);
    for (const ExportedItem& exported : items) {
        script
            += QStringLiteral("\n// Item %1: \"%2\"\n").arg(exported.number).arg(commentText(exported.scenario->title));
        script += execFunction(exported);
    }
    result.script = script.toUtf8();
    return result;
}

K6ScriptWriter::Result K6ScriptWriter::write(const ScenarioFile& file)
{
    return write(file, Options{});
}
