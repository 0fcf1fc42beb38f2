"""Run a scenario step by step against one World and check its expectations.

Per step: `${step-id.<JMESPath>}` references are replaced by values from earlier responses
(a whole-string reference keeps the value's type); policies and patterns written as YAML
maps become the JSON strings AWS expects; the action runs (x-Wait and x-SetRealism here,
everything else in the engines); then `expect:` is checked:

- `response: {<JMESPath>: value}`: each expression, searched in the response, equals value;
- `events: [{kind: visible-again}, ...]`: each partial event matches an event of this step;
- `no_events: [{kind: delivered}]`: none of this step's events matches;
- `error: Code`: the step must fail with that AWS error code.

The result is a list of {step, id, action, say, params, response, events, failures}.
"""

from __future__ import annotations

import json

import jmespath
import jmespath.exceptions

from .engines.core import AwsError, World
from .engines.world import build_world
from .scenario import REFERENCE, Scenario, Step

# Parameters AWS takes as a JSON string that scenarios may write as YAML maps.
JSON_PARAMETERS = {
    "FilterPolicy",
    "EventPattern",
    "definition",
    "Policy",
    "RedrivePolicy",
    "RedriveAllowPolicy",
    "DeliveryPolicy",
    "AttributeValue",
    "Message",
    "MessageBody",
    "Detail",
    "Input",
    "input",
    "InputTemplate",
}
# boto3 takes these as map<string, string>: YAML numbers and booleans are written for people.
STRING_MAPS = {"Attributes"}


class UnresolvedReference(AwsError):
    """A ${...} reference that found nothing: reported as a failure of the step."""


def resolve(value, responses: dict):
    if isinstance(value, dict):
        return {k: resolve(v, responses) for k, v in value.items()}
    if isinstance(value, list):
        return [resolve(v, responses) for v in value]
    if not isinstance(value, str) or "${" not in value:
        return value
    whole = REFERENCE.fullmatch(value)
    if whole:
        return _lookup(whole.group(1), responses)
    return REFERENCE.sub(lambda m: _as_text(_lookup(m.group(1), responses)), value)


def _lookup(reference: str, responses: dict):
    step_id, _, path = reference.partition(".")
    if step_id not in responses:
        raise UnresolvedReference(
            "InvalidReference", f"${{{reference}}}: no earlier step {step_id!r}."
        )
    response = responses[step_id]
    try:
        found = jmespath.search(path, response) if path else response
    except jmespath.exceptions.JMESPathError as exc:
        raise UnresolvedReference("InvalidReference", f"${{{reference}}}: {exc}") from None
    if found is None:
        raise UnresolvedReference(
            "InvalidReference",
            f"${{{reference}}} found nothing in the response of step {step_id!r}.",
        )
    return found


def _as_text(value) -> str:
    return value if isinstance(value, str) else json.dumps(value)


def serialise(value, key: str | None = None):
    """Turn YAML maps into JSON strings where AWS wants JSON; stringify Attributes maps."""
    if key in JSON_PARAMETERS and isinstance(value, dict | list):
        return json.dumps(value)
    if isinstance(value, dict):
        result = {k: serialise(v, k) for k, v in value.items()}
        if key in STRING_MAPS:
            result = {k: _attribute_text(v) for k, v in result.items()}
        return result
    if isinstance(value, list):
        return [serialise(v, key if key in JSON_PARAMETERS else None) for v in value]
    return value


