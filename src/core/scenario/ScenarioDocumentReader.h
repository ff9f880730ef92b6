#pragma once

#include "scenario/MappingReader.h"
#include "scenario/Scenario.h"

// Reads the YAML tree of one document into a Scenario, with every problem reported to the
// document's context. What is wrong is left out of the model; the context says whether the
// result may be used.
class ScenarioDocumentReader
{
public:
    explicit ScenarioDocumentReader(YamlDocumentContext& context);

    // itemLines receives the line of each item.
    Scenario read(const YAML::Node& root, QList<int>& itemLines);

private:
    Item readItem(const YAML::Node& node, const MappingReader& parent);
    Call readCall(const YAML::Node& node, const MappingReader& parent);
    Context readContext(const YAML::Node& node, const MappingReader& parent);
    std::optional<Strategy> readStrategy(const YAML::Node& node, const MappingReader& parent);
    std::optional<SteadyState> readSteadyState(const YAML::Node& node, const MappingReader& parent);
    std::optional<Fault> readFault(const YAML::Node& node, const MappingReader& parent, const QString& strategyMode);
    FaultParameters readFaultParameters(FaultType type, const MappingReader& fault);
    std::optional<Slo> readSlo(const YAML::Node& node, const MappingReader& parent);
    Expectation readExpect(const YAML::Node& node, const MappingReader& parent);
    ScenarioConfig readConfig(const YAML::Node& node, const MappingReader& parent);

    // The seed guide's `context` and `expect` beside `items`: defaults for items with none.
    void applyItemDefaults(const MappingReader& scenarioMapping, const QList<YAML::Node>& itemNodes,
                           Scenario& scenario);
    template<typename Value>
    void applyItemDefault(const MappingReader& scenarioMapping, const QString& name, std::optional<Value> Item::*member,
                          Value (ScenarioDocumentReader::*reader)(const YAML::Node&, const MappingReader&),
                          const QList<YAML::Node>& itemNodes, Scenario& scenario);
    void reportItemDefault(const MappingReader& scenarioMapping, const QString& name,
                           const QList<YAML::Node>& itemsWithout);

    // Faults act only on traffic to `upstreams` (SPEC.md §4): an item whose upstreams do not cover
    // its own call's host would run with no fault at all and pass.
    void checkFaultsReachTheirCalls(const YAML::Node& root, const QList<YAML::Node>& itemNodes,
                                    const Scenario& scenario);

    YamlDocumentContext& m_context;
};
