"""A key ceremony of three trustees with a quorum of two, and a closed poll of 30 ballots that
trustee 2 missed: built once, shared by the board and trustee tests."""
import copy
from dataclasses import dataclass

import pytest

from services.ballotbox import trustee
from services.ballotbox.ballot import encrypt_ballot
from services.ballotbox.ceremony import Ceremony, KeyRecord
from services.ballotbox.poll import ChoiceForm, Manifest, context
from services.ballotbox.tally import bulletin_board, finish

BALLOTS = 30


@dataclass
class Keys:
    states: list[trustee.TrusteeState]
    record: KeyRecord


def run_ceremony(ceremony: Ceremony) -> Keys:
    states, publics = zip(*(trustee.keygen(ceremony, t) for t in ceremony.trustees))
    record = trustee.key_record(ceremony, list(publics))
    messages = [m for s in states for m in trustee.deal(s, record)]
    for s in states:
        trustee.receive(s, record, messages)
    return Keys(list(states), record)


@pytest.fixture(scope="session")
def keys() -> Keys:
    return run_ceremony(Ceremony("towns/t/sessions/s", ("chief", "second", "third"), 2))


def choices(form: ChoiceForm, i: int) -> dict[str, str]:
    """Ballot i: candidate j gets option (i + j) % 3 for i < 12, else "for"."""
    return {c: form.options[(i + j) % 3] if i < 12 else "for" for j, c in enumerate(form.candidates)}


@dataclass
class Poll:
    manifest: Manifest
    context: bytes
    open_board: dict  # before the close: what the trustees decrypt
    board: dict  # closed: decryptions and counts


@pytest.fixture(scope="session")
def poll(keys) -> Poll:
    form = ChoiceForm(("p1", "p2", "p3", "p4"))
    manifest = Manifest("towns/t/sessions/s/polls/p", form)
    ctx = context(manifest, keys.record.hash(), keys.record.joint_key())
    ballots = [encrypt_ballot(form, form.marks(choices(form, i)), keys.record.joint_key(), ctx)
               for i in range(BALLOTS)]
    open_board = bulletin_board(manifest, keys.record, ballots)
    present = [keys.states[0], keys.states[2]]  # trustee 2 is absent
    board = finish(open_board, [trustee.decrypt(s, open_board, BALLOTS) for s in present])
    return Poll(manifest, ctx, open_board, board)


@pytest.fixture
def board(poll) -> dict:
    """A copy of the closed board to tamper with."""
    return copy.deepcopy(poll.board)
