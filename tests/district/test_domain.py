"""The district's rules, without any infrastructure: a filing is checked with the
independent verifier against the town's pinned key."""
import base64
import hashlib
import json

from services.district import domain
from services.district.domain import SignedDocument
from services.evaluation import verify as evaluation_verify
from tests.district.evaluation_filings import filed, new_signer, report_document, revised
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


def test_a_filed_evaluation_report_is_checked_against_the_pinned_evaluation_key_and_recounted():
    signer, other = new_signer(), new_signer()
    key = signer.public_key
    assert domain.check_evaluation_filing("xihu", filed(signer, "xihu", 2023), key) == []
    assert domain.check_evaluation_filing("xihu", filed(signer, "xihu", 2023, tamper=True), key) == [
        "the signature does not match the document"]
    assert domain.check_evaluation_filing("xihu", filed(other, "xihu", 2023), key) == [
        "signed by another key than the trusted one"]
    assert domain.check_evaluation_filing("xihu", filed(signer, "xihu", 2023), None) == [
        "no evaluation signing key is pinned for town 'xihu'"]
    # Signed by the town's own key, but a grade does not follow from its counts.
    miscounted = filed(signer, "xihu", 2023, grades={1: "SATISFIED", 2: "SATISFIED", 3: "UNSATISFIED"})
    assert domain.check_evaluation_filing("xihu", miscounted, key) == [
        "towns/xihu/projects/2023-2: the counts make it BASICALLY_SATISFIED, the report says SATISFIED"]
    # Genuine, but filed as another town's or year's evaluation.
    assert domain.check_evaluation_filing("chentuan", filed(signer, "xihu", 2023), key) == [
        "the document is revision 1 of the report of towns/xihu/evaluations/2023 (2023)"]


def test_a_later_revision_is_filed_apart_and_must_be_the_revision_its_document_signs():
    signer = new_signer()
    second = filed(signer, "xihu", 2023, revision=2)
    assert domain.check_evaluation_filing("xihu", second, signer.public_key) == []
    assert (domain.evaluation_filing_id(1), domain.evaluation_filing_id(2)) == ("evaluation", "evaluation-2")
    second.revision = 3
    assert domain.check_evaluation_filing("xihu", second, signer.public_key) == [
        "the document is revision 2 of the report of towns/xihu/evaluations/2023 (2023)"]
    unchained = report_document("xihu", 2023, revision=2) | {"supersedes": None}
    assert evaluation_verify.check(unchained, signer.sign(unchained), signer.public_key, signer.public_key) == [
        "a revision is a whole number from 1, and every later one names the one it supersedes"]


def test_a_revision_must_name_the_accepted_revision_before_it_by_its_documents_hash():
    signer = new_signer()
    first = filed(signer, "xihu", 2023)
    second = revised(signer, first)
    hashed = hashlib.sha256(first.document.encode("utf-8")).hexdigest()
    assert domain.document_sha256(first.document) == hashed == domain.supersedes_of(second.document)
    assert (domain.supersedes_of(first.document), domain.supersedes_of("not json")) == (None, None)
    assert domain.supersession_problems(2, hashed, hashed, True) == []
    assert domain.supersession_problems(2, "2" * 64, hashed, True) == [
        f"it supersedes a document of SHA-256 {'2' * 64}, but revision 1 as filed has SHA-256 {hashed}"]
    assert domain.supersession_problems(3, hashed, hashed, False) == ["revision 2, which it supersedes, was refused"]
    # Naming none is the document's own fault (check_evaluation_filing); no link to compare.
    assert domain.supersession_problems(2, None, hashed, True) == []


def test_the_filed_grades_must_be_the_signed_reports():
    signer = new_signer()
    event = filed(signer, "xihu", 2023)
    event.grades[0].grade = 3
    assert domain.check_evaluation_filing("xihu", event, signer.public_key) == [
        "the filed grades are not the signed report's"]
