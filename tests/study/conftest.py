from datetime import UTC, datetime

import pytest

from studyapp.learners.models import Learner

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def learner(small_catalog):
    return Learner.objects.create()


@pytest.fixture
def guest_client(client, learner):
    """A browser whose session is `learner` (a guest)."""
    from studyapp.learners.identity import SESSION_KEY

    session = client.session
    session[SESSION_KEY] = learner.pk
    session.save()
    return client
