"""Simulated Amazon SNS: topics, subscriptions and publishing (delivery in sns_delivery.py).

Action names, parameters and error codes follow the SNS API reference:
https://docs.aws.amazon.com/sns/latest/api/
"""

from __future__ import annotations

import hashlib
import json

from .core import ACCOUNT_ID, AwsError, Engine
from .sns_delivery import DeliveryMixin
from .sns_model import MAX_MESSAGE_BYTES, TOPIC_NAME, Subscription, Topic, invalid, not_found
from .sns_subscriptions import SubscriptionMixin
from .sqs_model import DEDUP_WINDOW_SECONDS


class SnsEngine(SubscriptionMixin, DeliveryMixin, Engine):
    service = "sns"
    arn_services = ("sns",)

    def __init__(self, world):
        super().__init__(world)
        self.topics: dict[str, Topic] = {}
        self.subscriptions: dict[str, Subscription] = {}
        self.endpoints: dict[str, dict] = {}
        self._labels = 0
        self._actions = {
            "CreateTopic": self.create_topic,
            "DeleteTopic": self.delete_topic,
            "ListTopics": self.list_topics,
            "GetTopicAttributes": self.get_topic_attributes,
            "Subscribe": self.subscribe,
            "Unsubscribe": self.unsubscribe,
            "ListSubscriptionsByTopic": self.list_subscriptions_by_topic,
            "GetSubscriptionAttributes": self.get_subscription_attributes,
            "SetSubscriptionAttributes": self.set_subscription_attributes,
            "Publish": self.publish,
            "PublishBatch": self.publish_batch,
            "x-SetEndpointHealth": self.x_set_endpoint_health,
            "x-GetDeliveries": self.x_get_deliveries,
        }

    def actions(self):
        return self._actions

    def topic(self, topic_arn: object) -> Topic:
        if not isinstance(topic_arn, str) or not topic_arn:
            raise invalid("TopicArn", "the request must name a TopicArn.")
        name = topic_arn.rsplit(":", 1)[-1]
        found = self.topics.get(name)
        if found is None or found.arn != topic_arn:
            raise not_found(f"Topic {topic_arn}")
        return found

    def subscription(self, subscription_arn: object) -> Subscription:
        found = (
            self.subscriptions.get(subscription_arn) if isinstance(subscription_arn, str) else None
        )
        if found is None:
            raise not_found(f"Subscription {subscription_arn}")
        return found

    # -- topics ----------------------------------------------------------------
    def create_topic(self, p: dict) -> dict:
        name = p.get("Name")
        attributes = p.get("Attributes") or {}
        if not isinstance(attributes, dict):
            raise invalid("Attributes", "must be a map of name -> value.")
        fifo = str(attributes.get("FifoTopic", "false")).lower() == "true"
        base = name[:-5] if isinstance(name, str) and name.endswith(".fifo") else name
        if not isinstance(name, str) or not TOPIC_NAME.match(base or "") or len(name) > 256:
            raise invalid(
                "Name",
                "Topic names must be made up of only uppercase and lowercase "
                "ASCII letters, numbers, underscores, and hyphens, and must be between "
                "1 and 256 characters long.",
            )
        if fifo != name.endswith(".fifo"):
            raise invalid(
                "Name",
                "a FIFO topic needs FifoTopic=true and a name ending in .fifo "
                "(and only a FIFO topic may end in .fifo).",
            )
        for key in attributes:
            if key not in (
                "FifoTopic",
                "ContentBasedDeduplication",
                "DisplayName",
                "Policy",
                "DeliveryPolicy",
                "KmsMasterKeyId",
                "TracingConfig",
            ):
                raise invalid("Attributes", f"Unknown attribute {key}.")
        content_dedup = str(attributes.get("ContentBasedDeduplication", "false")).lower() == "true"
        if content_dedup and not fifo:
            raise invalid(
                "ContentBasedDeduplication",
                "Content-based deduplication can only be set for FIFO topics.",
            )
        if name not in self.topics:
            self.topics[name] = Topic(name, fifo, content_dedup, attributes.get("DisplayName", ""))
            kind = "FIFO" if fifo else "standard"
            self.world.emit("topic-created", f"Created the {kind} topic {name}.", topic=name)
        return {"TopicArn": self.topics[name].arn}

    def delete_topic(self, p: dict) -> dict:
        topic = self.topic(p.get("TopicArn"))
        for sub_arn in topic.subscriptions:
            self.subscriptions.pop(sub_arn, None)
        del self.topics[topic.name]
        self.world.emit("topic-deleted", f"Deleted the topic {topic.name}.", topic=topic.name)
        return {}

    def list_topics(self, p: dict) -> dict:
        return {"Topics": [{"TopicArn": t.arn} for _, t in sorted(self.topics.items())]}

    def get_topic_attributes(self, p: dict) -> dict:
        topic = self.topic(p.get("TopicArn"))
        confirmed = sum(1 for s in topic.subscriptions.values() if s.confirmed)
        attributes = {
            "TopicArn": topic.arn,
            "Owner": ACCOUNT_ID,
            "DisplayName": topic.display_name,
            "SubscriptionsConfirmed": str(confirmed),
            "SubscriptionsPending": str(len(topic.subscriptions) - confirmed),
            "SubscriptionsDeleted": "0",
        }
        if topic.fifo:
            attributes["FifoTopic"] = "true"
            attributes["ContentBasedDeduplication"] = "true" if topic.content_dedup else "false"
        return {"Attributes": attributes}

    # -- publishing --------------------------------------------------------------
    def publish(self, p: dict) -> dict:
        topic = self.topic(p.get("TopicArn") or p.get("TargetArn"))
        message = self._prepare(topic, p)
        result = {"MessageId": message["id"]}
        if topic.fifo:
            result["SequenceNumber"] = message["sequence"]
        if not message.get("duplicate"):
            self.fan_out(topic, message)
        return result

    def publish_batch(self, p: dict) -> dict:
        topic = self.topic(p.get("TopicArn"))
        entries = p.get("PublishBatchRequestEntries")
        if not entries or not isinstance(entries, list):
            raise AwsError("EmptyBatchRequest", "The batch request doesn't contain any entries.")
        if len(entries) > 10:
            raise AwsError(
                "TooManyEntriesInBatchRequest",
                f"The batch request contains more entries than permissible "
                f"(10); it has {len(entries)}.",
            )
        ids = [e.get("Id") if isinstance(e, dict) else None for e in entries]
        if len(set(map(str, ids))) != len(ids):
            raise AwsError(
                "BatchEntryIdsNotDistinct",
                "Two or more batch entries in the request have the same Id.",
            )
        successful, failed = [], []
        for entry in entries:
            try:
                if not isinstance(entry, dict) or not isinstance(entry.get("Id"), str):
                    raise AwsError("InvalidBatchEntryId", "Each entry needs an Id.")
                message = self._prepare(topic, entry)
            except AwsError as error:
                failed.append(
                    {
                        "Id": str(entry.get("Id") if isinstance(entry, dict) else ""),
                        "Code": error.code,
                        "Message": error.message,
                        "SenderFault": True,
                    }
                )
                continue
            done = {"Id": entry["Id"], "MessageId": message["id"]}
            if topic.fifo:
                done["SequenceNumber"] = message["sequence"]
            successful.append(done)
            if not message.get("duplicate"):
                self.fan_out(topic, message)
        return {"Successful": successful, "Failed": failed}

    def _prepare(self, topic: Topic, p: dict) -> dict:
        body = p.get("Message")
        if not isinstance(body, str) or body == "":
            raise invalid("Message", "Empty message")
        attributes = self._check_attributes(p.get("MessageAttributes"))
        size = len(body.encode()) + sum(
            len(k) + len(str(a.get("StringValue", a.get("BinaryValue", ""))))
            for k, a in attributes.items()
        )
        if size > MAX_MESSAGE_BYTES:
            raise invalid("Message", f"Message too long: {size} bytes; the limit is 262144.")
        per_protocol = None
        if p.get("MessageStructure") == "json":
            try:
                per_protocol = json.loads(body)
            except ValueError:
                per_protocol = None
            if not isinstance(per_protocol, dict) or "default" not in per_protocol:
                raise invalid("Message Structure", "No default entry in JSON message body")
        self._labels += 1
        message = {
            "label": f"n-{self._labels}",
            "id": self.world.new_id(),
            "body": per_protocol["default"] if per_protocol else body,
            "per_protocol": per_protocol,
            "subject": p.get("Subject"),
            "attributes": attributes,
            "at": self.world.now,
            "group_id": p.get("MessageGroupId"),
        }
        if topic.fifo:
            self._fifo(topic, p, message)
        elif p.get("MessageDeduplicationId") is not None:
            raise invalid(
                "MessageDeduplicationId",
                "The request includes MessageDeduplicationId parameter that is not "
                "valid for this topic type",
            )
        if not message.get("duplicate"):
            self.world.emit(
                "published",
                f"{message['label']} published to {topic.name}; {len(topic.subscriptions)} "
                "subscription(s) to consider.",
                topic=topic.name,
                message_id=message["id"],
                label=message["label"],
            )
        return message

    def _fifo(self, topic: Topic, p: dict, message: dict) -> None:
        if not p.get("MessageGroupId"):
            raise invalid(
                "MessageGroupId", "The MessageGroupId parameter is required for FIFO topics"
            )
        dedup = p.get("MessageDeduplicationId")
        if dedup is None:
            if not topic.content_dedup:
                raise invalid(
                    "MessageDeduplicationId",
                    "The topic should either have "
                    "ContentBasedDeduplication enabled or MessageDeduplicationId "
                    "provided explicitly",
                )
            dedup = hashlib.sha256(message["body"].encode()).hexdigest()
        message["dedup_id"] = str(dedup)
        seen = topic.dedup.get(message["dedup_id"])
        if seen and seen[0] > self.world.now:
            message["id"], message["duplicate"] = seen[1], True
            self.world.emit(
                "deduplicated",
                f"{topic.name} dropped a duplicate publish "
                "(same deduplication id within 5 minutes).",
                topic=topic.name,
            )
        else:
            topic.dedup[message["dedup_id"]] = (
                self.world.now + DEDUP_WINDOW_SECONDS,
                message["id"],
            )
        topic.sequence += 1
        message["sequence"] = f"{10_000_000_000_000_000_000 + topic.sequence}"

    def _check_attributes(self, attributes) -> dict:
        if not attributes:
            return {}
        if not isinstance(attributes, dict) or len(attributes) > 10:
            raise invalid("MessageAttributes", "a map of at most 10 attributes.")
        for name, attr in attributes.items():
            if not isinstance(attr, dict) or "DataType" not in attr:
                raise AwsError(
                    "ParameterValueInvalid",
                    f"The message attribute '{name}' must contain a DataType.",
                )
            kind = str(attr["DataType"])
            value = attr.get("StringValue", attr.get("BinaryValue"))
            if kind.split(".")[0] not in ("String", "Number", "Binary") or value is None:
                raise AwsError(
                    "ParameterValueInvalid",
                    f"The message attribute '{name}' has an invalid type or no value.",
                )
            if kind.startswith("Number"):
                try:
                    float(value)
                except (TypeError, ValueError):
                    raise AwsError(
                        "ParameterValueInvalid",
                        f"The message attribute '{name}' with type 'Number' must "
                        "use a numeric value.",
                    ) from None
            if kind == "String.Array":
                try:
                    ok = isinstance(json.loads(value), list)
                except (TypeError, ValueError):
                    ok = False
                if not ok:
                    raise AwsError(
                        "ParameterValueInvalid",
                        f"The message attribute '{name}' with type 'String.Array' "
                        "must be a JSON array.",
                    )
        return {name: dict(attr) for name, attr in attributes.items()}

    # -- deliveries from other engines (an EventBridge target, a state machine) -------------
    def deliver(self, target_arn: str, payload: dict) -> None:
        params = {"TopicArn": target_arn, "Message": payload.get("body", "")}
        if payload.get("attributes"):
            params["MessageAttributes"] = payload["attributes"]
        if payload.get("group_id"):
            params["MessageGroupId"] = payload["group_id"]
        self.publish(params)
