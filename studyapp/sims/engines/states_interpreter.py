"""The Amazon States Language interpreter: runs, transitions, Retry and Catch.

An execution is a tree of runs: the top-level run, one per Parallel branch, one per Map
iteration. A run walks its states one transition at a time through a work queue (so deep
workflows never recurse in Python) and waits on the shared virtual clock for Wait states,
task durations, retries and callbacks. Same definition + same seed -> same history.
https://states-language.net/spec.html
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Callable

from .asl_choice import evaluate_rule, parse_timestamp
from .states_io import (
    Scope,
    StatesError,
    assignments,
    effective_input,
    error_output_for_catch,
    field_value,
    jsonata_value,
    state_output,
)
from .states_parallel import run_map, run_parallel

# A run that makes this many transitions without the virtual clock moving is a loop of
# states with no Wait in it: stop it rather than spin forever.
LOOP_LIMIT = 1000
HISTORY_LIMIT = 25_000  # AWS's quota for a Standard execution's history
UNCATCHABLE_BY_ALL = {"States.Runtime", "States.DataLimitExceeded"}


def dumps(value) -> str:
    return json.dumps(value, separators=(",", ":"))


def error_matches(names: list, error: str) -> bool:
    if error in names:
        return True
    if "States.ALL" in names and error not in UNCATCHABLE_BY_ALL:
        return True
    if "States.Timeout" in names and error == "States.HeartbeatTimeout":
        return True
    timeouts = {"States.Timeout", "States.HeartbeatTimeout"}
    return "States.TaskFailed" in names and error not in timeouts | UNCATCHABLE_BY_ALL


class Interpreter:
    """The work queue and clock plumbing shared by every execution in one engine."""

    def __init__(self, world, tasks):
        self.world = world
        self.tasks = tasks
        self.queue: deque[Callable[[], None]] = deque()
        self.pumping = False

    def soon(self, work: Callable[[], None]) -> None:
        self.queue.append(work)
        self.pump()

    def pump(self) -> None:
        if self.pumping:
            return
        self.pumping = True
        try:
            while self.queue:
                self.queue.popleft()()
        finally:
            self.pumping = False

    def later(self, run: Run, seconds: float, work: Callable[[], None]):
        def fire():
            if not run.stopped:
                self.soon(work)

        timer = self.world.schedule(self.world.now + max(0.0, seconds), fire)
        run.timers.append(timer)
        return timer

    def clock(self) -> tuple[str, int]:
        stamp = self.world.timestamp()
        return stamp.isoformat().replace("+00:00", "Z"), self.world.epoch_millis()


class Run:
    """One thread of states: an execution's top level, a Parallel branch or a Map item."""

    def __init__(
        self, interpreter, execution, machine, data, variables, on_done, label="", language=None
    ):
        self.interpreter = interpreter
        self.world = interpreter.world
        self.execution = execution
        self.states: dict = machine["States"]
        self.query_language = machine.get("QueryLanguage", language or execution.query_language)
        self.current: str = machine["StartAt"]
        self.data = data
        self.variables = dict(variables)
        self.on_done = on_done
        self.label = label  # "Resize[3]/" inside a Map iteration, for learners to follow
        self.stopped = False
        self.timers: list = []
        self.children: list[Run] = []
        self.attempts: dict[int, int] = {}
        self.burst, self.burst_at = 0, -1.0
        self.pending = None  # the task waiting to settle, if any

    # -- helpers --------------------------------------------------------------
    @property
    def state(self) -> dict:
        return self.states[self.current]

    @property
    def jsonata(self) -> bool:
        return self.state.get("QueryLanguage", self.query_language) == "JSONata"

    def where(self) -> str:
        return f"{self.label}{self.current}"

    def context(self) -> dict:
        execution = self.execution
        return {
            "Execution": execution.context(),
            "State": {
                "EnteredTime": execution.iso(self.entered_at),
                "Name": self.current,
                "RetryCount": sum(self.attempts.values()),
            },
            "StateMachine": {"Id": execution.machine.arn, "Name": execution.machine.name},
        }

    def scope(self, data=None) -> Scope:
        return Scope(
            self.data if data is None else data,
            self.context(),
            self.variables,
            self.world.random,
            self.interpreter.clock(),
        )

    def record(self, kind: str, details_key: str | None = None, **details):
        return self.execution.record(kind, details_key, details)

    # -- a transition ---------------------------------------------------------
    def enter(self) -> None:
        if self.stopped:
            return
        if self.world.now != self.burst_at:
            self.burst, self.burst_at = 0, self.world.now
        self.burst += 1
        if self.burst > LOOP_LIMIT:
            self.execution.fail_everything(
                "States.Runtime",
                f"Stopped after {LOOP_LIMIT:,} state transitions in a row without any time "
                f"passing (last state: {self.where()}). A loop of states with no Wait state "
                "would run forever.",
            )
            return
        self.entered_at = self.world.now
        self.attempts = {}
        self.execution.transitions += 1
        kind = self.state["Type"]
        self.record(
            f"{kind}StateEntered",
            "stateEnteredEventDetails",
            name=self.current,
            input=dumps(self.data),
        )
        self.world.emit(
            "state-entered",
            f"{self.execution.name}: entered {self.where()} ({kind}).",
            execution=self.execution.arn,
            state=self.where(),
            type=kind,
            input=self.data,
        )
        self.execute()

    def execute(self) -> None:
        if self.stopped:
            return
        try:
            handler = HANDLERS[self.state["Type"]]
            handler(self, self.state, self.scope())
        except StatesError as failure:
            self.fail_state(failure.error, failure.cause)

    def finish_state(self, output, next_name: str | None = None, assign: dict | None = None):
        if self.stopped:
            return
        state, kind = self.state, self.state["Type"]
        self.record(
            f"{kind}StateExited", "stateExitedEventDetails", name=self.current, output=dumps(output)
        )
        self.world.emit(
            "state-exited",
            f"{self.execution.name}: left {self.where()}.",
            execution=self.execution.arn,
            state=self.where(),
            output=output,
        )
        self.variables.update(assign or {})
        target = next_name or state.get("Next")
        if kind == "Succeed" or (state.get("End") and next_name is None) or target is None:
            self.finish(True, output)
            return
        self.current, self.data = target, output
        self.interpreter.soon(self.enter)

    def task_result(self, result) -> None:
        """A Task, Parallel or Map produced its result: apply output processing and move on."""
        if self.stopped:
            return
        scope = self.scope()
        try:
            assign = assignments(self.state.get("Assign"), scope, self.jsonata, result=result)
            output = state_output(self.state, scope, result, self.jsonata, has_result=True)
        except StatesError as failure:
            self.fail_state(failure.error, failure.cause)
            return
        self.finish_state(output, assign=assign)

    # -- errors ---------------------------------------------------------------
    def fail_state(self, error: str, cause: str = "") -> None:
        if self.stopped:
            return
        state = self.state
        for index, retrier in enumerate(state.get("Retry") or []):
            if not error_matches(retrier.get("ErrorEquals", []), error):
                continue
            done = self.attempts.get(index, 0)
            if done >= retrier.get("MaxAttempts", 3):
                break
            self.attempts[index] = done + 1
            delay = retrier.get("IntervalSeconds", 1) * retrier.get("BackoffRate", 2.0) ** done
            if "MaxDelaySeconds" in retrier:
                delay = min(delay, retrier["MaxDelaySeconds"])
            if retrier.get("JitterStrategy") == "FULL":
                delay = self.world.random.uniform(0, delay)
            delay = round(delay, 3)
            self.execution.transitions += 1
            self.world.emit(
                "retry",
                f"{self.where()} failed with {error}; retry {done + 1} of "
                f"{retrier.get('MaxAttempts', 3)} in {delay:g} s.",
                execution=self.execution.arn,
                state=self.where(),
                error=error,
                attempt=done + 1,
                delay=delay,
            )
            self.interpreter.later(self, delay, self.execute)
            return
        for catcher in state.get("Catch") or []:
            if error_matches(catcher.get("ErrorEquals", []), error):
                self.catch(catcher, error, cause)
                return
        self.finish(False, None, error, cause)

    def catch(self, catcher: dict, error: str, cause: str) -> None:
        scope = self.scope()
        error_output = {"Error": error, "Cause": cause}
        try:
            output = error_output_for_catch(catcher, scope, error_output, self.jsonata)
            assign = assignments(
                catcher.get("Assign"), scope, self.jsonata, error_output=error_output
            )
        except StatesError as failure:
            self.finish(False, None, failure.error, failure.cause)
            return
        self.world.emit(
            "caught",
            f"{self.where()} caught {error} and goes to {catcher['Next']}.",
            execution=self.execution.arn,
            state=self.where(),
            error=error,
            next=catcher["Next"],
        )
        self.finish_state(output, catcher["Next"], assign)

    def finish(self, ok: bool, output, error: str = "", cause: str = "") -> None:
        if self.stopped:
            return
        self.stop()
        self.on_done(ok, output, error, cause)

    def stop(self) -> None:
        """Stop this run and everything under it: timers, branches, waiting tasks."""
        self.stopped = True
        for timer in self.timers:
            timer.cancelled = True
        for child in self.children:
            if not child.stopped:
                child.stop()
        if self.pending is not None:
            self.pending.abandon()


