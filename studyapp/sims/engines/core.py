"""The world every engine lives in: virtual clock, seeded randomness, events, errors.

Engines never read the wall clock or the global random module. They read
`world.now` (seconds since the scenario started, a float) and `world.random`
(a `random.Random` seeded by the scenario), schedule future work with
`world.schedule(at, callback)`, and report what happened with `world.emit(...)`.
That is what makes "same scenario + same seed -> same trace" true.
"""

from __future__ import annotations

import heapq
import itertools
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

ACCOUNT_ID = "123456789012"
REGION = "us-east-1"
EPOCH = datetime(2026, 1, 1, tzinfo=UTC)  # virtual t=0


class AwsError(Exception):
    """An AWS-shaped error: AWS's error code plus a message a learner can follow."""

    def __init__(self, code: str, message: str, status: int = 400):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.status = status

    def as_response(self) -> dict:
        return {"Error": {"Code": self.code, "Message": self.message}}


def arn(service: str, resource: str) -> str:
    return f"arn:aws:{service}:{REGION}:{ACCOUNT_ID}:{resource}"


def arn_service(resource_arn: str) -> str:
    """'arn:aws:sqs:us-east-1:123456789012:orders' -> 'sqs'."""
    parts = resource_arn.split(":")
    if len(parts) < 6 or parts[0] != "arn":
        raise AwsError("InvalidParameterValue", f"{resource_arn!r} is not an ARN.")
    return parts[2]


@dataclass(order=True)
class _Timer:
    at: float
    seq: int
    callback: Callable[[], None] = field(compare=False)
    cancelled: bool = field(default=False, compare=False)


class Engine:
    """Base class: an engine names its service and the actions it answers."""

    service: str = ""  # "sqs", "sns", "events", "pipes", "states", "lambda", ...
    arn_services: tuple[str, ...] = ()  # ARN service segments it owns, for deliveries

    def __init__(self, world: World):
        self.world = world

    def actions(self) -> dict[str, Callable[[dict], dict]]:
        """AWS action name (or 'x-Name') -> handler taking boto3-shaped params."""
        return {}

    def deliver(self, target_arn: str, payload: dict) -> None:
        """Receive something another engine sends to one of this engine's ARNs.

        `payload` is {"body": str, "attributes": {...}, "source": str, ...}.
        """
        raise AwsError("InvalidParameterValue", f"{self.service} cannot receive deliveries.")


class World:
    """One simulated account: the shared clock, randomness, event log and engines."""

    def __init__(self, seed: int = 0, realism: bool = False):
        self.seed = seed
        self.random = random.Random(seed)
        self.realism = realism
        self.now: float = 0.0
        self.events: list[dict] = []
        self.engines: dict[str, Engine] = {}
        self._timers: list[_Timer] = []
        self._seq = itertools.count()
        self._ids = itertools.count(1)

    # -- engines and calls -------------------------------------------------
    def add(self, engine: Engine) -> Engine:
        self.engines[engine.service] = engine
        return engine

    def call(self, action: str, params: dict | None = None, service: str | None = None) -> dict:
        """Run one AWS (or x-) action; AWS errors are raised as AwsError."""
        params = dict(params or {})
        candidates = [e for e in self.engines.values() if (service is None or e.service == service)]
        handlers = [(e, e.actions()[action]) for e in candidates if action in e.actions()]
        if not handlers:
            raise AwsError("InvalidAction", f"No simulated service answers the action {action}.")
        if len(handlers) > 1:
            names = ", ".join(e.service for e, _ in handlers)
            raise AwsError(
                "InvalidAction", f"{action} exists in several services ({names}); name one."
            )
        return handlers[0][1](params)

    def deliver(self, target_arn: str, payload: dict) -> None:
        """Send a message, event or invocation to whatever engine owns the ARN."""
        service = arn_service(target_arn)
        for engine in self.engines.values():
            if service in engine.arn_services:
                engine.deliver(target_arn, payload)
                return
        raise AwsError("ResourceNotFoundException", f"Nothing in this world answers {target_arn}.")

    # -- time ---------------------------------------------------------------
    def schedule(self, at: float, callback: Callable[[], None]) -> _Timer:
        timer = _Timer(max(at, self.now), next(self._seq), callback)
        heapq.heappush(self._timers, timer)
        return timer

    def advance(self, seconds: float) -> None:
        """Move the clock forward, running every timer due on the way, in time order."""
        if seconds < 0:
            raise AwsError(
                "InvalidParameterValue", "Time only moves forward: Seconds must be >= 0."
            )
        self.run_until(self.now + seconds)

    def run_until(self, target: float) -> None:
        while self._timers and self._timers[0].at <= target:
            timer = heapq.heappop(self._timers)
            if timer.cancelled:
                continue
            self.now = timer.at
            timer.callback()
        self.now = max(self.now, target)

    def next_timer_at(self) -> float | None:
        live = [t.at for t in self._timers if not t.cancelled]
        return min(live) if live else None

    def timestamp(self, at: float | None = None) -> datetime:
        return EPOCH + timedelta(seconds=self.now if at is None else at)

    def epoch_millis(self, at: float | None = None) -> int:
        return int(self.timestamp(at).timestamp() * 1000)

    # -- ids and events ----------------------------------------------------
    def new_id(self) -> str:
        """A deterministic UUID-shaped id drawn from the seeded random source."""
        bits = self.random.getrandbits(128)
        h = f"{bits:032x}"
        return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:32]}"

    def counter(self) -> int:
        return next(self._ids)

    def emit(self, kind: str, text: str, **data: Any) -> dict:
        event = {"t": round(self.now, 3), "kind": kind, "text": text, **data}
        self.events.append(event)
        return event


