"""The forms of the SNS lab."""

from __future__ import annotations

from .lab_forms import ActionForm, Field, FormError
from .lab_services import FAIL_FUNCTION, RECEIVE, WAIT, _drop_none, _simple_queue

ATTRIBUTE_TYPES = (("String", "String"), ("Number", "Number"), ("String.Array", "String.Array"))


def _create_topic(v, world):
    attributes = {}
    if v["FifoTopic"]:
        attributes["FifoTopic"] = "true"
    if v["ContentBasedDeduplication"]:
        attributes["ContentBasedDeduplication"] = "true"
    return {"Name": v["Name"], **({"Attributes": attributes} if attributes else {})}


def _subscribe(v, world):
    attributes = {}
    if v.get("FilterPolicy"):
        attributes["FilterPolicy"] = v["FilterPolicy"]
        attributes["FilterPolicyScope"] = v.get("FilterPolicyScope") or "MessageAttributes"
    if v["RawMessageDelivery"]:
        attributes["RawMessageDelivery"] = "true"
    params = {
        "TopicArn": v["TopicArn"],
        "Protocol": v["Protocol"],
        "Endpoint": v["Endpoint"],
        "ReturnSubscriptionArn": True,
    }
    if attributes:
        params["Attributes"] = attributes
    return params


def _publish(v, world):
    params = _drop_none(
        {
            "TopicArn": v["TopicArn"],
            "Message": v["Message"],
            "Subject": v.get("Subject"),
            "MessageGroupId": v.get("MessageGroupId"),
            "MessageDeduplicationId": v.get("MessageDeduplicationId"),
        }
    )
    attributes = {}
    for n in (1, 2):
        name, value = v.get(f"attr{n}_name"), v.get(f"attr{n}_value")
        if name and value is None:
            raise FormError(f"Message attribute {name!r} needs a value.")
        if name:
            attributes[name] = {
                "DataType": v.get(f"attr{n}_type") or "String",
                "StringValue": value,
            }
    if attributes:
        params["MessageAttributes"] = attributes
    return params


def _endpoint_health(v, world):
    return {"Endpoint": v["Endpoint"], "Healthy": v["Healthy"] == "up"}


SNS_FORMS = (
    ActionForm(
        "create-topic",
        "CreateTopic",
        "Create a topic",
        (
            Field(
                "Name",
                "Topic name",
                required=True,
                default="orders",
                help="A FIFO topic's name ends in .fifo.",
            ),
            Field("FifoTopic", "FIFO topic", "checkbox"),
            Field("ContentBasedDeduplication", "Content-based deduplication (FIFO)", "checkbox"),
        ),
        _create_topic,
    ),
    ActionForm(
        "create-queue",
        "CreateQueue",
        "Create a queue to subscribe",
        (Field("QueueName", "Queue name", required=True, default="billing"),),
        _simple_queue,
    ),
    ActionForm(
        "subscribe",
        "Subscribe",
        "Subscribe",
        (
            Field("TopicArn", "Topic", "select", required=True, choices="topics"),
            Field(
                "Protocol",
                "Protocol",
                "choice",
                default="sqs",
                choices=(
                    ("sqs", "sqs"),
                    ("lambda", "lambda"),
                    ("https", "https"),
                    ("http", "http"),
                    ("email", "email"),
                ),
            ),
            Field(
                "Endpoint",
                "Endpoint",
                required=True,
                suggest="endpoints",
                help="A queue ARN, a function ARN, a URL or an email address.",
            ),
            Field(
                "FilterPolicy",
                "Filter policy (JSON, optional)",
                "textarea",
                placeholder='{"event": ["order_placed"]}',
            ),
            Field(
                "FilterPolicyScope",
                "Filter policy scope",
                "choice",
                default="MessageAttributes",
                choices=(
                    ("MessageAttributes", "MessageAttributes"),
                    ("MessageBody", "MessageBody"),
                ),
            ),
            Field("RawMessageDelivery", "Raw message delivery (no JSON envelope)", "checkbox"),
        ),
        _subscribe,
        needs="topics",
    ),
    ActionForm(
        "publish",
        "Publish",
        "Publish a message",
        (
            Field("TopicArn", "Topic", "select", required=True, choices="topics"),
            Field(
                "Message", "Message", "textarea", required=True, default='{"order": 1, "total": 42}'
            ),
            Field("Subject", "Subject (optional)"),
            Field("attr1_name", "Attribute 1 name", default="event"),
            Field(
                "attr1_type",
                "Attribute 1 type",
                "choice",
                default="String",
                choices=ATTRIBUTE_TYPES,
            ),
            Field("attr1_value", "Attribute 1 value", default="order_placed"),
            Field("attr2_name", "Attribute 2 name"),
            Field(
                "attr2_type",
                "Attribute 2 type",
                "choice",
                default="Number",
                choices=ATTRIBUTE_TYPES,
            ),
            Field("attr2_value", "Attribute 2 value"),
            Field("MessageGroupId", "MessageGroupId (FIFO only)"),
            Field("MessageDeduplicationId", "MessageDeduplicationId (FIFO only)"),
        ),
        _publish,
        needs="topics",
    ),
    ActionForm(
        "endpoint-health",
        "x-SetEndpointHealth",
        "Take an endpoint down or up",
        (
            Field("Endpoint", "Endpoint", "select", required=True, choices="http_endpoints"),
            Field(
                "Healthy",
                "It is",
                "choice",
                default="down",
                choices=(("down", "down"), ("up", "up")),
            ),
        ),
        _endpoint_health,
    ),
    FAIL_FUNCTION,
    RECEIVE,
    WAIT,
)
