"""The messaging lab pages: index, hand-driven labs in the URL, scenario playback, bad input."""

import re

import pytest

from studyapp.sims.lab_state import LabState, decode, encode

pytestmark = pytest.mark.django_db

SQS = "/sims/sqs/"
ORDERS = "https://sqs.us-east-1.amazonaws.com/123456789012/orders"


def _token(response) -> str:
    assert response.status_code == 303, response.content.decode()[:500]
    match = re.search(r"\?s=([A-Za-z0-9_-]+)", response["Location"])
    return match.group(1)


def _act(client, token, form, **fields):
    return client.post(SQS, {"s": token, "form": form, **fields})


def test_index_lists_every_lab_with_its_scenarios(client):
    html = client.get("/sims/").content.decode()
    for lab in ("sqs", "sns", "eventbridge", "pipes", "stepfunctions"):
        assert f'href="/sims/{lab}/"' in html
    assert 'href="/sims/sqs/?play=sqs-visibility-too-short"' in html
    assert 'href="/sims/pipes/?play=pipes-filter-enrichment"' in html
    assert 'href="/sims/eventbridge/?play=eventbridge-archive-replay"' in html


def test_unknown_lab_is_404(client):
    assert client.get("/sims/kinesis/").status_code == 404


def test_create_send_receive_wait_drives_a_queue_through_the_url(client):
    token = _token(_act(client, "", "create-queue", QueueName="orders", VisibilityTimeout="10"))
    token = _token(_act(client, token, "send", QueueUrl=ORDERS, MessageBody="order-1"))
    token = _token(_act(client, token, "receive", QueueUrl=ORDERS))
    page = client.get(SQS + "?s=" + token)
    [queue] = page.context["picture"]["queues"]
    assert [(t["label"], t["seconds_left"]) for t in queue["in_flight"]] == [("m-1", 10)]
    assert "visible again in 10 s" in page.content.decode()
    token = _token(_act(client, token, "wait", Seconds="11"))
    page = client.get(SQS + "?s=" + token)
    [queue] = page.context["picture"]["queues"]
    assert [t["label"] for t in queue["visible"]] == ["m-1"]
    assert page.context["last"]["events"][0]["kind"] == "visible-again"
    assert [a["action"] for a in decode(token).actions] == [
        "CreateQueue",
        "SendMessage",
        "ReceiveMessage",
        "x-Wait",
    ]


def test_reload_shows_the_same_lab_and_the_share_link_holds_it(client):
    token = _token(_act(client, "", "create-queue", QueueName="orders"))
    first = client.get(SQS + "?s=" + token)
    again = client.get(SQS + "?s=" + token)
    assert first.context["picture"] == again.context["picture"]
    assert f"/sims/sqs/?s={token}" in first.context["share_url"]


def test_bad_parameter_shows_aws_error_beside_the_form_and_changes_nothing(client):
    token = _token(_act(client, "", "create-queue", QueueName="orders"))
    response = _act(client, token, "receive", QueueUrl=ORDERS, WaitTimeSeconds="25")
    html = response.content.decode()
    assert response.status_code == 400
    assert response.context["form_error"]["Code"] == "InvalidParameterValue"
    assert response.context["open_form"] == "receive"
    assert 'id="form-receive-error"' in html
    assert response.context["token"] == token
    assert len(response.context["state"].actions) == 1


def test_form_input_error_is_named_and_keeps_what_was_typed(client):
    response = _act(client, "", "create-queue", QueueName="orders", VisibilityTimeout="soon")
    assert response.status_code == 400
    error = response.context["form_error"]
    assert (error["Code"], error["form"]) == ("ParamValidationError", "create-queue")
    assert "VisibilityTimeout (s) must be a whole number" in error["Message"]
    assert 'value="soon"' in response.content.decode()


def test_tampered_link_shows_a_clear_error_and_an_empty_lab(client):
    token = encode(LabState(actions=[{"action": "CreateQueue", "params": {"QueueName": "q"}}]))
    response = client.get(SQS + "?s=" + token[:-6] + "AAAAAA")
    assert response.status_code == 400
    assert "This lab link is damaged" in response.context["link_error"]
    assert response.context["picture"]["queues"] == []


def test_unknown_form_is_refused(client):
    response = client.post(SQS, {"s": "", "form": "Publish"})
    assert response.status_code == 400
    assert "not in this lab" in response.context["link_error"]


def test_undo_drops_the_last_action(client):
    token = _token(_act(client, "", "create-queue", QueueName="orders"))
    token = _token(_act(client, token, "send", QueueUrl=ORDERS, MessageBody="a"))
    undo = client.get(SQS + "?s=" + token).context["undo_url"]
    assert len(decode(undo.split("s=")[1]).actions) == 1


