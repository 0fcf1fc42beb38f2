"""The messaging labs (/sims/sqs/, /sims/sns/, /sims/eventbridge/, /sims/pipes/) and /sims/.

Nothing is stored on the server: a hand-driven lab is its action log in the URL (`?s=`,
see lab_state), and a scripted scenario is `?play=<id>&step=N`. Every page is the world
rebuilt from its seed, so a reload or a shared link shows the same moment. Forms POST
and redirect back to the new URL (htmx swaps the lab in place and pushes that URL).
"""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods
from django_htmx.http import push_url

from . import lab_player
from .engines.core import AwsError
from .lab import picture
from .lab_forms import build_params, drawn
from .lab_services import LABS
from .lab_state import LabState, LabStateError, attempt, decode, encode, replay

SESSION_KEY = "sims-lab-{service}"  # the learner's latest lab link, offered as "resume"
STEP_FIELD_LIMIT = 10_000  # ?step= is clamped to the scenario; this only bounds int()
SUMMARY = 160  # characters of an action's parameters shown in the step list


def _folder() -> Path:
    return Path(settings.CONTENT_DIR) / "simulations"


def _lab_or_404(service: str):
    lab = LABS.get(service)
    if lab is None:
        raise Http404("There is no such lab.")
    return lab


def _lab_url(service: str, token: str = "") -> str:
    url = reverse("sims:lab", args=[service])
    return f"{url}?s={token}" if token else url


@require_GET
def index(request):
    labs = [
        {"lab": lab, "scenarios": lab_player.scenarios_for(_folder(), service)}
        for service, lab in LABS.items()
    ]
    sfn_count = len(lab_player.scenario_paths(_folder(), "stepfunctions"))
    return render(request, "sims/index.html", {"labs": labs, "sfn_count": sfn_count})


def _step_number(text) -> int:
    if not isinstance(text, str) or not text.isdigit() or len(text) > 5:
        return 0
    return min(int(text), STEP_FIELD_LIMIT)


def _shown(results: list[dict]) -> list[dict]:
    """Results with the text the step list and the "just now" box print."""
    for result in results:
        if "summary" not in result:
            text = json.dumps(result["params"], separators=(", ", ": "), default=str)
            result["summary"] = text if len(text) <= SUMMARY else text[: SUMMARY - 1] + "…"
            result["response_text"] = json.dumps(result["response"], indent=2, default=str)
    return results


def _picture(world, last: dict | None) -> dict:
    drawn = picture(world, last["events"] if last else [])
    drawn["has_rules"] = any(bus["rules"] or bus["archives"] for bus in drawn["buses"])
    return drawn


def _forms(lab, world, failed_form=None, submitted=None) -> list[dict]:
    return [drawn(form, world, submitted if form is failed_form else None) for form in lab.forms]


def _open_form(lab, state: LabState, failed_form) -> str:
    """The form to show open: the one that failed, else the one used last."""
    if failed_form is not None:
        return failed_form.id
    if state.actions:
        last = state.actions[-1]["action"]
        return next((f.id for f in lab.forms if f.action == last), "")
    return lab.forms[0].id


def _hand_context(request, lab, state: LabState, token: str, current, **extra) -> dict:
    failed_form = extra.pop("failed_form", None)
    results = _shown(current.results)
    last = results[-1] if results else None
    context = {
        "lab": lab,
        "mode": "hand",
        "state": state,
        "token": token,
        "undo_url": _undo_url(lab.service, state),
        "share_url": request.build_absolute_uri(_lab_url(lab.service, token)),
        "results": results,
        "last": last,
        "picture": _picture(current.world, last),
        "forms": _forms(lab, current.world, failed_form, extra.get("submitted")),
        "open_form": _open_form(lab, state, failed_form),
        "scenarios": lab_player.scenarios_for(_folder(), lab.service),
        "resume_url": None,
    }
    context.update(extra)
    return context


def _undo_url(service: str, state: LabState) -> str | None:
    if not state.actions:
        return None
    if len(state.actions) == 1:
        return _lab_url(service) + "?new=1"  # empty again, without offering to resume
    try:
        return _lab_url(service, encode(state.without_last()))
    except LabStateError:
        return None


