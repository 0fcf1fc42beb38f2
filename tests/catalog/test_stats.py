from pathlib import Path

from studyapp.catalog.stats import bank_stats, render_stats
from studyapp.catalog.validate import read_content

FIXTURES = Path(__file__).parent / "fixtures"


def test_contentstats_counts_kinds_and_domains():
    catalog, _ = read_content(FIXTURES / "good")
    stats = bank_stats(catalog)
    text = render_stats(stats, catalog.registry).splitlines()
    assert text[1].split() == ["queues", "2", "1", "1", "1", "2", "1"]
    assert "questions: 2, choose two/three: 1 (50%)" in text
    assert "       2  saa.resilient  Design Resilient Architectures" in text
    assert "       1  dva.development  Development with AWS Services" in text
