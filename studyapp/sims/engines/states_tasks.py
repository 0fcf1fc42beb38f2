"""Task states: Lambda functions and service integrations, in their three patterns.

- request-response: call the service, take its response as the result;
- `.sync` (states:startExecution): wait until the child execution ends;
- `.waitForTaskToken`: call the service with $$.Task.Token and wait for SendTaskSuccess,
  SendTaskFailure (or a missed HeartbeatSeconds / TimeoutSeconds).
Integrations reach the other simulated services through the World, so a Task that sends to
SQS puts a real message in the simulated queue.
https://docs.aws.amazon.com/step-functions/latest/dg/connect-to-resource.html
"""

from __future__ import annotations

import json

from .core import REGION, AwsError
from .states_io import StatesError, effective_input, field_value

DEFAULT_TIMEOUT = 99_999_999  # AWS's default TimeoutSeconds for a Task
# Optimized integrations: resource -> (service, action, fields AWS takes as a JSON string).
OPTIMIZED = {
    "lambda:invoke": ("lambda", "Invoke", ()),
    "sqs:sendMessage": ("sqs", "SendMessage", ("MessageBody",)),
    "sns:publish": ("sns", "Publish", ("Message",)),
    "events:putEvents": ("events", "PutEvents", ()),
    "dynamodb:putItem": ("dynamodb", "PutItem", ()),
    "dynamodb:getItem": ("dynamodb", "GetItem", ()),
    "dynamodb:deleteItem": ("dynamodb", "DeleteItem", ()),
    "dynamodb:updateItem": ("dynamodb", "UpdateItem", ()),
    "states:startExecution": ("states", "StartExecution", ("Input", "input")),
}
SDK_SERVICES = {"sqs": "sqs", "sns": "sns", "eventbridge": "events", "dynamodb": "dynamodb"}
SDK_SERVICES |= {"sfn": "states", "lambda": "lambda"}
ERROR_PREFIX = {"sqs": "SQS", "sns": "SNS", "events": "EventBridge", "dynamodb": "DynamoDB"}
ERROR_PREFIX |= {"states": "StepFunctions", "lambda": "Lambda"}
PATTERNS = ("waitForTaskToken", "sync:2", "sync")


def split_resource(resource: str) -> tuple[str, str, str]:
    """(kind, name, pattern): kind is 'lambda' (a function ARN), 'optimized' or 'sdk'."""
    if resource.startswith("arn:aws:lambda:") and ":function:" in resource:
        return "lambda", resource, ""
    prefix = "arn:aws:states:::"
    if not resource.startswith(prefix):
        return "unknown", resource, ""
    name, pattern = resource[len(prefix) :], ""
    for candidate in PATTERNS:
        if name.endswith("." + candidate):
            name, pattern = name[: -len(candidate) - 1], candidate
            break
    if name.startswith("aws-sdk:"):
        return "sdk", name[len("aws-sdk:") :], pattern
    return ("optimized" if name in OPTIMIZED else "unknown"), name, pattern


def resource_problem(resource: str, workflow_type: str = "STANDARD") -> str | None:
    kind, name, pattern = split_resource(resource)
    if kind == "unknown":
        return f"The resource '{resource}' is not one this simulator can run."
    if pattern and workflow_type == "EXPRESS":
        return (
            f"Express state machines do not support the '.{pattern}' integration pattern "
            f"({resource}); use a Standard state machine."
        )
    if pattern.startswith("sync") and name != "states:startExecution":
        return f"'.{pattern}' is not supported for {name} in this simulator."
    return None


def _json_fields(params: dict, fields) -> dict:
    out = dict(params)
    for field in fields:
        if field in out and not isinstance(out[field], str):
            out[field] = json.dumps(out[field], separators=(",", ":"))
    if "Entries" in out and isinstance(out["Entries"], list):
        out["Entries"] = [
            {**e, "Detail": json.dumps(e["Detail"], separators=(",", ":"))}
            if isinstance(e, dict) and not isinstance(e.get("Detail", ""), str)
            else e
            for e in out["Entries"]
        ]
    return out


