"""The live game's rules: lobby → question → reveal → … → podium → finished.

Every function takes `now` (UTC, aware); the views pass the server's clock.
Transitions are conditional updates on the game row, so two processes (or a
double click on "Next") move a game once. Each transition notifies the other
server processes (notify.announce), whose watchers push the new snapshot.
"""

import secrets
from contextlib import nullcontext
from datetime import datetime, timedelta

from django.db import IntegrityError, connection, transaction
from django.db.models import F, Sum

from studyapp.classroom.live import notify
from studyapp.classroom.live.nicknames import clean_nickname, nickname_key
from studyapp.classroom.live.scoring import score_answer
from studyapp.classroom.models import question_points, question_time_limit
from studyapp.classroom.models_live import Answer, Game, Player, hash_token

# Answers stamped up to one second after the deadline still count (at the
# slowest speed's points): a tap made in time may spend that long on a
# classroom's Wi-Fi. The answer is revealed only once this grace is over.
LATE_GRACE = timedelta(seconds=1)
PIN_ATTEMPTS = 30
TOP = 5

State = Game.State


class LiveError(Exception):
    """A refusal with a message for the person who asked; nothing was changed."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


def _pin(rng) -> str:
    return f"{rng.randrange(1_000_000):06d}"


def create_game(quiz, host, now: datetime, rng) -> Game:
    """A new game in its lobby, with a PIN no other active game holds."""
    if not quiz.questions:
        raise LiveError("This quiz has no questions yet: add some before playing it live.", "empty")
    for _ in range(PIN_ATTEMPTS):
        try:
            with transaction.atomic():
                return Game.objects.create(
                    quiz=quiz,
                    host=host,
                    title=quiz.title,
                    questions=quiz.questions,
                    pin=_pin(rng),
                    created_at=now,
                )
        except IntegrityError:
            continue  # that PIN is in use by another active game
    raise LiveError("Could not find a free PIN; finish some old games and try again.", "pins")


def games_with_pin(pin: str):
    """Games that had this PIN, newest first: the active one leads when there is one."""
    return Game.objects.filter(pin=pin).order_by("-created_at", "-pk")


def active_game(pin: str) -> Game | None:
    return Game.objects.exclude(state=State.FINISHED).filter(pin=pin).first()


def join(game: Game, raw_nickname: str, now: datetime) -> tuple[Player, str]:
    """Add a player; returns it with the secret token the phone keeps."""
    if game.state in (State.PODIUM, State.FINISHED):
        raise LiveError("This game is over: no one can join it now.", "over")
    if game.locked:
        raise LiveError("The instructor has locked this game: no one else can join.", "locked")
    nickname, problem = clean_nickname(raw_nickname)
    if problem:
        raise LiveError(problem, "nickname")
    if game.max_players is not None:
        playing = Player.objects.filter(game=game, removed=False).count()
        if playing >= game.max_players:
            raise LiveError(f"The game is full: it takes {game.max_players} players.", "full")
    token = secrets.token_urlsafe(32)
    try:
        with transaction.atomic():
            player = Player.objects.create(
                game=game,
                nickname=nickname,
                nickname_key=nickname_key(nickname),
                token_hash=hash_token(token),
                joined_at=now,
            )
    except IntegrityError:
        raise LiveError(
            f"Someone in this game is already called “{nickname}”: pick another nickname.",
            "taken",
        ) from None
    return player, token


def player_for_token(game: Game, token: str | None) -> Player | None:
    if not token:
        return None
    return Player.objects.filter(game=game, token_hash=hash_token(token)).first()


def player_in_game(game_id: int, pin: str, token: str | None) -> Player | None:
    """The token's player with its game loaded, when that game has this id and PIN."""
    if not token:
        return None
    return (
        Player.objects.select_related("game")
        .filter(game_id=game_id, game__pin=pin, token_hash=hash_token(token))
        .first()
    )


def _move(game: Game, expect: dict, **fields) -> bool:
    """Apply fields when the game is still as `expect` says; bump the version; notify."""
    with transaction.atomic():
        moved = Game.objects.filter(pk=game.pk, **expect).update(version=F("version") + 1, **fields)
        if moved:
            notify.announce(game.pk)
    game.refresh_from_db()
    return bool(moved)


def _open(game: Game, index: int, expect: dict, now: datetime) -> bool:
    limit = timedelta(seconds=question_time_limit(game.questions[index]))
    return _move(
        game,
        expect,
        state=State.QUESTION,
        question_index=index,
        opened_at=now,
        deadline=now + limit,
        reveal={},
    )


def start(game: Game, now: datetime) -> bool:
    return _open(game, 0, {"state": State.LOBBY}, now)


