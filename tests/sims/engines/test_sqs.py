"""The SQS engine against the SQS developer guide and API reference.

AWS pages followed where moto departs from them are named on the tests that rely on them.
"""

import pytest

from studyapp.sims.engines.core import AwsError
from studyapp.sims.engines.world import build_world


def make(name="orders", seed=1, realism=False, **attributes):
    world = build_world(seed, realism=realism)
    attrs = {k: str(v) for k, v in attributes.items()}
    url = world.call("CreateQueue", {"QueueName": name, "Attributes": attrs})["QueueUrl"]
    return world, url


def receive(world, url, **params):
    params = {"QueueUrl": url, "MessageSystemAttributeNames": ["All"], **params}
    return world.call("ReceiveMessage", params).get("Messages", [])


def send(world, url, body, **params):
    return world.call("SendMessage", {"QueueUrl": url, "MessageBody": body, **params})


def kinds(world):
    return [e["kind"] for e in world.events]


def counts(world, url):
    attributes = world.call("GetQueueAttributes", {"QueueUrl": url, "AttributeNames": ["All"]})[
        "Attributes"
    ]
    return (
        int(attributes["ApproximateNumberOfMessages"]),
        int(attributes["ApproximateNumberOfMessagesNotVisible"]),
        int(attributes["ApproximateNumberOfMessagesDelayed"]),
    )


def test_create_queue_url_and_arn_follow_aws_form():
    world, url = make()
    attributes = world.call("GetQueueAttributes", {"QueueUrl": url, "AttributeNames": ["QueueArn"]})
    assert url == "https://sqs.us-east-1.amazonaws.com/123456789012/orders"
    assert attributes == {"Attributes": {"QueueArn": "arn:aws:sqs:us-east-1:123456789012:orders"}}


def test_visibility_timeout_message_reappears_with_higher_receive_count():
    world, url = make(VisibilityTimeout=10)
    send(world, url, "order-1")
    first = receive(world, url)
    assert receive(world, url) == []
    world.advance(10)
    second = receive(world, url)
    assert [m["Body"] for m in second] == ["order-1"]
    assert first[0]["Attributes"]["ApproximateReceiveCount"] == "1"
    assert second[0]["Attributes"]["ApproximateReceiveCount"] == "2"
    assert "visible-again" in kinds(world)


def test_visibility_timeout_override_on_receive():
    world, url = make(VisibilityTimeout=30)
    send(world, url, "a")
    receive(world, url, VisibilityTimeout=5)
    world.advance(5)
    assert [m["Body"] for m in receive(world, url)] == ["a"]


def test_delete_with_stale_receipt_handle_succeeds_but_keeps_message():
    # https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_DeleteMessage.html
    world, url = make(VisibilityTimeout=10)
    send(world, url, "a")
    old = receive(world, url)[0]["ReceiptHandle"]
    world.advance(10)
    new = receive(world, url)[0]["ReceiptHandle"]
    assert world.call("DeleteMessage", {"QueueUrl": url, "ReceiptHandle": old}) == {}
    assert counts(world, url) == (0, 1, 0)
    world.call("DeleteMessage", {"QueueUrl": url, "ReceiptHandle": new})
    assert counts(world, url) == (0, 0, 0)


def test_delete_with_unknown_receipt_handle_is_invalid():
    world, url = make()
    with pytest.raises(AwsError) as error:
        world.call("DeleteMessage", {"QueueUrl": url, "ReceiptHandle": "nonsense"})
    assert error.value.code == "ReceiptHandleIsInvalid"


def test_change_message_visibility_extends_and_zero_releases():
    world, url = make(VisibilityTimeout=10)
    send(world, url, "a")
    handle = receive(world, url)[0]["ReceiptHandle"]
    world.call(
        "ChangeMessageVisibility",
        {"QueueUrl": url, "ReceiptHandle": handle, "VisibilityTimeout": 60},
    )
    world.advance(30)
    assert receive(world, url) == []
    world.call(
        "ChangeMessageVisibility",
        {"QueueUrl": url, "ReceiptHandle": handle, "VisibilityTimeout": 0},
    )
    assert [m["Body"] for m in receive(world, url)] == ["a"]