class LambdaEngine(Engine):
    """Simulated Lambda functions shared by every engine that invokes code.

    A function records each invocation. A scenario scripts it with x- actions:
    x-CreateFunction {FunctionName, Result?, Delay?}, x-FailFunction {FunctionName,
    Error?, Times?}, x-FunctionDelay {FunctionName, Seconds}. Anything that invokes it
    calls `invoke(name_or_arn, event)` and gets {"ok": bool, "result"|"error", "delay"}.
    """

    service = "lambda"
    arn_services = ("lambda",)

    def __init__(self, world: World):
        super().__init__(world)
        self.functions: dict[str, dict] = {}

    def actions(self):
        return {
            "x-CreateFunction": self.x_create_function,
            "x-FailFunction": self.x_fail_function,
            "x-FunctionDelay": self.x_function_delay,
            "x-GetInvocations": self.x_get_invocations,
        }

    @staticmethod
    def _name(name_or_arn: str) -> str:
        return name_or_arn.split(":function:")[-1].split(":")[0]

    def function(self, name_or_arn: str) -> dict:
        name = self._name(name_or_arn)
        if name not in self.functions:
            # Scenarios may target a function without declaring it: make a plain echo.
            self.functions[name] = {
                "name": name,
                "arn": arn("lambda", f"function:{name}"),
                "result": None,
                "fail": None,
                "fail_times": 0,
                "delay": 0.0,
                "invocations": [],
            }
        return self.functions[name]

    def x_create_function(self, p: dict) -> dict:
        fn = self.function(p["FunctionName"])
        fn["result"] = p.get("Result")
        fn["delay"] = float(p.get("Delay", 0))
        return {"FunctionArn": fn["arn"]}

    def x_fail_function(self, p: dict) -> dict:
        fn = self.function(p["FunctionName"])
        fn["fail"] = p.get("Error", "Lambda.ServiceException")
        fn["fail_times"] = int(p.get("Times", -1))  # -1: until told otherwise
        fn["fail_cause"] = p.get("Cause", "The function raised an error.")
        if p.get("Error") is None and p.get("Times") == 0:
            fn["fail"] = None
        return {"FunctionArn": fn["arn"]}

    def x_function_delay(self, p: dict) -> dict:
        fn = self.function(p["FunctionName"])
        fn["delay"] = float(p["Seconds"])
        return {"FunctionArn": fn["arn"]}

    def x_get_invocations(self, p: dict) -> dict:
        fn = self.function(p["FunctionName"])
        return {"Invocations": list(fn["invocations"])}

    def invoke(self, name_or_arn: str, event: Any, source: str = "") -> dict:
        fn = self.function(name_or_arn)
        fn["invocations"].append({"t": self.world.now, "event": event, "source": source})
        failing = fn["fail"] is not None and fn["fail_times"] != 0
        if failing:
            if fn["fail_times"] > 0:
                fn["fail_times"] -= 1
            self.world.emit(
                "lambda-failed", f"{fn['name']} failed with {fn['fail']}.", function=fn["name"]
            )
            return {
                "ok": False,
                "error": fn["fail"],
                "cause": fn.get("fail_cause", ""),
                "delay": fn["delay"],
            }
        result = event if fn["result"] is None else fn["result"]
        self.world.emit("lambda-invoked", f"{fn['name']} ran.", function=fn["name"])
        return {"ok": True, "result": result, "delay": fn["delay"]}

    def deliver(self, target_arn: str, payload: dict) -> None:
        self.invoke(target_arn, payload.get("event", payload), source=payload.get("source", ""))
