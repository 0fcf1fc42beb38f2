"""Every SQS/SNS scenario's AWS steps, run through the engines and through boto3 + moto.

x- steps are simulator-only and skipped against moto; x-Wait shifts a time-machine clock
instead of sleeping, and a long poll (which moto waits out in real time) becomes short polls
on that shifted clock, one virtual second apart. HTTP/S and email subscriptions are not made
against moto (it would try to reach the address). Then each step's observable result is
compared: COMPARED names what must agree, MOTO_DEPARTURES what is left out because moto
departs from AWS, with the AWS page that says what AWS does (the engine follows AWS; see
tests/sims/engines/test_sqs.py and test_sns.py).
"""

from __future__ import annotations

import json
from pathlib import Path

import boto3
import pytest
import time_machine
from botocore import xform_name
from botocore.exceptions import ClientError, ParamValidationError
from moto import mock_aws

from studyapp.sims.engines.core import EPOCH, AwsError
from studyapp.sims.engines.world import build_world
from studyapp.sims.runner import resolve, run_scenario, serialise
from studyapp.sims.scenario import load_scenario

SIMULATIONS = Path(__file__).resolve().parents[2] / "content" / "simulations"

COMPARED = [
    "CreateQueue / GetQueueUrl: the queue URL",
    "CreateTopic: the topic ARN",
    "SendMessage: MD5OfMessageBody and MD5OfMessageAttributes (MessageIds are random in both)",
    "SendMessageBatch: which entry ids succeeded and which failed",
    "ReceiveMessage: the bodies received, in order (an SNS envelope compared by Type, "
    "TopicArn and Message), their ApproximateReceiveCount and MessageGroupId when requested",
    "GetQueueAttributes: every attribute requested except timestamps",
    "Publish: a MessageId is returned, and a SequenceNumber exactly for FIFO topics",
    "Subscribe: a subscription ARN under the topic's ARN (SQS and Lambda endpoints)",
    "Errors: the AWS error code of every failing step",
    "All other actions: both succeed",
]

# Behaviour -> (the AWS page that says what AWS does, what moto 5.2.5 does instead).
MOTO_DEPARTURES = {
    "stale-receipt-handle-delete": (
        "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_DeleteMessage.html",
        "AWS: a delete with an outdated receipt handle succeeds but the message is not deleted; "
        "moto deletes it.",
    ),
    "at-least-once-duplicates": (
        "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/"
        "standard-queues-at-least-once-delivery.html",
        "AWS standard queues occasionally deliver a message twice and out of order (the "
        "engine's realism mode, seeded, driven by x- steps that moto never sees); moto "
        "delivers exactly once, in order.",
    ),
    "sns-filter-invalid-policy": (
        "https://docs.aws.amazon.com/sns/latest/dg/sns-subscription-filter-policies.html",
        "see ../shared/aws-vectors: moto misjudges some filter cases (cidr, anything-but on "
        "arrays); the engine passes all of AWS's cases (test_sns_filter.py).",
    ),
    "sns-http-retries": (
        "https://docs.aws.amazon.com/sns/latest/dg/sns-message-delivery-retries.html",
        "AWS retries HTTP/S deliveries by the delivery policy then drops or dead-letters; moto "
        "has no simulated endpoints, so HTTP/S subscriptions are not compared.",
    ),
}

SQS_SNS_ACTIONS = {
    name
    for service in ("sqs", "sns")
    for name in build_world(0).engines[service].actions()
    if not name.startswith("x-")
}
SQS_ACTIONS = {a for a in build_world(0).engines["sqs"].actions() if not a.startswith("x-")}
TIMESTAMPS = {"CreatedTimestamp", "LastModifiedTimestamp"}


def sqs_sns_scenarios():
    for path in sorted(SIMULATIONS.glob("*.yaml")):
        scenario = load_scenario(path)
        actions = {s.action for s in scenario.steps if not s.action.startswith("x-")}
        if actions <= SQS_SNS_ACTIONS:
            yield scenario


SCENARIOS = list(sqs_sns_scenarios())


def body_view(body: str):
    try:
        doc = json.loads(body)
    except ValueError:
        return body
    if isinstance(doc, dict) and doc.get("Type") == "Notification":
        return {"Type": doc["Type"], "TopicArn": doc["TopicArn"], "Message": doc["Message"]}
    return body


def observe(action: str, params: dict, response: dict | None):
    """The part of a response both implementations must agree on."""
    if response is None:
        return None
    if "Error" in response:
        return {"error": response["Error"]["Code"]}
    if action in ("CreateQueue", "GetQueueUrl"):
        return response["QueueUrl"]
    if action == "CreateTopic":
        return response["TopicArn"]
    if action == "SendMessage":
        return {k: response.get(k) for k in ("MD5OfMessageBody", "MD5OfMessageAttributes")}
    if action == "SendMessageBatch":
        return {
            "ok": sorted(e["Id"] for e in response.get("Successful", [])),
            "failed": sorted(e["Id"] for e in response.get("Failed", [])),
        }
    if action == "ReceiveMessage":
        return [
            {
                "body": body_view(m["Body"]),
                "count": m.get("Attributes", {}).get("ApproximateReceiveCount"),
                "group": m.get("Attributes", {}).get("MessageGroupId"),
            }
            for m in response.get("Messages", [])
        ]
    if action == "GetQueueAttributes":
        wanted = set(params.get("AttributeNames", [])) - TIMESTAMPS
        return {k: v for k, v in response.get("Attributes", {}).items() if k in wanted}
    if action == "Publish":
        return {"id": bool(response.get("MessageId")), "seq": "SequenceNumber" in response}
    if action == "Subscribe":
        return response["SubscriptionArn"].startswith(params["TopicArn"] + ":")
    return "ok"


