"""Non-interactive zero-knowledge proofs (Fiat-Shamir, challenges from group.challenge).

Every proof is stored as ElectionGuard 2.0 stores them: challenges c and responses v only; the
verifier recomputes the commitments from them and checks the hash. Responses are v = u - c*x.

- RangeProof: the ciphertext (alpha, beta) = (r*G, m*G + r*K) encrypts a value m in lo..hi.
  ElectionGuard 2.0 section 3.3.5 ("range proofs", the disjunctive Chaum-Pedersen proof of
  Cramer, Damgard and Schoenmakers) for the range 0..L, here over lo..hi and with the
  encoding m*G of ElectionGuard 1.0: for each j in lo..hi the branch proves that
  (G, alpha, K, beta - j*G) is a Diffie-Hellman tuple; the branch of the true value is real,
  the others are simulated, and the challenges of all branches add up to the hash
      c = H("range", context, label..., lo, hi, K, alpha, beta, a_lo, b_lo, ..., a_hi, b_hi)
  with a_j = v_j*G + c_j*alpha and b_j = v_j*K + c_j*(beta - j*G). With lo == hi it is the
  Chaum-Pedersen proof that the ciphertext encrypts that known value (ElectionGuard 1.0's
  "constant Chaum-Pedersen proof", used for a contest's selection total).
- SchnorrProof: knowledge of the secret a of a commitment A = a*G, ElectionGuard 2.0 section
  3.2.2 (the guardians' proofs of their polynomial coefficients):
      h = v*G + c*A,  c = H("schnorr", bound..., A, h).
- DecryptionProof: a trustee's part M = s*alpha of a decryption uses the same s as its public
  share Y = s*G, the Chaum-Pedersen proof of ElectionGuard 2.0 section 3.6.3 (proof of correct
  decryption) for one trustee's part:
      a = v*G + c*Y,  b = v*alpha + c*M,  c = H("decryption", context, index, Y, alpha, beta, M, a, b).

`context` binds a proof to one poll (and its key), `label` to one place on one ballot, so a
proof is valid nowhere else."""
from dataclasses import dataclass

from services.ballotbox.elgamal import Ciphertext, multiple
from services.ballotbox.group import G, Point, Scalar, challenge, decode_scalar, encode


def _pair(v: Scalar, c: Scalar, base1: Point, public1: Point, base2: Point, public2: Point) -> tuple[Point, Point]:
    """The commitments a Chaum-Pedersen verifier recomputes: (v*base1 + c*public1, v*base2 + c*public2)."""
    return v * base1 + c * public1, v * base2 + c * public2


@dataclass(frozen=True, slots=True)
class RangeProof:
    challenges: tuple[Scalar, ...]
    responses: tuple[Scalar, ...]

    def to_json(self) -> dict:
        return {"c": [encode(c) for c in self.challenges], "v": [encode(v) for v in self.responses]}

    @classmethod
    def from_json(cls, data: dict) -> "RangeProof":
        return cls(tuple(map(decode_scalar, data["c"])), tuple(map(decode_scalar, data["v"])))


def _range_hash(key: Point, ct: Ciphertext, lo: int, hi: int, context: bytes, label: tuple,
                commitments: list[Point]) -> Scalar:
    return challenge("range", context, *label, lo, hi, key, ct.alpha, ct.beta, *commitments)


def prove_range(ct: Ciphertext, nonce: Scalar, value: int, lo: int, hi: int, key: Point,
                context: bytes, label: tuple) -> RangeProof:
    """`value` is what ct encrypts with `nonce`; a false value gives a proof that does not verify."""
    if not lo <= value <= hi:
        raise ValueError(f"{value} is outside {lo}..{hi}")
    challenges: dict[int, Scalar] = {}
    responses: dict[int, Scalar] = {}
    commitments: list[Point] = []
    u = Scalar.random()
    for j in range(lo, hi + 1):
        if j == value:
            commitments += [u * G, u * key]
            continue
        challenges[j], responses[j] = Scalar.random(), Scalar.random()
        commitments += _pair(responses[j], challenges[j], G, ct.alpha, key, ct.beta - multiple(j))
    total = _range_hash(key, ct, lo, hi, context, label, commitments)
    real = total
    for c in challenges.values():
        real = real - c
    challenges[value], responses[value] = real, u - real * nonce
    return RangeProof(tuple(challenges[j] for j in range(lo, hi + 1)),
                      tuple(responses[j] for j in range(lo, hi + 1)))


def verify_range(proof: RangeProof, ct: Ciphertext, lo: int, hi: int, key: Point,
                 context: bytes, label: tuple) -> bool:
    if not len(proof.challenges) == len(proof.responses) == hi - lo + 1:
        return False
    commitments: list[Point] = []
    total = Scalar(0)
    for j, c, v in zip(range(lo, hi + 1), proof.challenges, proof.responses):
        commitments += _pair(v, c, G, ct.alpha, key, ct.beta - multiple(j) if j else ct.beta)
        total = total + c
    return total == _range_hash(key, ct, lo, hi, context, label, commitments)


@dataclass(frozen=True, slots=True)
class Proof:
    """A single (c, v): the Schnorr and the decryption proofs."""
    challenge: Scalar
    response: Scalar

    def to_json(self) -> dict:
        return {"c": encode(self.challenge), "v": encode(self.response)}

    @classmethod
    def from_json(cls, data: dict) -> "Proof":
        return cls(decode_scalar(data["c"]), decode_scalar(data["v"]))


def prove_knowledge(secret: Scalar, public: Point, bound: tuple) -> Proof:
    u = Scalar.random()
    c = challenge("schnorr", *bound, public, u * G)
    return Proof(c, u - c * secret)


def verify_knowledge(proof: Proof, public: Point, bound: tuple) -> bool:
    h = proof.response * G + proof.challenge * public
    return proof.challenge == challenge("schnorr", *bound, public, h)


def _decryption_hash(context: bytes, index: int, public_share: Point, ct: Ciphertext, part: Point,
                     a: Point, b: Point) -> Scalar:
    return challenge("decryption", context, index, public_share, ct.alpha, ct.beta, part, a, b)


def prove_decryption(share: Scalar, public_share: Point, ct: Ciphertext, part: Point,
                     context: bytes, index: int) -> Proof:
    u = Scalar.random()
    c = _decryption_hash(context, index, public_share, ct, part, u * G, u * ct.alpha)
    return Proof(c, u - c * share)


def verify_decryption(proof: Proof, public_share: Point, ct: Ciphertext, part: Point,
                      context: bytes, index: int) -> bool:
    a, b = _pair(proof.response, proof.challenge, G, public_share, ct.alpha, part)
    return proof.challenge == _decryption_hash(context, index, public_share, ct, part, a, b)
