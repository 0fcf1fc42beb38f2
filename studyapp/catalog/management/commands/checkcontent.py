from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from studyapp.catalog.checks import check_all


class Command(BaseCommand):
    help = "Validate content files; print every error as file:line: field: what is wrong."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", help="files to check (default: all content)")

    def handle(self, *args, paths, **options):
        chosen = [Path(p) for p in paths] or None
        for path in chosen or []:
            if not path.exists():
                raise CommandError(f"{path}: no such file")
        errors, counts = check_all(Path(settings.CONTENT_DIR), chosen)
        for error in errors:
            self.stdout.write(str(error))
        if errors:
            raise CommandError(f"{len(errors)} error(s) in content")
        self.stdout.write(self.style.SUCCESS(f"content is valid: {counts}"))
