"""The Step Functions lab: play a scenario step by step, or edit and run a definition.

Nothing is stored: a page is the scenario replayed from its seed up to `?step=N` (and the
learner's decisions, `?reject=N`), so a reload or a shared link shows the same moment, and
every control is a plain link or form that htmx only makes quicker.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from . import lab_player
from .engines.core import AwsError
from .engines.states_snapshot import snapshot
from .engines.world import build_world
from .graph_layout import layout
from .runner import run_step
from .scenario import ScenarioError, Step

MAX_DEFINITION = 20_000
MAX_INPUT = 10_000
RUN_FOR = 365 * 24 * 3600  # an edited definition runs for at most a year of virtual time
DECISIONS = {"SendTaskSuccess", "SendTaskFailure"}
SAMPLE = {
    "Comment": "Charge a card; retry throttling, catch a decline.",
    "StartAt": "Charge card",
    "States": {
        "Charge card": {
            "Type": "Task",
            "Resource": "arn:aws:lambda:us-east-1:123456789012:function:charge",
            "Retry": [{"ErrorEquals": ["Lambda.TooManyRequestsException"], "MaxAttempts": 2}],
            "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Refund"}],
            "Next": "Big order?",
        },
        "Big order?": {
            "Type": "Choice",
            "Choices": [{"Variable": "$.total", "NumericGreaterThan": 100, "Next": "Review"}],
            "Default": "Done",
        },
        "Review": {"Type": "Wait", "Seconds": 60, "Next": "Done"},
        "Refund": {"Type": "Fail", "Error": "PaymentFailed"},
        "Done": {"Type": "Succeed"},
    },
}


def _folder() -> Path:
    return Path(settings.CONTENT_DIR) / "simulations"


def _scenario_paths() -> dict[str, Path]:
    return lab_player.scenario_paths(_folder(), "stepfunctions")


def scenario_or_404(scenario_id: str):
    path = _scenario_paths().get(scenario_id)
    if path is None:
        raise Http404("No such Step Functions scenario.")
    try:
        return lab_player.load(path)
    except ScenarioError as error:
        raise Http404(f"The scenario file has errors: {error}") from None


def _number(text, default: int, low: int, high: int) -> int:
    try:
        return max(low, min(high, int(text)))
    except (TypeError, ValueError):
        return default


@require_GET
def index(request):
    scenarios = lab_player.scenarios_for(_folder(), "stepfunctions")
    return render(request, "sims/stepfunctions.html", {"scenarios": scenarios})


def _rejected(step: Step) -> Step:
    """The learner chose to reject: the scripted SendTaskSuccess becomes SendTaskFailure."""
    params = {
        "taskToken": step.params.get("taskToken"),
        "error": "Rejected",
        "cause": "The learner rejected it in the lab.",
    }
    return Step(
        step.number,
        step.line,
        "SendTaskFailure",
        params,
        step.id,
        "You rejected it: SendTaskFailure sends an error back with the token.",
    )


@require_GET
def play(request, scenario_id: str):
    scenario = scenario_or_404(scenario_id)
    total = len(scenario.steps)
    played = _number(request.GET.get("step"), 0, 0, total)
    rejected = {_number(n, 0, 1, total) for n in request.GET.getlist("reject") if str(n).isdigit()}
    world = build_world(scenario.seed, realism=scenario.realism)
    responses: dict = {}
    results = []
    for step in scenario.steps[:played]:
        chosen = _rejected(step) if step.number in rejected and step.action in DECISIONS else step
        result = run_step(world, chosen, responses)
        if chosen is not step:
            result["failures"] = []  # the script's expectations were for approving
        result["response_text"] = json.dumps(result["response"], indent=2, default=str)
        results.append(result)
    view = snapshot(world)
    next_step = scenario.steps[played] if played < total else None
    reject_query = "".join(f"&reject={n}" for n in sorted(rejected))
    context = {
        "scenario": scenario,
        "results": results,
        "last": results[-1] if results else None,
        "played": played,
        "total": total,
        "next_step": next_step,
        "decision": next_step is not None and next_step.action in DECISIONS,
        "reject_query": reject_query,
        "view": view,
        "graph": layout(view["definition"], view["active"], view["visited"], view["failed"]),
        "cost": view["execution"].cost if view["execution"] else None,
    }
    template = "sims/stepfunctions_lab.html"
    if request.htmx:
        template += "#lab"
    return render(request, template, context)


def _run_definition(definition_text: str, input_text: str, workflow_type: str) -> dict:
    world = build_world(1)
    world.call("x-CreateFunction", {"FunctionName": "charge"})
    machine = world.call(
        "CreateStateMachine",
        {
            "name": "lab",
            "definition": definition_text,
            "type": workflow_type,
            "roleArn": "arn:aws:iam::123456789012:role/Lab",
        },
    )
    started = world.call(
        "StartExecution", {"stateMachineArn": machine["stateMachineArn"], "input": input_text}
    )
    world.advance(RUN_FOR)
    return snapshot(world, started["executionArn"])


@require_http_methods(["GET", "POST"])
def editor(request):
    data = request.POST if request.method == "POST" else request.GET
    definition_text = data.get("definition") or json.dumps(SAMPLE, indent=2)
    input_text = data.get("input") or '{"total": 150}'
    workflow_type = data.get("type") if data.get("type") in ("STANDARD", "EXPRESS") else "STANDARD"
    errors, view, run_error = [], None, None
    if len(definition_text) > MAX_DEFINITION:
        errors = [
            {
                "code": "TOO_LONG",
                "location": "/",
                "message": f"The definition is over {MAX_DEFINITION:,} characters.",
            }
        ]
    elif len(input_text) > MAX_INPUT:
        errors = [
            {
                "code": "TOO_LONG",
                "location": "input",
                "message": f"The input is over {MAX_INPUT:,} characters.",
            }
        ]
    else:
        world = build_world(1)
        errors = world.call(
            "ValidateStateMachineDefinition", {"definition": definition_text, "type": workflow_type}
        )["diagnostics"]
    try:
        parsed = json.loads(definition_text)
    except ValueError:
        parsed = {}
    if request.method == "POST" and data.get("action") == "run" and not errors:
        try:
            view = _run_definition(definition_text, input_text, workflow_type)
        except AwsError as error:
            run_error = f"{error.code}: {error.message}"
        except (RecursionError, MemoryError, ValueError, TypeError) as error:
            run_error = f"The simulator could not run this definition: {error}"
    graph = layout(
        view["definition"] if view else parsed,
        *((view["active"], view["visited"], view["failed"]) if view else ((), (), ())),
    )
    context = {
        "definition_text": definition_text,
        "input_text": input_text,
        "workflow_type": workflow_type,
        "errors": errors,
        "view": view,
        "run_error": run_error,
        "graph": graph,
        "cost": view["execution"].cost if view and view["execution"] else None,
        "ran": request.method == "POST" and data.get("action") == "run",
    }
    template = "sims/stepfunctions_editor.html"
    if request.htmx:
        template += "#result"
    return render(request, template, context)
