"""Scenario files: errors name `file:line: step N: what is wrong`."""

import pytest

from studyapp.sims.scenario import ScenarioError, load_scenario_text

HEADER = "id: demo\ntitle: Demo\nteaches: []\nseed: 1\nsteps:\n"


def errors(text):
    with pytest.raises(ScenarioError) as error:
        load_scenario_text(text, "demo.yaml")
    return error.value.errors


def test_scenario_valid_file_loads_steps_with_lines():
    scenario = load_scenario_text(
        HEADER + "  - id: q\n    action: CreateQueue\n    QueueName: a\n"
        "  - action: SendMessage\n    QueueUrl: ${q.QueueUrl}\n    MessageBody: hi\n",
        "demo.yaml",
    )
    assert [(s.number, s.line, s.action) for s in scenario.steps] == [
        (1, 6, "CreateQueue"),
        (2, 9, "SendMessage"),
    ]
    assert scenario.steps[1].params == {"QueueUrl": "${q.QueueUrl}", "MessageBody": "hi"}


def test_scenario_duplicate_key_is_an_error_with_line():
    assert errors(HEADER + "  - action: CreateQueue\n    QueueName: a\n    QueueName: b\n") == [
        "demo.yaml:8: step 1: the key 'QueueName' appears twice in this map"
    ]


def test_scenario_python_tag_is_an_error():
    found = errors(HEADER + "  - action: CreateQueue\n    QueueName: !!python/name:os.system\n")
    assert found == [
        "demo.yaml:7: step 1: the tag tag:yaml.org,2002:python/name:os.system is not allowed "
        "in a scenario file"
    ]


def test_scenario_unknown_action_suggests_close_name():
    assert errors(HEADER + "  - action: SendMesage\n") == [
        "demo.yaml:6: step 1: unknown action 'SendMesage' (did you mean SendMessage?)"
    ]


def test_scenario_reference_to_later_or_missing_step_is_an_error():
    found = errors(HEADER + "  - action: SendMessage\n    QueueUrl: ${q.QueueUrl}\n")
    assert found == [
        "demo.yaml:7: step 1: ${q.QueueUrl} refers to 'q', which is not the id of an earlier step"
    ]


def test_scenario_missing_keys_and_bad_yaml():
    assert errors("id: demo\n") == [
        "demo.yaml:1: the key 'title' is missing",
        "demo.yaml:1: the key 'teaches' is missing",
        "demo.yaml:1: the key 'seed' is missing",
        "demo.yaml:1: the key 'steps' is missing",
    ]
    assert errors("id: [\n")[0].startswith("demo.yaml:")


def test_scenario_step_without_action_and_bad_expect():
    found = errors(
        HEADER + "  - QueueName: a\n  - action: x-Wait\n    Seconds: 1\n    expect: {respons: {}}\n"
    )
    assert found == [
        "demo.yaml:6: step 1: the step has no action (e.g. action: SendMessage)",
        "demo.yaml:9: step 2: expect has an unknown key 'respons' (allowed: error, events, "
        "no_events, response)",
    ]
