"""State machines and executions: their records, history and AWS-shaped descriptions."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from .states_cost import execution_cost
from .states_interpreter import HISTORY_LIMIT, Run, dumps

EXPRESS_LIMIT = 5 * 60  # seconds: an Express execution cannot run longer
STANDARD_LIMIT = 365 * 24 * 3600  # one year


@dataclass
class StateMachine:
    arn: str
    name: str
    definition_text: str
    definition: dict
    role_arn: str
    type: str  # STANDARD | EXPRESS
    created: float
    executions: list = field(default_factory=list)

    def describe(self, iso) -> dict:
        return {
            "stateMachineArn": self.arn,
            "name": self.name,
            "status": "ACTIVE",
            "definition": self.definition_text,
            "roleArn": self.role_arn,
            "type": self.type,
            "creationDate": iso(self.created),
        }


class Execution:
    def __init__(self, engine, machine: StateMachine, name: str, arn: str, input_value):
        self.engine = engine
        self.world = engine.world
        self.machine = machine
        self.name = name
        self.arn = arn
        self.input = input_value
        self.query_language = machine.definition.get("QueryLanguage", "JSONPath")
        self.start = self.world.now
        self.stop: float | None = None
        self.status = "RUNNING"
        self.output = None
        self.error: str | None = None
        self.cause: str | None = None
        self.history: list[dict] = []
        self.transitions = 0
        self.root: Run | None = None
        self.listeners: list = []
        self.timer = None
        self.cost: dict | None = None

    @property
    def express(self) -> bool:
        return self.machine.type == "EXPRESS"

    def iso(self, at: float | None) -> str | None:
        if at is None:
            return None
        return self.world.timestamp(at).isoformat().replace("+00:00", "Z")

    def context(self) -> dict:
        return {
            "Id": self.arn,
            "Input": self.input,
            "Name": self.name,
            "RoleArn": self.machine.role_arn,
            "StartTime": self.iso(self.start),
            "RedriveCount": 0,
        }

    def record(self, kind: str, details_key: str | None, details: dict) -> int:
        if self.status != "RUNNING" and not kind.startswith("Execution"):
            return 0
        event_id = len(self.history) + 1
        event = {
            "timestamp": self.iso(self.world.now),
            "type": kind,
            "id": event_id,
            "previousEventId": event_id - 1,
        }
        if details_key:
            event[details_key] = details
        self.history.append(event)
        if not self.express and len(self.history) >= HISTORY_LIMIT and self.status == "RUNNING":
            self.fail_everything(
                "States.Runtime",
                f"The execution history reached AWS's limit of {HISTORY_LIMIT:,} events. "
                "Use a Distributed Map or a child execution for big batches.",
            )
        return event_id

    # -- life cycle -----------------------------------------------------------------
    def begin(self) -> None:
        interpreter = self.engine.interpreter
        self.record(
            "ExecutionStarted",
            "executionStartedEventDetails",
            {
                "input": dumps(self.input),
                "inputDetails": {"truncated": False},
                "roleArn": self.machine.role_arn,
            },
        )
        kind = "Express" if self.express else "Standard"
        self.world.emit(
            "execution-started",
            f"{kind} execution {self.name} of {self.machine.name} started.",
            execution=self.arn,
            state_machine=self.machine.arn,
            workflow_type=self.machine.type,
        )
        limit = EXPRESS_LIMIT if self.express else STANDARD_LIMIT
        limit = min(limit, self.machine.definition.get("TimeoutSeconds", limit))
        self.timer = self.world.schedule(self.world.now + limit, lambda: self.time_out(limit))
        self.root = Run(interpreter, self, self.machine.definition, self.input, {}, self.root_done)
        interpreter.soon(self.root.enter)

    def root_done(self, ok: bool, output, error: str, cause: str) -> None:
        if ok:
            self.status, self.output = "SUCCEEDED", output
            self.record(
                "ExecutionSucceeded",
                "executionSucceededEventDetails",
                {"output": dumps(output), "outputDetails": {"truncated": False}},
            )
        else:
            self.status, self.error, self.cause = "FAILED", error, cause
            self.record(
                "ExecutionFailed", "executionFailedEventDetails", {"error": error, "cause": cause}
            )
        self.finish()

    def fail_everything(self, error: str, cause: str, status: str = "FAILED") -> None:
        if self.status != "RUNNING":
            return
        if self.root is not None:
            self.root.stop()
        self.status, self.error, self.cause = status, error, cause
        kind = {"FAILED": "ExecutionFailed", "TIMED_OUT": "ExecutionTimedOut"}.get(
            status, "ExecutionAborted"
        )
        details_key = kind[0].lower() + kind[1:] + "EventDetails"
        self.record(kind, details_key, {"error": error, "cause": cause})
        self.finish()

    def time_out(self, limit: float) -> None:
        what = "Express executions stop after 5 minutes" if self.express else "the time limit"
        self.fail_everything(
            "States.Timeout", f"The execution ran for {limit:,.0f} s: {what}.", "TIMED_OUT"
        )
        self.engine.interpreter.pump()

    def finish(self) -> None:
        self.stop = self.world.now
        if self.timer is not None:
            self.timer.cancelled = True
        self.cost = execution_cost(self.machine.type, self.transitions, self.stop - self.start)
        verb = {
            "SUCCEEDED": "succeeded",
            "FAILED": f"failed with {self.error}",
            "TIMED_OUT": "timed out",
            "ABORTED": "was stopped",
        }[self.status]
        self.world.emit(
            f"execution-{self.status.lower().replace('_', '-')}",
            f"Execution {self.name} {verb} after {self.stop - self.start:g} s and "
            f"{self.transitions} state transitions. {self.cost['Explanation']}",
            execution=self.arn,
            status=self.status,
            output=self.output,
            error=self.error,
            cost=self.cost["CostUSD"],
        )
        for listener in self.listeners:
            listener(self)
        self.listeners = []

    # -- descriptions -----------------------------------------------------------------
    def describe(self) -> dict:
        described = {
            "executionArn": self.arn,
            "stateMachineArn": self.machine.arn,
            "name": self.name,
            "status": self.status,
            "startDate": self.iso(self.start),
            "input": dumps(self.input),
            "inputDetails": {"included": True},
        }
        if self.stop is not None:
            described["stopDate"] = self.iso(self.stop)
        if self.status == "SUCCEEDED":
            described["output"] = json.dumps(self.output, separators=(",", ":"))
            described["outputDetails"] = {"included": True}
        if self.error is not None:
            described["error"] = self.error
            described["cause"] = self.cause
        return described

    def log_lines(self) -> list[dict]:
        """Express keeps no history: it writes log lines (as CloudWatch Logs would hold)."""
        return [
            {
                "id": str(event["id"]),
                "type": event["type"],
                "details": {k: v for k, v in event.items() if k.endswith("EventDetails")},
                "event_timestamp": event["timestamp"],
                "execution_arn": self.arn,
                "previous_event_id": str(event["previousEventId"]),
            }
            for event in self.history
        ]
