"""Intrinsic functions, checked against the examples on AWS's page:
https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html
"""

import random

import pytest

from studyapp.sims.engines.asl_intrinsics import (
    IntrinsicFailure,
    IntrinsicSyntaxError,
    evaluate_intrinsic,
    parse_intrinsic,
)
from studyapp.sims.engines.asl_paths import read_path


def evaluate(text, data=None, seed=1):
    return evaluate_intrinsic(text, lambda p: read_path(p, data or {}), random.Random(seed))


@pytest.mark.parametrize(
    ("text", "data", "expected"),
    [
        (
            "States.Format('Hello, my name is {}.', $.name)",
            {"name": "Arnav"},
            "Hello, my name is Arnav.",
        ),
        (
            "States.StringToJson($.escapedJsonString)",
            {"escapedJsonString": '{"foo": "bar"}'},
            {"foo": "bar"},
        ),
        (
            "States.JsonToString($.unescapedJson)",
            {"unescapedJson": {"foo": "bar"}},
            '{"foo":"bar"}',
        ),
        (
            "States.Array('Foo', 2020, $.someJson, null)",
            {"someJson": {"random": "abcdefg"}},
            ["Foo", 2020, {"random": "abcdefg"}, None],
        ),
        (
            "States.ArrayPartition($.inputArray, 4)",
            {"inputArray": [1, 2, 3, 4, 5, 6, 7, 8, 9]},
            [[1, 2, 3, 4], [5, 6, 7, 8], [9]],
        ),
        (
            "States.ArrayContains($.inputArray, $.lookingFor)",
            {"inputArray": [1, 2, 3, 4, 5, 6, 7, 8, 9], "lookingFor": 5},
            True,
        ),
        ("States.ArrayRange(1, 9, 2)", {}, [1, 3, 5, 7, 9]),
        (
            "States.ArrayGetItem($.inputArray, $.index)",
            {"inputArray": [1, 2, 3, 4, 5, 6, 7, 8, 9], "index": 5},
            6,
        ),
        ("States.ArrayLength($.inputArray)", {"inputArray": [1, 2, 3, 4, 5, 6, 7, 8, 9]}, 9),
        (
            "States.ArrayUnique($.inputArray)",
            {"inputArray": [1, 2, 3, 3, 3, 3, 3, 3, 4]},
            [1, 2, 3, 4],
        ),
        ("States.Base64Encode($.input)", {"input": "Data to encode"}, "RGF0YSB0byBlbmNvZGU="),
        ("States.Base64Decode($.base64)", {"base64": "RGF0YSB0byBlbmNvZGU="}, "Data to encode"),
        (
            "States.Hash($.Data, $.Algorithm)",
            {"Data": "input data", "Algorithm": "SHA-1"},
            "aaff4a450a104cd177d28d18d74485e8cae074b7",
        ),
        (
            "States.JsonMerge($.json1, $.json2, false)",
            {
                "json1": {"a": {"a1": 1, "a2": 2}, "b": 2},
                "json2": {"a": {"a3": 1, "a4": 2}, "c": 3},
            },
            {"a": {"a3": 1, "a4": 2}, "b": 2, "c": 3},
        ),
        ("States.MathAdd($.value1, $.step)", {"value1": 111, "step": -1}, 110),
        (
            "States.StringSplit($.inputString, $.splitter)",
            {"inputString": "1,2,3,4,5", "splitter": ","},
            ["1", "2", "3", "4", "5"],
        ),
        (
            "States.StringSplit($.inputString, $.splitter)",
            {"inputString": "This.is+a,test=string", "splitter": ".+,="},
            ["This", "is", "a", "test", "string"],
        ),
        ("States.Format('{} \\{literal\\} {}', 'a', 1)", {}, "a {literal} 1"),
    ],
)
def test_intrinsic_matches_aws_example(text, data, expected):
    assert evaluate(text, data) == expected


def test_uuid_and_math_random_are_seeded():
    assert evaluate("States.UUID()", seed=2) == evaluate("States.UUID()", seed=2)
    assert len(evaluate("States.UUID()")) == 36
    value = evaluate("States.MathRandom(1, 999)")
    assert 1 <= value < 999


@pytest.mark.parametrize(
    "text",
    ["States.Nope(1)", "States.Format('x'", "States.Array(1 2)", "States.Format('a', $.b[)"],
)
def test_malformed_intrinsic_is_a_syntax_error(text):
    with pytest.raises(IntrinsicSyntaxError):
        parse_intrinsic(text)


def test_wrong_arguments_are_intrinsic_failures():
    with pytest.raises(IntrinsicFailure):
        evaluate("States.Format('{} {}', 'only one')")
    with pytest.raises(IntrinsicFailure):
        evaluate("States.MathAdd('a', 1)")
    with pytest.raises(IntrinsicFailure):
        evaluate("States.ArrayRange(1, 5000, 1)")
