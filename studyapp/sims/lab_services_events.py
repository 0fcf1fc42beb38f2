"""The forms of the EventBridge and Pipes labs."""

from __future__ import annotations

import json

from .engines.core import arn
from .lab_forms import ActionForm, Field, FormError
from .lab_services import (
    CREATE_SIMPLE_QUEUE,
    FAIL_FUNCTION,
    RECEIVE,
    ROLE_ARN,
    SEND,
    WAIT,
    _create_function,
    _drop_none,
    _function_arn,
)

RULE = Field("Rule", "Rule", "select", required=True, choices="rules")
BUS = Field("EventBusName", "Event bus", "select", required=True, choices="buses")


def _split_rule(value: str) -> tuple[str, str]:
    bus, _, rule = value.rpartition("/")
    if not bus or not rule:
        raise FormError("Choose a rule from the list.")
    return bus, rule


def _create_bus(v, world):
    return {"Name": v["Name"]}


def _put_rule(v, world):
    return _drop_none(
        {
            "Name": v["Name"],
            "EventBusName": v["EventBusName"],
            "EventPattern": v.get("EventPattern"),
            "ScheduleExpression": v.get("ScheduleExpression"),
            "State": v.get("State") or "ENABLED",
        }
    )


def _put_targets(v, world):
    bus, rule = _split_rule(v["Rule"])
    target = {"Id": v["Id"], "Arn": v["Arn"]}
    if v.get("InputPath"):
        target["InputPath"] = v["InputPath"]
    if v.get("InputTemplate"):
        paths = {}
        if v.get("InputPathsMap"):
            try:
                paths = json.loads(v["InputPathsMap"])
            except ValueError:
                raise FormError(
                    'InputPathsMap must be JSON, like {"order": "$.detail.order"}.'
                ) from None
        target["InputTransformer"] = {"InputPathsMap": paths, "InputTemplate": v["InputTemplate"]}
    return {"Rule": rule, "EventBusName": bus, "Targets": [target]}


def _rule_state(v, world):
    bus, rule = _split_rule(v["Rule"])
    return {"Name": rule, "EventBusName": bus}


def _put_events(v, world):
    entry = {
        "Source": v["Source"],
        "DetailType": v["DetailType"],
        "Detail": v["Detail"],
        "EventBusName": v["EventBusName"],
    }
    return {"Entries": [entry]}


def _create_archive(v, world):
    return {
        "ArchiveName": v["ArchiveName"],
        "EventSourceArn": arn("events", f"event-bus/{v['EventBusName']}"),
    }


def _start_replay(v, world):
    archive = world.engines["events"].archives.get(v["Archive"])
    if archive is None:
        raise FormError("Choose an archive from the list.")
    seconds = v.get("Seconds") or 3600
    start = max(0.0, world.now - seconds)
    destination = {"Arn": archive["EventSourceArn"]}
    if v.get("Rule"):
        bus, rule = _split_rule(v["Rule"])
        destination["FilterArns"] = [world.engines["events"].rule(rule, bus).arn]
    return {
        "ReplayName": v["ReplayName"],
        "EventSourceArn": archive["ArchiveArn"],
        "EventStartTime": world.timestamp(start).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "EventEndTime": world.timestamp().strftime("%Y-%m-%dT%H:%M:%SZ"),
        "Destination": destination,
    }


EVENTBRIDGE_FORMS = (
    ActionForm(
        "create-bus",
        "CreateEventBus",
        "Create an event bus",
        (Field("Name", "Bus name", required=True, default="orders"),),
        _create_bus,
        help="Every account has a default bus; a custom bus keeps one application's events apart.",
    ),
    ActionForm(
        "create-queue",
        "CreateQueue",
        "Create a queue (a target)",
        (Field("QueueName", "Queue name", required=True, default="billing"),),
        CREATE_SIMPLE_QUEUE.build,
    ),
    ActionForm(
        "put-rule",
        "PutRule",
        "Put a rule",
        (
            Field("Name", "Rule name", required=True, default="order-placed"),
            BUS,
            Field(
                "EventPattern",
                "Event pattern (JSON)",
                "textarea",
                default='{"source": ["shop"], "detail-type": ["OrderPlaced"]}',
                help="Leave empty for a scheduled rule.",
            ),
            Field(
                "ScheduleExpression",
                "Schedule (optional)",
                placeholder="rate(5 minutes)",
                help="Only on the default bus.",
            ),
            Field(
                "State",
                "State",
                "choice",
                default="ENABLED",
                choices=(("ENABLED", "ENABLED"), ("DISABLED", "DISABLED")),
            ),
        ),
        _put_rule,
    ),
    ActionForm(
        "put-targets",
        "PutTargets",
        "Add a target",
        (
            RULE,
            Field("Id", "Target Id", required=True, default="billing"),
            Field(
                "Arn",
                "Target ARN",
                required=True,
                suggest="targets",
                help="A queue, topic, Lambda function, bus or stream ARN.",
            ),
            Field("InputPath", "InputPath (optional)", placeholder="$.detail"),
            Field(
                "InputPathsMap",
                "Input transformer: InputPathsMap (JSON, optional)",
                placeholder='{"order": "$.detail.order"}',
            ),
            Field(
                "InputTemplate",
                "Input transformer: InputTemplate (optional)",
                placeholder='{"id": <order>}',
            ),
        ),
        _put_targets,
        needs="rules",
    ),
    ActionForm(
        "put-events",
        "PutEvents",
        "Put an event",
        (
            BUS,
            Field("Source", "Source", required=True, default="shop"),
            Field("DetailType", "DetailType", required=True, default="OrderPlaced"),
            Field(
                "Detail",
                "Detail (JSON)",
                "textarea",
                required=True,
                default='{"order": 1, "total": 42, "country": "DE"}',
            ),
        ),
        _put_events,
    ),
    ActionForm(
        "disable-rule", "DisableRule", "Disable a rule", (RULE,), _rule_state, needs="rules"
    ),
    ActionForm("enable-rule", "EnableRule", "Enable a rule", (RULE,), _rule_state, needs="rules"),
    ActionForm(
        "create-archive",
        "CreateArchive",
        "Archive a bus",
        (Field("ArchiveName", "Archive name", required=True, default="all-orders"), BUS),
        _create_archive,
    ),
    ActionForm(
        "start-replay",
        "StartReplay",
        "Replay archived events",
        (
            Field("ReplayName", "Replay name", required=True, default="catch-up"),
            Field("Archive", "Archive", "select", required=True, choices="archives"),
            Field("Seconds", "Replay the last … seconds", "int", default="3600"),
            Field("Rule", "Only to this rule (optional)", "select", choices="rules"),
        ),
        _start_replay,
        needs="archives",
    ),
    RECEIVE,
    WAIT,
)