def run_on_moto(scenario) -> list:
    results: list = []
    responses: dict = {}
    with mock_aws(), time_machine.travel(EPOCH, tick=False) as clock:
        clients = {
            "sqs": boto3.client("sqs", region_name="us-east-1"),
            "sns": boto3.client("sns", region_name="us-east-1"),
        }
        for step in scenario.steps:
            if step.action.startswith("x-"):
                if step.action == "x-Wait":
                    clock.shift(step.params["Seconds"])
                results.append(None)
                continue
            try:
                params = serialise(resolve(step.params, responses))
            except AwsError as error:
                response = error.as_response()
            else:
                if step.action == "Subscribe" and params.get("Protocol") not in ("sqs", "lambda"):
                    results.append(None)  # see MOTO_DEPARTURES["sns-http-retries"]
                    continue
                client = clients["sqs" if step.action in SQS_ACTIONS else "sns"]
                response = call_moto(client, clock, step.action, params)
            if step.id:
                responses[step.id] = response
            results.append(response)
    return results


def call_moto(client, clock, action: str, params: dict) -> dict:
    method = getattr(client, xform_name(action))
    try:
        if action == "ReceiveMessage":
            return long_poll_on_shifted_clock(client, clock, params)
        response = method(**params)
    except ClientError as error:
        return {
            "Error": {
                "Code": error.response["Error"]["Code"],
                "Message": error.response["Error"]["Message"],
            }
        }
    except ParamValidationError as error:
        return {"Error": {"Code": "ParamValidationError", "Message": str(error)}}
    response.pop("ResponseMetadata", None)
    return response


def long_poll_on_shifted_clock(client, clock, params: dict) -> dict:
    wait = params.get("WaitTimeSeconds")
    if wait is None:
        attributes = client.get_queue_attributes(
            QueueUrl=params["QueueUrl"], AttributeNames=["ReceiveMessageWaitTimeSeconds"]
        )["Attributes"]
        wait = int(attributes["ReceiveMessageWaitTimeSeconds"])
    for second in range(wait + 1):
        response = client.receive_message(**{**params, "WaitTimeSeconds": 0})
        response.pop("ResponseMetadata", None)
        if response.get("Messages") or second == wait:
            return response
        clock.shift(1)
    return {}


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.id for s in SCENARIOS])
def test_moto_parity_scenario_steps_agree(scenario):
    engine = run_scenario(scenario)
    moto = run_on_moto(scenario)
    differences = []
    for step, ours, theirs in zip(scenario.steps, engine, moto, strict=True):
        if theirs is None:
            continue
        params = serialise(step.params)
        mine, other = (
            observe(step.action, params, ours["response"]),
            observe(step.action, params, theirs),
        )
        if mine != other:
            differences.append(
                f"step {step.number} {step.action}: engine {mine!r} != moto {other!r}"
            )
    assert differences == []


def test_moto_parity_covers_the_sqs_and_sns_scenarios():
    ids = {s.id for s in SCENARIOS}
    assert {"sqs-visibility-too-short", "sns-sqs-fan-out", "sns-filter-policy-routing"} <= ids


def test_moto_departure_stale_receipt_handle_still_differs():
    """Keeps MOTO_DEPARTURES honest: if moto starts following AWS, this fails."""
    with mock_aws(), time_machine.travel(EPOCH, tick=False) as clock:
        sqs = boto3.client("sqs", region_name="us-east-1")
        url = sqs.create_queue(QueueName="q", Attributes={"VisibilityTimeout": "5"})["QueueUrl"]
        sqs.send_message(QueueUrl=url, MessageBody="a")
        old = sqs.receive_message(QueueUrl=url)["Messages"][0]["ReceiptHandle"]
        clock.shift(6)
        sqs.receive_message(QueueUrl=url)
        sqs.delete_message(QueueUrl=url, ReceiptHandle=old)
        left = sqs.get_queue_attributes(
            QueueUrl=url, AttributeNames=["ApproximateNumberOfMessagesNotVisible"]
        )["Attributes"]["ApproximateNumberOfMessagesNotVisible"]
    assert left == "0"  # moto deleted it; AWS (and the engine) keep it: see test_sqs.py


def test_moto_departure_cidr_filter_policy_still_rejected():
    """AWS accepts cidr in filter policies (string-value-matching page); moto 5.2.5 refuses."""
    with mock_aws():
        sns = boto3.client("sns", region_name="us-east-1")
        sqs = boto3.client("sqs", region_name="us-east-1")
        topic = sns.create_topic(Name="t")["TopicArn"]
        sqs.create_queue(QueueName="q")
        with pytest.raises(ClientError) as error:
            sns.subscribe(
                TopicArn=topic,
                Protocol="sqs",
                Endpoint="arn:aws:sqs:us-east-1:123456789012:q",
                Attributes={"FilterPolicy": '{"ip": [{"cidr": "10.0.0.0/24"}]}'},
            )
    assert error.value.response["Error"]["Code"] == "InvalidParameter"
    world = build_world(0)
    topic = world.call("CreateTopic", {"Name": "t"})["TopicArn"]
    world.call("CreateQueue", {"QueueName": "q"})
    subscribed = world.call(
        "Subscribe",
        {
            "TopicArn": topic,
            "Protocol": "sqs",
            "Endpoint": "arn:aws:sqs:us-east-1:123456789012:q",
            "Attributes": {"FilterPolicy": '{"ip": [{"cidr": "10.0.0.0/24"}]}'},
        },
    )
    assert subscribed["SubscriptionArn"].startswith(topic + ":")
