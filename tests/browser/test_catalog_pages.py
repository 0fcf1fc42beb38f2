from tests.browser.conftest import serious_violations


def test_home_lists_topics_and_leads_to_a_topic(page, live_server, small_catalog):
    page.goto(live_server.url + "/")
    link = page.get_by_role("link", name="Queues for testing")
    assert link.is_visible()
    link.click()
    page.wait_for_url("**/topics/queues/")
    assert page.get_by_role("heading", level=1).inner_text() == "Queues for testing"
    header_cells = page.locator("table thead th").all_inner_texts()
    assert header_cells == ["Feature", "Standard", "FIFO"]


def test_home_and_topic_have_no_serious_accessibility_violations(page, live_server, small_catalog):
    page.goto(live_server.url + "/")
    assert serious_violations(page) == []
    page.goto(live_server.url + "/topics/queues/")
    assert serious_violations(page) == []


def test_topic_page_fits_a_phone_and_works_by_keyboard(phone, live_server, small_catalog):
    phone.goto(live_server.url + "/topics/queues/")
    page_width = phone.evaluate("document.documentElement.scrollWidth")
    assert page_width <= 360
    phone.goto(live_server.url + "/")
    phone.keyboard.press("Tab")
    assert phone.evaluate("document.activeElement.textContent.trim()") == "Skip to content"
    phone.keyboard.press("Enter")
    assert phone.evaluate("location.hash") == "#main"