# -- the simple states -----------------------------------------------------------
def _pass(run: Run, state: dict, scope: Scope) -> None:
    effective = effective_input(state, scope, run.jsonata)
    result = state["Result"] if "Result" in state and not run.jsonata else effective
    assign = assignments(state.get("Assign"), scope, run.jsonata, result=result)
    output = state_output(state, scope, result, run.jsonata, has_result=True)
    run.finish_state(output, assign=assign)


def _choice(run: Run, state: dict, scope: Scope) -> None:
    data = scope.data
    if not run.jsonata and "InputPath" in state:
        data = {} if state["InputPath"] is None else scope.read(state["InputPath"])
    for rule in state.get("Choices", []):
        if run.jsonata:
            matched = jsonata_value(
                scope, {"input": scope.data, "context": scope.context}, rule.get("Condition")
            )
            if not isinstance(matched, bool):
                raise StatesError(
                    "States.QueryEvaluationError",
                    f"The Condition of a choice rule must be true or false, got {matched!r}.",
                )
        else:
            matched = evaluate_rule(rule, data, scope.context)
        if matched:
            _choose(run, state, scope, rule, rule["Next"])
            return
    if "Default" in state:
        _choose(run, state, scope, {}, state["Default"])
        return
    raise StatesError(
        "States.NoChoiceMatched", f"No choice rule of {run.where()} matched, and it has no Default."
    )


