"""A session's key ceremony (issue 11), as the server sees it: pure rules, no I/O.

The trustees are the session's chief scrutineer and scrutineers, in that order (trustee i is
the i-th, from 1); any `quorum` of them decrypt together. The server keeps each trustee's
public part (commitments with Schnorr proofs, checked here) and the shares each dealt to the
others, sealed to their recipients' keys: nothing that decrypts. The cryptography is the
ballot box's (services.ballotbox.ceremony)."""
import json
from dataclasses import dataclass, field
from enum import Enum

from services.ballotbox.ceremony import Ceremony, KeyRecord, TrusteePublic
from services.platform.errors import FailedPrecondition, PermissionDenied, Violations
from services.platform.names import NamePattern
from services.voting.domain import Session

KEY_CEREMONY = NamePattern("towns/{town}/sessions/{session}/keyCeremony")


class CeremonyState(Enum):
    AWAITING_KEYS = "AWAITING_KEYS"
    DEALING = "DEALING"
    COMPLETE = "COMPLETE"


def default_quorum(trustees: int) -> int:
    """One absent scrutineer does not block the count once there are three or more."""
    return trustees - 1 if trustees >= 3 else trustees


def ceremony_of(session: Session) -> Ceremony:
    trustees = (session.chief_scrutineer, *session.scrutineers)
    return Ceremony(KEY_CEREMONY.format(town=session.town_id, session=session.session_id), trustees, default_quorum(len(trustees)))


@dataclass
class TrusteeRecord:
    """What the server holds of one trustee: its public part (JSON), its dealt shares, its confirmation."""
    public: dict
    shares: list[dict] | None = None
    confirmed: bool = False


@dataclass
class KeyCeremony:
    ceremony: Ceremony
    trustees: dict[int, TrusteeRecord] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.ceremony.ceremony_id

    @property
    def state(self) -> CeremonyState:
        if len(self.trustees) < len(self.ceremony.trustees):
            return CeremonyState.AWAITING_KEYS
        if all(t.confirmed for t in self.trustees.values()):
            return CeremonyState.COMPLETE
        return CeremonyState.DEALING

    def key_record(self) -> KeyRecord | None:
        """Once every part is published (each was checked when it came)."""
        if self.state is CeremonyState.AWAITING_KEYS:
            return None
        return KeyRecord(self.ceremony, tuple(TrusteePublic.from_json(self.trustees[i].public)
                                              for i in sorted(self.trustees)))

    def who(self, index: int) -> str:
        return self.ceremony.trustees[index - 1]

    def index_of(self, deputy_id: str) -> int:
        if deputy_id not in self.ceremony.trustees:
            raise PermissionDenied("only the session's scrutineers take part in its key ceremony")
        return self.ceremony.index(deputy_id)

    def publish(self, deputy_id: str, public_part: str) -> bool:
        """The trustee's public part; False if it was published already, the same."""
        index = self.index_of(deputy_id)
        public = _parsed(public_part)
        problems = [f"must be trustee {index}'s part"] if public.index != index else public.problems(self.ceremony)
        if problems:
            v = Violations()
            for p in problems:
                v.add("public_part", p)
            v.raise_if_any()
        if index in self.trustees:
            if self.trustees[index].public != public.to_json():
                raise FailedPrecondition("this trustee has published another part already", reason="KEY_PUBLISHED")
            return False
        self.trustees[index] = TrusteeRecord(public.to_json())
        return True

    def post_shares(self, deputy_id: str, shares: list[str]) -> bool:
        """One sealed share for each other trustee; False if the same were posted already."""
        index = self.index_of(deputy_id)
        if self.state is CeremonyState.AWAITING_KEYS:
            raise FailedPrecondition("every trustee must publish their part before shares are dealt",
                                     reason="KEYS_MISSING")
        messages = _shares(self.ceremony, index, shares)
        record = self.trustees[index]
        if record.shares is not None:
            if record.shares != messages:
                raise FailedPrecondition("this trustee has dealt other shares already", reason="SHARES_DEALT")
            return False
        record.shares = messages
        return True

    def shares_for(self, deputy_id: str) -> list[dict]:
        index = self.index_of(deputy_id)
        return [m for t in self.trustees.values() for m in t.shares or () if m["to"] == index]

    def confirm(self, deputy_id: str, fingerprint: str) -> bool:
        """The trustee checked its shares and holds its share of this key; False if confirmed already."""
        index = self.index_of(deputy_id)
        record = self.key_record()
        if record is None or any(t.shares is None for t in self.trustees.values()):
            raise FailedPrecondition("every trustee must publish and deal before confirming", reason="SHARES_MISSING")
        if fingerprint != record.fingerprint():
            raise FailedPrecondition(f"the joint key's fingerprint is {record.fingerprint()}, not {fingerprint!r}",
                                     reason="KEY_MISMATCH")
        if self.trustees[index].confirmed:
            return False
        self.trustees[index].confirmed = True
        return True

    def require_complete(self) -> KeyRecord:
        if self.state is not CeremonyState.COMPLETE:
            raise FailedPrecondition("the scrutineers' key ceremony is not complete", reason="KEY_CEREMONY_INCOMPLETE")
        return self.key_record()


def _parsed(public_part: str) -> TrusteePublic:
    try:
        return TrusteePublic.from_json(json.loads(public_part))
    except (ValueError, KeyError, TypeError) as exc:
        v = Violations()
        v.add("public_part", f"not a trustee's public part: {exc}")
        v.raise_if_any()


def _shares(ceremony: Ceremony, dealer: int, shares: list[str]) -> list[dict]:
    """Parsed and in recipient order; every other trustee exactly once."""
    v = Violations()
    messages = []
    for i, raw in enumerate(shares):
        try:
            m = json.loads(raw)
            messages.append({"ceremony": str(m["ceremony"]), "from": int(m["from"]), "to": int(m["to"]),
                             "sealed": str(m["sealed"])})
        except (ValueError, KeyError, TypeError):
            v.add(f"shares[{i}]", "not a sealed share (ceremony, from, to, sealed)")
    v.raise_if_any()
    others = sorted(set(range(1, len(ceremony.trustees) + 1)) - {dealer})
    v.check(sorted(m["to"] for m in messages) == others, "shares", f"must be one share for each of trustees {others}")
    v.check(all(m["from"] == dealer and m["ceremony"] == ceremony.ceremony_id for m in messages), "shares",
            f"must be dealt by trustee {dealer} for {ceremony.ceremony_id}")
    v.raise_if_any()
    return sorted(messages, key=lambda m: m["to"])
