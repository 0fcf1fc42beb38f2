import re

from studyapp.study.models import Card, Review


def token_of(html: str) -> str:
    return re.search(r'name="token" value="([^"]+)"', html).group(1)


def card_of(html: str) -> str:
    return re.search(r'data-card="([^"]+)"', html).group(1)


def test_session_page_shows_first_new_card(guest_client):
    html = guest_client.get("/study/").content.decode()
    assert card_of(html) == "t-visibility"
    assert "Show answer" in html


def test_session_reveal_shows_intervals(guest_client):
    html = guest_client.get("/study/card/t-visibility/?reveal=1").content.decode()
    labels = re.findall(r'class="interval">([^<]+)<', html)
    assert labels == ["1m", "6m", "10m", "8d"]


def reveal(client, card_id="t-visibility"):
    return client.get(f"/study/card/{card_id}/?reveal=1").content.decode()


def test_rate_records_once_and_redirects_to_next_card(guest_client, learner):
    token = token_of(reveal(guest_client))

    response = guest_client.post(
        "/study/rate/", {"card": "t-visibility", "token": token, "rating": 3}
    )

    assert (response.status_code, response["Location"]) == (302, "/study/?after=queues")
    assert list(Review.objects.values_list("card_id", "rating", "source")) == [
        ("t-visibility", 3, "review")
    ]
    html = guest_client.get(response["Location"]).content.decode()
    assert card_of(html) == "t-retention"


def test_rate_double_submit_records_once(guest_client):
    token = token_of(reveal(guest_client))
    form = {"card": "t-visibility", "token": token, "rating": 3}

    guest_client.post("/study/rate/", form)
    second = guest_client.post("/study/rate/", form, follow=True)

    assert Review.objects.count() == 1
    assert "already answered" in second.content.decode()


def test_rate_card_not_due_is_refused_with_message(guest_client, learner):
    token = token_of(reveal(guest_client))
    guest_client.post(
        "/study/rate/", {"card": "t-visibility", "token": token, "rating": 4}
    )  # 8 days
    fresh = token_of(reveal(guest_client))

    response = guest_client.post(
        "/study/rate/", {"card": "t-visibility", "token": fresh, "rating": 3}, follow=True
    )

    assert Review.objects.count() == 1
    assert "This card is not due until" in response.content.decode()


def test_rate_with_htmx_returns_next_card_fragment(guest_client):
    token = token_of(reveal(guest_client))

    response = guest_client.post(
        "/study/rate/",
        {"card": "t-visibility", "token": token, "rating": 3},
        headers={"HX-Request": "true"},
    )

    html = response.content.decode()
    assert (html.lstrip().startswith('<section id="study-session"'), card_of(html)) == (
        True,
        "t-retention",
    )
    assert "<html" not in html


def test_rate_bad_rating_changes_nothing(guest_client):
    token = token_of(reveal(guest_client))

    response = guest_client.post(
        "/study/rate/", {"card": "t-visibility", "token": token, "rating": 9}, follow=True
    )

    assert Review.objects.count() == 0
    assert "Choose a rating from 1 (Again) to 4 (Easy)." in response.content.decode()


def test_rate_forged_token_changes_nothing(guest_client):
    response = guest_client.post(
        "/study/rate/", {"card": "t-visibility", "token": "forged", "rating": 3}, follow=True
    )

    assert Review.objects.count() == 0
    assert "not valid any more" in response.content.decode()


def test_undo_takes_back_last_rating(guest_client, learner):
    token = token_of(reveal(guest_client))
    guest_client.post("/study/rate/", {"card": "t-visibility", "token": token, "rating": 1})

    response = guest_client.post("/study/undo/")

    assert response["Location"] == "/study/card/t-visibility/?"
    card = Card.objects.get(learner=learner, card_id="t-visibility")
    assert (card.state, card.reps, card.due, Review.objects.count()) == (0, 0, None, 0)


def test_suspend_hides_card_from_session(guest_client, learner):
    html = guest_client.get("/study/").content.decode()

    guest_client.post("/study/suspend/", {"card": "t-visibility", "token": token_of(html)})

    assert Card.objects.get(learner=learner, card_id="t-visibility").suspended is True
    assert card_of(guest_client.get("/study/").content.decode()) == "t-retention"


def test_answer_question_wrong_rates_again_and_shows_explanations(guest_client, learner):
    html = guest_client.get("/study/card/t-q-1/").content.decode()

    response = guest_client.post(
        "/study/answer/", {"card": "t-q-1", "token": token_of(html), "choice": "b"}, follow=True
    )

    page = response.content.decode()
    assert list(Review.objects.values_list("card_id", "rating")) == [("t-q-1", 1)]
    assert "Not quite" in page and "that delays first delivery" in page


def test_answer_choose_two_needs_two(guest_client):
    html = guest_client.get("/study/card/t-q-2/").content.decode()

    response = guest_client.post(
        "/study/answer/", {"card": "t-q-2", "token": token_of(html), "choice": ["a"]}, follow=True
    )

    assert Review.objects.count() == 0
    assert "Choose exactly 2 answers" in response.content.decode()


def test_answer_trap_right_rates_good(guest_client):
    html = guest_client.get("/study/card/t-trap-push/").content.decode()
    assert "SQS pushes messages to consumers." in html  # the false belief comes first

    guest_client.post(
        "/study/answer/", {"card": "t-trap-push", "token": token_of(html), "choice": "false"}
    )

    assert list(Review.objects.values_list("rating", flat=True)) == [3]


def test_topic_session_unknown_topic_is_404(guest_client):
    assert guest_client.get("/study/topic/nope/").status_code == 404


def test_real_cards_of_every_topic_and_kind_render_in_the_session(client, full_catalog):
    from studyapp.study.cards import catalogue

    # Every card's face is checked in test_cards; here two of each (topic, kind) go end to end.
    sample: dict = {}
    for spec in catalogue().specs.values():
        sample.setdefault((spec.topic_id, spec.kind), []).append(spec.card_id)
    bad = []
    for card_id in [c for ids in sample.values() for c in ids[:2]]:
        response = client.get(f"/study/card/{card_id}/?reveal=1")
        if response.status_code != 200 or card_of(response.content.decode()) != card_id:
            bad.append(card_id)
    assert bad == []
