"""Input and output processing of a state, in both query languages.

JSONPath (the default): InputPath -> Parameters (or ItemSelector) -> the state's work ->
ResultSelector -> ResultPath -> OutputPath, with `.$` keys reading paths, the context
object ($$), workflow variables ($name) and intrinsic functions.
https://docs.aws.amazon.com/step-functions/latest/dg/concepts-input-output-filtering.html

JSONata: Arguments -> the work -> Output, with Assign setting variables; every value may
be a {% expression %}. https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html
"""

from __future__ import annotations

import re

from .asl_intrinsics import IntrinsicFailure, IntrinsicSyntaxError, evaluate_intrinsic, is_intrinsic
from .asl_jsonata import Evaluator, JsonataError
from .asl_paths import PathError, PathNotFound, read_path, write_result

VARIABLE_PATH = re.compile(r"^\$([A-Za-z_][A-Za-z0-9_]*)(.*)$", re.DOTALL)


class StatesError(Exception):
    """An error a state raises: AWS's error name (States.Runtime, a Lambda's error...)."""

    def __init__(self, error: str, cause: str = ""):
        super().__init__(f"{error}: {cause}")
        self.error = error
        self.cause = cause


class Scope:
    """What a state can read: its input, the context object, the workflow variables."""

    def __init__(self, data, context: dict, variables: dict, rng, clock: tuple[str, int]):
        self.data = data
        self.context = context
        self.variables = variables
        self.rng = rng
        self.clock = clock  # (ISO timestamp, epoch millis) of the virtual now

    def read(self, path: str, error: str = "States.Runtime"):
        """A path's value: $$ reads the context, $name a variable, $ the state's data."""
        try:
            match = VARIABLE_PATH.match(path)
            if match and not path.startswith("$$") and match.group(1) in self.variables:
                return read_path("$" + match.group(2), self.variables[match.group(1)])
            if match and not path.startswith("$$"):
                raise StatesError(error, f"The variable ${match.group(1)} is not defined.")
            return read_path(path, self.data, self.context)
        except PathNotFound as missing:
            raise StatesError(error, f"{missing} (path {path!r})") from None
        except PathError as bad:
            raise StatesError(error, str(bad)) from None

    def template(self, template, error: str = "States.ParameterPathFailure"):
        """Parameters / ResultSelector / ItemSelector / Assign in JSONPath mode."""
        if isinstance(template, dict):
            out = {}
            for key, value in template.items():
                if key.endswith(".$") and isinstance(value, str):
                    out[key[:-2]] = self.dynamic(value, error)
                else:
                    out[key] = self.template(value, error)
            return out
        if isinstance(template, list):
            return [self.template(v, error) for v in template]
        return template

    def dynamic(self, value: str, error: str):
        if is_intrinsic(value):
            try:
                return evaluate_intrinsic(value, lambda p: self.read(p, error), self.rng)
            except (IntrinsicFailure, IntrinsicSyntaxError) as failure:
                raise StatesError("States.IntrinsicFailure", str(failure)) from None
        return self.read(value, error)

    def jsonata(self, states: dict) -> Evaluator:
        return Evaluator(states, self.variables, self.rng, *self.clock)


def jsonata_value(scope: Scope, states: dict, value):
    try:
        return scope.jsonata(states).template(value)
    except JsonataError as error:
        raise StatesError("States.QueryEvaluationError", str(error)) from None


def effective_input(state: dict, scope: Scope, jsonata: bool, arguments_key: str = "Parameters"):
    """The input a state works on, and the scope to go on reading with."""
    if jsonata:
        if "Arguments" in state:
            return jsonata_value(scope, _states(scope), state["Arguments"])
        return scope.data
    data = scope.data
    if "InputPath" in state:
        data = {} if state["InputPath"] is None else scope.read(state["InputPath"])
    if arguments_key in state:
        inner = Scope(data, scope.context, scope.variables, scope.rng, scope.clock)
        return inner.template(state[arguments_key])
    return data


def _states(scope: Scope, **extra) -> dict:
    return {"input": scope.data, "context": scope.context, **extra}


def state_output(state: dict, scope: Scope, result, jsonata: bool, has_result: bool):
    """Apply ResultSelector, ResultPath, OutputPath (or JSONata Output) to a result."""
    if jsonata:
        if "Output" in state:
            return jsonata_value(scope, _states(scope, result=result), state["Output"])
        return result if has_result else scope.data
    if has_result and "ResultSelector" in state:
        inner = Scope(result, scope.context, scope.variables, scope.rng, scope.clock)
        result = inner.template(state["ResultSelector"])
    output = scope.data
    if has_result:
        try:
            output = write_result(scope.data, state.get("ResultPath", "$"), result)
        except (PathNotFound, PathError) as failure:
            raise StatesError("States.ResultPathMatchFailure", str(failure)) from None
    if "OutputPath" in state:
        if state["OutputPath"] is None:
            return {}
        inner = Scope(output, scope.context, scope.variables, scope.rng, scope.clock)
        return inner.read(state["OutputPath"])
    return output


def assignments(block, scope: Scope, jsonata: bool, result=None, error_output=None) -> dict:
    """Evaluate an Assign block against the values before the state's Output applies."""
    if not block:
        return {}
    if jsonata:
        extra = {"result": result} if error_output is None else {"errorOutput": error_output}
        return jsonata_value(scope, _states(scope, **extra), block)
    data = result if error_output is None else error_output
    inner = Scope(data, scope.context, scope.variables, scope.rng, scope.clock)
    return inner.template(block, "States.Runtime")


def error_output_for_catch(catcher: dict, scope: Scope, error_output: dict, jsonata: bool):
    """Catch: ResultPath (JSONPath, default $) or Output (JSONata) over the state's input."""
    if jsonata:
        if "Output" in catcher:
            return jsonata_value(scope, _states(scope, errorOutput=error_output), catcher["Output"])
        return error_output
    try:
        return write_result(scope.data, catcher.get("ResultPath", "$"), error_output)
    except (PathNotFound, PathError) as failure:
        raise StatesError("States.ResultPathMatchFailure", str(failure)) from None


def field_value(state: dict, scope: Scope, jsonata: bool, name: str):
    """Read a field that may be a literal, a *Path variant, or a JSONata expression."""
    if f"{name}Path" in state and not jsonata:
        return scope.read(state[f"{name}Path"])
    value = state.get(name)
    if jsonata:
        return jsonata_value(scope, _states(scope), value)
    return value
