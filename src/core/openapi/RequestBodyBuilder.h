#pragma once

#include "openapi/ExampleBuilder.h"
#include "openapi/ReferenceResolver.h"
#include "scenario/Diagnostic.h"

#include <optional>

#include <QString>

// An encoded request body and the Content-Type it is sent with.
struct RequestBody
{
    QString contentType;
    QString body;
};

// Builds the body of a request from an OpenAPI Request Body Object: the media type a client
// most likely uses (JSON first, then form, text, multipart), its stated example or one built
// from its schema, encoded for that media type.
class RequestBodyBuilder
{
public:
    explicit RequestBodyBuilder(const ReferenceResolver& resolver);

    // Nothing when the body is optional and states no example: an invented optional body could
    // change what the operation does.
    std::optional<RequestBody> build(const ResolvedValue& requestBody);

private:
    ExampleBuilder m_examples;
};
