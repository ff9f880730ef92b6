#pragma once

#include <QString>

// Replaces what looks like a credential in source text with Mask before the text is indexed, so
// that it can never reach a prompt: private key blocks, tokens of well-known formats (OpenAI and
// Anthropic `sk-…`, AWS `AKIA…`, GitHub `ghp_…`, GitLab, Slack `xox…-`, Google `AIza…`, Stripe,
// JWTs), bearer and basic credentials, passwords in URLs, and the quoted value given to a name
// such as `password`, `secret`, `api_key` or `token`. Errs towards masking. Line breaks are kept,
// so line numbers stay right.
class CredentialMasker
{
public:
    static const QString Mask; // «masked»

    // unquotedValues: also mask `password: hunter2` and `API_KEY=abc` at the start of a line, as
    // configuration files write them (in code that would hit `password = request.password`).
    static QString mask(const QString& text, bool unquotedValues);
};
