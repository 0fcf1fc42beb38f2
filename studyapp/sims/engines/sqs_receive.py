"""Receiving from SQS: visibility timeouts, long polling, FIFO groups, dead-letter redrive.

A mixin of SqsEngine (sqs.py), split out to keep each module about one idea.
"""

from __future__ import annotations

import re

from .core import AwsError
from .sqs_model import Message, Queue, md5_of_attributes, md5_of_body, name_list

# With realism on, a short poll asks only a sample of SQS's servers, so each visible
# message of a standard queue is seen with this chance (long polls ask every server).
SHORT_POLL_SEES = 0.7
REORDER_CHANCE = 0.3
BATCH_ID = re.compile(r"^[A-Za-z0-9_-]{1,80}$")


def check_batch(entries: object, action: str) -> list[dict]:
    if not entries:
        raise AwsError(
            "AWS.SimpleQueueService.EmptyBatchRequest",
            f"{action} needs at least one entry in Entries.",
        )
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise AwsError("InvalidParameterValue", "Entries must be a list of maps.")
    if len(entries) > 10:
        raise AwsError(
            "AWS.SimpleQueueService.TooManyEntriesInBatchRequest",
            f"Maximum number of entries per request are 10. You have sent {len(entries)}.",
        )
    seen = set()
    for entry in entries:
        entry_id = entry.get("Id")
        if not isinstance(entry_id, str) or not BATCH_ID.match(entry_id):
            raise AwsError(
                "AWS.SimpleQueueService.InvalidBatchEntryId",
                "A batch entry id can only contain alphanumeric characters, hyphens and "
                "underscores. It can be at most 80 letters long.",
            )
        if entry_id in seen:
            raise AwsError(
                "AWS.SimpleQueueService.BatchEntryIdsNotDistinct", f"Id {entry_id} repeated."
            )
        seen.add(entry_id)
    return entries


def _int_param(p: dict, name: str, low: int, high: int, default: int) -> int:
    value = p.get(name)
    if value is None:
        return default
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = low - 1
    if not low <= number <= high or isinstance(value, bool):
        raise AwsError(
            "InvalidParameterValue",
            f"Value {value} for parameter {name} is invalid. Reason: Must be between {low} and "
            f"{high}, if provided.",
        )
    return number


