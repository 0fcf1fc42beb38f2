"""What a card shows: its front, its back, and for graded cards the choices.

Text comes from the catalog's `html` (rendered and sanitised at load) or is
escaped here; nothing from content reaches a page unsanitised.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from studyapp.catalog.models import Item
from studyapp.study.cards import CardSpec


@dataclass
class Face:
    kind: str
    front: SafeString
    back: SafeString
    # Graded cards (questions, traps) are answered by choosing, not self-rated.
    choices: list[tuple[str, SafeString]] = field(default_factory=list)
    choose: int = 0
    correct: list[str] = field(default_factory=list)
    explanations: dict[str, SafeString] = field(default_factory=dict)
    detail: SafeString = mark_safe("")

    @property
    def graded(self) -> bool:
        return bool(self.choices)


def face(spec: CardSpec, item: Item, reps: int = 0) -> Face:
    html, data = item.html, item.data
    if spec.kind == "fact":
        return Face(
            "fact",
            mark_safe(html.get("prompt", "")),
            mark_safe(html.get("answer", "")),
            detail=mark_safe(html.get("detail", "")),
        )
    if spec.kind == "cell":
        _table, row_id, column_id = spec.card_id.rsplit(":", 2)
        row = next(r for r in html["rows"] if r["id"] == row_id)
        column = next(c for c in data["columns"] if c["id"] == column_id)
        front = format_html(
            "<p><strong>{}</strong></p><p>{} · {} → ?</p>",
            data.get("title", ""),
            column["label"],
            row["label"],
        )
        return Face("cell", front, mark_safe(f"<p>{row['cells'][column_id]}</p>"))
    if spec.kind == "rule":
        triggers = format_html_join(", ", "“{}”", ((t,) for t in data.get("triggers", [])))
        front = format_html("<p>If the question says {} … which service or feature?</p>", triggers)
        back = format_html(
            "<p><strong>{}</strong></p>{}", data.get("think", ""), mark_safe(html.get("why", ""))
        )
        return Face("rule", front, back)
    if spec.kind == "trap":
        # Alternate between the false belief and the true reality, so "false" is
        # not always the answer.
        show_belief = reps % 2 == 0
        statement = data["belief"] if show_belief else data["reality"]
        back = format_html(
            "<p>{} The reality: {}</p>{}",
            "False." if show_belief else "True.",
            data["reality"],
            mark_safe(html.get("why", "")),
        )
        return Face(
            "trap",
            format_html("<p>True or false?</p><p>{}</p>", statement),
            back,
            choices=[("true", mark_safe("True")), ("false", mark_safe("False"))],
            choose=1,
            correct=["false" if show_belief else "true"],
        )
    if spec.kind == "question":
        options = html.get("options", [])
        return Face(
            "question",
            mark_safe(html.get("stem", "")),
            mark_safe(""),
            choices=[(o["id"], mark_safe(o["text"])) for o in options],
            choose=int(data.get("choose", 1)),
            correct=list(data.get("answer", [])),
            explanations={o["id"]: mark_safe(o["why"]) for o in options},
        )
    raise ValueError(f"Card kind {spec.kind!r} has no face.")
