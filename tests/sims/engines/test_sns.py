"""The SNS engine: fan-out, filters, raw vs envelope, FIFO, retries and dead-letter queues."""

import json

import pytest

from studyapp.sims.engines.core import AwsError
from studyapp.sims.engines.world import build_world

ACCOUNT = "arn:aws:sqs:us-east-1:123456789012"


def world_with_topic(name="orders", **attributes):
    world = build_world(1)
    topic = world.call("CreateTopic", {"Name": name, "Attributes": attributes})["TopicArn"]
    return world, topic


def queue(world, name, **attributes):
    url = world.call("CreateQueue", {"QueueName": name, "Attributes": attributes})["QueueUrl"]
    return url, f"{ACCOUNT}:{name}"


def bodies(world, url):
    got = world.call(
        "ReceiveMessage",
        {"QueueUrl": url, "MaxNumberOfMessages": 10, "MessageAttributeNames": ["All"]},
    )
    return got.get("Messages", [])


def kinds(world):
    return [e["kind"] for e in world.events]


def test_sns_fan_out_to_every_queue_in_json_envelope():
    world, topic = world_with_topic()
    urls = []
    for name in ("billing", "shipping"):
        url, queue_arn = queue(world, name)
        world.call("Subscribe", {"TopicArn": topic, "Protocol": "sqs", "Endpoint": queue_arn})
        urls.append(url)
    published = world.call("Publish", {"TopicArn": topic, "Message": "order-1", "Subject": "New"})
    for url in urls:
        (message,) = bodies(world, url)
        doc = json.loads(message["Body"])
        assert (doc["Type"], doc["Message"], doc["TopicArn"], doc["MessageId"], doc["Subject"]) == (
            "Notification",
            "order-1",
            topic,
            published["MessageId"],
            "New",
        )
        assert doc["Timestamp"] == "2026-01-01T00:00:00.000Z"


def test_sns_raw_message_delivery_sends_body_and_attributes():
    world, topic = world_with_topic()
    url, queue_arn = queue(world, "raw")
    world.call(
        "Subscribe",
        {
            "TopicArn": topic,
            "Protocol": "sqs",
            "Endpoint": queue_arn,
            "Attributes": {"RawMessageDelivery": "true"},
        },
    )
    world.call(
        "Publish",
        {
            "TopicArn": topic,
            "Message": "plain",
            "MessageAttributes": {"kind": {"DataType": "String", "StringValue": "order"}},
        },
    )
    (message,) = bodies(world, url)
    assert message["Body"] == "plain"
    assert message["MessageAttributes"] == {"kind": {"DataType": "String", "StringValue": "order"}}


def test_sns_filter_policy_routes_only_matching_messages():
    world, topic = world_with_topic()
    url, queue_arn = queue(world, "books")
    world.call(
        "Subscribe",
        {
            "TopicArn": topic,
            "Protocol": "sqs",
            "Endpoint": queue_arn,
            "Attributes": {"FilterPolicy": '{"kind": ["book"]}', "RawMessageDelivery": "true"},
        },
    )
    for kind in ("book", "toy"):
        world.call(
            "Publish",
            {
                "TopicArn": topic,
                "Message": kind,
                "MessageAttributes": {"kind": {"DataType": "String", "StringValue": kind}},
            },
        )
    world.call("Publish", {"TopicArn": topic, "Message": "no attributes"})
    assert [m["Body"] for m in bodies(world, url)] == ["book"]
    assert kinds(world).count("filtered-out") == 2


def test_sns_filter_policy_on_message_body():
    world, topic = world_with_topic()
    url, queue_arn = queue(world, "big")
    sub = world.call(
        "Subscribe",
        {
            "TopicArn": topic,
            "Protocol": "sqs",
            "Endpoint": queue_arn,
            "Attributes": {"RawMessageDelivery": "true"},
        },
    )["SubscriptionArn"]
    world.call(
        "SetSubscriptionAttributes",
        {
            "SubscriptionArn": sub,
            "AttributeName": "FilterPolicyScope",
            "AttributeValue": "MessageBody",
        },
    )
    world.call(
        "SetSubscriptionAttributes",
        {
            "SubscriptionArn": sub,
            "AttributeName": "FilterPolicy",
            "AttributeValue": '{"total": [{"numeric": [">=", 100]}]}',
        },
    )
    for total in (50, 150):
        world.call("Publish", {"TopicArn": topic, "Message": json.dumps({"total": total})})
    assert [json.loads(m["Body"])["total"] for m in bodies(world, url)] == [150]


def test_sns_invalid_filter_policy_is_invalid_parameter():
    world, topic = world_with_topic()
    _, queue_arn = queue(world, "q")
    with pytest.raises(AwsError) as error:
        world.call(
            "Subscribe",
            {
                "TopicArn": topic,
                "Protocol": "sqs",
                "Endpoint": queue_arn,
                "Attributes": {"FilterPolicy": '{"kind": "book"}'},
            },
        )
    assert error.value.code == "InvalidParameter"


