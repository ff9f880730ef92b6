// Each provider's stream decoder on any bytes (mode 0 OpenAI, 1 Anthropic, 2 Gemini, all three
// over ServerSentEvents, 3 Ollama over NdjsonSplitter), fed in pieces as the network splits them
// and read as StreamingLlmClient reads them, until the stream ends or fails; then the same bytes
// as an error body. No network: each client's decoding is called directly. The endpoint's key
// must never show in what the decoders say unless the bytes themselves hold it.
#include "FuzzInput.h"
#include "advisor/AnthropicClient.h"
#include "advisor/GeminiClient.h"
#include "advisor/OllamaClient.h"
#include "advisor/OpenAiClient.h"

namespace
{
constexpr char Key[] = "sk-fuzz-Secret0123456789";

// The decoding half of a client, made callable.
template<typename Client>
class Decoder : public Client
{
public:
    explicit Decoder(LlmProvider provider)
        : Client(LlmEndpoint{.provider = provider,
                             .baseUrl = QUrl(QStringLiteral("http://127.0.0.1:9/")),
                             .apiKey = QString::fromLatin1(Key),
                             .model = QStringLiteral("fuzz-model")})
    { }

    using Client::beginStream;
    using Client::endStream;
    using Client::httpFailure;
    using Client::readStream;
    using Client::retryAfterInBody;
};

void checkNoKey(const QString& text, bool inputHoldsKey)
{
    if (!inputHoldsKey && text.contains(QLatin1String(Key))) {
        qFatal("the key leaked: %s", qPrintable(text));
    }
}

template<typename Client>
void decode(LlmProvider provider, const FuzzInput& input)
{
    const QByteArrayView bytes = input.bytes();
    const bool inputHoldsKey = bytes.contains(QByteArrayView(Key));
    Decoder<Client> decoder(provider);
    decoder.beginStream();
    bool finished = false;
    for (qsizetype offset = 0; offset < bytes.size() && !finished;) {
        const QByteArrayView piece = input.pieceAt(offset);
        offset += piece.size();
        const auto progress = decoder.readStream(piece);
        for (const QString& text : progress.pieces) {
            checkNoKey(text, inputHoldsKey);
        }
        if (progress.failure) {
            checkNoKey(progress.failure->detail, inputHoldsKey);
        }
        finished = progress.ended || progress.failure;
    }
    if (!finished) {
        const auto rest = decoder.endStream();
        if (rest.failure) {
            checkNoKey(rest.failure->detail, inputHoldsKey);
        }
    }
    const QByteArray body = bytes.toByteArray();
    for (const int status : {400, 401, 429, 500}) {
        checkNoKey(decoder.httpFailure(status, body).detail, inputHoldsKey);
    }
    (void)decoder.retryAfterInBody(body);
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const FuzzInput input(data, size);
    switch (input.mode()) {
    case 0:
        decode<OpenAiClient>(LlmProvider::OpenAi, input);
        break;
    case 1:
        decode<AnthropicClient>(LlmProvider::Anthropic, input);
        break;
    case 2:
        decode<GeminiClient>(LlmProvider::Gemini, input);
        break;
    default:
        decode<OllamaClient>(LlmProvider::Ollama, input);
        break;
    }
    return 0;
}
