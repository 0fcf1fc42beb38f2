"""No input crashes a lab page: random form posts, random action logs and random links.

Every answer is a page (200), a redirect to the new lab link (303) or a page naming what
is wrong (400), never a server error.
"""

import json

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studyapp.sims.engines.world import build_world
from studyapp.sims.lab_services import LABS
from studyapp.sims.lab_state import LabState, LabStateError, encode
from tests.sims.test_runner_hypothesis import PARAMETERS
from tests.sims.test_runner_hypothesis import VALUES as RUNNER_VALUES

pytestmark = pytest.mark.django_db
EXAMPLES = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

PLAUSIBLE = [
    "orders",
    "orders.fifo",
    "https://sqs.us-east-1.amazonaws.com/123456789012/orders",
    "arn:aws:sqs:us-east-1:123456789012:orders",
    "arn:aws:sns:us-east-1:123456789012:orders",
    "arn:aws:lambda:us-east-1:123456789012:function:audit",
    "default",
    "default/order-placed",
    '{"event": ["order_placed"]}',
    '{"total": [{"numeric": [">", "x"]}]}',
    '{"source": [{"prefix": 5}]}',
    "rate(5 minutes)",
    "on",
    "-1",
    "0",
    "20",
    "43201",
    "99999999999999999999",
    "[]",
    "{",
]
VALUES = st.one_of(st.sampled_from(PLAUSIBLE), st.text(max_size=40), st.integers().map(str))
# A lab to build on: an empty one, or one with a queue, a topic and a rule in it.
SEEDED = encode(
    LabState(
        actions=[
            {"action": "CreateQueue", "params": {"QueueName": "orders"}},
            {"action": "CreateTopic", "params": {"Name": "orders"}},
            {"action": "PutRule", "params": {"Name": "order-placed", "EventPattern": "{}"}},
        ]
    )
)
TOKENS = st.one_of(st.sampled_from(["", SEEDED]), st.text(max_size=60))

ACTIONS = sorted({name for engine in build_world(0).engines.values() for name in engine.actions()})
ACTIONS += ["x-Wait", "x-SetRealism"]
# The runner's own fuzzing vocabulary, plus the EventBridge and Pipes parameter names.
PARAM_NAMES = [
    *PARAMETERS,
    *("EventBusName", "EventPattern", "Rule", "Targets", "Source", "Target", "Entries"),
    *("SourceParameters", "Enrichment", "RoleArn", "ArchiveName", "EventSourceArn"),
]
ACTION_LOGS = st.lists(
    st.fixed_dictionaries(
        {
            "action": st.sampled_from(ACTIONS),
            "params": st.dictionaries(st.sampled_from(PARAM_NAMES), RUNNER_VALUES, max_size=4),
        }
    ),
    max_size=8,
)


def _assert_clear(response):
    assert response.status_code in (200, 303, 400), response.status_code
    if response.status_code == 400:
        context = response.context
        message = context.get("link_error") or context.get("form_error", {}).get("Message")
        assert isinstance(message, str) and message.strip()


@EXAMPLES
@given(
    service=st.sampled_from(sorted(LABS)),
    data=st.data(),
    token=TOKENS,
)
def test_random_form_posts_never_crash_a_lab(service, data, token):
    lab = LABS[service]
    form_id = data.draw(st.one_of(st.sampled_from([f.id for f in lab.forms]), st.text(max_size=8)))
    form = lab.form(form_id)
    names = [spec.name for spec in form.fields] if form else ["QueueName"]
    fields = data.draw(st.dictionaries(st.sampled_from(names), VALUES, max_size=len(names)))
    response = Client().post(f"/sims/{service}/", {"s": token, "form": form_id, **fields})
    _assert_clear(response)


@EXAMPLES
@given(service=st.sampled_from(sorted(LABS)), actions=ACTION_LOGS, realism=st.booleans())
def test_random_action_logs_in_a_link_never_crash_a_lab(service, actions, realism):
    try:
        token = encode(LabState(seed=3, realism=realism, actions=actions))
    except LabStateError:
        return  # too long for a link: the lab never makes such a link
    response = Client().get(f"/sims/{service}/", {"s": token})
    assert response.status_code == 200
    assert len(response.context["results"]) == len(actions)
    for result in response.context["results"]:
        if result["error"]:
            assert result["response"]["Error"]["Message"].strip()


@EXAMPLES
@given(service=st.sampled_from(sorted(LABS)), token=st.text(max_size=200))
def test_random_links_and_steps_never_crash_a_lab(service, token):
    _assert_clear(Client().get(f"/sims/{service}/", {"s": token}))
    play = json.dumps(token)[:20]
    response = Client().get(f"/sims/{service}/", {"play": "sqs-fifo-groups", "step": play})
    assert response.status_code in (200, 404)
