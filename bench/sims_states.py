"""Step Functions interpreter speed: state transitions per second.

The workload: a 20-state workflow (Pass states with intrinsics, a Choice, a Wait of 0 s, a
Parallel, and a Map over 1,000 items whose item processor has 6 states of its own), run as
an Express execution (a Standard one would hit AWS's 25,000-event history quota with 1,000
inline items, as it would on AWS). Transitions are counted as AWS bills them: every state
entered. Writes bench/results/sims_states.json.
"""

from __future__ import annotations

import json
import platform
import sys
import time
from pathlib import Path

from _results import write_figures

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from studyapp.sims.engines.world import build_world  # noqa: E402

ITEMS = 1000
RUNS = 3


def item_processor() -> dict:
    return {
        "StartAt": "Shape",
        "States": {
            "Shape": {
                "Type": "Pass",
                "Parameters": {"id.$": "$.id", "double.$": "States.MathAdd($.id, $.id)"},
                "Next": "Big?",
            },
            "Big?": {
                "Type": "Choice",
                "Choices": [{"Variable": "$.double", "NumericGreaterThan": 1000, "Next": "Big"}],
                "Default": "Small",
            },
            "Big": {"Type": "Pass", "Result": "big", "ResultPath": "$.size", "Next": "Label"},
            "Small": {"Type": "Pass", "Result": "small", "ResultPath": "$.size", "Next": "Label"},
            "Label": {
                "Type": "Pass",
                "Parameters": {"label.$": "States.Format('{}-{}', $.id, $.size)"},
                "Next": "Done",
            },
            "Done": {"Type": "Succeed"},
        },
    }


def workflow() -> dict:
    states: dict = {}
    chain = [f"Prepare {i}" for i in range(1, 8)]
    for index, name in enumerate(chain):
        states[name] = {
            "Type": "Pass",
            "Parameters": {"items.$": "$.items", "step": index, "tag.$": "States.UUID()"},
            "Next": chain[index + 1] if index + 1 < len(chain) else "Route",
        }
    states["Route"] = {
        "Type": "Choice",
        "Choices": [{"Variable": "$.step", "NumericEquals": 6, "Next": "Pause"}],
        "Default": "Failed",
    }
    states["Pause"] = {"Type": "Wait", "Seconds": 0, "Next": "Fan out"}
    states["Fan out"] = {
        "Type": "Parallel",
        "Branches": [
            {"StartAt": "Left", "States": {"Left": {"Type": "Pass", "End": True}}},
            {"StartAt": "Right", "States": {"Right": {"Type": "Pass", "End": True}}},
        ],
        "ResultSelector": {"items.$": "$[0].items"},
        "Next": "Each item",
    }
    states["Each item"] = {
        "Type": "Map",
        "ItemsPath": "$.items",
        "MaxConcurrency": 0,
        "ItemProcessor": item_processor(),
        "ResultPath": "$.labels",
        "Next": "Count",
    }
    states["Count"] = {
        "Type": "Pass",
        "Parameters": {"count.$": "States.ArrayLength($.labels)"},
        "Next": "Finish",
    }
    states["Finish"] = {"Type": "Succeed"}
    states["Failed"] = {"Type": "Fail", "Error": "Unexpected"}
    return {"StartAt": "Prepare 1", "States": states}


def run_once() -> tuple[int, float, dict]:
    world = build_world(1)
    machine = world.call(
        "CreateStateMachine",
        {
            "name": "bench",
            "type": "EXPRESS",
            "definition": json.dumps(workflow()),
            "roleArn": "arn:aws:iam::123456789012:role/Bench",
        },
    )
    items = [{"id": i} for i in range(ITEMS)]
    started = time.perf_counter()
    response = world.call(
        "StartSyncExecution",
        {"stateMachineArn": machine["stateMachineArn"], "input": json.dumps({"items": items})},
    )
    elapsed = time.perf_counter() - started
    if response["status"] != "SUCCEEDED":
        raise SystemExit(f"the benchmark workflow did not succeed: {response}")
    engine = world.engines["states"]
    execution = engine.executions[response["executionArn"]]
    return execution.transitions, elapsed, json.loads(response["output"])


def main() -> None:
    measurements = [run_once() for _ in range(RUNS)]
    transitions = measurements[0][0]
    best = min(elapsed for _, elapsed, _ in measurements)
    assert measurements[0][2]["count"] == ITEMS
    figures = {
        "workload": f"20-state workflow with a Map over {ITEMS:,} items (6 states per item)",
        "workflow_states": len(workflow()["States"]) + len(item_processor()["States"]),
        "state_transitions": transitions,
        "best_seconds": round(best, 3),
        "transitions_per_second": round(transitions / best),
        "runs": RUNS,
        "python": platform.python_version(),
        "machine": platform.machine(),
    }
    write_figures("sims_states", figures)


if __name__ == "__main__":
    main()
