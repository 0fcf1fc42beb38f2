"""Counts that describe the bank: items per kind per topic, questions per exam domain."""

from collections import Counter

from studyapp.catalog.schema import KINDS
from studyapp.catalog.validate import Catalog


def bank_stats(catalog: Catalog) -> dict:
    per_topic: dict[str, Counter] = {}
    per_domain: Counter = Counter()
    multi = 0
    for topic_file, kind, item in catalog.items():
        per_topic.setdefault(topic_file.topic["id"], Counter())[kind] += 1
        if kind == "questions":
            per_domain.update(item.get("domains") or [])
            multi += item.get("choose", 1) > 1
    questions = sum(c["questions"] for c in per_topic.values())
    return {
        "per_topic": per_topic,
        "per_domain": per_domain,
        "questions": questions,
        "multi": multi,
    }


def render_stats(stats: dict, registry) -> str:
    lines = []
    header = ["topic", *KINDS]
    widths = [max(14, *(len(t) for t in stats["per_topic"]))] + [len(k) for k in KINDS]
    lines.append("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
    totals = Counter()
    for topic, counts in sorted(stats["per_topic"].items()):
        totals.update(counts)
        row = [topic] + [str(counts[k]) for k in KINDS]
        lines.append("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)))
    row = ["total"] + [str(totals[k]) for k in KINDS]
    lines.append("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)))
    share = round(100 * stats["multi"] / stats["questions"]) if stats["questions"] else 0
    lines.append("")
    lines.append(f"questions: {stats['questions']}, choose two/three: {stats['multi']} ({share}%)")
    lines.append("")
    lines.append("questions per exam domain:")
    for exam_id, exam in registry.exams.items():
        lines.append(f"  {exam_id} {exam['name']}")
        for domain in exam["domains"]:
            lines.append(
                f"    {stats['per_domain'][domain['id']]:4d}  {domain['id']}  {domain['name']}"
            )
    return "\n".join(lines)
