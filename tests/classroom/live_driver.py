"""Drive a live game in a database a separate server process serves.

`python -m tests.classroom.live_driver COMMAND [ARGS…]` with the server's
environment (DATABASE_URL…); prints one JSON line. The stream tests use it to
change the game the way the instructor's clicks would, from outside the server.
"""

import json
import random
import sys


def main(command, *args):
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from studyapp.classroom.live import game as rules
    from studyapp.classroom.models import InstructorQuiz
    from studyapp.classroom.models_live import Answer, Game
    from tests.classroom.live_helpers import QUESTIONS

    now = timezone.now()
    if command == "setup":
        # time limits: one for all questions ("20") or one per question ("20,20,4")
        limits = [int(t) for t in (args[0] if args else "20").split(",")]
        limits += [limits[-1]] * (len(QUESTIONS) - len(limits))
        user = get_user_model().objects.create_user("host", password="a-long-enough-passphrase-42")
        user.is_superuser = True
        user.save()
        questions = [q | {"time_limit": t} for q, t in zip(QUESTIONS, limits, strict=True)]
        quiz = InstructorQuiz.objects.create(owner=user, title="Stream quiz", questions=questions)
        game = rules.create_game(
            quiz, user, now, random.Random(int(args[1]) if len(args) > 1 else 1)
        )
        return {"game": game.pk, "pin": game.pin}
    if command == "session":
        # A logged-in session for the host, as the login form would make it.
        from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
        from django.contrib.sessions.backends.db import SessionStore

        user = get_user_model().objects.get(username="host")
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        return {"sessionid": session.session_key}
    game = Game.objects.get(pk=int(args[0]))
    if command == "join":
        player, token = rules.join(game, args[1], now)
        return {"player": player.pk, "token": token}
    if command == "advance":
        rules.advance(game, now)
        return {"state": game.state, "index": game.question_index, "version": game.version}
    if command == "state":
        answers = Answer.objects.filter(game=game).count()
        return {"state": game.state, "index": game.question_index, "answers": answers}
    raise SystemExit(f"unknown command {command}")


if __name__ == "__main__":
    print(json.dumps(main(*sys.argv[1:])))
