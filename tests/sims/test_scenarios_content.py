"""Every scenario in content/simulations/ loads, runs, and meets all its expectations."""

from pathlib import Path

import pytest

from studyapp.sims.runner import failures_of, run_scenario
from studyapp.sims.scenario import load_scenario

SIMULATIONS = Path(__file__).resolve().parents[2] / "content" / "simulations"
FILES = sorted(SIMULATIONS.glob("*.yaml"))


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_scenario_expectations_all_pass(path):
    scenario = load_scenario(path)
    results = run_scenario(scenario)
    assert failures_of(scenario, results) == []
    assert scenario.id == path.stem


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_scenario_same_seed_same_trace(path):
    scenario = load_scenario(path)
    assert run_scenario(scenario) == run_scenario(scenario)


def test_scenario_ids_are_unique():
    ids = [load_scenario(p).id for p in FILES]
    assert len(ids) == len(set(ids))
