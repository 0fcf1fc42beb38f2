"""The EventBridge Pipes engine, following the Pipes user guide (eb-pipes.html,
eb-pipes-event-filtering.html: filtered-out SQS messages are deleted, not left behind)."""

import base64
import json

import pytest

from studyapp.sims.engines.core import AwsError
from studyapp.sims.engines.world import build_world

ROLE = "arn:aws:iam::123456789012:role/pipe"
ORDERS_ARN = "arn:aws:sqs:us-east-1:123456789012:orders"
PAID_ARN = "arn:aws:sqs:us-east-1:123456789012:paid"
ENRICH_ARN = "arn:aws:lambda:us-east-1:123456789012:function:enrich"


def url(name):
    return f"https://sqs.us-east-1.amazonaws.com/123456789012/{name}"


def make(seed=5):
    world = build_world(seed)
    world.call("CreateQueue", {"QueueName": "orders", "Attributes": {"VisibilityTimeout": "10"}})
    world.call("CreateQueue", {"QueueName": "paid"})
    return world


def send_orders(world, *statuses):
    for i, status in enumerate(statuses, 1):
        world.call(
            "SendMessage",
            {"QueueUrl": url("orders"), "MessageBody": json.dumps({"id": i, "status": status})},
        )


def depth(world, name):
    attributes = world.call(
        "GetQueueAttributes", {"QueueUrl": url(name), "AttributeNames": ["All"]}
    )["Attributes"]
    return int(attributes["ApproximateNumberOfMessages"]), int(
        attributes["ApproximateNumberOfMessagesNotVisible"]
    )


def bodies(world, name):
    messages = world.call("ReceiveMessage", {"QueueUrl": url(name), "MaxNumberOfMessages": 10}).get(
        "Messages", []
    )
    return [json.loads(m["Body"]) for m in messages]


def create_pipe(world, **extra):
    params = {
        "Name": "orders-pipe",
        "RoleArn": ROLE,
        "Source": ORDERS_ARN,
        "Target": PAID_ARN,
        **extra,
    }
    return world.call("CreatePipe", params)


def test_pipe_moves_messages_and_deletes_them_from_the_source():
    world = make()
    send_orders(world, "PAID", "PAID")
    assert create_pipe(world)["CurrentState"] == "CREATING"
    world.advance(1)
    assert world.call("DescribePipe", {"Name": "orders-pipe"})["CurrentState"] == "RUNNING"
    assert depth(world, "orders") == (0, 0)
    assert [b["body"] for b in bodies(world, "paid")] == [
        '{"id": 1, "status": "PAID"}',
        '{"id": 2, "status": "PAID"}',
    ]


def test_pipe_filter_drops_and_deletes_non_matching_messages():
    world = make()
    send_orders(world, "PAID", "NEW", "PAID")
    create_pipe(
        world,
        SourceParameters={
            "FilterCriteria": {"Filters": [{"Pattern": '{"body": {"status": ["PAID"]}}'}]}
        },
        TargetParameters={"InputTemplate": '{"order": <$.body.id>}'},
    )
    world.advance(2)
    assert bodies(world, "paid") == [{"order": 1}, {"order": 3}]
    assert depth(world, "orders") == (0, 0)
    dropped = [e["record"] for e in world.events if e["kind"] == "pipe-filtered-out"]
    assert dropped == ["m-2"]


def test_pipe_enrichment_result_is_what_the_target_gets():
    world = make()
    world.call(
        "x-CreateFunction", {"FunctionName": "enrich", "Result": [{"id": 1, "customer": "Ann"}]}
    )
    send_orders(world, "PAID")
    create_pipe(world, Enrichment=ENRICH_ARN)
    world.advance(1)
    assert bodies(world, "paid") == [{"id": 1, "customer": "Ann"}]
    invocation = world.call("x-GetInvocations", {"FunctionName": "enrich"})["Invocations"][0]
    assert [r["eventSource"] for r in invocation["event"]] == ["aws:sqs"]


