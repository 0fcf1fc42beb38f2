import random
from datetime import timedelta

import pytest
from django.db import IntegrityError

from studyapp.classroom.live import game as rules
from studyapp.classroom.live.snapshots import load_view, phone_snapshot
from studyapp.classroom.models_live import Answer, Game, Player
from tests.classroom.live_helpers import T0, at, make_quiz, new_game

State = Game.State


def joined(game, *names):
    return [rules.join(game, name, T0)[0] for name in names]


def test_create_game_gets_a_six_digit_pin(host):
    game = new_game(host, seed=3)
    assert (len(game.pin), game.pin.isdigit(), game.state, game.question_index) == (
        6,
        True,
        State.LOBBY,
        -1,
    )


def test_create_game_pin_is_unique_among_active_games(host):
    first = new_game(host, seed=7)
    second = new_game(host, seed=7)  # the same first draw: the PIN is taken, so it draws again
    assert first.pin != second.pin
    assert Game.objects.filter(pin=first.pin).count() == 1


def test_create_game_finished_game_frees_its_pin(host):
    first = new_game(host, seed=7)
    rules.finish(first, at(1))
    second = new_game(host, seed=7)
    assert second.pin == first.pin


def test_create_game_copies_questions_so_editing_the_quiz_changes_nothing(host):
    game = new_game(host)
    game.quiz.questions = []
    game.quiz.save()
    game.refresh_from_db()
    assert [q["id"] for q in game.questions] == ["live-1", "live-2", "live-3"]


def test_join_refuses_a_taken_nickname_whatever_its_case(host):
    game = new_game(host)
    joined(game, "Ada")
    with pytest.raises(rules.LiveError) as refused:
        rules.join(game, "  ADA ", T0)
    assert refused.value.code == "taken"
    assert Player.objects.filter(game=game).count() == 1


def test_join_refuses_a_word_on_the_list(host):
    game = new_game(host)
    with pytest.raises(rules.LiveError) as refused:
        rules.join(game, "sh1t head", T0)
    assert refused.value.code == "nickname"


def test_join_refuses_when_locked_or_full(host):
    game = new_game(host)
    joined(game, "Ada", "Bo")
    rules.set_max_players(game, 2)
    with pytest.raises(rules.LiveError) as full:
        rules.join(game, "Cy", T0)
    rules.set_max_players(game, None)
    rules.set_locked(game, True)
    with pytest.raises(rules.LiveError) as locked:
        rules.join(game, "Cy", T0)
    assert (full.value.code, locked.value.code) == ("full", "locked")


def test_join_token_is_stored_hashed_and_finds_its_player(host):
    game = new_game(host)
    player, token = rules.join(game, "Ada", T0)
    assert len(token) >= 43
    assert player.token_hash != token
    assert rules.player_for_token(game, token) == player
    assert rules.player_for_token(game, token + "x") is None


def test_start_opens_the_first_question_by_the_server_clock(host):
    game = new_game(host)
    rules.start(game, at(5))
    assert (game.state, game.question_index, game.opened_at, game.deadline) == (
        State.QUESTION,
        0,
        at(5),
        at(25),
    )


def test_submit_answer_scores_by_arrival_time(host):
    game = new_game(host)
    ada, bo = joined(game, "Ada", "Bo")
    rules.start(game, at(0))
    answer = rules.submit_answer(game, ada, 0, ["a"], at(10))
    assert (answer.correct, answer.points, answer.received_at) == (True, 750, at(10))


def test_submit_answer_twice_counts_once(host):
    game = new_game(host)
    ada, _ = joined(game, "Ada", "Bo")
    rules.start(game, at(0))
    rules.submit_answer(game, ada, 0, ["a"], at(1))
    with pytest.raises(rules.LiveError) as duplicate:
        rules.submit_answer(game, ada, 0, ["b"], at(2))
    assert duplicate.value.code == "duplicate"
    assert list(Answer.objects.values_list("chosen", flat=True)) == [["a"]]


def test_answer_unique_constraint_is_in_the_database(host):
    game = new_game(host)
    (ada,) = joined(game, "Ada")
    Answer.objects.create(player=ada, game=game, question_index=0, received_at=T0)
    with pytest.raises(IntegrityError):
        Answer.objects.create(player=ada, game=game, question_index=0, received_at=T0)


def test_submit_answer_within_the_grace_counts_at_half_points(host):
    game = new_game(host)
    ada, _ = joined(game, "Ada", "Bo")
    rules.start(game, at(0))
    answer = rules.submit_answer(game, ada, 0, ["a"], at(20) + rules.LATE_GRACE)
    assert answer.points == 500