def advance(game: Game, now: datetime) -> bool:
    """The instructor's "Next": reveal now, open the next question, podium, finish."""
    if game.state == State.LOBBY:
        return start(game, now)
    if game.state == State.QUESTION:
        return reveal(game, now)
    if game.state == State.REVEAL:
        expect = {"state": State.REVEAL, "question_index": game.question_index}
        if game.question_index + 1 < len(game.questions):
            return _open(game, game.question_index + 1, expect, now)
        return _move(game, expect, state=State.PODIUM)
    if game.state == State.PODIUM:
        return finish(game, now)
    return False


def finish(game: Game, now: datetime) -> bool:
    """End the game wherever it is; results stay, the PIN is free again."""
    if game.state == State.QUESTION:
        reveal(game, now)
    return _move(game, {"state": game.state}, state=State.FINISHED, finished_at=now)


def set_locked(game: Game, locked: bool) -> None:
    _move(game, {}, locked=locked)


def set_max_players(game: Game, max_players: int | None) -> None:
    if max_players is not None and max_players < 1:
        raise LiveError("The player cap must be at least 1 (or empty for no cap).", "cap")
    _move(game, {}, max_players=max_players)


def remove_player(game: Game, player_id: int) -> Player:
    player = Player.objects.filter(game=game, pk=player_id).first()
    if player is None:
        raise LiveError("There is no such player in this game.", "missing")
    player.removed = True
    player.save(update_fields=["removed"])
    _move(game, {})
    return player


def question_is_open(game: Game, now: datetime) -> bool:
    return game.state == State.QUESTION and now <= game.deadline + LATE_GRACE


def submit_answer(
    game: Game, player: Player, index: int, chosen: list[str], now: datetime
) -> Answer:
    """Record a player's answer, stamped `now`, scored by the server's clock."""
    if player.removed:
        raise LiveError("The instructor removed you from this game.", "removed")
    if index != game.question_index or game.state not in (State.QUESTION, State.REVEAL):
        raise _closed()
    # Late is late whether or not the reveal has happened yet: the phone says why.
    if now > game.deadline + LATE_GRACE:
        raise LiveError("Time was up before your answer arrived: it was not counted.", "late")
    if game.state != State.QUESTION:
        raise _closed()  # the instructor showed the answer before the time was up
    question = game.current_question
    option_ids = {option["id"] for option in question["options"]}
    chosen = sorted(set(chosen))
    unknown = [c for c in chosen if c not in option_ids]
    if unknown:
        raise LiveError(f"“{unknown[0]}” is not one of this question's options.", "invalid")
    if len(chosen) != question["choose"]:
        raise LiveError(f"Choose {question['choose']} answers: you chose {len(chosen)}.", "invalid")
    correct = chosen == sorted(question["answer"])
    scored = score_answer(
        correct=correct,
        points=question_points(question),
        elapsed=now - game.opened_at,
        time_limit=timedelta(seconds=question_time_limit(question)),
        streak_before=player.streak,
    )
    answer = Answer(
        player=player,
        game=game,
        question_index=index,
        chosen=chosen,
        received_at=now,
        correct=correct,
        points=scored.points,
    )
    try:
        if connection.vendor == "postgresql":
            _insert_while_open(answer)
        else:
            with transaction.atomic():
                if not _still_open(game.pk, index):
                    raise _closed()  # revealed while this request was on its way
                answer.save(force_insert=True)
    except IntegrityError:
        raise LiveError(
            "Your answer to this question was already received: it counts once.", "duplicate"
        ) from None
    # No "has everyone answered?" here: it would cost every answer a query over
    # the whole class. reveal_if_due asks it once per watcher tick instead.
    return answer


def _closed() -> LiveError:
    return LiveError("That question is closed: your answer was not counted.", "closed")


def _still_open(game_id: int, index: int) -> bool:
    """Re-read the game inside the answer's transaction (SQLite and others).

    SQLite's write transactions are serialised, so a reveal is wholly before
    or wholly after this answer. PostgreSQL goes through _insert_while_open.
    """
    row = Game.objects.filter(pk=game_id).values_list("state", "question_index").first()
    return row is not None and tuple(row) == (State.QUESTION, index)


_ANSWER_FIELDS = ("player", "game", "question_index", "chosen", "received_at", "correct", "points")


