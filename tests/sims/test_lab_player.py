"""Scenarios on lab pages: which lab plays which, step N, and "try it yourself from here"."""

from pathlib import Path

import pytest

from studyapp.sims import lab_player
from studyapp.sims.lab import picture
from studyapp.sims.lab_state import decode, encode, replay

FOLDER = Path(__file__).resolve().parents[2] / "content" / "simulations"
MESSAGING = sorted(p.stem for p in FOLDER.glob("*.yaml") if not p.stem.startswith("sfn-"))


def test_every_messaging_scenario_plays_on_some_lab():
    shown = {
        scenario.id
        for service in lab_player.SCENARIO_PREFIXES
        for scenario in lab_player.scenarios_for(FOLDER, service)
    }
    assert shown == set(MESSAGING)
    assert len(MESSAGING) >= 14


def test_sqs_lab_plays_only_sqs_scenarios():
    ids = [s.id for s in lab_player.scenarios_for(FOLDER, "sqs")]
    assert ids and all(i.startswith("sqs-") for i in ids)
    assert lab_player.scenario_for(FOLDER, "sqs", "sns-sqs-fan-out") is None


def test_play_stops_at_step_n_with_its_narration():
    scenario = lab_player.scenario_for(FOLDER, "sqs", "sqs-visibility-too-short")
    playback = lab_player.play(scenario, 4)
    assert (playback.played, playback.total) == (4, 8)
    assert playback.results[-1]["action"] == "x-Wait"
    assert playback.results[-1]["say"].startswith("Ten seconds pass")
    assert [e["kind"] for e in playback.results[-1]["events"]] == ["visible-again"]
    assert playback.next_step.action == "ReceiveMessage"
    assert lab_player.play(scenario, 999).played == 8


@pytest.mark.parametrize("scenario_id", MESSAGING)
def test_try_it_yourself_rebuilds_the_same_world(scenario_id):
    service = next(
        s
        for s, prefixes in lab_player.SCENARIO_PREFIXES.items()
        if scenario_id.startswith(prefixes)
    )
    scenario = lab_player.scenario_for(FOLDER, service, scenario_id)
    playback = lab_player.play(scenario, len(scenario.steps))
    state = decode(encode(playback.as_lab_state()))
    assert picture(replay(state).world) == picture(playback.world)
