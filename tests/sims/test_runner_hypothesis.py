"""Bad input never crashes the simulator: only clean AWS errors or scenario errors come out."""

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studyapp.sims.engines.core import AwsError
from studyapp.sims.engines.world import build_world
from studyapp.sims.runner import run_action, run_scenario
from studyapp.sims.scenario import ScenarioError, load_scenario_text

QUEUE_URL = "https://sqs.us-east-1.amazonaws.com/123456789012/q"
FIFO_URL = "https://sqs.us-east-1.amazonaws.com/123456789012/f.fifo"
TOPIC = "arn:aws:sns:us-east-1:123456789012:t"
# The shared LambdaEngine (core.py) is not this module's to harden; the runner turns its
# crashes on malformed x- parameters into ParamValidationError, as the whole-scenario test shows.
ACTIONS = sorted(
    name for service in ("sqs", "sns") for name in build_world(0).engines[service].actions()
) + ["x-Wait", "x-SetRealism"]
LAB_ACTIONS = ACTIONS + sorted(build_world(0).engines["lambda"].actions())
PARAMETERS = [
    "QueueName",
    "QueueUrl",
    "Attributes",
    "AttributeNames",
    "MessageBody",
    "DelaySeconds",
    "MessageGroupId",
    "MessageDeduplicationId",
    "MessageAttributes",
    "MaxNumberOfMessages",
    "WaitTimeSeconds",
    "VisibilityTimeout",
    "ReceiptHandle",
    "Entries",
    "Name",
    "TopicArn",
    "Protocol",
    "Endpoint",
    "Message",
    "MessageStructure",
    "Subject",
    "SubscriptionArn",
    "AttributeName",
    "AttributeValue",
    "PublishBatchRequestEntries",
    "Seconds",
    "Enabled",
    "Healthy",
    "FunctionName",
    "MessageSystemAttributeNames",
    "MessageAttributeNames",
    "PollIntervalSeconds",
    "ReturnSubscriptionArn",
    "Id",
]
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=False),
    st.text(max_size=20),
    st.sampled_from(
        [
            QUEUE_URL,
            FIFO_URL,
            TOPIC,
            "sqs",
            "https",
            "lambda",
            "email",
            "All",
            "true",
            "false",
            "30",
            "-1",
            "99999999",
            "FilterPolicy",
            "RedrivePolicy",
            "RawMessageDelivery",
            "FilterPolicyScope",
            "MessageBody",
            "json",
            '{"a": ["b"]}',
            '{"a": [{"numeric": [">", 1]}]}',
            "{",
            "String",
            "arn:aws:sqs:us-east-1:123456789012:q",
            "https://x.example/h",
        ]
    ),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(
            st.sampled_from(PARAMETERS + ["DataType", "StringValue"]), inner, max_size=4
        ),
    ),
    max_leaves=12,
)
CALLS = st.tuples(
    st.sampled_from(ACTIONS), st.dictionaries(st.sampled_from(PARAMETERS), VALUES, max_size=6)
)


def seeded_world():
    world = build_world(1)
    world.call("CreateQueue", {"QueueName": "q"})
    world.call("CreateQueue", {"QueueName": "f.fifo", "Attributes": {"FifoQueue": "true"}})
    world.call("CreateTopic", {"Name": "t"})
    world.call("SendMessage", {"QueueUrl": QUEUE_URL, "MessageBody": "hello"})
    return world


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(CALLS, min_size=1, max_size=6))
def test_runner_engine_calls_raise_only_aws_errors(calls):
    world = seeded_world()
    for action, params in calls:
        try:
            response = run_action(world, action, params)
        except AwsError as error:
            assert error.code and error.message
        else:
            assert isinstance(response, dict)


STEP = st.fixed_dictionaries(
    {"action": st.sampled_from(LAB_ACTIONS)},
    optional={
        "id": st.sampled_from(["a", "b", "1x", ""]),
        "say": SCALARS,
        "expect": VALUES,
        "QueueUrl": st.sampled_from([QUEUE_URL, "${a.QueueUrl}", "${b.Nope}", "${"]),
        "QueueName": SCALARS,
        "MessageBody": SCALARS,
        "Seconds": SCALARS,
    },
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(STEP, max_size=5), st.one_of(st.integers(), st.text(max_size=5)))
def test_runner_whole_scenarios_give_results_or_scenario_errors(steps, seed):
    text = yaml.safe_dump(
        {"id": "fuzz", "title": "Fuzz", "teaches": [], "seed": seed, "steps": steps}
    )
    try:
        scenario = load_scenario_text(text, "fuzz.yaml")
    except ScenarioError as error:
        assert all(e.startswith("fuzz.yaml:") for e in error.errors)
        return
    results = run_scenario(scenario)
    assert [r["step"] for r in results] == list(range(1, len(steps) + 1))
