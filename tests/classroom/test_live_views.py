import time_machine
from django.test import RequestFactory, override_settings

from studyapp.classroom.live import game as rules
from studyapp.classroom.live.ratelimit import client_address
from studyapp.classroom.models_live import Answer, Game, Player
from tests.classroom.conftest import PASSWORD
from tests.classroom.live_helpers import T0, at, make_quiz, new_game

HTMX = {"HTTP_HX_REQUEST": "true"}


def join(client, game, nickname="Ada"):
    return client.post("/class/play/", {"pin": game.pin, "nickname": nickname})


def test_game_new_creates_a_game_and_opens_the_projector(client, host):
    quiz = make_quiz(host)
    client.login(username=host.username, password=PASSWORD)
    response = client.post(f"/class/live/new/{quiz.pk}/")
    game = Game.objects.get()
    assert response["Location"] == f"/class/live/{game.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert (
        game.pin in page,
        f"http://testserver/class/play/{game.pin}/" in page,
        "<svg" in page,
    ) == (
        True,
        True,
        True,
    )


def test_projector_is_the_hosts_only(client, host, django_user_model):
    from tests.classroom.conftest import make_user

    game = new_game(host)
    make_user("someone-else", instructor=True)
    client.login(username="someone-else", password=PASSWORD)
    assert client.get(f"/class/live/{game.pk}/").status_code == 404
    assert client.post(f"/class/live/{game.pk}/control/", {"action": "next"}).status_code == 404
    game.refresh_from_db()
    assert game.state == Game.State.LOBBY


def test_play_join_sets_a_token_cookie_and_shows_the_lobby(client, host):
    game = new_game(host)
    response = join(client, game)
    player = Player.objects.get()
    assert (response.status_code, response["Location"]) == (302, f"/class/play/{game.pin}/")
    assert rules.player_for_token(game, response.cookies[f"live_{game.pk}"].value) == player
    page = client.get(f"/class/play/{game.pin}/").content.decode()
    assert "You are in!" in page and "Ada" in page


def test_play_join_again_from_the_same_phone_keeps_one_player(client, host):
    game = new_game(host)
    join(client, game)
    response = join(client, game, "Ada again")
    assert (response.status_code, list(Player.objects.values_list("nickname", flat=True))) == (
        302,
        ["Ada"],
    )


def test_play_join_bad_pin_and_bad_nickname_say_what_is_wrong(client, host):
    game = new_game(host)
    bad_pin = client.post("/class/play/", {"pin": "12", "nickname": "Ada"})
    no_game = client.post(
        "/class/play/", {"pin": "000000" if game.pin != "000000" else "000001", "nickname": "Ada"}
    )
    bad_name = client.post("/class/play/", {"pin": game.pin, "nickname": ""})
    assert (bad_pin.status_code, "6 digits" in bad_pin.content.decode()) == (400, True)
    assert (no_game.status_code, "No game is running" in no_game.content.decode()) == (404, True)
    assert (bad_name.status_code, "Type a nickname" in bad_name.content.decode()) == (400, True)
    assert Player.objects.count() == 0


@override_settings(LIVE_JOIN_RATE=2)
def test_play_join_is_rate_limited_per_address(client, host):
    from django.core.cache import cache

    cache.clear()
    game = new_game(host)
    statuses = [
        client.post("/class/play/", {"pin": game.pin, "nickname": f"P{i}"}).status_code
        for i in range(3)
    ]
    assert statuses == [302, 302, 429]


def test_play_answer_records_once_and_reload_shows_it_received(client, host):
    game = new_game(host)
    join(client, game)
    join_other = client.__class__()
    join(join_other, game, "Bo")
    with time_machine.travel(T0, tick=False):
        rules.start(game, T0)
    with time_machine.travel(at(2), tick=False):
        first = client.post(f"/class/play/{game.pin}/answer/", {"index": 0, "option": "a"}, **HTMX)
        again = client.post(f"/class/play/{game.pin}/answer/", {"index": 0, "option": "b"}, **HTMX)
        page = client.get(f"/class/play/{game.pin}/").content.decode()
    assert (first["X-Answer"], again["X-Answer"]) == ("received", "duplicate")
    assert "counts once" in again.content.decode()
    assert list(Answer.objects.values_list("chosen", "points")) == [(["a"], 950)]
    assert "Answer received" in page and 'name="option"' not in page


def test_phones_receive_nothing_that_gives_the_answer_away_before_the_reveal(client, host):
    game = new_game(host)
    join(client, game)
    join(client.__class__(), game, "Bo")  # a second player, so one answer does not reveal
    with time_machine.travel(T0, tick=False):
        rules.start(game, T0)
    with time_machine.travel(at(2), tick=False):
        received = {
            "page": client.get(f"/class/play/{game.pin}/").content.decode(),
            "stage": client.get(f"/class/play/{game.pin}/stage/").content.decode(),
            "me": client.get(f"/class/play/{game.pin}/me/").content.decode(),
            "answer": client.post(
                f"/class/play/{game.pin}/answer/", {"index": 0, "option": "b"}, **HTMX
            ).content.decode(),
        }
    explanations = [option["why"] for option in game.questions[0]["options"]]
    leaks = {
        name: [text for text in [*explanations, "right answer", "Right!", " right"] if text in html]
        for name, html in received.items()
    }
    assert leaks == {"page": [], "stage": [], "me": [], "answer": []}
    assert "Amazon SNS" in received["page"]  # the tiles themselves are there


