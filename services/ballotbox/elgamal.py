"""Exponential ElGamal and threshold decryption over ristretto255.

Encryption of a small count m under the joint key K with nonce r (ElectionGuard 1.0, section
"Encryption of ballots"): (alpha, beta) = (r*G, m*G + r*K). Ciphertexts add component-wise to an
encryption of the sum of their counts, which is how ballots are tallied without opening one.

Threshold decryption (ElectionGuard 2.0, "Decryption by guardians" with the key shares of its
key generation): a trustee holding the share s_i of the joint secret publishes M_i = s_i*alpha;
any quorum Q of trustees suffices: M = sum over i in Q of w_i*M_i with the Lagrange coefficients
w_i = prod over j in Q, j != i of j/(j - i), and beta - M = m*G. The count m is found in a table
of small multiples of G, built as far as needed and kept for the process."""
from dataclasses import dataclass

from services.ballotbox.group import G, IDENTITY, Point, Scalar, decode_point, encode

# Counts never exceed the ballots of one poll; the table is built lazily up to what is asked.
MAX_COUNT = 100_000


@dataclass(frozen=True, slots=True)
class Ciphertext:
    alpha: Point
    beta: Point

    def __add__(self, other: "Ciphertext") -> "Ciphertext":
        return Ciphertext(self.alpha + other.alpha, self.beta + other.beta)

    def to_json(self) -> dict:
        return {"alpha": encode(self.alpha), "beta": encode(self.beta)}

    @classmethod
    def from_json(cls, data: dict) -> "Ciphertext":
        return cls(decode_point(data["alpha"]), decode_point(data["beta"]))


ZERO = Ciphertext(IDENTITY, IDENTITY)  # the encryption of 0 with nonce 0: the neutral element of addition


def encrypt(count: int, key: Point, nonce: Scalar) -> Ciphertext:
    beta = nonce * key
    if count:
        beta = beta + multiple(count)
    return Ciphertext(nonce * G, beta)


def add_all(ciphertexts) -> Ciphertext:
    total = ZERO
    for ct in ciphertexts:
        total = total + ct
    return total


def partial_decryption(ct: Ciphertext, share: Scalar) -> Point:
    """A trustee's part M_i = s_i * alpha."""
    return share * ct.alpha


def lagrange(index: int, indexes) -> Scalar:
    """w_i = prod over j in indexes, j != i of j / (j - i), modulo the group order."""
    numerator, denominator = Scalar(1), Scalar(1)
    for j in indexes:
        if j != index:
            numerator = numerator * Scalar(j)
            denominator = denominator * Scalar(j - index)
    return numerator * denominator.inverse()


def combine(ct: Ciphertext, partials: dict[int, Point]) -> Point:
    """m*G from the parts of a quorum of trustees (trustee index -> M_i)."""
    shared = IDENTITY
    for index, part in partials.items():
        shared = shared + lagrange(index, partials) * part
    return ct.beta - shared


class _Multiples:
    """0*G, 1*G, 2*G, ... as far as needed; encoding -> count."""

    def __init__(self) -> None:
        self.points = [IDENTITY]
        self.counts = {bytes(IDENTITY): 0}

    def extend(self, upto: int) -> None:
        while len(self.points) <= upto:
            point = self.points[-1] + G
            self.counts[bytes(point)] = len(self.points)
            self.points.append(point)


_MULTIPLES = _Multiples()


def multiple(count: int) -> Point:
    """count*G for a small count, from the table."""
    if not 0 <= count <= MAX_COUNT:
        raise ValueError(f"count {count} outside 0..{MAX_COUNT}")
    _MULTIPLES.extend(count)
    return _MULTIPLES.points[count]


def discrete_log(point: Point, bound: int) -> int:
    """The m in 0..bound with m*G == point; ValueError when there is none."""
    if not 0 <= bound <= MAX_COUNT:
        raise ValueError(f"bound {bound} outside 0..{MAX_COUNT}")
    found = _MULTIPLES.counts.get(bytes(point))
    if found is None and len(_MULTIPLES.points) <= bound:
        _MULTIPLES.extend(bound)
        found = _MULTIPLES.counts.get(bytes(point))
    if found is None or found > bound:
        raise ValueError(f"the decrypted value is not a count between 0 and {bound}")
    return found