def test_change_visibility_of_visible_message_is_not_inflight():
    world, url = make(VisibilityTimeout=10)
    send(world, url, "a")
    handle = receive(world, url)[0]["ReceiptHandle"]
    world.advance(11)
    with pytest.raises(AwsError) as error:
        world.call(
            "ChangeMessageVisibility",
            {"QueueUrl": url, "ReceiptHandle": handle, "VisibilityTimeout": 5},
        )
    assert error.value.code == "AWS.SimpleQueueService.MessageNotInflight"


def test_delay_queue_hides_new_messages_until_delay_ends():
    world, url = make(DelaySeconds=30)
    send(world, url, "a")
    assert counts(world, url) == (0, 0, 1)
    world.advance(29)
    assert receive(world, url) == []
    world.advance(1)
    assert [m["Body"] for m in receive(world, url)] == ["a"]


def test_message_timer_overrides_queue_delay_on_standard_queue():
    world, url = make(DelaySeconds=30)
    send(world, url, "timer", DelaySeconds=0)
    assert [m["Body"] for m in receive(world, url)] == ["timer"]


def test_message_timer_on_fifo_queue_is_an_error():
    world, url = make("orders.fifo", FifoQueue="true", ContentBasedDeduplication="true")
    with pytest.raises(AwsError) as error:
        send(world, url, "a", MessageGroupId="g", DelaySeconds=5)
    assert error.value.code == "InvalidParameterValue"


def test_retention_expiry_drops_old_messages():
    world, url = make(MessageRetentionPeriod=60)
    send(world, url, "a")
    world.advance(60)
    assert receive(world, url) == []
    assert "expired" in kinds(world)


def test_dead_letter_queue_after_max_receive_count():
    world, dlq = make("orders-dlq")
    dlq_arn = world.call("GetQueueAttributes", {"QueueUrl": dlq, "AttributeNames": ["QueueArn"]})
    policy = {"deadLetterTargetArn": dlq_arn["Attributes"]["QueueArn"], "maxReceiveCount": 2}
    url = world.call(
        "CreateQueue",
        {
            "QueueName": "orders",
            "Attributes": {
                "VisibilityTimeout": "5",
                "RedrivePolicy": str(policy).replace("'", '"'),
            },
        },
    )["QueueUrl"]
    send(world, url, "poison")
    for _ in range(2):
        assert [m["Body"] for m in receive(world, url)] == ["poison"]
        world.advance(5)
    assert receive(world, url) == []
    moved = receive(world, dlq)
    assert [m["Body"] for m in moved] == ["poison"]
    assert "moved-to-dlq" in kinds(world)


def test_dead_letter_queue_must_match_queue_type():
    world, dlq = make("orders-dlq")
    policy = '{"deadLetterTargetArn": "arn:aws:sqs:us-east-1:123456789012:orders-dlq", "maxReceiveCount": 3}'
    with pytest.raises(AwsError) as error:
        world.call(
            "CreateQueue",
            {
                "QueueName": "orders.fifo",
                "Attributes": {"FifoQueue": "true", "RedrivePolicy": policy},
            },
        )
    assert error.value.code == "InvalidParameterCombination"


def test_dead_letter_queue_must_exist():
    world = build_world(1)
    policy = (
        '{"deadLetterTargetArn": "arn:aws:sqs:us-east-1:123456789012:nope", "maxReceiveCount": 3}'
    )
    with pytest.raises(AwsError) as error:
        world.call("CreateQueue", {"QueueName": "a", "Attributes": {"RedrivePolicy": policy}})
    assert error.value.code == "InvalidParameterValue"


def test_fifo_group_in_flight_blocks_only_its_own_group():
    world, url = make("orders.fifo", FifoQueue="true", ContentBasedDeduplication="true")
    for body, group in [("a1", "a"), ("a2", "a"), ("b1", "b")]:
        send(world, url, body, MessageGroupId=group)
    first = receive(world, url)
    second = receive(world, url)
    assert [m["Body"] for m in first] == ["a1"]
    assert [m["Body"] for m in second] == ["b1"]
    assert receive(world, url) == []
    world.call("DeleteMessage", {"QueueUrl": url, "ReceiptHandle": first[0]["ReceiptHandle"]})
    assert [m["Body"] for m in receive(world, url)] == ["a2"]