def test_sns_fifo_topic_accepts_only_fifo_queues_and_needs_group():
    world, topic = world_with_topic(
        "orders.fifo", FifoTopic="true", ContentBasedDeduplication="true"
    )
    _, standard = queue(world, "plain")
    with pytest.raises(AwsError) as error:
        world.call("Subscribe", {"TopicArn": topic, "Protocol": "sqs", "Endpoint": standard})
    assert error.value.code == "InvalidParameter"
    with pytest.raises(AwsError) as error:
        world.call("Publish", {"TopicArn": topic, "Message": "x"})
    assert error.value.code == "InvalidParameter"


def test_sns_fifo_topic_to_fifo_queue_keeps_group_and_dedups():
    world, topic = world_with_topic(
        "orders.fifo", FifoTopic="true", ContentBasedDeduplication="true"
    )
    url, queue_arn = queue(world, "orders.fifo", FifoQueue="true")
    world.call(
        "Subscribe",
        {
            "TopicArn": topic,
            "Protocol": "sqs",
            "Endpoint": queue_arn,
            "Attributes": {"RawMessageDelivery": "true"},
        },
    )
    first = world.call("Publish", {"TopicArn": topic, "Message": "a", "MessageGroupId": "c1"})
    again = world.call("Publish", {"TopicArn": topic, "Message": "a", "MessageGroupId": "c1"})
    assert first["MessageId"] == again["MessageId"]
    got = world.call(
        "ReceiveMessage",
        {
            "QueueUrl": url,
            "MaxNumberOfMessages": 10,
            "MessageSystemAttributeNames": ["MessageGroupId"],
        },
    )
    assert [(m["Body"], m["Attributes"]["MessageGroupId"]) for m in got["Messages"]] == [
        ("a", "c1")
    ]


def test_sns_http_endpoint_down_retries_then_loses_message():
    world, topic = world_with_topic()
    world.call(
        "Subscribe",
        {"TopicArn": topic, "Protocol": "https", "Endpoint": "https://shop.example/hook"},
    )
    world.call("x-SetEndpointHealth", {"Endpoint": "https://shop.example/hook", "Healthy": False})
    world.call("Publish", {"TopicArn": topic, "Message": "order-1"})
    world.advance(60)
    assert kinds(world).count("delivery-failed") == 3
    assert "message-lost" in kinds(world)
    world.call("x-SetEndpointHealth", {"Endpoint": "https://shop.example/hook", "Healthy": True})
    assert world.call("x-GetDeliveries", {"Endpoint": "https://shop.example/hook"}) == {
        "Deliveries": []
    }


def test_sns_http_endpoint_recovering_during_retries_gets_message():
    world, topic = world_with_topic()
    world.call(
        "Subscribe",
        {"TopicArn": topic, "Protocol": "https", "Endpoint": "https://shop.example/hook"},
    )
    world.call("x-SetEndpointHealth", {"Endpoint": "https://shop.example/hook", "Healthy": False})
    world.call("Publish", {"TopicArn": topic, "Message": "order-1"})
    world.advance(30)
    world.call("x-SetEndpointHealth", {"Endpoint": "https://shop.example/hook", "Healthy": True})
    world.advance(20)
    (delivery,) = world.call("x-GetDeliveries", {"Endpoint": "https://shop.example/hook"})[
        "Deliveries"
    ]
    assert json.loads(delivery["body"])["Message"] == "order-1"
    assert delivery["t"] == 40


def test_sns_subscription_dead_letter_queue_keeps_undeliverable_message():
    world, topic = world_with_topic()
    dlq_url, dlq_arn = queue(world, "hook-dlq")
    world.call(
        "Subscribe",
        {
            "TopicArn": topic,
            "Protocol": "http",
            "Endpoint": "http://down/",
            "Attributes": {"RedrivePolicy": json.dumps({"deadLetterTargetArn": dlq_arn})},
        },
    )
    world.call("x-SetEndpointHealth", {"Endpoint": "http://down/", "Healthy": False})
    world.call("Publish", {"TopicArn": topic, "Message": "order-1"})
    world.advance(60)
    (message,) = bodies(world, dlq_url)
    assert json.loads(message["Body"])["Message"] == "order-1"
    assert "sent-to-dlq" in kinds(world)


def test_sns_lambda_subscriber_gets_sns_event_and_retries_on_failure():
    world, topic = world_with_topic()
    fn = world.call("x-CreateFunction", {"FunctionName": "audit"})["FunctionArn"]
    world.call("Subscribe", {"TopicArn": topic, "Protocol": "lambda", "Endpoint": fn})
    world.call("x-FailFunction", {"FunctionName": "audit", "Times": 1})
    world.call("Publish", {"TopicArn": topic, "Message": "order-1"})
    world.advance(60)
    invocations = world.call("x-GetInvocations", {"FunctionName": "audit"})["Invocations"]
    assert [i["t"] for i in invocations] == [0, 60]
    assert invocations[1]["event"]["Records"][0]["Sns"]["Message"] == "order-1"


