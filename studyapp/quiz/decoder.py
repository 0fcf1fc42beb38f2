"""The question decoder: which services does a question's wording point to, and why?

Every content rule lists trigger phrases ("many subscribers", "exactly once").
The decoder turns phrases and question into concept tokens (decoder_text), then
looks for each phrase in the question allowing other word orders and a small
gap between its words, but never across a sentence end; long phrases may match
with a word missing, and a phrase said twice counts a little more. A match
weighs what its words are worth: concepts that few rules use (idf over the
rules) count for more than ones every rule mentions. A rule's matches add up
to the rule's score and a service's rules to the service's score, with
diminishing returns so a service is not favoured just for having many rules.
Naming a service is evidence too, more so when it is named first or in the
closing question. Last, a broad resemblance to what the content says about
each service (tf-idf over its rules, facts, traps and scenarios, never the
questions) is added. Scores are shares of all the evidence found (0..1, summing to 1).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from studyapp.quiz.decoder_text import Token, concepts

GAP = 2  # extra words allowed inside a matched phrase
PARTIAL_MIN_WORDS = 3  # phrases this long may match with words missing
PARTIAL_MIN_COVERAGE = 0.6  # ...if at least this share of their weight matched
OTHER_RULES_FACTOR = 0.5  # a service's second and later rules count this much
MENTION_FACTOR = 1.0  # naming a service: strong evidence, though distractors are named too
FIRST_MENTION_BONUS = 1.0  # the service a question names first is usually what it is about
ASK_MENTION_BONUS = 1.0  # ...and so is one named in the question it closes with
REPEAT_FACTOR = 0.25  # a phrase's second and later occurrences count this much
# Broad evidence: how much the question's words resemble what the course
# says about each service (its rules, facts, traps, scenarios). It breaks ties
# and rescues questions no trigger phrase covers; it never names a trigger. Tuned on
# the bank: at a third of this factor, question accuracy drops about four points.
PROFILE_FACTOR = 600.0
PROFILE_TRUST_TEXTS = 20  # a profile built from this many texts counts half


@dataclass(frozen=True)
class Rule:
    id: str
    service: str
    topic: str
    think: str
    why_html: str
    triggers: tuple[str, ...]


@dataclass(frozen=True)
class Phrase:
    rule: str | None  # None: a service's own name, not a rule's trigger
    service: str
    concepts: tuple[str, ...]


@dataclass
class Index:
    rules: dict[str, Rule]
    phrases: list[Phrase]
    idf: dict[str, float]
    service_names: dict[str, str]
    by_concept: dict[str, list[int]] = field(default_factory=dict)
    profiles: dict[str, dict[str, float]] = field(default_factory=dict)  # unit tf-idf vectors
    profile_idf: dict[str, float] = field(default_factory=dict)

    def weight(self, concept: str) -> float:
        return self.idf.get(concept, self.max_idf)

    @property
    def max_idf(self) -> float:
        return max(self.idf.values(), default=1.0)


@dataclass(frozen=True)
class Trigger:
    start: int
    end: int
    phrase: str  # the matched span of the input
    rule: str
    service: str


@dataclass(frozen=True)
class ServiceScore:
    service: str
    name: str
    score: float
    rules: tuple[str, ...]  # rules that fired for it, strongest first
    named: bool = False  # the text names the service itself


@dataclass(frozen=True)
class Decoding:
    services: list[ServiceScore]
    triggers: list[Trigger]

    def as_json(self) -> dict:
        return {
            "services": [
                {"service": s.service, "name": s.name, "score": s.score} for s in self.services
            ],
            "triggers": [
                {
                    "start": t.start,
                    "end": t.end,
                    "phrase": t.phrase,
                    "rule": t.rule,
                    "service": t.service,
                }
                for t in self.triggers
            ],
        }


def build_index(
    rules: list[Rule],
    service_names: dict[str, str],
    aliases: dict[str, list[str]],
    texts: dict[str, list[str]] | None = None,
) -> Index:
    """An index over the rules' trigger phrases, the services' names and (optionally)
    what the content says about each service (`texts`: service id -> texts)."""
    phrases: list[Phrase] = []
    for rule in rules:
        seen = set()
        for trigger in rule.triggers:
            key = tuple(t.concept for t in concepts(trigger))
            if len(key) == 1 and len(trigger.split()) >= 3:
                continue  # a long phrase reduced to one word has lost what made it specific
            if key and key not in seen:
                seen.add(key)
                phrases.append(Phrase(rule.id, rule.service, key))
    rule_concepts: dict[str, set[str]] = defaultdict(set)
    for phrase in phrases:
        rule_concepts[phrase.rule].update(phrase.concepts)
    df: dict[str, int] = defaultdict(int)
    for found in rule_concepts.values():
        for concept in found:
            df[concept] += 1
    n = max(len(rule_concepts), 1)
    idf = {concept: math.log(1 + n / count) for concept, count in df.items()}
    for service, names in aliases.items():
        keys = {tuple(t.concept for t in concepts(name)) for name in names}
        phrases += [Phrase(None, service, key) for key in sorted(keys) if key]
    index = Index({r.id: r for r in rules}, phrases, idf, service_names)
    for i, phrase in enumerate(phrases):
        for concept in set(phrase.concepts):
            index.by_concept.setdefault(concept, []).append(i)
    index.profiles, index.profile_idf = _profiles(texts or {})
    return index


def _profiles(texts: dict[str, list[str]]):
    counts = {
        service: Counter(f for text in chunks for f in _features(concepts(text)))
        for service, chunks in texts.items()
    }
    df = Counter(concept for found in counts.values() for concept in found)
    n = len(counts) or 1
    idf = {concept: math.log(n / d) for concept, d in df.items()}
    profiles = {}
    for service, found in counts.items():
        vector = {c: (1 + math.log(k)) * idf[c] for c, k in found.items() if idf[c] > 0}
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        # A service the content says little about has a spiky profile that matches
        # by chance; trust it in proportion to how much there is.
        trust = len(texts[service]) / (len(texts[service]) + PROFILE_TRUST_TEXTS)
        profiles[service] = {c: trust * v / norm for c, v in vector.items()}
    return profiles, idf


def _features(tokens: list[Token]) -> list[str]:
    """Concepts, and pairs of neighbouring concepts in one sentence: "dead letter"
    says more than each word."""
    found = [t.concept for t in tokens]
    found += [
        f"{a.concept} {b.concept}"
        for a, b in zip(tokens, tokens[1:], strict=False)
        if a.sentence == b.sentence
    ]
    return found


def _profile_scores(tokens: list[Token], index: Index) -> dict[str, float]:
    """Cosine similarity of the text's concepts to each service's profile."""
    found = Counter(_features(tokens))
    vector = {c: (1 + math.log(k)) * index.profile_idf.get(c, 0) for c, k in found.items()}
    norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
    return {
        service: sum(w * profile.get(c, 0.0) for c, w in vector.items()) / norm
        for service, profile in index.profiles.items()
    }


@dataclass(frozen=True)
class _Match:
    phrase: Phrase
    weight: float
    positions: tuple[int, ...]  # token positions used


def _windows(phrase: Phrase, tokens: list[Token], anchors: list[int], index: Index):
    """Every occurrence of the phrase's concepts, best-covering first, none sharing a word.

    Words may come in any order with a small gap between them, within one sentence."""
    wanted = phrase.concepts
    total = sum(index.weight(c) for c in wanted) or 1.0
    span = len(wanted) + GAP
    candidates = []
    for anchor in anchors:
        for first in range(max(0, anchor - span + 1), anchor + 1):
            remaining = list(wanted)
            used = []
            for pos in range(first, min(len(tokens), first + span)):
                if tokens[pos].sentence != tokens[anchor].sentence:
                    continue
                if tokens[pos].concept in remaining:
                    remaining.remove(tokens[pos].concept)
                    used.append(pos)
            if used and anchor in used:
                got = total - sum(index.weight(c) for c in remaining)
                candidates.append((got / total, -(used[-1] - used[0]), tuple(used)))
    taken: set[int] = set()
    for coverage, _, used in sorted(candidates, reverse=True):
        if taken.isdisjoint(used):
            taken.update(used)
            yield coverage, used


def _matches(tokens: list[Token], index: Index) -> list[_Match]:
    at: dict[int, list[int]] = defaultdict(list)  # phrase -> token positions of its concepts
    for pos, token in enumerate(tokens):
        for i in index.by_concept.get(token.concept, ()):
            at[i].append(pos)
    found = []
    for i, anchors in at.items():
        phrase = index.phrases[i]
        specificity = sum(index.weight(c) for c in phrase.concepts)
        for coverage, used in _windows(phrase, tokens, anchors, index):
            full = coverage >= 0.999
            partial = (
                len(phrase.concepts) >= PARTIAL_MIN_WORDS
                and coverage >= PARTIAL_MIN_COVERAGE
                and len(used) >= 2
            )
            if not (full or partial):
                continue
            weight = specificity * coverage**2
            if phrase.rule is None:
                weight *= MENTION_FACTOR
            found.append(_Match(phrase, weight, used))
    return found


def _favour_telling_mentions(found: list[_Match], tokens: list[Token]) -> list[_Match]:
    """The service named first, and any named in the closing sentence (the question
    asked: "...reasons to pick Amazon SWF?"), are usually what a question is about."""
    mentions = [m for m in found if m.phrase.rule is None]
    if not mentions:
        return found
    first = min(mentions, key=lambda m: (min(m.positions), -m.weight))
    last_sentence = tokens[-1].sentence
    favoured = []
    for m in found:
        factor = 1.0
        if m.phrase.rule is None:
            if m.phrase.service == first.phrase.service and min(m.positions) == min(
                first.positions
            ):
                factor += FIRST_MENTION_BONUS
            if tokens[min(m.positions)].sentence == last_sentence and last_sentence > 0:
                factor += ASK_MENTION_BONUS
        favoured.append(_Match(m.phrase, m.weight * factor, m.positions) if factor != 1 else m)
    return favoured


def _rule_scores(found: list[_Match]) -> dict[str, tuple[float, list[_Match]]]:
    """Per rule: the sum of its matches, each question word counted once per rule;
    a phrase said again adds less than it did the first time."""
    by_rule: dict[str, list[_Match]] = defaultdict(list)
    for match in found:
        key = match.phrase.rule or f"@{match.phrase.service}"
        by_rule[key].append(match)
    scores = {}
    for rule_id, matches in by_rule.items():
        taken: set[int] = set()
        kept = []
        for match in sorted(matches, key=lambda m: -m.weight):
            if taken.isdisjoint(match.positions):
                taken.update(match.positions)
                kept.append(match)
        seen: set[Phrase] = set()
        score = 0.0
        for match in kept:
            score += match.weight * (REPEAT_FACTOR if match.phrase in seen else 1.0)
            seen.add(match.phrase)
        scores[rule_id] = (score, kept)
    return scores


def decode(text: str, index: Index) -> Decoding:
    tokens = concepts(text)
    rule_scores = _rule_scores(_favour_telling_mentions(_matches(tokens, index), tokens))
    by_service: dict[str, list[tuple[float, str]]] = defaultdict(list)
    for rule_id, (score, kept) in rule_scores.items():
        by_service[kept[0].phrase.service].append((score, rule_id))
    raw = {}
    for service, scored in by_service.items():
        scored.sort(reverse=True)
        raw[service] = scored[0][0] + OTHER_RULES_FACTOR * sum(s for s, _ in scored[1:])
    for service, similarity in _profile_scores(tokens, index).items():
        if similarity > 0:
            raw[service] = raw.get(service, 0.0) + PROFILE_FACTOR * similarity
    total = sum(raw.values())
    services = [
        ServiceScore(
            service,
            index.service_names.get(service, service),
            round(raw[service] / total, 3),
            tuple(r for _, r in by_service.get(service, []) if not r.startswith("@")),
            f"@{service}" in rule_scores,
        )
        for service in sorted(raw, key=lambda s: (-raw[s], s))
        if raw[service] > 0 and round(raw[service] / total, 3) > 0
    ]
    triggers = sorted(
        {
            Trigger(
                tokens[min(m.positions)].start,
                tokens[max(m.positions)].end,
                text[tokens[min(m.positions)].start : tokens[max(m.positions)].end],
                m.phrase.rule,
                m.phrase.service,
            )
            for _, kept in rule_scores.values()
            for m in kept
            if m.phrase.rule is not None
        },
        key=lambda t: (t.start, t.end, t.rule),
    )
    return Decoding(services, triggers)