def _choose(run: Run, state: dict, scope: Scope, rule: dict, next_name: str) -> None:
    assign = assignments(
        rule.get("Assign") or state.get("Assign"), scope, run.jsonata, result=scope.data
    )
    shape = {**state, **({"Output": rule["Output"]} if "Output" in rule else {})}
    output = state_output(shape, scope, None, run.jsonata, has_result=False)
    run.finish_state(output, next_name, assign)


def _wait(run: Run, state: dict, scope: Scope) -> None:
    world = run.world
    if "Seconds" in state or "SecondsPath" in state:
        seconds = field_value(state, scope, run.jsonata, "Seconds")
        if isinstance(seconds, bool) or not isinstance(seconds, int | float) or seconds < 0:
            raise StatesError(
                "States.Runtime", f"Wait seconds must be a number >= 0, got {seconds!r}."
            )
        delay = float(seconds)
    else:
        stamp = field_value(state, scope, run.jsonata, "Timestamp")
        when = parse_timestamp(stamp)
        if when is None:
            raise StatesError("States.Runtime", f"{stamp!r} is not an RFC 3339 timestamp.")
        delay = max(0.0, (when - world.timestamp()).total_seconds())
    assign = assignments(state.get("Assign"), scope, run.jsonata, result=scope.data)
    output = state_output(state, scope, None, run.jsonata, has_result=False)
    world.emit(
        "waiting",
        f"{run.where()} waits {delay:g} s.",
        execution=run.execution.arn,
        state=run.where(),
        seconds=delay,
    )
    run.interpreter.later(run, delay, lambda: run.finish_state(output, assign=assign))


def _succeed(run: Run, state: dict, scope: Scope) -> None:
    output = state_output(state, scope, None, run.jsonata, has_result=False)
    run.finish_state(output)


def _fail(run: Run, state: dict, scope: Scope) -> None:
    error = field_value(state, scope, run.jsonata, "Error") or ""
    cause = field_value(state, scope, run.jsonata, "Cause") or ""
    run.finish(False, None, str(error), str(cause))


def _task(run: Run, state: dict, scope: Scope) -> None:
    run.interpreter.tasks.start(run, state, scope)


HANDLERS = {
    "Pass": _pass,
    "Choice": _choice,
    "Wait": _wait,
    "Succeed": _succeed,
    "Fail": _fail,
    "Task": _task,
    "Parallel": run_parallel,
    "Map": run_map,
}
