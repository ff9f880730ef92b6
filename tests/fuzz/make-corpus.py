#!/usr/bin/env python3
"""Writes the fuzz targets' seed corpora (tests/fuzz/corpus/<target>/) from the test data, the
seed guide (../shared/seeds), the OpenAPI examples and a few hand-written messages and streams.
Run from anywhere; it replaces the corpus folders. Targets whose first byte is a selector
(FuzzInput.h) get each seed with a few selectors: whole, and in small and odd-sized pieces."""

import hashlib
import pathlib
import re
import shutil
import sys

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parent.parent
SEEDS = REPO.parent / "shared" / "seeds"
CORPUS = HERE / "corpus"


def selector(mode, piece):
    return bytes([(piece << 2) | mode])


def fenced_blocks(text, language):
    """The fenced code blocks of a Markdown text in that language, dedented."""
    blocks = []
    pattern = re.compile(r"^([ \t]*)(`{3,})" + language + r"\b[^\n]*\n(.*?)^\1\2[ \t]*$", re.M | re.S)
    for match in pattern.finditer(text):
        indent = len(match.group(1))
        lines = [line[indent:] if line[:indent].strip() == "" else line for line in match.group(3).splitlines()]
        blocks.append(("\n".join(lines) + "\n").encode())
    return blocks


def write(target, seeds):
    seeds = list(dict.fromkeys(seeds))
    folder = CORPUS / target
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for seed in seeds:
        (folder / hashlib.sha1(seed).hexdigest()).write_bytes(seed)
    print(f"{target}: {len(seeds)} seeds, {sum(map(len, seeds))} bytes")


def with_selectors(mode, streams, pieces=(0, 1, 7)):
    return [selector(mode, piece) + stream for stream in streams for piece in pieces]


def seed_texts():
    return [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))] if SEEDS.is_dir() else []


def scenario_seeds():
    paths = sorted((REPO / "tests/data/scenarios").glob("*.yaml"))
    paths += [REPO / "tests/data/results/breaking.yaml", REPO / "resources/demo/scenarios.yaml",
              REPO / "docs/screenshots/run-scenario.yaml"]
    seeds = [path.read_bytes() for path in paths if path.is_file()]
    for text in seed_texts():
        seeds += fenced_blocks(text, "yaml")
    return seeds


REQUESTS = [
    b"GET http://127.0.0.1:9090/items?limit=5 HTTP/1.1\r\nHost: 127.0.0.1:9090\r\nUser-Agent: fuzz\r\n"
    b"x-fault-call-id: 7\r\nProxy-Authorization: Basic Zm9vOmJhcg==\r\n\r\n",
    b"POST http://[::1]:8080/orders HTTP/1.1\r\nHost: [::1]:8080\r\nContent-Type: application/json\r\n"
    b"Content-Length: 13\r\n\r\n{\"count\": 3}\n",
    b"PUT http://localhost/upload HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\nTrailer: Digest\r\n\r\n"
    b"5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\nDigest: sha-256=abc\r\n\r\n",
    b"GET /health HTTP/1.1\r\nHost: a\r\n\r\nGET /ready HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n",
    b"HEAD http://127.0.0.1:1/ HTTP/1.0\r\n\r\n",
    b"CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n\x16\x03\x01\x00\x05hello",
    b"GET http://127.0.0.1/chat HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade, Keep-Alive\r\n"
    b"Upgrade: websocket\r\nKeep-Alive: timeout=5\r\nTE: trailers\r\n\r\n\x81\x05hello",
    b"DELETE http://user:pw@127.0.0.1:65535/a%20b#frag HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n",
    b"OPTIONS * HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n\r\n",
]

