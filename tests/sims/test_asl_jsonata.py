"""JSONata templates: $states, variables, AWS's extra functions and the virtual clock."""

import random

import pytest

from studyapp.sims.engines.asl_jsonata import Evaluator, JsonataError, expression_problems


def evaluator(**variables):
    states = {"input": {"total": 40, "items": [1, 2, 3]}}
    return Evaluator(states, variables, random.Random(1), "2026-01-01T00:00:05Z", 1767225605000)


def test_template_evaluates_expressions_and_keeps_literals():
    template = {"sum": "{% $sum($states.input.items) %}", "fixed": "text", "n": 3}
    assert evaluator().template(template) == {"sum": 6, "fixed": "text", "n": 3}


def test_variables_and_aws_functions():
    assert evaluator(rate=0.5).expression("{% $states.input.total * $rate %}") == 20
    assert evaluator().expression("{% $partition([1,2,3], 2) %}") == [[1, 2], [3]]
    assert evaluator().expression("{% $parse('{\"a\": 1}') %}") == {"a": 1}
    assert evaluator().expression("{% $now() %}") == "2026-01-01T00:00:05Z"


def test_bad_expressions_are_errors_with_the_expression():
    with pytest.raises(JsonataError, match="nosuch"):
        evaluator().expression("{% $nosuch() %}")
    assert expression_problems({"a": "{% 1 + %}"}, "/States/A/Output")[0][0] == (
        "/States/A/Output/a"
    )
