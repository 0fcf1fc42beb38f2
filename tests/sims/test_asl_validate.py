"""Definition validation: every problem, with the state's name and the field.
Diagnostic codes from
https://docs.aws.amazon.com/step-functions/latest/apireference/API_ValidateStateMachineDefinitionDiagnostic.html
"""

import json

from studyapp.sims.engines.asl_validate import validate_definition
from studyapp.sims.engines.world import build_world


def problems(definition, workflow_type="STANDARD"):
    return [(d["code"], d["location"]) for d in validate_definition(definition, workflow_type)]


def test_valid_definition_has_no_diagnostics():
    definition = {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}}
    assert problems(definition) == []


def test_every_problem_is_reported_with_its_location():
    definition = {
        "States": {
            "A": {"Type": "Pass", "Next": "Nowhere", "End": True, "Colour": "red"},
            "B": {
                "Type": "Task",
                "Resource": "arn:aws:states:::sqs:sendMessage",
                "InputPath": "$.a[",
                "End": True,
            },
        },
    }
    assert problems(definition) == [
        ("SCHEMA_VALIDATION_FAILED", "/"),
        ("SCHEMA_VALIDATION_FAILED", "/States/A/Colour"),
        ("SCHEMA_VALIDATION_FAILED", "/States/A/End"),
        ("MISSING_TRANSITION_TARGET", "/States/A/Next"),
        ("SCHEMA_VALIDATION_FAILED", "/States/B/InputPath"),
    ]


def test_missing_start_target_unreachable_state_and_no_end():
    definition = {
        "StartAt": "A",
        "States": {"A": {"Type": "Pass", "Next": "A"}, "B": {"Type": "Succeed"}},
    }
    assert problems(definition) == [
        ("MISSING_END_STATE", "/"),
        ("SCHEMA_VALIDATION_FAILED", "/States/B"),
    ]
    assert problems({"StartAt": "X", "States": {"A": {"Type": "Succeed"}}})[0] == (
        "MISSING_TRANSITION_TARGET",
        "/StartAt",
    )


def test_bad_intrinsic_choice_and_retry_fields():
    definition = {
        "StartAt": "C",
        "States": {
            "C": {
                "Type": "Choice",
                "Choices": [{"Variable": "$.n", "NumericEquals": "1", "Next": "T"}],
            },
            "T": {
                "Type": "Task",
                "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f",
                "Parameters": {"x.$": "States.Nope(1)"},
                "Retry": [{"ErrorEquals": ["States.ALL", "E"], "BackoffRate": 0.5}],
                "End": True,
            },
        },
    }
    assert problems(definition) == [
        ("SCHEMA_VALIDATION_FAILED", "/States/C/Choices[0]/NumericEquals"),
        ("SCHEMA_VALIDATION_FAILED", "/States/T/Parameters/x.$"),
        ("SCHEMA_VALIDATION_FAILED", "/States/T/Retry[0]/ErrorEquals"),
        ("SCHEMA_VALIDATION_FAILED", "/States/T/Retry[0]/BackoffRate"),
    ]


def test_nested_branch_problems_name_the_branch_and_duplicates():
    definition = {
        "StartAt": "P",
        "States": {
            "P": {
                "Type": "Parallel",
                "End": True,
                "Branches": [{"StartAt": "P", "States": {"P": {"Type": "Pass", "Next": "Out"}}}],
            },
        },
    }
    assert problems(definition) == [
        ("DUPLICATE_STATE_NAME", "/States/P/Branches[0]/States/P"),
        ("MISSING_TRANSITION_TARGET", "/States/P/Branches[0]/States/P/Next"),
        ("MISSING_END_STATE", "/States/P/Branches[0]"),
    ]


def test_express_refuses_callback_and_sync_patterns():
    state = {
        "Type": "Task",
        "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
        "End": True,
    }
    definition = {"StartAt": "T", "States": {"T": state}}
    assert problems(definition) == []
    assert problems(definition, "EXPRESS") == [("INVALID_RESOURCE", "/States/T/Resource")]


def test_jsonata_states_refuse_jsonpath_fields_and_bad_expressions():
    definition = {
        "QueryLanguage": "JSONata",
        "StartAt": "A",
        "States": {"A": {"Type": "Pass", "InputPath": "$.a", "Output": "{% 1 + %}", "End": True}},
    }
    assert problems(definition) == [
        ("SCHEMA_VALIDATION_FAILED", "/States/A/InputPath"),
        ("SCHEMA_VALIDATION_FAILED", "/States/A/Output"),
    ]


def test_json_syntax_errors_and_empty_definitions():
    assert problems("{nope") == [("INVALID_JSON_DESCRIPTION", "/")]
    assert problems("  ") == [("MISSING_DESCRIPTION", "/")]
    assert problems("[]") == [("SCHEMA_VALIDATION_FAILED", "/")]


def test_validate_action_returns_aws_shape():
    world = build_world(1)
    response = world.call(
        "ValidateStateMachineDefinition",
        {
            "definition": json.dumps(
                {"StartAt": "A", "States": {"A": {"Type": "Wait", "End": True}}}
            )
        },
    )
    assert response == {
        "result": "FAIL",
        "diagnostics": [
            {
                "severity": "ERROR",
                "code": "SCHEMA_VALIDATION_FAILED",
                "message": "A Wait state needs exactly one of Seconds, Timestamp, SecondsPath, "
                "TimestampPath",
                "location": "/States/A",
            }
        ],
        "truncated": False,
    }