def _insert_while_open(answer: Answer) -> None:
    """PostgreSQL: insert the answer only if its question is still open, in one statement.

    One round trip where a transaction takes four, on the hottest request of a
    game. The SELECT takes a share lock on the game row, held until the
    answer commits: the reveal is an UPDATE of that row, so it waits for
    answers already in flight (they count in it), and answers after it find
    the question closed (no row, nothing inserted). A second answer breaks
    the unique constraint: IntegrityError, as with create().
    """
    fields = [Answer._meta.get_field(name) for name in _ANSWER_FIELDS]
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(Answer._meta.db_table)} "
        f"({', '.join(quote(f.column) for f in fields)}) "
        f"SELECT {', '.join(['%s'] * len(fields))} FROM {quote(Game._meta.db_table)} "
        "WHERE id = %s AND state = %s AND question_index = %s FOR SHARE RETURNING id"
    )
    values = [f.get_db_prep_save(getattr(answer, f.attname), connection) for f in fields]
    params = [*values, answer.game_id, State.QUESTION, answer.question_index]
    # Inside a caller's transaction, a savepoint keeps a duplicate from spoiling it.
    with transaction.atomic() if connection.in_atomic_block else nullcontext():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            row = cursor.fetchone()
    if row is None:
        raise _closed()  # revealed while this request was on its way
    answer.pk = row[0]
    answer._state.adding = False
    answer._state.db = connection.alias


def everyone_answered(game: Game) -> bool:
    """Is every player in the game (and there is one) done with this question?"""
    playing = Player.objects.filter(game=game, removed=False)
    waiting = playing.exclude(answers__question_index=game.question_index)
    return playing.exists() and not waiting.exists()


def reveal_if_due(game: Game, now: datetime) -> bool:
    """Reveal when the time (and its grace) is up or everyone has answered.

    Asked by each process's watcher a few times a second or less, and by the
    pages that poll; never per answer.
    """
    if game.state != State.QUESTION:
        return False
    if now > game.deadline + LATE_GRACE or everyone_answered(game):
        return reveal(game, now)
    return False


def reveal(game: Game, now: datetime) -> bool:
    """Close the question and compute everyone's result once."""
    index = game.question_index
    with transaction.atomic():
        claimed = Game.objects.filter(
            pk=game.pk, state=State.QUESTION, question_index=index
        ).update(state=State.REVEAL, version=F("version") + 1)
        if not claimed:
            game.refresh_from_db()
            return False
        question = game.questions[index]
        answers = {a.player_id: a for a in Answer.objects.filter(game=game, question_index=index)}
        # Totals from the answers themselves, so a straggler that committed
        # after an earlier reveal still counts in this one.
        totals = dict(
            Answer.objects.filter(game=game)
            .values("player")
            .annotate(total=Sum("points"))
            .values_list("player", "total")
        )
        players = list(Player.objects.filter(game=game, removed=False))
        for player in players:
            answer = answers.get(player.pk)
            player.score = totals.get(player.pk, 0)
            player.last_correct = answer.correct if answer else None
            player.last_points = answer.points if answer else 0
            player.streak = player.streak + 1 if answer and answer.correct else 0
        players.sort(key=lambda p: (-p.score, p.joined_at, p.pk))
        _assign_ranks(players)
        Player.objects.bulk_update(
            players, ["score", "streak", "rank", "last_points", "last_correct"], batch_size=500
        )
        distribution = {option["id"]: 0 for option in question["options"]}
        for answer in answers.values():
            for option_id in answer.chosen:
                distribution[option_id] = distribution.get(option_id, 0) + 1
        reveal_data = {
            "index": index,
            "answer": sorted(question["answer"]),
            "distribution": distribution,
            "answered": len(answers),
            "players": len(players),
            "top": [
                {"nickname": p.nickname, "score": p.score, "rank": p.rank} for p in players[:TOP]
            ],
        }
        Game.objects.filter(pk=game.pk).update(reveal=reveal_data)
        notify.announce(game.pk)
    game.refresh_from_db()
    return True


def _assign_ranks(players_in_order: list[Player]) -> None:
    """Equal scores share a rank (1, 2, 2, 4)."""
    previous_score, previous_rank = None, 0
    for position, player in enumerate(players_in_order, start=1):
        if player.score != previous_score:
            previous_score, previous_rank = player.score, position
        player.rank = previous_rank


def results(game: Game) -> tuple[list[str], list[list]]:
    """The full results: one row per player, every question's answer and points."""
    header = ["rank", "nickname", "score", "removed"]
    for number, question in enumerate(game.questions, start=1):
        header += [
            f"q{number} {question.get('id', '')} chosen",
            f"q{number} correct",
            f"q{number} points",
        ]
    players = list(Player.objects.filter(game=game).order_by(F("rank").asc(nulls_last=True), "pk"))
    answers = {}
    for answer in Answer.objects.filter(game=game):
        answers[(answer.player_id, answer.question_index)] = answer
    rows = []
    for player in players:
        row = [player.rank or "", player.nickname, player.score, "yes" if player.removed else "no"]
        for index in range(len(game.questions)):
            answer = answers.get((player.pk, index))
            if answer is None:
                row += ["", "", 0]
            else:
                row += [" ".join(answer.chosen), "yes" if answer.correct else "no", answer.points]
        rows.append(row)
    return header, rows
