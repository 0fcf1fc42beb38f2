"""SNS filter policies: AWS's own cases from ../shared/aws-vectors, plus validation errors."""

import json
from pathlib import Path

import pytest

from studyapp.sims.engines.core import AwsError
from studyapp.sims.engines.sns_filter import matches, parse_filter_policy

VECTORS = (
    Path(__file__).resolve().parents[4] / "shared" / "aws-vectors" / "sns_filter_policies.json"
)


def load_cases():
    if not VECTORS.exists():
        return []
    return json.loads(VECTORS.read_text())


CASES = load_cases()


@pytest.mark.skipif(not CASES, reason=f"AWS vectors not found at {VECTORS} (CI provides them)")
@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_sns_filter_matches_aws_vector(case):
    policy = parse_filter_policy(json.dumps(case["policy"]), case["scope"])
    if case["scope"] == "MessageBody":
        body = case["body"] if isinstance(case["body"], str) else json.dumps(case["body"])
        assert matches(policy, "MessageBody", body=body) is case["match"]
    else:
        attributes = {
            name: {"DataType": a["Type"], "StringValue": a["Value"]}
            for name, a in case["attributes"].items()
        }
        assert matches(policy, "MessageAttributes", attributes=attributes) is case["match"]


@pytest.mark.parametrize(
    "policy, scope, reason",
    [
        ('{"a": "x"}', "MessageAttributes", "must be an array"),
        ('{"a": []}', "MessageAttributes", "Empty arrays"),
        ('{"a": [{"prefixx": "x"}]}', "MessageAttributes", "Unrecognized match type prefixx"),
        ('{"a": [{"prefix": 1}]}', "MessageAttributes", "Value of prefix must be a string"),
        ('{"a": [{"numeric": [">", 5, "<", 1]}]}', "MessageAttributes", "Bottom must be less"),
        ('{"a": [{"numeric": ["~", 5]}]}', "MessageAttributes", "Unrecognized numeric"),
        ('{"a": [{"cidr": "10.0.0.0/99"}]}', "MessageAttributes", "Malformed CIDR"),
        ('{"a": [{"exists": "yes"}]}', "MessageAttributes", "either true or false"),
        ('{"a": {"b": ["x"]}}', "MessageAttributes", "MessageBody"),
        (
            '{"a":["1"],"b":["1"],"c":["1"],"d":["1"],"e":["1"],"f":["1"]}',
            "MessageBody",
            "more than 5 keys",
        ),
        ("not json", "MessageAttributes", "not valid JSON"),
        ('{"a": [{"anything-but": ["x", 1]}]}', "MessageAttributes", "only strings or only"),
    ],
)
def test_sns_filter_invalid_policy_is_invalid_parameter(policy, scope, reason):
    with pytest.raises(AwsError) as error:
        parse_filter_policy(policy, scope)
    assert error.value.code == "InvalidParameter"
    assert reason in error.value.message


def test_sns_filter_too_many_combinations():
    policy = {k: [str(i) for i in range(6)] for k in "abc"}  # 6*6*6 = 216 > 150
    with pytest.raises(AwsError) as error:
        parse_filter_policy(json.dumps(policy))
    assert "150" in error.value.message


def test_sns_filter_or_and_nested_body():
    policy = parse_filter_policy(
        '{"order": {"kind": ["book"]}, "$or": [{"total": [{"numeric": [">", 100]}]}, '
        '{"vip": [true]}]}',
        "MessageBody",
    )
    assert matches(policy, "MessageBody", body='{"order": {"kind": "book"}, "total": 150}')
    assert matches(policy, "MessageBody", body='{"order": {"kind": "book"}, "vip": true}')
    assert not matches(policy, "MessageBody", body='{"order": {"kind": "book"}, "total": 5}')
    assert not matches(policy, "MessageBody", body="not json")


def test_sns_filter_equals_ignore_case_and_suffix():
    policy = parse_filter_policy(
        '{"a": [{"equals-ignore-case": "ORDER"}], "b": [{"suffix": ".png"}]}'
    )
    attributes = {
        "a": {"DataType": "String", "StringValue": "order"},
        "b": {"DataType": "String", "StringValue": "cat.png"},
    }
    assert matches(policy, "MessageAttributes", attributes=attributes)
