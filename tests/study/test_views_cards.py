import io
import sqlite3
import tempfile
import zipfile

from django.core.management import call_command

from studyapp.study.models import Card, Review


def test_card_browser_filters_by_text_and_state(guest_client, learner):
    html = guest_client.get("/study/cards/?q=strict+within&state=new").content.decode()

    assert 'role="status">1 card<' in html
    assert "t-std-vs-fifo:order:fifo" in html


def test_card_browser_unknown_state_is_named(guest_client):
    html = guest_client.get("/study/cards/?state=sleepy").content.decode()

    assert "&#x27;sleepy&#x27; is not a card state; showing every state." in html
    assert "10 cards" in html


def test_card_detail_suspend_unsuspend_reset(guest_client, learner):
    guest_client.post("/study/cards/t-visibility/suspend/")
    assert Card.objects.get(learner=learner, card_id="t-visibility").suspended is True

    guest_client.post("/study/cards/t-visibility/unsuspend/")
    assert Card.objects.get(learner=learner, card_id="t-visibility").suspended is False


def test_card_reset_keeps_log_and_makes_card_new(guest_client, learner):
    from django.utils import timezone

    from studyapp.study.api import record_outside_answer

    record_outside_answer(learner, "t-visibility", False, timezone.now(), "quiz")

    response = guest_client.post("/study/cards/t-visibility/reset/", follow=True)

    card = Card.objects.get(learner=learner, card_id="t-visibility")
    assert (card.state, card.reps, Review.objects.count()) == (0, 0, 1)
    assert "Card reset" in response.content.decode()


def test_card_detail_shows_history_and_source(guest_client, learner):
    from django.utils import timezone

    from studyapp.study.api import record_outside_answer

    record_outside_answer(learner, "t-q-1", False, timezone.now(), "exam")

    html = guest_client.get("/study/cards/t-visibility/").content.decode()

    assert "What hides a received message" in html
    assert "<td>Again</td><td>Exam</td>" in html


def apkg_notes(data: bytes) -> list[tuple[str, str]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive, tempfile.NamedTemporaryFile() as db:
        db.write(archive.read("collection.anki2"))
        db.flush()
        rows = sqlite3.connect(db.name).execute("select flds, tags from notes").fetchall()
    return sorted((flds.split("\x1f")[0], tags.strip()) for flds, tags in rows)


def test_anki_export_has_every_card(client, small_catalog):
    response = client.get("/study/export.apkg")

    notes = apkg_notes(response.content)
    assert len(notes) == 10
    assert notes[0] == ("t-q-1", "queues question")


def test_exportanki_command_writes_the_deck(small_catalog, tmp_path):
    out = io.StringIO()
    call_command("exportanki", str(tmp_path / "deck.apkg"), stdout=out)

    assert out.getvalue().startswith("Wrote 10 cards in 1 decks to")
    assert len(apkg_notes((tmp_path / "deck.apkg").read_bytes())) == 10


def test_leech_drill_shows_leeches_and_records_as_drill(guest_client, learner):
    Card.objects.create(
        learner=learner, card_id="t-trap-push", item_id="t-trap-push", topic_id="queues",
        state=2, stability=1.0, difficulty=9.0, lapses=8, leech=True, reps=20,
        due=__import__("django.utils.timezone").utils.timezone.now(),
        last_review=__import__("django.utils.timezone").utils.timezone.now(),
    )  # fmt: skip

    html = guest_client.get("/study/leeches/?reveal=1").content.decode()
    assert "1 of 1" in html
    guest_client.post("/study/leeches/answer/", {"card": "t-trap-push", "knew": "no"})

    assert list(Review.objects.values_list("source", "rating")) == [("drill", 1)]
