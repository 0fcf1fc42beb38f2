"""The labs (/sims/sqs/, /sims/sns/, /sims/eventbridge/, /sims/pipes/) and the SQS forms.

Each builder turns parsed fields into boto3-shaped parameters; the engines do the rest.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from .engines.core import arn
from .lab_forms import ActionForm, Field, FormError

ROLE_ARN = "arn:aws:iam::123456789012:role/LabPipeRole"
QUEUE_ATTRIBUTES = (
    "VisibilityTimeout",
    "DelaySeconds",
    "MessageRetentionPeriod",
    "ReceiveMessageWaitTimeSeconds",
    "MaximumMessageSize",
)
BOOLEAN = (("true", "true"), ("false", "false"))


def _drop_none(params: dict) -> dict:
    return {k: v for k, v in params.items() if v is not None}


def _function_arn(name: str) -> str:
    return name if name.startswith("arn:") else arn("lambda", f"function:{name}")


# -- SQS ------------------------------------------------------------------------------
def _create_queue(v, world):
    attributes = {k: str(v[k]) for k in QUEUE_ATTRIBUTES if v.get(k) is not None}
    if v["FifoQueue"]:
        attributes["FifoQueue"] = "true"
    if v["ContentBasedDeduplication"]:
        attributes["ContentBasedDeduplication"] = "true"
    if v.get("DeadLetterQueue"):
        attributes["RedrivePolicy"] = json.dumps(
            {
                "deadLetterTargetArn": v["DeadLetterQueue"],
                "maxReceiveCount": v.get("maxReceiveCount") or 3,
            }
        )
    params = {"QueueName": v["QueueName"]}
    if attributes:
        params["Attributes"] = attributes
    return params


def _simple_queue(v, world):
    return {"QueueName": v["QueueName"]}


def _send_message(v, world):
    params = _drop_none(
        {
            "QueueUrl": v["QueueUrl"],
            "MessageBody": v["MessageBody"],
            "DelaySeconds": v.get("DelaySeconds"),
            "MessageGroupId": v.get("MessageGroupId"),
            "MessageDeduplicationId": v.get("MessageDeduplicationId"),
        }
    )
    return params


def _receive_message(v, world):
    return _drop_none(
        {
            "QueueUrl": v["QueueUrl"],
            "MaxNumberOfMessages": v.get("MaxNumberOfMessages"),
            "WaitTimeSeconds": v.get("WaitTimeSeconds"),
            "VisibilityTimeout": v.get("VisibilityTimeout"),
            "MessageSystemAttributeNames": ["All"],
            "MessageAttributeNames": ["All"],
        }
    )


def _queue_of_handle(handle: str, world) -> str:
    sqs = world.engines["sqs"]
    owner = sqs.handles.get(handle)
    if owner is None or owner[0] not in sqs.queues:
        raise FormError("Choose a message you have received (its receipt handle).")
    return sqs.queues[owner[0]].url


def _delete_message(v, world):
    return {
        "QueueUrl": _queue_of_handle(v["ReceiptHandle"], world),
        "ReceiptHandle": v["ReceiptHandle"],
    }


def _change_visibility(v, world):
    return {
        "QueueUrl": _queue_of_handle(v["ReceiptHandle"], world),
        "ReceiptHandle": v["ReceiptHandle"],
        "VisibilityTimeout": v["VisibilityTimeout"],
    }


def _queue_only(v, world):
    return {"QueueUrl": v["QueueUrl"]}


def _wait(v, world):
    return {"Seconds": v["Seconds"]}


def _realism(v, world):
    return {"Enabled": v["Enabled"] == "on"}


QUEUE = Field("QueueUrl", "Queue", "select", required=True, choices="queues")
WAIT = ActionForm(
    "wait",
    "x-Wait",
    "Wait",
    (Field("Seconds", "Seconds to wait", "int", required=True, default="10"),),
    _wait,
    help="Move the simulated clock forward: timeouts run out, delays end, pipes poll.",
    button="Let time pass",
)
REALISM = ActionForm(
    "realism",
    "x-SetRealism",
    "Realism",
    (
        Field(
            "Enabled",
            "Realism",
            "choice",
            default="on",
            choices=(("on", "on: duplicates and reordering"), ("off", "off: once, in order")),
        ),
    ),
    _realism,
    help="With realism on, standard queues sometimes deliver a message twice or out of order "
    "(seeded, so the same lab link shows the same thing).",
    button="Set realism",
)
CREATE_SIMPLE_QUEUE = ActionForm(
    "create-queue",
    "CreateQueue",
    "Create a queue",
    (Field("QueueName", "Queue name", required=True, default="orders"),),
    _simple_queue,
)
SEND = ActionForm(
    "send",
    "SendMessage",
    "Send a message",
    (
        QUEUE,
        Field("MessageBody", "Message body", required=True, default="order-1"),
        Field(
            "DelaySeconds",
            "DelaySeconds (message timer, optional)",
            "int",
            help="0-900; not on FIFO queues.",
        ),
        Field("MessageGroupId", "MessageGroupId (FIFO only)"),
        Field("MessageDeduplicationId", "MessageDeduplicationId (FIFO only)"),
    ),
    _send_message,
    needs="queues",
)
RECEIVE = ActionForm(
    "receive",
    "ReceiveMessage",
    "Receive messages",
    (
        QUEUE,
        Field("MaxNumberOfMessages", "MaxNumberOfMessages", "int", default="1", help="1-10."),
        Field(
            "WaitTimeSeconds",
            "WaitTimeSeconds",
            "int",
            default="0",
            help="0 = short polling; 1-20 = long polling.",
        ),
        Field(
            "VisibilityTimeout",
            "VisibilityTimeout override (optional)",
            "int",
            help="Seconds the messages stay hidden.",
        ),
    ),
    _receive_message,
    needs="queues",
)
SQS_FORMS = (
    ActionForm(
        "create-queue",
        "CreateQueue",
        "Create a queue",
        (
            Field(
                "QueueName",
                "Queue name",
                required=True,
                default="orders",
                help="A FIFO queue's name ends in .fifo.",
            ),
            Field("FifoQueue", "FIFO queue", "checkbox"),
            Field("ContentBasedDeduplication", "Content-based deduplication (FIFO)", "checkbox"),
            Field(
                "VisibilityTimeout", "VisibilityTimeout (s)", "int", default="30", help="0-43200."
            ),
            Field("DelaySeconds", "DelaySeconds (delay queue)", "int", help="0-900."),
            Field(
                "MessageRetentionPeriod", "MessageRetentionPeriod (s)", "int", help="60-1209600."
            ),
            Field(
                "ReceiveMessageWaitTimeSeconds",
                "ReceiveMessageWaitTimeSeconds",
                "int",
                help="0-20.",
            ),
            Field("MaximumMessageSize", "MaximumMessageSize (bytes)", "int", help="1024-1048576."),
            Field(
                "DeadLetterQueue",
                "Dead-letter queue (optional)",
                "select",
                choices="queue_arns",
                help="Create it first; it must be the same type (standard or FIFO).",
            ),
            Field(
                "maxReceiveCount",
                "maxReceiveCount",
                "int",
                default="3",
                help="Receives before the message moves to the dead-letter queue.",
            ),
        ),
        _create_queue,
    ),
    SEND,
    RECEIVE,
    ActionForm(
        "delete",
        "DeleteMessage",
        "Delete a message",
        (
            Field(
                "ReceiptHandle",
                "Message (by its receipt handle)",
                "select",
                required=True,
                choices="handles",
            ),
        ),
        _delete_message,
        help="A consumer deletes a message when its work is done.",
        needs="handles",
    ),
    ActionForm(
        "visibility",
        "ChangeMessageVisibility",
        "Change a message's visibility",
        (
            Field(
                "ReceiptHandle",
                "Message (by its receipt handle)",
                "select",
                required=True,
                choices="handles",
            ),
            Field(
                "VisibilityTimeout",
                "New VisibilityTimeout (s)",
                "int",
                required=True,
                default="60",
                help="0 makes it visible at once.",
            ),
        ),
        _change_visibility,
        needs="handles",
    ),
    ActionForm("purge", "PurgeQueue", "Purge a queue", (QUEUE,), _queue_only, needs="queues"),
    ActionForm(
        "delete-queue", "DeleteQueue", "Delete a queue", (QUEUE,), _queue_only, needs="queues"
    ),
    WAIT,
    REALISM,
)


# -- Simulated Lambda functions (SNS and Pipes labs) -------------------------------
def _fail_function(v, world):
    times = v.get("Times")
    return _drop_none({"FunctionName": v["FunctionName"], "Times": -1 if times is None else times})


def _create_function(v, world):
    params = {"FunctionName": v["FunctionName"]}
    if v.get("Result"):
        try:
            params["Result"] = json.loads(v["Result"])
        except ValueError:
            raise FormError('The function\'s result must be JSON, like {"vip": true}.') from None
    return params


FAIL_FUNCTION = ActionForm(
    "fail-function",
    "x-FailFunction",
    "Make a Lambda fail",
    (
        Field("FunctionName", "Function name", required=True, default="audit", suggest="functions"),
        Field("Times", "How many times (empty: until told otherwise; 0: heal it)", "int"),
    ),
    _fail_function,
)


@dataclass(frozen=True)
class Lab:
    service: str
    title: str
    intro: str
    forms: tuple[ActionForm, ...]

    def form(self, form_id: str) -> ActionForm | None:
        return next((f for f in self.forms if f.id == form_id), None)


def _labs() -> dict[str, Lab]:
    from .lab_services_events import EVENTBRIDGE_FORMS, PIPES_FORMS
    from .lab_services_sns import SNS_FORMS

    return {
        "sqs": Lab(
            "sqs",
            "SQS lab",
            "Create a queue, send messages, receive them as a consumer would, and let the "
            "clock run: watch visibility timeouts, delays and the dead-letter queue.",
            SQS_FORMS,
        ),
        "sns": Lab(
            "sns",
            "SNS lab",
            "Create a topic, subscribe queues, Lambda functions and endpoints (with filter "
            "policies), and publish: watch the fan-out, and the subscriptions a filter skips.",
            SNS_FORMS,
        ),
        "eventbridge": Lab(
            "eventbridge",
            "EventBridge lab",
            "Put rules with event patterns on a bus, give them targets and put events: watch "
            "which rules light up and where each event goes.",
            EVENTBRIDGE_FORMS,
        ),
        "pipes": Lab(
            "pipes",
            "EventBridge Pipes lab",
            "Connect a source to a target with a pipe, add a filter and an enrichment, and "
            "let time pass: watch each stage take, drop, enrich and deliver records.",
            PIPES_FORMS,
        ),
    }


LABS = _labs()
