from datetime import timedelta

from studyapp.quiz.exam_clock import AWAY_AFTER_SECONDS, charged, clock_text, seconds_left
from tests.quiz.conftest import NOW


def test_charged_adds_the_gap_between_requests():
    assert charged(100.0, NOW, NOW + timedelta(seconds=15)) == 115.0


def test_charged_caps_a_long_absence():
    assert charged(100.0, NOW, NOW + timedelta(days=2)) == 100.0 + AWAY_AFTER_SECONDS


def test_charged_ignores_a_clock_going_backwards_and_a_first_request():
    assert (charged(5.0, NOW, NOW - timedelta(seconds=3)), charged(5.0, None, NOW)) == (5.0, 5.0)


def test_seconds_left_never_negative():
    assert (seconds_left(600, 590.5), seconds_left(600, 700)) == (9.5, 0.0)


def test_clock_text_shows_hours_only_when_needed():
    assert (clock_text(247), clock_text(3909), clock_text(0.9)) == ("4:07", "1:05:09", "0:00")
