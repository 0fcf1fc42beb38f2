"""Table drill pages: a seeded drill, checking it, reloading its result, refusals."""

import re

from studyapp.quiz import drill
from studyapp.quiz.models_practice_tools import DrillAnswer
from tests.quiz.test_drill import right_choices, table  # noqa: F401 - the fixture


def test_drill_index_lists_the_tables(client, table):  # noqa: F811
    html = client.get("/quiz/drill/").content.decode()
    assert re.findall(r'href="/quiz/drill/([a-z0-9-]+)/"', html) == ["t-std-vs-fifo", "t-three"]


def test_drill_without_seed_redirects_to_a_seeded_address(client, table):  # noqa: F811
    response = client.get("/quiz/drill/t-three/")
    assert re.fullmatch(r"/quiz/drill/t-three/\?seed=\d+", response["Location"])


def test_drill_page_has_one_labelled_select_per_hidden_cell(client, table):  # noqa: F811
    plan = drill.plan_drill(table, 42)
    html = client.get("/quiz/drill/t-three/?seed=42").content.decode()
    assert re.findall(r'<select id="[^"]+" name="([a-z:]+)"', html) == [c.key for c in plan.hidden]


def test_checking_a_drill_shows_the_result_on_reload(client, table):  # noqa: F811
    plan = drill.plan_drill(table, 42)
    response = client.post("/quiz/drill/t-three/check/", {"seed": "42", **right_choices(plan)})
    assert response["Location"] == "/quiz/drill/t-three/?seed=42#result"
    html = client.get("/quiz/drill/t-three/?seed=42").content.decode()
    assert "<strong>3 of 3</strong> right." in html
    assert DrillAnswer.objects.filter(correct=True).count() == 3


def test_checking_with_a_cell_left_blank_is_refused_and_keeps_the_choices(client, table):  # noqa: F811
    plan = drill.plan_drill(table, 42)
    picked = right_choices(plan)
    picked[plan.hidden[2].key] = ""
    response = client.post("/quiz/drill/t-three/check/", {"seed": "42", **picked})
    html = response.content.decode()
    assert response.status_code == 400
    assert f"Choose a value for {plan.hidden[2].row_label} · {plan.hidden[2].column_label}" in html
    assert html.count(" selected>") == 2
    assert DrillAnswer.objects.count() == 0


def test_checking_with_a_bad_seed_is_refused(client, table):  # noqa: F811
    response = client.post("/quiz/drill/t-three/check/", {"seed": "x"})
    assert (response.status_code, DrillAnswer.objects.count()) == (400, 0)
    assert (
        "The drill&#x27;s seed must be a whole number, not &#x27;x&#x27;."
        in response.content.decode()
    )


def test_unknown_table_is_a_404_with_a_message(client, table):  # noqa: F811
    response = client.get("/quiz/drill/nope/")
    assert response.status_code == 404
    assert "There is no comparison table &#x27;nope&#x27; to drill." in response.content.decode()
