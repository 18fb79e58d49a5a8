"""The collection API against the real stack: validation, tenancy, idempotency, the flow."""
import asyncio
import uuid

import grpc
import pytest

from minsheng.collection.v1 import collection_pb2 as pb
from tests.collection.client import Collection, proposal_message
from tests.helpers import expect_error, field_violations, reason

pytestmark = pytest.mark.integration


@pytest.fixture
async def town(channel_to, issuer, new_town) -> Collection:
    client = Collection(channel_to("collection"), issuer, new_town)
    await client.open_cycle()
    return client


def count_proposals(sql, town: str) -> int:
    return sql("SELECT count(*) FROM collection.proposals WHERE town_id = %s", (town,))[0][0]


@pytest.mark.parametrize("changes, fields", [
    (dict(title=""), {"proposal.title"}),
    (dict(content="长" * 5001), {"proposal.content"}),
    (dict(channel=99), {"proposal.channel"}),
    (dict(channel=pb.CHANNEL_UNSPECIFIED), {"proposal.channel"}),
    (dict(estimated_cost_yuan=-5), {"proposal.estimated_cost_yuan"}),
    (dict(proposer=pb.Proposer(name="", phone="x")), {"proposal.proposer.name", "proposal.proposer.phone"}),
])
async def test_bad_proposals_are_refused_with_their_fields_and_store_nothing(town, sql, changes, fields):
    error = await expect_error(town.submit(**changes), grpc.StatusCode.INVALID_ARGUMENT)
    assert field_violations(error) == fields
    assert count_proposals(sql, town.town) == 0


async def test_unknown_town_and_bad_names_are_invalid_arguments(town, issuer, sql):
    request = pb.SubmitProposalRequest(parent="towns/atlantis", proposal=proposal_message())
    error = await expect_error(town.stub.SubmitProposal(request, metadata=town.staff),
                               grpc.StatusCode.INVALID_ARGUMENT)
    assert field_violations(error) == {"parent"}
    error = await expect_error(town.stub.GetProposal(pb.GetProposalRequest(name="proposals/1"),
                                                     metadata=town.staff), grpc.StatusCode.INVALID_ARGUMENT)
    assert field_violations(error) == {"name"}


async def test_a_call_without_a_valid_token_is_unauthenticated(town):
    await expect_error(town.stub.SubmitProposal(pb.SubmitProposalRequest(parent=town.parent)),
                       grpc.StatusCode.UNAUTHENTICATED)
    bad = (("authorization", "Bearer not-a-jwt"),)
    await expect_error(town.stub.SubmitProposal(pb.SubmitProposalRequest(parent=town.parent), metadata=bad),
                       grpc.StatusCode.UNAUTHENTICATED)


async def test_a_retried_submit_stores_one_proposal(town, sql):
    request_id = str(uuid.uuid4())
    first = await town.submit(request_id=request_id)
    again = await town.submit(request_id=request_id)
    assert first.name == again.name and first.receipt_code == again.receipt_code
    assert count_proposals(sql, town.town) == 1


async def test_staff_see_personal_data_others_see_it_masked(town, issuer):
    created = await town.submit(metadata=town.public, proposer=pb.Proposer(name="李四", phone="13900001111"))
    as_staff = await town.stub.GetProposal(pb.GetProposalRequest(name=created.name), metadata=town.staff)
    assert as_staff.proposer.phone == "13900001111"
    deputy = issuer.metadata("deputy-1", town.town, "deputy")
    as_deputy = await town.stub.GetProposal(pb.GetProposalRequest(name=created.name), metadata=deputy)
    assert as_deputy.proposer.phone == "139****1111" and as_deputy.proposer.name == "李*"
    followed = await town.stub.FollowProposal(pb.FollowProposalRequest(
        parent=town.parent, receipt_code=created.receipt_code.lower()), metadata=town.public)
    assert followed.name == created.name and followed.proposer.phone == "139****1111"
    assert created.proposer.phone == "139****1111"  # the public submitter's own receipt is masked too


async def test_the_public_may_not_use_staff_channels_or_staff_methods(town):
    error = await expect_error(town.submit(metadata=town.public, channel=pb.HOTLINE_12345),
                               grpc.StatusCode.INVALID_ARGUMENT)
    assert field_violations(error) == {"proposal.channel"}
    created = await town.submit()
    await expect_error(town.stub.ScreenProposal(pb.ScreenProposalRequest(name=created.name, outcome=pb.SHORTLISTED),
                                                metadata=town.public), grpc.StatusCode.PERMISSION_DENIED)


