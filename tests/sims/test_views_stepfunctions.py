"""The Step Functions lab pages: scenario player, decisions, editor and graph layout."""

import json

import pytest

from studyapp.sims.graph_layout import layout

pytestmark = pytest.mark.django_db

APPROVAL = "/sims/stepfunctions/sfn-human-approval-callback/"


def test_index_lists_every_sfn_scenario(client):
    response = client.get("/sims/stepfunctions/")
    html = response.content.decode()
    assert response.status_code == 200
    for scenario in (
        "sfn-order-pipeline-refund",
        "sfn-human-approval-callback",
        "sfn-standard-vs-express",
        "sfn-lambda-calling-lambda",
    ):
        assert f'href="/sims/stepfunctions/{scenario}/"' in html


def test_player_replays_to_the_step_and_highlights_the_current_state(client):
    response = client.get(APPROVAL + "?step=3")
    context = response.context
    assert context["played"] == 3
    assert context["view"]["active"] == ["Ask the manager"]
    assert context["view"]["waiting"]["state"] == "Ask the manager"
    active = [n["name"] for n in context["graph"]["nodes"] if "is-active" in n["classes"]]
    assert active == ["Ask the manager"]
    assert "TaskSubmitted" in [row["type"] for row in context["view"]["history"]]


def test_player_offers_approve_and_reject_at_the_decision(client):
    response = client.get(APPROVAL + "?step=7")
    html = response.content.decode()
    assert response.context["decision"] is True
    assert 'id="sfn-approve" href="?step=8"' in html
    assert 'id="sfn-reject" href="?step=8&amp;reject=8"' in html


def test_approving_succeeds_and_rejecting_fails_the_execution(client):
    approved = client.get(APPROVAL + "?step=8").context["view"]["execution"]
    assert approved.status == "SUCCEEDED"
    rejected = client.get(APPROVAL + "?step=8&reject=8").context
    assert rejected["view"]["execution"].status == "FAILED"
    assert rejected["view"]["execution"].error == "ExpenseRejected"
    assert rejected["results"][-1]["action"] == "SendTaskFailure"


def test_player_htmx_request_returns_only_the_lab_fragment(client):
    response = client.get(APPROVAL + "?step=2", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="sfn-lab"')
    assert "<html" not in html


def test_player_clamps_bad_step_numbers_and_404s_unknown_scenarios(client):
    assert client.get(APPROVAL + "?step=999").context["played"] == 10
    assert client.get(APPROVAL + "?step=abc").context["played"] == 0
    assert client.get("/sims/stepfunctions/no-such-thing/").status_code == 404


def test_editor_shows_diagnostics_with_locations(client):
    definition = json.dumps({"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}}})
    response = client.post(
        "/sims/stepfunctions/editor/", {"definition": definition, "action": "check"}
    )
    errors = response.context["errors"]
    assert [(e["code"], e["location"]) for e in errors] == [
        ("MISSING_TRANSITION_TARGET", "/States/A/Next"),
        ("MISSING_END_STATE", "/"),
    ]
    assert "/States/A/Next" in response.content.decode()


def test_editor_runs_a_valid_definition_and_shows_history(client):
    response = client.post(
        "/sims/stepfunctions/editor/", {"action": "run", "input": '{"total": 150}'}
    )
    view = response.context["view"]
    assert view["execution"].status == "SUCCEEDED"
    assert view["visited"] == ["Big order?", "Charge card", "Done", "Review"]
    assert "ExecutionSucceeded" in response.content.decode()


def test_editor_survives_nonsense(client):
    for definition in ("{", "[]", '{"StartAt": 1, "States": []}', "x" * 30_000):
        response = client.post(
            "/sims/stepfunctions/editor/", {"definition": definition, "action": "run", "input": "{"}
        )
        assert response.status_code == 200
        assert response.context["errors"]
    response = client.post("/sims/stepfunctions/editor/", {"action": "run", "input": "[1"})
    assert response.context["run_error"].startswith("InvalidExecutionInput")


def test_layout_puts_states_in_layers_and_marks_edges():
    definition = {
        "StartAt": "A",
        "States": {
            "A": {
                "Type": "Task",
                "Resource": "r",
                "Next": "B",
                "Retry": [{"ErrorEquals": ["E"], "MaxAttempts": 2}],
                "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "C"}],
            },
            "B": {"Type": "Succeed"},
            "C": {"Type": "Fail"},
        },
    }
    graph = layout(definition, active=["A"])
    rows = {n["name"]: n["y"] for n in graph["nodes"]}
    assert rows["A"] < rows["B"] == rows["C"]
    assert [(e["source"], e["target"], e["kind"]) for e in graph["edges"]] == [
        ("A", "B", "next"),
        ("A", "C", "catch"),
    ]
    assert graph["nodes"][0]["retry"] == "Retry E ×2"
    assert "is-active" in graph["nodes"][0]["classes"]
    assert layout({"nonsense": True}) == {"nodes": [], "edges": [], "width": 0, "height": 0}
