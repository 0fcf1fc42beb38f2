"""SNS topics and subscriptions as data, and the errors SNS answers with."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .core import AwsError, arn

TOPIC_NAME = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
PROTOCOLS = ("sqs", "lambda", "http", "https", "email", "email-json")
RAW_PROTOCOLS = ("sqs", "http", "https")
MAX_MESSAGE_BYTES = 262_144
SUBSCRIPTION_ATTRIBUTES = (
    "FilterPolicy",
    "FilterPolicyScope",
    "RawMessageDelivery",
    "RedrivePolicy",
    "DeliveryPolicy",
)


def invalid(name: str, reason: str) -> AwsError:
    return AwsError("InvalidParameter", f"Invalid parameter: {name} Reason: {reason}")


def not_found(what: str) -> AwsError:
    return AwsError("NotFound", f"{what} does not exist.", status=404)


@dataclass
class Subscription:
    arn: str
    topic_arn: str
    protocol: str
    endpoint: str
    confirmed: bool = True
    raw: bool = False
    filter_policy: dict | None = None
    filter_text: str | None = None
    filter_scope: str = "MessageAttributes"
    redrive: dict | None = None
    delivery_policy: dict | None = None

    @property
    def short(self) -> str:
        return (
            self.endpoint.rsplit(":", 1)[-1]
            if self.protocol in ("sqs", "lambda")
            else self.endpoint
        )


@dataclass
class Topic:
    name: str
    fifo: bool
    content_dedup: bool = False
    display_name: str = ""
    subscriptions: dict[str, Subscription] = field(default_factory=dict)
    dedup: dict[str, tuple[float, str]] = field(default_factory=dict)
    sequence: int = 0

    @property
    def arn(self) -> str:
        return arn("sns", self.name)
