#include "AgentAdviseCommand.h"
#include "Command.h"
#include "KeysCommand.h"
#include "ProxyCommand.h"
#include "ReportCommand.h"
#include "ScenarioExportCommand.h"
#include "ScenarioGenerateCommand.h"
#include "ScenarioRunCommand.h"
#include "ScenarioSchemaCommand.h"
#include "ScenarioValidateCommand.h"

std::vector<std::unique_ptr<Command>> makeCommands()
{
    std::vector<std::unique_ptr<Command>> commands;
    commands.push_back(std::make_unique<ScenarioGenerateCommand>());
    commands.push_back(std::make_unique<ScenarioValidateCommand>());
    commands.push_back(std::make_unique<ScenarioSchemaCommand>());
    commands.push_back(std::make_unique<ScenarioRunCommand>());
    commands.push_back(std::make_unique<ScenarioExportCommand>());
    commands.push_back(std::make_unique<ReportCommand>());
    commands.push_back(std::make_unique<ProxyCommand>());
    commands.push_back(std::make_unique<AgentAdviseCommand>());
    commands.push_back(std::make_unique<KeysCommand>());
    return commands;
}
