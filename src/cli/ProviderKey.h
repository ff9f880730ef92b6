#pragma once

#include "advisor/LlmClient.h"

#include <optional>

#include <QString>

// A provider's API key as the CLI finds it: its environment variable when set (read, never
// saved), else the system keychain. nullopt, with the reason in error, when the keychain fails.
std::optional<QString> providerKey(LlmProvider provider, QString* error);
