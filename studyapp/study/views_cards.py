"""The card browser (search, filter, history, suspend/unsuspend/reset) and the leech drill."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from studyapp.catalog.models import Item
from studyapp.study import session
from studyapp.study.api import record_outside_answer
from studyapp.study.cards import KIND_NAMES, catalogue
from studyapp.study.faces import face
from studyapp.study.models import Card, CardState, Review
from studyapp.study.session import Refused

STATE_FILTERS = {
    "new": "New",
    "learning": "Learning",
    "review": "Review",
    "relearning": "Relearning",
    "suspended": "Suspended",
    "leech": "Leeches",
}
PAGE_SIZE = 50


def _learner_cards(request) -> dict[str, Card]:
    learner = request.existing_learner()
    if learner is None:
        return {}
    return {c.card_id: c for c in Card.objects.filter(learner=learner)}


def _matches_state(card: Card | None, wanted: str) -> bool:
    if wanted == "suspended":
        return card is not None and card.suspended
    if wanted == "leech":
        return card is not None and card.leech
    state = CardState.NEW if card is None else CardState(card.state)
    return state.label == wanted


@require_GET
def browser(request):
    cards = catalogue()
    query = request.GET.get("q", "").strip()
    topic = request.GET.get("topic", "")
    state = request.GET.get("state", "")
    errors = []
    if topic and topic not in cards.topic_titles:
        errors.append(f"There is no topic {topic!r}; showing every topic.")
        topic = ""
    if state and state not in STATE_FILTERS:
        errors.append(f"{state!r} is not a card state; showing every state.")
        state = ""
    mine = _learner_cards(request)
    rows = []
    for spec in cards.specs.values():
        if topic and spec.topic_id != topic:
            continue
        if query and query.lower() not in f"{spec.card_id} {spec.search_text}".lower():
            continue
        card = mine.get(spec.card_id)
        if state and not _matches_state(card, state):
            continue
        rows.append({"spec": spec, "card": card})
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    keep = urlencode({k: v for k, v in (("q", query), ("topic", topic), ("state", state)) if v})
    return render(
        request,
        "study/cards.html",
        {
            "page": page,
            "count": len(rows),
            "query": query,
            "topic": topic,
            "state": state,
            "errors": errors,
            "keep": keep,
            "topic_titles": cards.topic_titles,
            "states": STATE_FILTERS,
            "kind_names": KIND_NAMES,
        },
    )


@require_GET
def card_detail(request, card_id):
    cards = catalogue()
    spec = cards.specs.get(card_id)
    if spec is None:
        raise Http404(f"There is no card {card_id!r}.")
    learner = request.existing_learner()
    card = Card.objects.filter(learner=learner, card_id=card_id).first() if learner else None
    history = (
        list(Review.objects.filter(learner=learner, card_id=card_id).order_by("-reviewed_at"))
        if learner
        else []
    )
    item = Item.objects.get(pk=spec.item_id)
    return render(
        request,
        "study/card_detail.html",
        {
            "spec": spec,
            "card": card,
            "item": item,
            "face": face(spec, item, card.reps if card else 0),
            "history": history,
            "kind_names": KIND_NAMES,
            "topic_title": cards.topic_titles.get(spec.topic_id, spec.topic_id),
        },
    )


@require_POST
def card_action(request, card_id, action):
    cards = catalogue()
    learner, now = request.learner, timezone.now()
    try:
        if action == "suspend":
            session.set_suspended(learner, cards, card_id, True)
            messages.success(
                request, "Card suspended: it will not be shown until you unsuspend it."
            )
        elif action == "unsuspend":
            session.set_suspended(learner, cards, card_id, False)
            messages.success(request, "Card unsuspended.")
        elif action == "reset":
            session.reset(learner, cards, card_id, now)
            messages.success(request, "Card reset: it is new again; its review log is kept.")
        else:
            raise Http404(f"{action!r} is not something a card can do.")
    except Refused as refused:
        messages.error(request, str(refused))
    return redirect("study:card_detail", card_id=card_id)


@require_GET
def leech_drill(request):
    """Cards failed LEECH_LAPSES times, one at a time, outside the schedule."""
    cards = catalogue()
    learner = request.existing_learner()
    leeches = []
    if learner is not None:
        leeches = [
            card_id
            for card_id in Card.objects.filter(learner=learner, leech=True, suspended=False)
            .order_by("card_id")
            .values_list("card_id", flat=True)
            if card_id in cards.specs
        ]
    after = request.GET.get("after", "")
    upcoming = [c for c in leeches if c > after] if after else leeches
    context = {"count": len(leeches), "kind_names": KIND_NAMES, "topic_titles": cards.topic_titles}
    if upcoming:
        spec = cards.specs[upcoming[0]]
        item = Item.objects.get(pk=spec.item_id)
        card = Card.objects.get(learner=learner, card_id=spec.card_id)
        context.update(
            spec=spec,
            face=face(spec, item, card.reps),
            revealed=request.GET.get("reveal") == "1",
            position=leeches.index(spec.card_id) + 1,
            after=after,
        )
    return render(request, "study/leeches.html", context)


@require_POST
def leech_answer(request):
    card_id = request.POST.get("card", "")
    knew = request.POST.get("knew")
    if card_id not in catalogue().specs or knew not in ("yes", "no"):
        messages.error(request, "Say whether you knew the card; nothing was recorded.")
        return redirect("study:leeches")
    record_outside_answer(request.learner, card_id, knew == "yes", timezone.now(), "drill")
    return redirect(f"{reverse('study:leeches')}?{urlencode({'after': card_id})}")
