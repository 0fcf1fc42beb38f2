"""How SNS hands a published message to each subscription: filter, envelope, retry, DLQ.

A mixin of SnsEngine (sns.py). Retry behaviour follows
https://docs.aws.amazon.com/sns/latest/dg/sns-message-delivery-retries.html: HTTP/S endpoints
use the subscription's delivery policy (default: 3 retries 20 s apart); a client-side error
(the endpoint is gone) is not retried; what cannot be delivered goes to the subscription's
dead-letter queue, or is lost.
"""

from __future__ import annotations

import json

from .core import REGION, AwsError
from .sns_filter import matches

DEFAULT_HTTP_POLICY = {"numRetries": 3, "minDelayTarget": 20, "maxDelayTarget": 20}
LAMBDA_ASYNC_RETRY_DELAYS = (60, 120)  # Lambda retries an asynchronous event twice


def envelope(topic, message: dict, body: str, world) -> str:
    """The JSON document SNS delivers when raw message delivery is off."""
    doc = {
        "Type": "Notification",
        "MessageId": message["id"],
        "TopicArn": topic.arn,
    }
    if message.get("subject"):
        doc["Subject"] = message["subject"]
    doc["Message"] = body
    doc["Timestamp"] = world.timestamp(message["at"]).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
    if topic.fifo:
        doc["SequenceNumber"] = message["sequence"]
    else:
        doc.update(
            SignatureVersion="1",
            Signature="EXAMPLE-signature-not-computed-by-the-simulator",
            SigningCertURL=f"https://sns.{REGION}.amazonaws.com/SimpleNotificationService.pem",
            UnsubscribeURL=f"https://sns.{REGION}.amazonaws.com/?Action=Unsubscribe",
        )
    if message["attributes"]:
        doc["MessageAttributes"] = {
            name: {"Type": a["DataType"], "Value": a.get("StringValue", a.get("BinaryValue"))}
            for name, a in message["attributes"].items()
        }
    return json.dumps(doc)


def sqs_attributes(attributes: dict) -> dict:
    """Raw delivery to SQS turns SNS message attributes into SQS message attributes."""
    converted = {}
    for name, attr in attributes.items():
        data_type = "String" if attr["DataType"] == "String.Array" else attr["DataType"]
        value_key = "BinaryValue" if data_type.startswith("Binary") else "StringValue"
        converted[name] = {"DataType": data_type, value_key: attr.get(value_key, "")}
    return converted