class PendingTask:
    """A task between TaskScheduled and its outcome; settles exactly once."""

    def __init__(self, runner, run, kind: str, resource_type: str, resource: str):
        self.runner, self.run = runner, run
        self.kind, self.resource_type, self.resource = kind, resource_type, resource
        self.token: str | None = None
        self.settled = False
        self.timeout_timer = None
        self.heartbeat_timer = None
        self.heartbeat_seconds = None

    def event(self, suffix: str) -> str:
        return ("LambdaFunction" if self.kind == "lambda" else "Task") + suffix

    def details(self, suffix: str, **extra) -> None:
        key = self.event(suffix)
        key = key[0].lower() + key[1:] + "EventDetails"
        if self.kind != "lambda":
            extra = {"resourceType": self.resource_type, "resource": self.resource, **extra}
        self.run.record(self.event(suffix), key, **extra)

    def succeed(self, result) -> None:
        if self._settle():
            self.details("Succeeded", output=json.dumps(result, separators=(",", ":")))
            self.run.world.emit(
                "task-succeeded",
                f"{self.run.where()} succeeded.",
                execution=self.run.execution.arn,
                state=self.run.where(),
                result=result,
            )
            self.run.task_result(result)

    def fail(self, error: str, cause: str = "", timed_out: bool = False) -> None:
        if self._settle():
            self.details("TimedOut" if timed_out else "Failed", error=error, cause=cause)
            self.run.world.emit(
                "task-failed",
                f"{self.run.where()} failed: {error}.",
                execution=self.run.execution.arn,
                state=self.run.where(),
                error=error,
                cause=cause,
            )
            self.run.fail_state(error, cause)

    def heartbeat(self) -> None:
        if self.heartbeat_seconds is not None and not self.settled:
            self.heartbeat_timer.cancelled = True
            self.heartbeat_timer = self._timer(self.heartbeat_seconds, "States.HeartbeatTimeout")

    def _timer(self, seconds: float, error: str):
        def expire():
            self.fail(error, f"No answer within {seconds:g} s ({error}).", timed_out=True)

        return self.run.interpreter.later(self.run, seconds, expire)

    def _settle(self) -> bool:
        if self.settled or self.run.stopped:
            return False
        self.settled = True
        self.run.pending = None
        for timer in (self.timeout_timer, self.heartbeat_timer):
            if timer is not None:
                timer.cancelled = True
        self.runner.tokens.pop(self.token, None)
        return True

    def abandon(self) -> None:
        self.settled = True
        self.runner.tokens.pop(self.token, None)