# -- Pipes ----------------------------------------------------------------------------
def _create_stream(v, world):
    return {"StreamName": v["StreamName"]}


def _put_record(v, world):
    return {"StreamARN": v["StreamARN"], "Data": v["Data"], "PartitionKey": "1"}


def _create_pipe(v, world):
    source = v["Source"]
    kind = source.split(":")[2] if source.count(":") >= 5 else "sqs"
    key = {"sqs": "SqsQueueParameters", "kinesis": "KinesisStreamParameters"}.get(
        kind, "DynamoDBStreamParameters"
    )
    settings: dict = {}
    if v.get("BatchSize") is not None:
        settings["BatchSize"] = v["BatchSize"]
    if kind != "sqs":
        settings["StartingPosition"] = v.get("StartingPosition") or "TRIM_HORIZON"
    parameters: dict = {key: settings} if settings else {}
    if v.get("Filter"):
        parameters["FilterCriteria"] = {"Filters": [{"Pattern": v["Filter"]}]}
    params = {
        "Name": v["Name"],
        "RoleArn": ROLE_ARN,
        "Source": source,
        "Target": v["Target"],
    }
    if parameters:
        params["SourceParameters"] = parameters
    if v.get("Enrichment"):
        params["Enrichment"] = _function_arn(v["Enrichment"])
    if v.get("InputTemplate"):
        params["TargetParameters"] = {"InputTemplate": v["InputTemplate"]}
    return params


def _pipe_name(v, world):
    return {"Name": v["Name"]}


PIPE = Field("Name", "Pipe", "select", required=True, choices="pipes")
PIPES_FORMS = (
    ActionForm(
        "create-queue",
        "CreateQueue",
        "Create a queue",
        (Field("QueueName", "Queue name", required=True, default="orders"),),
        CREATE_SIMPLE_QUEUE.build,
        help="Make two: one as the pipe's source, one as its target.",
    ),
    ActionForm(
        "create-stream",
        "x-CreateStream",
        "Create a Kinesis-like stream",
        (Field("StreamName", "Stream name", required=True, default="clicks"),),
        _create_stream,
    ),
    SEND,
    ActionForm(
        "put-record",
        "x-PutRecord",
        "Put a stream record",
        (
            Field("StreamARN", "Stream", "select", required=True, choices="streams"),
            Field("Data", "Data", required=True, default='{"page": "/cart"}'),
        ),
        _put_record,
        needs="streams",
    ),
    ActionForm(
        "create-function",
        "x-CreateFunction",
        "Create an enrichment Lambda",
        (
            Field("FunctionName", "Function name", required=True, default="add-customer"),
            Field("Result", "What it returns (JSON; empty: its input)", "textarea"),
        ),
        _create_function,
    ),
    FAIL_FUNCTION,
    ActionForm(
        "create-pipe",
        "CreatePipe",
        "Create a pipe",
        (
            Field("Name", "Pipe name", required=True, default="paid-orders"),
            Field("Source", "Source", "select", required=True, choices="pipe_sources"),
            Field("BatchSize", "BatchSize", "int", default="10"),
            Field(
                "StartingPosition",
                "StartingPosition (streams)",
                "choice",
                default="TRIM_HORIZON",
                choices=(("TRIM_HORIZON", "TRIM_HORIZON"), ("LATEST", "LATEST")),
            ),
            Field(
                "Filter",
                "Filter pattern (JSON, optional)",
                "textarea",
                placeholder='{"body": {"status": ["PAID"]}}',
            ),
            Field("Enrichment", "Enrichment function (optional)", suggest="functions"),
            Field("Target", "Target ARN", required=True, suggest="targets"),
            Field(
                "InputTemplate",
                "Target InputTemplate (optional)",
                placeholder='{"order": "<$.body.orderId>"}',
            ),
        ),
        _create_pipe,
        needs="pipe_sources",
    ),
    ActionForm("stop-pipe", "StopPipe", "Stop a pipe", (PIPE,), _pipe_name, needs="pipes"),
    ActionForm("start-pipe", "StartPipe", "Start a pipe", (PIPE,), _pipe_name, needs="pipes"),
    RECEIVE,
    WAIT,
)
