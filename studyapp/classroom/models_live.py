"""Live games: a quiz played in a lecture hall, the projector and the phones.

The game row is the whole truth: a server process can restart mid-game and
every other process (and the restarted one) picks the game up from here.
Registered with the app from ClassroomConfig.ready().
"""

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q


class Game(models.Model):
    class State(models.TextChoices):
        LOBBY = "lobby", "Lobby"
        QUESTION = "question", "Question open"
        REVEAL = "reveal", "Answer shown"
        PODIUM = "podium", "Podium"
        FINISHED = "finished", "Finished"

    ACTIVE_STATES = (State.LOBBY, State.QUESTION, State.REVEAL, State.PODIUM)

    quiz = models.ForeignKey(
        "classroom.InstructorQuiz", null=True, on_delete=models.SET_NULL, related_name="games"
    )
    host = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="live_games"
    )
    title = models.CharField(max_length=200)
    # A copy of the quiz's questions, so editing the quiz never changes a game.
    questions = models.JSONField(default=list)
    pin = models.CharField(max_length=6)
    state = models.CharField(max_length=10, choices=State.choices, default=State.LOBBY)
    question_index = models.IntegerField(default=-1)  # -1 in the lobby
    opened_at = models.DateTimeField(null=True, blank=True)  # by the server's clock
    deadline = models.DateTimeField(null=True, blank=True)
    locked = models.BooleanField(default=False)
    max_players = models.PositiveIntegerField(null=True, blank=True)
    # Bumped on every transition phones see: the id of the shared event.
    version = models.PositiveIntegerField(default=1)
    # Computed once when the answer is revealed: distribution, top 5, counts.
    reveal = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["pin"], condition=~Q(state="finished"), name="live_pin_unique_while_active"
            )
        ]

    def __str__(self):
        return f"{self.title} (PIN {self.pin})"

    @property
    def current_question(self) -> dict | None:
        if 0 <= self.question_index < len(self.questions):
            return self.questions[self.question_index]
        return None

    @property
    def is_active(self) -> bool:
        return self.state in self.ACTIVE_STATES


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Player(models.Model):
    game = models.ForeignKey(Game, on_delete=models.CASCADE, related_name="players")
    nickname = models.CharField(max_length=24)
    nickname_key = models.CharField(max_length=24)  # casefolded, for uniqueness
    # sha256 of the random token the phone holds: a leaked table cannot play as anyone.
    token_hash = models.CharField(max_length=64, unique=True)
    score = models.IntegerField(default=0)
    streak = models.IntegerField(default=0)
    removed = models.BooleanField(default=False)
    joined_at = models.DateTimeField()
    # Computed once per reveal, fetched by the phone with its token.
    rank = models.PositiveIntegerField(null=True, blank=True)
    last_points = models.IntegerField(default=0)
    last_correct = models.BooleanField(null=True, blank=True)  # None: did not answer

    class Meta:
        ordering = ["joined_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["game", "nickname_key"], name="live_nickname_unique")
        ]
        indexes = [models.Index(fields=["game", "-score"], name="live_player_score")]

    def __str__(self):
        return self.nickname


class Answer(models.Model):
    player = models.ForeignKey(Player, on_delete=models.CASCADE, related_name="answers")
    game = models.ForeignKey(Game, on_delete=models.CASCADE, related_name="answers")
    question_index = models.IntegerField()
    chosen = models.JSONField(default=list)  # option ids, sorted
    received_at = models.DateTimeField()  # stamped by the server on arrival
    correct = models.BooleanField(default=False)
    points = models.IntegerField(default=0)

    class Meta:
        ordering = ["received_at", "pk"]
        constraints = [
            # A double tap or a resent request counts once.
            models.UniqueConstraint(
                fields=["player", "question_index"], name="live_one_answer_per_question"
            )
        ]
        indexes = [models.Index(fields=["game", "question_index"], name="live_answer_question")]

    def __str__(self):
        return f"{self.player} on question {self.question_index + 1}: {', '.join(self.chosen)}"
