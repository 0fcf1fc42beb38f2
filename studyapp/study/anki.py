"""An Anki deck of the cards, with genanki: one subdeck per topic.

Ids are derived from our content ids (stable across exports), so re-importing
an updated deck updates the notes in Anki instead of duplicating them.
"""

from __future__ import annotations

import hashlib

import genanki

from studyapp.catalog.models import Item
from studyapp.study.cards import CardCatalogue
from studyapp.study.faces import face

DECK_NAME = "Decoupled"
MODEL_ID = 1_607_392_319  # fixed forever: Anki matches notes to their note type by it
MODEL = genanki.Model(
    MODEL_ID,
    "Decoupled card",
    fields=[{"name": "CardId"}, {"name": "Front"}, {"name": "Back"}],
    templates=[
        {
            "name": "Card 1",
            "qfmt": "{{Front}}",
            "afmt": '{{FrontSide}}<hr id="answer">{{Back}}',
        }
    ],
    css=".card { font-family: system-ui, sans-serif; font-size: 18px; text-align: left; }",
    sort_field_index=0,
)


def stable_id(text: str) -> int:
    # Anki ids are 64-bit signed; keep well inside the positive range.
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:6], "big") + 1


def _sides(spec, item) -> tuple[str, str]:
    card_face = face(spec, item)
    front, back = str(card_face.front), str(card_face.back)
    if card_face.choices:
        options = "".join(f"<li>{text}</li>" for _, text in card_face.choices)
        front += f"<ol type='a'>{options}</ol>"
        right = [text for choice_id, text in card_face.choices if choice_id in card_face.correct]
        why = "".join(
            f"<li>{card_face.explanations[c]}</li>"
            for c, _ in card_face.choices
            if c in card_face.explanations
        )
        back = f"<p><strong>{' / '.join(str(r) for r in right)}</strong></p>{back}"
        if why:
            back += f"<ul>{why}</ul>"
    if card_face.detail:
        back += str(card_face.detail)
    return front, back


def build_package(cards: CardCatalogue, topic_ids: list[str] | None = None) -> genanki.Package:
    items = {item.id: item for item in Item.objects.filter(retired=False)}
    decks = []
    for topic_id, title in cards.topic_titles.items():
        if topic_ids and topic_id not in topic_ids:
            continue
        deck = genanki.Deck(stable_id(f"deck:{topic_id}"), f"{DECK_NAME}::{title}")
        for card_id in cards.by_topic.get(topic_id, []):
            spec = cards.specs[card_id]
            front, back = _sides(spec, items[spec.item_id])
            deck.add_note(
                genanki.Note(
                    model=MODEL,
                    fields=[card_id, front, back],
                    guid=genanki.guid_for("decoupled", card_id),
                    tags=[topic_id, spec.kind],
                )
            )
        decks.append(deck)
    return genanki.Package(decks)
