"""Parallel and Map: states that run child runs and wait for all of them.

Parallel starts every branch on the same input and gathers their outputs in branch order;
Map runs its ItemProcessor once per item, at most MaxConcurrency at a time (0: no limit),
and gathers outputs in item order. If any child fails, the others are stopped and the
state fails with that error (its own Retry and Catch then apply).
https://docs.aws.amazon.com/step-functions/latest/dg/state-map-inline.html
"""

from __future__ import annotations

from .states_io import Scope, StatesError, effective_input, jsonata_value


def _child(run, machine: dict, data, on_done, label: str):
    child = type(run)(
        run.interpreter,
        run.execution,
        machine,
        data,
        run.variables,
        on_done,
        label=label,
        language=run.state.get("QueryLanguage", run.query_language),
    )
    run.children.append(child)
    return child


def _stop_children(run) -> None:
    for child in run.children:
        if not child.stopped:
            child.stop()
    run.children = []


def run_parallel(run, state: dict, scope: Scope) -> None:
    effective = effective_input(state, scope, run.jsonata)
    branches = state.get("Branches", [])
    results: list = [None] * len(branches)
    remaining = [len(branches)]
    _stop_children(run)
    run.record("ParallelStateStarted")
    if not branches:
        run.record("ParallelStateSucceeded")
        run.task_result([])
        return

    def on_done_for(index: int):
        def on_done(ok, output, error, cause):
            if run.stopped:
                return
            if not ok:
                _stop_children(run)
                run.record("ParallelStateFailed")
                run.fail_state(error, cause)
                return
            results[index] = output
            remaining[0] -= 1
            if remaining[0] == 0:
                run.children = []
                run.record("ParallelStateSucceeded")
                run.task_result(results)

        return on_done

    children = [
        _child(run, branch, effective, on_done_for(i), f"{run.where()}[branch {i + 1}]/")
        for i, branch in enumerate(branches)
    ]
    for child in children:
        run.interpreter.soon(child.enter)


def _items(run, state: dict, scope: Scope) -> tuple[list, object]:
    if run.jsonata:
        states = {"input": scope.data, "context": scope.context}
        items = jsonata_value(scope, states, state.get("Items", "{% $states.input %}"))
        data = scope.data
    else:
        data = scope.data
        if "InputPath" in state:
            data = {} if state["InputPath"] is None else scope.read(state["InputPath"])
        inner = Scope(data, scope.context, scope.variables, scope.rng, scope.clock)
        items = inner.read(state.get("ItemsPath", "$"))
    if not isinstance(items, list):
        raise StatesError(
            "States.Runtime", f"The Map state {run.where()} needs an array of items, got {items!r}."
        )
    return items, data


def _max_concurrency(run, state: dict, scope: Scope) -> int:
    value = state.get("MaxConcurrency", 0)
    if "MaxConcurrencyPath" in state:
        value = scope.read(state["MaxConcurrencyPath"])
    elif run.jsonata:
        value = jsonata_value(scope, {"input": scope.data}, value)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise StatesError(
            "States.Runtime", f"MaxConcurrency must be a whole number >= 0: {value!r}"
        )
    return value


def run_map(run, state: dict, scope: Scope) -> None:
    items, data = _items(run, state, scope)
    limit = _max_concurrency(run, state, scope) or len(items) or 1
    processor = state.get("ItemProcessor") or state.get("Iterator") or {}
    selector_key = "ItemSelector" if "ItemSelector" in state else "Parameters"
    name = run.current
    results: list = [None] * len(items)
    progress = {"next": 0, "running": 0, "finished": 0}
    _stop_children(run)
    run.record("MapStateStarted", "mapStateStartedEventDetails", length=len(items))
    if not items:
        run.record("MapStateSucceeded")
        run.task_result([])
        return

    def item_input(index: int):
        context = {**scope.context, "Map": {"Item": {"Index": index, "Value": items[index]}}}
        if selector_key not in state:
            return items[index]
        if run.jsonata:
            states = {"input": scope.data, "context": context}
            return jsonata_value(scope, states, state[selector_key])
        inner = Scope(data, context, scope.variables, scope.rng, scope.clock)
        return inner.template(state[selector_key])

    def launch() -> None:
        while progress["next"] < len(items) and progress["running"] < limit and not run.stopped:
            index = progress["next"]
            progress["next"] += 1
            progress["running"] += 1
            try:
                value = item_input(index)
            except StatesError as failure:
                _fail(failure.error, failure.cause)
                return
            run.record(
                "MapIterationStarted", "mapIterationStartedEventDetails", name=name, index=index
            )
            child = _child(run, processor, value, on_done_for(index), f"{name}[{index}]/")
            run.interpreter.soon(child.enter)

    def _fail(error: str, cause: str) -> None:
        _stop_children(run)
        run.record("MapStateFailed")
        run.fail_state(error, cause)

    def on_done_for(index: int):
        def on_done(ok, output, error, cause):
            if run.stopped:
                return
            details = {"name": name, "index": index}
            if not ok:
                run.record("MapIterationFailed", "mapIterationFailedEventDetails", **details)
                _fail(error, cause)
                return
            run.record("MapIterationSucceeded", "mapIterationSucceededEventDetails", **details)
            results[index] = output
            progress["running"] -= 1
            progress["finished"] += 1
            if progress["finished"] == len(items):
                run.children = []
                run.record("MapStateSucceeded")
                run.task_result(results)
            else:
                launch()

        return on_done

    launch()
