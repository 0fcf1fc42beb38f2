"""/study/export.apkg: every card as an Anki deck."""

import tempfile
from pathlib import Path

from django.http import HttpResponse
from django.views.decorators.http import require_GET

from studyapp.study.anki import build_package
from studyapp.study.cards import catalogue


@require_GET
def anki_export(request):
    cards = catalogue()
    topic = request.GET.get("topic")
    package = build_package(cards, [topic] if topic in cards.topic_titles else None)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "decoupled.apkg"
        package.write_to_file(str(path))
        data = path.read_bytes()
    response = HttpResponse(data, content_type="application/octet-stream")
    response["Content-Disposition"] = 'attachment; filename="decoupled.apkg"'
    return response
