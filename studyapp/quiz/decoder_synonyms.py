"""The decoder's synonym table: words and phrases that mean the same thing in an exam question.

Each group folds to its first entry (its *concept*). Entries are written as
plain words and stemmed on import, so "subscribers" and "subscriber" need no
separate entries. Multi-word entries are folded before stop words are dropped,
which is how "in order" survives while "in" alone does not.
"""

from __future__ import annotations

from studyapp.quiz.decoder_words import stem, words

# The first word of each group is the concept the others fold into.
WORD_GROUPS = [
    ["consumer", "subscriber", "receiver", "listener", "recipient", "target", "downstream"],
    [
        "many",
        "multiple",
        "several",
        "numerous",
        "various",
        "different",
        "independent",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "dozens",
        "copy",
        "copies",
    ],
    ["ordering", "sequence", "sequential", "sequentially", "fifo", "chronological"],
    ["duplicate", "duplication", "twice", "dedupe", "deduplication", "deduplicate", "idempotent"],
    ["decouple", "decoupled", "loosely", "coupling", "buffer"],
    ["spike", "burst", "bursty", "surge", "unpredictable", "peak", "sudden", "fluctuate"],
    ["workflow", "orchestrate", "orchestration", "coordinate", "coordination", "steps", "step"],
    ["approval", "approve", "human", "manual", "manually", "reviewer"],
    ["retry", "retries", "retried", "reattempt"],
    ["fail", "failure", "failed", "error", "errors", "exception", "unprocessable", "poison"],
    ["delay", "postpone", "later", "defer", "deferred"],
    ["schedule", "cron", "scheduled", "recurring", "nightly", "hourly", "daily", "weekly", "timer"],
    [
        "saas",
        "salesforce",
        "zendesk",
        "datadog",
        "shopify",
        "slack",
        "pagerduty",
        "partner",
        "servicenow",
    ],
    ["email", "mail"],
    ["sms", "phone"],
    ["notify", "notification", "alert", "alarm"],
    ["event", "events"],
    ["message", "messages", "msg"],
    ["queue", "queues", "queued", "queuing", "queueing"],
    ["topic", "topics"],
    ["stream", "streaming", "streamed", "clickstream"],
    ["realtime", "instant", "instantly", "immediately", "live"],
    ["replay", "reprocess", "rewind", "reread"],
    ["legacy", "existing", "on-premises", "premises", "onprem"],
    ["jms", "amqp", "mqtt", "stomp", "openwire", "activemq", "rabbitmq"],
    ["kafka", "msk"],
    ["graphql", "appsync"],
    ["websocket", "websockets"],
    ["api", "apis", "rest", "restful", "http", "https"],
    ["filter", "filtering", "filtered", "selective", "subset"],
    ["transform", "transformation", "enrich", "enrichment", "reshape", "convert"],
    ["serverless", "managed", "fully"],
    ["large", "big", "huge", "oversized"],
    ["cheap", "cost", "costs", "inexpensive", "economical", "cheaper", "cheapest"],
    ["wait", "pause", "paus", "sleep"],
    ["parallel", "concurrently", "simultaneously", "concurrent"],
    ["batch", "batches", "batching"],
    ["analytics", "analyze", "analyse", "analysis", "aggregate", "aggregation"],
    ["video", "camera", "cameras"],
    ["function", "lambda"],
    ["audit", "compliance", "auditor"],
    ["account", "accounts"],
    ["hours", "days", "long", "lengthy", "months", "year"],
]

# Phrases: written plainly, the first of each group is the concept.
PHRASE_GROUPS = [
    # The empty concept: exam boilerplate that says nothing about the service.
    ["", "choose two", "choose three", "which two", "which three", "select two", "select three"],
    [
        "exactly_once",
        "exactly once",
        "no duplicates",
        "without duplicates",
        "only once",
        "just once",
        "never twice",
        "exactly-once",
    ],
    ["at_least_once", "at least once", "at-least-once", "more than once"],
    [
        "ordering",
        "in order",
        "in sequence",
        "same order",
        "strict order",
        "exact order",
        "first in first out",
        "first-in-first-out",
        "order of",
        "order they",
        "order in which",
        "out of order",
    ],
    ["many", "more than one", "a number of", "lots of", "a lot of", "one to many", "one-to-many"],
    ["consumer", "downstream systems", "downstream services"],
    ["fan", "fan out", "fan-out", "fanout", "broadcast"],
    ["realtime", "real time", "real-time", "near real time", "near real-time", "low latency"],
    [
        "no_servers",
        "no servers",
        "without servers",
        "without managing servers",
        "no infrastructure",
        "without provisioning",
        "no server",
    ],
    [
        "least_code",
        "least code",
        "no code",
        "without code",
        "without writing code",
        "minimal code",
        "least custom code",
        "least development effort",
        "no custom code",
    ],
    ["dlq", "dead letter queue", "dead-letter queue", "dead letter", "dead-letter", "redrive"],
    ["visibility", "visibility timeout"],
    [
        "long_polling",
        "long polling",
        "long poll",
        "wait time seconds",
        "receivemessagewaittimeseconds",
    ],
    ["state_machine", "state machine", "state machines", "step functions", "step function"],
    ["event_bus", "event bus", "event buses", "eventbridge", "cloudwatch events"],
    ["schema_registry", "schema registry", "schema discovery", "code bindings"],
    ["task_token", "task token", "wait for callback", "callback", "waitfortasktoken"],
    [
        "point_to_point",
        "point to point",
        "point-to-point",
        "one consumer",
        "single consumer",
        "one worker",
    ],
    [
        "pub_sub",
        "publish subscribe",
        "publish/subscribe",
        "pub/sub",
        "pub sub",
        "publish-subscribe",
    ],
    ["request_response", "request response", "request-response", "synchronous response"],
]


def _stems(text: str) -> tuple[str, ...]:
    return tuple(w for w, _, _ in words(text))


def _build() -> tuple[dict[str, str], list[tuple[int, dict[tuple[str, ...], str]]]]:
    """(word -> concept, [(length, {stems -> concept})] longest first)."""
    single: dict[str, str] = {}
    multi: dict[int, dict[tuple[str, ...], str]] = {}
    groups = [(stem(g[0]), g) for g in WORD_GROUPS] + [(g[0], g[1:]) for g in PHRASE_GROUPS]
    for concept, entries in groups:
        for entry in entries:
            key = _stems(entry)
            if len(key) == 1:
                single.setdefault(key[0], concept)
            elif key:
                multi.setdefault(len(key), {}).setdefault(key, concept)
    return single, sorted(multi.items(), reverse=True)


WORD_SYNONYMS, PHRASE_SYNONYMS = _build()