def test_submit_answer_after_the_grace_is_refused(host):
    game = new_game(host)
    ada, _ = joined(game, "Ada", "Bo")
    rules.start(game, at(0))
    late = at(20) + rules.LATE_GRACE + timedelta(milliseconds=1)
    with pytest.raises(rules.LiveError) as refused:
        rules.submit_answer(game, ada, 0, ["a"], late)
    assert (refused.value.code, Answer.objects.count()) == ("late", 0)


def test_submit_answer_arriving_after_the_reveal_and_the_grace_is_late(host):
    game = new_game(host)
    ada, bo = joined(game, "Ada", "Bo")
    rules.start(game, at(0))
    stale = Game.objects.get(pk=game.pk)  # what a request loaded before the reveal
    assert rules.reveal_if_due(game, at(21.5)) is True
    with pytest.raises(rules.LiveError) as after_reveal:
        rules.submit_answer(game, ada, 0, ["a"], at(21.6))
    with pytest.raises(rules.LiveError) as revealed_in_flight:
        rules.submit_answer(stale, bo, 0, ["a"], at(20.5))  # in time, but the reveal won
    assert (after_reveal.value.code, revealed_in_flight.value.code) == ("late", "closed")
    assert Answer.objects.count() == 0


def test_submit_answer_after_the_instructor_showed_the_answer_early_is_closed(host):
    game = new_game(host)
    ada, _ = joined(game, "Ada", "Bo")
    rules.start(game, at(0))
    rules.advance(game, at(5))  # "Show the answer now"
    with pytest.raises(rules.LiveError) as refused:
        rules.submit_answer(game, ada, 0, ["a"], at(6))
    assert refused.value.message == "That question is closed: your answer was not counted."


def test_submit_answer_to_another_question_is_refused(host):
    game = new_game(host)
    ada, _ = joined(game, "Ada", "Bo")
    rules.start(game, at(0))
    with pytest.raises(rules.LiveError) as refused:
        rules.submit_answer(game, ada, 1, ["a", "c"], at(1))
    assert refused.value.code == "closed"


def test_submit_answer_choose_two_needs_two(host):
    game = new_game(host)
    ada, _ = joined(game, "Ada", "Bo")
    rules.start(game, at(0))
    rules.advance(game, at(1))  # reveal
    rules.advance(game, at(2))  # question 2, choose two
    with pytest.raises(rules.LiveError) as one:
        rules.submit_answer(game, ada, 1, ["a"], at(3))
    with pytest.raises(rules.LiveError) as unknown:
        rules.submit_answer(game, ada, 1, ["a", "z"], at(3))
    answer = rules.submit_answer(game, ada, 1, ["c", "a"], at(3))
    assert (one.value.message, unknown.value.code) == ("Choose 2 answers: you chose 1.", "invalid")
    assert (answer.chosen, answer.correct, answer.points) == (["a", "c"], True, 1967)


def test_submit_answer_by_a_removed_player_is_refused(host):
    game = new_game(host)
    ada, _ = joined(game, "Ada", "Bo")
    rules.start(game, at(0))
    rules.remove_player(game, ada.pk)
    ada.refresh_from_db()
    with pytest.raises(rules.LiveError) as refused:
        rules.submit_answer(game, ada, 0, ["a"], at(1))
    assert refused.value.code == "removed"


def test_everyone_answering_reveals_at_the_next_check(host):
    game = new_game(host)
    ada, bo, cy = joined(game, "Ada", "Bo", "Cy")
    rules.remove_player(game, cy.pk)  # a removed player is not waited for
    rules.start(game, at(0))
    rules.submit_answer(game, ada, 0, ["a"], at(1))
    one_answered = rules.reveal_if_due(game, at(1.5))
    rules.submit_answer(game, bo, 0, ["b"], at(2))
    both_answered = rules.reveal_if_due(game, at(2.5))
    assert (one_answered, both_answered, game.state) == (False, True, State.REVEAL)


def test_reveal_if_due_waits_for_the_grace(host):
    game = new_game(host)
    joined(game, "Ada")
    rules.start(game, at(0))
    assert rules.reveal_if_due(game, at(20) + rules.LATE_GRACE) is False
    assert rules.reveal_if_due(game, at(21.1)) is True
    assert rules.reveal_if_due(game, at(22)) is False  # once only
    assert game.state == State.REVEAL


