"""Simulated Amazon EventBridge Pipes: source -> filter -> enrichment -> target.

https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-pipes.html
A running pipe polls its source every second of virtual time, takes up to BatchSize
records, drops the ones no filter matches (for SQS it deletes them: a filtered message is
consumed, not left behind), calls the enrichment function with the batch, hands the result
to the target, and then deletes the consumed SQS messages. That loop is the glue code a
team would otherwise write; each stage emits an event so a learner can watch it. If the
enrichment or the target fails, nothing is deleted: SQS makes the messages visible again
after their visibility timeout, and a stream pipe retries the same batch.
"""

from __future__ import annotations

import json
import re

from .core import AwsError, Engine, arn, arn_service
from .event_input import pipes_template
from .event_patterns import compile_pattern
from .pipes_sources import StreamsMixin, filter_view, sqs_queue_url, sqs_record

POLL_SECONDS = 1.0
STATE_CHANGE_SECONDS = 1.0
MAX_FILTERS = 5
PIPE_NAME = re.compile(r"^[.\-_A-Za-z0-9]{1,64}$")
SOURCE_PARAMETERS = {
    "sqs": ("SqsQueueParameters", 10, 10_000),
    "kinesis": ("KinesisStreamParameters", 100, 10_000),
    "dynamodb": ("DynamoDBStreamParameters", 100, 10_000),
}


def validation(message: str) -> AwsError:
    return AwsError("ValidationException", message)


