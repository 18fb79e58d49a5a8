import itertools

import pytest
from hypothesis import given, settings, strategies as st

from services.ballotbox.elgamal import (ZERO, add_all, combine, discrete_log, encrypt, lagrange, multiple,
                                        partial_decryption)
from services.ballotbox.group import G, Scalar
from tests.ballotbox.helpers import keypair


def decrypt(secret, ct):
    return discrete_log(ct.beta - secret * ct.alpha, 1000)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=20), min_size=1, max_size=6))
def test_ciphertexts_add_up_to_the_encryption_of_the_sum(counts):
    secret, key = keypair()
    cts = [encrypt(m, key, Scalar.random()) for m in counts]
    assert decrypt(secret, add_all(cts)) == sum(counts)


def test_same_count_encrypts_differently_and_zero_is_neutral():
    secret, key = keypair()
    a, b = encrypt(1, key, Scalar.random()), encrypt(1, key, Scalar.random())
    assert a != b and decrypt(secret, a) == decrypt(secret, b) == 1
    assert a + ZERO == a


def _shares(secret_poly, indexes):
    """Shamir shares of secret_poly[0] for the given indexes."""
    out = {}
    for i in indexes:
        value = Scalar(0)
        for a in reversed(secret_poly):
            value = value * Scalar(i) + a
        out[i] = value
    return out


@settings(max_examples=15, deadline=None)
@given(st.integers(min_value=1, max_value=4), st.integers(min_value=0, max_value=4), st.data())
def test_any_quorum_of_shares_decrypts(k, extra, data):
    n = k + extra
    poly = [Scalar.random() for _ in range(k)]
    key = poly[0] * G
    shares = _shares(poly, range(1, n + 1))
    ct = encrypt(7, key, Scalar.random())
    quorum = data.draw(st.lists(st.sampled_from(range(1, n + 1)), min_size=k, max_size=n, unique=True))
    parts = {i: partial_decryption(ct, shares[i]) for i in quorum}
    assert combine(ct, parts) == multiple(7)


def test_fewer_than_a_quorum_of_shares_do_not_decrypt():
    poly = [Scalar.random() for _ in range(3)]
    shares = _shares(poly, range(1, 6))
    ct = encrypt(4, poly[0] * G, Scalar.random())
    for pair in itertools.combinations(range(1, 6), 2):
        assert combine(ct, {i: partial_decryption(ct, shares[i]) for i in pair}) != multiple(4)


def test_lagrange_coefficients_interpolate_at_zero():
    # For the line f(x) = 5 + 3x: f(0) = w1 f(1) + w2 f(2) = 2*8 - 11 = 5.
    assert lagrange(1, [1, 2]) == Scalar(2)
    assert lagrange(2, [1, 2]) == -Scalar(1)


def test_discrete_log_within_bound_only():
    assert discrete_log(multiple(0), 0) == 0
    assert discrete_log(Scalar(1234) * G, 2000) == 1234
    with pytest.raises(ValueError):
        discrete_log(Scalar(1234) * G, 1000)
    with pytest.raises(ValueError):
        discrete_log(Scalar.random() * G, 100)
    with pytest.raises(ValueError):
        multiple(-1)
