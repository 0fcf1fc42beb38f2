"""Sending to SQS: validation, delays and timers, FIFO deduplication, retention, deliveries.

A mixin of SqsEngine (sqs.py).
"""

from __future__ import annotations

import hashlib

from .core import AwsError
from .sqs_model import (
    DEDUP_WINDOW_SECONDS,
    Message,
    Queue,
    attributes_size,
    md5_of_attributes,
    md5_of_body,
    no_such_queue,
    validate_message_attributes,
)
from .sqs_receive import check_batch

# With realism on, a standard queue stores an extra copy of this share of messages: the
# at-least-once delivery that makes idempotent consumers necessary.
DUPLICATE_CHANCE = 0.2


class SendMixin:
    # -- sending -------------------------------------------------------------
    def send_message(self, p: dict) -> dict:
        queue = self.queue(p.get("QueueUrl"))
        return self.send(queue, p)

    def send_message_batch(self, p: dict) -> dict:
        queue = self.queue(p.get("QueueUrl"))
        entries = check_batch(p.get("Entries"), "SendMessageBatch")
        total = sum(len(str(e.get("MessageBody", "")).encode()) for e in entries)
        if total > queue.settings["MaximumMessageSize"]:
            raise AwsError(
                "AWS.SimpleQueueService.BatchRequestTooLong",
                f"The batch holds {total} bytes; a batch may hold at most "
                f"{queue.settings['MaximumMessageSize']} bytes in total.",
            )
        successful, failed = [], []
        for entry in entries:
            try:
                sent = self.send(queue, entry)
            except AwsError as error:
                failed.append(
                    {
                        "Id": entry["Id"],
                        "SenderFault": True,
                        "Code": error.code,
                        "Message": error.message,
                    }
                )
            else:
                successful.append({"Id": entry["Id"], **sent})
        response: dict = {"Successful": successful}
        if failed:
            response["Failed"] = failed
        return response

    def send(self, queue: Queue, p: dict, source: str | None = None) -> dict:
        body = p.get("MessageBody")
        if not isinstance(body, str) or body == "":
            raise AwsError(
                "MissingParameter", "The request must contain the parameter MessageBody."
            )
        attributes = validate_message_attributes(p.get("MessageAttributes"))
        size = len(body.encode()) + attributes_size(attributes)
        limit = queue.settings["MaximumMessageSize"]
        if size > limit:
            raise AwsError(
                "InvalidParameterValue",
                f"One or more parameters are invalid. Reason: Message must be shorter than "
                f"{limit} bytes (this one is {size} bytes with its attributes).",
            )
        delay = self._message_delay(queue, p.get("DelaySeconds"))
        group_id, dedup_id = self._fifo_ids(queue, p, body)
        self.expire(queue)
        now = self.world.now
        if dedup_id is not None:
            seen = queue.dedup.get(dedup_id)
            if seen is not None and seen[0] > now:
                self.world.emit(
                    "deduplicated",
                    f"{queue.name} accepted the send but dropped it: deduplication id "
                    f"{dedup_id[:16]} was already used in the last 5 minutes.",
                    queue=queue.name,
                    message_id=seen[1],
                )
                return self._send_result(queue, seen[1], body, attributes, None)
        self._labels += 1
        message = Message(
            label=f"m-{self._labels}",
            message_id=self.world.new_id(),
            body=body,
            attributes=attributes,
            sent_at=now,
            visible_at=now + delay,
            group_id=group_id,
            dedup_id=dedup_id,
        )
        if queue.fifo:
            queue.sequence += 1
            message.sequence_number = f"{18_000_000_000_000_000_000 + queue.sequence}"
            queue.dedup[dedup_id] = (now + DEDUP_WINDOW_SECONDS, message.message_id)
        self.store(queue, message, source)
        if not queue.fifo and self.world.realism and self.world.random.random() < DUPLICATE_CHANCE:
            copy = Message(**{**message.__dict__, "label": f"{message.label}-copy"})
            copy.copy_of = message.label
            # The copy sits on a server that answers a little later than the others.
            copy.visible_at += self.world.random.randint(1, 10)
            self.store(queue, copy, None, quiet=True)
        return self._send_result(
            queue, message.message_id, body, attributes, message.sequence_number
        )

    def _send_result(self, queue, message_id, body, attributes, sequence_number) -> dict:
        result = {"MessageId": message_id, "MD5OfMessageBody": md5_of_body(body)}
        if attributes:
            result["MD5OfMessageAttributes"] = md5_of_attributes(attributes)
        if queue.fifo and sequence_number:
            result["SequenceNumber"] = sequence_number
        return result

    def _message_delay(self, queue: Queue, value: object) -> int:
        if value is None:
            return queue.settings["DelaySeconds"]
        if queue.fifo:
            raise AwsError(
                "InvalidParameterValue",
                f"Value {value} for parameter DelaySeconds is invalid. Reason: The request "
                "include parameter that is not valid for this queue type. (FIFO queues have no "
                "per-message timers: set DelaySeconds on the queue instead.)",
            )
        try:
            delay = int(value)
        except (TypeError, ValueError):
            delay = -1
        if not 0 <= delay <= 900:
            raise AwsError(
                "InvalidParameterValue",
                f"Value {value} for parameter DelaySeconds is invalid. Reason: DelaySeconds "
                "must be >= 0 and <= 900.",
            )
        return delay

    def _fifo_ids(self, queue: Queue, p: dict, body: str) -> tuple[str | None, str | None]:
        group_id = p.get("MessageGroupId")
        dedup_id = p.get("MessageDeduplicationId")
        if not queue.fifo:
            if dedup_id is not None:
                raise AwsError(
                    "InvalidParameterValue",
                    "Value for parameter MessageDeduplicationId is invalid. Reason: The request "
                    "include parameter that is not valid for this queue type (only FIFO queues "
                    "deduplicate).",
                )
            return (str(group_id) if group_id is not None else None), None
        if not group_id:
            raise AwsError(
                "MissingParameter",
                "The request must contain the parameter MessageGroupId (a FIFO queue orders "
                "messages within a message group).",
            )
        if dedup_id is None:
            if not queue.settings["ContentBasedDeduplication"]:
                raise AwsError(
                    "InvalidParameterValue",
                    "The queue should either have ContentBasedDeduplication enabled or "
                    "MessageDeduplicationId provided explicitly",
                )
            dedup_id = hashlib.sha256(body.encode()).hexdigest()
        return str(group_id), str(dedup_id)

    def store(self, queue: Queue, message: Message, source: str | None, quiet=False) -> None:
        queue.messages[message.label] = message
        now = self.world.now
        delay = message.visible_at - now
        if not quiet:
            origin = f" from {source}" if source else ""
            when = f"; it stays hidden for its {delay:g} s delay" if delay > 0 else ""
            self.world.emit(
                "sent",
                f"{message.label} ({message.body[:40]!r}) arrived in {queue.name}{origin}{when}.",
                queue=queue.name,
                message_id=message.message_id,
                label=message.label,
                group=message.group_id,
            )
        if delay > 0:
            self.world.schedule(message.visible_at, lambda: self._delay_over(queue, message))
        retention = queue.settings["MessageRetentionPeriod"]
        self.world.schedule(now + retention, lambda: self.expire(queue))

    def _delay_over(self, queue: Queue, message: Message) -> None:
        if queue.messages.get(message.label) is message and not (
            message.in_flight or message.copy_of
        ):
            self.world.emit(
                "delay-ended",
                f"{message.label} is now visible in {queue.name}: its delay ended.",
                queue=queue.name,
                message_id=message.message_id,
                label=message.label,
            )

    def expire(self, queue: Queue) -> None:
        """Drop messages older than the retention period (counted from the first send)."""
        retention = queue.settings["MessageRetentionPeriod"]
        for label, message in list(queue.messages.items()):
            if message.sent_at + retention <= self.world.now:
                del queue.messages[label]
                self.world.emit(
                    "expired",
                    f"{label} expired from {queue.name}: it was older than the retention "
                    f"period of {retention} s and was never deleted.",
                    queue=queue.name,
                    message_id=message.message_id,
                    label=label,
                )

    # -- deliveries from other engines ----------------------------------------
    def deliver(self, target_arn: str, payload: dict) -> None:
        queue = self.queue_by_arn(target_arn)
        if queue is None:
            raise no_such_queue(target_arn)
        params = {"MessageBody": payload.get("body", "")}
        if payload.get("attributes"):
            params["MessageAttributes"] = payload["attributes"]
        if queue.fifo:
            params["MessageGroupId"] = payload.get("group_id")
            if payload.get("dedup_id"):
                params["MessageDeduplicationId"] = payload["dedup_id"]
            elif not queue.settings["ContentBasedDeduplication"]:
                params["MessageDeduplicationId"] = payload.get("message_id") or self.world.new_id()
        self.send(queue, params, source=payload.get("source") or None)
