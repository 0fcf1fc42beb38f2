"""Everything `checkcontent` checks, in one call: topics, simulations, coverage."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from studyapp.catalog.coverage import check_coverage
from studyapp.catalog.validate import read_content
from studyapp.catalog.yamlsource import ContentError


def check_all(content_dir: Path, paths: list[Path] | None = None) -> tuple[list[ContentError], str]:
    topic_paths = None if paths is None else [p for p in paths if "simulations" not in p.parts]
    sim_paths = None if paths is None else [p for p in paths if "simulations" in p.parts]
    errors: list = []
    catalog, topic_errors = read_content(content_dir, topic_paths)
    if paths is None or topic_paths:
        errors.extend(topic_errors)
    simulation_count = 0
    if paths is None or sim_paths:
        fact_ids = {item["id"] for _, kind, item in catalog.items() if kind == "facts"}
        sim_errors, simulation_count = check_simulations(content_dir, sim_paths, fact_ids)
        errors.extend(sim_errors)
    if paths is None:
        known_ids = {item["id"] for _, _, item in catalog.items()}
        errors.extend(check_coverage(content_dir, seeds_dir(), known_ids))
    kinds = Counter(kind for _, kind, _ in catalog.items())
    counts = ", ".join(f"{n} {k}" for k, n in sorted(kinds.items()))
    summary = f"{len(catalog.topics)} topics ({counts}), {simulation_count} simulations"
    return errors, summary


def check_simulations(
    content_dir: Path, paths: list[Path] | None, fact_ids: set[str]
) -> tuple[list, int]:
    files = paths if paths is not None else sorted((content_dir / "simulations").glob("*.yaml"))
    if not files:
        return [], 0
    from studyapp.sims import scenario  # the simulator owns its scenario format

    errors: list = []
    for path in files:
        try:
            loaded = scenario.load_scenario(path)
        except scenario.ScenarioError as exc:
            errors.extend(exc.errors)
            continue
        for fact_id in loaded.teaches:
            if fact_id not in fact_ids:
                errors.append(f"{path}:1: teaches: no fact has the id {fact_id!r}")
    return errors, len(files)


def seeds_dir() -> Path | None:
    from django.conf import settings

    return Path(settings.SEEDS_DIR)
