import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Hypothesis: the same examples on every CI run, no flaky deadlines on a busy 2-core box.
settings.register_profile(
    "ci", derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

FIXTURES = Path(__file__).parent / "catalog" / "fixtures"


@pytest.fixture
def small_catalog(db):
    """The small fixture topic loaded into the database."""
    from studyapp.catalog.loader import load_catalog
    from studyapp.catalog.validate import read_content

    catalog, errors = read_content(FIXTURES / "good")
    assert errors == []
    load_catalog(catalog)
    return catalog


@pytest.fixture
def full_catalog(db):
    """The project's real content/ loaded into the database."""
    from django.conf import settings as django_settings

    from studyapp.catalog.loader import load_catalog
    from studyapp.catalog.validate import read_content

    catalog, errors = read_content(Path(django_settings.CONTENT_DIR))
    assert [str(e) for e in errors] == []
    load_catalog(catalog)
    return catalog
