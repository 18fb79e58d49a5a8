"""The browser's ballot encryption (services/console/src/ballot/ballotbox.js, libsodium.js) is the
ballot box's: the Python ballot box accepts what the JavaScript makes, with the same tracking
code, and refuses it once altered."""
import json
import subprocess

import pytest

from services.ballotbox import ballot
from services.ballotbox.group import G, Scalar, encode
from services.ballotbox.poll import ApprovalForm, ChoiceForm, Manifest, context
from services.console.build import CONSOLE, node, node_modules

CLI = CONSOLE / "src" / "ballot" / "encrypt-cli.mjs"
pytestmark = pytest.mark.skipif(node() is None, reason="needs Node.js to run the console's code")


@pytest.fixture(scope="module", autouse=True)
def installed():
    node_modules()


def js_ballot(form, marks, key, ctx) -> dict:
    request = {"form": form.to_json(), "marks": marks, "key": encode(key), "context": encode(ctx)}
    done = subprocess.run([node(), str(CLI)], input=json.dumps(request), capture_output=True, text=True,
                          cwd=CONSOLE, timeout=60, check=True)
    return json.loads(done.stdout)


def poll(form):
    key = Scalar.random() * G
    return key, context(Manifest("towns/xihu/sessions/s1/polls/p1", form), b"k" * 32, key)


@pytest.mark.parametrize("form, marks", [
    (ChoiceForm(("p1", "p2", "p3")), [[1, 0, 0], [0, 1, 0], [0, 0, 1]]),
    (ApprovalForm(("p1", "p2", "p3", "p4"), 2), [[1], [0], [1], [0]]),
])
def test_the_ballot_box_accepts_the_browsers_ballot_with_the_same_tracking_code(form, marks):
    key, ctx = poll(form)
    made = js_ballot(form, marks, key, ctx)
    parsed = ballot.parse(made["ballot"])
    assert ballot.problem(parsed, form, key, ctx) is None
    assert made["tracking"]["code"] == parsed.tracking_code(ctx)
    assert made["tracking"]["hash"] == parsed.tracking_hash(ctx).hex()
    assert parsed.to_json() == made["ballot"]  # the same canonical encoding


def test_an_altered_ballot_is_refused():
    form = ChoiceForm(("p1", "p2"))
    key, ctx = poll(form)
    made = js_ballot(form, [[1, 0, 0], [0, 0, 1]], key, ctx)["ballot"]
    swapped = json.loads(json.dumps(made))
    swapped["selections"][0][0], swapped["selections"][0][1] = made["selections"][0][1], made["selections"][0][0]
    assert ballot.problem(ballot.parse(swapped), form, key, ctx) == "candidate p1, option for: not a proven 0 or 1"
    other_poll = context(Manifest("towns/xihu/sessions/s1/polls/p2", form), b"k" * 32, key)
    assert ballot.problem(ballot.parse(made), form, key, other_poll) is not None


def test_the_device_will_not_encrypt_marks_that_break_the_form():
    form = ApprovalForm(("p1", "p2", "p3"), 1)
    key, ctx = poll(form)
    with pytest.raises(subprocess.CalledProcessError, match="exit status 1"):
        js_ballot(form, [[1], [1], [0]], key, ctx)