class TaskRunner:
    def __init__(self, engine):
        self.engine = engine
        self.world = engine.world
        self.tokens: dict[str, PendingTask] = {}
        self.scripts: dict[str, dict] = {}  # resource -> {error, cause, times, delay}

    def new_token(self) -> str:
        return "AQC" + f"{self.world.random.getrandbits(256):064x}"

    def start(self, run, state: dict, scope) -> None:
        resource = state.get("Resource", "")
        kind, name, pattern = split_resource(resource)
        resource_type, _, action = name.partition(":")
        if kind == "lambda":
            resource_type, action = "lambda", "invoke"
        pending = PendingTask(
            self, run, kind, resource_type, action + (f".{pattern}" if pattern else "")
        )
        if pattern == "waitForTaskToken":
            pending.token = self.new_token()
            scope.context["Task"] = {"Token": pending.token}
        params = effective_input(state, scope, run.jsonata, "Parameters")
        timeout = field_value(state, scope, run.jsonata, "TimeoutSeconds") or DEFAULT_TIMEOUT
        heartbeat = field_value(state, scope, run.jsonata, "HeartbeatSeconds")
        scheduled = {"region": REGION, "parameters": json.dumps(params, separators=(",", ":"))}
        if kind == "lambda":
            scheduled = {"resource": resource, "input": scheduled["parameters"]}
        elif "TimeoutSeconds" in state or "TimeoutSecondsPath" in state:
            scheduled["timeoutInSeconds"] = timeout
        if heartbeat and kind != "lambda":
            scheduled["heartbeatInSeconds"] = heartbeat
        pending.details("Scheduled", **scheduled)
        pending.details("Started")
        run.pending = pending
        run.world.emit(
            "task-scheduled",
            f"{run.where()} calls {resource.removeprefix('arn:aws:states:::')}.",
            execution=run.execution.arn,
            state=run.where(),
            resource=resource,
            parameters=params,
        )
        pending.timeout_timer = pending._timer(timeout, "States.Timeout")
        if heartbeat:
            pending.heartbeat_seconds = heartbeat
            pending.heartbeat_timer = pending._timer(heartbeat, "States.HeartbeatTimeout")
        try:
            self.call(pending, kind, name, pattern, resource, params)
        except StatesError as failure:
            pending.fail(failure.error, failure.cause)

    def _after(self, pending: PendingTask, delay: float, outcome) -> None:
        if delay > 0:
            pending.run.interpreter.later(pending.run, delay, outcome)
        else:
            outcome()

    def call(self, pending, kind, name, pattern, resource, params) -> None:
        script = self.scripts.get(resource)
        delay = script.get("delay", 0.0) if script else 0.0
        if script and script.get("error") and script.get("times", -1) != 0:
            if script.get("times", -1) > 0:
                script["times"] -= 1
            error, cause = script["error"], script.get("cause", "Scripted failure.")
            self._after(pending, delay, lambda: pending.fail(error, cause))
            return
        if kind == "lambda" or name == "lambda:invoke":
            self._lambda(pending, kind, pattern, resource, params, delay)
            return
        if kind == "sdk":
            service_name, _, action = name.partition(":")
            service = SDK_SERVICES.get(service_name)
            if service is None:
                raise StatesError(
                    "States.Runtime", f"The SDK service {service_name} is not simulated."
                )
            service, action = service, action[:1].upper() + action[1:]
            fields = ()
        else:
            service, action, fields = OPTIMIZED[name]
        request = _json_fields(params, fields)
        if service == "states":
            # ASL writes StartExecution's parameters capitalised; the API takes camelCase.
            request = {key[:1].lower() + key[1:]: value for key, value in request.items()}
        try:
            response = self.world.call(action, request, service=service)
        except AwsError as error:
            prefix = ERROR_PREFIX.get(service, service)
            raise StatesError(f"{prefix}.{error.code}", error.message) from None
        if service == "states" and pattern.startswith("sync"):
            self.engine.when_finished(
                response["executionArn"], lambda child: self._child_done(pending, child, pattern)
            )
            pending.details("Submitted", output=json.dumps(response, separators=(",", ":")))
        elif pattern == "waitForTaskToken":
            self._wait_for_token(pending, response)
        else:
            self._after(pending, delay, lambda: pending.succeed(response))

    def _wait_for_token(self, pending: PendingTask, response) -> None:
        self.tokens[pending.token] = pending
        pending.details("Submitted", output=json.dumps(response, separators=(",", ":")))
        pending.run.world.emit(
            "waiting-for-callback",
            f"{pending.run.where()} waits for SendTaskSuccess or SendTaskFailure with its "
            "task token.",
            execution=pending.run.execution.arn,
            state=pending.run.where(),
            token=pending.token,
        )

    def _lambda(self, pending, kind, pattern, resource, params, delay) -> None:
        lambdas = self.world.engines["lambda"]
        function = resource if kind == "lambda" else params.get("FunctionName", "")
        event = params if kind == "lambda" else params.get("Payload", {})
        outcome = lambdas.invoke(function, event, source=pending.run.execution.arn)
        delay += outcome["delay"]
        if pattern == "waitForTaskToken":
            self._wait_for_token(pending, {"StatusCode": 202})
            return
        if not outcome["ok"]:
            error, cause = outcome["error"], outcome.get("cause", "")
            self._after(pending, delay, lambda: pending.fail(error, cause))
            return
        result = outcome["result"]
        if kind != "lambda":
            result = {"ExecutedVersion": "$LATEST", "Payload": result, "StatusCode": 200}
        self._after(pending, delay, lambda: pending.succeed(result))

    def _child_done(self, pending: PendingTask, child, pattern: str) -> None:
        described = child.describe()
        if child.status == "SUCCEEDED":
            if pattern == "sync:2":  # .sync:2 returns the child's output as JSON, not text
                described["output"] = child.output
            pending.succeed(described)
        else:
            pending.fail("States.TaskFailed", json.dumps(described, separators=(",", ":")))

    # -- callbacks (SendTaskSuccess / SendTaskFailure / SendTaskHeartbeat) -----------
    def pending_for(self, token) -> PendingTask:
        if not isinstance(token, str) or not token:
            raise AwsError("InvalidToken", "taskToken is required.")
        pending = self.tokens.get(token)
        if pending is None:
            raise AwsError(
                "TaskDoesNotExist",
                "No task is waiting for this token: it was never issued, or its task already "
                "finished, timed out or was stopped.",
            )
        return pending
