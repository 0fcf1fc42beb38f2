"""The decoder's index built from the loaded catalog, rebuilt when the rules change."""

from __future__ import annotations

from django.db.models import Count, Max

from studyapp.catalog.models import Item, Service
from studyapp.quiz.decoder import Decoding, Index, Rule, build_index, decode
from studyapp.quiz.decoder_aliases import PROFILE_FIELDS, aliases_for, profile_text

_cache: dict[str, object] = {}


def _signature() -> tuple:
    # Any content change (not only rules) changes the services' profiles.
    agg = Item.objects.filter(retired=False).aggregate(n=Count("pk"), latest=Max("updated_at"))
    return (agg["n"], agg["latest"], Service.objects.count())


def rules_from_catalog() -> list[Rule]:
    items = Item.objects.filter(kind=Item.Kind.RULE, retired=False).order_by("pk")
    return [
        Rule(
            id=item.id,
            service=item.data["service"],
            topic=item.topic_id,
            think=item.data.get("think", ""),
            why_html=item.html.get("why", ""),
            triggers=tuple(item.data.get("triggers", [])),
        )
        for item in items
    ]


def texts_from_catalog() -> dict[str, list[str]]:
    """What the content says about each service (questions excluded), for the decoder's profiles."""
    kinds = {kind.rstrip("s"): fields for kind, fields in PROFILE_FIELDS.items()}
    texts: dict[str, list[str]] = {}
    for item in Item.objects.filter(kind__in=list(kinds), retired=False).order_by("pk"):
        service = item.data["service"] if item.kind == "rule" else (item.services or [None])[0]
        if service:
            texts.setdefault(service, []).extend(profile_text(item.data, kinds[item.kind]))
    return texts


def current_index() -> Index:
    """The index for the rules now loaded; rebuilt only when they change."""
    signature = _signature()
    if _cache.get("signature") != signature:
        names = dict(Service.objects.values_list("id", "name"))
        _cache["index"] = build_index(
            rules_from_catalog(), names, aliases_for(names), texts_from_catalog()
        )
        _cache["signature"] = signature
    return _cache["index"]


def decode_text(text: str) -> Decoding:
    return decode(text, current_index())
