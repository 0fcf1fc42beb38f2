"""A whole review session by keyboard only, the stats page, and axe on both."""

from studyapp.study.models import Review
from tests.browser.conftest import serious_violations

# The right option numbers (1-based, as the keys) of the fixture's graded cards.
RIGHT_KEYS = {"t-q-1": ["1"], "t-q-2": ["1", "3"]}


def current_card(page):
    return page.locator("[data-card]").get_attribute("data-card")


def test_review_session_by_keyboard_only(page, live_server, small_catalog):
    page.goto(live_server.url + "/study/")
    assert page.locator("[data-card]").get_attribute("data-card") == "t-visibility"
    assert serious_violations(page) == []

    # First card: reveal with Space, check the button intervals, rate Again with 1, undo with z.
    page.keyboard.press("Space")
    page.wait_for_selector("[data-rating]")
    intervals = page.locator(".study-ratings .interval").all_inner_texts()
    assert intervals == ["1m", "6m", "10m", "8d"]
    assert serious_violations(page) == []
    page.keyboard.press("1")
    page.wait_for_function("!document.querySelector('[data-rating]')")
    page.keyboard.press("z")
    page.wait_for_selector("text=The last rating was undone.")
    assert current_card(page) == "t-visibility"

    seen = []
    for _ in range(40):
        if page.locator(".study-done").count():
            break
        if page.locator("[data-study-next]").count():
            page.keyboard.press("Enter")
            page.wait_for_selector("[data-card], .study-done")
            continue
        card_id = current_card(page)
        seen.append(card_id)
        if page.locator("form[data-study-graded]").count():
            if card_id == "t-trap-push":
                statement = page.locator(".study-front").inner_text()
                keys = ["2"] if "SQS pushes" in statement else ["1"]
            else:
                keys = RIGHT_KEYS[card_id]
            for key in keys:
                page.keyboard.press(key)
            page.keyboard.press("Enter")
            page.wait_for_selector("[data-study-next]")
        else:
            page.keyboard.press("Enter")  # reveal
            page.wait_for_selector("[data-rating]")
            page.keyboard.press("4")  # Easy: straight to review in 8 days
            page.wait_for_function(
                "id => !document.querySelector(`[data-card='${id}'] [data-rating]`)", arg=card_id
            )
    assert page.locator(".study-done").count() == 1
    assert set(seen) == {
        "t-visibility", "t-retention", "t-std-vs-fifo:order:standard", "t-std-vs-fifo:order:fifo",
        "t-std-vs-fifo:delivery:standard", "t-std-vs-fifo:delivery:fifo", "t-rule-buffer",
        "t-trap-push", "t-q-1", "t-q-2",
    }  # fmt: skip
    # No page load happened during the session: htmx swapped every card.
    assert page.evaluate("performance.getEntriesByType('navigation').length") == 1
    ratings = Review.objects.filter(source="review").count()
    assert ratings == len(seen)


def test_session_without_javascript_uses_plain_forms(browser, live_server, small_catalog):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/study/")
    page.get_by_role("button", name="Show answer").click()
    page.get_by_role("button", name="Good").click()
    page.wait_for_url("**/study/?after=queues")
    assert page.locator("[data-card]").get_attribute("data-card") == "t-retention"
    assert Review.objects.count() == 1
    context.close()


def test_stats_page_after_studying(page, live_server, small_catalog):
    page.goto(live_server.url + "/study/")
    page.keyboard.press("Space")
    page.wait_for_selector("[data-rating]")
    page.keyboard.press("3")
    page.wait_for_function("!document.querySelector('[data-rating]')")

    page.goto(live_server.url + "/study/stats/")

    assert page.get_by_role("heading", level=1).inner_text() == "Study stats"
    assert page.locator("svg.chart").count() == 3
    assert "1 review in the last year." in page.locator("main").inner_text()
    assert serious_violations(page) == []


def test_study_pages_fit_a_phone(phone, live_server, small_catalog):
    for path in ("/study/", "/study/card/t-q-2/", "/study/cards/", "/study/stats/"):
        phone.goto(live_server.url + path)
        assert (path, phone.evaluate("document.documentElement.scrollWidth") <= 360) == (path, True)
    phone.goto(live_server.url + "/study/cards/")
    assert serious_violations(phone) == []
