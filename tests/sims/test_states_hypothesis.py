"""Nothing a learner types crashes the interpreter: generated definitions and inputs.

Every generated definition is validated; the valid ones run for a year of virtual time.
Whatever happens must be an AWS-shaped answer: an AwsError, or an execution that ends in
a status with an error name, never a Python exception.
"""

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studyapp.sims.engines.asl_validate import validate_definition
from studyapp.sims.engines.core import AwsError
from studyapp.sims.engines.world import build_world

NAMES = ["A", "B", "C"]
JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 5) | st.text(max_size=4),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from("abc"), inner, max_size=3)
    ),
    max_leaves=6,
)
PATHS = st.sampled_from(
    ["$", "$.a", "$.a[0]", "$..b", "$.c.d", "$$.State.Name", "$[", "a", "$.a[*]", "$.a.length()"]
)
DYNAMIC = PATHS | st.sampled_from(
    [
        "States.Format('{}', $.a)",
        "States.ArrayLength($.a)",
        "States.MathAdd($.a, 1)",
        "States.StringToJson($.a)",
        "States.Array(",
        "States.UUID()",
        "States.Hash($.a, 'MD5')",
    ]
)
FIELD_VALUES = {
    "InputPath": PATHS | st.none(),
    "OutputPath": PATHS | st.none(),
    "ResultPath": PATHS | st.none(),
    "Parameters": st.dictionaries(st.sampled_from(["x.$", "y", "z.$"]), DYNAMIC, max_size=2),
    "Result": JSON,
    "Seconds": st.integers(-1, 3),
    "SecondsPath": PATHS,
    "ItemsPath": PATHS,
    "MaxConcurrency": st.integers(-1, 2),
}


@st.composite
def definitions(draw):
    states = {}
    for name in draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=3, unique=True)):
        kind = draw(
            st.sampled_from(["Pass", "Wait", "Choice", "Succeed", "Fail", "Map", "Parallel"])
        )
        state = {"Type": kind}
        for field in draw(st.lists(st.sampled_from(sorted(FIELD_VALUES)), max_size=3)):
            state[field] = draw(FIELD_VALUES[field])
        if kind in ("Pass", "Wait", "Map", "Parallel"):
            if draw(st.booleans()):
                state["End"] = True
            else:
                state["Next"] = draw(st.sampled_from(NAMES))
        if kind == "Choice":
            state["Choices"] = [
                {
                    "Variable": draw(PATHS),
                    "NumericGreaterThan": 0,
                    "Next": draw(st.sampled_from(NAMES)),
                }
            ]
            state["Default"] = draw(st.sampled_from(NAMES))
        if kind == "Map":
            state["ItemProcessor"] = {
                "StartAt": "I",
                "States": {"I": {"Type": "Pass", "End": True}},
            }
        if kind == "Parallel":
            state["Branches"] = [{"StartAt": "P", "States": {"P": {"Type": "Succeed"}}}]
        states[name] = state
    return {"StartAt": draw(st.sampled_from(NAMES)), "States": states}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(definition=definitions(), data=JSON)
def test_generated_definitions_never_crash(definition, data):
    text = json.dumps(definition)
    diagnostics = validate_definition(text)
    world = build_world(1)
    try:
        machine = world.call(
            "CreateStateMachine",
            {"name": "gen", "definition": text, "roleArn": "arn:aws:iam::1:role/x"},
        )
    except AwsError as error:
        assert diagnostics and error.code == "InvalidDefinition"
        return
    assert diagnostics == []
    started = world.call(
        "StartExecution", {"stateMachineArn": machine["stateMachineArn"], "input": json.dumps(data)}
    )
    world.advance(366 * 24 * 3600)
    described = world.call("DescribeExecution", started)
    assert described["status"] in ("SUCCEEDED", "FAILED", "TIMED_OUT")
    if described["status"] == "FAILED":
        assert described["error"]


@settings(max_examples=100, deadline=None)
@given(text=st.text(max_size=60))
def test_any_text_as_definition_gets_diagnostics_not_exceptions(text):
    result = build_world(1).call("ValidateStateMachineDefinition", {"definition": text})
    assert result["result"] in ("OK", "FAIL")
