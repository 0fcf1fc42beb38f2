"""Measuring the decoder: top-1 accuracy on the question bank and on requirement phrases.

For a question, only its stem is decoded (the options and explanations would
give the answer away) and the expected top service is the question's primary
service (`services[0]`). A text the decoder finds nothing in counts as wrong.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from studyapp.quiz.decoder import Index, Rule, build_index, decode
from studyapp.quiz.decoder_aliases import PROFILE_FIELDS, aliases_for, profile_text


@dataclass(frozen=True)
class Case:
    id: str
    text: str
    expected: str


@dataclass(frozen=True)
class Outcome:
    case: Case
    got: str | None  # the top service, or None when nothing matched

    @property
    def right(self) -> bool:
        return self.got == self.case.expected


def question_cases(questions) -> list[Case]:
    """Cases from question items (catalog Items or YAML dicts): stem -> primary service."""
    cases = []
    for question in questions:
        data = getattr(question, "data", question)
        cases.append(Case(data["id"], data["stem"], data["services"][0]))
    return cases


def phrase_cases(path: Path) -> list[Case]:
    """Cases from a YAML list of {text, service} requirement phrases."""
    with open(path, encoding="utf-8") as handle:
        entries = yaml.safe_load(handle)
    return [Case(f"phrase-{n}", e["text"], e["service"]) for n, e in enumerate(entries, start=1)]


def evaluate(cases: list[Case], index: Index) -> list[Outcome]:
    outcomes = []
    for case in cases:
        services = decode(case.text, index).services
        outcomes.append(Outcome(case, services[0].service if services else None))
    return outcomes


def accuracy(outcomes: list[Outcome]) -> float:
    return sum(o.right for o in outcomes) / len(outcomes) if outcomes else 0.0


def read_topics(content_dir: Path) -> list[dict]:
    """Every topic file under content_dir/topics, as plain data (read with the safe loader)."""
    topics = []
    for path in sorted((Path(content_dir) / "topics").glob("*.yaml")):
        with open(path, encoding="utf-8") as handle:
            topics.append(yaml.safe_load(handle) or {})
    return topics


def index_from_content(content_dir: Path) -> tuple[Index, list[dict]]:
    """(the decoder index over content_dir's rules, every question) without a database."""
    with open(Path(content_dir) / "services.yaml", encoding="utf-8") as handle:
        names = {s["id"]: s["name"] for s in yaml.safe_load(handle)["services"]}
    rules, questions = [], []
    texts: dict[str, list[str]] = {}
    for topic in read_topics(content_dir):
        topic_id = topic["topic"]["id"]
        for kind, fields in PROFILE_FIELDS.items():
            for item in topic.get(kind) or []:
                service = (
                    item["service"]
                    if kind == "rules"
                    else (item.get("services") or topic["topic"]["services"])[0]
                )
                texts.setdefault(service, []).extend(profile_text(item, fields))
        for r in topic.get("rules") or []:
            rules.append(
                Rule(
                    r["id"],
                    r["service"],
                    topic_id,
                    r.get("think", ""),
                    r.get("why", ""),
                    tuple(r["triggers"]),
                )
            )
        questions += topic.get("questions") or []
    return build_index(rules, names, aliases_for(names), texts), questions