def test_fifo_receive_returns_one_group_in_order_first():
    world, url = make("orders.fifo", FifoQueue="true", ContentBasedDeduplication="true")
    for body, group in [("a1", "a"), ("b1", "b"), ("a2", "a")]:
        send(world, url, body, MessageGroupId=group)
    got = receive(world, url, MaxNumberOfMessages=10)
    assert [m["Body"] for m in got] == ["a1", "a2", "b1"]
    assert got[0]["Attributes"]["MessageGroupId"] == "a"


def test_fifo_dedup_window_is_five_minutes():
    world, url = make("orders.fifo", FifoQueue="true")
    first = send(world, url, "a", MessageGroupId="g", MessageDeduplicationId="d1")
    again = send(world, url, "a", MessageGroupId="g", MessageDeduplicationId="d1")
    assert again["MessageId"] == first["MessageId"]
    assert counts(world, url) == (1, 0, 0)
    world.advance(300)
    send(world, url, "a", MessageGroupId="g", MessageDeduplicationId="d1")
    assert counts(world, url) == (2, 0, 0)


def test_fifo_content_based_dedup_uses_body_hash():
    world, url = make("orders.fifo", FifoQueue="true", ContentBasedDeduplication="true")
    send(world, url, "same", MessageGroupId="g")
    send(world, url, "same", MessageGroupId="g")
    send(world, url, "other", MessageGroupId="g")
    assert counts(world, url) == (2, 0, 0)
    assert kinds(world).count("deduplicated") == 1


@pytest.mark.parametrize(
    "params, code",
    [
        ({}, "MissingParameter"),
        ({"MessageGroupId": "g"}, "InvalidParameterValue"),
    ],
)
def test_fifo_send_requires_group_and_dedup(params, code):
    world, url = make("orders.fifo", FifoQueue="true")
    with pytest.raises(AwsError) as error:
        send(world, url, "a", **params)
    assert error.value.code == code


@pytest.mark.parametrize(
    "name, value",
    [
        ("VisibilityTimeout", "43201"),
        ("VisibilityTimeout", "-1"),
        ("MessageRetentionPeriod", "59"),
        ("MessageRetentionPeriod", "1209601"),
        ("DelaySeconds", "901"),
        ("ReceiveMessageWaitTimeSeconds", "21"),
        ("MaximumMessageSize", "1023"),
        ("MaximumMessageSize", "1048577"),
        ("VisibilityTimeout", "ten"),
    ],
)
def test_attribute_out_of_range_is_invalid_attribute_value(name, value):
    world = build_world(1)
    with pytest.raises(AwsError) as error:
        world.call("CreateQueue", {"QueueName": "q", "Attributes": {name: value}})
    assert error.value.code == "InvalidAttributeValue"


@pytest.mark.parametrize(
    "name, value",
    [
        ("VisibilityTimeout", "43200"),
        ("MessageRetentionPeriod", "60"),
        ("MessageRetentionPeriod", "1209600"),
        ("DelaySeconds", "900"),
        ("ReceiveMessageWaitTimeSeconds", "20"),
        ("MaximumMessageSize", "1024"),
        ("MaximumMessageSize", "1048576"),
    ],
)
def test_attribute_range_edges_are_accepted(name, value):
    world, url = make(**{name: value})
    got = world.call("GetQueueAttributes", {"QueueUrl": url, "AttributeNames": [name]})
    assert got == {"Attributes": {name: value}}


def test_unknown_attribute_name_is_rejected():
    world = build_world(1)
    with pytest.raises(AwsError) as error:
        world.call("CreateQueue", {"QueueName": "q", "Attributes": {"Colour": "blue"}})
    assert error.value.code == "InvalidAttributeName"


