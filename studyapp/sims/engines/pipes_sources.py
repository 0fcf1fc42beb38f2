"""Sources a pipe reads: SQS queues (through the SQS engine's own API) and simple streams.

The streams stand in for Kinesis Data Streams and DynamoDB Streams, just enough to feed a
pipe: `x-CreateStream {StreamName}` makes a Kinesis-like stream, `x-CreateTableStream
{TableName}` a DynamoDB-like one, and `x-PutRecord` appends a record to either. Records are
shaped as Pipes hands them on (flat Kinesis records, DynamoDB records with typed images):
https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-pipes-kinesis.html
https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-pipes-dynamodb.html
"""

from __future__ import annotations

import base64
import json
import re
from typing import Any

from .core import REGION, AwsError, arn

STREAM_NAME = re.compile(r"^[a-zA-Z0-9_.-]{1,128}$")


def parse_json(text: Any) -> Any:
    """A JSON body as data (for filters and templates), anything else unchanged."""
    if not isinstance(text, str):
        return text
    try:
        return json.loads(text)
    except ValueError:
        return text


def typed(value: Any) -> dict:
    """A plain value in DynamoDB's attribute-value form: "a" -> {"S": "a"}."""
    if isinstance(value, bool):
        return {"BOOL": value}
    if value is None:
        return {"NULL": True}
    if isinstance(value, int | float):
        return {"N": str(value)}
    if isinstance(value, list):
        return {"L": [typed(v) for v in value]}
    if isinstance(value, dict):
        return {"M": {k: typed(v) for k, v in value.items()}}
    return {"S": str(value)}


def sqs_queue_url(queue_arn: str) -> str:
    name = queue_arn.rsplit(":", 1)[-1]
    return f"https://sqs.{REGION}.amazonaws.com/{queue_arn.split(':')[4]}/{name}"


def sqs_record(message: dict, queue_arn: str) -> dict:
    return {
        "messageId": message["MessageId"],
        "receiptHandle": message["ReceiptHandle"],
        "body": message["Body"],
        "attributes": message.get("Attributes", {}),
        "messageAttributes": message.get("MessageAttributes", {}),
        "md5OfBody": message.get("MD5OfBody", ""),
        "eventSource": "aws:sqs",
        "eventSourceARN": queue_arn,
        "awsRegion": REGION,
    }


def filter_view(record: dict) -> dict:
    """What filter patterns and templates see: a JSON body or stream data parsed."""
    if record.get("eventSource") == "aws:sqs":
        return {**record, "body": parse_json(record["body"])}
    if record.get("eventSource") == "aws:kinesis":
        try:
            data = base64.b64decode(record["data"]).decode()
        except ValueError:
            return record
        return {**record, "data": parse_json(data)}
    return record


class StreamsMixin:
    def init_streams(self) -> None:
        self.streams: dict[str, dict] = {}  # ARN -> {"kind", "name", "records"}

    def stream_actions(self) -> dict:
        return {
            "x-CreateStream": self.x_create_stream,
            "x-CreateTableStream": self.x_create_table_stream,
            "x-PutRecord": self.x_put_record,
        }

    def _new_stream(self, kind: str, name: object, stream_arn: str) -> dict:
        if not isinstance(name, str) or not STREAM_NAME.match(name):
            raise AwsError(
                "ValidationException",
                "A stream or table name is 1-128 letters, digits, '_', '.' or '-'.",
            )
        if stream_arn in self.streams:
            raise AwsError("ResourceInUseException", f"{name} already exists.")
        stream = {"kind": kind, "name": name, "arn": stream_arn, "records": []}
        self.streams[stream_arn] = stream
        return stream

    def x_create_stream(self, p: dict) -> dict:
        name = p.get("StreamName")
        stream = self._new_stream("kinesis", name, arn("kinesis", f"stream/{name}"))
        self.world.emit("stream-created", f"Kinesis-like stream {name} is ready.", stream=name)
        return {"StreamARN": stream["arn"]}

    def x_create_table_stream(self, p: dict) -> dict:
        name = p.get("TableName")
        label = self.world.timestamp().strftime("%Y-%m-%dT%H:%M:%S.000")
        stream = self._new_stream("dynamodb", name, arn("dynamodb", f"table/{name}/stream/{label}"))
        self.world.emit(
            "stream-created", f"DynamoDB-like table {name} now streams its changes.", stream=name
        )
        return {"TableName": name, "LatestStreamArn": stream["arn"]}

    def stream(self, p: dict) -> dict:
        given = (
            p.get("StreamARN") or p.get("StreamArn") or p.get("StreamName") or p.get("TableName")
        )
        for stream in self.streams.values():
            if given in (stream["arn"], stream["name"]):
                return stream
        raise AwsError("ResourceNotFoundException", f"Stream {given} not found.")

    def x_put_record(self, p: dict) -> dict:
        stream = self.stream(p)
        number = f"{len(stream['records']) + 1:021d}"
        if stream["kind"] == "kinesis":
            data = p.get("Data")
            text = data if isinstance(data, str) else json.dumps(data)
            record = {
                "eventSource": "aws:kinesis",
                "eventVersion": "1.0",
                "eventID": f"shardId-000000000000:{number}",
                "eventName": "aws:kinesis:record",
                "awsRegion": REGION,
                "eventSourceARN": stream["arn"],
                "kinesisSchemaVersion": "1.0",
                "partitionKey": str(p.get("PartitionKey", "1")),
                "sequenceNumber": number,
                "data": base64.b64encode(text.encode()).decode(),
                "approximateArrivalTimestamp": self.world.epoch_millis() / 1000,
            }
            response = {"ShardId": "shardId-000000000000", "SequenceNumber": number}
        else:
            new, old = p.get("NewImage"), p.get("OldImage")
            keys = p.get("Keys") or {k: v for k, v in list((new or old or {}).items())[:1]}
            name = p.get("EventName") or (
                "INSERT" if old is None else "MODIFY" if new else "REMOVE"
            )
            change = {
                "ApproximateCreationDateTime": self.world.epoch_millis() // 1000,
                "Keys": typed(keys)["M"],
                "SequenceNumber": number,
                "StreamViewType": "NEW_AND_OLD_IMAGES",
            }
            if new is not None:
                change["NewImage"] = typed(new)["M"]
            if old is not None:
                change["OldImage"] = typed(old)["M"]
            change["SizeBytes"] = len(json.dumps(change))
            record = {
                "eventID": self.world.new_id(),
                "eventName": name,
                "eventVersion": "1.1",
                "eventSource": "aws:dynamodb",
                "awsRegion": REGION,
                "dynamodb": change,
                "eventSourceARN": stream["arn"],
            }
            response = {"SequenceNumber": number}
        stream["records"].append(record)
        self.world.emit(
            "record-added",
            f"Record {int(number)} was added to {stream['name']}.",
            stream=stream["name"],
            sequence=number,
        )
        return response
