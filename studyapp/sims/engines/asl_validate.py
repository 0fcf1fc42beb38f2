"""Check a state machine definition the way ValidateStateMachineDefinition does.

Every problem is reported, not just the first, as AWS's diagnostic shape:
{"severity": "ERROR", "code": "MISSING_TRANSITION_TARGET", "message": ..., "location":
"/States/Charge/Next"}; the location names the state and the field.
https://docs.aws.amazon.com/step-functions/latest/apireference/API_ValidateStateMachineDefinitionDiagnostic.html
"""

from __future__ import annotations

import json

from .asl_choice import rule_problems
from .asl_intrinsics import IntrinsicSyntaxError, is_intrinsic, parse_intrinsic
from .asl_jsonata import expression_problems, is_expression
from .asl_paths import PathError, compile_path
from .states_tasks import resource_problem

TYPES = ("Pass", "Task", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map")
TOP_LEVEL = {"Comment", "StartAt", "States", "Version", "TimeoutSeconds", "QueryLanguage"}
COMMON = {"Type", "Comment", "QueryLanguage"}
TRANSITION = {"Next", "End"}
FIELDS = {
    "Pass": TRANSITION | {"InputPath", "OutputPath", "Parameters", "ResultPath", "Result"},
    "Task": TRANSITION
    | {"InputPath", "OutputPath", "Parameters", "ResultSelector", "ResultPath", "Arguments"}
    | {"Resource", "TimeoutSeconds", "TimeoutSecondsPath", "HeartbeatSeconds", "Credentials"}
    | {"HeartbeatSecondsPath", "Retry", "Catch"},
    "Choice": {"InputPath", "OutputPath", "Choices", "Default"},
    "Wait": TRANSITION
    | {"InputPath", "OutputPath", "Seconds", "Timestamp"}
    | {"SecondsPath", "TimestampPath"},
    "Succeed": {"InputPath", "OutputPath"},
    "Fail": {"Error", "Cause", "ErrorPath", "CausePath"},
    "Parallel": TRANSITION
    | {"InputPath", "OutputPath", "Parameters", "ResultSelector", "ResultPath", "Arguments"}
    | {"Branches", "Retry", "Catch"},
    "Map": TRANSITION
    | {"InputPath", "OutputPath", "Parameters", "ResultSelector", "ResultPath", "Items"}
    | {"ItemsPath", "ItemProcessor", "Iterator", "ItemSelector", "MaxConcurrency", "Label"}
    | {"MaxConcurrencyPath", "ToleratedFailurePercentage", "ToleratedFailureCount"}
    | {"ItemReader", "ItemBatcher", "ResultWriter", "Retry", "Catch"},
}
for _kind in FIELDS:
    if _kind != "Fail":
        FIELDS[_kind] = FIELDS[_kind] | {"Output", "Assign"}
JSONPATH_ONLY = {"InputPath", "OutputPath", "Parameters", "ResultSelector", "ResultPath"}
JSONPATH_ONLY |= {"ItemsPath", "SecondsPath", "TimestampPath", "ErrorPath", "CausePath"}
JSONPATH_ONLY |= {"TimeoutSecondsPath", "HeartbeatSecondsPath", "MaxConcurrencyPath", "Result"}
JSONATA_ONLY = {"Arguments", "Output", "Items"}
PATH_FIELDS = ("InputPath", "OutputPath", "ItemsPath")
REFERENCE_FIELDS = ("ResultPath", "SecondsPath", "TimestampPath", "ErrorPath", "CausePath")
REFERENCE_FIELDS += ("TimeoutSecondsPath", "HeartbeatSecondsPath", "MaxConcurrencyPath")
TEMPLATE_FIELDS = ("Parameters", "ResultSelector", "ItemSelector", "Assign")
RETRY_FIELDS = {"ErrorEquals", "IntervalSeconds", "MaxAttempts", "BackoffRate", "Comment"}
RETRY_FIELDS |= {"MaxDelaySeconds", "JitterStrategy"}
CATCH_FIELDS = {"ErrorEquals", "Next", "ResultPath", "Comment", "Output", "Assign"}


class Checker:
    def __init__(self, workflow_type: str):
        self.workflow_type = workflow_type
        self.diagnostics: list[dict] = []
        self.names: dict[str, str] = {}

    def error(self, code: str, message: str, location: str) -> None:
        self.diagnostics.append(
            {"severity": "ERROR", "code": code, "message": message, "location": location}
        )

    def schema(self, message: str, location: str) -> None:
        self.error("SCHEMA_VALIDATION_FAILED", message, location)

    # -- a (sub-)machine ------------------------------------------------------------
    def machine(self, machine, where: str, language: str, top: bool = False) -> None:
        if not isinstance(machine, dict):
            self.schema("A state machine must be a JSON object with StartAt and States.", where)
            return
        allowed = TOP_LEVEL if top else {"StartAt", "States", "Comment", "ProcessorConfig"}
        allowed = allowed | ({"QueryLanguage"} if not top else set())
        for key in machine:
            if key not in allowed:
                self.schema(
                    f"The field '{key}' is not supported by Step Functions", f"{where}/{key}"
                )
        language = machine.get("QueryLanguage", language)
        if language not in ("JSONPath", "JSONata"):
            self.schema("QueryLanguage must be JSONPath or JSONata", f"{where}/QueryLanguage")
            language = "JSONPath"
        states = machine.get("States")
        if "StartAt" not in machine:
            self.schema("These fields are required: [StartAt]", where or "/")
        if not isinstance(states, dict) or not states:
            self.schema("States must be a non-empty object of named states", f"{where}/States")
            return
        start = machine.get("StartAt")
        if "StartAt" in machine and start not in states:
            self.error(
                "MISSING_TRANSITION_TARGET",
                f"Missing 'Next' target: {start} (StartAt names no state)",
                f"{where}/StartAt",
            )
        for name, state in states.items():
            self.state(name, state, states, f"{where}/States/{name}", language)
        self.reachability(machine, states, where)

    def reachability(self, machine: dict, states: dict, where: str) -> None:
        seen, todo, terminal = set(), [machine.get("StartAt")], False
        while todo:
            name = todo.pop()
            if name in seen or name not in states or not isinstance(states[name], dict):
                continue
            seen.add(name)
            state = states[name]
            if state.get("End") is True or state.get("Type") in ("Succeed", "Fail"):
                terminal = True
            todo += [state.get("Next"), state.get("Default")]
            todo += [c.get("Next") for c in state.get("Choices") or [] if isinstance(c, dict)]
            todo += [c.get("Next") for c in state.get("Catch") or [] if isinstance(c, dict)]
        if seen and not terminal:
            self.error("MISSING_END_STATE", "Workflow has no terminal state", where or "/")
        for name in states:
            if seen and name not in seen:
                self.schema(f"State '{name}' is not reachable", f"{where}/States/{name}")

    # -- one state ------------------------------------------------------------------
    def state(self, name: str, state, states: dict, where: str, language: str) -> None:
        if len(name) > 80:
            self.error("INVALID_STATE_NAME", "A state name has at most 80 characters", where)
        if name in self.names:
            self.error("DUPLICATE_STATE_NAME", f"Duplicate State name: {name}", where)
        self.names[name] = where
        if not isinstance(state, dict):
            self.schema("A state must be a JSON object", where)
            return
        kind = state.get("Type")
        if kind not in TYPES:
            self.schema(f"Type must be one of {', '.join(TYPES)} (got {kind!r})", f"{where}/Type")
            return
        language = state.get("QueryLanguage", language)
        jsonata = language == "JSONata"
        for key in state:
            if key not in COMMON | FIELDS[kind]:
                self.schema(
                    f"The field '{key}' is not supported by Step Functions", f"{where}/{key}"
                )
            elif jsonata and key in JSONPATH_ONLY:
                self.schema(
                    f"The field '{key}' is not supported with QueryLanguage JSONata (use "
                    "Arguments, Output and {% %} expressions)",
                    f"{where}/{key}",
                )
            elif not jsonata and key in JSONATA_ONLY:
                self.schema(f"The field '{key}' needs QueryLanguage JSONata", f"{where}/{key}")
        self.transitions(kind, state, states, where)
        self.paths(state, where, jsonata)
        check = getattr(self, f"check_{kind.lower()}")
        check(state, states, where, language)
        for index, retrier in enumerate(state.get("Retry") or []):
            self.retrier(retrier, f"{where}/Retry[{index}]")
        for index, catcher in enumerate(state.get("Catch") or []):
            self.catcher(catcher, states, f"{where}/Catch[{index}]", jsonata)
        for key in ("Retry", "Catch"):
            if key in state and not isinstance(state[key], list):
                self.schema(f"{key} must be a list", f"{where}/{key}")

    def transitions(self, kind: str, state: dict, states: dict, where: str) -> None:
        if kind in ("Choice", "Succeed", "Fail"):
            return
        has_next, ends = "Next" in state, state.get("End") is True
        if has_next and "End" in state:
            self.schema("A state cannot have both Next and End", f"{where}/End")
        elif not has_next and not ends:
            self.schema('A state needs Next or "End": true', where)
        if "End" in state and not isinstance(state["End"], bool):
            self.schema("End must be true or false", f"{where}/End")
        if has_next:
            self.target(state["Next"], states, f"{where}/Next")

    def target(self, name, states: dict, location: str) -> None:
        if not isinstance(name, str) or name not in states:
            self.error("MISSING_TRANSITION_TARGET", f"Missing 'Next' target: {name}", location)

    def paths(self, state: dict, where: str, jsonata: bool) -> None:
        if jsonata:
            for key, value in state.items():
                if key not in ("Type", "Comment", "Choices", "Branches", "ItemProcessor"):
                    for location, message in expression_problems(value, f"{where}/{key}"):
                        self.schema(message, location)
            return
        for key in PATH_FIELDS + REFERENCE_FIELDS:
            if key not in state or (state[key] is None and key in PATH_FIELDS + ("ResultPath",)):
                continue
            try:
                path = compile_path(state[key])
                if key in REFERENCE_FIELDS and not path.is_reference:
                    raise PathError(f"{state[key]!r} must be a reference path (like $.total)")
            except PathError as error:
                self.schema(
                    f"The value for the field '{key}' must be a valid JSONPath: {error}",
                    f"{where}/{key}",
                )
        for key in TEMPLATE_FIELDS:
            if key in state:
                self.template(state[key], f"{where}/{key}")

    def template(self, value, where: str) -> None:
        if isinstance(value, list):
            for index, inner in enumerate(value):
                self.template(inner, f"{where}[{index}]")
        if not isinstance(value, dict):
            return
        for key, inner in value.items():
            location = f"{where}/{key}"
            if key.endswith(".$"):
                self.dynamic(inner, location)
            else:
                self.template(inner, location)

    def dynamic(self, value, location: str) -> None:
        if not isinstance(value, str):
            self.schema("A field ending in .$ needs a path or an intrinsic function", location)
        elif is_intrinsic(value):
            try:
                parse_intrinsic(value)
            except IntrinsicSyntaxError as error:
                self.schema(f"Invalid intrinsic function: {error}", location)
        else:
            try:
                if not value.startswith("$$") and value[1:2].isalpha():
                    return  # a $variable reference
                compile_path(value)
            except PathError as error:
                self.schema(f"The value must be a valid JSONPath: {error}", location)

    # -- per type ---------------------------------------------------------------------
    def check_pass(self, state, states, where, language) -> None:
        pass

    def check_succeed(self, state, states, where, language) -> None:
        pass

    def check_fail(self, state, states, where, language) -> None:
        for key in ("Error", "Cause"):
            if key in state and f"{key}Path" in state:
                self.schema(f"Use {key} or {key}Path, not both", f"{where}/{key}Path")

    def check_task(self, state, states, where, language) -> None:
        resource = state.get("Resource")
        if not isinstance(resource, str):
            self.schema("These fields are required: [Resource]", where)
        else:
            problem = resource_problem(resource, self.workflow_type)
            if problem:
                self.error("INVALID_RESOURCE", problem, f"{where}/Resource")
        for key in ("TimeoutSeconds", "HeartbeatSeconds"):
            value = state.get(key)
            if key in state and not is_expression(value):
                if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                    self.schema(f"{key} must be a whole number of seconds >= 1", f"{where}/{key}")
        timeout, heartbeat = state.get("TimeoutSeconds"), state.get("HeartbeatSeconds")
        if isinstance(timeout, int) and isinstance(heartbeat, int) and heartbeat >= timeout:
            self.schema(
                "HeartbeatSeconds must be smaller than TimeoutSeconds", f"{where}/HeartbeatSeconds"
            )

    def check_choice(self, state, states, where, language) -> None:
        choices = state.get("Choices")
        if not isinstance(choices, list) or not choices:
            self.schema("Choices must be a non-empty list of rules", f"{where}/Choices")
            return
        for index, rule in enumerate(choices):
            location = f"{where}/Choices[{index}]"
            if not isinstance(rule, dict):
                self.schema("A choice rule must be a JSON object", location)
                continue
            if "Next" not in rule:
                self.schema("These fields are required: [Next]", location)
            else:
                self.target(rule["Next"], states, f"{location}/Next")
            if language == "JSONata":
                if "Condition" not in rule:
                    self.schema("A JSONata choice rule needs a Condition", location)
                continue
            for problem_at, message in rule_problems(
                {k: v for k, v in rule.items() if k not in ("Assign", "Output")}, location
            ):
                self.schema(message, problem_at)
            self.rule_paths(rule, location)
        if "Default" in state:
            self.target(state["Default"], states, f"{where}/Default")

    def rule_paths(self, rule, where: str) -> None:
        for key in ("And", "Or"):
            for index, inner in enumerate(rule.get(key) or []):
                if isinstance(inner, dict):
                    self.rule_paths(inner, f"{where}/{key}[{index}]")
        if isinstance(rule.get("Not"), dict):
            self.rule_paths(rule["Not"], f"{where}/Not")
        for key, value in rule.items():
            if key == "Variable" or (key.endswith("Path") and isinstance(value, str)):
                try:
                    compile_path(value)
                except PathError as error:
                    self.schema(
                        f"The value for the field '{key}' must be a valid JSONPath: {error}",
                        f"{where}/{key}",
                    )

    def check_wait(self, state, states, where, language) -> None:
        given = [k for k in ("Seconds", "Timestamp", "SecondsPath", "TimestampPath") if k in state]
        if len(given) != 1:
            self.schema(
                "A Wait state needs exactly one of Seconds, Timestamp, SecondsPath, TimestampPath",
                where,
            )
        seconds = state.get("Seconds")
        if "Seconds" in state and not is_expression(seconds):
            if isinstance(seconds, bool) or not isinstance(seconds, int) or seconds < 0:
                self.schema("Seconds must be a whole number >= 0", f"{where}/Seconds")

    def check_parallel(self, state, states, where, language) -> None:
        branches = state.get("Branches")
        if not isinstance(branches, list) or not branches:
            self.schema("Branches must be a non-empty list of state machines", f"{where}/Branches")
            return
        for index, branch in enumerate(branches):
            self.machine(branch, f"{where}/Branches[{index}]", language)

    def check_map(self, state, states, where, language) -> None:
        processor = state.get("ItemProcessor", state.get("Iterator"))
        if processor is None:
            self.schema("These fields are required: [ItemProcessor]", where)
        else:
            key = "ItemProcessor" if "ItemProcessor" in state else "Iterator"
            self.machine(processor, f"{where}/{key}", language)
        value = state.get("MaxConcurrency", 0)
        if not is_expression(value) and (
            isinstance(value, bool) or not isinstance(value, int) or value < 0
        ):
            self.schema("MaxConcurrency must be a whole number >= 0", f"{where}/MaxConcurrency")

    # -- Retry and Catch ----------------------------------------------------------------
    def error_names(self, block: dict, where: str) -> None:
        names = block.get("ErrorEquals")
        if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
            self.schema(
                "ErrorEquals must be a non-empty list of error names", f"{where}/ErrorEquals"
            )
        elif "States.ALL" in names and len(names) > 1:
            self.schema("States.ALL must appear alone in ErrorEquals", f"{where}/ErrorEquals")

    def retrier(self, retrier, where: str) -> None:
        if not isinstance(retrier, dict):
            self.schema("A retrier must be a JSON object", where)
            return
        for key in retrier:
            if key not in RETRY_FIELDS:
                self.schema(
                    f"The field '{key}' is not supported by Step Functions", f"{where}/{key}"
                )
        self.error_names(retrier, where)
        limits = {"IntervalSeconds": 1, "MaxAttempts": 0, "MaxDelaySeconds": 1}
        for key, least in limits.items():
            value = retrier.get(key, least)
            if isinstance(value, bool) or not isinstance(value, int) or value < least:
                self.schema(f"{key} must be a whole number >= {least}", f"{where}/{key}")
        rate = retrier.get("BackoffRate", 2.0)
        if isinstance(rate, bool) or not isinstance(rate, int | float) or rate < 1:
            self.schema("BackoffRate must be a number >= 1.0", f"{where}/BackoffRate")
        if retrier.get("JitterStrategy", "NONE") not in ("FULL", "NONE"):
            self.schema("JitterStrategy must be FULL or NONE", f"{where}/JitterStrategy")

    def catcher(self, catcher, states: dict, where: str, jsonata: bool) -> None:
        if not isinstance(catcher, dict):
            self.schema("A catcher must be a JSON object", where)
            return
        for key in catcher:
            if key not in CATCH_FIELDS:
                self.schema(
                    f"The field '{key}' is not supported by Step Functions", f"{where}/{key}"
                )
        self.error_names(catcher, where)
        if "Next" not in catcher:
            self.schema("These fields are required: [Next]", where)
        else:
            self.target(catcher["Next"], states, f"{where}/Next")
        if "ResultPath" in catcher and catcher["ResultPath"] is not None and not jsonata:
            try:
                if not compile_path(catcher["ResultPath"]).is_reference:
                    raise PathError("it must be a reference path")
            except PathError as error:
                self.schema(
                    f"The value for the field 'ResultPath' must be a valid JSONPath: {error}",
                    f"{where}/ResultPath",
                )


def validate_definition(definition, workflow_type: str = "STANDARD") -> list[dict]:
    """All diagnostics for a definition given as JSON text or an already-parsed dict."""
    if isinstance(definition, str):
        if not definition.strip():
            return [_diagnostic("MISSING_DESCRIPTION", "The definition is empty.", "/")]
        try:
            definition = json.loads(definition)
        except json.JSONDecodeError as error:
            return [
                _diagnostic(
                    "INVALID_JSON_DESCRIPTION",
                    f"The definition is not valid JSON: {error.msg} at line {error.lineno}, "
                    f"column {error.colno}.",
                    "/",
                )
            ]
    if not isinstance(definition, dict):
        return [
            _diagnostic("SCHEMA_VALIDATION_FAILED", "The definition must be a JSON object.", "/")
        ]
    checker = Checker(workflow_type)
    checker.machine(definition, "", definition.get("QueryLanguage", "JSONPath"), top=True)
    return checker.diagnostics


def _diagnostic(code: str, message: str, location: str) -> dict:
    return {"severity": "ERROR", "code": code, "message": message, "location": location}


def invalid_definition_message(diagnostics: list[dict]) -> str:
    """CreateStateMachine's InvalidDefinition message, listing every problem."""
    problems = ", ".join(f"{d['code']}: {d['message']} at {d['location']}" for d in diagnostics)
    return f"Invalid State Machine Definition: '{problems}'"
