"""The scrutineer's key ceremony in the browser (services/console/src/ballot/ceremony.js,
libsodium.js) is the trustee tool's: the ballot box and the voting service accept the public
parts and the sealed shares it makes, Python and browser trustees complete one ceremony
together, and altered parts and shares are refused on either side."""
import base64
import copy
import json
import subprocess

import pytest

from services.ballotbox import trustee
from services.ballotbox.ceremony import Ceremony, TrusteePublic
from services.ballotbox.group import G, encode
from services.console.build import CONSOLE, node, node_modules
from services.platform.errors import InvalidArgument
from services.voting.key_ceremony import KeyCeremony

CLI = CONSOLE / "src" / "ballot" / "ceremony-cli.mjs"
CEREMONY = Ceremony("towns/t/sessions/s/keyCeremony", ("chief", "second", "third"), 2)
BROWSERS = ("chief", "third")  # "second" runs the Python tool
pytestmark = pytest.mark.skipif(node() is None, reason="needs Node.js to run the console's code")


@pytest.fixture(scope="module", autouse=True)
def installed():
    node_modules()


def js(step: str, **request) -> dict:
    done = subprocess.run([node(), str(CLI)], input=json.dumps({"step": step, **request}), capture_output=True,
                          text=True, cwd=CONSOLE, timeout=120, check=True)
    return json.loads(done.stdout)


def flipped(text: str) -> str:
    """The same base64url text with one bit of its last byte changed."""
    data = bytearray(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
    data[-1] ^= 1
    return base64.urlsafe_b64encode(bytes(data)).decode().rstrip("=")


@pytest.fixture(scope="module")
def keygen():
    """Every trustee's key: the browsers' state and public JSON, the Python tool's state."""
    made = {t: js("keygen", ceremony=CEREMONY.to_json(), trustee=t) for t in BROWSERS}
    python_state, python_public = trustee.keygen(CEREMONY, "second")
    publics = {t: TrusteePublic.from_json(m["public"]) for t, m in made.items()} | {"second": python_public}
    return made, python_state, publics


def test_the_service_accepts_the_browsers_public_parts_and_reads_the_same_fingerprints(keygen):
    made, _, publics = keygen
    server = KeyCeremony(CEREMONY)
    for t in BROWSERS:
        assert publics[t].problems(CEREMONY) == []
        assert made[t]["fingerprint"] == publics[t].fingerprint(CEREMONY)
        assert server.publish(t, json.dumps(made[t]["public"])) is True
        assert made[t]["state"]["coefficients"] and made[t]["state"]["share"] is None  # kept on the device


def test_python_and_browser_trustees_complete_one_ceremony(keygen):
    made, python_state, publics = keygen
    record = trustee.key_record(CEREMONY, list(publics.values()))
    dealt = {t: js("deal", state=made[t]["state"], record=record.to_json()) for t in BROWSERS}
    messages = [m for d in dealt.values() for m in d["shares"]] + trustee.deal(python_state, record)
    assert sorted((m["from"], m["to"]) for m in messages) == [(1, 2), (1, 3), (2, 1), (2, 3), (3, 1), (3, 2)]

    trustee.receive(python_state, record, messages)  # opens and checks the browsers' sealed shares
    for t in BROWSERS:
        received = js("receive", state=dealt[t]["state"], record=record.to_json(), shares=messages)
        assert received["fingerprint"] == record.fingerprint()
        state = trustee.TrusteeState.from_json(received["state"])  # the file the page offers, read by the tool
        assert state.coefficients is None and state.record_hash == record.hash()
        assert state.share * G == record.public_share(state.index)
    assert python_state.share * G == record.public_share(2)


def test_altered_public_parts_are_refused_by_the_service(keygen):
    made, _, _ = keygen
    public = made["chief"]["public"]
    for alter in (lambda p: p["commitments"].reverse(),
                  lambda p: p["proofs"][0].update(v=p["proofs"][1]["v"]),
                  lambda p: p.update(transport_key=made["third"]["public"]["transport_key"])):
        altered = copy.deepcopy(public)
        alter(altered)
        assert TrusteePublic.from_json(altered).problems(CEREMONY) != []
        with pytest.raises(InvalidArgument):
            KeyCeremony(CEREMONY).publish("chief", json.dumps(altered))


def test_altered_or_false_shares_are_refused_on_either_side(keygen):
    made, _, publics = keygen
    python_state, python_public = trustee.keygen(CEREMONY, "second")
    record = trustee.key_record(CEREMONY, [publics["chief"], python_public, publics["third"]])
    cheat = copy.deepcopy(made["chief"]["state"])
    cheat["coefficients"][1] = encode(trustee.keygen(CEREMONY, "chief")[0].coefficients[1])  # not its commitment
    from_cheat = js("deal", state=cheat, record=record.to_json())["shares"]
    honest = js("deal", state=made["third"]["state"], record=record.to_json())
    to_python = [m for m in from_cheat + honest["shares"] if m["to"] == 2]
    trustee.deal(python_state, record)
    with pytest.raises(trustee.CeremonyError, match="share from trustee 1 does not match its commitments"):
        trustee.receive(python_state, record, to_python)

    sealed = [dict(m, sealed=flipped(m["sealed"])) if m["from"] == 3 else m for m in to_python]
    with pytest.raises(trustee.CeremonyError, match="cannot be opened"):
        trustee.receive(python_state, record, sealed)

    from_python = [m for m in trustee.deal(python_state, record) if m["to"] == 3]
    altered = [dict(m, sealed=flipped(m["sealed"])) for m in from_python]
    found = js("receive", state=honest["state"], record=record.to_json(), shares=altered + from_cheat)
    assert found == {"error": "a share from 2 cannot be opened"}
    found = js("receive", state=honest["state"], record=record.to_json(), shares=from_python + from_cheat)
    assert found == {"error": "the share from trustee 1 does not match its commitments; it must deal again"}
