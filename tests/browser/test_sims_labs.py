"""The messaging labs in Chromium: every lab plays a scenario, and a queue is driven by hand."""

import pytest

from tests.browser.conftest import serious_violations

SCENARIOS = [
    ("sqs", "sqs-poison-message-dlq"),
    ("sns", "sns-filter-policy-routing"),
    ("eventbridge", "eventbridge-orderplaced-three-targets"),
    ("pipes", "pipes-filter-enrichment"),
]


def test_index_lists_every_lab_and_fits_a_phone(phone, live_server):
    phone.goto(live_server.url + "/sims/")
    for lab in ("SQS lab", "SNS lab", "EventBridge lab", "EventBridge Pipes lab", "Step Functions"):
        assert phone.get_by_role("link", name=lab).first.is_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert serious_violations(phone) == []


@pytest.mark.parametrize(("lab", "scenario"), SCENARIOS)
def test_play_a_scenario_to_its_end(phone, live_server, lab, scenario):
    phone.goto(f"{live_server.url}/sims/{lab}/?play={scenario}")
    total = int(phone.locator(".lab-step-list > li").count())
    if lab != "sqs":  # one lab plays from the start; the others play their last steps
        phone.goto(f"{live_server.url}/sims/{lab}/?play={scenario}&step={total - 3}")
    play = phone.locator("#lab-play")
    assert play.is_visible()  # the script reveals Play; "Next step" links work without it
    play.click()
    phone.locator(".lab-over").wait_for(timeout=total * 3_000 + 5_000)
    assert phone.locator(".lab-progress").inner_text() == f"Step {total} of {total}"
    assert phone.url.endswith(f"step={total}")  # the URL follows, so a reload keeps the place
    assert phone.locator(".lab-step-list > li.is-done").count() == total
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert serious_violations(phone) == []


def test_pause_stops_playing_and_step_goes_one_at_a_time(page, live_server):
    page.goto(live_server.url + "/sims/sqs/?play=sqs-visibility-too-short")
    page.locator("#lab-step").click()
    page.wait_for_url("**step=1")
    assert "The orders queue hides a received message" in page.locator("#lab-now").inner_text()
    page.locator("#lab-play").click()
    page.wait_for_url("**step=2")
    page.locator("#lab-play").click()  # now labelled Pause
    assert page.locator("#lab-play").get_attribute("aria-pressed") == "false"
    stopped_at = page.url
    page.wait_for_timeout(2_000)
    assert page.url == stopped_at


def _submit(page, form_id, **fields):
    form = page.locator(f"#form-{form_id}")
    if form.get_attribute("open") is None:
        form.locator("summary").click()
    for name, value in fields.items():
        form.locator(f"[name={name}]").fill(value)
    with page.expect_response(lambda r: r.request.method == "POST"):
        form.locator("button[type=submit]").click()
    page.locator("#lab-now").wait_for()


def test_drive_a_queue_by_hand_on_a_phone(phone, live_server):
    phone.goto(live_server.url + "/sims/sqs/")
    _submit(phone, "create-queue", QueueName="orders", VisibilityTimeout="10")
    phone.wait_for_url("**?s=*")
    _submit(phone, "send", MessageBody="order-1")
    assert phone.locator(".lab-lane-visible .lab-token").inner_text().startswith("m-1")
    _submit(phone, "receive")
    in_flight = phone.locator(".lab-lane-in-flight .lab-token")
    assert "visible again in 10 s" in in_flight.inner_text()
    assert "got m-1" in phone.locator(".lab-actor.is-lit").inner_text()
    _submit(phone, "wait", Seconds="11")
    assert phone.locator(".lab-lane-visible .lab-token").inner_text().startswith("m-1")
    assert "received 1×" in phone.locator(".lab-lane-visible .lab-token").inner_text()
    assert "visible again" in phone.locator("#lab-now").inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert serious_violations(phone) == []
    # A reload rebuilds the same lab from its link.
    phone.reload()
    assert phone.locator(".lab-lane-visible .lab-token").inner_text().startswith("m-1")
    assert phone.locator(".lab-step-list > li").count() == 4


def test_bad_input_shows_the_aws_error_beside_the_form(page, live_server):
    page.goto(live_server.url + "/sims/sqs/")
    _submit(page, "create-queue", QueueName="orders", VisibilityTimeout="50000")
    error = page.locator("#form-create-queue-error")
    assert "InvalidAttributeValue" in error.inner_text()
    assert page.evaluate("document.activeElement.id") == "form-create-queue-error"
    assert page.locator(".lab-queue").count() == 0
    assert serious_violations(page) == []


def test_labs_work_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(live_server.url + "/sims/sqs/?play=sqs-visibility-too-short")
    assert page.locator("#lab-play").is_hidden()
    page.locator("#lab-step").click()
    page.wait_for_url("**step=1")
    page.goto(live_server.url + "/sims/sqs/")
    page.locator("#form-create-queue button[type=submit]").click()
    page.wait_for_url("**?s=*")
    assert page.locator(".lab-queue").count() == 1
    context.close()
