"""The district's rules, without any infrastructure: a filing is checked with the
independent verifier against the town's pinned key."""
import base64
import json

from services.district import domain
from services.district.domain import SignedDocument
from tests.voting.test_domain import BALLOTS, signed_result

POLL = "towns/xihu/sessions/s/polls/p"


def signed(result: dict, poll: str = POLL) -> SignedDocument:
    return SignedDocument(poll, json.dumps(result["document"], ensure_ascii=False),
                          base64.b64decode(result["signature"]), base64.b64decode(result["public_key"]))


def test_a_genuine_result_signed_with_the_pinned_key_is_accepted():
    result = signed_result(BALLOTS)
    assert domain.check_filing("xihu", [signed(result)], base64.b64decode(result["public_key"])) == []


def test_a_changed_count_is_refused_with_its_reason():
    result = signed_result(BALLOTS)
    key = base64.b64decode(result["public_key"])
    first = result["document"]["candidates"][0]["candidate_id"]
    result["document"]["counts"][first][0] += 1
    problems = domain.check_filing("xihu", [signed(result)], key)
    assert f"{POLL}: the signature does not match the document" in problems


def test_a_result_signed_with_another_key_is_refused():
    pinned = base64.b64decode(signed_result(BALLOTS)["public_key"])
    assert domain.check_filing("xihu", [signed(signed_result(BALLOTS))], pinned) == [
        f"{POLL}: signed by another key than the trusted one"]


def test_without_a_pinned_key_or_with_another_towns_poll_a_filing_is_refused():
    result = signed_result(BALLOTS)
    key = base64.b64decode(result["public_key"])
    assert domain.check_filing("xihu", [signed(result)], None) == ["no result signing key is pinned for town 'xihu'"]
    assert domain.check_filing("xihu", [signed(result, "towns/chentuan/sessions/s/polls/p")], key) == [
        "towns/chentuan/sessions/s/polls/p: a poll of another town"]
    assert domain.check_filing("xihu", [signed(result, "towns/xihu/sessions/s/polls/q")], key) == [
        f"towns/xihu/sessions/s/polls/q: the document is the result of {POLL}"]


def test_a_document_that_is_not_a_result_is_refused_not_raised():
    broken = SignedDocument(POLL, json.dumps({"poll": POLL}), b"x" * 64, b"k" * 32)
    assert domain.check_filing("xihu", [broken], b"k" * 32) == [f"{POLL}: not a result document (KeyError)"]


def test_a_poll_listed_twice_is_checked_once_and_the_year_comes_from_the_list():
    result = signed_result(BALLOTS)
    assert domain.check_filing("xihu", [signed(result), signed(result)], b"\0" * 32) == [
        f"{POLL}: signed by another key than the trusted one"]
    assert domain.year_of_list("towns/xihu/candidateLists/2024") == 2024
    assert domain.year_of_list("towns/xihu/reviews/2024") is None
    assert domain.filing_id(POLL) == "p"
