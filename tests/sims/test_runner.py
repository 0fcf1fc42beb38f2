"""The scenario runner: references, JSON serialisation, x- actions and expectations."""

from studyapp.sims.runner import run_scenario, serialise
from studyapp.sims.scenario import load_scenario_text

HEADER = "id: demo\ntitle: Demo\nteaches: []\nseed: 1\nsteps:\n"


def run(steps: str):
    return run_scenario(load_scenario_text(HEADER + steps, "demo.yaml"))


def test_runner_substitutes_references_from_earlier_responses():
    results = run(
        "  - id: q\n    action: CreateQueue\n    QueueName: a\n"
        "  - action: SendMessage\n    QueueUrl: ${q.QueueUrl}\n    MessageBody: hi\n"
        "  - action: ReceiveMessage\n    QueueUrl: ${q.QueueUrl}\n"
        "    expect: {response: {'Messages[0].Body': hi}}\n"
    )
    assert [r["failures"] for r in results] == [[], [], []]
    assert results[2]["response"]["Messages"][0]["Body"] == "hi"


def test_runner_serialises_policy_maps_to_json_strings():
    params = {
        "Attributes": {
            "RedrivePolicy": {"maxReceiveCount": 3},
            "VisibilityTimeout": 10,
            "FifoQueue": True,
        }
    }
    assert serialise(params) == {
        "Attributes": {
            "RedrivePolicy": '{"maxReceiveCount": 3}',
            "VisibilityTimeout": "10",
            "FifoQueue": "true",
        }
    }


def test_runner_wait_and_event_expectation():
    results = run(
        "  - id: q\n    action: CreateQueue\n    QueueName: a\n    Attributes: {VisibilityTimeout: 5}\n"
        "  - action: SendMessage\n    QueueUrl: ${q.QueueUrl}\n    MessageBody: hi\n"
        "  - action: ReceiveMessage\n    QueueUrl: ${q.QueueUrl}\n"
        "  - action: x-Wait\n    Seconds: 5\n    expect: {events: [{kind: visible-again}]}\n"
    )
    assert results[3]["failures"] == []
    assert results[3]["events"][0]["kind"] == "visible-again"


def test_runner_reports_failed_expectations():
    results = run(
        "  - action: x-Wait\n    Seconds: 1\n    expect: {events: [{kind: visible-again}]}\n"
        "  - action: CreateQueue\n    QueueName: a\n    expect: {response: {QueueUrl: nope}}\n"
    )
    assert results[0]["failures"] == [
        "expected an event like {'kind': 'visible-again'}; this step's events: none"
    ]
    assert results[1]["failures"] == [
        "response QueueUrl: expected 'nope', got "
        "'https://sqs.us-east-1.amazonaws.com/123456789012/a'"
    ]


def test_runner_expected_error_passes_and_unexpected_error_fails():
    results = run(
        "  - action: CreateQueue\n    QueueName: a\n    Attributes: {DelaySeconds: 901}\n"
        "    expect: {error: InvalidAttributeValue}\n"
        "  - action: CreateQueue\n    QueueName: b\n    Attributes: {DelaySeconds: 901}\n"
    )
    assert results[0]["failures"] == []
    assert results[0]["response"]["Error"]["Code"] == "InvalidAttributeValue"
    assert len(results[1]["failures"]) == 1


def test_runner_no_events_expectation_and_set_realism():
    results = run(
        "  - action: x-SetRealism\n    Enabled: true\n    expect: {no_events: [{kind: sent}]}\n"
        "  - action: x-Wait\n    Seconds: -1\n    expect: {error: InvalidParameterValue}\n"
    )
    assert [r["failures"] for r in results] == [[], []]
    assert results[0]["response"] == {"Realism": True}


def test_runner_reference_finding_nothing_fails_the_step():
    results = run(
        "  - id: q\n    action: CreateQueue\n    QueueName: a\n"
        "  - action: SendMessage\n    QueueUrl: ${q.Nope}\n    MessageBody: hi\n"
    )
    assert results[1]["response"]["Error"]["Code"] == "InvalidReference"
