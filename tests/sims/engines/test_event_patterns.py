"""EventBridge event patterns: AWS's own cases from ../shared/aws-vectors, validation, speed-up.

Semantics follow the EventBridge user guide (eb-event-patterns.html and
eb-create-pattern-operators.html) and AWS's event-ruler, not moto: moto 5.2.5 disagrees with
AWS on some vector cases (arrays of objects, cidr, numbers compared by representation); the
test below counts those cases and still requires AWS's answer.
"""

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studyapp.sims.engines.core import AwsError
from studyapp.sims.engines.event_patterns import RuleIndex, compile_pattern, matches

VECTORS = (
    Path(__file__).resolve().parents[4] / "shared" / "aws-vectors" / "eventbridge_patterns.json"
)


def load_vectors():
    if not VECTORS.exists():
        return []
    return json.loads(VECTORS.read_text())


@pytest.mark.skipif(not VECTORS.exists(), reason=f"AWS pattern vectors not found at {VECTORS}")
@pytest.mark.parametrize("case", load_vectors(), ids=lambda c: c["name"][:60])
def test_pattern_matches_aws_vector(case):
    assert matches(case["pattern"], case["event"]) is case["match"]


@pytest.mark.skipif(not VECTORS.exists(), reason=f"AWS pattern vectors not found at {VECTORS}")
def test_pattern_vectors_where_moto_departs_from_aws_still_follow_aws():
    departures = [c for c in load_vectors() if c["moto_match"] != c["match"]]
    assert len(departures) > 0
    assert [matches(c["pattern"], c["event"]) for c in departures] == [
        c["match"] for c in departures
    ]


EVENT = {
    "source": "shop.orders",
    "detail-type": "OrderPlaced",
    "resources": ["arn:aws:s3:::a", "arn:aws:s3:::b"],
    "detail": {
        "amount": 120.5,
        "count": 3,
        "status": "PAID",
        "customer": {"tier": "gold", "ip": "10.0.0.7"},
        "items": [{"sku": "A-1", "qty": 1}, {"sku": "B-2", "qty": 5}],
        "note": None,
    },
}


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ({"source": ["shop.orders"]}, True),
        ({"source": ["shop.billing"]}, False),
        ({"resources": ["arn:aws:s3:::b"]}, True),
        ({"detail": {"status": [{"prefix": "PA"}]}}, True),
        ({"detail": {"status": [{"suffix": "ID"}]}}, True),
        ({"detail": {"status": [{"equals-ignore-case": "paid"}]}}, True),
        ({"detail": {"status": [{"wildcard": "P*D"}]}}, True),
        ({"detail": {"status": [{"anything-but": ["PAID", "NEW"]}]}}, False),
        ({"detail": {"status": [{"anything-but": {"prefix": "NE"}}]}}, True),
        ({"detail": {"amount": [{"numeric": [">", 100, "<=", 200]}]}}, True),
        ({"detail": {"amount": [{"numeric": ["<", 100]}]}}, False),
        ({"detail": {"customer": {"ip": [{"cidr": "10.0.0.0/24"}]}}}, True),
        ({"detail": {"customer": {"tier": [{"exists": True}]}}}, True),
        ({"detail": {"coupon": [{"exists": False}]}}, True),
        ({"detail": {"note": [None]}}, True),
        ({"detail": {"items": {"sku": ["B-2"], "qty": [5]}}}, True),
        ({"detail": {"items": {"sku": ["A-1"], "qty": [5]}}}, False),
        ({"$or": [{"source": ["x"]}, {"detail": {"count": [3]}}]}, True),
        ({"detail": {"count": ["3"]}}, False),
    ],
)
def test_pattern_operator_on_order_event(pattern, expected):
    assert matches(pattern, EVENT) is expected


@pytest.mark.parametrize(
    ("pattern", "reason"),
    [
        ("not json", "not valid JSON"),
        ("[1]", "Filter is not an object"),
        ({}, "Empty objects are not allowed"),
        ({"source": []}, "Empty arrays are not allowed"),
        ({"source": "shop"}, '"source" must be an object or an array'),
        ({"a": [{"bogus": 1}]}, "Unrecognized match type bogus"),
        ({"a": [{"prefix": 5}]}, "prefix match pattern must be a string"),
        ({"a": [{"exists": "yes"}]}, "exists match pattern must be either true or false"),
        ({"a": [{"numeric": [">", "five"]}]}, "Value of > must be numeric"),
        ({"a": [{"numeric": [">", 5, "<", 1]}]}, "Bottom must be less than top"),
        ({"a": [{"wildcard": "a**b"}]}, "Consecutive wildcard characters"),
        ({"a": [{"cidr": "10.0.0.300/8"}]}, "Malformed CIDR"),
        ({"a": [{"prefix": "a", "suffix": "b"}]}, "Only one key allowed"),
        ({"$or": [{"a": ["b"]}]}, "at least 2 objects"),
        ({"a": [["nested"]]}, "Match value must be String"),
    ],
)
def test_pattern_invalid_gets_aws_error_with_reason(pattern, reason):
    with pytest.raises(AwsError) as caught:
        compile_pattern(pattern if isinstance(pattern, str) else json.dumps(pattern))
    assert caught.value.code == "InvalidEventPatternException"
    assert reason in caught.value.message


def test_pattern_why_not_names_the_first_failing_field():
    compiled = compile_pattern({"source": ["shop.orders"], "detail": {"status": ["NEW"]}})
    assert compiled.why_not(EVENT) == "detail.status"


def test_rule_index_gives_the_same_answers_as_testing_every_rule():
    patterns = [
        compile_pattern({"source": ["shop.orders"], "detail-type": [f"Type{i % 7}"]})
        for i in range(30)
    ] + [compile_pattern({"detail": {"count": [{"numeric": [">", 1]}]}})]
    index = RuleIndex(patterns)
    for n in range(7):
        event = {**EVENT, "detail-type": f"Type{n}"}
        assert index.matching(event) == [i for i, p in enumerate(patterns) if p.matches(event)]


json_leaf = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 5),
    st.floats(-10, 10, allow_nan=False),
    st.text(max_size=4),
)
json_value = st.recursive(
    json_leaf,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=3), inner, max_size=3)
    ),
    max_leaves=10,
)
operator = st.one_of(
    json_leaf,
    st.dictionaries(
        st.sampled_from(
            [
                "prefix",
                "suffix",
                "anything-but",
                "numeric",
                "exists",
                "equals-ignore-case",
                "wildcard",
                "cidr",
                "bogus",
            ]
        ),
        json_value,
        min_size=1,
        max_size=2,
    ),
)
pattern_strategy = st.recursive(
    st.dictionaries(
        st.sampled_from(["a", "b", "$or", "detail"]), st.lists(operator, max_size=3), max_size=3
    ),
    lambda inner: st.dictionaries(
        st.sampled_from(["a", "b", "$or", "detail"]),
        st.one_of(inner, st.lists(inner, max_size=3)),
        max_size=3,
    ),
    max_leaves=8,
)
event_strategy = st.dictionaries(st.sampled_from(["a", "b", "detail", "c"]), json_value, max_size=4)


@settings(max_examples=300, deadline=None)
@given(pattern=pattern_strategy, event=event_strategy)
def test_pattern_random_input_never_crashes(pattern, event):
    try:
        compiled = compile_pattern(json.dumps(pattern))
    except AwsError as error:
        assert error.code == "InvalidEventPatternException"
        return
    assert compiled.matches(event) in (True, False)
    assert RuleIndex([compiled]).matching(event) == ([0] if compiled.matches(event) else [])
