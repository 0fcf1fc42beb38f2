"""The EventBridge engine against the EventBridge API reference and user guide.

Where the engine follows AWS over moto the test names the AWS page: the PutEvents size limit
is 1 MB since 29 January 2026 (AWS Compute Blog, "More room to build: serverless services
now support payloads up to 1 MB"); moto still applies no size limit.
"""

import json

import pytest

from studyapp.sims.engines.core import AwsError, Engine, LambdaEngine, World
from studyapp.sims.engines.eventbridge import EventBridgeEngine

QUEUE_ARN = "arn:aws:sqs:us-east-1:123456789012:billing"
FUNCTION_ARN = "arn:aws:lambda:us-east-1:123456789012:function:notify"


class RecordingTarget(Engine):
    """A tiny stand-in for a queue: it records what EventBridge delivers."""

    service = "fake"
    arn_services = ("sqs",)

    def __init__(self, world):
        super().__init__(world)
        self.received: list[tuple[str, dict]] = []

    def deliver(self, target_arn, payload):
        if target_arn != QUEUE_ARN:
            raise AwsError("ResourceNotFoundException", f"{target_arn} does not exist.")
        self.received.append((target_arn, payload))


def make_world(seed=3):
    world = World(seed=seed)
    world.add(LambdaEngine(world))
    events = world.add(EventBridgeEngine(world))
    target = world.add(RecordingTarget(world))
    return world, events, target


def order_entry(detail_type="OrderPlaced", bus=None, **detail):
    entry = {
        "Source": "shop.orders",
        "DetailType": detail_type,
        "Detail": json.dumps(detail or {"id": 1}),
    }
    if bus:
        entry["EventBusName"] = bus
    return entry


def rule_to_queue(world, name="orders", pattern=None, **target):
    pattern = pattern or {"source": ["shop.orders"], "detail-type": ["OrderPlaced"]}
    world.call("PutRule", {"Name": name, "EventPattern": json.dumps(pattern)})
    world.call("PutTargets", {"Rule": name, "Targets": [{"Id": "q", "Arn": QUEUE_ARN, **target}]})


def kinds(world):
    return [e["kind"] for e in world.events]


def test_put_events_routes_a_matching_event_to_the_target_as_json():
    world, _, target = make_world()
    rule_to_queue(world)
    response = world.call("PutEvents", {"Entries": [order_entry(id=7)]})
    assert response["FailedEntryCount"] == 0
    [(arn, payload)] = target.received
    event = json.loads(payload["body"])
    assert (arn, event["detail"], event["id"]) == (
        QUEUE_ARN,
        {"id": 7},
        response["Entries"][0]["EventId"],
    )
    assert event["account"] == "123456789012" and event["time"] == "2026-01-01T00:00:00Z"
    assert payload["source"] == "events"


def test_put_events_non_matching_event_is_skipped_with_the_reason():
    world, _, target = make_world()
    rule_to_queue(world)
    world.call("PutEvents", {"Entries": [order_entry("OrderShipped")]})
    assert target.received == []
    skipped = [e for e in world.events if e["kind"] == "rule-skipped"]
    assert [(e["rule"], e["field"]) for e in skipped] == [("orders", "detail-type")]


def test_put_events_reports_failed_entries_in_aws_shape():
    world, _, _ = make_world()
    entries = [
        order_entry(),
        {"Source": "shop.orders", "DetailType": "X"},
        {"Source": "aws.ec2", "DetailType": "X", "Detail": "{}"},
        {"Source": "shop", "DetailType": "X", "Detail": "[1, 2]"},
        order_entry(bus="nope"),
    ]
    response = world.call("PutEvents", {"Entries": entries})
    assert response["FailedEntryCount"] == 4
    assert [e.get("ErrorCode") for e in response["Entries"]] == [
        None,
        "InvalidArgument",
        "NotAuthorizedForSourceException",
        "MalformedDetail",
        "ResourceNotFoundException",
    ]


def test_put_events_more_than_ten_entries_is_a_validation_error():
    world, _, _ = make_world()
    with pytest.raises(AwsError) as caught:
        world.call("PutEvents", {"Entries": [order_entry()] * 11})
    assert caught.value.code == "ValidationException"


def test_put_events_over_one_megabyte_is_refused():
    world, _, _ = make_world()
    big = {"Source": "shop", "DetailType": "Big", "Detail": json.dumps({"x": "a" * (1024 * 1024)})}
    with pytest.raises(AwsError) as caught:
        world.call("PutEvents", {"Entries": [big]})
    assert caught.value.code == "ValidationException"


