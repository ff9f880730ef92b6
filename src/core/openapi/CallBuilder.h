#pragma once

#include "openapi/ExampleBuilder.h"
#include "openapi/OpenApiOperation.h"
#include "openapi/RequestBodyBuilder.h"
#include "scenario/Diagnostic.h"
#include "scenario/Scenario.h"

// Builds the call of an operation: path and query parameters in the URL, header and cookie
// parameters as headers, and the body when the operation needs one. Required parameters are
// always sent; optional ones only when the document states a value for them, since an invented
// filter value can turn a success into a 400.
class CallBuilder
{
public:
    explicit CallBuilder(const ReferenceResolver& resolver);

    Call build(const OpenApiOperation& operation, Diagnostics* diagnostics);

private:
    std::optional<QJsonValue> parameterValue(const ResolvedValue& parameter);

    ExampleBuilder m_examples;
    RequestBodyBuilder m_bodies;
};
