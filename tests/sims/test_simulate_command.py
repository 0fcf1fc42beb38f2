"""`manage.py simulate`: the narrated trace, --json, and exit 1 on failure."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

GOOD = """id: demo
title: Demo
teaches: []
seed: 1
steps:
  - id: q
    action: CreateQueue
    QueueName: a
    say: Make a queue.
    expect: {response: {QueueUrl: "https://sqs.us-east-1.amazonaws.com/123456789012/a"}}
"""


def test_simulate_prints_narrated_trace(tmp_path, capsys):
    path = tmp_path / "demo.yaml"
    path.write_text(GOOD)
    call_command("simulate", str(path))
    out = capsys.readouterr().out
    assert "» Make a queue." in out
    assert "Created the standard queue a." in out


def test_simulate_json_lists_step_action_response_events(tmp_path, capsys):
    path = tmp_path / "demo.yaml"
    path.write_text(GOOD)
    call_command("simulate", str(path), "--json", "--seed", "3")
    trace = json.loads(capsys.readouterr().out)
    assert list(trace[0]) == ["step", "action", "response", "events"]
    assert trace[0]["response"] == {
        "QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/a"
    }


def test_simulate_exits_1_on_failed_expectation(tmp_path):
    path = tmp_path / "demo.yaml"
    path.write_text(GOOD.replace('/a"', '/b"'))
    with pytest.raises(CommandError) as error:
        call_command("simulate", str(path))
    assert error.value.returncode == 1
    assert "demo.yaml:6: step 1 (CreateQueue): response QueueUrl" in str(error.value)


def test_simulate_exits_1_on_invalid_file(tmp_path):
    path = tmp_path / "demo.yaml"
    path.write_text(GOOD.replace("CreateQueue", "CreateQueu"))
    with pytest.raises(CommandError) as error:
        call_command("simulate", str(path))
    assert error.value.returncode == 1
    assert "demo.yaml:7: step 1: unknown action 'CreateQueu'" in str(error.value)
