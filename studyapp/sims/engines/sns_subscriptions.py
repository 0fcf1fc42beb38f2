"""SNS subscriptions: Subscribe, Unsubscribe, listing, and subscription attributes.

A mixin of SnsEngine (sns.py). Filter policies are validated by sns_filter.py.
"""

from __future__ import annotations

import json

from .core import ACCOUNT_ID
from .sns_filter import SCOPES, parse_filter_policy
from .sns_model import (
    PROTOCOLS,
    RAW_PROTOCOLS,
    SUBSCRIPTION_ATTRIBUTES,
    Subscription,
    Topic,
    invalid,
)


class SubscriptionMixin:
    # -- subscriptions ---------------------------------------------------------
    def subscribe(self, p: dict) -> dict:
        topic = self.topic(p.get("TopicArn"))
        protocol = p.get("Protocol")
        endpoint = p.get("Endpoint")
        if protocol not in PROTOCOLS:
            raise invalid(
                "Protocol",
                f"{protocol!r} is not a protocol this simulator knows ({', '.join(PROTOCOLS)}).",
            )
        if not isinstance(endpoint, str) or not endpoint:
            raise invalid("Endpoint", "the request must name an Endpoint.")
        self._check_endpoint(topic, protocol, endpoint)
        sub = Subscription(arn="", topic_arn=topic.arn, protocol=protocol, endpoint=endpoint)
        attributes = p.get("Attributes") or {}
        if not isinstance(attributes, dict):
            raise invalid("Attributes", "must be a map of name -> value.")
        if "FilterPolicyScope" in attributes:  # the scope decides how the policy is read
            self._set_attribute(sub, "FilterPolicyScope", attributes["FilterPolicyScope"])
        for name, value in attributes.items():
            self._set_attribute(sub, name, value)
        for existing in topic.subscriptions.values():
            if existing.protocol == protocol and existing.endpoint == endpoint:
                if attributes and {**existing.__dict__, "arn": ""} != sub.__dict__:
                    raise invalid(
                        "Attributes", "Subscription already exists with different attributes"
                    )
                return {"SubscriptionArn": existing.arn}
        sub.arn = f"{topic.arn}:{self.world.new_id()}"
        topic.subscriptions[sub.arn] = sub
        self.subscriptions[sub.arn] = sub
        self.world.emit(
            "subscribed",
            f"{sub.short} ({protocol}) subscribed to {topic.name}"
            + (" with a filter policy." if sub.filter_policy is not None else "."),
            topic=topic.name,
            subscription=sub.arn,
            protocol=protocol,
            endpoint=endpoint,
        )
        # Simulated endpoints confirm at once; AWS still answers "pending confirmation" for
        # HTTP/S and email unless the caller asks for the ARN.
        if protocol in ("http", "https", "email", "email-json") and not p.get(
            "ReturnSubscriptionArn"
        ):
            return {"SubscriptionArn": "pending confirmation"}
        return {"SubscriptionArn": sub.arn}

    def _check_endpoint(self, topic: Topic, protocol: str, endpoint: str) -> None:
        if protocol == "sqs":
            if not endpoint.startswith("arn:aws:sqs:"):
                raise invalid("SQS endpoint ARN", f"{endpoint!r} is not an SQS queue ARN.")
            if topic.fifo and not endpoint.endswith(".fifo"):
                raise invalid(
                    "Endpoint",
                    "FIFO SNS Topics currently only support FIFO SQS queues as endpoints.",
                )
        elif topic.fifo:
            raise invalid(
                "Protocol",
                f"FIFO topics deliver only to SQS FIFO queues, not {protocol} endpoints.",
            )
        elif protocol == "lambda" and not endpoint.startswith("arn:aws:lambda:"):
            raise invalid("Lambda endpoint ARN", f"{endpoint!r} is not a Lambda function ARN.")
        elif protocol in ("http", "https") and not endpoint.startswith(f"{protocol}://"):
            raise invalid("Endpoint", f"an {protocol} endpoint must start with {protocol}://.")
        elif protocol.startswith("email") and "@" not in endpoint:
            raise invalid("Email address", f"{endpoint!r} is not an email address.")

    def unsubscribe(self, p: dict) -> dict:
        sub = self.subscription(p.get("SubscriptionArn"))
        del self.subscriptions[sub.arn]
        topic = self.topics.get(sub.topic_arn.rsplit(":", 1)[-1])
        if topic:
            topic.subscriptions.pop(sub.arn, None)
        self.world.emit("unsubscribed", f"{sub.short} unsubscribed.", subscription=sub.arn)
        return {}

    def list_subscriptions_by_topic(self, p: dict) -> dict:
        topic = self.topic(p.get("TopicArn"))
        return {
            "Subscriptions": [
                {
                    "SubscriptionArn": s.arn,
                    "Owner": ACCOUNT_ID,
                    "Protocol": s.protocol,
                    "Endpoint": s.endpoint,
                    "TopicArn": topic.arn,
                }
                for s in topic.subscriptions.values()
            ]
        }

    def get_subscription_attributes(self, p: dict) -> dict:
        sub = self.subscription(p.get("SubscriptionArn"))
        attributes = {
            "SubscriptionArn": sub.arn,
            "TopicArn": sub.topic_arn,
            "Protocol": sub.protocol,
            "Endpoint": sub.endpoint,
            "Owner": ACCOUNT_ID,
            "PendingConfirmation": "false",
            "ConfirmationWasAuthenticated": "true",
            "RawMessageDelivery": "true" if sub.raw else "false",
        }
        if sub.filter_text is not None:
            attributes["FilterPolicy"] = sub.filter_text
            attributes["FilterPolicyScope"] = sub.filter_scope
        if sub.redrive:
            attributes["RedrivePolicy"] = json.dumps(sub.redrive)
        if sub.delivery_policy:
            attributes["DeliveryPolicy"] = json.dumps({"healthyRetryPolicy": sub.delivery_policy})
        return {"Attributes": attributes}

    def set_subscription_attributes(self, p: dict) -> dict:
        sub = self.subscription(p.get("SubscriptionArn"))
        self._set_attribute(sub, p.get("AttributeName"), p.get("AttributeValue"))
        return {}

    def _set_attribute(self, sub: Subscription, name, value) -> None:
        if name not in SUBSCRIPTION_ATTRIBUTES:
            raise invalid(
                "AttributeName",
                f"{name!r} is not a subscription attribute ({', '.join(SUBSCRIPTION_ATTRIBUTES)}).",
            )
        text = value if isinstance(value, str) or value is None else json.dumps(value)
        if name == "FilterPolicyScope":
            if text not in SCOPES:
                raise invalid("FilterPolicyScope", "must be MessageAttributes or MessageBody.")
            if sub.filter_text:
                sub.filter_policy = parse_filter_policy(sub.filter_text, text)
            sub.filter_scope = text
        elif name == "FilterPolicy":
            if not text:
                sub.filter_policy = sub.filter_text = None
                return
            sub.filter_policy = parse_filter_policy(text, sub.filter_scope)
            sub.filter_text = text
        elif name == "RawMessageDelivery":
            if str(text).lower() not in ("true", "false"):
                raise invalid("RawMessageDelivery", "must be true or false.")
            raw = str(text).lower() == "true"
            if raw and sub.protocol not in RAW_PROTOCOLS:
                raise invalid(
                    "Attributes",
                    f"Delivery protocol [{sub.protocol}] does not support raw message delivery.",
                )
            sub.raw = raw
        elif name == "RedrivePolicy":
            sub.redrive = self._parse_redrive(text)
        elif name == "DeliveryPolicy":
            sub.delivery_policy = self._parse_delivery_policy(text, sub)

    @staticmethod
    def _parse_redrive(text) -> dict | None:
        if not text:
            return None
        try:
            policy = json.loads(text)
        except ValueError:
            raise invalid(
                "RedrivePolicy", 'must be JSON like {"deadLetterTargetArn": "arn:aws:sqs:..."}.'
            ) from None
        target = policy.get("deadLetterTargetArn") if isinstance(policy, dict) else None
        if not isinstance(target, str) or not target.startswith("arn:aws:sqs:"):
            raise invalid("RedrivePolicy", "deadLetterTargetArn must be an SQS queue ARN.")
        return {"deadLetterTargetArn": target}

    @staticmethod
    def _parse_delivery_policy(text, sub: Subscription) -> dict | None:
        if not text:
            return None
        if sub.protocol not in ("http", "https"):
            raise invalid("DeliveryPolicy", "only HTTP/S subscriptions take a delivery policy.")
        try:
            policy = json.loads(text)
            retry = policy.get("healthyRetryPolicy", policy)
            retries = int(retry.get("numRetries", 3))
            low = float(retry.get("minDelayTarget", 20))
            high = float(retry.get("maxDelayTarget", low))
        except (ValueError, TypeError, AttributeError):
            raise invalid("DeliveryPolicy", "must be JSON with a healthyRetryPolicy.") from None
        if not 0 <= retries <= 100 or not 1 <= low <= high <= 3600:
            raise invalid(
                "DeliveryPolicy",
                "numRetries is 0-100 and 1 <= minDelayTarget <= maxDelayTarget <= 3600.",
            )
        return {"numRetries": retries, "minDelayTarget": low, "maxDelayTarget": high}
