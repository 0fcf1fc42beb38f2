"""`python manage.py simulate FILE [--seed N] [--json]`: run a scenario and print its trace."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from studyapp.sims.runner import failures_of, run_scenario
from studyapp.sims.scenario import ScenarioError, load_scenario


class Command(BaseCommand):
    help = "Run a simulator scenario (content/simulations/*.yaml) and print the narrated trace."
    # Pure engines: no database or URL checks needed to run a scenario.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("file", help="the scenario YAML file")
        parser.add_argument("--seed", type=int, default=None, help="override the file's seed")
        parser.add_argument(
            "--json",
            action="store_true",
            help="print a JSON list of {step, action, response, events}",
        )

    def handle(self, *args, **options):
        try:
            scenario = load_scenario(options["file"])
        except ScenarioError as exc:
            raise CommandError(f"invalid scenario:\n{exc}", returncode=1) from None
        results = run_scenario(scenario, seed=options["seed"])
        if options["json"]:
            trace = [{k: r[k] for k in ("step", "action", "response", "events")} for r in results]
            self.stdout.write(json.dumps(trace, indent=2, default=str))
        else:
            self.stdout.write(self.render(scenario, results))
        failures = failures_of(scenario, results)
        if failures:
            raise CommandError("expectations failed:\n" + "\n".join(failures), returncode=1)

    @staticmethod
    def render(scenario, results) -> str:
        lines = [f"{scenario.title}  ({scenario.id}, seed {scenario.seed})", ""]
        for r in results:
            lines.append(f"{r['step']:>3}. {r['action']}")
            if r["say"]:
                lines.append(f"     » {r['say']}")
            if r["error"]:
                lines.append(f"     ✗ {r['error']}: {r['response']['Error']['Message']}")
            for event in r["events"]:
                lines.append(f"     t={event['t']:>7g}s  {event['text']}")
            for failure in r["failures"]:
                lines.append(f"     FAILED: {failure}")
        return "\n".join(lines) + "\n"
