"""Decoder results for pages: the text with its trigger phrases marked, and reasons per service."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from studyapp.quiz.decoder import Decoding, Index

SHOWN_AT_MOST = 6  # services listed on the decoder page
WEAK_SHARE = 0.05  # below this share, a service with no trigger phrase is left out


def marked(text: str, decoding: Decoding, index: Index) -> SafeString:
    """The text, escaped, with each trigger span in <mark> (overlapping spans merged)."""
    spans: list[list] = []
    for trigger in decoding.triggers:  # sorted by start
        if spans and trigger.start < spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], trigger.end)
            spans[-1][2].append(trigger)
        else:
            spans.append([trigger.start, trigger.end, [trigger]])
    out, at = [], 0
    for start, end, triggers in spans:
        names = sorted({index.service_names.get(t.service, t.service) for t in triggers})
        title = f"points to {', '.join(names)}"
        out.append(escape(text[at:start]))
        out.append(f'<mark title="{escape(title)}">{escape(text[start:end])}</mark>')
        at = end
    out.append(escape(text[at:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece above is escaped


def ranked_reasons(decoding: Decoding, index: Index) -> list[dict]:
    """For each service worth showing: its score, the rules that fired (with why) and
    their phrases. A service without a trigger phrase is shown only when it is named
    or has a real share of the evidence: the long tail of faint resemblances is noise."""
    rows = []
    for service in decoding.services:
        if not (service.rules or service.named or service.score >= WEAK_SHARE):
            continue
        rules = []
        for rule_id in service.rules:
            rule = index.rules[rule_id]
            phrases = [t.phrase for t in decoding.triggers if t.rule == rule_id]
            rules.append({"rule": rule, "phrases": list(dict.fromkeys(phrases))})
        rows.append({"service": service, "percent": round(100 * service.score), "rules": rules})
    return rows[:SHOWN_AT_MOST]