async def test_a_deputy_submission_records_the_deputy(town, issuer):
    deputy = issuer.metadata("deputy-007", town.town, "deputy")
    created = await town.submit(metadata=deputy, channel=pb.LIAISON_STATION)
    assert created.entered_by_deputy == "deputy-007"


async def test_a_flood_from_one_public_client_is_resource_exhausted(town, sql):
    for _ in range(10):
        await town.submit(metadata=town.public)
    error = await expect_error(town.submit(metadata=town.public), grpc.StatusCode.RESOURCE_EXHAUSTED)
    assert reason(error) == "RATE_LIMITED"
    assert count_proposals(sql, town.town) == 10
    await town.submit()  # staff are not limited


async def test_outside_an_open_cycle_proposals_go_to_the_reserve_pool(town, sql):
    await town.stub.CloseCollectionCycle(pb.CloseCollectionCycleRequest(name=f"{town.parent}/collectionCycles/2024"),
                                         metadata=town.staff)
    late = await town.submit()
    assert late.state == pb.Proposal.RESERVE_POOL and late.year == 0
    error = await expect_error(town.stub.CloseCollectionCycle(pb.CloseCollectionCycleRequest(
        name=f"{town.parent}/collectionCycles/2024"), metadata=town.staff), grpc.StatusCode.FAILED_PRECONDITION)
    assert reason(error) == "CYCLE_NOT_OPEN"
    # A reserve-pool proposal is screened into a named cycle.
    error = await expect_error(town.screen(late.name), grpc.StatusCode.INVALID_ARGUMENT)
    assert field_violations(error) == {"collection_cycle"}
    cycle = await town.stub.GetCollectionCycle(pb.GetCollectionCycleRequest(
        name=f"{town.parent}/collectionCycles/2024"), metadata=town.staff)
    assert cycle.state == pb.CollectionCycle.CLOSED and cycle.proposal_count == 0


async def test_a_second_open_cycle_is_refused(town):
    error = await expect_error(town.open_cycle(year=2025), grpc.StatusCode.FAILED_PRECONDITION)
    assert reason(error) == "ANOTHER_CYCLE_OPEN"


async def test_a_retried_open_returns_the_cycle_and_a_different_one_is_refused(channel_to, issuer, new_town, sql):
    town = Collection(channel_to("collection"), issuer, new_town)
    first = await town.open_cycle(title="2030年征集公告")
    again = await town.stub.OpenCollectionCycle(pb.OpenCollectionCycleRequest(
        parent=town.parent, year=2024, title="2030年征集公告", announcement="公告正文", opens_at=first.opens_at,
        closes_at=first.closes_at), metadata=town.staff)
    assert again == first
    error = await expect_error(town.open_cycle(title="另一份公告"), grpc.StatusCode.FAILED_PRECONDITION)
    assert reason(error) == "CYCLE_EXISTS"
    opened = sql("SELECT count(*) FROM collection.outbox WHERE town_id = %s AND event_type = %s",
                 (new_town, "collection_cycle_opened"))
    assert opened == [(1,)]


async def test_merge_screen_answer_and_the_unanswered_list(town):
    target, dup, other = await town.submit(), await town.submit(), await town.submit()
    merged = await town.stub.MergeProposals(pb.MergeProposalsRequest(name=target.name, duplicates=[dup.name]),
                                            metadata=town.staff)
    assert merged.supporter_count == 2
    dup_now = await town.stub.GetProposal(pb.GetProposalRequest(name=dup.name), metadata=town.staff)
    assert dup_now.state == pb.Proposal.MERGED and dup_now.merged_into == target.name
    assert target.receipt_code in dup_now.answer.text
    error = await expect_error(town.screen(dup.name), grpc.StatusCode.FAILED_PRECONDITION)
    assert reason(error) == "PROPOSAL_NOT_SCREENABLE"
    shortlisted = await town.screen(target.name)
    assert shortlisted.state == pb.Proposal.SHORTLISTED
    error = await expect_error(town.screen(other.name, outcome=pb.NOT_SHORTLISTED, failing="财政可承担"),
                               grpc.StatusCode.INVALID_ARGUMENT)
    assert field_violations(error) == {"explanation"}
    await town.screen(other.name, outcome=pb.NOT_SHORTLISTED, failing="财政可承担", explanation="超出财力")
    awaiting = await town.list(awaiting_answer=True)
    assert [p.name for p in awaiting] == [other.name]
    await town.stub.AnswerProposal(pb.AnswerProposalRequest(name=other.name, text="已解释"), metadata=town.staff)
    assert await town.list(awaiting_answer=True) == []


