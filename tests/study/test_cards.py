from studyapp.catalog.models import Item
from studyapp.study.cards import catalogue
from studyapp.study.faces import face


def test_catalogue_card_ids_derive_from_content_ids(small_catalog):
    assert list(catalogue().specs) == [
        "t-visibility",
        "t-retention",
        "t-std-vs-fifo:order:standard",
        "t-std-vs-fifo:order:fifo",
        "t-std-vs-fifo:delivery:standard",
        "t-std-vs-fifo:delivery:fifo",
        "t-rule-buffer",
        "t-trap-push",
        "t-q-1",
        "t-q-2",
    ]


def test_catalogue_drops_retired_items_but_keeps_ids(small_catalog):
    Item.objects.filter(pk="t-retention").update(retired=True)
    Item.objects.filter(pk="t-visibility").get().save()  # bump updated_at, as the loader does

    cards = catalogue()

    assert ("t-retention" in cards, "t-visibility" in cards) == (False, True)


def test_face_table_cell_names_table_column_and_row(small_catalog):
    cards = catalogue()
    spec = cards.specs["t-std-vs-fifo:order:fifo"]

    card_face = face(spec, Item.objects.get(pk=spec.item_id))

    assert (
        str(card_face.front) == "<p><strong>Standard vs FIFO</strong></p><p>FIFO · Ordering → ?</p>"
    )
    assert str(card_face.back) == "<p>Strict within a group</p>"


def test_face_trap_alternates_belief_and_reality(small_catalog):
    spec = catalogue().specs["t-trap-push"]
    item = Item.objects.get(pk="t-trap-push")

    first, second = face(spec, item, 0), face(spec, item, 1)

    assert (first.correct, second.correct) == (["false"], ["true"])
    assert "Consumers poll SQS" in str(second.front)


def test_every_card_of_the_real_content_has_a_face(full_catalog):
    cards = catalogue()
    items = {item.id: item for item in Item.objects.all()}

    faces = [face(spec, items[spec.item_id]) for spec in cards.specs.values()]

    assert len(faces) == len(cards.specs) > 0
    assert [
        spec.card_id for spec, f in zip(cards.specs.values(), faces, strict=True) if not f.front
    ] == []
