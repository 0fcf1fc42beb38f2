"""The decoder's index built from the loaded catalog, rebuilt when the rules change."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Max

from studyapp.catalog.models import Item, Service
from studyapp.quiz.decoder import Decoding, Index, Rule, build_index, decode
from studyapp.quiz.decoder_aliases import PROFILE_FIELDS, aliases_for, profile_text
from studyapp.quiz.decoder_text import concepts
from studyapp.quiz.drill import plain

FACTS_PER_SERVICE = 3

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


@dataclass(frozen=True)
class FactLink:
    id: str
    topic: str
    prompt: str  # plain text
    concepts: frozenset[str]


def _facts_by_service() -> dict[str, list[FactLink]]:
    found: dict[str, list[FactLink]] = {}
    for item in Item.objects.filter(kind=Item.Kind.FACT, retired=False).order_by("pk"):
        if item.services:
            text = f"{item.data['prompt']} {item.data.get('answer', '')}"
            link = FactLink(
                item.id,
                item.topic_id,
                plain(item.data["prompt"]),
                frozenset(t.concept for t in concepts(text)),
            )
            found.setdefault(item.services[0], []).append(link)
    return found


def _refresh() -> None:
    signature = _signature()
    if _cache.get("signature") != signature:
        names = dict(Service.objects.values_list("id", "name"))
        _cache["index"] = build_index(
            rules_from_catalog(), names, aliases_for(names), texts_from_catalog()
        )
        _cache["facts"] = _facts_by_service()
        _cache["signature"] = signature


def current_index() -> Index:
    """The index for the content now loaded; rebuilt only when it changes."""
    _refresh()
    return _cache["index"]


def related_facts(text: str, services: list[str]) -> dict[str, list[FactLink]]:
    """For each service, the facts about it that share the most telling words with
    the text (rare words count for more), so a learner knows what to read next."""
    _refresh()
    idf = _cache["index"].profile_idf
    wanted = {t.concept for t in concepts(text)}
    found = {}
    for service in services:
        scored = []
        for fact in _cache["facts"].get(service, []):
            overlap = sum(1 + idf.get(c, 0.0) for c in wanted & fact.concepts)
            if overlap > 0:
                scored.append((-overlap, fact.id, fact))
        found[service] = [fact for *_, fact in sorted(scored)[:FACTS_PER_SERVICE]]
    return found


def decode_text(text: str) -> Decoding:
    return decode(text, current_index())
