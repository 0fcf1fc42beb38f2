"""Read-side helpers for pages: topics with their sizes, a topic's items by kind."""

from collections import Counter

from studyapp.catalog.models import Item, Topic


def topics_with_sizes() -> list[dict]:
    topics = list(Topic.objects.filter(retired=False))
    sizes: dict[str, Counter] = {t.id: Counter() for t in topics}
    for topic_id, kind in Item.objects.filter(retired=False).values_list("topic_id", "kind"):
        if topic_id in sizes:
            sizes[topic_id][kind] += 1
    return [{"topic": t, "sizes": sizes[t.id], "total": sum(sizes[t.id].values())} for t in topics]


def topic_items(topic: Topic) -> dict[str, list[Item]]:
    grouped: dict[str, list[Item]] = {kind: [] for kind in Item.Kind.values}
    for item in topic.items.filter(retired=False).order_by("kind", "position"):
        grouped[item.kind].append(item)
    return grouped
