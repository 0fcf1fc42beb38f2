"""The EventBridge engine and moto, given the same calls, answer alike (where moto follows AWS).

COMPARED lists what both must agree on; MOTO_DEPARTURES lists behaviours moto 5.2.5 gets
wrong, each with the AWS page saying what AWS does (the engine follows AWS, tested in
test_eventbridge.py).
"""

import boto3
import pytest
from botocore.exceptions import ClientError
from moto import mock_aws

from studyapp.sims.engines.core import AwsError
from studyapp.sims.engines.world import build_world

QUEUE = "arn:aws:sqs:us-east-1:123456789012:q"

COMPARED = {
    "put-rule-arn": [("PutRule", {"Name": "r", "EventPattern": '{"source": ["a"]}'})],
    "custom-bus-rule-arn": [
        ("CreateEventBus", {"Name": "team"}),
        ("PutRule", {"Name": "r", "EventBusName": "team", "EventPattern": '{"source": ["a"]}'}),
    ],
    "pattern-value-must-be-array": [("PutRule", {"Name": "r", "EventPattern": '{"source": "a"}'})],
    "pattern-empty-array": [("PutRule", {"Name": "r", "EventPattern": '{"source": []}'})],
    "rule-needs-pattern-or-schedule": [("PutRule", {"Name": "r"})],
    "schedule-only-on-default-bus": [
        ("CreateEventBus", {"Name": "team"}),
        ("PutRule", {"Name": "r", "EventBusName": "team", "ScheduleExpression": "rate(5 minutes)"}),
    ],
    "delete-rule-with-targets": [
        ("PutRule", {"Name": "r", "EventPattern": '{"source": ["a"]}'}),
        ("PutTargets", {"Rule": "r", "Targets": [{"Id": "q", "Arn": QUEUE}]}),
        ("DeleteRule", {"Name": "r"}),
    ],
    "default-bus-cannot-be-deleted": [("DeleteEventBus", {"Name": "default"})],
    "put-events-eleven-entries": [
        ("PutEvents", {"Entries": [{"Source": "a", "DetailType": "b", "Detail": "{}"}] * 11})
    ],
    "put-events-missing-detail": [("PutEvents", {"Entries": [{"Source": "a", "DetailType": "b"}]})],
    "list-targets": [
        ("PutRule", {"Name": "r", "EventPattern": '{"source": ["a"]}'}),
        ("PutTargets", {"Rule": "r", "Targets": [{"Id": "q", "Arn": QUEUE}]}),
        ("ListTargetsByRule", {"Rule": "r"}),
    ],
}

MOTO_DEPARTURES = {
    "sixth-target-on-a-rule": "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-quota.html "
    "(5 targets per rule: LimitExceededException); moto accepts six",
    "aws-prefixed-source-in-put-events": "https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEvents.html "
    "(NotAuthorizedForSourceException); moto accepts it",
    "unknown-pattern-operator": "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html "
    '(InvalidEventPatternException); moto accepts {"bogus": 1}',
    "input-and-input-path-together": "https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_Target.html "
    "(one of Input, InputPath, InputTransformer); moto accepts both",
    "put-events-size-limit": "AWS Compute Blog, 2026-01-29, 1 MB PutEvents entries; moto checks no size",
    "target-missing-fails-put-events": "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-retry-policy.html "
    "(delivery is retried, PutEvents still succeeds); moto fails the call",
    "event-pattern-matching": "../shared/aws-vectors: moto disagrees with AWS on arrays of objects, cidr and "
    "number representation (see test_event_patterns.py)",
}


def _snake(action: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in action).lstrip("_")


def observe_engine(calls):
    world = build_world(1)
    out = []
    for action, params in calls:
        try:
            out.append(("ok", world.call(action, dict(params))))
        except AwsError as error:
            out.append(("error", error.code))
    return out


def observe_moto(calls):
    out = []
    with mock_aws():
        client = boto3.client("events", region_name="us-east-1")
        for action, params in calls:
            try:
                response = getattr(client, _snake(action))(**params)
                response.pop("ResponseMetadata", None)
                out.append(("ok", response))
            except ClientError as error:
                out.append(("error", error.response["Error"]["Code"]))
    return out


def comparable(observations):
    """What must agree: error codes, ARNs, failure counts and target ids (ids differ)."""
    result = []
    for kind, value in observations:
        if kind == "error":
            result.append(("error", value))
            continue
        result.append(
            (
                "ok",
                {
                    "RuleArn": value.get("RuleArn"),
                    "EventBusArn": value.get("EventBusArn"),
                    "FailedEntryCount": value.get("FailedEntryCount"),
                    "ErrorCodes": [e.get("ErrorCode") for e in value.get("Entries", [])],
                    "Targets": [t["Id"] for t in value.get("Targets", [])],
                },
            )
        )
    return result


@pytest.mark.parametrize("behaviour", sorted(COMPARED))
def test_eventbridge_engine_agrees_with_moto(behaviour):
    calls = COMPARED[behaviour]
    assert comparable(observe_engine(calls)) == comparable(observe_moto(calls))


def test_eventbridge_moto_departures_each_name_an_aws_page():
    assert all("aws" in source.lower() for source in MOTO_DEPARTURES.values())
    assert not set(MOTO_DEPARTURES) & set(COMPARED)
