from datetime import date

from studyapp.study import planning

TODAY = date(2025, 3, 1)


def test_new_limit_without_exam_is_the_learners_limit():
    assert planning.new_limit_for_today(20, 500, TODAY, None) == 20


def test_new_limit_paces_unseen_cards_before_exam():
    # 23 days left, introduce by 3 days before: 20 days for 600 cards -> 30 a day.
    assert planning.new_limit_for_today(20, 600, TODAY, date(2025, 3, 24)) == 30


def test_new_limit_never_below_learners_limit():
    assert planning.new_limit_for_today(20, 10, TODAY, date(2025, 3, 24)) == 20


def test_new_limit_exam_past_falls_back():
    assert planning.new_limit_for_today(20, 600, TODAY, date(2025, 2, 1)) == 20


def test_cram_window_is_last_seven_days():
    assert [planning.in_cram_window(TODAY, date(2025, 3, d)) for d in (1, 8, 9)] == [
        True,
        True,
        False,
    ]


def test_backlog_small_is_shown_at_once():
    ids = [f"c{i}" for i in range(planning.BACKLOG_THRESHOLD)]
    assert planning.backlog_share_today(ids, TODAY) == set(ids)


def test_backlog_large_is_spread_and_every_card_gets_a_day():
    ids = [f"c{i}" for i in range(500)]
    days = [date(2025, 3, d) for d in range(1, 1 + planning.BACKLOG_SPREAD_DAYS)]
    shares = [planning.backlog_share_today(ids, day) for day in days]

    assert set().union(*shares) == set(ids)
    assert sum(len(s) for s in shares) == 500
    assert max(len(s) for s in shares) < 140
