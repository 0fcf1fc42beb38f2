"""A live game in Chromium: the projector and three phones, each in its own browser context.

Served by uvicorn over a file SQLite database (Django's test server cannot hold
event streams open), so the pages update by Server-Sent Events as in class.
"""

import csv
import io

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import serious_violations
from tests.classroom.live_server import Stack

PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}


@pytest.fixture
def stack(tmp_path):
    stack = Stack(f"sqlite:///{tmp_path / 'live.sqlite3'}")
    stack.manage("migrate", "--noinput", "-v0")
    yield stack
    stack.close()


def test_live_game_projector_and_three_phones(browser, stack):
    game = stack.drive("setup", "30,30,5")  # the third question is short: someone will be late
    session = stack.drive("session")["sessionid"]
    base = f"http://127.0.0.1:{stack.serve()}"

    projector_context = browser.new_context(viewport={"width": 1280, "height": 900})
    projector_context.add_cookies([{"name": "sessionid", "value": session, "url": base}])
    projector = projector_context.new_page()
    projector.goto(f"{base}/class/live/{game['game']}/")
    expect(projector.locator(".pin")).to_have_text(game["pin"])
    expect(projector.locator(".qr svg")).to_be_visible()
    assert serious_violations(projector) == []

    phones = {}
    for name in ("Ada", "Bo", "Cy"):
        context = browser.new_context(**PHONE)
        phone = context.new_page()
        phone.goto(f"{base}/class/play/{game['pin']}/")  # the join URL the QR code carries
        phone.get_by_label("Nickname").fill(name)
        phone.get_by_role("button", name="Join").click()
        expect(phone.get_by_text("You are in!")).to_be_visible()
        phones[name] = phone
    expect(projector.get_by_text("3 players joined")).to_be_visible()
    assert serious_violations(phones["Ada"]) == []

    # Question 1: one tap each; everyone answered, so the answer shows at once.
    projector.get_by_role("button", name="Start the game").click()
    for phone in phones.values():
        expect(phone.get_by_text("pushes messages to subscribers")).to_be_visible()
    assert serious_violations(phones["Bo"]) == []
    assert serious_violations(projector) == []
    phones["Ada"].get_by_role("button", name="A: Amazon SNS").click()
    expect(phones["Ada"].get_by_text("Answer received")).to_be_visible()
    phones["Bo"].get_by_role("button", name="B: Amazon SQS").click()
    phones["Cy"].get_by_role("button", name="A: Amazon SNS").click()
    expect(projector.get_by_text("Right answer: A")).to_be_visible()
    expect(phones["Ada"].get_by_text("Right!")).to_be_visible()
    expect(phones["Bo"].get_by_text("Not this time.")).to_be_visible()

    # Question 2: choose two, with checkboxes and a submit button.
    projector.get_by_role("button", name="Next question").click()
    for name, picks in (("Ada", "AC"), ("Bo", "AC"), ("Cy", "AB")):
        phone = phones[name]
        for letter in picks:
            phone.locator("label.tile-check", has_text=f"{letter}:").locator("input").check()
        phone.get_by_role("button", name="Submit my 2 answers").click()
    expect(projector.get_by_text("Right answer: A and C")).to_be_visible()
    expect(phones["Bo"].get_by_text("Right!")).to_be_visible()
    assert serious_violations(phones["Cy"]) == []

    # Question 3: Cy taps in time, but the network holds the tap until the time is up.
    # (The phone's event stream still works, so Cy's phone shows the reveal meanwhile:
    # the refusal must still reach Cy when the held answer finally arrives.)
    projector.get_by_role("button", name="Next question").click()
    expect(phones["Cy"].get_by_text("Which service runs workflows?")).to_be_visible()
    held = []
    phones["Cy"].route("**/answer/", lambda route: held.append(route))
    phones["Cy"].get_by_role("button", name="A: AWS Step Functions").click()
    phones["Ada"].get_by_role("button", name="A: AWS Step Functions").click()
    phones["Bo"].get_by_role("button", name="A: AWS Step Functions").click()
    expect(projector.get_by_text("Right answer: A")).to_be_visible(timeout=10_000)
    expect(phones["Cy"].get_by_text("No answer.")).to_be_visible()
    assert len(held) == 1
    held[0].continue_()
    expect(phones["Cy"].locator("#phone-notice")).to_have_text(
        "Time was up before your answer arrived: it was not counted."
    )

    projector.get_by_role("button", name="Show the podium").click()
    expect(projector.get_by_role("heading", name="The podium")).to_be_visible()
    for phone in phones.values():
        expect(phone.get_by_role("heading", name="The podium")).to_be_visible()
    assert serious_violations(projector) == []

    with projector.expect_download() as download:
        projector.get_by_role("link", name="Download the full results (CSV)").click()
    rows = list(csv.DictReader(io.StringIO(open(download.value.path()).read())))
    by_name = {row["nickname"]: row for row in rows}
    assert sorted(by_name) == ["Ada", "Bo", "Cy"]
    assert [by_name[n]["q2 correct"] for n in ("Ada", "Bo", "Cy")] == ["yes", "yes", "no"]
    assert (by_name["Cy"]["q3 live-3 chosen"], by_name["Ada"]["rank"]) == ("", "1")

    projector.get_by_role("button", name="End the game").click()
    expect(projector.get_by_role("heading", name="Game over")).to_be_visible()
    for page in [projector, *phones.values()]:
        page.context.close()
