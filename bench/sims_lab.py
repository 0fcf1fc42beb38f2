"""Lab page rebuild time: decode a lab link, replay its actions, draw the picture.

Every lab page is rebuilt from its link on each request (nothing is stored), so this is the
work a lab request does besides template rendering. Cases:
- a full hand-driven SQS link (60 actions: sends, receives and waits);
- every messaging scenario played to its last step (what `?play=<id>&step=N` does);
- the slowest link we know of: two pipes passing one message back and forth for the lab's
  whole time budget (pipes poll every simulated second).
Median of REPEATS runs each, in milliseconds. Writes bench/results/sims_lab.json.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from _results import write_figures

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from studyapp.sims import lab_player  # noqa: E402
from studyapp.sims.lab import picture  # noqa: E402
from studyapp.sims.lab_state import (  # noqa: E402
    MAX_ACTIONS,
    MAX_TOTAL_SECONDS,
    MAX_WAIT_SECONDS,
    LabState,
    decode,
    encode,
    replay,
)

REPEATS = 7
FOLDER = ROOT / "content" / "simulations"
URL = "https://sqs.us-east-1.amazonaws.com/123456789012/"
QUEUE_ARN = "arn:aws:sqs:us-east-1:123456789012:"


def hand_link() -> LabState:
    actions = [
        {
            "action": "CreateQueue",
            "params": {"QueueName": "orders", "Attributes": {"VisibilityTimeout": "10"}},
        }
    ]
    cycle = [
        ("SendMessage", {"QueueUrl": URL + "orders", "MessageBody": "order"}),
        ("ReceiveMessage", {"QueueUrl": URL + "orders", "MaxNumberOfMessages": 10}),
        ("x-Wait", {"Seconds": 3}),
    ]
    while len(actions) < MAX_ACTIONS:
        action, params = cycle[len(actions) % len(cycle)]
        actions.append({"action": action, "params": params})
    return LabState(actions=actions)


def ping_pong_link() -> LabState:
    def pipe(name, source, target):
        return {
            "action": "CreatePipe",
            "params": {
                "Name": name,
                "RoleArn": "arn:aws:iam::123456789012:role/r",
                "Source": QUEUE_ARN + source,
                "Target": QUEUE_ARN + target,
            },
        }

    actions = [
        {"action": "CreateQueue", "params": {"QueueName": "a"}},
        {"action": "CreateQueue", "params": {"QueueName": "b"}},
        pipe("ab", "a", "b"),
        pipe("ba", "b", "a"),
        {"action": "SendMessage", "params": {"QueueUrl": URL + "a", "MessageBody": "x"}},
    ]
    waits = MAX_TOTAL_SECONDS // MAX_WAIT_SECONDS
    actions += [{"action": "x-Wait", "params": {"Seconds": MAX_WAIT_SECONDS}}] * waits
    return LabState(actions=actions)


def median_ms(work) -> float:
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return round(statistics.median(times) * 1000, 2)


def rebuild(token: str) -> None:
    result = replay(decode(token))
    last = result.results[-1]["events"] if result.results else []
    picture(result.world, last)


def main() -> dict:
    hand = encode(hand_link())
    ping_pong = encode(ping_pong_link())
    scenarios = {}
    for service in lab_player.SCENARIO_PREFIXES:
        for scenario in lab_player.scenarios_for(FOLDER, service):
            steps = len(scenario.steps)

            def play(scenario=scenario, steps=steps):
                playback = lab_player.play(scenario, steps)
                picture(playback.world, playback.results[-1]["events"])

            scenarios[scenario.id] = median_ms(play)
    result = {
        "what": "milliseconds to rebuild one lab page's world and picture (median of "
        f"{REPEATS}); template rendering not included",
        "hand_sqs_link": {
            "actions": MAX_ACTIONS,
            "token_chars": len(hand),
            "ms": median_ms(lambda: rebuild(hand)),
        },
        "scenario_played_to_end_ms": scenarios,
        "scenario_worst_ms": max(scenarios.values()),
        "worst_known_link_two_pipes_ping_pong": {
            "simulated_seconds": MAX_TOTAL_SECONDS,
            "ms": median_ms(lambda: rebuild(ping_pong)),
        },
    }
    write_figures("sims_lab", result)
    return result


if __name__ == "__main__":
    main()