def test_pipe_failed_enrichment_leaves_messages_to_come_back():
    world = make()
    world.call("x-FailFunction", {"FunctionName": "enrich", "Times": 1})
    send_orders(world, "PAID")
    create_pipe(world, Enrichment=ENRICH_ARN)
    world.advance(1)
    assert depth(world, "orders") == (0, 1)
    assert [e["kind"] for e in world.events if e["kind"].startswith("pipe-")][-1] == "pipe-failed"
    world.advance(10)  # visibility timeout of 10 s ends, the pipe takes it again and succeeds
    assert depth(world, "orders") == (0, 0)
    assert [b["body"] for b in bodies(world, "paid")] == ['{"id": 1, "status": "PAID"}']


def test_pipe_batch_size_limits_each_poll():
    world = make()
    send_orders(world, *["PAID"] * 5)
    create_pipe(world, SourceParameters={"SqsQueueParameters": {"BatchSize": 2}})
    world.advance(1)
    assert depth(world, "orders") == (3, 0)
    world.advance(2)
    assert depth(world, "orders") == (0, 0)


def test_stopped_pipe_reads_nothing_until_started():
    world = make()
    create_pipe(world, DesiredState="STOPPED")
    world.advance(1)
    send_orders(world, "PAID")
    world.advance(5)
    assert depth(world, "orders") == (1, 0)
    assert world.call("StartPipe", {"Name": "orders-pipe"})["CurrentState"] == "STARTING"
    world.advance(1)
    assert depth(world, "orders") == (0, 0)
    world.call("StopPipe", {"Name": "orders-pipe"})
    world.advance(1)
    assert world.call("DescribePipe", {"Name": "orders-pipe"})["CurrentState"] == "STOPPED"


def test_pipe_from_kinesis_like_stream_filters_on_decoded_data():
    world = make()
    stream_arn = world.call("x-CreateStream", {"StreamName": "clicks"})["StreamARN"]
    for page in ("home", "checkout", "checkout"):
        world.call(
            "x-PutRecord", {"StreamName": "clicks", "Data": {"page": page}, "PartitionKey": "u1"}
        )
    create_pipe(
        world,
        Source=stream_arn,
        Target="arn:aws:lambda:us-east-1:123456789012:function:count",
        SourceParameters={
            "KinesisStreamParameters": {"StartingPosition": "TRIM_HORIZON", "BatchSize": 10},
            "FilterCriteria": {"Filters": [{"Pattern": {"data": {"page": ["checkout"]}}}]},
        },
    )
    world.advance(3)
    [invocation] = world.call("x-GetInvocations", {"FunctionName": "count"})["Invocations"]
    pages = [json.loads(base64.b64decode(r["data"]))["page"] for r in invocation["event"]]
    assert pages == ["checkout", "checkout"]


def test_pipe_from_dynamodb_like_stream_sends_typed_images():
    world = make()
    stream_arn = world.call("x-CreateTableStream", {"TableName": "orders"})["LatestStreamArn"]
    create_pipe(
        world,
        Source=stream_arn,
        SourceParameters={"DynamoDBStreamParameters": {"StartingPosition": "LATEST"}},
        TargetParameters={
            "InputTemplate": '{"id": "<$.dynamodb.NewImage.id.S>", "change": "<$.eventName>"}'
        },
    )
    world.call("x-PutRecord", {"TableName": "orders", "NewImage": {"id": "o-1", "total": 12}})
    world.advance(2)
    assert bodies(world, "paid") == [{"id": "o-1", "change": "INSERT"}]


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"Source": "arn:aws:sns:us-east-1:123456789012:t"}, "ValidationException"),
        ({"SourceParameters": {"SqsQueueParameters": {"BatchSize": 0}}}, "ValidationException"),
        (
            {"SourceParameters": {"FilterCriteria": {"Filters": [{"Pattern": '{"body": "x"}'}]}}},
            "InvalidEventPatternException",
        ),
        ({"Source": "arn:aws:kinesis:us-east-1:123456789012:stream/none"}, "ValidationException"),
    ],
)
def test_create_pipe_bad_parameters_get_aws_errors(params, code):
    world = make()
    with pytest.raises(AwsError) as caught:
        create_pipe(world, **params)
    assert caught.value.code == code


def test_create_pipe_twice_is_a_conflict_and_unknown_pipe_not_found():
    world = make()
    create_pipe(world)
    with pytest.raises(AwsError) as caught:
        create_pipe(world)
    assert caught.value.code == "ConflictException"
    with pytest.raises(AwsError) as caught:
        world.call("DescribePipe", {"Name": "nope"})
    assert caught.value.code == "NotFoundException"
