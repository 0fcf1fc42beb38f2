"""A question bank big enough for exams: the small fixture catalog plus made-up questions."""

from datetime import UTC, datetime

import pytest

from studyapp.catalog.loader import render_item
from studyapp.catalog.models import Item, Topic

NOW = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)

# (domain, how many) of SAA-C03 questions added to the fixture's two.
SAA_BANK = [("saa.secure", 6), ("saa.resilient", 6), ("saa.performant", 4), ("saa.cost", 2)]


def make_question(item_id, topic_id, *, domain="saa.resilient", exams=("SAA-C03",), choose=1):
    options = [{"id": c, "text": f"Option {c.upper()}", "why": f"Why {c}."} for c in "abcde"]
    data = {
        "id": item_id,
        "stem": f"Stem of **{item_id}**?",
        "choose": choose,
        "options": options if choose > 1 else options[:4],
        "answer": ["a", "b", "c"][:choose],
        "tests": ["t-visibility"],
        "services": ["sqs"],
        "exams": list(exams),
        "domains": [domain],
        "difficulty": 2,
        "source": "002_adff30d41b85c7f1.txt",
    }
    return Item.objects.create(
        id=item_id,
        topic_id=topic_id,
        kind=Item.Kind.QUESTION,
        position=1000,
        data=data,
        html=render_item("questions", data),
        services=["sqs"],
        source=data["source"],
        content_hash=item_id,
    )


@pytest.fixture
def bank(small_catalog):
    """20 SAA-C03 questions in two topics: the fixture's 2 plus 18 spread over the domains."""
    Topic.objects.create(id="extra", title="Extra questions", position=50, content_hash="x")
    n = 0
    for domain, count in SAA_BANK:
        for _ in range(count):
            n += 1
            make_question(f"x-q-{n:02d}", "extra" if n % 2 else "queues", domain=domain)
    return Item.objects.filter(kind=Item.Kind.QUESTION)


@pytest.fixture
def account(db, django_user_model):
    from studyapp.learners.models import Learner

    user = django_user_model.objects.create_user("ada", password="pw-long-enough-1")
    return Learner.objects.create(user=user)


@pytest.fixture
def other(db, django_user_model):
    from studyapp.learners.models import Learner

    user = django_user_model.objects.create_user("bob", password="pw-long-enough-1")
    return Learner.objects.create(user=user)


@pytest.fixture
def learner_client(client, account):
    client.force_login(account.user)
    return client
