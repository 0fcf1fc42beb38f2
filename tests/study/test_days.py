from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from studyapp.study.days import day_bounds, study_day

BERLIN = ZoneInfo("Europe/Berlin")


def test_study_day_before_rollover_belongs_to_previous_day():
    # 01:30 in Berlin on 2 March is still the study day of 1 March with a 04:00 rollover.
    assert study_day(datetime(2025, 3, 2, 0, 30, tzinfo=UTC), BERLIN, 4) == date(2025, 3, 1)


def test_study_day_after_rollover_is_the_calendar_day():
    assert study_day(datetime(2025, 3, 2, 3, 30, tzinfo=UTC), BERLIN, 4) == date(2025, 3, 2)


def test_day_bounds_follow_time_zone_and_rollover():
    start, end = day_bounds(datetime(2025, 3, 2, 12, 0, tzinfo=UTC), BERLIN, 4)

    assert (start, end) == (
        datetime(2025, 3, 2, 3, 0, tzinfo=UTC),
        datetime(2025, 3, 3, 3, 0, tzinfo=UTC),
    )
