"""The district's filings against the real stack: a result filed under the voting service's
key is accepted, a changed one is refused with its reason and raises filing_refused; a town
reads only its own filings, the district every town's; a written evaluation report's revision
is filed after the one it supersedes and must name it."""
import base64
import hashlib
import json

import grpc
import pytest

from minsheng.district.v1 import district_pb2 as pb
from minsheng.district.v1.district_pb2_grpc import DistrictServiceStub
from minsheng.events.v1.district_events_pb2 import FilingRefused
from minsheng.events.v1.evaluation_events_pb2 import EvaluationFiled
from minsheng.events.v1.voting_events_pb2 import ResultFiled
from services.district import settings as district_settings
from services.district.rebuild import rebuild
from services.evaluation import settings as evaluation_settings
from services.platform import events
from services.platform.db import Database
from services.voting import settings as voting_settings
from tests.district.evaluation_filings import evaluation_filings, filed, revised
from tests.events import collect, envelopes
from tests.helpers import expect_error, field_violations, staff_of, wait_for
from tests.voting.test_domain import BALLOTS, signed_result

pytestmark = pytest.mark.integration


def filed_by(keys, town: str, poll_id: str, *, tamper: bool = False) -> ResultFiled:
    """A final result of `town` signed with `keys`; tampered after signing: a count changed."""
    poll = f"towns/{town}/sessions/s/polls/{poll_id}"
    document = signed_result(BALLOTS)["document"] | {"poll": poll}
    signature = keys.sign(document)
    if tamper:
        first = document["candidates"][0]["candidate_id"]
        document["counts"][first][0] += 1
    return ResultFiled(poll=poll, candidate_list=f"towns/{town}/candidateLists/2024", adopted=document["adopted"],
                       document=json.dumps(document, ensure_ascii=False), signature=signature,
                       public_key=keys.public_key)


async def publish(js, town: str, filed: ResultFiled) -> None:
    envelope = events.new_envelope(town_id=town, source="voting", aggregate_id=filed.poll, aggregate_sequence=9,
                                   payload=filed)
    await js.publish(events.subject(town, "voting", envelope.event_type), envelope.SerializeToString(),
                     headers={"Nats-Msg-Id": envelope.event_id}, stream=events.STREAM)


async def filings_of(stub, issuer, town: str, metadata=None):
    async def found():
        return (await stub.ListFilings(pb.ListFilingsRequest(parent=f"towns/{town}", year=2024),
                                       metadata=metadata or staff_of(issuer, town))).filings
    return await wait_for(found)


async def test_a_genuine_filing_is_accepted_and_a_tampered_one_refused(stack, channel_to, issuer, new_town,
                                                                        other_town, nats_client):
    keys = voting_settings.read(stack.voting_keys, "api", [])
    js = nats_client.jetstream()
    stub = DistrictServiceStub(channel_to("district"))
    await publish(js, new_town, filed_by(keys.keys, new_town, "genuine"))
    [accepted] = await filings_of(stub, issuer, new_town)
    assert (accepted.accepted, list(accepted.problems), accepted.documents_verified) == (True, [], 1)
    assert accepted.name == f"towns/{new_town}/filings/2024/genuine"

    await publish(js, other_town, filed_by(keys.keys, other_town, "changed", tamper=True))
    [refused] = await filings_of(stub, issuer, other_town)
    assert not refused.accepted
    assert list(refused.problems) == [f"{refused.poll}: the signature does not match the document",
                                      f"{refused.poll}: a candidate's for + against + abstain differs from the "
                                      "ballots (every encrypted ballot has one option per candidate)"]
    raised = envelopes(await collect(js, events.subject(other_town, "district", "filing_refused"), expected=1))
    event = events.unpack(raised[0])
    assert isinstance(event, FilingRefused) and event.filing == refused.name and list(event.problems) == list(
        refused.problems)

    # A town reads its own receipts only; the district reads every town's.
    await expect_error(stub.GetFiling(pb.GetFilingRequest(name=refused.name), metadata=staff_of(issuer, new_town)),
                       grpc.StatusCode.PERMISSION_DENIED)
    district = issuer.metadata("district-standing-committee", None, "district")
    assert (await stub.GetFiling(pb.GetFilingRequest(name=refused.name), metadata=district)) == refused


async def test_a_result_signed_with_another_key_is_refused(stack, channel_to, issuer, new_town, nats_client):
    stranger = voting_settings.read(voting_settings.generate(), "api", []).keys
    await publish(nats_client.jetstream(), new_town, filed_by(stranger, new_town, "forged"))
    [refused] = await filings_of(DistrictServiceStub(channel_to("district")), issuer, new_town)
    assert not refused.accepted
    assert list(refused.problems) == [f"{refused.poll}: signed by another key than the trusted one"]


async def test_bad_names_and_years_are_refused(channel_to, issuer, new_town):
    stub = DistrictServiceStub(channel_to("district"))
    error = await expect_error(stub.ListFilings(pb.ListFilingsRequest(parent=f"towns/{new_town}"),
                                                metadata=staff_of(issuer, new_town)), grpc.StatusCode.INVALID_ARGUMENT)
    assert field_violations(error) == {"year"}
    error = await expect_error(stub.GetFiling(pb.GetFilingRequest(name=f"towns/{new_town}/filings/x/y"),
                                              metadata=staff_of(issuer, new_town)), grpc.StatusCode.INVALID_ARGUMENT)
    assert field_violations(error) == {"name"}
    await expect_error(stub.GetFiling(pb.GetFilingRequest(name=f"towns/{new_town}/filings/2024/none"),
                                      metadata=staff_of(issuer, new_town)), grpc.StatusCode.NOT_FOUND)