def _render(request, context: dict, status: int = 200):
    template = "sims/lab.html"
    if request.htmx:
        template += "#lab"
        # htmx only swaps 2xx answers; the error is in the fragment either way.
        status = 200
    return render(request, template, context, status=status)


@require_http_methods(["GET", "POST"])
def lab(request, service: str):
    lab = _lab_or_404(service)
    if request.method == "POST":
        return _act(request, lab)
    if request.GET.get("play"):
        return _play(request, lab)
    token = request.GET.get("s", "")
    try:
        state = decode(token)
    except LabStateError as error:
        return _damaged_link(request, lab, error)
    context = _hand_context(request, lab, state, token if state.actions else "", replay(state))
    if not state.actions and not request.GET.get("new"):
        saved = request.session.get(SESSION_KEY.format(service=service))
        if saved:
            context["resume_url"] = _lab_url(service, saved)
    return _render(request, context)


def _damaged_link(request, lab, error: LabStateError):
    """A tampered or truncated ?s= link: say so over an empty lab, change nothing."""
    context = _hand_context(request, lab, LabState(), "", replay(LabState()))
    context["link_error"] = str(error)
    return _render(request, context, status=400)


def _act(request, lab):
    token = request.POST.get("s", "")
    try:
        state = decode(token)
    except LabStateError as error:
        return _damaged_link(request, lab, error)
    current = replay(state)
    form = lab.form(request.POST.get("form", ""))
    if form is None:
        context = _hand_context(request, lab, state, token, current)
        context["link_error"] = "Choose one of the lab's forms: that one is not in this lab."
        return _render(request, context, status=400)
    submitted = {spec.name: request.POST.get(spec.name, "") for spec in form.fields}
    try:
        params = build_params(form, request.POST, current.world)
    except AwsError as error:
        result = {"error": error.code, "response": error.as_response()}
    else:
        new_state, current, result = attempt(state, current, form.action, params)
    if result["error"] is None:
        try:
            new_token = encode(new_state)
        except LabStateError as error:
            # The call ran but the link cannot hold it: keep the lab as its link has it.
            current = replay(state)
            message = {"Code": "LabLinkFull", "Message": str(error)}
            result = {"error": "LabLinkFull", "response": {"Error": message}}
    if result["error"] is not None:
        context = _hand_context(
            request,
            lab,
            state,
            token,
            current,
            failed_form=form,
            submitted=submitted,
            form_error={"form": form.id, **result["response"]["Error"]},
        )
        return _render(request, context, status=400)
    request.session[SESSION_KEY.format(service=lab.service)] = new_token
    url = _lab_url(lab.service, new_token)
    if not request.htmx:
        return HttpResponseRedirect(url + "#lab-now", status=303)
    context = _hand_context(request, lab, new_state, new_token, current)
    return push_url(_render(request, context), url)


def _play(request, lab):
    scenario = lab_player.scenario_for(_folder(), lab.service, request.GET.get("play", ""))
    if scenario is None:
        raise Http404("This lab has no such scenario.")
    playback = lab_player.play(scenario, _step_number(request.GET.get("step")))
    results = _shown(playback.results)
    last = results[-1] if results else None
    try:
        try_url = _lab_url(lab.service, encode(playback.as_lab_state()))
    except LabStateError:
        try_url = None
    context = {
        "lab": lab,
        "mode": "play",
        "scenario": scenario,
        "played": playback.played,
        "total": playback.total,
        "next_step": playback.next_step,
        "results": results,
        "steps": [
            {"step": step, "result": results[i] if i < len(results) else None}
            for i, step in enumerate(scenario.steps)
        ],
        "last": last,
        "picture": _picture(playback.world, last),
        "scenarios": lab_player.scenarios_for(_folder(), lab.service),
        "try_url": try_url if playback.played else None,
        "play_url": f"{reverse('sims:lab', args=[lab.service])}?play={scenario.id}",
    }
    return _render(request, context)
