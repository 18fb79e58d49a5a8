"""The public side of the scrutineers' key ceremony: k of n threshold keys with Feldman's
verifiable secret sharing, as ElectionGuard 2.0 section 3.2 (key generation) describes it.

Trustee i (index 1..n, its place in the ceremony's list) picks a polynomial
P_i(x) = a_i0 + a_i1 x + ... + a_i,k-1 x^(k-1) and publishes the commitments K_ij = a_ij*G, a
Schnorr proof of knowledge of each a_ij and an X25519 key for receiving shares. It sends
P_i(l) to each other trustee l, sealed to l's X25519 key (PyNaCl sealed box); l checks
P_i(l)*G == sum over j of l^j * K_ij. Trustee l's share of the joint secret is
s_l = sum over i of P_i(l), its public share Y_l = s_l*G = sum over j of l^j * C_j with
C_j = sum over i of K_ij, and the joint key is K = C_0. No one ever holds the joint secret;
any k trustees decrypt together (elgamal.combine).

The Schnorr proofs are bound to the ceremony, the trustee, the coefficient and the X25519 key,
so a key for shares cannot be swapped in without redoing the proofs. What the proofs cannot
show is who made a trustee's keys: the trustees compare each other's fingerprints aloud
(see TrusteePublic.fingerprint) before they deal shares."""
from dataclasses import dataclass

from services.ballotbox.group import G, IDENTITY, Point, Scalar, decode_bytes, decode_point, digest, encode
from services.ballotbox.proofs import Proof, verify_knowledge

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # no I, L, O, U: read aloud or from a screen


def short_code(data: bytes) -> str:
    """The first 80 bits in Crockford base32, four groups of four: e.g. 7K3Q-M9XA-2HPD-0R5T."""
    bits = int.from_bytes(data[:10], "big")
    chars = "".join(CROCKFORD[(bits >> (75 - 5 * i)) & 31] for i in range(16))
    return "-".join(chars[i:i + 4] for i in range(0, 16, 4))


@dataclass(frozen=True)
class Ceremony:
    """Who holds the key: the trustees (the chief scrutineer and the scrutineers) and the quorum."""
    ceremony_id: str
    trustees: tuple[str, ...]
    quorum: int

    def __post_init__(self) -> None:
        if not self.ceremony_id or not self.trustees or len(set(self.trustees)) != len(self.trustees):
            raise ValueError("a ceremony needs an id and distinct trustees")
        if not 1 <= self.quorum <= len(self.trustees):
            raise ValueError("the quorum must be between 1 and the number of trustees")

    def hash(self) -> bytes:
        return digest("ceremony", self.ceremony_id, self.quorum, len(self.trustees), *self.trustees)

    def index(self, trustee: str) -> int:
        if trustee not in self.trustees:
            raise ValueError(f"{trustee!r} is not a trustee of {self.ceremony_id}")
        return self.trustees.index(trustee) + 1

    def to_json(self) -> dict:
        return {"id": self.ceremony_id, "trustees": list(self.trustees), "quorum": self.quorum}

    @classmethod
    def from_json(cls, data: dict) -> "Ceremony":
        return cls(data["id"], tuple(data["trustees"]), data["quorum"])


@dataclass(frozen=True)
class TrusteePublic:
    """What trustee `index` publishes after keygen."""
    index: int
    commitments: tuple[Point, ...]
    proofs: tuple[Proof, ...]
    transport_key: bytes

    def bound(self, ceremony: Ceremony, j: int) -> tuple:
        return (ceremony.hash(), self.index, j, self.transport_key)

    def problems(self, ceremony: Ceremony) -> list[str]:
        who = f"trustee {self.index}"
        if len(self.commitments) != ceremony.quorum or len(self.proofs) != ceremony.quorum:
            return [f"{who}: needs {ceremony.quorum} coefficient commitments and proofs"]
        if any(c.is_identity() for c in self.commitments):
            return [f"{who}: a commitment is the identity"]
        if not all(verify_knowledge(p, c, self.bound(ceremony, j))
                   for j, (c, p) in enumerate(zip(self.commitments, self.proofs))):
            return [f"{who}: a proof of knowledge of a coefficient does not verify"]
        return []

    def fingerprint(self, ceremony: Ceremony) -> str:
        """What the trustees read aloud to each other to know the published keys are theirs."""
        return short_code(digest("trustee", ceremony.hash(), self.index, self.transport_key, *self.commitments))

    def expected_share(self, recipient: int) -> Point:
        """P_i(recipient)*G from the commitments (Feldman)."""
        return _evaluate(self.commitments, recipient)

    def to_json(self) -> dict:
        return {"index": self.index, "commitments": [encode(c) for c in self.commitments],
                "proofs": [p.to_json() for p in self.proofs],
                "transport_key": encode(self.transport_key)}

    @classmethod
    def from_json(cls, data: dict) -> "TrusteePublic":
        return cls(data["index"], tuple(map(decode_point, data["commitments"])),
                   tuple(map(Proof.from_json, data["proofs"])), decode_bytes(data["transport_key"], 32))


def _evaluate(commitments, x: int) -> Point:
    """sum over j of x^j * commitments[j], by Horner's rule."""
    total = IDENTITY
    for c in reversed(commitments):
        total = Scalar(x) * total + c
    return total


@dataclass(frozen=True)
class KeyRecord:
    """The ceremony and every trustee's public part, in index order: enough to compute the joint
    key and each trustee's public share."""
    ceremony: Ceremony
    trustees: tuple[TrusteePublic, ...]

    def problems(self) -> list[str]:
        if [t.index for t in self.trustees] != list(range(1, len(self.ceremony.trustees) + 1)):
            return ["the key record needs every trustee's public part, in order"]
        found = [p for t in self.trustees for p in t.problems(self.ceremony)]
        if not found and self.joint_key().is_identity():
            found.append("the joint key is the identity")
        return found

    def aggregate(self) -> list[Point]:
        """C_j = sum over trustees of K_ij."""
        totals = [IDENTITY] * self.ceremony.quorum
        for t in self.trustees:
            totals = [a + b for a, b in zip(totals, t.commitments)]
        return totals

    def joint_key(self) -> Point:
        return self.aggregate()[0]

    def public_share(self, index: int) -> Point:
        return _evaluate(self.aggregate(), index)

    def fingerprint(self) -> str:
        """The key's short code: every trustee's tool prints it after receiving its share."""
        return short_code(self.hash())

    def hash(self) -> bytes:
        parts = [p for t in self.trustees for p in (t.index, t.transport_key, *t.commitments)]
        return digest("key-record", self.ceremony.hash(), len(self.trustees), *parts)

    def to_json(self) -> dict:
        return {"ceremony": self.ceremony.to_json(), "trustees": [t.to_json() for t in self.trustees],
                "joint_key": encode(self.joint_key())}

    @classmethod
    def from_json(cls, data: dict) -> "KeyRecord":
        record = cls(Ceremony.from_json(data["ceremony"]), tuple(map(TrusteePublic.from_json, data["trustees"])))
        if "joint_key" in data and decode_point(data["joint_key"]) != record.joint_key():
            raise ValueError("the stated joint key is not the product of the trustees' commitments")
        return record


def check_share(share: Scalar, dealer: TrusteePublic, recipient: int) -> bool:
    return share * G == dealer.expected_share(recipient)
