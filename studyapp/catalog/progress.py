"""How far a learner is in each topic, without the catalog importing the study app.

Imports run one way (catalog <- study), so the study app registers a provider at
start-up: fn(learner, topic_ids) -> {topic_id: number of items the learner has
studied}. With no provider registered every topic shows 0 studied.
"""

from collections.abc import Callable

_providers: list[Callable] = []


def register_progress(fn: Callable) -> Callable:
    if fn not in _providers:
        _providers.append(fn)
    return fn


def studied_counts(learner, topic_ids: list[str]) -> dict[str, int]:
    counts = dict.fromkeys(topic_ids, 0)
    if learner is None:
        return counts
    for provider in _providers:
        for topic_id, n in provider(learner, topic_ids).items():
            counts[topic_id] = counts.get(topic_id, 0) + n
    return counts
