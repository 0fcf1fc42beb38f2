"""What a lab draws (lab.py) after real engine calls: tokens, fan-out, rules, pipe stages."""

import json

from studyapp.sims.engines.world import build_world
from studyapp.sims.lab import picture

QUEUE_URL = "https://sqs.us-east-1.amazonaws.com/123456789012/"


def _run(world, action, params):
    before = len(world.events)
    response = world.call(action, params)
    return response, world.events[before:]


def _queue(drawn, name):
    return next(q for q in drawn["queues"] if q["name"] == name)


def test_picture_token_in_flight_counts_down_then_reappears():
    world = build_world(1)
    _run(world, "CreateQueue", {"QueueName": "orders", "Attributes": {"VisibilityTimeout": "10"}})
    _run(world, "SendMessage", {"QueueUrl": QUEUE_URL + "orders", "MessageBody": "order-1"})
    _, events = _run(world, "ReceiveMessage", {"QueueUrl": QUEUE_URL + "orders"})
    orders = _queue(picture(world, events), "orders")
    assert orders["visible"] == []
    [token] = orders["in_flight"]
    assert (token["label"], token["seconds_left"], token["receive_count"]) == ("m-1", 10, 1)
    assert token["changed"] is True
    assert orders["received"] == ["m-1"]
    world.advance(4)
    assert _queue(picture(world), "orders")["in_flight"][0]["seconds_left"] == 6
    before = len(world.events)
    world.advance(7)
    orders = _queue(picture(world, world.events[before:]), "orders")
    assert [t["label"] for t in orders["visible"]] == ["m-1"]
    assert orders["visible"][0]["kinds"] == ["visible-again"]


def test_picture_delayed_message_and_producer_side():
    world = build_world(1)
    _run(world, "CreateQueue", {"QueueName": "q"})
    _, events = _run(
        world, "SendMessage", {"QueueUrl": QUEUE_URL + "q", "MessageBody": "x", "DelaySeconds": 5}
    )
    q = _queue(picture(world, events), "q")
    assert [(t["label"], t["state"], t["seconds_left"]) for t in q["delayed"]] == [
        ("m-1", "delayed", 5)
    ]
    assert (q["sent"], q["received"]) == (["m-1"], [])


def test_picture_dead_letter_queue_holds_the_poison_message():
    world = build_world(1)
    _run(world, "CreateQueue", {"QueueName": "dlq"})
    policy = {"deadLetterTargetArn": "arn:aws:sqs:us-east-1:123456789012:dlq", "maxReceiveCount": 1}
    attributes = {"VisibilityTimeout": "5", "RedrivePolicy": json.dumps(policy)}
    _run(world, "CreateQueue", {"QueueName": "orders", "Attributes": attributes})
    _run(world, "SendMessage", {"QueueUrl": QUEUE_URL + "orders", "MessageBody": "bad"})
    _run(world, "ReceiveMessage", {"QueueUrl": QUEUE_URL + "orders"})
    world.advance(6)
    _, events = _run(world, "ReceiveMessage", {"QueueUrl": QUEUE_URL + "orders"})
    drawn = picture(world, events)
    assert _queue(drawn, "dlq")["dead_letter_for"] == ["orders"]
    assert [t["label"] for t in _queue(drawn, "dlq")["visible"]] == ["m-1"]
    assert _queue(drawn, "orders")["gone"] == [{"label": "m-1", "kind": "moved-to-dlq"}]
    assert _queue(drawn, "orders")["redrive"] == {"target": "dlq", "max": 1}


def test_picture_greys_a_filtered_out_subscription_and_lights_the_delivered_one():
    world = build_world(1)
    topic = world.call("CreateTopic", {"Name": "orders"})["TopicArn"]
    for name in ("books", "toys"):
        world.call("CreateQueue", {"QueueName": name})
        world.call(
            "Subscribe",
            {
                "TopicArn": topic,
                "Protocol": "sqs",
                "Endpoint": f"arn:aws:sqs:us-east-1:123456789012:{name}",
                "Attributes": {"FilterPolicy": json.dumps({"category": [name[:-1]]})},
            },
        )
    _, events = _run(
        world,
        "Publish",
        {
            "TopicArn": topic,
            "Message": "a book",
            "MessageAttributes": {"category": {"DataType": "String", "StringValue": "book"}},
        },
    )
    [drawn] = picture(world, events)["topics"]
    statuses = {s["endpoint"]: (s["status"], s["status_text"]) for s in drawn["subscriptions"]}
    assert statuses == {
        "books": ("delivered", "delivered"),
        "toys": ("filtered-out", "filtered out by its policy"),
    }
    assert drawn["active"] is True


def test_picture_lights_the_matching_rule_only():
    world = build_world(1)
    world.call("CreateEventBus", {"Name": "shop"})
    for name, kind in (("placed", "OrderPlaced"), ("shipped", "OrderShipped")):
        pattern = json.dumps({"detail-type": [kind]})
        world.call("PutRule", {"Name": name, "EventBusName": "shop", "EventPattern": pattern})
    entry = {"Source": "shop", "DetailType": "OrderPlaced", "Detail": "{}", "EventBusName": "shop"}
    _, events = _run(world, "PutEvents", {"Entries": [entry]})
    [bus] = picture(world, events)["buses"]  # the idle default bus is left out
    assert bus["name"] == "shop"
    assert {r["name"]: r["status"] for r in bus["rules"]} == {
        "placed": "matched",
        "shipped": "skipped",
    }


def test_picture_marks_the_pipe_stages_that_ran():
    world = build_world(1)
    for name in ("orders", "shipping"):
        world.call("CreateQueue", {"QueueName": name})
    world.call(
        "CreatePipe",
        {
            "Name": "p",
            "RoleArn": "arn:aws:iam::123456789012:role/r",
            "Source": "arn:aws:sqs:us-east-1:123456789012:orders",
            "Target": "arn:aws:sqs:us-east-1:123456789012:shipping",
            "SourceParameters": {
                "FilterCriteria": {"Filters": [{"Pattern": '{"body": {"paid": [true]}}'}]}
            },
        },
    )
    world.call("SendMessage", {"QueueUrl": QUEUE_URL + "orders", "MessageBody": '{"paid": true}'})
    before = len(world.events)
    world.advance(2)
    [pipe] = picture(world, world.events[before:])["pipes"]
    assert [(s["stage"], s["lit"]) for s in pipe["stages"]] == [
        ("source", True),
        ("filter", True),
        ("target", True),
    ]


def test_picture_of_an_empty_world_is_empty():
    drawn = picture(build_world(1))
    assert (drawn["empty"], drawn["queues"], drawn["now"]) == (True, [], 0.0)