def test_put_targets_sixth_target_is_limit_exceeded():
    world, _, _ = make_world()
    world.call("PutRule", {"Name": "r", "EventPattern": '{"source": ["a"]}'})
    targets = [{"Id": f"t{i}", "Arn": QUEUE_ARN} for i in range(5)]
    assert world.call("PutTargets", {"Rule": "r", "Targets": targets})["FailedEntryCount"] == 0
    with pytest.raises(AwsError) as caught:
        world.call("PutTargets", {"Rule": "r", "Targets": [{"Id": "t5", "Arn": QUEUE_ARN}]})
    assert caught.value.code == "LimitExceededException"
    assert len(world.call("ListTargetsByRule", {"Rule": "r"})["Targets"]) == 5


def test_put_rule_invalid_pattern_is_invalid_event_pattern_exception():
    world, _, _ = make_world()
    with pytest.raises(AwsError) as caught:
        world.call("PutRule", {"Name": "r", "EventPattern": '{"source": "shop"}'})
    assert caught.value.code == "InvalidEventPatternException"


def test_disabled_rule_sends_nothing_until_enabled():
    world, _, target = make_world()
    rule_to_queue(world)
    world.call("DisableRule", {"Name": "orders"})
    world.call("PutEvents", {"Entries": [order_entry()]})
    assert target.received == []
    assert world.events[-1]["reason"] == "disabled"
    world.call("EnableRule", {"Name": "orders"})
    world.call("PutEvents", {"Entries": [order_entry()]})
    assert len(target.received) == 1


def test_input_transformer_fills_the_template():
    world, _, _ = make_world()
    world.call("PutRule", {"Name": "r", "EventPattern": '{"source": ["shop.orders"]}'})
    transformer = {
        "InputPathsMap": {"id": "$.detail.id", "sku": "$.detail.items[0].sku"},
        "InputTemplate": '{"order": <id>, "text": "Order <id> starts with <sku>", "rule": "<aws.events.rule-name>"}',
    }
    world.call(
        "PutTargets",
        {
            "Rule": "r",
            "Targets": [{"Id": "f", "Arn": FUNCTION_ARN, "InputTransformer": transformer}],
        },
    )
    world.call("PutEvents", {"Entries": [order_entry(id=7, items=[{"sku": "A-1"}])]})
    invocations = world.call("x-GetInvocations", {"FunctionName": "notify"})["Invocations"]
    assert invocations[0]["event"] == {"order": 7, "text": "Order 7 starts with A-1", "rule": "r"}


def test_input_path_and_constant_input():
    world, _, target = make_world()
    rule_to_queue(world, InputPath="$.detail")
    world.call("PutEvents", {"Entries": [order_entry(id=9)]})
    assert target.received[-1][1]["body"] == '{"id": 9}'
    with pytest.raises(AwsError) as caught:
        world.call(
            "PutTargets",
            {
                "Rule": "orders",
                "Targets": [{"Id": "q", "Arn": QUEUE_ARN, "Input": "{}", "InputPath": "$.detail"}],
            },
        )
    assert caught.value.code == "ValidationException"


def test_custom_bus_keeps_its_rules_apart_from_the_default_bus():
    world, _, target = make_world()
    bus_arn = world.call("CreateEventBus", {"Name": "orders-bus"})["EventBusArn"]
    assert bus_arn == "arn:aws:events:us-east-1:123456789012:event-bus/orders-bus"
    world.call(
        "PutRule",
        {"Name": "r", "EventBusName": "orders-bus", "EventPattern": '{"source": ["shop.orders"]}'},
    )
    world.call(
        "PutTargets",
        {"Rule": "r", "EventBusName": "orders-bus", "Targets": [{"Id": "q", "Arn": QUEUE_ARN}]},
    )
    world.call("PutEvents", {"Entries": [order_entry()]})
    assert target.received == []
    world.call("PutEvents", {"Entries": [order_entry(bus="orders-bus")]})
    assert len(target.received) == 1
    names = [b["Name"] for b in world.call("ListEventBuses", {})["EventBuses"]]
    assert names == ["default", "orders-bus"]
    with pytest.raises(AwsError) as caught:
        world.call("CreateEventBus", {"Name": "orders-bus"})
    assert caught.value.code == "ResourceAlreadyExistsException"


def test_bus_as_target_forwards_the_same_event():
    world, _, target = make_world()
    world.call("CreateEventBus", {"Name": "team"})
    world.call("PutRule", {"Name": "fwd", "EventPattern": '{"source": ["shop.orders"]}'})
    world.call(
        "PutTargets",
        {
            "Rule": "fwd",
            "Targets": [{"Id": "b", "Arn": "arn:aws:events:us-east-1:123456789012:event-bus/team"}],
        },
    )
    world.call(
        "PutRule",
        {"Name": "r", "EventBusName": "team", "EventPattern": '{"source": ["shop.orders"]}'},
    )
    world.call(
        "PutTargets",
        {"Rule": "r", "EventBusName": "team", "Targets": [{"Id": "q", "Arn": QUEUE_ARN}]},
    )
    event_id = world.call("PutEvents", {"Entries": [order_entry()]})["Entries"][0]["EventId"]
    assert json.loads(target.received[0][1]["body"])["id"] == event_id


