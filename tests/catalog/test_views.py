import pytest

pytestmark = pytest.mark.django_db


def test_home_lists_each_topic_with_its_size(client, small_catalog):
    html = client.get("/").content.decode()
    assert "Queues for testing" in html
    assert "9 items" not in html  # topics count items, not the topic row itself
    assert "8 items:" in html
    assert "8 items: 2 facts, 1 tables, 1 rules, 1 traps, 2 questions, 1 scenarios" in html


def test_topic_page_renders_facts_tables_rules_and_traps(client, small_catalog):
    html = client.get("/topics/queues/").content.decode()
    assert "<strong>visibility timeout</strong>" in html
    assert '<th scope="row">Ordering</th><td>Best effort</td><td>Strict within a group</td>' in html
    assert "An SQS queue between producer and consumer" in html
    assert '<span class="belief">SQS pushes messages to consumers.</span>' in html


def test_unknown_topic_is_a_404_that_names_it(client, small_catalog):
    response = client.get("/topics/nope/")
    assert response.status_code == 404


def test_retired_topic_disappears_from_home(client, small_catalog):
    from studyapp.catalog.models import Topic

    Topic.objects.filter(pk="queues").update(retired=True)
    assert "Queues for testing" not in client.get("/").content.decode()
