import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from studyapp.learners.identity import (
    SESSION_KEY,
    _merge_functions,
    is_instructor,
    register_merge,
)
from studyapp.learners.models import Learner

pytestmark = pytest.mark.django_db
User = get_user_model()
PASSWORD = "a-long-enough-passphrase-42"


def become_guest(client, **prefs):
    client.get("/account/settings/")  # first use creates the guest learner
    learner = Learner.objects.get(pk=client.session[SESSION_KEY])
    for key, value in prefs.items():
        setattr(learner, key, value)
    learner.save()
    return learner


def test_guest_learner_is_created_on_first_use_and_bound_to_the_session(client):
    guest = become_guest(client)
    client.get("/account/settings/")
    assert (Learner.objects.count(), guest.user_id) == (1, None)


def test_signup_turns_the_guest_into_the_account_learner(client):
    guest = become_guest(client, exam="SAA-C03")
    response = client.post(
        "/account/signup/",
        {"username": "ada", "email": "", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    guest.refresh_from_db()
    assert (guest.user.username, guest.exam, Learner.objects.count()) == ("ada", "SAA-C03", 1)


def test_login_with_guest_progress_merges_and_rotates_the_session_key(client):
    calls = []

    @register_merge
    def record(source, target):
        calls.append((source.pk, target.pk))

    user = User.objects.create_user("bo", password=PASSWORD)
    account = Learner.objects.create(user=user)
    guest = become_guest(client, exam="DVA-C02")
    old_key = client.session.session_key
    client.post("/account/login/", {"username": "bo", "password": PASSWORD})
    account.refresh_from_db()
    assert calls[-1] == (guest.pk, account.pk)
    assert (account.exam, Learner.objects.filter(pk=guest.pk).exists()) == ("DVA-C02", False)
    assert client.session.session_key != old_key
    _merge_functions.remove(record)


def test_logout_gives_a_fresh_session_without_the_learner(client):
    User.objects.create_user("cy", password=PASSWORD)
    client.post("/account/login/", {"username": "cy", "password": PASSWORD})
    key = client.session.session_key
    client.post("/account/logout/")
    assert client.session.session_key != key
    assert SESSION_KEY not in client.session


def test_deleting_the_account_deletes_its_learner(client):
    user = User.objects.create_user("di", password=PASSWORD)
    learner = Learner.objects.create(user=user)
    client.force_login(user)
    response = client.post("/account/delete/", {"confirm": "DELETE"})
    assert response.status_code == 302
    assert (
        User.objects.filter(pk=user.pk).exists(),
        Learner.objects.filter(pk=learner.pk).exists(),
    ) == (False, False)


def test_delete_needs_the_confirmation_word(client):
    user = User.objects.create_user("ed", password=PASSWORD)
    client.force_login(user)
    response = client.post("/account/delete/", {"confirm": "yes"})
    assert "Type DELETE in capitals to confirm." in response.content.decode()
    assert User.objects.filter(pk=user.pk).exists()


def test_password_reset_sends_a_link(client):
    User.objects.create_user("fi", email="fi@example.org", password=PASSWORD)
    client.post("/account/password-reset/", {"email": "fi@example.org"})
    assert len(mail.outbox) == 1
    assert "/account/reset/" in mail.outbox[0].body


def test_preferences_refuse_retention_outside_the_range(client):
    learner = become_guest(client)
    response = client.post(
        "/account/settings/",
        {
            "time_zone": "Europe/Berlin",
            "day_rollover_hour": 4,
            "desired_retention": 0.99,
            "new_cards_per_day": 20,
        },
    )
    assert "Ensure this value is less than or equal to 0.97." in response.content.decode()
    learner.refresh_from_db()
    assert (learner.desired_retention, learner.time_zone) == (0.90, "UTC")


def test_preferences_are_saved(client):
    learner = become_guest(client)
    client.post(
        "/account/settings/",
        {
            "time_zone": "Asia/Tokyo",
            "day_rollover_hour": 5,
            "desired_retention": 0.85,
            "new_cards_per_day": 30,
            "exam": "SAA-C03",
            "exam_date": "2027-01-15",
        },
    )
    learner.refresh_from_db()
    assert (
        learner.time_zone,
        learner.day_rollover_hour,
        learner.desired_retention,
        learner.new_cards_per_day,
        str(learner.exam_date),
    ) == (
        "Asia/Tokyo",
        5,
        0.85,
        30,
        "2027-01-15",
    )


def test_makeinstructor_grants_the_role():
    user = User.objects.create_user("gu", password=PASSWORD)
    assert is_instructor(user) is False
    call_command("makeinstructor", "gu")
    assert is_instructor(User.objects.get(pk=user.pk)) is True
    with pytest.raises(CommandError, match="No user is called 'nobody'"):
        call_command("makeinstructor", "nobody")
