"""Scripted scenarios on a lab page: which ones a lab plays, and playing one up to step N.

A scenario plays from its seed, like the `simulate` command, so step N of a scenario always
shows the same world. Each step's parameters are also kept with their `${...}` references
resolved: those concrete calls are what "try it yourself from here" hands to the hand-driven
lab as its action log (same seed, same calls, so the same world).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .engines.core import AwsError, World
from .engines.world import build_world
from .lab_state import LabState
from .runner import resolve, run_step, serialise
from .scenario import Scenario, ScenarioError, load_scenario

# Which scenario files each messaging lab plays: the file name starts with one of these.
SCENARIO_PREFIXES = {
    "sqs": ("sqs-",),
    "sns": ("sns-",),
    "eventbridge": ("eventbridge-",),
    "pipes": ("pipes-", "eventbridge-bus-vs-pipes"),
}
# The Step Functions lab has views of its own but finds its scenarios the same way.
ALL_PREFIXES = SCENARIO_PREFIXES | {"stepfunctions": ("sfn-",)}


@lru_cache(maxsize=64)
def _load(path: Path, mtime: float) -> Scenario:
    return load_scenario(path)


def load(path: Path) -> Scenario:
    """The scenario in `path`, parsed again only when the file changes."""
    return _load(path, path.stat().st_mtime)


def scenario_paths(folder: Path, service: str) -> dict[str, Path]:
    prefixes = ALL_PREFIXES.get(service, ())
    return {
        path.stem: path
        for path in sorted(Path(folder).glob("*.yaml"))
        if path.stem.startswith(prefixes)
    }


def scenarios_for(folder: Path, service: str) -> list[Scenario]:
    """The lab's scenarios that load cleanly (checkcontent reports the others)."""
    found = []
    for path in scenario_paths(folder, service).values():
        try:
            found.append(load(path))
        except (ScenarioError, OSError):
            continue
    return found


def scenario_for(folder: Path, service: str, scenario_id: str) -> Scenario | None:
    path = scenario_paths(folder, service).get(scenario_id)
    if path is None:
        return None
    try:
        return load(path)
    except (ScenarioError, OSError):
        return None


@dataclass
class Playback:
    scenario: Scenario
    world: World
    results: list[dict]  # per played step, shaped like a lab replay's results, plus "say"
    played: int

    @property
    def total(self) -> int:
        return len(self.scenario.steps)

    @property
    def next_step(self):
        return self.scenario.steps[self.played] if self.played < self.total else None

    def as_lab_state(self) -> LabState:
        """The played steps as a hand-driven lab: same seed, the same concrete calls.

        Failed calls stay in the log too: replaying exactly what the scenario ran is what
        guarantees the same world (a step whose reference found nothing has no call).
        """
        actions = [
            {"action": r["action"], "params": r["resolved"]}
            for r in self.results
            if r["resolved"] is not None
        ]
        return LabState(self.scenario.seed, self.scenario.realism, actions)


def play(scenario: Scenario, steps: int) -> Playback:
    """Run the first `steps` steps (clamped to the scenario's length) from the seed."""
    played = max(0, min(steps, len(scenario.steps)))
    world = build_world(scenario.seed, realism=scenario.realism)
    responses: dict = {}
    results = []
    for step in scenario.steps[:played]:
        try:
            resolved = serialise(resolve(step.params, responses))
        except AwsError:
            resolved = None
        result = run_step(world, step, responses)
        results.append(
            {
                "number": step.number,
                "action": step.action,
                "params": resolved if resolved is not None else step.params,
                "resolved": resolved,
                "response": result["response"],
                "error": result["error"],
                "events": result["events"],
                "say": step.say,
                "expected_error": "error" in step.expect,
            }
        )
    return Playback(scenario, world, results, played)
