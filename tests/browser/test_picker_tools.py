"""Scenario picker by keyboard; axe on the picker, drill and decoder pages."""

import pytest

from studyapp.quiz.drill import plan_drill
from tests.browser.conftest import serious_violations
from tests.quiz.test_drill import add_table
from tests.quiz.test_picker import add_rule

TILE_NUMBER = {"sqs": "1", "sns": "2"}  # the fixed tile order
EXPECTED = {"t-rule-fan#1": "sns", "t-rule-buffer#1": "sqs", "t-scn-1": "sqs"}


@pytest.fixture
def picker_catalog(small_catalog):
    add_rule(
        "t-rule-fan",
        "sns",
        ["many subscribers", "fan out"],
        ["One event must reach many subscribers."],
    )
    return small_catalog


def shown_requirement(page) -> str:
    return page.locator('input[name="requirement"]').get_attribute("value")


def test_picker_works_by_keyboard_alone(page, live_server, picker_catalog):
    page.goto(live_server.url + "/quiz/picker/")
    assert page.evaluate("document.activeElement.value") == "sqs"  # first tile focused
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.value") == "sns"

    expected = EXPECTED[shown_requirement(page)]
    page.keyboard.press(TILE_NUMBER[expected])
    page.locator(".picker-feedback").wait_for()
    assert page.locator(".picker-feedback h2").inner_text().startswith("Right:")
    # htmx settles the swap a moment later, then the script focuses "Next requirement".
    page.wait_for_function("document.activeElement.id === 'next-requirement'", timeout=3000)

    page.keyboard.press("Enter")  # the focused "Next requirement" link
    page.locator(".tiles").wait_for()
    page.wait_for_function("document.activeElement.classList.contains('tile')", timeout=3000)
    expected = EXPECTED[shown_requirement(page)]
    wrong = "sns" if expected == "sqs" else "sqs"
    page.keyboard.press(TILE_NUMBER[wrong])
    page.locator(".picker-feedback").wait_for()
    assert page.locator(".picker-feedback h2").inner_text().startswith("Not quite:")
    names = {"sqs": "Amazon SQS", "sns": "Amazon SNS"}
    assert page.locator(".confusions li").all_inner_texts() == [
        f"You picked {names[wrong]} where {names[expected]} fit 1 time."
    ]
    assert "1 right of 2" in page.locator(".picker-stats").inner_text()


def test_picker_feedback_marks_the_trigger_phrase(page, live_server, picker_catalog):
    page.goto(live_server.url + "/quiz/picker/")
    for _ in range(10):  # requirements are drawn at random: go on until the fan-out one
        if shown_requirement(page) == "t-rule-fan#1":
            break
        page.goto(live_server.url + "/quiz/picker/")
    page.keyboard.press("2")
    page.locator(".picker-feedback mark").first.wait_for()
    assert page.locator(".picker-feedback mark").all_inner_texts() == ["many subscribers"]


def test_picker_drill_and_decoder_have_no_serious_accessibility_violations(
    page, live_server, picker_catalog
):
    page.goto(live_server.url + "/quiz/picker/")
    assert serious_violations(page) == []
    page.keyboard.press("1")
    page.locator(".picker-feedback").wait_for()
    assert serious_violations(page) == []
    page.goto(live_server.url + "/quiz/drill/t-std-vs-fifo/?seed=5")
    assert serious_violations(page) == []
    page.locator("select").first.select_option(index=1)
    page.get_by_role("button", name="Check my answers").click()
    page.locator("#result").wait_for()
    assert serious_violations(page) == []
    page.goto(live_server.url + "/quiz/decode/")
    page.get_by_label("Question text").fill(
        "Orders arrive in bursts; a buffer lets many subscribers keep up."
    )
    page.get_by_role("button", name="Decode").click()
    page.locator("#decoder-panel mark").first.wait_for()
    assert serious_violations(page) == []


def test_picker_fits_a_phone(phone, live_server, picker_catalog):
    phone.goto(live_server.url + "/quiz/picker/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.goto(live_server.url + "/quiz/decode/?text=fan+out+to+many+subscribers")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360


def add_wide_table():
    """A table far wider than a phone: six columns of long values."""
    columns = [{"id": f"c{n}", "label": f"Service number {n}"} for n in range(6)]
    rows = [
        {
            "id": f"r{m}",
            "label": f"Feature {m}",
            "cells": {c["id"]: f"A long value for {c['label']} and row {m}" for c in columns},
        }
        for m in range(4)
    ]
    data = {"id": "t-wide", "title": "Wide", "columns": columns, "rows": rows, "source": "aws-docs"}
    return add_table(data)


def test_a_wide_drill_table_scrolls_inside_its_frame_on_a_phone(phone, live_server, picker_catalog):
    table = add_wide_table()
    # A seed that hides a cell of the last column, far to the right of the screen.
    seed = next(s for s in range(100) if any(c.column == "c5" for c in plan_drill(table, s).hidden))
    phone.goto(live_server.url + f"/quiz/drill/t-wide/?seed={seed}")
    assert phone.locator("select").count() == 6
    frame = phone.locator(".table-wrap")
    assert frame.evaluate("el => el.scrollWidth > el.clientWidth") is True
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
