"""The review session: /study/ and /study/topic/<id>/.

Every action is a plain form (POST, then redirect) that htmx upgrades to a
swap of the session fragment; the page works the same without JavaScript.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from studyapp.catalog.models import Item, Topic
from studyapp.study import session
from studyapp.study.cards import KIND_NAMES, catalogue
from studyapp.study.faces import face
from studyapp.study.models import Review
from studyapp.study.queue import next_card
from studyapp.study.session import Refused

TEMPLATE = "study/session.html"


def _scope(cards, topic_id: str | None) -> str | None:
    return topic_id if topic_id in cards.topic_titles else None


def _session_url(scope: str | None, after: str | None = None) -> str:
    url = reverse("study:topic", args=[scope]) if scope else reverse("study:session")
    return f"{url}?{urlencode({'after': after})}" if after else url


def _render(request, context: dict):
    name = f"{TEMPLATE}#session" if request.htmx else TEMPLATE
    return render(request, name, context)


def _base_context(cards, scope, learner):
    return {
        "scope": scope,
        "scope_title": cards.topic_titles.get(scope) if scope else None,
        "topic_titles": cards.topic_titles,
        "kind_names": KIND_NAMES,
        "learner": learner,
    }


def _session_context(request, cards, scope, *, after=None, notice=None) -> dict:
    learner, now = request.learner, timezone.now()
    result = next_card(learner, cards, now, topic_id=scope, after_topic=after)
    context = _base_context(cards, scope, learner)
    context.update(status=result.status, notice=notice, shown=None, reason=None)
    if result.pick is not None:
        context.update(
            shown=session.show(learner, result.pick.spec, now), reason=result.pick.reason
        )
    return context


@require_GET
def session_page(request, topic_id=None):
    cards = catalogue()
    if topic_id is not None and topic_id not in cards.topic_titles:
        if not Topic.objects.filter(pk=topic_id).exists():
            raise Http404(f"There is no topic {topic_id!r}.")
    scope = _scope(cards, topic_id)
    after = request.GET.get("after") or None
    return _render(request, _session_context(request, cards, scope, after=after))


@require_GET
def card_page(request, card_id):
    """One card, front or revealed: the target of "Show answer" and of undo."""
    cards = catalogue()
    spec = cards.specs.get(card_id)
    if spec is None:
        raise Http404(f"There is no card {card_id!r}.")
    scope = _scope(cards, request.GET.get("scope"))
    context = _base_context(cards, scope, request.learner)
    context.update(
        shown=session.show(request.learner, spec, timezone.now()),
        revealed=request.GET.get("reveal") == "1",
        reason=request.GET.get("reason", ""),
        status=None,
        notice=None,
    )
    return _render(request, context)


def _after_action(request, cards, scope, *, after=None, notice=None):
    if request.htmx:
        return _render(request, _session_context(request, cards, scope, after=after, notice=notice))
    if notice:
        messages.error(request, notice)
    return redirect(_session_url(scope, after))


@require_POST
def rate(request):
    cards = catalogue()
    scope = _scope(cards, request.POST.get("scope"))
    try:
        review = session.rate(
            request.learner,
            cards,
            request.POST.get("card", ""),
            request.POST.get("token", ""),
            request.POST.get("rating"),
            timezone.now(),
        )
    except Refused as refused:
        return _after_action(request, cards, scope, notice=str(refused))
    return _after_action(request, cards, scope, after=review.topic_id)


@require_POST
def answer(request):
    cards = catalogue()
    scope = _scope(cards, request.POST.get("scope"))
    chosen = request.POST.getlist("choice")
    try:
        review, _correct, _face = session.answer(
            request.learner,
            cards,
            request.POST.get("card", ""),
            request.POST.get("token", ""),
            chosen,
            timezone.now(),
        )
    except Refused as refused:
        return _after_action(request, cards, scope, notice=str(refused))
    if request.htmx:
        return _render(request, _feedback_context(request, cards, review, chosen, scope))
    query = urlencode({"chosen": ",".join(chosen), **({"scope": scope} if scope else {})})
    return redirect(f"{reverse('study:answered', args=[review.pk])}?{query}")


def _feedback_context(request, cards, review: Review, chosen: list[str], scope) -> dict:
    spec = cards.specs.get(review.card_id)
    if spec is None:
        raise Http404("That card is no longer in the content.")
    # The face as it was shown: a trap's statement depends on the reps before this review.
    reps_before = (review.previous or {}).get("reps", 0)
    card_face = face(spec, Item.objects.get(pk=spec.item_id), reps_before)
    context = _base_context(cards, scope, request.learner)
    context.update(
        feedback=True,
        review=review,
        correct=review.rating > 1,
        face=card_face,
        chosen=set(chosen),
        spec=spec,
        next_url=_session_url(scope, review.topic_id),
        status=None,
        notice=None,
    )
    return context


@require_GET
def answered(request, review_id):
    cards = catalogue()
    learner = request.existing_learner()
    review = Review.objects.filter(pk=review_id, learner=learner).first() if learner else None
    if review is None:
        raise Http404("There is no such answer of yours.")
    scope = _scope(cards, request.GET.get("scope"))
    chosen = [c for c in request.GET.get("chosen", "").split(",") if c]
    return _render(request, _feedback_context(request, cards, review, chosen, scope))


@require_POST
def undo(request):
    cards = catalogue()
    scope = _scope(cards, request.POST.get("scope"))
    try:
        undone = session.undo_last(request.learner, timezone.now())
    except Refused as refused:
        return _after_action(request, cards, scope, notice=str(refused))
    spec = cards.specs.get(undone.card_id)
    if spec is None:
        return _after_action(request, cards, scope)
    if request.htmx:
        context = _base_context(cards, scope, request.learner)
        context.update(
            shown=session.show(request.learner, spec, timezone.now()),
            revealed=False,
            status=None,
            notice="The last rating was undone.",
            reason="",
        )
        return _render(request, context)
    messages.success(request, "The last rating was undone.")
    query = urlencode({"scope": scope} if scope else {})
    return redirect(f"{reverse('study:card', args=[undone.card_id])}?{query}")


@require_POST
def suspend(request):
    cards = catalogue()
    scope = _scope(cards, request.POST.get("scope"))
    card_id = request.POST.get("card", "")
    try:
        session.read_token(request.learner, request.POST.get("token", ""), card_id)
        card = session.set_suspended(request.learner, cards, card_id, True)
    except Refused as refused:
        return _after_action(request, cards, scope, notice=str(refused))
    if not request.htmx:
        messages.success(request, "Card suspended: find it in the card browser to unsuspend it.")
    return _after_action(request, cards, scope, after=card.topic_id)