async def test_listing_pages_and_filters(town):
    created = [await town.submit(channel=pb.WEB if i % 2 else pb.FORUM) for i in range(5)]
    first = await town.stub.ListProposals(pb.ListProposalsRequest(parent=town.parent, page_size=2),
                                          metadata=town.staff)
    second = await town.stub.ListProposals(pb.ListProposalsRequest(
        parent=town.parent, page_size=2, page_token=first.next_page_token), metadata=town.staff)
    third = await town.stub.ListProposals(pb.ListProposalsRequest(
        parent=town.parent, page_size=2, page_token=second.next_page_token), metadata=town.staff)
    names = [p.name for r in (first, second, third) for p in r.proposals]
    assert names == [p.name for p in created] and third.next_page_token == ""
    assert len(await town.list(channel=pb.WEB)) == 2
    error = await expect_error(town.stub.ListProposals(pb.ListProposalsRequest(
        parent=town.parent, channel=pb.WEB, page_token=first.next_page_token), metadata=town.staff),
        grpc.StatusCode.INVALID_ARGUMENT)
    assert field_violations(error) == {"page_token"}


async def test_a_batch_stores_each_good_proposal_once_and_refuses_each_bad_one_on_its_own(town, sql):
    retried = str(uuid.uuid4())
    requests = [pb.SubmitProposalRequest(proposal=proposal_message(title=f"路灯{i}"), request_id=str(uuid.uuid4()))
                for i in range(5)]
    requests[1].proposal.title = ""
    requests[3].parent = "towns/another"
    requests[4].request_id = retried
    batch = pb.BatchSubmitProposalsRequest(parent=town.parent, requests=requests)
    first = (await town.stub.BatchSubmitProposals(batch, metadata=town.staff)).results
    assert [r.WhichOneof("result") for r in first] == ["proposal", "error", "proposal", "error", "proposal"]
    assert first[1].error.code == grpc.StatusCode.INVALID_ARGUMENT.value[0]
    assert "proposal.title" in first[1].error.details[1].value.decode()  # BadRequest names the field
    assert first[0].proposal.title == "路灯0" and first[0].proposal.state == pb.Proposal.SUBMITTED
    again = (await town.stub.BatchSubmitProposals(batch, metadata=town.staff)).results  # a retried call
    assert [r.proposal.name for r in again] == [r.proposal.name for r in first]
    assert count_proposals(sql, town.town) == 3
    events = sql("SELECT count(*) FROM collection.outbox WHERE town_id = %s AND event_type = 'proposal_submitted'",
                 (town.town,))[0][0]
    assert events == 3


async def test_a_batch_is_for_staff_and_bounded(town):
    batch = pb.BatchSubmitProposalsRequest(parent=town.parent, requests=[
        pb.SubmitProposalRequest(proposal=proposal_message())])
    await expect_error(town.stub.BatchSubmitProposals(batch, metadata=town.public), grpc.StatusCode.PERMISSION_DENIED)
    error = await expect_error(town.stub.BatchSubmitProposals(pb.BatchSubmitProposalsRequest(parent=town.parent),
                                                              metadata=town.staff), grpc.StatusCode.INVALID_ARGUMENT)
    assert field_violations(error) == {"requests"}


async def test_concurrent_submissions_each_get_their_own_result(town, sql):
    """They are committed together (a group commit), yet each caller gets its own proposal,
    a retry its first call's, and a bad one its own error while the others are stored."""
    retried = str(uuid.uuid4())
    calls = [town.submit(title=f"路灯{i}", request_id=retried if i % 10 == 0 else str(uuid.uuid4()))
             for i in range(40)] + [town.submit(title="")]
    results = await asyncio.gather(*calls, return_exceptions=True)
    assert isinstance(results[-1], grpc.aio.AioRpcError)
    assert results[-1].code() == grpc.StatusCode.INVALID_ARGUMENT
    stored = results[:-1]
    assert len({p.name for p in stored}) == 37  # 36 requests of their own, and 4 calls with one request id
    assert {p.name for i, p in enumerate(stored) if i % 10 == 0} == {stored[0].name}
    assert all(p.title == f"路灯{i}" for i, p in enumerate(stored) if i % 10)
    assert count_proposals(sql, town.town) == 37
