"""Simulated Amazon SQS: queue management and sending (receiving lives in sqs_receive.py).

Follows the SQS API reference: action and parameter names as boto3 takes them, responses
shaped like boto3's, and AWS's error codes (as boto3 reports them) with a message a learner
can act on. https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/
"""

from __future__ import annotations

import json

from .core import AwsError, Engine
from .sqs_model import (
    ALL_ATTRIBUTE_NAMES,
    BOOLEAN_ATTRIBUTES,
    INTEGER_ATTRIBUTES,
    QUEUE_NAME,
    Queue,
    name_list,
    no_such_queue,
    parse_boolean_attribute,
    parse_integer_attribute,
    parse_redrive_policy,
)
from .sqs_receive import ReceiveMixin
from .sqs_send import SendMixin


class SqsEngine(SendMixin, ReceiveMixin, Engine):
    service = "sqs"
    arn_services = ("sqs",)

    def __init__(self, world):
        super().__init__(world)
        self.queues: dict[str, Queue] = {}
        self.deleted_at: dict[str, float] = {}
        self.handles: dict[str, tuple[str, str]] = {}  # receipt handle -> (queue, label)
        self.queue_stats: dict[str, dict[str, int]] = {}  # requests and empty receives
        self._labels = 0
        self._actions = {
            "CreateQueue": self.create_queue,
            "GetQueueUrl": self.get_queue_url,
            "ListQueues": self.list_queues,
            "GetQueueAttributes": self.get_queue_attributes,
            "SetQueueAttributes": self.set_queue_attributes,
            "SendMessage": self.send_message,
            "SendMessageBatch": self.send_message_batch,
            "ReceiveMessage": self.receive_message,
            "DeleteMessage": self.delete_message,
            "DeleteMessageBatch": self.delete_message_batch,
            "ChangeMessageVisibility": self.change_message_visibility,
            "ChangeMessageVisibilityBatch": self.change_message_visibility_batch,
            "PurgeQueue": self.purge_queue,
            "DeleteQueue": self.delete_queue,
            "x-ConsumeFor": self.x_consume_for,
        }

    def actions(self):
        return self._actions

    # -- lookups -------------------------------------------------------------
    def queue(self, queue_url: object) -> Queue:
        if not isinstance(queue_url, str) or not queue_url:
            raise AwsError("MissingParameter", "The request must contain the parameter QueueUrl.")
        name = queue_url.rstrip("/").rsplit("/", 1)[-1]
        if name not in self.queues:
            raise no_such_queue(queue_url)
        return self.queues[name]

    def queue_by_arn(self, queue_arn: str) -> Queue | None:
        name = queue_arn.rsplit(":", 1)[-1]
        found = self.queues.get(name)
        return found if found is not None and found.arn == queue_arn else None

    # -- queues --------------------------------------------------------------
    def create_queue(self, p: dict) -> dict:
        name = p.get("QueueName")
        if not isinstance(name, str) or not name:
            raise AwsError("MissingParameter", "The request must contain the parameter QueueName.")
        raw = p.get("Attributes") or {}
        if not isinstance(raw, dict):
            raise AwsError("InvalidParameterValue", "Attributes must be a map of name -> value.")
        fifo = parse_boolean_attribute("FifoQueue", raw.get("FifoQueue", "false"))
        base = name[:-5] if name.endswith(".fifo") else name
        if not QUEUE_NAME.match(base) or len(name) > 80 or fifo != name.endswith(".fifo"):
            raise AwsError(
                "InvalidParameterValue",
                f"Invalid queue name {name!r}: up to 80 letters, digits, hyphens or underscores; "
                "a FIFO queue's name must end in .fifo and it needs FifoQueue=true (and only it).",
            )
        if name in self.queues:
            existing = self.queues[name]
            for key, value in raw.items():
                if str(self._attribute_value(existing, key)) != str(value):
                    raise AwsError(
                        "QueueAlreadyExists",
                        f"A queue named {name} already exists with a different value for {key}.",
                    )
            return {"QueueUrl": existing.url}
        if self.world.now - self.deleted_at.get(name, -1e9) < 60:
            raise AwsError(
                "AWS.SimpleQueueService.QueueDeletedRecently",
                f"You must wait 60 seconds after deleting a queue before you can create another "
                f"named {name}.",
            )
        settings = {key: default for key, (default, _, _) in INTEGER_ATTRIBUTES.items()}
        settings.update(FifoQueue=fifo, ContentBasedDeduplication=False)
        queue = Queue(name=name, fifo=fifo, created_at=self.world.now, settings=settings)
        self._apply_attributes(queue, raw)
        self.queues[name] = queue
        kind = "FIFO" if fifo else "standard"
        self.world.emit("queue-created", f"Created the {kind} queue {name}.", queue=name, fifo=fifo)
        return {"QueueUrl": queue.url}

    def _apply_attributes(self, queue: Queue, raw: dict, creating: bool = True) -> None:
        parsed: dict = {}
        for key, value in raw.items():
            if key in INTEGER_ATTRIBUTES:
                parsed[key] = parse_integer_attribute(key, value)
            elif key in BOOLEAN_ATTRIBUTES:
                if not queue.fifo and not (key == "FifoQueue" and creating):
                    raise AwsError("InvalidAttributeName", f"Unknown Attribute {key}.")
                if key == "FifoQueue" and not creating:
                    raise AwsError(
                        "InvalidAttributeValue",
                        "FifoQueue can only be set when the queue is created.",
                    )
                parsed[key] = parse_boolean_attribute(key, value)
            elif key == "RedrivePolicy":
                policy = parse_redrive_policy(value)
                if policy is not None:
                    self._check_dead_letter_target(queue, policy["deadLetterTargetArn"])
                parsed[key] = policy
            elif key in ("Policy", "RedriveAllowPolicy"):
                parsed[key] = value if isinstance(value, str) else json.dumps(value)
            else:
                raise AwsError("InvalidAttributeName", f"Unknown Attribute {key}.")
        for key, value in parsed.items():
            if key == "RedrivePolicy":
                queue.redrive = value
            elif key == "Policy":
                queue.policy = value
            elif key == "RedriveAllowPolicy":
                queue.redrive_allow_policy = value
            else:
                queue.settings[key] = value
        queue.modified_at = self.world.now

    def _check_dead_letter_target(self, queue: Queue, target_arn: str) -> None:
        target = self.queue_by_arn(target_arn)
        if target is None:
            raise AwsError(
                "InvalidParameterValue",
                f"Value for parameter RedrivePolicy is invalid. Reason: Dead letter target "
                f"does not exist: {target_arn}. Create the dead-letter queue first.",
            )
        if target.fifo != queue.fifo:
            kinds = ("FIFO", "standard") if queue.fifo else ("standard", "FIFO")
            raise AwsError(
                "InvalidParameterCombination",
                f"A {kinds[0]} queue cannot use a {kinds[1]} dead-letter queue: the dead-letter "
                "queue must be the same type as its source queue.",
            )

    def _attribute_value(self, queue: Queue, name: str) -> str | None:
        if name in INTEGER_ATTRIBUTES:
            return str(queue.settings[name])
        if name in BOOLEAN_ATTRIBUTES:
            return "true" if queue.settings[name] else "false"
        if name == "RedrivePolicy":
            return json.dumps(queue.redrive, separators=(",", ":")) if queue.redrive else None
        if name == "Policy":
            return queue.policy
        if name == "RedriveAllowPolicy":
            return queue.redrive_allow_policy
        if name == "QueueArn":
            return queue.arn
        if name == "CreatedTimestamp":
            return str(self.world.epoch_millis(queue.created_at) // 1000)
        if name == "LastModifiedTimestamp":
            return str(self.world.epoch_millis(queue.modified_at) // 1000)
        return str(queue.counts(self.world.now)[name])

    def get_queue_url(self, p: dict) -> dict:
        name = p.get("QueueName")
        if not isinstance(name, str) or name not in self.queues:
            raise no_such_queue(str(name))
        return {"QueueUrl": self.queues[name].url}

    def list_queues(self, p: dict) -> dict:
        prefix = p.get("QueueNamePrefix") or ""
        if not isinstance(prefix, str):
            raise AwsError("InvalidParameterValue", "QueueNamePrefix must be text.")
        urls = [q.url for name, q in sorted(self.queues.items()) if name.startswith(prefix)]
        return {"QueueUrls": urls} if urls else {}

    def get_queue_attributes(self, p: dict) -> dict:
        queue = self.queue(p.get("QueueUrl"))
        self.expire(queue)
        names = name_list(p, "AttributeNames")
        if "All" in names:
            names = [n for n in ALL_ATTRIBUTE_NAMES if queue.fifo or n not in BOOLEAN_ATTRIBUTES]
        result = {}
        for name in names:
            if name not in ALL_ATTRIBUTE_NAMES or (name in BOOLEAN_ATTRIBUTES and not queue.fifo):
                raise AwsError("InvalidAttributeName", f"Unknown Attribute {name}.")
            value = self._attribute_value(queue, name)
            if value is not None:
                result[name] = value
        return {"Attributes": result} if result else {}

    def set_queue_attributes(self, p: dict) -> dict:
        queue = self.queue(p.get("QueueUrl"))
        raw = p.get("Attributes")
        if not isinstance(raw, dict):
            raise AwsError("MissingParameter", "The request must contain the parameter Attributes.")
        self._apply_attributes(queue, raw, creating=False)
        return {}

    def purge_queue(self, p: dict) -> dict:
        queue = self.queue(p.get("QueueUrl"))
        if queue.last_purge_at is not None and self.world.now - queue.last_purge_at < 60:
            raise AwsError(
                "AWS.SimpleQueueService.PurgeQueueInProgress",
                f"Only one PurgeQueue operation on {queue.name} is allowed every 60 seconds.",
            )
        count = len(queue.messages)
        queue.messages.clear()
        queue.last_purge_at = self.world.now
        self.world.emit(
            "purged", f"Purged {queue.name}: {count} message(s) deleted.", queue=queue.name
        )
        return {}

    def delete_queue(self, p: dict) -> dict:
        queue = self.queue(p.get("QueueUrl"))
        del self.queues[queue.name]
        self.deleted_at[queue.name] = self.world.now
        self.world.emit(
            "queue-deleted",
            f"Deleted the queue {queue.name} and its {len(queue.messages)} message(s).",
            queue=queue.name,
        )
        return {}
