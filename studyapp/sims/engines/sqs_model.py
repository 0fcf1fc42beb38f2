"""SQS queues and messages: the data, the attribute rules AWS enforces, and the checksums.

The engine in sqs.py drives these objects; this module knows nothing about actions.
"""

from __future__ import annotations

import hashlib
import json
import re
import struct
from dataclasses import dataclass, field

from .core import ACCOUNT_ID, REGION, AwsError, arn

QUEUE_URL_PREFIX = f"https://sqs.{REGION}.amazonaws.com/{ACCOUNT_ID}/"
DEDUP_WINDOW_SECONDS = 300  # FIFO deduplication interval, fixed by AWS

# Settable attribute -> (default, lowest, highest). Ranges from the CreateQueue API reference:
# https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_CreateQueue.html
INTEGER_ATTRIBUTES: dict[str, tuple[int, int, int]] = {
    "DelaySeconds": (0, 0, 900),
    "MaximumMessageSize": (1_048_576, 1024, 1_048_576),
    "MessageRetentionPeriod": (345_600, 60, 1_209_600),
    "ReceiveMessageWaitTimeSeconds": (0, 0, 20),
    "VisibilityTimeout": (30, 0, 43_200),
}
BOOLEAN_ATTRIBUTES = ("FifoQueue", "ContentBasedDeduplication")
OTHER_SETTABLE = ("RedrivePolicy", "Policy", "RedriveAllowPolicy")
COMPUTED_ATTRIBUTES = (
    "QueueArn",
    "ApproximateNumberOfMessages",
    "ApproximateNumberOfMessagesNotVisible",
    "ApproximateNumberOfMessagesDelayed",
    "CreatedTimestamp",
    "LastModifiedTimestamp",
)
ALL_ATTRIBUTE_NAMES = (
    *INTEGER_ATTRIBUTES,
    *BOOLEAN_ATTRIBUTES,
    *OTHER_SETTABLE,
    *COMPUTED_ATTRIBUTES,
)
QUEUE_NAME = re.compile(r"^[A-Za-z0-9_-]{1,80}$")


def no_such_queue(what: str) -> AwsError:
    return AwsError(
        "AWS.SimpleQueueService.NonExistentQueue",
        f"The specified queue does not exist: {what}.",
    )


def invalid_attribute(name: str, value: object, reason: str) -> AwsError:
    return AwsError(
        "InvalidAttributeValue",
        f"Invalid value {value!r} for the queue attribute {name}: {reason}",
    )


def parse_integer_attribute(name: str, value: object) -> int:
    _, low, high = INTEGER_ATTRIBUTES[name]
    try:
        number = int(str(value).strip())
    except ValueError:
        raise invalid_attribute(
            name, value, "it must be a whole number of seconds/bytes."
        ) from None
    if not low <= number <= high:
        raise invalid_attribute(name, value, f"it must be between {low} and {high}.")
    return number


def parse_boolean_attribute(name: str, value: object) -> bool:
    text = str(value).strip().lower()
    if text not in ("true", "false"):
        raise invalid_attribute(name, value, 'it must be "true" or "false".')
    return text == "true"


def parse_redrive_policy(value: object) -> dict | None:
    """Return {deadLetterTargetArn, maxReceiveCount} or None to remove the policy."""
    if value in ("", None, {}):
        return None
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            raise invalid_attribute("RedrivePolicy", value, "it must be a JSON object.") from None
    if not isinstance(value, dict):
        raise invalid_attribute("RedrivePolicy", value, "it must be a JSON object.")
    target = value.get("deadLetterTargetArn")
    if not isinstance(target, str):
        raise AwsError(
            "InvalidParameterValue",
            "Value for parameter RedrivePolicy is invalid. Reason: Redrive policy does not "
            "contain deadLetterTargetArn (the ARN of the dead-letter queue).",
        )
    try:
        max_receives = int(value.get("maxReceiveCount"))
    except (TypeError, ValueError):
        max_receives = 0
    if not 1 <= max_receives <= 1000:
        raise AwsError(
            "InvalidParameterValue",
            "Value for parameter RedrivePolicy is invalid. Reason: maxReceiveCount must be "
            "an integer between 1 and 1000.",
        )
    return {"deadLetterTargetArn": target, "maxReceiveCount": max_receives}


def name_list(p: dict, key: str) -> list[str]:
    """A parameter that must be a list of names (AttributeNames and friends)."""
    names = p.get(key) or []
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise AwsError("InvalidParameterValue", f"{key} must be a list of names, like [All].")
    return names


