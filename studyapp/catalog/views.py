from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from studyapp.catalog.models import Service, Topic
from studyapp.catalog.progress import studied_counts
from studyapp.catalog.queries import topic_items, topics_with_sizes


@require_GET
def home(request):
    topics = topics_with_sizes()
    studied = studied_counts(request.existing_learner(), [t["topic"].id for t in topics])
    for entry in topics:
        done = studied.get(entry["topic"].id, 0)
        entry["studied"] = done
        entry["percent"] = round(100 * done / entry["total"]) if entry["total"] else 0
    return render(request, "catalog/home.html", {"topics": topics})


@require_GET
def topic_detail(request, topic_id):
    topic = Topic.objects.filter(pk=topic_id, retired=False).first()
    if topic is None:
        raise Http404(f"There is no topic {topic_id!r}.")
    services = dict(Service.objects.values_list("id", "name"))
    return render(
        request,
        "catalog/topic.html",
        {"topic": topic, "items": topic_items(topic), "service_names": services},
    )
