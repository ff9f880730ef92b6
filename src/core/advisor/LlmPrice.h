#pragma once

#include "advisor/LlmClient.h"

#include <optional>

#include <QString>

// What a review's tokens cost, in dollars a million, and on whose word: the user's (--price),
// the built-in list prices (resources/llm-prices.json, as of the date written in it), or a model
// served on the user's own machine or network, which costs nothing a token.
struct LlmPrice
{
    enum class Source { User, ListPrice, Local };

    double inputPerMillion = 0;
    double outputPerMillion = 0;
    Source source = Source::User;
    QString listDate; // with ListPrice: when the prices were taken, "2026-12-07"

    // "$0.0123"; empty for a local model, or when either count is unknown (-1).
    QString cost(qint64 inputTokens, qint64 outputTokens) const;
    // What the report's footer says of that cost: where a list price came from, or that the
    // model is local; empty for the user's own price, and when there is no cost to speak of.
    QString note(qint64 inputTokens, qint64 outputTokens) const;

    // Local for Ollama, and for an OpenAI-compatible server on this machine or a private network;
    // otherwise the list price of the endpoint's model, matched by its id or a listed alias;
    // nullopt for a model the table does not have, rather than a guess.
    static std::optional<LlmPrice> of(const LlmEndpoint& endpoint);
    // The date of the built-in list prices; empty if the table could not be read.
    static QString builtInListDate();
};