def _attribute_text(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return value


def same(actual, expected) -> bool:
    """Equality, letting a YAML number match AWS's numeric strings ("2" == 2)."""
    if isinstance(expected, bool) or isinstance(actual, bool):
        return actual == expected
    if isinstance(expected, int | float) and isinstance(actual, str):
        try:
            return float(actual) == float(expected)
        except ValueError:
            return False
    return actual == expected


def event_matches(event: dict, partial: dict) -> bool:
    return all(key in event and same(event[key], value) for key, value in partial.items())


def run_action(world: World, action: str, params: dict) -> dict:
    if action == "x-Wait":
        seconds = params.get("Seconds")
        if isinstance(seconds, bool) or not isinstance(seconds, int | float) or seconds < 0:
            raise AwsError("InvalidParameterValue", "x-Wait needs Seconds: a number >= 0.")
        world.advance(seconds)
        return {"Now": world.now}
    if action == "x-SetRealism":
        enabled = params.get("Enabled")
        if not isinstance(enabled, bool):
            raise AwsError("InvalidParameterValue", "x-SetRealism needs Enabled: true or false.")
        world.realism = enabled
        world.emit(
            "realism",
            "Realism is on: standard queues may now duplicate and reorder messages."
            if enabled
            else "Realism is off: standard queues deliver once and in order.",
        )
        return {"Realism": enabled}
    return world.call(action, params)


def run_step(world: World, step: Step, responses: dict) -> dict:
    before = len(world.events)
    error_code = None
    try:
        params = serialise(resolve(step.params, responses))
        response = run_action(world, step.action, params)
    except AwsError as error:
        response, error_code = error.as_response(), error.code
    except RecursionError:
        raise
    except Exception as exc:  # noqa: BLE001 - boto3 would refuse such input client-side
        error_code = "ParamValidationError"
        response = {
            "Error": {
                "Code": error_code,
                "Message": f"Parameter validation failed for {step.action}: {exc}",
            }
        }
    if step.id:
        responses[step.id] = response
    events = world.events[before:]
    return {
        "step": step.number,
        "id": step.id,
        "action": step.action,
        "say": step.say,
        "params": step.params,
        "response": response,
        "error": error_code,  # the AWS error code when the call failed, else None
        "events": events,
        "failures": check_expectations(step, response, error_code, events, responses),
    }


def check_expectations(
    step: Step, response: dict, error_code, events: list[dict], responses: dict | None = None
) -> list[str]:
    failures = []
    try:
        expect = resolve(step.expect, responses or {})
    except AwsError as error:
        return [error.message]
    expected_error = expect.get("error")
    if expected_error is not None:
        if error_code is None:
            failures.append(f"expected the error {expected_error}, but {step.action} succeeded")
        elif error_code != expected_error:
            failures.append(
                f"expected the error {expected_error}, got {error_code}: "
                f"{response['Error']['Message']}"
            )
    elif error_code is not None:
        failures.append(f"{step.action} failed with {error_code}: {response['Error']['Message']}")
    for path, expected in (expect.get("response") or {}).items():
        try:
            actual = jmespath.search(str(path), response)
        except jmespath.exceptions.JMESPathError as exc:
            failures.append(f"response {path}: {exc}")
            continue
        if not same(actual, expected):
            failures.append(f"response {path}: expected {expected!r}, got {actual!r}")
    for partial in expect.get("events") or []:
        if not any(event_matches(e, partial) for e in events):
            kinds = ", ".join(e["kind"] for e in events) or "none"
            failures.append(f"expected an event like {partial}; this step's events: {kinds}")
    for partial in expect.get("no_events") or []:
        hits = [e["text"] for e in events if event_matches(e, partial)]
        if hits:
            failures.append(f"expected no event like {partial}, but: {hits[0]}")
    return failures


def run_scenario(scenario: Scenario, seed: int | None = None) -> list[dict]:
    world = build_world(scenario.seed if seed is None else seed, realism=scenario.realism)
    responses: dict = {}
    return [run_step(world, step, responses) for step in scenario.steps]


def failures_of(scenario: Scenario, results: list[dict]) -> list[str]:
    """Every failed expectation as `file:line: step N: what went wrong`."""
    lines = {step.number: step.line for step in scenario.steps}
    return [
        f"{scenario.path}:{lines[r['step']]}: step {r['step']} ({r['action']}): {failure}"
        for r in results
        for failure in r["failures"]
    ]