async def publish_evaluation(js, town: str, filed: EvaluationFiled) -> None:
    envelope = events.new_envelope(town_id=town, source="evaluation", aggregate_id=filed.evaluation,
                                   aggregate_sequence=9, payload=filed)
    await js.publish(events.subject(town, "evaluation", envelope.event_type), envelope.SerializeToString(),
                     headers={"Nats-Msg-Id": envelope.event_id}, stream=events.STREAM)


async def test_an_evaluation_report_is_filed_against_the_evaluation_key(stack, channel_to, issuer, new_town,
                                                                        other_town, nats_client):
    """Accepted when signed by the town's pinned evaluation key (not voting's) and its grades
    follow from its counts; refused when tampered or signed by another key, alert-worthy."""
    signer = evaluation_settings.read(stack.evaluation_keys, "api", []).signer
    js = nats_client.jetstream()
    stub = DistrictServiceStub(channel_to("district"))
    await publish_evaluation(js, new_town, filed(signer, new_town, 2024))
    [accepted] = await filings_of(stub, issuer, new_town)
    assert (accepted.name, accepted.kind, accepted.poll, accepted.accepted, list(accepted.problems)) == (
        f"towns/{new_town}/filings/2024/evaluation", "EVALUATION", f"towns/{new_town}/evaluations/2024", True, [])
    row = await stub.GetTownYear(pb.GetTownYearRequest(name=f"towns/{new_town}/years/2024"),
                                 metadata=staff_of(issuer, new_town))
    assert (row.counts.evaluation_filings_accepted, row.counts.filings_accepted, row.counts.towns_voted) == (1, 0, 0)

    await publish_evaluation(js, other_town, filed(signer, other_town, 2024, tamper=True))
    [refused] = await filings_of(stub, issuer, other_town)
    assert (refused.accepted, list(refused.problems)) == (False, ["the signature does not match the document"])
    raised = envelopes(await collect(js, events.subject(other_town, "district", "filing_refused"), expected=1))
    assert events.unpack(raised[0]).filing == refused.name

    # Signed by the town's voting key: a key pinned for the town, but not for its evaluation reports.
    await publish_evaluation(js, new_town, filed(voting_settings.read(stack.voting_keys, "api", []).keys,
                                                 new_town, 2025))

    async def forged():
        found = (await stub.ListFilings(pb.ListFilingsRequest(parent=f"towns/{new_town}", year=2025),
                                        metadata=staff_of(issuer, new_town))).filings
        return found
    [refused] = await wait_for(forged)
    assert list(refused.problems) == ["signed by another key than the trusted one"]


async def test_a_revision_is_filed_after_the_one_it_supersedes_and_refused_unless_it_names_it(
        stack, channel_to, issuer, new_town, other_town, nats_client):
    """Revision 2 that arrives first waits for revision 1, then is accepted; one whose
    'supersedes' is not revision 1's document as filed is refused, alert-worthy; a rebuild by
    replay receives them the same."""
    signer = evaluation_settings.read(stack.evaluation_keys, "api", []).signer
    js = nats_client.jetstream()
    stub = DistrictServiceStub(channel_to("district"))
    first = filed(signer, new_town, 2024)
    await publish_evaluation(js, new_town, revised(signer, first))
    # A report of another year, published after it, is received: revision 2 was seen, and waits.
    await publish_evaluation(js, new_town, filed(signer, new_town, 2025))
    await evaluation_filings(stub, issuer, new_town, 2025, 1)
    assert not (await stub.ListFilings(pb.ListFilingsRequest(parent=f"towns/{new_town}", year=2024),
                                       metadata=staff_of(issuer, new_town))).filings
    await publish_evaluation(js, new_town, first)
    received = await evaluation_filings(stub, issuer, new_town, 2024, 2)
    assert [(f.name, f.accepted, list(f.problems)) for f in received] == [
        (f"towns/{new_town}/filings/2024/evaluation", True, []),
        (f"towns/{new_town}/filings/2024/evaluation-2", True, [])]

    first = filed(signer, other_town, 2024)
    await publish_evaluation(js, other_town, first)
    await evaluation_filings(stub, issuer, other_town, 2024, 1)
    await publish_evaluation(js, other_town, revised(signer, first, supersedes="2" * 64))
    _, refused = await evaluation_filings(stub, issuer, other_town, 2024, 2)
    actual = hashlib.sha256(first.document.encode("utf-8")).hexdigest()
    assert (refused.name, refused.accepted, list(refused.problems)) == (
        f"towns/{other_town}/filings/2024/evaluation-2", False,
        [f"it supersedes a document of SHA-256 {'2' * 64}, but revision 1 as filed has SHA-256 {actual}"])
    raised = envelopes(await collect(js, events.subject(other_town, "district", "filing_refused"), expected=1))
    assert [events.unpack(e).filing for e in raised] == [refused.name]

    # A rebuild replays revision 2 before revision 1 as the stream holds them, and receives the same.
    live = [await evaluation_filings(stub, issuer, town, 2024, 2) for town in (new_town, other_town)]
    database = Database(stack.database_url("consumer"))
    try:
        await rebuild(database, js, district_settings.read(stack.env("district", "consumer"), "consumer", []).pinned_key)
    finally:
        await database.close()
    assert [await evaluation_filings(stub, issuer, town, 2024, 2) for town in (new_town, other_town)] == live