def test_sns_raw_delivery_not_supported_for_lambda():
    world, topic = world_with_topic()
    with pytest.raises(AwsError) as error:
        world.call(
            "Subscribe",
            {
                "TopicArn": topic,
                "Protocol": "lambda",
                "Endpoint": "arn:aws:lambda:us-east-1:123456789012:function:f",
                "Attributes": {"RawMessageDelivery": "true"},
            },
        )
    assert error.value.code == "InvalidParameter"


def test_sns_list_and_unsubscribe():
    world, topic = world_with_topic()
    url, queue_arn = queue(world, "q")
    sub = world.call("Subscribe", {"TopicArn": topic, "Protocol": "sqs", "Endpoint": queue_arn})
    listed = world.call("ListSubscriptionsByTopic", {"TopicArn": topic})["Subscriptions"]
    assert [(s["SubscriptionArn"], s["Protocol"], s["Endpoint"]) for s in listed] == [
        (sub["SubscriptionArn"], "sqs", queue_arn)
    ]
    world.call("Unsubscribe", {"SubscriptionArn": sub["SubscriptionArn"]})
    world.call("Publish", {"TopicArn": topic, "Message": "x"})
    assert bodies(world, url) == []


def test_sns_publish_batch_limits_and_results():
    world, topic = world_with_topic()
    result = world.call(
        "PublishBatch",
        {
            "TopicArn": topic,
            "PublishBatchRequestEntries": [{"Id": "a", "Message": "1"}, {"Id": "b", "Message": ""}],
        },
    )
    assert [s["Id"] for s in result["Successful"]] == ["a"]
    assert [(f["Id"], f["Code"]) for f in result["Failed"]] == [("b", "InvalidParameter")]
    entries = [{"Id": str(i), "Message": "x"} for i in range(11)]
    with pytest.raises(AwsError) as error:
        world.call("PublishBatch", {"TopicArn": topic, "PublishBatchRequestEntries": entries})
    assert error.value.code == "TooManyEntriesInBatchRequest"


def test_sns_publish_to_missing_topic_is_not_found():
    world = build_world(1)
    with pytest.raises(AwsError) as error:
        world.call(
            "Publish", {"TopicArn": "arn:aws:sns:us-east-1:123456789012:nope", "Message": "x"}
        )
    assert error.value.code == "NotFound"


def test_sns_message_structure_json_per_protocol():
    world, topic = world_with_topic()
    url, queue_arn = queue(world, "q")
    world.call(
        "Subscribe",
        {
            "TopicArn": topic,
            "Protocol": "sqs",
            "Endpoint": queue_arn,
            "Attributes": {"RawMessageDelivery": "true"},
        },
    )
    world.call(
        "Publish",
        {
            "TopicArn": topic,
            "MessageStructure": "json",
            "Message": json.dumps({"default": "d", "sqs": "for queues"}),
        },
    )
    assert [m["Body"] for m in bodies(world, url)] == ["for queues"]


def test_sns_email_subscription_is_pending_confirmation_and_records_delivery():
    world, topic = world_with_topic()
    sub = world.call(
        "Subscribe", {"TopicArn": topic, "Protocol": "email", "Endpoint": "ops@example.com"}
    )
    assert sub == {"SubscriptionArn": "pending confirmation"}
    world.call("Publish", {"TopicArn": topic, "Message": "disk full", "Subject": "Alarm"})
    (delivery,) = world.call("x-GetDeliveries", {"Endpoint": "ops@example.com"})["Deliveries"]
    assert json.loads(delivery["body"])["Subject"] == "Alarm"


def test_sns_custom_delivery_policy_sets_retry_count():
    world, topic = world_with_topic()
    world.call(
        "Subscribe",
        {
            "TopicArn": topic,
            "Protocol": "http",
            "Endpoint": "http://h/",
            "Attributes": {
                "DeliveryPolicy": json.dumps(
                    {
                        "healthyRetryPolicy": {
                            "numRetries": 1,
                            "minDelayTarget": 5,
                            "maxDelayTarget": 5,
                        }
                    }
                )
            },
        },
    )
    world.call("x-SetEndpointHealth", {"Endpoint": "http://h/", "Healthy": False})
    world.call("Publish", {"TopicArn": topic, "Message": "m"})
    world.advance(5)
    assert [
        (e["kind"], e["t"])
        for e in world.events
        if e["kind"] in ("delivery-failed", "message-lost")
    ] == [("delivery-failed", 0), ("message-lost", 5)]