class DeliveryMixin:
    def fan_out(self, topic, message: dict) -> None:
        for sub in list(topic.subscriptions.values()):
            if not sub.confirmed:
                continue
            if sub.filter_policy is not None and not matches(
                sub.filter_policy, sub.filter_scope, message["attributes"], message["body"]
            ):
                self.world.emit(
                    "filtered-out",
                    f"{message['label']} was not sent to {sub.short} ({sub.protocol}): its filter "
                    f"policy on {sub.filter_scope} does not match.",
                    topic=topic.name,
                    subscription=sub.arn,
                    endpoint=sub.endpoint,
                    message_id=message["id"],
                )
                continue
            self.attempt(topic, sub, message, attempt=1)

    def _body_for(self, sub, message: dict) -> str:
        per_protocol = message.get("per_protocol")
        if per_protocol:
            return per_protocol.get(sub.protocol, per_protocol["default"])
        return message["body"]

    def attempt(self, topic, sub, message: dict, attempt: int) -> None:
        if sub.arn not in self.subscriptions:
            return  # unsubscribed while a retry was waiting
        body = self._body_for(sub, message)
        payload = body if sub.raw else envelope(topic, message, body, self.world)
        if sub.protocol == "sqs":
            self._to_queue(topic, sub, message, payload)
        elif sub.protocol == "lambda":
            self._to_lambda(topic, sub, message, payload, attempt)
        else:
            self._to_endpoint(topic, sub, message, payload, attempt)

    def _delivered(self, topic, sub, message: dict, attempt: int = 1) -> None:
        again = f" on attempt {attempt}" if attempt > 1 else ""
        self.world.emit(
            "delivered",
            f"{message['label']} delivered to {sub.short} ({sub.protocol}){again}.",
            topic=topic.name,
            subscription=sub.arn,
            endpoint=sub.endpoint,
            protocol=sub.protocol,
            message_id=message["id"],
        )

    def _to_queue(self, topic, sub, message: dict, payload: str) -> None:
        item = {
            "body": payload,
            "source": f"SNS topic {topic.name}",
            "group_id": message.get("group_id"),
            "dedup_id": message.get("dedup_id"),
            "message_id": message["id"],
        }
        if sub.raw and message["attributes"]:
            item["attributes"] = sqs_attributes(message["attributes"])
        try:
            self.world.deliver(sub.endpoint, item)
        except AwsError as error:
            # A missing queue is a client-side error: SNS does not retry it.
            self._give_up(topic, sub, message, f"the queue refused it ({error.code})", 1)
            return
        self._delivered(topic, sub, message)

    def _to_lambda(self, topic, sub, message: dict, payload: str, attempt: int) -> None:
        event = {
            "Records": [
                {
                    "EventSource": "aws:sns",
                    "EventVersion": "1.0",
                    "EventSubscriptionArn": sub.arn,
                    "Sns": json.loads(
                        envelope(topic, message, self._body_for(sub, message), self.world)
                    ),
                }
            ]
        }
        result = self.world.engines["lambda"].invoke(sub.endpoint, event, source=topic.arn)
        if result["ok"]:
            self._delivered(topic, sub, message, attempt)
            return
        # SNS invokes Lambda asynchronously: Lambda itself retries the event twice.
        if attempt <= len(LAMBDA_ASYNC_RETRY_DELAYS):
            delay = LAMBDA_ASYNC_RETRY_DELAYS[attempt - 1]
            self.world.emit(
                "delivery-failed",
                f"{sub.short} failed on {message['label']}; Lambda retries the asynchronous "
                f"event in {delay} s (retry {attempt} of {len(LAMBDA_ASYNC_RETRY_DELAYS)}).",
                topic=topic.name,
                subscription=sub.arn,
                message_id=message["id"],
                retry_in=delay,
            )
            self.world.schedule(
                self.world.now + delay,
                lambda: self.attempt(topic, sub, message, attempt + 1),
            )
            return
        self._give_up(topic, sub, message, "the function kept failing", attempt)

    def _to_endpoint(self, topic, sub, message: dict, payload: str, attempt: int) -> None:
        endpoint = self.endpoint(sub.endpoint)
        if endpoint["healthy"]:
            endpoint["deliveries"].append(
                {
                    "t": self.world.now,
                    "body": payload,
                    "message_id": message["id"],
                    "subscription": sub.arn,
                }
            )
            self._delivered(topic, sub, message, attempt)
            return
        if sub.protocol not in ("http", "https"):
            self._give_up(topic, sub, message, "the endpoint is unreachable", attempt)
            return
        policy = sub.delivery_policy or DEFAULT_HTTP_POLICY
        retries = int(policy.get("numRetries", 3))
        if attempt > retries:
            self._give_up(topic, sub, message, f"{sub.endpoint} stayed down", attempt)
            return
        low = float(policy.get("minDelayTarget", 20))
        high = float(policy.get("maxDelayTarget", low))
        delay = low if retries <= 1 else low + (high - low) * (attempt - 1) / (retries - 1)
        self.world.emit(
            "delivery-failed",
            f"POST of {message['label']} to {sub.endpoint} failed (the endpoint is down); SNS "
            f"retries in {delay:g} s (retry {attempt} of {retries}).",
            topic=topic.name,
            subscription=sub.arn,
            endpoint=sub.endpoint,
            message_id=message["id"],
            retry_in=delay,
        )
        self.world.schedule(
            self.world.now + delay, lambda: self.attempt(topic, sub, message, attempt + 1)
        )

    def _give_up(self, topic, sub, message: dict, why: str, attempts: int) -> None:
        dlq = (sub.redrive or {}).get("deadLetterTargetArn")
        if dlq:
            try:
                self.world.deliver(
                    dlq,
                    {
                        "body": envelope(topic, message, message["body"], self.world),
                        "source": f"the dead-letter queue of {sub.short}",
                        "group_id": message.get("group_id"),
                        "message_id": message["id"],
                    },
                )
            except AwsError:
                dlq = None
            else:
                self.world.emit(
                    "sent-to-dlq",
                    f"SNS gave up on {message['label']} for {sub.short} after {attempts} "
                    f"attempt(s): {why}. It went to the subscription's dead-letter queue.",
                    topic=topic.name,
                    subscription=sub.arn,
                    message_id=message["id"],
                )
                return
        self.world.emit(
            "message-lost",
            f"SNS gave up on {message['label']} for {sub.short} after {attempts} attempt(s): "
            f"{why}. With no dead-letter queue the message is lost for this subscriber.",
            topic=topic.name,
            subscription=sub.arn,
            message_id=message["id"],
        )

    # -- simulated HTTP/S and email endpoints ---------------------------------------
    def endpoint(self, address: str) -> dict:
        return self.endpoints.setdefault(address, {"healthy": True, "deliveries": []})

    def x_set_endpoint_health(self, p: dict) -> dict:
        address = p.get("Endpoint")
        healthy = p.get("Healthy")
        if not isinstance(address, str) or not isinstance(healthy, bool):
            raise AwsError(
                "InvalidParameterValue",
                "x-SetEndpointHealth needs Endpoint (a URL or address) and Healthy.",
            )
        self.endpoint(address)["healthy"] = healthy
        self.world.emit(
            "endpoint-health",
            f"{address} is {'back up' if healthy else 'down: it answers HTTP 500'}.",
            endpoint=address,
            healthy=healthy,
        )
        return {"Endpoint": address, "Healthy": healthy}

    def x_get_deliveries(self, p: dict) -> dict:
        address = p.get("Endpoint")
        if not isinstance(address, str):
            raise AwsError("InvalidParameterValue", "x-GetDeliveries needs Endpoint.")
        return {"Deliveries": list(self.endpoint(address)["deliveries"])}
