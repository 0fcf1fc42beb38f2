"""Live games: the instructor's projector and controls, the players' phones.

Pages and answers are ordinary sync views (gunicorn workers in production);
the event streams are async views in studyapp/classroom/live/streams.py
(one uvicorn process). A phone proves who it is with the token cookie it got
when it joined; the token is stored hashed.
"""

import csv
import random
import re

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from studyapp.classroom.access import instructor_required, not_yours, own_quiz, refusal
from studyapp.classroom.live import game as rules
from studyapp.classroom.live.ratelimit import allow_join, arrival_time, client_address
from studyapp.classroom.live.snapshots import (
    load_view,
    phone_id,
    phone_snapshot,
    projector_snapshot,
    stage_context,
)
from studyapp.classroom.models import InstructorQuiz
from studyapp.classroom.models_live import Answer, Game

TOKEN_COOKIE_AGE = 12 * 3600
PIN_PATTERN = re.compile(r"^\d{6}$")
ANSWERED = "classroom/live/_phone_answered.html"
TOKEN_COOKIE_NAME = re.compile(r"^live_([0-9]{1,18})$")  # token_cookie()'s names


def _now_ms() -> int:
    return int(timezone.now().timestamp() * 1000)


def token_cookie(game: Game) -> str:
    return f"live_{game.pk}"


def game_for_pin(pin: str) -> Game | None:
    """The active game with this PIN, else the last one that had it (to show its end)."""
    return rules.games_with_pin(pin).first()


# ---- the instructor ---------------------------------------------------------


@instructor_required
@require_GET
def live_home(request):
    quizzes = InstructorQuiz.objects.filter(owner=request.user)
    games = Game.objects.filter(host=request.user)[:20]
    return render(request, "classroom/live/home.html", {"quizzes": quizzes, "games": games})


@instructor_required
@require_POST
def game_new(request, quiz_pk):
    quiz = own_quiz(request, quiz_pk)
    if quiz is None:
        return not_yours(request, "quiz")
    try:
        game = rules.create_game(quiz, request.user, timezone.now(), random.SystemRandom())
    except rules.LiveError as refused:
        messages.error(request, refused.message)
        return redirect("classroom:live_home")
    return redirect("classroom:projector", pk=game.pk)


def _own_game(request, pk) -> Game | None:
    return Game.objects.filter(pk=pk, host=request.user).first()


def join_url(request, game: Game) -> str:
    # request.get_host(): with `make run HOST=0.0.0.0` the projector is opened at
    # the LAN address, so the QR code carries the address phones can reach.
    return request.build_absolute_uri(reverse("classroom:play", args=[game.pin]))


def qr_svg(url: str) -> str:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, border=2)
    svg = image.to_string(encoding="unicode")
    return svg.replace("<svg ", '<svg role="img" aria-label="QR code of the join address" ', 1)


@instructor_required
@require_GET
def projector(request, pk):
    game = _own_game(request, pk)
    if game is None:
        return not_yours(request, "live game")
    rules.reveal_if_due(game, timezone.now())
    snapshot = projector_snapshot(load_view(game.pk))
    url = join_url(request, game)
    context = {
        "game": game,
        "snapshot": snapshot,
        "join_url": url,
        "qr": mark_safe(qr_svg(url)),  # generated here from our own URL, not user input
        "server_now": _now_ms(),
    }
    return render(request, "classroom/live/projector.html", context)


def _stage_response(snapshot, last: str | None):
    if last and last == snapshot.id:
        return HttpResponse(status=204)
    response = HttpResponse(snapshot.html)
    response["X-Snapshot-Id"] = snapshot.id
    response["Cache-Control"] = "no-store"
    return response


@instructor_required
@require_GET
def projector_stage(request, pk):
    """The projector's snapshot, for browsers that cannot hold an event stream open."""
    game = _own_game(request, pk)
    if game is None:
        return not_yours(request, "live game")
    rules.reveal_if_due(game, timezone.now())
    return _stage_response(projector_snapshot(load_view(game.pk)), request.GET.get("last"))


@instructor_required
@require_POST
def control(request, pk):
    game = _own_game(request, pk)
    if game is None:
        return not_yours(request, "live game")
    action = request.POST.get("action", "")
    now = timezone.now()
    problem = None
    try:
        if action == "next":
            rules.advance(game, now)
        elif action in ("lock", "unlock"):
            rules.set_locked(game, action == "lock")
        elif action == "cap":
            raw = request.POST.get("max_players", "").strip()
            if raw and not raw.isdigit():
                raise rules.LiveError(f"“{raw}” is not a whole number of players.", "cap")
            rules.set_max_players(game, int(raw) if raw else None)
        elif action == "remove":
            raw = request.POST.get("player", "")
            rules.remove_player(game, int(raw) if raw.isdigit() else 0)
        elif action == "finish":
            rules.finish(game, now)
        else:
            raise rules.LiveError(f"Unknown action “{action}”.", "action")
    except rules.LiveError as refused:
        problem = refused.message
    if request.htmx:
        response = _stage_response(projector_snapshot(load_view(game.pk)), None)
        if problem:
            alert = render(request, "classroom/live/_alert.html", {"message": problem})
            response.content = alert.content + response.content
        return response
    if problem:
        messages.error(request, problem)
    return redirect("classroom:projector", pk=game.pk)


