from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from studyapp.catalog.checks import check_all
from studyapp.catalog.loader import load_catalog
from studyapp.catalog.validate import read_content


class Command(BaseCommand):
    help = "Load content/ into the database: atomic and idempotent; removed items are retired."

    def handle(self, *args, **options):
        content_dir = Path(settings.CONTENT_DIR)
        errors, _ = check_all(content_dir)
        if errors:
            for error in errors:
                self.stderr.write(str(error))
            raise CommandError(f"{len(errors)} error(s) in content: nothing was loaded")
        catalog, _ = read_content(content_dir)
        report = load_catalog(catalog)
        self.stdout.write(report.summary())