RESPONSES = [
    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 15\r\n\r\n{\"items\": [1]}\n",
    b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nWiki\r\n5\r\npedia\r\n0\r\nExpires: never\r\n\r\n",
    b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nLocation: /orders/1\r\nContent-Length: 2\r\n\r\n{}",
    b"HTTP/1.1 204 No Content\r\nContent-Length: 10\r\n\r\nHTTP/1.1 304 Not Modified\r\nETag: \"x\"\r\n\r\n",
    b"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nread until the connection closes",
    b"HTTP/1.1 503 Service Unavailable\r\nRetry-After: 2\r\nConnection: close\r\nContent-Length: 5\r\n\r\nbusy\n",
    b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n\x81\x02hi",
    b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
    b"e\r\ndata: {\"a\":1}\n\n\r\n0\r\n\r\n",
]


def http_seeds():
    seeds = with_selectors(0, REQUESTS) + with_selectors(2, REQUESTS[:2])
    return seeds + with_selectors(1, RESPONSES) + with_selectors(3, RESPONSES[:3])


def mapping_seeds():
    """The mappings of SPEC.md §4 and the tests, and their usual mistakes."""
    texts = [
        "tcp::5432=db:5432", ":5432=db:5432", "http:127.0.0.1:8080=api.example.com:80",
        "https:[::1]:8443=[2001:db8::1]:443", "127.0.0.1:0=localhost:9090", "HTTP::80=[fe80::1%lo]:80",
        "=db:5432", ":5432=db", ":65536=db:1", "udp::53=dns:53", ":80=:80", "[::1]:80=h:0",
    ]
    return [text.encode() for text in texts]


def openapi_seeds():
    return [path.read_bytes() for path in sorted((REPO / "tests/data/openapi").glob("*")) if path.is_file()]


def results_seeds():
    # The small files: the largest would make every input that long.
    names = ["fault-style.json", "breaking-seed11.json"]
    return [(REPO / "tests/data/results" / name).read_bytes() for name in names]


def template_seeds():
    paths = sorted((REPO / "prompts").glob("*.j2")) + [REPO / "tests/data/advisor/seed-threats.md.j2"]
    seeds = [path.read_bytes() for path in paths]
    seeds += [text.encode() for text in seed_texts() if "{{" in text or "{%" in text]
    seeds.append(b"{% for c in code %}{{ loop.index }}/{{ loop.length }} {{ c.path | upper }}"
                 b"{% else %}none{% endfor %}{{ nothing | default('x', true) }}{{- ' a ' | trim -}}"
                 b"{% if not has_failures and (count == 3 or role != \"SRE\") %}{{ fault_catalogue | join(', ') }}"
                 b"{% elif offline %}{# c #}{% endif %}{{ role | capitalize | length }}\n")
    return seeds


def sse(events, line_end=b"\n"):
    return b"".join(b"data: " + event + line_end + line_end for event in events)


OPENAI = [
    sse([b'{"choices":[{"index":0,"delta":{"role":"assistant"}}]}',
         b'{"choices":[{"index":0,"delta":{"content":"Hello"},"finish_reason":null}],"usage":null}',
         b'{"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}',
         b'{"choices":[],"usage":{"prompt_tokens":12,"completion_tokens":5,"total_tokens":17}}', b"[DONE]"]),
    b": OPENROUTER PROCESSING\n\n" + sse([b'{"choices":[{"delta":{"content":"x"},"finish_reason":"length"}]}']),
    sse([b'{"choices":[{"delta":{"refusal":"no"},"finish_reason":"content_filter"}]}']),
    sse([b'{"error":{"message":"overloaded","code":"server_error","metadata":{"raw":"x"}}}']),
    b'{"choices":[{"message":{"role":"assistant","content":"whole"},"finish_reason":"stop"}],'
    b'"usage":{"prompt_tokens":1,"completion_tokens":1}}',
    b'{"error":{"message":"Incorrect API key","type":"invalid_request_error","code":"invalid_api_key"}}',
]

ANTHROPIC = [
    b"event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"usage\":{\"input_tokens\":9,"
    b"\"cache_read_input_tokens\":2,\"output_tokens\":1}}}\n\n"
    b"event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0}\n\n"
    b"event: ping\ndata: {\"type\": \"ping\"}\n\n"
    b"event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"delta\":{\"type\":\"text_delta\","
    b"\"text\":\"Hi\"}}\n\n"
    b"event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},"
    b"\"usage\":{\"output_tokens\":5}}\n\n"
    b"event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n",
    b"event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"max_tokens\"}}\n\n"
    b"event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n",
    b"event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n",
    b'{"type":"error","error":{"type":"rate_limit_error","message":"slow down"}}',
]

GEMINI = [
    sse([b'{"candidates":[{"content":{"parts":[{"text":"Hel"},{"text":"x","thought":true}],"role":"model"}}],'
         b'"usageMetadata":{"promptTokenCount":4,"candidatesTokenCount":1,"thoughtsTokenCount":2}}',
         b'{"candidates":[{"content":{"parts":[{"text":"lo"}]},"finishReason":"STOP"}],'
         b'"usageMetadata":{"promptTokenCount":4,"candidatesTokenCount":2}}'], b"\r\n"),
    sse([b'{"promptFeedback":{"blockReason":"SAFETY"}}'], b"\r\n"),
    sse([b'{"candidates":[{"finishReason":"MAX_TOKENS"}]}']),
    b'{"error":{"code":429,"message":"Quota exceeded","status":"RESOURCE_EXHAUSTED","details":['
    b'{"@type":"type.googleapis.com/google.rpc.QuotaFailure","violations":[{"quotaId":"PerDay"}]},'
    b'{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"17s"}]}}',
    b'[{"error":{"code":400,"message":"API key not valid","status":"INVALID_ARGUMENT","details":['
    b'{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"API_KEY_INVALID"}]}}]',
]

OLLAMA = [
    b'{"model":"m","message":{"role":"assistant","content":"Hel"},"done":false}\n'
    b'{"model":"m","message":{"role":"assistant","content":"lo"},"done":false}\r\n\n'
    b'{"model":"m","message":{"content":""},"done":true,"done_reason":"stop","prompt_eval_count":26,'
    b'"eval_count":2}\n',
    b'{"message":{"content":"cut"},"done":true,"done_reason":"length"}',
    b'{"error":"model \\"m\\" not found, try pulling it first"}\n',
]


def stream_seeds():
    seeds = []
    for mode, streams in enumerate([OPENAI, ANTHROPIC, GEMINI, OLLAMA]):
        seeds += with_selectors(mode, streams)
    return seeds


def main():
    write("FuzzScenarioLoader", scenario_seeds())
    write("FuzzHttpMessageParser", http_seeds())
    write("FuzzProxyMappingParser", mapping_seeds())
    write("FuzzOpenApiImporter", openapi_seeds())
    write("FuzzResultsJsonReader", results_seeds())
    write("FuzzPromptTemplate", template_seeds())
    write("FuzzLlmStreamDecoders", stream_seeds())
    return 0


if __name__ == "__main__":
    sys.exit(main())