def test_message_larger_than_maximum_size_is_rejected():
    world, url = make(MaximumMessageSize=1024)
    with pytest.raises(AwsError) as error:
        send(world, url, "x" * 1025)
    assert error.value.code == "InvalidParameterValue"


@pytest.mark.parametrize(
    "param, value",
    [("MaxNumberOfMessages", 11), ("WaitTimeSeconds", 21), ("MaxNumberOfMessages", 0)],
)
def test_receive_parameter_ranges(param, value):
    world, url = make()
    with pytest.raises(AwsError) as error:
        world.call("ReceiveMessage", {"QueueUrl": url, param: value})
    assert error.value.code == "InvalidParameterValue"


def test_long_poll_waits_on_virtual_clock_until_message_arrives():
    world, url = make()
    send(world, url, "late", DelaySeconds=7)
    got = receive(world, url, WaitTimeSeconds=20)
    assert [m["Body"] for m in got] == ["late"]
    assert world.now == 7
    assert world.events[-1]["kind"] == "long-poll"
    assert world.events[-1]["waited"] == 7


def test_long_poll_on_empty_queue_waits_full_time():
    world, url = make(ReceiveMessageWaitTimeSeconds=20)
    assert receive(world, url) == []
    assert world.now == 20


def test_realism_off_delivers_once_and_in_order():
    world, url = make(seed=3)
    for i in range(20):
        send(world, url, f"m{i}")
    got = []
    while batch := receive(world, url, MaxNumberOfMessages=10):
        got += [m["Body"] for m in batch]
        for m in batch:
            world.call("DeleteMessage", {"QueueUrl": url, "ReceiptHandle": m["ReceiptHandle"]})
    assert got == [f"m{i}" for i in range(20)]


def test_realism_on_standard_queue_duplicates_and_reorders_with_seed():
    world, url = make(seed=3, realism=True)
    for i in range(20):
        send(world, url, f"m{i}")
    got = []
    for _ in range(40):
        for m in receive(world, url, MaxNumberOfMessages=10, WaitTimeSeconds=1):
            got.append(m["Body"])
            world.call("DeleteMessage", {"QueueUrl": url, "ReceiptHandle": m["ReceiptHandle"]})
    assert sorted(set(got)) == sorted(f"m{i}" for i in range(20))
    assert len(got) > 20  # at-least-once: some messages came twice
    assert got != sorted(got, key=lambda b: int(b[1:]))  # best-effort order
    assert "duplicate-delivery" in kinds(world)


def test_realism_never_touches_fifo_order():
    world, url = make(
        "o.fifo", seed=3, realism=True, FifoQueue="true", ContentBasedDeduplication="true"
    )
    for i in range(10):
        send(world, url, f"m{i}", MessageGroupId="g")
    got = receive(world, url, MaxNumberOfMessages=10)
    assert [m["Body"] for m in got] == [f"m{i}" for i in range(10)]


def test_same_seed_same_trace():
    def trace(seed):
        world, url = make(seed=seed, realism=True)
        for i in range(10):
            send(world, url, f"m{i}")
        for _ in range(5):
            receive(world, url, MaxNumberOfMessages=3)
        return world.events

    assert trace(5) == trace(5)


def test_send_message_batch_partial_failure_and_limits():
    world, url = make(MaximumMessageSize=1024)
    result = world.call(
        "SendMessageBatch",
        {
            "QueueUrl": url,
            "Entries": [
                {"Id": "ok", "MessageBody": "a"},
                {"Id": "bad", "MessageBody": "a", "DelaySeconds": 901},
            ],
        },
    )
    assert [s["Id"] for s in result["Successful"]] == ["ok"]
    assert [(f["Id"], f["Code"]) for f in result["Failed"]] == [("bad", "InvalidParameterValue")]
    entries = [{"Id": f"e{i}", "MessageBody": "a"} for i in range(11)]
    with pytest.raises(AwsError) as error:
        world.call("SendMessageBatch", {"QueueUrl": url, "Entries": entries})
    assert error.value.code == "AWS.SimpleQueueService.TooManyEntriesInBatchRequest"
    with pytest.raises(AwsError) as error:
        world.call(
            "SendMessageBatch",
            {
                "QueueUrl": url,
                "Entries": [{"Id": "x", "MessageBody": "a"}, {"Id": "x", "MessageBody": "b"}],
            },
        )
    assert error.value.code == "AWS.SimpleQueueService.BatchEntryIdsNotDistinct"


