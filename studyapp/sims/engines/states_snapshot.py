"""What the lab shows of a Step Functions world at one moment: plain data, no Django.

The focused execution is the one named, else the latest started. Its states are active
(entered, not yet left), visited or failed; its history (or, for Express, its log lines)
becomes rows with the data that flowed in and out of each state.
"""

from __future__ import annotations

import json

DATA_FIELDS = ("input", "output", "parameters", "error", "cause")


def _top_level(where: str) -> str:
    return where.split("/")[0].split("[")[0]


def _pretty(text) -> str:
    if not isinstance(text, str):
        return json.dumps(text, indent=2)
    try:
        return json.dumps(json.loads(text), indent=2)
    except ValueError:
        return text


def snapshot(world, execution_arn: str | None = None) -> dict:
    engine = world.engines["states"]
    executions = list(engine.executions.values())
    execution = engine.executions.get(execution_arn) if execution_arn else None
    if execution is None and executions:
        execution = executions[-1]
    machine = execution.machine if execution else None
    if machine is None and engine.machines:
        machine = list(engine.machines.values())[-1]
    active: dict[str, str] = {}
    visited, failed = set(), set()
    waiting = None
    if execution is not None:
        for event in world.events:
            if event.get("execution") != execution.arn:
                continue
            kind, where = event["kind"], event.get("state", "")
            if kind == "state-entered":
                active[where] = _top_level(where)
                visited.add(_top_level(where))
            elif kind == "state-exited":
                active.pop(where, None)
            elif kind == "task-failed":
                failed.add(_top_level(where))
            elif kind == "waiting-for-callback":
                waiting = {"state": where, "token": event.get("token")}
            elif kind == "task-succeeded" and waiting and waiting["state"] == where:
                waiting = None
        if execution.status != "RUNNING":
            active, waiting = {}, None
    return {
        "machine": machine,
        "definition": machine.definition if machine else {},
        "execution": execution,
        "executions": executions,
        "active": sorted(set(active.values())),
        "active_paths": sorted(active),
        "visited": sorted(visited),
        "failed": sorted(failed),
        "waiting": waiting,
        "history": history_rows(execution) if execution else [],
    }


def history_rows(execution) -> list[dict]:
    rows = []
    for event in execution.history:
        details = next((v for k, v in event.items() if k.endswith("EventDetails")), {}) or {}
        data = [
            {"label": field, "text": _pretty(details[field])}
            for field in DATA_FIELDS
            if details.get(field) not in (None, "")
        ]
        rows.append(
            {
                "id": event["id"],
                "type": event["type"],
                "timestamp": event["timestamp"],
                "name": details.get("name", ""),
                "data": data,
                "failed": event["type"].endswith(("Failed", "TimedOut", "Aborted")),
            }
        )
    return rows
