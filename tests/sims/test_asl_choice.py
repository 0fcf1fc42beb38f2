"""Choice rules: operators, Path variants, combinators and type tests.
https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html
"""

import pytest

from studyapp.sims.engines.asl_choice import evaluate_rule, rule_problems

DATA = {
    "n": 10,
    "limit": 20,
    "s": "beta",
    "t": "2026-01-01T10:00:00Z",
    "flag": True,
    "nothing": None,
    "file": "log-2026.txt",
}


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ({"Variable": "$.n", "NumericEquals": 10}, True),
        ({"Variable": "$.n", "NumericLessThanPath": "$.limit"}, True),
        ({"Variable": "$.n", "NumericGreaterThanEquals": 11}, False),
        ({"Variable": "$.s", "StringEquals": "beta"}, True),
        ({"Variable": "$.s", "StringLessThan": "gamma"}, True),
        ({"Variable": "$.s", "StringGreaterThanEqualsPath": "$.s"}, True),
        ({"Variable": "$.file", "StringMatches": "log-*.txt"}, True),
        ({"Variable": "$.file", "StringMatches": "log-\\*.txt"}, False),
        ({"Variable": "$.flag", "BooleanEquals": True}, True),
        ({"Variable": "$.t", "TimestampLessThan": "2026-01-02T00:00:00Z"}, True),
        ({"Variable": "$.t", "TimestampEquals": "2026-01-01T11:00:00+01:00"}, True),
        ({"Variable": "$.nothing", "IsNull": True}, True),
        ({"Variable": "$.missing", "IsPresent": False}, True),
        ({"Variable": "$.n", "IsNumeric": True}, True),
        ({"Variable": "$.s", "IsString": True}, True),
        ({"Variable": "$.flag", "IsBoolean": True}, True),
        ({"Variable": "$.t", "IsTimestamp": True}, True),
        ({"Variable": "$.missing", "NumericEquals": 1}, False),
        ({"Variable": "$.s", "NumericEquals": 1}, False),
        (
            {
                "And": [
                    {"Variable": "$.n", "NumericGreaterThan": 5},
                    {"Not": {"Variable": "$.s", "StringEquals": "alpha"}},
                ]
            },
            True,
        ),
        (
            {
                "Or": [
                    {"Variable": "$.n", "NumericLessThan": 5},
                    {"Variable": "$.flag", "BooleanEquals": False},
                ]
            },
            False,
        ),
    ],
)
def test_choice_rule(rule, expected):
    assert evaluate_rule({**rule, "Next": "X"}, DATA) is expected


def test_rule_problems_name_the_place():
    assert rule_problems({"NumericEquals": "ten", "Next": "X"}, "/States/C/Choices[0]") == [
        ("/States/C/Choices[0]", "a comparison needs a Variable (like $.status)"),
        ("/States/C/Choices[0]/NumericEquals", "NumericEquals needs a number"),
    ]
