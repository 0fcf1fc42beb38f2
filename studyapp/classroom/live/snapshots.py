"""What the projector and the phones are shown: state snapshots with ids.

A snapshot is rendered once per change per server process and sent as the
same bytes to every stream of its audience. Phones share one snapshot whose
id changes only when what a phone shows changes (the state and the question),
so a reconnecting phone that is up to date is sent nothing and keeps showing
"answer received". Nothing before the reveal carries the right answer.
"""

import json
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from django.template.loader import render_to_string

from studyapp.classroom.models import question_html, question_points, question_time_limit
from studyapp.classroom.models_live import Answer, Game, Player

LOBBY_NAMES_SHOWN = 120
LETTERS = "ABCDEFGHIJ"


@dataclass
class GameView:
    game: Game
    players: int = 0
    answered: int = 0
    lobby: list = field(default_factory=list)  # [(player id, nickname)], newest first


@dataclass(frozen=True)
class Snapshot:
    id: str
    state: str
    html: str

    @cached_property
    def event(self) -> bytes:
        """Encoded once: every stream of the audience writes this very object."""
        return sse_event(self.id, self.html)


def sse_event(event_id: str | None, data: str, event: str | None = None) -> bytes:
    lines = [f"id: {event_id}"] if event_id is not None else []
    if event:
        lines.append(f"event: {event}")
    lines += [f"data: {line}" for line in data.splitlines() or [""]]
    return ("\n".join(lines) + "\n\n").encode()


def load_view(game_id: int) -> GameView | None:
    game = Game.objects.filter(pk=game_id).first()
    if game is None:
        return None
    view = GameView(game=game)
    view.players = Player.objects.filter(game=game, removed=False).count()
    if game.state == Game.State.LOBBY:
        view.lobby = list(
            Player.objects.filter(game=game, removed=False)
            .order_by("-joined_at", "-pk")
            .values_list("pk", "nickname")[:LOBBY_NAMES_SHOWN]
        )
    elif game.state == Game.State.QUESTION:
        view.answered = Answer.objects.filter(game=game, question_index=game.question_index).count()
    return view


@lru_cache(maxsize=256)
def _rendered_question(game_id: int, index: int, question_json: str) -> dict:
    question = json.loads(question_json)
    html = question_html(question)
    options = [
        {"id": o["id"], "letter": LETTERS[i], "text": o["text"], "why": o["why"]}
        for i, o in enumerate(html["options"])
    ]
    return {
        "number": index + 1,
        "stem": html.get("stem", ""),
        "choose": question["choose"],
        "options": options,
        "points": question_points(question),
        "time_limit": question_time_limit(question),
    }


def question_context(game: Game, index: int | None = None) -> dict | None:
    index = game.question_index if index is None else index
    if not 0 <= index < len(game.questions):
        return None
    question = game.questions[index]
    return _rendered_question(game.pk, index, json.dumps(question, sort_keys=True))


def stage_context(game: Game) -> dict:
    question = question_context(game)
    reveal = game.reveal or {}
    answer_ids = set(reveal.get("answer", []))
    if question and reveal:
        total = max(reveal.get("answered", 0), 1)
        # The cached question is shared between renders: annotate a copy.
        question = {
            **question,
            "options": [
                {
                    **o,
                    "right": o["id"] in answer_ids,
                    "count": reveal["distribution"].get(o["id"], 0),
                    "percent": round(100 * reveal["distribution"].get(o["id"], 0) / total),
                }
                for o in question["options"]
            ],
        }
    return {
        "game": game,
        "q": question,
        "reveal": reveal,
        "answer_letters": [
            o["letter"] for o in (question or {}).get("options", []) if o.get("right")
        ],
        "last_question": game.question_index + 1 >= len(game.questions),
        "deadline_ms": int(game.deadline.timestamp() * 1000) if game.deadline else None,
        "question_count": len(game.questions),
    }


def phone_id(game: Game) -> str:
    return f"{game.state}-{game.question_index}"


def projector_id(view: GameView) -> str:
    return f"{view.game.version}-{view.players}-{view.answered}"


def phone_snapshot(view: GameView) -> Snapshot:
    game = view.game
    html = render_to_string("classroom/live/_phone_stage.html", stage_context(game))
    return Snapshot(id=phone_id(game), state=game.state, html=html)


def projector_snapshot(view: GameView) -> Snapshot:
    game = view.game
    context = stage_context(game) | {
        "players": view.players,
        "answered": view.answered,
        "lobby": view.lobby,
    }
    html = render_to_string("classroom/live/_projector_stage.html", context)
    return Snapshot(id=projector_id(view), state=game.state, html=html)