def test_unreachable_target_is_retried_then_sent_to_its_dead_letter_queue():
    world, _, target = make_world()
    world.call("PutRule", {"Name": "r", "EventPattern": '{"source": ["shop.orders"]}'})
    world.call(
        "PutTargets",
        {
            "Rule": "r",
            "Targets": [
                {
                    "Id": "gone",
                    "Arn": "arn:aws:sqs:us-east-1:123456789012:deleted",
                    "RetryPolicy": {"MaximumRetryAttempts": 2},
                    "DeadLetterConfig": {"Arn": QUEUE_ARN},
                }
            ],
        },
    )
    world.call("PutEvents", {"Entries": [order_entry()]})
    world.advance(10)
    failures = [e["t"] for e in world.events if e["kind"] == "delivery-failed"]
    assert failures == [0.0, 1.0]
    assert [e["kind"] for e in world.events][-1] == "sent-to-dlq"
    assert len(target.received) == 1


def test_rate_schedule_fires_on_the_virtual_clock():
    world, _, target = make_world()
    world.call("PutRule", {"Name": "tick", "ScheduleExpression": "rate(5 minutes)"})
    world.call("PutTargets", {"Rule": "tick", "Targets": [{"Id": "q", "Arn": QUEUE_ARN}]})
    world.advance(900)
    times = [e["t"] for e in world.events if e["kind"] == "schedule-fired"]
    assert times == [300.0, 600.0, 900.0]
    assert json.loads(target.received[0][1]["body"])["detail-type"] == "Scheduled Event"


def test_cron_schedule_fires_at_the_named_minute():
    world, _, _ = make_world()
    world.call("PutRule", {"Name": "noon", "ScheduleExpression": "cron(0 12 * * ? *)"})
    world.call("PutTargets", {"Rule": "noon", "Targets": [{"Id": "q", "Arn": QUEUE_ARN}]})
    world.advance(2 * 86400)
    assert [e["t"] for e in world.events if e["kind"] == "schedule-fired"] == [43200.0, 129600.0]


@pytest.mark.parametrize(
    "expression", ["rate(0 minutes)", "rate(5 minute)", "cron(0 12 * * * *)", "every day"]
)
def test_bad_schedule_expression_is_a_validation_error(expression):
    world, _, _ = make_world()
    with pytest.raises(AwsError) as caught:
        world.call("PutRule", {"Name": "r", "ScheduleExpression": expression})
    assert caught.value.code == "ValidationException"


def test_archive_and_replay_resend_events_with_replay_name():
    world, _, target = make_world()
    archive_arn = world.call(
        "CreateArchive",
        {
            "ArchiveName": "all-orders",
            "EventSourceArn": "arn:aws:events:us-east-1:123456789012:event-bus/default",
        },
    )["ArchiveArn"]
    world.call("PutEvents", {"Entries": [order_entry(id=1), order_entry(id=2)]})
    world.advance(60)
    rule_to_queue(world)  # the consumer arrives late and missed both events
    assert target.received == []
    response = world.call(
        "StartReplay",
        {
            "ReplayName": "catch-up",
            "EventSourceArn": archive_arn,
            "EventStartTime": "2026-01-01T00:00:00Z",
            "EventEndTime": "2026-01-01T00:01:00Z",
            "Destination": {"Arn": "arn:aws:events:us-east-1:123456789012:event-bus/default"},
        },
    )
    assert response["State"] == "STARTING"
    world.advance(1)
    bodies = [json.loads(p["body"]) for _, p in target.received]
    assert [(b["detail"]["id"], b["replay-name"]) for b in bodies] == [
        (1, "catch-up"),
        (2, "catch-up"),
    ]
    assert world.call("DescribeReplay", {"ReplayName": "catch-up"})["State"] == "COMPLETED"
    assert world.call("DescribeArchive", {"ArchiveName": "all-orders"})["EventCount"] == 2


def test_test_event_pattern_answers_like_aws():
    world, _, _ = make_world()
    event = {"source": "shop", "detail": {"amount": 5}}
    pattern = {"detail": {"amount": [{"numeric": [">", 1]}]}}
    assert world.call(
        "TestEventPattern", {"EventPattern": json.dumps(pattern), "Event": json.dumps(event)}
    ) == {"Result": True}


def test_same_seed_gives_the_same_trace():
    traces = []
    for _ in range(2):
        world, _, _ = make_world(seed=11)
        rule_to_queue(world)
        world.call("PutEvents", {"Entries": [order_entry(), order_entry("Other")]})
        traces.append(world.events)
    assert traces[0] == traces[1]
