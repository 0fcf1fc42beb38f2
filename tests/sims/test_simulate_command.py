"""`manage.py simulate`: the narrated trace, --json, and exit 1 on failure."""

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from studyapp.sims.scenario import load_scenario

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


THROTTLED_CHAIN = """id: chain
title: Lambda calling Lambda, throttled
teaches: []
seed: 1
steps:
  - action: x-CreateFunction
    FunctionName: first
  - action: x-CreateFunction
    FunctionName: second
  - action: x-FailFunction
    FunctionName: second
    Error: Lambda.TooManyRequestsException
    Times: 1
  - action: x-LambdaChain
    Functions: [first, second]
    Input: {order: 5}
    expect: {response: {FailedAt: second}}
"""


def test_simulate_trace_of_a_failed_chain_is_not_an_aws_error(tmp_path, capsys):
    # The chain's response names the error that stopped it: data, not a failed step.
    path = tmp_path / "chain.yaml"
    path.write_text(THROTTLED_CHAIN)
    call_command("simulate", str(path))
    out = capsys.readouterr().out
    assert "4. x-LambdaChain" in out
    assert "✗" not in out


SCENARIOS = sorted((Path(__file__).resolve().parents[2] / "content" / "simulations").glob("*.yaml"))


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_simulate_prints_every_content_scenario_to_the_end(path, capsys):
    call_command("simulate", str(path))
    out = capsys.readouterr().out
    last = load_scenario(path).steps[-1]
    assert f"{len(load_scenario(path).steps):>3}. {last.action}" in out
    assert "FAILED" not in out
