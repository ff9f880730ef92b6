#include "Command.h"
#include "ScenarioSchemaCommand.h"
#include "ScenarioValidateCommand.h"

std::vector<std::unique_ptr<Command>> makeCommands()
{
    std::vector<std::unique_ptr<Command>> commands;
    commands.push_back(std::make_unique<ScenarioValidateCommand>());
    commands.push_back(std::make_unique<ScenarioSchemaCommand>());
    return commands;
}