def test_delete_and_change_visibility_batches():
    world, url = make(VisibilityTimeout=10)
    for body in "ab":
        send(world, url, body)
    got = receive(world, url, MaxNumberOfMessages=10)
    world.call(
        "ChangeMessageVisibilityBatch",
        {
            "QueueUrl": url,
            "Entries": [
                {"Id": "a", "ReceiptHandle": got[0]["ReceiptHandle"], "VisibilityTimeout": 0}
            ],
        },
    )
    result = world.call(
        "DeleteMessageBatch",
        {
            "QueueUrl": url,
            "Entries": [
                {"Id": "b", "ReceiptHandle": got[1]["ReceiptHandle"]},
                {"Id": "junk", "ReceiptHandle": "junk"},
            ],
        },
    )
    assert result["Successful"] == [{"Id": "b"}]
    assert [f["Code"] for f in result["Failed"]] == ["ReceiptHandleIsInvalid"]
    assert counts(world, url) == (1, 0, 0)


def test_purge_queue_once_per_minute():
    world, url = make()
    send(world, url, "a")
    world.call("PurgeQueue", {"QueueUrl": url})
    assert counts(world, url) == (0, 0, 0)
    with pytest.raises(AwsError) as error:
        world.call("PurgeQueue", {"QueueUrl": url})
    assert error.value.code == "AWS.SimpleQueueService.PurgeQueueInProgress"
    world.advance(60)
    assert world.call("PurgeQueue", {"QueueUrl": url}) == {}


def test_delete_queue_then_calls_fail_with_non_existent_queue():
    world, url = make()
    world.call("DeleteQueue", {"QueueUrl": url})
    with pytest.raises(AwsError) as error:
        send(world, url, "a")
    assert error.value.code == "AWS.SimpleQueueService.NonExistentQueue"


def test_set_queue_attributes_changes_visibility_timeout():
    world, url = make()
    world.call("SetQueueAttributes", {"QueueUrl": url, "Attributes": {"VisibilityTimeout": "3"}})
    send(world, url, "a")
    receive(world, url)
    world.advance(3)
    assert [m["Body"] for m in receive(world, url)] == ["a"]


def test_deliver_from_another_engine_puts_message_in_queue():
    world, url = make()
    world.deliver("arn:aws:sqs:us-east-1:123456789012:orders", {"body": "hi", "source": "sns"})
    assert [m["Body"] for m in receive(world, url)] == ["hi"]


def test_message_attributes_round_trip_with_md5():
    world, url = make()
    attributes = {"kind": {"DataType": "String", "StringValue": "order"}}
    sent = send(world, url, "a", MessageAttributes=attributes)
    got = receive(world, url, MessageAttributeNames=["All"])
    assert got[0]["MessageAttributes"] == attributes
    assert got[0]["MD5OfMessageAttributes"] == sent["MD5OfMessageAttributes"]


def test_consume_for_counts_empty_receives_short_vs_long_polling():
    world, url = make()
    short = world.call("x-ConsumeFor", {"QueueUrl": url, "Seconds": 60})
    long = world.call("x-ConsumeFor", {"QueueUrl": url, "Seconds": 60, "WaitTimeSeconds": 20})
    assert (short["Requests"], short["EmptyReceives"]) == (60, 60)
    assert (long["Requests"], long["EmptyReceives"]) == (3, 3)


def test_realism_short_poll_may_miss_messages_long_poll_does_not():
    world, url = make(seed=4, realism=True)
    send(world, url, "only")
    short = [len(receive(world, url, VisibilityTimeout=0)) for _ in range(20)]
    assert 0 in short and 1 in short  # a short poll samples only some servers
    long = [len(receive(world, url, VisibilityTimeout=0, WaitTimeSeconds=1)) for _ in range(20)]
    assert long == [1] * 20
