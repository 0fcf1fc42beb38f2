from pathlib import Path

import yaml
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from studyapp.catalog.coverage import COVERAGE_FILE, skeleton
from studyapp.catalog.loader import plain
from studyapp.catalog.yamlsource import parse_yaml


class Command(BaseCommand):
    help = "Print content/coverage.yaml with every seed heading in order, keeping entries already written."

    def handle(self, *args, **options):
        seeds = Path(settings.SEEDS_DIR)
        if not seeds.is_dir():
            raise CommandError(f"{seeds} is not there: the seeds live in ../shared/seeds/")
        path = Path(settings.CONTENT_DIR) / COVERAGE_FILE
        existing = {}
        if path.exists():
            data, errors = parse_yaml(path.read_text(encoding="utf-8"), str(path))
            if errors:
                raise CommandError("\n".join(map(str, errors)))
            existing = plain(data or {})
        text = yaml.safe_dump(
            skeleton(seeds, existing), sort_keys=False, allow_unicode=True, width=100
        )
        self.stdout.write(text)