def test_play_answer_late_is_refused_and_the_phone_says_so(client, host):
    game = new_game(host)
    join(client, game)
    with time_machine.travel(T0, tick=False):
        rules.start(game, T0)
    with time_machine.travel(at(21.5), tick=False):
        response = client.post(
            f"/class/play/{game.pin}/answer/", {"index": 0, "option": "a"}, **HTMX
        )
    assert response["X-Answer"] == "late"
    assert "Time was up" in response.content.decode()
    assert Answer.objects.count() == 0


def test_play_answer_without_a_token_is_refused(client, host):
    game = new_game(host)
    with time_machine.travel(T0, tick=False):
        rules.start(game, T0)
        response = client.post(
            f"/class/play/{game.pin}/answer/", {"index": 0, "option": "a"}, **HTMX
        )
    assert (response["X-Answer"], Answer.objects.count()) == ("stranger", 0)


def test_play_answer_from_a_phone_that_played_an_earlier_game_with_the_pin(client, host):
    earlier = new_game(host)
    join(client, earlier)
    with time_machine.travel(T0, tick=False):
        rules.finish(earlier, T0)
    game = new_game(host, now=at(60))  # the same seed: the freed PIN again
    join(client, game, "Ada")
    client.cookies["live_" + "9" * 23] = "junk"  # no game id: beyond the database's integers
    client.cookies["live_abc"] = "junk"
    with time_machine.travel(at(60), tick=False):
        rules.start(game, at(60))
    with time_machine.travel(at(62), tick=False):
        response = client.post(
            f"/class/play/{game.pin}/answer/", {"index": 0, "option": "a"}, **HTMX
        )
    assert (game.pin, response["X-Answer"]) == (earlier.pin, "received")
    assert list(Answer.objects.values_list("game_id", "player__game_id")) == [(game.pk, game.pk)]


def test_play_answer_token_under_another_games_cookie_is_a_stranger(client, host):
    game = new_game(host)
    other = new_game(host, seed=2)
    join(client, game)
    token = client.cookies.pop(f"live_{game.pk}").value
    client.cookies[f"live_{other.pk}"] = token  # a token only counts for the game it joined
    with time_machine.travel(T0, tick=False):
        rules.start(game, T0)
    with time_machine.travel(at(2), tick=False):
        response = client.post(
            f"/class/play/{game.pin}/answer/", {"index": 0, "option": "a"}, **HTMX
        )
    assert (response["X-Answer"], Answer.objects.count()) == ("stranger", 0)


def test_play_me_shows_own_result_after_the_reveal(client, host):
    game = new_game(host)
    join(client, game)
    with time_machine.travel(T0, tick=False):
        rules.start(game, T0)
    with time_machine.travel(at(0.3), tick=False):
        client.post(f"/class/play/{game.pin}/answer/", {"index": 0, "option": "a"}, **HTMX)
    rules.reveal_if_due(Game.objects.get(pk=game.pk), at(0.5))  # as the watcher does
    html = client.get(f"/class/play/{game.pin}/me/").content.decode()
    assert "Right!" in html and "+1000" in html and "<dd>1</dd>" in html


def test_play_stage_answers_204_when_the_phone_is_up_to_date(client, host):
    game = new_game(host)
    fresh = client.get(f"/class/play/{game.pin}/stage/")
    same = client.get(f"/class/play/{game.pin}/stage/", {"last": fresh["X-Snapshot-Id"]})
    assert (fresh["X-Snapshot-Id"], same.status_code) == ("lobby--1", 204)


def test_control_runs_the_game_and_csv_downloads(client, host):
    game = new_game(host)
    phone = client.__class__()
    join(phone, game)
    client.login(username=host.username, password=PASSWORD)
    for _ in range(2):
        client.post(f"/class/live/{game.pk}/control/", {"action": "next"})
    client.post(f"/class/live/{game.pk}/control/", {"action": "lock"})
    bad = client.post(
        f"/class/live/{game.pk}/control/", {"action": "cap", "max_players": "x"}, **HTMX
    )
    game.refresh_from_db()
    csv_text = client.get(f"/class/live/{game.pk}/results.csv").content.decode()
    assert (game.state, game.locked) == (Game.State.REVEAL, True)
    assert "is not a whole number" in bad.content.decode()
    assert csv_text.splitlines()[1] == "1,Ada,0,no,,,0,,,0,,,0"


def test_control_remove_player(client, host):
    game = new_game(host)
    player, _ = rules.join(game, "Mallory", T0)
    client.login(username=host.username, password=PASSWORD)
    client.post(f"/class/live/{game.pk}/control/", {"action": "remove", "player": player.pk})
    player.refresh_from_db()
    assert player.removed is True


@override_settings(TRUSTED_PROXIES=["10.0.0.5"])
def test_client_address_trusts_forwarded_for_only_from_the_proxy():
    factory = RequestFactory()
    via_proxy = factory.get(
        "/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9"
    )
    direct = factory.get("/", REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert (client_address(via_proxy), client_address(direct)) == ("203.0.113.9", "198.51.100.7")


@override_settings(TRUSTED_PROXIES=["10.0.0.5"])
def test_arrival_time_comes_from_the_trusted_proxy_only():
    from datetime import timedelta

    from studyapp.classroom.live.ratelimit import arrival_time

    def stamped(remote, header):
        request = RequestFactory().post(
            "/", REMOTE_ADDR=remote, HTTP_X_REQUEST_START=f"t={header.timestamp():.3f}"
        )
        return arrival_time(request, at(20))

    queued = at(19.25)  # waited 0.75 s in the proxy's queue for a worker
    assert [
        stamped("10.0.0.5", queued),
        stamped("192.0.2.9", queued),  # anyone else cannot pick their own time
        stamped("10.0.0.5", at(21)),  # a stamp from the future
        stamped("10.0.0.5", at(20) - timedelta(minutes=5)),  # or from long ago
    ] == [queued, at(20), at(20), at(20)]
