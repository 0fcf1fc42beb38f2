"""Lab state: URL tokens round-trip, replays are deterministic, bad links are refused."""

import base64
import json
import zlib

import pytest

from studyapp.sims.lab import picture
from studyapp.sims.lab_state import (
    MAX_ACTIONS,
    MAX_WAIT_SECONDS,
    LabState,
    LabStateError,
    attempt,
    decode,
    encode,
    replay,
)

URL = "https://sqs.us-east-1.amazonaws.com/123456789012/orders"
HAND = LabState(
    seed=5,
    realism=False,
    actions=[
        {"action": "CreateQueue", "params": {"QueueName": "orders"}},
        {"action": "SendMessage", "params": {"QueueUrl": URL, "MessageBody": "héllo ✓"}},
        {"action": "ReceiveMessage", "params": {"QueueUrl": URL, "VisibilityTimeout": 20}},
        {"action": "x-Wait", "params": {"Seconds": 5}},
    ],
)


def _token(data) -> str:
    text = json.dumps(data)
    return "1" + base64.urlsafe_b64encode(zlib.compress(text.encode())).decode().rstrip("=")


def test_encode_decode_round_trips_a_state():
    token = encode(HAND)
    assert token.startswith("1")
    assert all(c.isalnum() or c in "-_" for c in token)  # safe in a query string as is
    assert decode(token) == HAND


def test_replaying_a_decoded_state_rebuilds_the_same_world():
    first = picture(replay(HAND).world)
    again = picture(replay(decode(encode(HAND))).world)
    assert first == again
    [token] = first["queues"][0]["in_flight"]
    assert (token["label"], token["seconds_left"], first["now"]) == ("m-1", 15, 5.0)


def test_attempt_keeps_a_good_action_and_drops_a_failing_one():
    state = LabState(actions=HAND.actions[:1])
    current = replay(state)
    kept, current, result = attempt(
        state, current, "SendMessage", {"QueueUrl": URL, "MessageBody": "a"}
    )
    assert (len(kept.actions), result["error"]) == (2, None)
    same, after, failed = attempt(
        kept, current, "ReceiveMessage", {"QueueUrl": URL, "VisibilityTimeout": 99999}
    )
    assert same is kept
    assert failed["error"] == "InvalidParameterValue"
    assert [t["label"] for t in picture(after.world)["queues"][0]["visible"]] == ["m-1"]


def test_attempt_refuses_waits_beyond_the_lab_limit_without_changing_anything():
    state = LabState()
    same, current, result = attempt(
        state, replay(state), "x-Wait", {"Seconds": MAX_WAIT_SECONDS + 1}
    )
    assert (same, result["error"], current.world.now) == (state, "InvalidParameterValue", 0.0)


@pytest.mark.parametrize(
    ("token", "message"),
    [
        ("2abc", "another version"),
        ("1%%%", "damaged"),
        ("1" + "A" * 40, "damaged"),
        (_token({"v": "1", "seed": "x", "realism": False, "a": []}), "not a lab state"),
        (_token({"v": "1", "seed": 1, "realism": False, "a": [[5]]}), "not a lab state"),
        (_token({"v": "1", "seed": 1, "realism": False, "a": [["X", []]]}), "not a lab state"),
        (_token([1, 2]), "not a lab state"),
        (
            _token({"v": "1", "seed": 1, "realism": False, "a": [["x-Wait"]] * (MAX_ACTIONS + 1)}),
            f"at most {MAX_ACTIONS} actions",
        ),
        ("1" + "A" * 7000, "too long"),
    ],
)
def test_decode_names_what_is_wrong_with_a_bad_link(token, message):
    with pytest.raises(LabStateError) as caught:
        decode(token)
    assert message in str(caught.value)


def test_decode_refuses_a_zip_bomb():
    bomb = "1" + base64.urlsafe_b64encode(zlib.compress(b" " * 2_000_000, 9)).decode()
    with pytest.raises(LabStateError) as caught:
        decode(bomb.rstrip("="))
    assert "more than a lab can" in str(caught.value)


def test_encode_refuses_more_actions_than_a_link_holds():
    state = LabState(actions=[{"action": "x-Wait", "params": {"Seconds": 1}}] * (MAX_ACTIONS + 1))
    with pytest.raises(LabStateError) as caught:
        encode(state)
    assert "Start a new lab" in str(caught.value)


def test_empty_token_is_a_fresh_lab():
    assert decode("") == LabState()


def test_a_refused_negative_wait_buys_no_extra_time():
    earlier = [{"action": "x-Wait", "params": {"Seconds": -(10**9)}}]
    state = LabState(actions=earlier + [{"action": "x-Wait", "params": {"Seconds": 3600}}])
    result = replay(state).results
    assert [r["error"] for r in result] == ["InvalidParameterValue", None]
    more = LabState(actions=state.actions + [{"action": "x-Wait", "params": {"Seconds": 1}}])
    assert "at most 60 minutes" in replay(more).results[-1]["response"]["Error"]["Message"]


def test_a_lab_runs_at_most_two_pipes():
    queues = [{"action": "CreateQueue", "params": {"QueueName": n}} for n in ("a", "b")]
    pipe = {
        "RoleArn": "arn:aws:iam::123456789012:role/r",
        "Source": "arn:aws:sqs:us-east-1:123456789012:a",
        "Target": "arn:aws:sqs:us-east-1:123456789012:b",
    }
    pipes = [{"action": "CreatePipe", "params": {"Name": f"p{i}", **pipe}} for i in range(3)]
    results = replay(LabState(actions=queues + pipes)).results
    assert [r["error"] for r in results] == [None, None, None, None, "LimitExceededException"]
