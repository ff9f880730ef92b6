#include "runner/ScenarioRunner.h"
