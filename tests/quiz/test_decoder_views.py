"""The decoder page: a pasted question comes back marked, with services ranked and reasons."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

TEXT = "Orders arrive in bursts; we need a buffer so workers can keep up."


def test_decoder_page_marks_triggers_and_ranks_services(client, small_catalog):
    html = client.get("/quiz/decode/", {"text": TEXT}).content.decode()
    assert '<mark title="points to Amazon SQS">buffer</mark>' in html
    assert 'Amazon SQS <span class="pill">' in html
    assert 'href="/topics/queues/#t-rule-buffer"' in html
    assert "The queue holds work until consumers are ready." in html


def test_decoder_page_escapes_the_pasted_text(client, small_catalog):
    html = client.get("/quiz/decode/", {"text": "<script>x</script> buffer"}).content.decode()
    assert "&lt;script&gt;x&lt;/script&gt; <mark" in html
    assert "<script>x</script>" not in html


def test_decoder_page_refuses_overlong_text(client, small_catalog):
    response = client.get("/quiz/decode/", {"text": "a" * 5001})
    assert response.status_code == 400
    assert (
        "The text is 5001 characters long; paste at most 5000 (one question)."
        in response.content.decode()
    )


def test_decoder_page_without_text_shows_only_the_form(client, small_catalog):
    html = client.get("/quiz/decode/").content.decode()
    assert ('id="decode-text"' in html, "Services it points to" in html) == (True, False)


def test_decode_command_prints_the_documented_json(small_catalog):
    out = StringIO()
    call_command("decode", TEXT, "--json", stdout=out)
    result = json.loads(out.getvalue())
    assert result["services"][0] == {"service": "sqs", "name": "Amazon SQS", "score": 1.0}
    assert result["triggers"] == [
        {"start": 35, "end": 41, "phrase": "buffer", "rule": "t-rule-buffer", "service": "sqs"}
    ]
    assert TEXT[35:41] == "buffer"


def test_decode_command_refuses_empty_text(small_catalog):
    with pytest.raises(CommandError):
        call_command("decode", "  ")


def test_decode_command_json_on_the_real_content_has_the_issue_shape(full_catalog):
    from studyapp.catalog.models import Item

    text = (
        "Each new order must fan out to several independent subscribers, and every "
        "subscriber keeps its own queue. Which service should publish the orders?"
    )
    out = StringIO()
    call_command("decode", text, "--json", stdout=out)
    result = json.loads(out.getvalue())
    assert list(result) == ["services", "triggers"]
    services, triggers = result["services"], result["triggers"]
    assert services[0]["service"] == "sns"
    assert [list(s) for s in services] == [["service", "name", "score"]] * len(services)
    scores = [s["score"] for s in services]
    assert scores == sorted(scores, reverse=True)
    assert min(scores) > 0 and max(scores) <= 1
    assert services[0]["name"] == "Amazon SNS"
    assert triggers and [list(t) for t in triggers] == [
        ["start", "end", "phrase", "rule", "service"]
    ] * len(triggers)
    assert [t["start"] for t in triggers] == sorted(t["start"] for t in triggers)
    assert [t["phrase"] for t in triggers] == [text[t["start"] : t["end"]] for t in triggers]
    rule_services = dict(Item.objects.filter(kind="rule").values_list("id", "data__service"))
    assert [t["service"] for t in triggers] == [rule_services[t["rule"]] for t in triggers]
    assert {t["service"] for t in triggers} <= {s["service"] for s in services}


def test_decode_command_without_json_lists_services_then_triggers(small_catalog):
    out = StringIO()
    call_command("decode", TEXT, stdout=out)
    assert out.getvalue().splitlines() == [
        "1.000  Amazon SQS (sqs)",
        "",
        "[35:41] 'buffer' -> t-rule-buffer (sqs)",
    ]


def test_decoder_page_links_each_service_to_facts_about_it(client, small_catalog):
    text = "A buffer lets workers keep up; what hides a received message from other consumers?"
    html = client.get("/quiz/decode/", {"text": text}).content.decode()
    assert (
        '<a href="/topics/queues/#t-visibility">What hides a received message from other '
        "consumers?</a>"
    ) in html


def test_decoder_page_says_when_a_service_is_only_named(client, small_catalog):
    html = client.get("/quiz/decode/", {"text": "Which SNS feature is this?"}).content.decode()
    assert "<h3>Amazon SNS" in html
    assert "No trigger phrase: the question names this service." in html
