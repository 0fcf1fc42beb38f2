"""The decoder's matcher on a hand-made index: phrasing, offsets, scores, JSON shape."""

from studyapp.quiz.decoder import Rule, build_index, decode
from studyapp.quiz.decoder_text import concepts
from studyapp.quiz.decoder_words import stem

NAMES = {"sns": "Amazon SNS", "sqs": "Amazon SQS", "stepfunctions": "AWS Step Functions"}
RULES = [
    Rule(
        "r-fan",
        "sns",
        "sns",
        "SNS fan-out",
        "<p>One publish reaches all.</p>",
        ("many subscribers", "fan out"),
    ),
    Rule(
        "r-fifo", "sqs", "sqs", "SQS FIFO", "<p>Order and dedup.</p>", ("exactly once", "in order")
    ),
    Rule("r-buffer", "sqs", "sqs", "SQS buffer", "<p>Absorb.</p>", ("absorb traffic spikes",)),
    Rule(
        "r-wait", "stepfunctions", "sfn", "Task token", "<p>Wait.</p>", ("wait for human approval",)
    ),
]
INDEX = build_index(RULES, NAMES, aliases={})


def test_stem_folds_plurals_and_verb_forms():
    assert {stem(w) for w in ["queue", "queues", "queued", "queuing"]} == {"queu"}
    assert {stem(w) for w in ["subscriber", "subscribers"]} == {"subscriber"}
    assert {stem(w) for w in ["process", "processes", "processing", "processed"]} == {"process"}


def test_concepts_fold_synonyms_and_drop_stop_words():
    assert [t.concept for t in concepts("The event must reach multiple consumers")] == [
        "event",
        "reach",
        "many",
        "consumer",
    ]
    assert [t.concept for t in concepts("no duplicates, in sequence")] == [
        "exactly_once",
        "ordering",
    ]


def test_concepts_keep_character_offsets():
    text = "Send to several receivers."
    assert [(text[t.start : t.end], t.concept) for t in concepts(text)] == [
        ("Send", "send"),
        ("several", "many"),
        ("receivers", "consumer"),
    ]


def test_decode_matches_synonyms_never_seen_word_for_word():
    decoding = decode("The order event goes to multiple consumers.", INDEX)
    assert [s.service for s in decoding.services] == ["sns"]
    assert [(t.phrase, t.rule) for t in decoding.triggers] == [("multiple consumers", "r-fan")]


def test_decode_allows_other_word_order_and_a_small_gap():
    decoding = decode("Approval by a human is needed, so the flow must wait.", INDEX)
    assert decoding.triggers[0].rule == "r-wait"
    assert decoding.triggers[0].phrase == "Approval by a human is needed, so the flow must wait"


def test_decode_triggers_are_in_order_of_position_with_offsets():
    text = "Process each message exactly once and absorb the traffic spikes."
    decoding = decode(text, INDEX)
    assert [(t.start, t.end, t.phrase, t.rule) for t in decoding.triggers] == [
        (21, 33, "exactly once", "r-fifo"),
        (38, 63, "absorb the traffic spikes", "r-buffer"),
    ]
    assert all(text[t.start : t.end] == t.phrase for t in decoding.triggers)


def test_decode_scores_are_shares_best_first_without_zeros():
    decoding = decode("Many subscribers must each get it exactly once.", INDEX)
    scores = [s.score for s in decoding.services]
    assert scores == sorted(scores, reverse=True)
    assert all(0 < s <= 1 for s in scores)
    assert round(sum(scores), 2) == 1.0
    assert {s.service for s in decoding.services} == {"sns", "sqs"}


def test_decode_finds_nothing_in_unrelated_text():
    decoding = decode("The weather is lovely today.", INDEX)
    assert decoding.as_json() == {"services": [], "triggers": []}


def test_as_json_has_exactly_the_documented_shape():
    result = decode("fan out to many subscribers", INDEX).as_json()
    assert list(result) == ["services", "triggers"]
    assert result["services"] == [{"service": "sns", "name": "Amazon SNS", "score": 1.0}]
    assert set(result["triggers"][0]) == {"start", "end", "phrase", "rule", "service"}


def test_partial_match_needs_most_of_a_long_phrase():
    assert decode("absorb spikes", INDEX).triggers[0].rule == "r-buffer"
    assert decode("traffic", INDEX).triggers == []


def test_rare_words_weigh_more_than_common_ones():
    rules = [
        Rule("a", "sqs", "t", "", "", ("message queue",)),
        Rule("b", "sns", "t", "", "", ("message topic",)),
        Rule("c", "sns", "t", "", "", ("message filter",)),
    ]
    index = build_index(rules, NAMES, aliases={})
    assert index.weight("queu") > index.weight("messag")


def test_decode_never_matches_a_phrase_across_a_sentence_end():
    rules = [Rule("r-keep", "sqs", "t", "", "", ("message retention",))]
    index = build_index(rules, NAMES, aliases={})
    for apart in ["Send a message. Retention is four days.", "A message; retention matters."]:
        assert decode(apart, index).triggers == []
    together = decode("A message with a long retention.", index)
    assert [(t.phrase, t.rule) for t in together.triggers] == [
        ("message with a long retention", "r-keep")
    ]


def test_decode_reports_every_occurrence_of_a_phrase_in_order():
    text = "Fan out the order. Later, fan out the refund too."
    decoding = decode(text, INDEX)
    assert [(t.phrase, t.rule) for t in decoding.triggers] == [
        ("Fan out", "r-fan"),
        ("fan out", "r-fan"),
    ]


def test_services_named_first_or_in_the_closing_question_outrank_one_named_in_passing():
    names = {"sqs": "Amazon SQS", "sns": "Amazon SNS", "eventbridge": "Amazon EventBridge"}
    aliases = {"sqs": ["SQS"], "sns": ["SNS"], "eventbridge": ["EventBridge"]}
    index = build_index([], names, aliases=aliases)
    decoding = decode("Orders come from SNS. They wait in SQS. Why pick EventBridge?", index)
    scores = {s.service: s.score for s in decoding.services}
    assert scores["sns"] == scores["eventbridge"]
    assert scores["eventbridge"] > scores["sqs"]
    assert decoding.services[-1].service == "sqs"
