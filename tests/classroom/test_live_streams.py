"""Event streams against a real uvicorn over a file SQLite database."""

import time

import pytest

from tests.classroom.live_server import EventStream, Stack


@pytest.fixture
def stack(tmp_path):
    stack = Stack(f"sqlite:///{tmp_path / 'live.sqlite3'}")
    stack.manage("migrate", "--noinput", "-v0")
    yield stack
    stack.close()


def test_stream_sends_the_lobby_then_the_question_when_the_game_starts(stack):
    game = stack.drive("setup")
    port = stack.serve()
    stream = EventStream(port, f"/class/play/{game['pin']}/events/")
    lobby = stream.next_event()
    started = time.monotonic()
    stack.drive("advance", game["game"])
    question = stream.next_event(timeout=5)
    stream.close()
    assert (stream.status, lobby["id"], question["id"]) == (200, "lobby--1", "question-0")
    assert "pushes" in question["data"] and "Right:" not in question["data"]
    assert time.monotonic() - started < 5


def test_stream_reconnect_with_last_event_id_gets_only_what_it_missed(stack):
    game = stack.drive("setup")
    stack.drive("advance", game["game"])
    port = stack.serve()
    up_to_date = EventStream(port, f"/class/play/{game['pin']}/events/", last_event_id="question-0")
    with pytest.raises(TimeoutError):
        up_to_date.next_event(timeout=1.5)
    behind = EventStream(port, f"/class/play/{game['pin']}/events/", last_event_id="lobby--1")
    caught_up = behind.next_event()
    up_to_date.close()
    behind.close()
    assert caught_up["id"] == "question-0"


def test_stream_game_resumes_after_the_server_restarts(stack):
    game = stack.drive("setup", 2)  # two-second questions
    stack.drive("join", game["game"], "Ada")
    port = stack.serve()
    stream = EventStream(port, f"/class/play/{game['pin']}/events/")
    assert stream.next_event()["id"] == "lobby--1"
    stack.drive("advance", game["game"])
    assert stream.next_event()["id"] == "question-0"
    stack.kill()  # the only server dies mid-question; the time runs out meanwhile
    time.sleep(3.5)
    port = stack.serve()
    again = EventStream(port, f"/class/play/{game['pin']}/events/", last_event_id="question-0")
    revealed = again.next_event(timeout=5)
    again.close()
    assert revealed["id"] == "reveal-0"
    assert stack.drive("state", game["game"])["state"] == "reveal"


def test_stream_unknown_pin_is_404(stack):
    port = stack.serve()
    stream = EventStream(port, "/class/play/999999/events/")
    stream.close()
    assert stream.status == 404