def test_reveal_computes_scores_streaks_ranks_and_top(host):
    game = new_game(host)
    ada, bo, cy = joined(game, "Ada", "Bo", "Cy")
    rules.start(game, at(0))
    rules.submit_answer(game, ada, 0, ["a"], at(0.2))  # 1000
    rules.submit_answer(game, bo, 0, ["a"], at(10))  # 750
    rules.reveal(game, at(21.5))
    assert game.reveal == {
        "index": 0,
        "answer": ["a"],
        "distribution": {"a": 2, "b": 0, "c": 0, "d": 0},
        "answered": 2,
        "players": 3,
        "top": [
            {"nickname": "Ada", "score": 1000, "rank": 1},
            {"nickname": "Bo", "score": 750, "rank": 2},
            {"nickname": "Cy", "score": 0, "rank": 3},
        ],
    }
    rules.advance(game, at(30))
    ada.refresh_from_db()
    rules.submit_answer(game, ada, 1, ["a", "c"], at(30.2))  # 2000 + streak bonus 100
    rules.reveal(game, at(70))
    rows = {
        p.nickname: (p.score, p.streak, p.rank, p.last_points, p.last_correct)
        for p in Player.objects.all()
    }
    assert rows == {
        "Ada": (3100, 2, 1, 2100, True),
        "Bo": (750, 0, 2, 0, None),  # no answer breaks the streak
        "Cy": (0, 0, 3, 0, None),
    }


def test_equal_scores_share_a_rank(host):
    game = new_game(host)
    ada, bo, cy = joined(game, "Ada", "Bo", "Cy")
    rules.start(game, at(0))
    rules.submit_answer(game, ada, 0, ["a"], at(0.1))
    rules.submit_answer(game, bo, 0, ["a"], at(0.3))
    rules.reveal(game, at(21.5))
    assert [t["rank"] for t in game.reveal["top"]] == [1, 1, 3]


def test_advance_walks_to_the_podium_and_finish(host):
    game = new_game(host)
    joined(game, "Ada")
    states = []
    for step in range(8):
        rules.advance(game, at(step))
        states.append((game.state, game.question_index))
    assert states == [
        (State.QUESTION, 0),
        (State.REVEAL, 0),
        (State.QUESTION, 1),
        (State.REVEAL, 1),
        (State.QUESTION, 2),
        (State.REVEAL, 2),
        (State.PODIUM, 2),
        (State.FINISHED, 2),
    ]


def test_advance_from_a_stale_page_moves_the_game_once(host):
    game = new_game(host)
    stale = Game.objects.get(pk=game.pk)
    rules.advance(game, at(0))
    assert rules.advance(stale, at(0)) is False  # a second click from an old copy of the lobby
    game.refresh_from_db()
    assert (game.state, game.question_index) == (State.QUESTION, 0)


def test_phone_snapshot_never_carries_the_answer_before_the_reveal(host):
    game = new_game(host)
    joined(game, "Ada")
    rules.start(game, at(0))
    question_html = phone_snapshot(load_view(game.pk)).html
    rules.reveal(game, at(25))
    reveal_html = phone_snapshot(load_view(game.pk)).html
    assert ("Right:" in question_html, "right answer" in question_html) == (False, False)
    assert "The right answer: <strong>A</strong>" in reveal_html


def test_phone_snapshot_id_changes_only_with_what_phones_see(host):
    game = new_game(host)
    joined(game, "Ada")
    before = phone_snapshot(load_view(game.pk))
    joined(game, "Bo")
    rules.set_locked(game, True)
    after = phone_snapshot(load_view(game.pk))
    rules.start(game, at(0))
    started = phone_snapshot(load_view(game.pk))
    assert (before.id, before.html) == (after.id, after.html)
    assert started.id == "question-0"


def test_results_list_every_player_and_answer(host):
    game = new_game(host)
    ada, bo = joined(game, "Ada", "=cmd")
    rules.start(game, at(0))
    rules.submit_answer(game, ada, 0, ["a"], at(0.2))
    rules.submit_answer(game, bo, 0, ["c"], at(1))
    rules.reveal_if_due(game, at(1.2))  # everyone answered: the watcher's next look reveals
    header, rows = rules.results(game)
    assert header[:7] == [
        "rank",
        "nickname",
        "score",
        "removed",
        "q1 live-1 chosen",
        "q1 correct",
        "q1 points",
    ]
    assert [row[:7] for row in rows] == [
        [1, "Ada", 1000, "no", "a", "yes", 1000],
        [2, "=cmd", 0, "no", "c", "no", 0],
    ]


def test_create_game_refuses_an_empty_quiz(host):
    quiz = make_quiz(host, questions=[])
    quiz.questions = []
    quiz.save()
    with pytest.raises(rules.LiveError) as refused:
        rules.create_game(quiz, host, T0, random.Random(1))
    assert refused.value.code == "empty"
