import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from studyapp.catalog.loader import load_catalog
from studyapp.catalog.models import Item, Topic
from studyapp.catalog.validate import read_content

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def content_copy(tmp_path, settings):
    target = tmp_path / "content"
    shutil.copytree(FIXTURES / "good", target)
    settings.CONTENT_DIR = target
    settings.SEEDS_DIR = tmp_path / "no-seeds"  # the fixture topic has no coverage map
    return target


def load(path):
    catalog, errors = read_content(path)
    assert errors == []
    return load_catalog(catalog)


@pytest.mark.django_db
def test_second_load_changes_nothing(content_copy):
    first = load(content_copy)
    second = load(content_copy)
    assert (len(first.created), first.changes) == (9, 9)
    assert (second.changes, second.unchanged) == (0, 9)


@pytest.mark.django_db
def test_removed_item_is_retired_and_comes_back(content_copy):
    load(content_copy)
    topic_file = content_copy / "topics" / "queues.yaml"
    original = topic_file.read_text()
    without = original.replace(
        "  - id: t-retention\n    prompt: How long can a queue keep a message?\n",
        "  - id: t-retention-x\n    prompt: Changed?\n",
    )
    topic_file.write_text(without)
    report = load(content_copy)
    assert report.retired == ["t-retention"]
    assert Item.objects.get(pk="t-retention").retired is True
    topic_file.write_text(original)
    report = load(content_copy)
    assert report.updated == ["t-retention"]
    assert Item.objects.get(pk="t-retention").retired is False


@pytest.mark.django_db
def test_loadcontent_with_an_error_anywhere_loads_nothing(content_copy, capsys):
    (content_copy / "topics" / "broken.yaml").write_text(
        "topic:\n  id: broken\n  title: B\nfacts: [{id: x}]\n"
    )
    with pytest.raises(CommandError, match="nothing was loaded"):
        call_command("loadcontent")
    assert (Topic.objects.count(), Item.objects.count()) == (0, 0)
    assert "broken.yaml:4: fact x.prompt: required field is missing" in capsys.readouterr().err


@pytest.mark.django_db
def test_markdown_is_rendered_and_script_never_reaches_html(content_copy):
    topic_file = content_copy / "topics" / "queues.yaml"
    text = topic_file.read_text().replace(
        "answer: The **visibility timeout**.",
        "answer: 'The **visibility timeout**.<script>alert(1)</script><img src=x onerror=\"alert(2)\">'",
    )
    topic_file.write_text(text)
    load(content_copy)
    html = Item.objects.get(pk="t-visibility").html["answer"]
    assert html == "<p>The <strong>visibility timeout</strong>.</p>"


def test_checkcontent_exits_nonzero_and_prints_every_error(content_copy, capsys):
    (content_copy / "topics" / "bad.yaml").write_text(
        "topic:\n  id: bad\n  title: Bad\nfacts:\n  - id: Bad_Id\n    prompt: P\n    answer: A\n    source: nowhere\n"
    )
    with pytest.raises(CommandError, match="2 error"):
        call_command("checkcontent")
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "topics/bad.yaml:5: fact Bad_Id.id: 'Bad_Id' is not an id (lowercase letters, digits, hyphens)".replace(
            "topics/", str(content_copy / "topics") + "/"
        ),
        "topics/bad.yaml:8: fact Bad_Id.source: 'nowhere' is neither a seed file name (NNN_<16 hex>.txt) nor aws-docs".replace(
            "topics/", str(content_copy / "topics") + "/"
        ),
    ]


def test_checkcontent_checks_a_named_file_outside_content(content_copy, tmp_path, capsys):
    elsewhere = tmp_path / "draft.yaml"
    elsewhere.write_text("topic:\n  id: draft\n  title: D\n  colour: red\n")
    with pytest.raises(CommandError, match="1 error"):
        call_command("checkcontent", str(elsewhere))
    assert (
        capsys.readouterr()
        .out.strip()
        .endswith(
            "draft.yaml:4: topic.colour: unknown field (known fields: id, title, summary, services, order)"
        )
    )
