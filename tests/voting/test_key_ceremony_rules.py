"""The key ceremony's rules without the server: quorum, states, and what is refused."""
import json
from datetime import date

import pytest

from services.ballotbox import trustee
from services.platform.errors import FailedPrecondition, InvalidArgument, PermissionDenied
from services.voting.domain import Session
from services.voting.key_ceremony import CeremonyState, KeyCeremony, ceremony_of, default_quorum


def _session(scrutineers: int) -> Session:
    return Session(town_id="xihu", session_id="s1", term="t", title="会议", session_date=date(2024, 1, 15),
                   chief_scrutineer="d0", scrutineers=tuple(f"d{i}" for i in range(1, scrutineers + 1)),
                   seated=frozenset())


@pytest.mark.parametrize("trustees, quorum", [(1, 1), (2, 2), (3, 2), (5, 4)])
def test_one_absent_scrutineer_does_not_block_the_count_from_three_on(trustees, quorum):
    assert default_quorum(trustees) == quorum


def test_a_ceremony_completes_when_every_trustee_confirmed_the_same_key():
    c = KeyCeremony(ceremony_of(_session(2)))
    assert c.name == "towns/xihu/sessions/s1/keyCeremony" and c.ceremony.trustees == ("d0", "d1", "d2")
    states, publics = {}, {}
    for d in c.ceremony.trustees:
        states[d], publics[d] = trustee.keygen(c.ceremony, d)
    assert c.publish("d0", json.dumps(publics["d0"].to_json())) is True
    assert c.publish("d0", json.dumps(publics["d0"].to_json())) is False
    with pytest.raises(PermissionDenied):
        c.publish("d9", json.dumps(publics["d0"].to_json()))
    with pytest.raises(InvalidArgument):
        c.publish("d1", json.dumps(publics["d0"].to_json()))
    with pytest.raises(FailedPrecondition):
        c.require_complete()
    for d in ("d1", "d2"):
        c.publish(d, json.dumps(publics[d].to_json()))
    assert c.state is CeremonyState.DEALING
    record = c.key_record()
    for d in c.ceremony.trustees:
        assert c.post_shares(d, [json.dumps(m) for m in trustee.deal(states[d], record)])
    for d in c.ceremony.trustees:
        trustee.receive(states[d], record, c.shares_for(d))
        assert c.confirm(d, record.fingerprint())
    assert c.state is CeremonyState.COMPLETE and c.require_complete().joint_key() == record.joint_key()
