"""The Step Functions lab in Chromium: play the approval scenario and approve it."""

from tests.browser.conftest import serious_violations

APPROVAL = "/sims/stepfunctions/sfn-human-approval-callback/"


def test_play_the_approval_scenario_and_approve_it(page, live_server):
    page.goto(live_server.url + APPROVAL)
    play = page.locator("#sfn-play")
    assert play.is_visible()  # the script reveals Play; Step links work without it
    play.click()
    # Play runs the scripted steps and stops where the manager has to decide.
    approve = page.locator("#sfn-approve")
    approve.wait_for(timeout=20_000)
    assert page.locator(".sfn-node.is-active").get_attribute("data-state") == "Ask the manager"
    assert "waiting for a task token" in page.locator(".sfn-waiting").inner_text()
    assert serious_violations(page) == []
    approve.click()
    page.wait_for_url("**step=8")
    assert page.locator(".sfn-history .sfn-status").inner_text() == "SUCCEEDED"
    assert "ExecutionSucceeded" in page.locator(".sfn-events").inner_text()
    page.reload()  # the URL holds the progress
    assert page.locator(".sfn-history .sfn-status").inner_text() == "SUCCEEDED"
    assert serious_violations(page) == []


def test_reject_fails_the_expense(page, live_server):
    page.goto(live_server.url + APPROVAL + "?step=7")
    page.locator("#sfn-reject").click()
    page.wait_for_url("**reject=8")
    assert page.locator(".sfn-history .sfn-status").inner_text() == "FAILED"
    assert page.locator(".sfn-node.is-visited[data-state='Rejected']").count() == 1


def test_editor_validates_as_you_type_and_fits_a_phone(phone, live_server):
    phone.goto(live_server.url + "/sims/stepfunctions/editor/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert phone.locator(".sfn-valid").is_visible()
    phone.locator("#sfn-definition").fill('{"StartAt": "A", "States": {"A": {"Type": "Pass"}}}')
    phone.locator(".sfn-diagnostics").wait_for(timeout=5_000)
    assert "/States/A" in phone.locator(".sfn-diagnostics").inner_text()
    assert serious_violations(phone) == []
