"""The interpreter next to a peer: moto's Step Functions with `execute_state_machine`.

moto 5 can run state machines with an ASL interpreter (ported from LocalStack). For
definitions that need no real service, both must agree on status, output, error and the
history's event types. Where they differ, the engine follows AWS's documentation:
- moto has no ValidateStateMachineDefinition, and CreateStateMachine stops at the first
  problem with an internal message; the engine lists every problem with its location, as
  https://docs.aws.amazon.com/step-functions/latest/apireference/API_ValidateStateMachineDefinition.html
  describes (test_moto_stops_at_first_problem_engine_lists_all);
- moto returns an execution whose output is the string "big" as the text `big`; AWS (and
  the engine) return JSON text, `"big"`
  (https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeExecution.html:
  output is "the JSON output data of the execution").
"""

import json
import time
from collections import Counter

import boto3
import pytest
from moto import mock_aws

from studyapp.sims.engines.core import AwsError
from studyapp.sims.engines.world import build_world

ROLE = "arn:aws:iam::123456789012:role/Test"

CASES = {
    "parameters-and-intrinsics": (
        {
            "StartAt": "S",
            "States": {
                "S": {
                    "Type": "Pass",
                    "Parameters": {
                        "greeting.$": "States.Format('Hello, {}!', $.who)",
                        "hash.$": "States.Hash($.who, 'SHA-1')",
                        "chunks.$": "States.ArrayPartition($.a, 2)",
                        "json.$": "States.JsonToString($.obj)",
                        "len.$": "States.ArrayLength($.a)",
                        "static": {"k": 1},
                    },
                    "ResultPath": "$.r",
                    "End": True,
                }
            },
        },
        {"who": "Ana", "a": [1, 2, 3], "obj": {"x": 1}},
    ),
    "choice-and-not": (
        {
            "StartAt": "C",
            "States": {
                "C": {
                    "Type": "Choice",
                    "Choices": [
                        {
                            "And": [
                                {"Variable": "$.n", "NumericGreaterThan": 5},
                                {"Not": {"Variable": "$.s", "StringEquals": "x"}},
                            ],
                            "Next": "Big",
                        }
                    ],
                    "Default": "Small",
                },
                "Big": {"Type": "Pass", "Result": "big", "End": True},
                "Small": {"Type": "Pass", "Result": "small", "End": True},
            },
        },
        {"n": 7, "s": "y"},
    ),
    "map-item-selector": (
        {
            "StartAt": "M",
            "States": {
                "M": {
                    "Type": "Map",
                    "ItemsPath": "$.items",
                    "ItemSelector": {
                        "v.$": "$$.Map.Item.Value",
                        "i.$": "$$.Map.Item.Index",
                        "tag.$": "$.tag",
                    },
                    "ItemProcessor": {
                        "StartAt": "P",
                        "States": {"P": {"Type": "Pass", "End": True}},
                    },
                    "ResultPath": "$.out",
                    "End": True,
                }
            },
        },
        {"items": ["a", "b"], "tag": "t"},
    ),
    "parallel-result-selector": (
        {
            "StartAt": "P",
            "States": {
                "P": {
                    "Type": "Parallel",
                    "Branches": [
                        {
                            "StartAt": "A",
                            "States": {"A": {"Type": "Pass", "Result": 1, "End": True}},
                        },
                        {
                            "StartAt": "B",
                            "States": {"B": {"Type": "Pass", "Result": 2, "End": True}},
                        },
                    ],
                    "ResultSelector": {"first.$": "$[0]", "second.$": "$[1]"},
                    "OutputPath": "$.second",
                    "End": True,
                }
            },
        },
        {},
    ),
    "fail-state": (
        {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "Oops", "Cause": "why"}}},
        {},
    ),
    "catch-with-result-path": (
        {
            "StartAt": "P",
            "States": {
                "P": {
                    "Type": "Parallel",
                    "Branches": [
                        {
                            "StartAt": "F",
                            "States": {"F": {"Type": "Fail", "Error": "E", "Cause": "c"}},
                        }
                    ],
                    "Catch": [
                        {"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Done"}
                    ],
                    "End": True,
                },
                "Done": {"Type": "Pass", "End": True},
            },
        },
        {"keep": 1},
    ),
    "result-path-null-and-input-path": (
        {
            "StartAt": "A",
            "States": {
                "A": {"Type": "Pass", "Result": "x", "ResultPath": None, "Next": "B"},
                "B": {"Type": "Pass", "InputPath": "$.inner", "End": True},
            },
        },
        {"inner": {"z": [1, 2]}},
    ),
}


def parse_output(output):
    if not output:
        return None
    try:
        return json.loads(output)
    except json.JSONDecodeError:
        return output  # moto returns a bare string output unquoted (see the module doc)


def summary(status, output, error, events):
    return {
        "status": status,
        "output": parse_output(output),
        "error": error,
        "event_types": Counter(e["type"] for e in events),
    }


def run_engine(definition, data):
    world = build_world(1)
    machine = world.call(
        "CreateStateMachine", {"name": "m", "definition": json.dumps(definition), "roleArn": ROLE}
    )
    started = world.call(
        "StartExecution", {"stateMachineArn": machine["stateMachineArn"], "input": json.dumps(data)}
    )
    described = world.call("DescribeExecution", started)
    events = world.call("GetExecutionHistory", started)["events"]
    return summary(described["status"], described.get("output"), described.get("error"), events)


@pytest.fixture(scope="module")
def moto_sfn():
    with mock_aws(config={"stepfunctions": {"execute_state_machine": True}}):
        yield boto3.client("stepfunctions", region_name="us-east-1")


def run_moto(client, name, definition, data):
    machine = client.create_state_machine(
        name=name, definition=json.dumps(definition), roleArn=ROLE
    )
    started = client.start_execution(
        stateMachineArn=machine["stateMachineArn"], input=json.dumps(data)
    )
    for _ in range(200):  # moto runs the execution on a thread
        described = client.describe_execution(executionArn=started["executionArn"])
        if described["status"] != "RUNNING":
            break
        time.sleep(0.02)
    events = client.get_execution_history(executionArn=started["executionArn"])["events"]
    return summary(described["status"], described.get("output"), described.get("error"), events)


@pytest.mark.parametrize("case", sorted(CASES))
def test_engine_agrees_with_moto_interpreter(moto_sfn, case):
    definition, data = CASES[case]
    assert run_engine(definition, data) == run_moto(moto_sfn, case, definition, data)


def test_moto_stops_at_first_problem_engine_lists_all(moto_sfn):
    definition = {"StartAt": "Nope", "States": {"A": {"Type": "Pass", "Next": "Z", "End": True}}}
    with pytest.raises(moto_sfn.exceptions.ClientError) as moto_error:
        moto_sfn.create_state_machine(name="bad", definition=json.dumps(definition), roleArn=ROLE)
    assert "End redefines Next" in str(moto_error.value)
    with pytest.raises(AwsError) as engine_error:
        build_world(1).call(
            "CreateStateMachine",
            {"name": "bad", "roleArn": ROLE, "definition": json.dumps(definition)},
        )
    assert engine_error.value.code == "InvalidDefinition"
    message = engine_error.value.message
    assert "/StartAt" in message and "/States/A/End" in message and "/States/A/Next" in message
