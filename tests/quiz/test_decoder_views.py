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