def test_htmx_post_returns_the_lab_fragment_and_pushes_the_new_url(client):
    response = client.post(
        SQS, {"s": "", "form": "create-queue", "QueueName": "orders"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="lab"')
    assert "<html" not in html
    pushed = response["HX-Push-Url"]
    assert [a["action"] for a in decode(pushed.split("s=")[1]).actions] == ["CreateQueue"]


def test_htmx_error_still_swaps_with_the_error(client):
    response = client.post(
        SQS, {"s": "", "form": "create-queue", "QueueName": "bad name!"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200  # htmx ignores 4xx bodies; the error is in the fragment
    assert response.context["form_error"]["Code"] == "InvalidParameterValue"
    assert 'role="alert"' in response.content.decode()
    assert "HX-Push-Url" not in response


def test_fresh_lab_offers_to_resume_the_last_one(client):
    token = _token(_act(client, "", "create-queue", QueueName="orders"))
    assert client.get(SQS).context["resume_url"] == f"/sims/sqs/?s={token}"
    assert client.get(SQS + "?new=1").context["resume_url"] is None


def test_scenario_plays_step_by_step_with_narration(client):
    url = SQS + "?play=sqs-visibility-too-short"
    page = client.get(url + "&step=4")
    html = page.content.decode()
    assert page.context["played"] == 4
    assert "Ten seconds pass" in html
    assert 'id="lab-step" href="/sims/sqs/?play=sqs-visibility-too-short&amp;step=5"' in html
    assert [t["label"] for t in page.context["picture"]["queues"][0]["visible"]] == ["m-1"]
    # The whole scenario is listed as steps, so it reads without JavaScript.
    assert html.count('class="is-done"') == 4
    assert "Worker B polls and gets the same order" in html


def test_scenario_try_it_yourself_link_continues_by_hand(client):
    page = client.get(SQS + "?play=sqs-visibility-too-short&step=3")
    hand = client.get(page.context["try_url"])
    [queue] = hand.context["picture"]["queues"]
    assert [t["label"] for t in queue["in_flight"]] == ["m-1"]
    assert len(hand.context["state"].actions) == 3


def test_scenario_of_another_service_or_bad_step_numbers(client):
    assert client.get(SQS + "?play=sns-sqs-fan-out").status_code == 404
    assert client.get(SQS + "?play=sqs-fifo-groups&step=-3").context["played"] == 0
    assert client.get(SQS + "?play=sqs-fifo-groups&step=99999999999").context["played"] == 0
    assert client.get(SQS + "?play=sqs-fifo-groups&step=999").context["played"] == 7


def test_sns_lab_greys_the_filtered_out_subscription(client):
    page = client.get("/sims/sns/?play=sns-filter-policy-routing&step=9")
    html = page.content.decode()
    assert 'class="lab-branch is-filtered-out"' in html
    assert 'class="lab-branch is-delivered"' in html


@pytest.mark.parametrize(
    ("lab", "scenario"),
    [
        ("sns", "sns-sqs-fan-out"),
        ("eventbridge", "eventbridge-orderplaced-three-targets"),
        ("pipes", "pipes-filter-enrichment"),
        ("pipes", "eventbridge-bus-vs-pipes"),
    ],
)
def test_every_step_of_other_labs_scenarios_renders(client, lab, scenario):
    first = client.get(f"/sims/{lab}/?play={scenario}")
    total = first.context["total"]
    for step in range(1, total + 1):
        page = client.get(f"/sims/{lab}/?play={scenario}&step={step}")
        assert page.context["played"] == step
        assert page.context["last"]["number"] == step


def _drive(client, lab, steps):
    """Submit forms with their drawn defaults, overridden by `steps` [(form id, fields)]."""
    token = ""
    for form_id, fields in steps:
        page = client.get(f"/sims/{lab}/" + (f"?s={token}" if token else ""))
        form = next(f for f in page.context["forms"] if f["form"].id == form_id)
        data = {f["spec"].name: f["value"] for f in form["fields"] if f["spec"].kind != "checkbox"}
        data.update(fields, s=token, form=form_id)
        token = _token(client.post(f"/sims/{lab}/", data))
    return client.get(f"/sims/{lab}/?s={token}")


def test_sns_lab_by_hand_fans_out_with_a_filter(client):
    queue = "arn:aws:sqs:us-east-1:123456789012:"
    page = _drive(
        client,
        "sns",
        [
            ("create-topic", {}),
            ("create-queue", {"QueueName": "billing"}),
            ("create-queue", {"QueueName": "toys"}),
            ("subscribe", {"Endpoint": queue + "billing"}),
            ("subscribe", {"Endpoint": queue + "toys", "FilterPolicy": '{"event": ["toy"]}'}),
            ("publish", {}),
        ],
    )
    [topic] = page.context["picture"]["topics"]
    assert [s["status"] for s in topic["subscriptions"]] == ["delivered", "filtered-out"]


def test_eventbridge_lab_by_hand_routes_an_event_to_a_queue(client):
    page = _drive(
        client,
        "eventbridge",
        [
            ("create-queue", {}),
            ("put-rule", {"EventBusName": "default"}),
            ("put-targets", {"Arn": "arn:aws:sqs:us-east-1:123456789012:billing"}),
            ("put-events", {"EventBusName": "default"}),
        ],
    )
    [bus] = page.context["picture"]["buses"]
    assert [(r["name"], r["status"]) for r in bus["rules"]] == [("order-placed", "matched")]
    [queue] = page.context["picture"]["queues"]
    assert len(queue["visible"]) == 1


def test_pipes_lab_by_hand_moves_a_message_through_the_pipe(client):
    page = _drive(
        client,
        "pipes",
        [
            ("create-queue", {"QueueName": "orders"}),
            ("create-queue", {"QueueName": "shipping"}),
            (
                "create-pipe",
                {
                    "Source": "arn:aws:sqs:us-east-1:123456789012:orders",
                    "Target": "arn:aws:sqs:us-east-1:123456789012:shipping",
                },
            ),
            ("send", {"QueueUrl": ORDERS}),
            ("wait", {"Seconds": "2"}),
        ],
    )
    queues = {q["name"]: q for q in page.context["picture"]["queues"]}
    assert (len(queues["orders"]["visible"]), len(queues["shipping"]["visible"])) == (0, 1)
    [pipe] = page.context["picture"]["pipes"]
    assert [s["lit"] for s in pipe["stages"]] == [True, True]
