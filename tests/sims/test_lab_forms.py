"""Lab forms: parsing, boto3-shaped parameters, choices drawn from the world."""

import json

import pytest

from studyapp.sims.engines.core import AwsError
from studyapp.sims.engines.world import build_world
from studyapp.sims.lab_forms import FormError, build_params, drawn, parse
from studyapp.sims.lab_services import LABS

URL = "https://sqs.us-east-1.amazonaws.com/123456789012/"


def _form(service, form_id):
    return LABS[service].form(form_id)


def test_every_lab_form_id_is_unique_within_its_lab():
    for lab in LABS.values():
        ids = [form.id for form in lab.forms]
        assert len(ids) == len(set(ids)), lab.service


def test_create_queue_builds_attributes_and_a_redrive_policy():
    world = build_world(1)
    world.call("CreateQueue", {"QueueName": "dlq"})
    data = {
        "QueueName": "orders",
        "VisibilityTimeout": "10",
        "DelaySeconds": "",
        "DeadLetterQueue": "arn:aws:sqs:us-east-1:123456789012:dlq",
        "maxReceiveCount": "2",
    }
    params = build_params(_form("sqs", "create-queue"), data, world)
    assert params["QueueName"] == "orders"
    assert params["Attributes"]["VisibilityTimeout"] == "10"
    assert "DelaySeconds" not in params["Attributes"]
    assert json.loads(params["Attributes"]["RedrivePolicy"]) == {
        "deadLetterTargetArn": "arn:aws:sqs:us-east-1:123456789012:dlq",
        "maxReceiveCount": 2,
    }


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"QueueName": ""}, "Queue name is required."),
        ({"QueueName": "q", "VisibilityTimeout": "ten"}, "must be a whole number, like 10"),
        ({"QueueName": "x" * 1001}, "longer than the lab's limit"),
    ],
)
def test_parse_refuses_what_boto3_would_refuse(data, message):
    with pytest.raises(FormError) as caught:
        parse(_form("sqs", "create-queue"), data)
    assert caught.value.code == "ParamValidationError"
    assert message in caught.value.message


def test_choice_field_accepts_only_its_values():
    with pytest.raises(FormError) as caught:
        parse(_form("sns", "subscribe"), {"TopicArn": "t", "Protocol": "carrier-pigeon"})
    assert "Protocol must be one of: sqs, lambda, https, http, email" in caught.value.message


def test_delete_needs_a_receipt_handle_the_world_knows():
    world = build_world(1)
    world.call("CreateQueue", {"QueueName": "q"})
    with pytest.raises(AwsError) as caught:
        build_params(_form("sqs", "delete"), {"ReceiptHandle": "forged"}, world)
    assert "Choose a message you have received" in caught.value.message


def test_handles_offered_after_a_receive_and_their_queue_found():
    world = build_world(1)
    world.call("CreateQueue", {"QueueName": "q"})
    world.call("SendMessage", {"QueueUrl": URL + "q", "MessageBody": "b"})
    handle = world.call("ReceiveMessage", {"QueueUrl": URL + "q"})["Messages"][0]["ReceiptHandle"]
    form = drawn(_form("sqs", "delete"), world)
    [field] = form["fields"]
    assert form["available"] is True
    assert [value for value, _ in field["options"]] == [handle]
    assert "m-1 in q (receive #1, in flight" in field["options"][0][1]
    params = build_params(_form("sqs", "delete"), {"ReceiptHandle": handle}, world)
    assert params == {"QueueUrl": URL + "q", "ReceiptHandle": handle}


def test_a_form_whose_prerequisite_is_missing_says_what_to_do_first():
    form = drawn(_form("sqs", "send"), build_world(1))
    assert (form["available"], form["missing"]) == (False, "Create a queue first.")


def test_publish_turns_attribute_fields_into_message_attributes():
    world = build_world(1)
    data = {
        "TopicArn": "arn:aws:sns:us-east-1:123456789012:t",
        "Message": "m",
        "attr1_name": "event",
        "attr1_type": "String",
        "attr1_value": "order_placed",
        "attr2_name": "total",
        "attr2_type": "Number",
        "attr2_value": "42",
    }
    params = build_params(_form("sns", "publish"), data, world)
    assert params["MessageAttributes"] == {
        "event": {"DataType": "String", "StringValue": "order_placed"},
        "total": {"DataType": "Number", "StringValue": "42"},
    }


def test_drawn_form_keeps_submitted_values_after_an_error():
    world = build_world(1)
    form = drawn(_form("sqs", "create-queue"), world, {"QueueName": "bad name!"})
    assert form["fields"][0]["value"] == "bad name!"