class PipesEngine(StreamsMixin, Engine):
    service = "pipes"
    arn_services = ("kinesis", "dynamodb")  # other engines may send to our streams

    def __init__(self, world):
        super().__init__(world)
        self.pipes: dict[str, dict] = {}
        self.init_streams()
        self._actions = {
            "CreatePipe": self.create_pipe,
            "DescribePipe": self.describe_pipe,
            "ListPipes": self.list_pipes,
            "StartPipe": self.start_pipe,
            "StopPipe": self.stop_pipe,
            "DeletePipe": self.delete_pipe,
            **self.stream_actions(),
        }

    def actions(self):
        return self._actions

    def deliver(self, target_arn: str, payload: dict) -> None:
        """An EventBridge rule (or another pipe) writes to one of our streams."""
        for stream in self.streams.values():
            if stream["arn"] == target_arn:
                self.x_put_record(
                    {
                        "StreamARN": target_arn,
                        "Data": payload.get("body", ""),
                        "NewImage": payload.get("event"),
                    }
                )
                return
        raise AwsError("ResourceNotFoundException", f"Stream {target_arn} not found.")

    # -- API -------------------------------------------------------------------
    def pipe(self, name: object) -> dict:
        if name not in self.pipes:
            raise AwsError("NotFoundException", f"Pipe {name} does not exist.")
        return self.pipes[name]

    def create_pipe(self, p: dict) -> dict:
        name = p.get("Name")
        if not isinstance(name, str) or not PIPE_NAME.match(name):
            raise validation("Name must be 1-64 letters, digits, '.', '-' or '_'.")
        if name in self.pipes:
            raise AwsError("ConflictException", f"Pipe {name} already exists.")
        for key in ("Source", "Target", "RoleArn"):
            if not p.get(key):
                raise validation(f"{key} is required.")
        kind = arn_service(p["Source"])
        if kind not in SOURCE_PARAMETERS:
            raise validation(
                "This simulator's pipes read from an SQS queue, a Kinesis-like stream or a DynamoDB-like stream."
            )
        if kind != "sqs" and p["Source"] not in self.streams:
            raise validation(
                f"Source {p['Source']} is not a stream here: create it with x-CreateStream or x-CreateTableStream."
            )
        parameters = p.get("SourceParameters") or {}
        key, default, highest = SOURCE_PARAMETERS[kind]
        source_settings = parameters.get(key) or {}
        batch = source_settings.get("BatchSize", default)
        if isinstance(batch, bool) or not isinstance(batch, int) or not 1 <= batch <= highest:
            raise validation(f"BatchSize must be between 1 and {highest}.")
        position = source_settings.get("StartingPosition")
        if kind != "sqs" and position not in ("TRIM_HORIZON", "LATEST"):
            raise validation(
                f"{key}.StartingPosition is required for a stream: TRIM_HORIZON or LATEST."
            )
        filters = ((parameters.get("FilterCriteria") or {}).get("Filters")) or []
        if len(filters) > MAX_FILTERS:
            raise validation(f"FilterCriteria holds at most {MAX_FILTERS} filters.")
        compiled, stored_filters = [], []
        for item in filters:
            pattern = item.get("Pattern") if isinstance(item, dict) else None
            text = pattern if isinstance(pattern, str) else json.dumps(pattern)
            compiled.append(compile_pattern(text))
            stored_filters.append({"Pattern": text})
        if stored_filters:
            parameters = {**parameters, "FilterCriteria": {"Filters": stored_filters}}
        desired = p.get("DesiredState", "RUNNING")
        if desired not in ("RUNNING", "STOPPED"):
            raise validation("DesiredState must be RUNNING or STOPPED.")
        now_text = self._iso()
        pipe = {
            "Name": name,
            "Arn": arn("pipes", f"pipe/{name}"),
            "Description": p.get("Description", ""),
            "DesiredState": desired,
            "CurrentState": "CREATING",
            "Source": p["Source"],
            "SourceParameters": parameters,
            "Enrichment": p.get("Enrichment"),
            "EnrichmentParameters": p.get("EnrichmentParameters") or {},
            "Target": p["Target"],
            "TargetParameters": p.get("TargetParameters") or {},
            "RoleArn": p["RoleArn"],
            "CreationTime": now_text,
            "LastModifiedTime": now_text,
            "kind": kind,
            "batch": batch,
            "filters": compiled,
            "position": len(self.streams[p["Source"]]["records"]) if position == "LATEST" else 0,
            "timer": None,
        }
        self.pipes[name] = pipe
        self.world.emit(
            "pipe-created", f"Pipe {name} is being created: {self._route(pipe)}.", pipe=name
        )
        self._settle(pipe, "RUNNING" if desired == "RUNNING" else "STOPPED")
        return self._summary(pipe)

    def _route(self, pipe: dict) -> str:
        stages = [pipe["Source"].rsplit(":", 1)[-1]]
        if pipe["filters"]:
            stages.append(f"{len(pipe['filters'])} filter(s)")
        if pipe["Enrichment"]:
            stages.append(f"enrichment {pipe['Enrichment'].rsplit(':', 1)[-1]}")
        stages.append(pipe["Target"].rsplit(":", 1)[-1])
        return " -> ".join(stages)

    def _iso(self) -> str:
        return self.world.timestamp().strftime("%Y-%m-%dT%H:%M:%SZ")

    def _summary(self, pipe: dict) -> dict:
        keys = ("Arn", "Name", "DesiredState", "CurrentState", "CreationTime", "LastModifiedTime")
        return {k: pipe[k] for k in keys}

    def describe_pipe(self, p: dict) -> dict:
        pipe = self.pipe(p.get("Name"))
        return {k: v for k, v in pipe.items() if k[0].isupper() and v not in (None, "", {})}

    def list_pipes(self, p: dict) -> dict:
        prefix = p.get("NamePrefix") or ""
        keys = (
            "Arn",
            "Name",
            "DesiredState",
            "CurrentState",
            "Source",
            "Target",
            "Enrichment",
            "CreationTime",
            "LastModifiedTime",
        )
        return {
            "Pipes": [
                {k: pipe[k] for k in keys if pipe.get(k)}
                for name, pipe in self.pipes.items()
                if name.startswith(prefix)
            ]
        }

    def start_pipe(self, p: dict) -> dict:
        return self._change(self.pipe(p.get("Name")), "RUNNING", "STARTING")

    def stop_pipe(self, p: dict) -> dict:
        return self._change(self.pipe(p.get("Name")), "STOPPED", "STOPPING")

    def delete_pipe(self, p: dict) -> dict:
        pipe = self.pipes.pop(self.pipe(p.get("Name"))["Name"])
        self._stop_polling(pipe)
        pipe.update(DesiredState="DELETED", CurrentState="DELETING", LastModifiedTime=self._iso())
        self.world.emit(
            "pipe-deleted",
            f"Pipe {pipe['Name']} is deleted: its source is no longer read.",
            pipe=pipe["Name"],
        )
        return self._summary(pipe)

    def _change(self, pipe: dict, desired: str, moving: str) -> dict:
        if pipe["CurrentState"] in ("CREATING", "STARTING", "STOPPING"):
            raise AwsError(
                "ConflictException",
                f"Pipe {pipe['Name']} is {pipe['CurrentState']}: wait a moment and try again.",
            )
        pipe.update(DesiredState=desired, LastModifiedTime=self._iso())
        if pipe["CurrentState"] != desired:
            pipe["CurrentState"] = moving
            self._stop_polling(pipe)
            self._settle(pipe, desired)
        return self._summary(pipe)

    def _settle(self, pipe: dict, state: str) -> None:
        def arrive():
            if self.pipes.get(pipe["Name"]) is not pipe:
                return
            pipe["CurrentState"] = state
            self.world.emit(
                "pipe-state", f"Pipe {pipe['Name']} is {state}.", pipe=pipe["Name"], state=state
            )
            if state == "RUNNING":
                self._poll(pipe)

        self.world.schedule(self.world.now + STATE_CHANGE_SECONDS, arrive)

    def _stop_polling(self, pipe: dict) -> None:
        if pipe["timer"] is not None:
            pipe["timer"].cancelled = True
            pipe["timer"] = None

    # -- the pipe at work ------------------------------------------------------
    def _poll(self, pipe: dict) -> None:
        pipe["timer"] = None
        if self.pipes.get(pipe["Name"]) is not pipe or pipe["CurrentState"] != "RUNNING":
            return
        try:
            records = self._read_sqs(pipe) if pipe["kind"] == "sqs" else self._read_stream(pipe)
            if records:
                self._process(pipe, records)
        except AwsError as error:
            self.world.emit(
                "pipe-failed",
                f"Pipe {pipe['Name']} could not read its source: {error.message}",
                pipe=pipe["Name"],
                error=error.code,
            )
        pipe["timer"] = self.world.schedule(self.world.now + POLL_SECONDS, lambda: self._poll(pipe))

    def _read_sqs(self, pipe: dict) -> list[dict]:
        url = sqs_queue_url(pipe["Source"])
        records = []
        while len(records) < pipe["batch"]:
            waiting = self.world.call(
                "GetQueueAttributes",
                {"QueueUrl": url, "AttributeNames": ["ApproximateNumberOfMessages"]},
                service="sqs",
            )
            if int(waiting["Attributes"]["ApproximateNumberOfMessages"]) == 0:
                break
            got = self.world.call(
                "ReceiveMessage",
                {
                    "QueueUrl": url,
                    "MaxNumberOfMessages": min(10, pipe["batch"] - len(records)),
                    "WaitTimeSeconds": 0,
                    "MessageSystemAttributeNames": ["All"],
                    "MessageAttributeNames": ["All"],
                },
                service="sqs",
            )
            if not got.get("Messages"):
                break
            records.extend(sqs_record(m, pipe["Source"]) for m in got["Messages"])
        return records

    def _read_stream(self, pipe: dict) -> list[dict]:
        records = self.streams[pipe["Source"]]["records"]
        return records[pipe["position"] : pipe["position"] + pipe["batch"]]

    def _process(self, pipe: dict, records: list[dict]) -> None:
        name = pipe["Name"]
        self.world.emit(
            "pipe-polled",
            f"Pipe {name} took a batch of {len(records)} record(s) from its source.",
            pipe=name,
            count=len(records),
        )
        kept, dropped = records, []
        if pipe["filters"]:
            kept, dropped = [], []
            for record in records:
                view = filter_view(record)
                (kept if any(f.matches(view) for f in pipe["filters"]) else dropped).append(record)
            for record in dropped:
                self.world.emit(
                    "pipe-filtered-out",
                    f"Pipe {name} dropped {self._label(record)}: no filter matches it"
                    + (", so it is deleted from the queue." if pipe["kind"] == "sqs" else "."),
                    pipe=name,
                    record=self._label(record),
                )
            self._consume(pipe, dropped, count=0)
        if not kept:
            self._consume(pipe, [], count=len(records))
            return
        items = list(kept)
        if pipe["Enrichment"]:
            outcome = self._lambda().invoke(pipe["Enrichment"], items, source="pipes")
            if not outcome["ok"]:
                return self._failed(
                    pipe, kept, f"the enrichment function failed ({outcome['error']})"
                )
            result = outcome["result"]
            items = result if isinstance(result, list) else [result]
            self.world.emit(
                "pipe-enriched",
                f"Pipe {name} enriched {len(kept)} record(s) into {len(items)} item(s).",
                pipe=name,
                count=len(items),
            )
        try:
            self._deliver(pipe, items)
        except AwsError as error:
            return self._failed(pipe, kept, error.message)
        self._consume(pipe, kept, count=len(records))

    def _label(self, record: dict) -> str:
        handle = record.get("receiptHandle", "")
        if "#" in handle:  # the SQS engine's handles start with the message's label (m-3)
            return handle.split("#", 1)[0]
        if record.get("messageId"):
            return f"message {record['messageId'][:8]}"
        return f"record {record.get('sequenceNumber') or record.get('dynamodb', {}).get('SequenceNumber', '?')}"

    def _lambda(self):
        engine = self.world.engines.get("lambda")
        if engine is None:
            raise AwsError(
                "ResourceNotFoundException", "No simulated Lambda service in this world."
            )
        return engine

    def _deliver(self, pipe: dict, items: list) -> None:
        target, parameters = pipe["Target"], pipe["TargetParameters"]
        template = parameters.get("InputTemplate")
        bodies = [
            pipes_template(template, filter_view(i) if isinstance(i, dict) else i)
            if template
            else (i if isinstance(i, str) else json.dumps(i))
            for i in items
        ]
        if arn_service(target) == "lambda":
            # A Lambda target gets the whole batch in one synchronous invocation.
            batch = [json.loads(b) if template else i for b, i in zip(bodies, items, strict=True)]
            outcome = self._lambda().invoke(target, batch, source="pipes")
            if not outcome["ok"]:
                raise AwsError(outcome["error"], f"the target function failed ({outcome['error']})")
        else:
            group = (parameters.get("SqsQueueParameters") or {}).get("MessageGroupId")
            for body in bodies:
                payload = {
                    "body": body,
                    "attributes": {},
                    "source": "pipes",
                    "event": _parsed(body),
                    "detail_type": f"Event from aws:{pipe['kind']}",
                    "event_source": f"Pipe {pipe['Name']}",
                }
                if group:
                    payload["group_id"] = group
                self.world.deliver(target, payload)
        self.world.emit(
            "pipe-delivered",
            f"Pipe {pipe['Name']} delivered {len(items)} item(s) to {target.rsplit(':', 1)[-1]}.",
            pipe=pipe["Name"],
            target=target,
            count=len(items),
        )

    def _failed(self, pipe: dict, records: list[dict], why: str) -> None:
        after = (
            "the messages stay in the queue and come back after their visibility timeout"
            if pipe["kind"] == "sqs"
            else "the pipe retries the same batch"
        )
        self.world.emit(
            "pipe-failed",
            f"Pipe {pipe['Name']}: {why}; {after}.",
            pipe=pipe["Name"],
            count=len(records),
        )

    def _consume(self, pipe: dict, records: list[dict], count: int) -> None:
        """Delete consumed SQS messages; move a stream pipe past the batch it finished."""
        if pipe["kind"] != "sqs":
            pipe["position"] += count
            return
        url = sqs_queue_url(pipe["Source"])
        for start in range(0, len(records), 10):
            chunk = records[start : start + 10]
            self.world.call(
                "DeleteMessageBatch",
                {
                    "QueueUrl": url,
                    "Entries": [
                        {"Id": str(i), "ReceiptHandle": r["receiptHandle"]}
                        for i, r in enumerate(chunk)
                    ],
                },
                service="sqs",
            )
        if records:
            self.world.emit(
                "pipe-deleted",
                f"Pipe {pipe['Name']} deleted {len(records)} message(s) from the queue: "
                "no DeleteMessage code to write.",
                pipe=pipe["Name"],
                count=len(records),
            )


def _parsed(body: str):
    try:
        return json.loads(body)
    except ValueError:
        return body
