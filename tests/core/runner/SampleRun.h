#pragma once

#include "runner/RunResult.h"

// A small finished run for results.json tests: a repeat item with a baseline and a load item
// whose black hole covers its second half, with an SLO each way.
inline RunResult sampleRun()
{
    const Fault latency{.parameters = LatencyFault{.mean = 100, .stddev = 10}};
    const Fault blackhole{.parameters = BlackholeFault{},
                          .direction = FaultDirection::Egress,
                          .period = Period{.start = PeriodBound{.value = 50}}};
    const Item repeat{.call = Call{.url = QStringLiteral("http://localhost:9090/")},
                      .context = Context{.upstreams = {QStringLiteral("http://localhost:9090/")},
                                         .faults = {latency},
                                         .strategy = RepeatStrategy{.count = 1, .step = 50, .addBaselineCall = true}},
                      .expect = Expectation{.status = 200}};
    const Item load{
        .call = Call{.url = QStringLiteral("http://localhost:9090/"), .timeout = 500},
        .context = Context{
            .faults = {blackhole},
            .strategy = LoadStrategy{.duration = 1000, .clients = 1, .rps = 4},
            .slo = {Slo{.type = SloType::Error, .title = QStringLiteral("errors"), .objective = 99, .threshold = 1}}}};
    const Scenario scenario{.title = QStringLiteral("Sample \"quoted\""), .items = {repeat, load}};

    ItemResult repeatResult{
        .target = repeat.call.url, .startedAtUs = 1'700'000'000'000'000, .totalTimeNs = 350'000'000};
    repeatResult.calls = {CallRecord{.ttfbUs = 1500, .latencyUs = 2000, .index = 0, .bodyBytes = 27, .status = 200},
                          CallRecord{.intendedStartUs = 10'000,
                                     .startUs = 10'000,
                                     .ttfbUs = 101'000,
                                     .latencyUs = 102'000,
                                     .index = 1,
                                     .bodyBytes = 27,
                                     .activeFaults = 1,
                                     .appliedFaults = 1,
                                     .status = 500}};
    repeatResult.appliedFaults = {AppliedFault{.callIndex = 1, .faultIndex = 0, .amount = 99.5f}};
    // Call 0's body is text; call 1's is bytes that are not UTF-8, kept as base64.
    repeatResult.exchanges
        = {CallExchange{.callIndex = 0,
                        .requestHead = "GET http://localhost:9090/ HTTP/1.1\r\nx-aftershock-call-id: r-0\r\n\r\n",
                        .responseHead = "HTTP/1.1 200 OK\r\nContent-Length: 27\r\n\r\n",
                        .responseBody = "{\"message\": \"h\u00e9llo \\\"x\\\"\"}"},
           CallExchange{.callIndex = 1,
                        .requestHead = "GET http://localhost:9090/ HTTP/1.1\r\nx-aftershock-call-id: r-1\r\n\r\n",
                        .responseHead = "HTTP/1.1 500 Internal Server Error\r\n\r\n",
                        .responseBody = QByteArray("\xff\xfe\x00\x01", 4)}};
    repeatResult.requestBody = "{\"q\": 1}";
    repeatResult.requestBodyBytes = 8;

    ItemResult loadResult{.target = load.call.url, .startedAtUs = 1'700'000'000'500'000, .totalTimeNs = 1'600'000'000};
    for (quint32 i = 0; i < 4; ++i) {
        const bool blackholed = i >= 2;
        loadResult.calls.append(CallRecord{.intendedStartUs = i * 250'000,
                                           .startUs = i * 250'000 + 100,
                                           .ttfbUs = blackholed ? -1 : 900,
                                           .latencyUs = blackholed ? 500'100 : 1'000,
                                           .index = i,
                                           .activeFaults = blackholed ? 1u : 0u,
                                           .appliedFaults = blackholed ? 1u : 0u,
                                           .status = quint16(blackholed ? 0 : 200),
                                           .errorClass = blackholed ? CallErrorClass::Timeout : CallErrorClass::None});
    }
    loadResult.appliedFaults = {AppliedFault{.callIndex = 2}, AppliedFault{.callIndex = 3}};
    loadResult.slo = {SloResult{.slo = load.context->slo.first(), .observed = 50, .margin = -49, .overThreshold = 2}};

    RunResult run{.startedAtMs = 1'700'000'000'000, .endedAtMs = 1'700'000'002'000, .status = RunStatus::Cancelled};
    run.scenarios = {ScenarioResult{.scenario = scenario, .items = {repeatResult, loadResult}}};
    return run;
}
