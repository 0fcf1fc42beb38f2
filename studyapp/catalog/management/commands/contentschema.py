import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from studyapp.catalog.jsonschema import topic_file_schema


class Command(BaseCommand):
    help = "Write content/schema.json from the schema in code (--check: fail if it is stale)."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true")

    def handle(self, *args, check, **options):
        path = Path(settings.CONTENT_DIR) / "schema.json"
        text = json.dumps(topic_file_schema(), indent=2, ensure_ascii=False) + "\n"
        if check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                raise CommandError(f"{path} is stale: run python manage.py contentschema")
            return
        path.write_text(text, encoding="utf-8")
        self.stdout.write(f"wrote {path}")
