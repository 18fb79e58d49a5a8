"""A town never sees or touches another town's data: through the API, and in the database."""
import grpc
import pytest

from minsheng.collection.v1 import collection_pb2 as pb
from tests.collection.client import Collection
from tests.helpers import expect_error

pytestmark = pytest.mark.integration


@pytest.fixture
async def two_towns(channel_to, issuer, new_town, other_town):
    a = Collection(channel_to("collection"), issuer, new_town)
    b = Collection(channel_to("collection"), issuer, other_town)
    for town in (a, b):
        await town.open_cycle()
    return a, b


async def test_town_a_cannot_read_list_or_change_town_b(two_towns):
    a, b = two_towns
    theirs = await b.submit()
    calls = [
        a.stub.GetProposal(pb.GetProposalRequest(name=theirs.name), metadata=a.staff),
        a.stub.ListProposals(pb.ListProposalsRequest(parent=b.parent), metadata=a.staff),
        a.stub.ScreenProposal(pb.ScreenProposalRequest(name=theirs.name, outcome=pb.SHORTLISTED), metadata=a.staff),
        a.stub.AnswerProposal(pb.AnswerProposalRequest(name=theirs.name, text="x"), metadata=a.staff),
        a.stub.SubmitProposal(pb.SubmitProposalRequest(parent=b.parent), metadata=a.staff),
        a.stub.FollowProposal(pb.FollowProposalRequest(parent=b.parent, receipt_code=theirs.receipt_code),
                              metadata=a.public),
        a.stub.CloseCollectionCycle(pb.CloseCollectionCycleRequest(name=f"{b.parent}/collectionCycles/2024"),
                                    metadata=a.staff),
    ]
    for call in calls:
        await expect_error(call, grpc.StatusCode.PERMISSION_DENIED)
    unchanged = await b.stub.GetProposal(pb.GetProposalRequest(name=theirs.name), metadata=b.staff)
    assert unchanged.state == pb.Proposal.SUBMITTED and not unchanged.HasField("answer")


async def test_a_merge_cannot_reach_into_another_town(two_towns):
    a, b = two_towns
    mine, theirs = await a.submit(), await b.submit()
    await expect_error(a.stub.MergeProposals(pb.MergeProposalsRequest(name=mine.name, duplicates=[theirs.name]),
                                             metadata=a.staff), grpc.StatusCode.INVALID_ARGUMENT)


async def test_district_reads_every_town_but_changes_none(two_towns, issuer):
    a, b = two_towns
    theirs = await b.submit()
    district = issuer.metadata("district-1", None, "district")
    seen = await b.stub.GetProposal(pb.GetProposalRequest(name=theirs.name), metadata=district)
    assert seen.name == theirs.name and "*" in seen.proposer.phone
    await expect_error(b.stub.ScreenProposal(pb.ScreenProposalRequest(name=theirs.name, outcome=pb.SHORTLISTED),
                                             metadata=district), grpc.StatusCode.PERMISSION_DENIED)


async def test_row_level_security_hides_other_towns_from_a_raw_query(two_towns, sql):
    a, b = two_towns
    await a.submit()
    await b.submit()
    as_a = sql("SELECT DISTINCT town_id FROM collection.proposals", role="app", town=a.town)
    assert as_a == [(a.town,)]
    assert sql("SELECT count(*) FROM collection.outbox WHERE town_id = %s", (b.town,), role="app",
               town=a.town) == [(0,)]
    assert sql("SELECT count(*) FROM collection.proposals", role="app") == [(0,)]
    with pytest.raises(Exception, match="row-level security"):
        sql("INSERT INTO collection.inbox (consumer, event_id, town_id) VALUES ('x', 'y', %s)", (b.town,),
            role="app", town=a.town)


def test_the_application_role_owns_no_table(sql, stack):
    owners = sql("SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'collection'")
    assert owners == [(stack.roles.owner,)]
    bypass = sql("SELECT rolbypassrls OR rolsuper FROM pg_roles WHERE rolname IN (%s, %s)",
                 (stack.roles.app, stack.roles.relay))
    assert bypass == [(False,), (False,)]
