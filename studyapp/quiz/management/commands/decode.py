"""`python manage.py decode "TEXT" [--json]`: which services a question points to, and why."""

import json

from django.core.management.base import BaseCommand, CommandError

from studyapp.quiz.decoder_catalog import current_index, decode_text


class Command(BaseCommand):
    help = (
        "Decode an exam question: the trigger phrases it contains and the services they point to."
    )

    def add_arguments(self, parser):
        parser.add_argument("text", help="the question text (quote it)")
        parser.add_argument("--json", action="store_true", help="print the result as JSON")

    def handle(self, *args, text, **options):
        if not text.strip():
            raise CommandError('Give the question text to decode, e.g. decode "Which service ...".')
        if not current_index().rules:
            raise CommandError("No rules are loaded: run `python manage.py loadcontent` first.")
        decoding = decode_text(text)
        if options["json"]:
            self.stdout.write(json.dumps(decoding.as_json(), ensure_ascii=False))
            return
        if not decoding.services:
            self.stdout.write("No trigger phrase of any rule matched this text.")
            return
        for service in decoding.services:
            self.stdout.write(f"{service.score:5.3f}  {service.name} ({service.service})")
        self.stdout.write("")
        for trigger in decoding.triggers:
            self.stdout.write(
                f"[{trigger.start}:{trigger.end}] {trigger.phrase!r} -> {trigger.rule} ({trigger.service})"
            )