def md5_of_body(body: str) -> str:
    return hashlib.md5(body.encode()).hexdigest()


def md5_of_attributes(attributes: dict) -> str:
    """The checksum SQS returns as MD5OfMessageAttributes (the SDKs verify it)."""
    if not attributes:
        return ""
    buffer = bytearray()
    for name in sorted(attributes):
        attr = attributes[name]
        data_type = attr["DataType"]
        for text in (name, data_type):
            encoded = text.encode()
            buffer += struct.pack("!I", len(encoded)) + encoded
        if "BinaryValue" in attr:
            value = attr["BinaryValue"]
            value = value if isinstance(value, bytes) else str(value).encode()
            buffer += b"\x02" + struct.pack("!I", len(value)) + value
        else:
            value = str(attr.get("StringValue", "")).encode()
            buffer += b"\x01" + struct.pack("!I", len(value)) + value
    return hashlib.md5(bytes(buffer)).hexdigest()


def validate_message_attributes(attributes: object) -> dict:
    if attributes in (None, {}):
        return {}
    if not isinstance(attributes, dict):
        raise AwsError("InvalidParameterValue", "MessageAttributes must be a map of name -> value.")
    if len(attributes) > 10:
        raise AwsError(
            "InvalidParameterValue",
            f"A message can carry at most 10 message attributes; this one has {len(attributes)}.",
        )
    for name, attr in attributes.items():
        if not isinstance(attr, dict) or "DataType" not in attr:
            raise AwsError(
                "InvalidParameterValue",
                f"The message attribute '{name}' must have a DataType (String, Number or Binary).",
            )
        base = str(attr["DataType"]).split(".")[0]
        if base not in ("String", "Number", "Binary"):
            raise AwsError(
                "InvalidParameterValue",
                f"The message attribute '{name}' has an invalid type '{attr['DataType']}': "
                "use String, Number or Binary.",
            )
        if "StringValue" not in attr and "BinaryValue" not in attr:
            raise AwsError(
                "InvalidParameterValue",
                f"The message attribute '{name}' must contain a non-empty value of type "
                f"'{attr['DataType']}'.",
            )
    return {name: dict(attr) for name, attr in attributes.items()}


def attributes_size(attributes: dict) -> int:
    size = 0
    for name, attr in attributes.items():
        value = attr.get("StringValue", attr.get("BinaryValue", ""))
        size += len(name.encode()) + len(str(attr["DataType"]).encode()) + len(str(value).encode())
    return size


@dataclass
class Message:
    label: str  # "m-3": short name the narration uses
    message_id: str
    body: str
    attributes: dict  # MessageAttributes, boto3 shape
    sent_at: float
    visible_at: float  # before this time the message is delayed or in flight
    group_id: str | None = None
    dedup_id: str | None = None
    sequence_number: str | None = None
    receive_count: int = 0
    first_receive_at: float | None = None
    receipt_handle: str | None = None  # the most recent one
    in_flight: bool = False  # received and not yet visible again (vs. merely delayed)
    copy_of: str | None = None  # realism: a duplicate copy of another stored message
    deleted: bool = False


@dataclass
class Queue:
    name: str
    fifo: bool
    created_at: float
    settings: dict  # integer and boolean attributes, parsed
    redrive: dict | None = None
    policy: str | None = None
    redrive_allow_policy: str | None = None
    modified_at: float = 0.0
    messages: dict[str, Message] = field(default_factory=dict)  # key: label, in send order
    dedup: dict[str, tuple[float, str]] = field(default_factory=dict)  # id -> (expires, msg id)
    last_purge_at: float | None = None
    sequence: int = 0

    @property
    def url(self) -> str:
        return QUEUE_URL_PREFIX + self.name

    @property
    def arn(self) -> str:
        return arn("sqs", self.name)

    def setting(self, name: str):
        return self.settings[name]

    def counts(self, now: float) -> dict[str, int]:
        visible = not_visible = delayed = 0
        for message in self.messages.values():
            if message.visible_at <= now:
                visible += 1
            elif message.in_flight:
                not_visible += 1
            else:
                delayed += 1
        return {
            "ApproximateNumberOfMessages": visible,
            "ApproximateNumberOfMessagesNotVisible": not_visible,
            "ApproximateNumberOfMessagesDelayed": delayed,
        }