class ReceiveMixin:
    # -- receiving ------------------------------------------------------------
    def receive_message(self, p: dict) -> dict:
        queue = self.queue(p.get("QueueUrl"))
        most = _int_param(p, "MaxNumberOfMessages", 1, 10, 1)
        timeout = _int_param(p, "VisibilityTimeout", 0, 43_200, queue.settings["VisibilityTimeout"])
        wait = _int_param(
            p, "WaitTimeSeconds", 0, 20, queue.settings["ReceiveMessageWaitTimeSeconds"]
        )
        wanted = set(name_list(p, "MessageSystemAttributeNames")) | set(
            name_list(p, "AttributeNames")
        )
        wanted_attributes = name_list(p, "MessageAttributeNames")
        start = self.world.now
        deadline = start + wait
        while True:
            self.expire(queue)
            got = self._take(queue, most, timeout, short_poll=wait == 0)
            if got or self.world.now >= deadline:
                break
            upcoming = self.world.next_timer_at()
            self.world.run_until(deadline if upcoming is None else min(upcoming, deadline))
            if queue.name not in self.queues:
                raise AwsError(
                    "AWS.SimpleQueueService.NonExistentQueue",
                    f"The queue {queue.name} was deleted during the long poll.",
                )
        queue_stats = self.stats(queue)
        queue_stats["requests"] += 1
        waited = self.world.now - start
        if wait > 0:
            outcome = f"got {len(got)} message(s)" if got else "returned nothing"
            self.world.emit(
                "long-poll",
                f"ReceiveMessage on {queue.name} waited {waited:g} s of its {wait} s long poll "
                f"and {outcome}.",
                queue=queue.name,
                waited=waited,
                count=len(got),
            )
        if not got:
            queue_stats["empty"] += 1
            if wait == 0:
                self.world.emit(
                    "empty-receive",
                    f"ReceiveMessage on {queue.name} returned nothing: an empty receive still "
                    "counts as a billed request.",
                    queue=queue.name,
                )
            return {}
        return {"Messages": [self._shape(m, queue, wanted, wanted_attributes) for m in got]}

    def stats(self, queue: Queue) -> dict:
        return self.queue_stats.setdefault(queue.name, {"requests": 0, "empty": 0})

    def _candidates(self, queue: Queue) -> list[Message]:
        now = self.world.now
        visible = [m for m in queue.messages.values() if m.visible_at <= now]
        if not queue.fifo:
            return visible
        # A FIFO group with a message in flight is blocked; other groups carry on.
        blocked = {
            m.group_id for m in queue.messages.values() if m.in_flight and m.visible_at > now
        }
        groups: dict[str, list[Message]] = {}
        for message in queue.messages.values():
            if message.group_id in blocked:
                continue
            if message.visible_at > now:  # still delayed: later messages in its group wait too
                blocked.add(message.group_id)
                continue
            groups.setdefault(message.group_id, []).append(message)
        # SQS returns as many messages of one group as it can before moving to the next.
        return [m for group in groups.values() for m in group]

    def _take(self, queue: Queue, most: int, timeout: int, short_poll: bool) -> list[Message]:
        candidates = self._candidates(queue)
        realism = self.world.realism and not queue.fifo
        if realism:
            if short_poll:
                candidates = [m for m in candidates if self.world.random.random() < SHORT_POLL_SEES]
            for i in range(len(candidates) - 1):
                if self.world.random.random() < REORDER_CHANCE:
                    candidates[i], candidates[i + 1] = candidates[i + 1], candidates[i]
        taken: list[Message] = []
        moved_groups: set[str | None] = set()
        for message in candidates:
            if len(taken) >= most:
                break
            if queue.fifo and message.group_id in moved_groups:
                continue  # keep the group's order: look again on the next receive
            if queue.redrive and message.receive_count >= queue.redrive["maxReceiveCount"]:
                self._move_to_dead_letter_queue(queue, message)
                if queue.fifo:
                    moved_groups.add(message.group_id)
                continue
            self._deliver_to_consumer(queue, message, timeout)
            taken.append(message)
        return taken

    def _deliver_to_consumer(self, queue: Queue, message: Message, timeout: int) -> None:
        now = self.world.now
        message.receive_count += 1
        if message.first_receive_at is None:
            message.first_receive_at = now
        message.receipt_handle = f"{message.label}#{message.receive_count}#{self.world.new_id()}"
        self.handles[message.receipt_handle] = (queue.name, message.label)
        message.visible_at = now + timeout
        message.in_flight = timeout > 0
        if message.copy_of and message.receive_count == 1:
            self.world.emit(
                "duplicate-delivery",
                f"{message.copy_of} was delivered again as a second copy: a standard queue "
                "delivers at least once, so the consumer must be idempotent.",
                queue=queue.name,
                message_id=message.message_id,
                label=message.label,
            )
        self.world.emit(
            "received",
            f"{message.label} handed to a consumer (receive #{message.receive_count}); it is "
            f"invisible to others for {timeout} s.",
            queue=queue.name,
            message_id=message.message_id,
            label=message.label,
            receive_count=message.receive_count,
        )
        if timeout > 0:
            self._schedule_visibility(queue, message, timeout)

    def _schedule_visibility(self, queue: Queue, message: Message, timeout: int) -> None:
        due = message.visible_at

        def visible_again():
            if queue.messages.get(message.label) is message and message.visible_at == due:
                message.in_flight = False
                self.world.emit(
                    "visible-again",
                    f"{message.label} is visible again: its visibility timeout of {timeout} s "
                    "ran out before anyone deleted it.",
                    queue=queue.name,
                    message_id=message.message_id,
                    label=message.label,
                    receive_count=message.receive_count,
                )

        self.world.schedule(due, visible_again)

    def _move_to_dead_letter_queue(self, queue: Queue, message: Message) -> None:
        del queue.messages[message.label]
        target = self.queue_by_arn(queue.redrive["deadLetterTargetArn"])
        if target is None:
            self.world.emit(
                "dlq-missing",
                f"{message.label} exceeded maxReceiveCount but the dead-letter queue no longer "
                "exists: the message is lost.",
                queue=queue.name,
                label=message.label,
            )
            return
        message.in_flight = False
        message.visible_at = self.world.now
        target.messages[message.label] = message
        self.world.emit(
            "moved-to-dlq",
            f"{message.label} was received {message.receive_count} times without being "
            f"deleted (maxReceiveCount {queue.redrive['maxReceiveCount']}): SQS moved it to "
            f"the dead-letter queue {target.name}.",
            queue=queue.name,
            dead_letter_queue=target.name,
            message_id=message.message_id,
            label=message.label,
        )

    def _shape(self, message: Message, queue: Queue, wanted: set, wanted_attributes) -> dict:
        shaped = {
            "MessageId": message.message_id,
            "ReceiptHandle": message.receipt_handle,
            "MD5OfBody": md5_of_body(message.body),
            "Body": message.body,
        }
        system = {
            "SenderId": "AIDAEXAMPLE123456789",
            "SentTimestamp": str(self.world.epoch_millis(message.sent_at)),
            "ApproximateReceiveCount": str(message.receive_count),
            "ApproximateFirstReceiveTimestamp": str(
                self.world.epoch_millis(message.first_receive_at)
            ),
        }
        if queue.fifo:
            system["MessageGroupId"] = message.group_id
            system["MessageDeduplicationId"] = message.dedup_id
            system["SequenceNumber"] = message.sequence_number
        chosen = system if "All" in wanted else {k: v for k, v in system.items() if k in wanted}
        if chosen:
            shaped["Attributes"] = chosen
        if message.attributes and wanted_attributes:
            if "All" in wanted_attributes or ".*" in wanted_attributes:
                attrs = message.attributes
            else:
                attrs = {k: v for k, v in message.attributes.items() if k in wanted_attributes}
            if attrs:
                shaped["MessageAttributes"] = attrs
                shaped["MD5OfMessageAttributes"] = md5_of_attributes(attrs)
        return shaped

    # -- deleting and changing visibility -----------------------------------------
    def _by_handle(self, queue: Queue, handle: object) -> Message | None:
        """The message a receipt handle names; None when it is already gone."""
        owner = self.handles.get(handle) if isinstance(handle, str) else None
        if owner is None or owner[0] != queue.name:
            raise AwsError(
                "ReceiptHandleIsInvalid",
                f'The input receipt handle "{handle}" is not a valid receipt handle for '
                f"{queue.name}.",
            )
        return queue.messages.get(owner[1])

    def delete_message(self, p: dict) -> dict:
        queue = self.queue(p.get("QueueUrl"))
        self._delete(queue, p.get("ReceiptHandle"))
        return {}

    def _delete(self, queue: Queue, handle: object) -> None:
        message = self._by_handle(queue, handle)
        if message is None:
            return  # deleting twice succeeds, as in SQS
        if handle != message.receipt_handle:
            # https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_DeleteMessage.html
            self.world.emit(
                "delete-ignored",
                f"DeleteMessage for {message.label} used an old receipt handle: it was received "
                "again since, so the call succeeds but the message is NOT deleted.",
                queue=queue.name,
                message_id=message.message_id,
                label=message.label,
            )
            return
        del queue.messages[message.label]
        self.world.emit(
            "deleted",
            f"{message.label} deleted from {queue.name}: the work is done.",
            queue=queue.name,
            message_id=message.message_id,
            label=message.label,
        )

    def delete_message_batch(self, p: dict) -> dict:
        queue = self.queue(p.get("QueueUrl"))
        return self._batch(
            check_batch(p.get("Entries"), "DeleteMessageBatch"),
            lambda e: self._delete(queue, e.get("ReceiptHandle")),
        )

    def change_message_visibility(self, p: dict) -> dict:
        queue = self.queue(p.get("QueueUrl"))
        self._change_visibility(queue, p)
        return {}

    def change_message_visibility_batch(self, p: dict) -> dict:
        queue = self.queue(p.get("QueueUrl"))
        entries = check_batch(p.get("Entries"), "ChangeMessageVisibilityBatch")
        return self._batch(entries, lambda e: self._change_visibility(queue, e))

    def _batch(self, entries: list[dict], run) -> dict:
        successful, failed = [], []
        for entry in entries:
            try:
                run(entry)
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
                successful.append({"Id": entry["Id"]})
        response: dict = {"Successful": successful}
        if failed:
            response["Failed"] = failed
        return response

    def _change_visibility(self, queue: Queue, p: dict) -> None:
        if p.get("VisibilityTimeout") is None:
            raise AwsError(
                "MissingParameter", "The request must contain the parameter VisibilityTimeout."
            )
        timeout = _int_param(p, "VisibilityTimeout", 0, 43_200, 0)
        handle = p.get("ReceiptHandle")
        message = self._by_handle(queue, handle)
        now = self.world.now
        if message is None or handle != message.receipt_handle or message.visible_at <= now:
            raise AwsError(
                "AWS.SimpleQueueService.MessageNotInflight",
                "The message referred to is not in flight: it was deleted, or its visibility "
                "timeout already ran out.",
            )
        message.visible_at = now + timeout
        message.in_flight = timeout > 0
        if timeout == 0:
            self.world.emit(
                "visible-again",
                f"{message.label} is visible again at once: its visibility timeout was set to 0.",
                queue=queue.name,
                message_id=message.message_id,
                label=message.label,
                receive_count=message.receive_count,
            )
            return
        self.world.emit(
            "visibility-changed",
            f"{message.label} stays invisible for {timeout} s more (ChangeMessageVisibility).",
            queue=queue.name,
            message_id=message.message_id,
            label=message.label,
        )
        self._schedule_visibility(queue, message, timeout)

    # -- a consumer loop, for lessons about polling cost --------------------------
    def x_consume_for(self, p: dict) -> dict:
        """Run a consumer that polls for `Seconds`, deleting each message it gets."""
        queue = self.queue(p.get("QueueUrl"))
        seconds = float(_int_param(p, "Seconds", 1, 86_400, 60))
        wait = _int_param(
            p, "WaitTimeSeconds", 0, 20, queue.settings["ReceiveMessageWaitTimeSeconds"]
        )
        interval = _int_param(p, "PollIntervalSeconds", 0, 3600, 1)
        stats = self.stats(queue)
        before = dict(stats)
        bodies: list[str] = []
        end = self.world.now + seconds
        while self.world.now < end:
            params = {
                "QueueUrl": queue.url,
                "MaxNumberOfMessages": 10,
                "WaitTimeSeconds": min(wait, max(0, int(end - self.world.now))),
            }
            got = self.receive_message(params).get("Messages", [])
            for message in got:
                bodies.append(message["Body"])
                self._delete(queue, message["ReceiptHandle"])
            if not got and params["WaitTimeSeconds"] == 0:
                self.world.advance(min(max(interval, 1), end - self.world.now))
        return {
            "Requests": stats["requests"] - before["requests"],
            "EmptyReceives": stats["empty"] - before["empty"],
            "Bodies": bodies,
        }