@instructor_required
@require_GET
def results_csv(request, pk):
    game = _own_game(request, pk)
    if game is None:
        return not_yours(request, "live game")
    header, rows = rules.results(game)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="live-{game.pin}-{game.pk}.csv"'
    writer = csv.writer(response)
    writer.writerow(header)
    writer.writerows(_csv_safe(row) for row in rows)
    return response


def _csv_safe(row):
    # A nickname like "=HYPERLINK(…)" must not become a formula in a spreadsheet.
    return ["'" + v if isinstance(v, str) and v[:1] in ("=", "+", "-", "@") else v for v in row]


# ---- the players' phones ----------------------------------------------------


def _join_page(request, pin="", nickname="", error=None, status=200):
    context = {"pin": pin, "nickname": nickname, "error": error}
    return render(request, "classroom/live/join.html", context, status=status)


@require_http_methods(["GET", "POST"])
def play_join(request):
    if request.method == "GET":
        return _join_page(request, pin=request.GET.get("pin", ""))
    pin = request.POST.get("pin", "").strip().replace(" ", "")
    nickname = request.POST.get("nickname", "")
    now = timezone.now()
    if not allow_join(client_address(request), now):
        return _join_page(
            request, pin, nickname, "Too many join attempts from this network: wait a minute.", 429
        )
    if not PIN_PATTERN.match(pin):
        return _join_page(request, pin, nickname, "The PIN is the 6 digits on the projector.", 400)
    game = rules.active_game(pin)
    if game is None:
        return _join_page(request, pin, nickname, f"No game is running with PIN {pin}.", 404)
    existing = rules.player_for_token(game, request.COOKIES.get(token_cookie(game)))
    if existing is not None and not existing.removed:
        return redirect("classroom:play", pin=pin)  # already in: a reload, not a new player
    try:
        player, token = rules.join(game, nickname, now)
    except rules.LiveError as refused:
        return _join_page(request, pin, nickname, refused.message, 400)
    response = redirect("classroom:play", pin=pin)
    response.set_cookie(
        token_cookie(game),
        token,
        max_age=TOKEN_COOKIE_AGE,
        path="/class/",
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response


def _me(request, pin):
    game = game_for_pin(pin)
    if game is None:
        return None, None
    return game, rules.player_for_token(game, request.COOKIES.get(token_cookie(game)))


def _me_playing(request, pin):
    """_me in one query for a phone in a running game (the answer's hot path).

    The cookie's name says the game, so the player and its game come back
    together. Only the newest game's cookie is tried (one query, however many
    cookies are sent), and only an active game is taken from it: that game
    alone holds its PIN, so it is the one _me would find. Anything else goes
    the long way.
    """
    tokens = {
        int(match[1]): token
        for name, token in request.COOKIES.items()
        if (match := TOKEN_COOKIE_NAME.match(name))
    }
    if tokens:
        newest = max(tokens)
        player = rules.player_in_game(newest, pin, tokens[newest])
        if player is not None and player.game.is_active:
            return player.game, player
    return _me(request, pin)


def _phone_context(game, player) -> dict:
    context = stage_context(game) | {"me": player, "personal": True, "snapshot_id": phone_id(game)}
    if player is not None and game.state == Game.State.QUESTION:
        context["my_answer"] = Answer.objects.filter(
            player=player, question_index=game.question_index
        ).first()
    return context


@require_GET
def play(request, pin):
    game, player = _me(request, pin)
    if game is None or (player is None and not game.is_active):
        return _join_page(request, pin, "", f"No game is running with PIN {pin}.", 404)
    if player is None:
        return _join_page(request, pin)
    if player.removed:
        return refusal(request, "The instructor removed you from this game.", heading="Removed")
    rules.reveal_if_due(game, timezone.now())
    context = _phone_context(game, player) | {"server_now": _now_ms()}
    return render(request, "classroom/live/phone.html", context)


@require_GET
def play_stage(request, pin):
    """The phones' shared snapshot, for phones that cannot hold an event stream open."""
    game = game_for_pin(pin)
    if game is None:
        return HttpResponse("No such game.", status=404)
    rules.reveal_if_due(game, timezone.now())
    return _stage_response(phone_snapshot(load_view(game.pk)), request.GET.get("last"))


@require_GET
def play_me(request, pin):
    """This player's own result: computed once at the reveal, read here by token."""
    game, player = _me(request, pin)
    if player is None:
        return HttpResponse("Join the game first.", status=403)
    return render(request, "classroom/live/_phone_me.html", {"me": player, "game": game})


@require_POST
def play_answer(request, pin):
    # Stamped on arrival: at the proxy when a trusted one says so, else now.
    now = arrival_time(request, timezone.now())
    game, player = _me_playing(request, pin)
    if player is None:
        message, code = "Join the game first: your phone has no place in it yet.", "stranger"
    else:
        raw_index = request.POST.get("index", "")
        index = int(raw_index) if raw_index.lstrip("-").isdigit() else -2
        try:
            rules.submit_answer(game, player, index, request.POST.getlist("option"), now)
            message, code = None, "received"
        except rules.LiveError as refused:
            message, code = refused.message, refused.code
    if not request.htmx:
        if message:
            messages.error(request, message)
        return redirect("classroom:play", pin=pin)
    context = {"message": message, "code": code, "game": game}
    if code == "invalid":
        # The form again, with its CSRF token: this needs the request's context.
        response = render(request, ANSWERED, context | _phone_context(game, player))
    else:
        # A sentence: rendered without the request, so no context processor
        # loads a session or a user on the busiest request of a game.
        response = HttpResponse(render_to_string(ANSWERED, context))
    response["X-Answer"] = code
    return response
