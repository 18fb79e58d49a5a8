"""End to end through the real NATS and PostgreSQL: proposals shortlisted in collection flow
into review and end as an approved candidate list, whose event a test consumer receives
exactly once; the proposers of items that did not become candidates are answered in
collection; redelivered events change nothing."""
import uuid
from collections import Counter

import grpc
import pytest

from minsheng.collection.v1 import collection_pb2 as cpb
from minsheng.events.v1.envelope_pb2 import Envelope
from minsheng.events.v1.review_events_pb2 import CandidateListApproved
from minsheng.review.v1 import review_pb2 as pb
from services.platform import events
from tests.collection.client import Collection
from tests.events import collect, envelopes
from tests.helpers import expect_error, reason, wait_for
from tests.review.client import Review, assessment_message, shortlist

pytestmark = pytest.mark.integration

# Title -> assessment: the expected order is 急需先立 (urgent), 成熟先立 (mature), 好中选优 (score).
ASSESSMENTS = {
    "公厕改造": dict(urgency=2, maturity=2, rest=5),
    "村道硬化": dict(urgency=5, maturity=4, rest=3),
    "文化广场": dict(urgency=2, maturity=5, rest=3),
    "太阳能路灯": dict(urgency=4, maturity=2, rest=4),
    "健身器材": dict(urgency=2, maturity=2, rest=2, recommendation=pb.NOT_RECOMMEND),
}


def in_inbox(sql, schema: str, event_id: str):
    async def check():
        return sql(f"SELECT 1 FROM {schema}.inbox WHERE event_id = %s", (event_id,))
    return check


async def redeliver(js, sql, schema: str, town: str, event_type: str) -> str:
    """Publishes every such event of the town again under a new Nats-Msg-Id (JetStream keeps
    them), then one as a new event (new event id: past the inbox). Returns that event's id."""
    rows = sql(f"SELECT subject, envelope FROM {schema}.outbox WHERE town_id = %s AND event_type = %s ORDER BY seq",
               (town, event_type))
    assert rows
    for subject, data in rows:
        await js.publish(subject, bytes(data), headers={"Nats-Msg-Id": str(uuid.uuid4())})
    copy = Envelope.FromString(bytes(rows[0][1]))
    copy.event_id = str(uuid.uuid4())
    await js.publish(rows[0][0], copy.SerializeToString(), headers={"Nats-Msg-Id": copy.event_id})
    return copy.event_id


@pytest.fixture
async def town(channel_to, issuer, new_town) -> tuple[Collection, Review]:
    return Collection(channel_to("collection"), issuer, new_town), Review(channel_to("review"), issuer, new_town)


async def test_shortlisted_proposals_end_as_an_approved_candidate_list(town, sql, nats_client):
    collection, review = town
    js = nats_client.jetstream()
    proposals = {p.title: p for p in await shortlist(collection, list(ASSESSMENTS), not_shortlisted=2)}

    await review.open()
    await review.form_work_group()
    items = {i.title: i for i in await review.wait_for_items(len(ASSESSMENTS))}
    assert set(items) == set(ASSESSMENTS)  # the proposals screened out never arrive
    assert {i.proposal for i in items.values()} == {p.name for p in proposals.values()}
    for title, scores in ASSESSMENTS.items():
        await review.assess(items[title].name, assessment_message(title=f"{title}项目", **scores))

    ranking = (await review.get()).ranking
    assert [r.title for r in ranking] == ["村道硬化", "太阳能路灯", "文化广场", "公厕改造"]
    assert "urgent (急需, urgency 5)" in ranking[0].explanation
    listed = await review.items()
    assert [(i.title, i.rank) for i in listed][-1] == ("健身器材", 0)
    assert [i.rank for i in listed[:4]] == [1, 2, 3, 4] and listed[0].rank_explanation == ranking[0].explanation
    moved = await review.stub.MoveReviewItem(pb.MoveReviewItemRequest(
        name=items["公厕改造"].name, position=3, reason="学校周边，代表联名建议"), metadata=review.staff)
    assert [r.title for r in moved.ranking] == ["村道硬化", "太阳能路灯", "公厕改造", "文化广场"]
    assert "学校周边，代表联名建议" in moved.ranking[2].explanation

    proposed = await review.propose()
    assert proposed.state == pb.Review.RECOMMENDATIONS_PROPOSED
    decided = await review.decide(removals=[pb.PresidiumDecision.Change(item=items["太阳能路灯"].name,
                                                                        reason="资金来源未落实")])
    assert [r.title for r in decided.ranking] == ["村道硬化", "公厕改造", "文化广场"]

    error = await expect_error(review.approve(seats=3), grpc.StatusCode.FAILED_PRECONDITION)
    assert reason(error) == "NOT_A_COMPETITIVE_LIST"
    approved = await review.approve(seats=2)
    assert approved.state == pb.Review.APPROVED
    assert approved.candidate_list.seats == 2
    assert [c.project.title for c in approved.candidate_list.candidates] == ["村道硬化项目", "公厕改造项目", "文化广场项目"]
    assert [e.action for e in approved.history][-3:] == ["recommendations proposed", "presidium decided",
                                                         "candidate list approved"]

    subject = events.subject(review.town, "review", "candidate_list_approved")
    received = envelopes(await collect(js, subject, expected=1))
    assert len(received) == 1
    payload = events.unpack(received[0])
    assert isinstance(payload, CandidateListApproved)
    assert payload.seats == 2 and payload.review == review.name
    assert [c.candidate_id for c in payload.candidates] == [c.candidate_id for c in approved.candidate_list.candidates]
    assert [c.rank for c in payload.candidates] == [1, 2, 3]
    first = payload.candidates[0]
    assert (first.proposal, first.budget_yuan, first.funding_source, first.completion_deadline) == (
        proposals["村道硬化"].name, 300000, "镇财政", "2024-11-30")

    every = envelopes(await collect(js, events.subject(review.town, "review", ">"), expected=11))
    assert Counter(e.event_type for e in every) == {
        "review_opened": 1, "assessment_recorded": 5, "recommendations_proposed": 1, "presidium_decided": 1,
        "candidate_list_approved": 1, "item_not_recommended": 2}

    # The proposers of the removed and the not recommended items are answered in collection.
    async def answered():
        found = {t: await collection.stub.GetProposal(cpb.GetProposalRequest(name=proposals[t].name),
                                                      metadata=collection.staff) for t in ("太阳能路灯", "健身器材")}
        return found if all(p.answer.text for p in found.values()) else None
    answers = await wait_for(answered, what="answers to proposers")
    assert "资金来源未落实" in answers["太阳能路灯"].answer.text
    assert "审查意见" in answers["健身器材"].answer.text
    candidate = await collection.stub.GetProposal(cpb.GetProposalRequest(name=proposals["村道硬化"].name),
                                                  metadata=collection.staff)
    assert not candidate.answer.text

    # Redelivered collection events: no new item, no change to the approved review.
    before = sql("SELECT id, version FROM review.review_items WHERE town_id = %s ORDER BY id", (review.town,))
    event_id = await redeliver(js, sql, "collection", review.town, "proposal_screened")
    await wait_for(in_inbox(sql, "review", event_id), what="the redelivered event's processing")
    assert sql("SELECT id, version FROM review.review_items WHERE town_id = %s ORDER BY id", (review.town,)) == before
    assert (await review.get()) == approved

    # Redelivered answers: the answers stand as first recorded.
    event_id = await redeliver(js, sql, "review", review.town, "item_not_recommended")
    await wait_for(in_inbox(sql, "collection", event_id), what="the redelivered answer's processing")
    again = await collection.stub.GetProposal(cpb.GetProposalRequest(name=proposals["太阳能路灯"].name),
                                              metadata=collection.staff)
    assert again.answer == answers["太阳能路灯"].answer

    assert len(await collect(js, subject, expected=1)) == 1


async def test_a_proposal_shortlisted_after_approval_is_answered(town):
    collection, review = town
    await shortlist(collection, ["村道硬化", "路灯安装", "污水治理"])
    await review.open(competitive_list_rule=pb.CompetitiveListRule(allow_equal_list=True))
    await review.form_work_group()
    for item in await review.wait_for_items(3):
        await review.assess(item.name, assessment_message(title=item.title))
    await review.propose()
    await review.decide()
    await review.approve(seats=3)
    late = await collection.submit(title="迟到的建议")
    await collection.screen(late.name)

    async def answered():
        found = await collection.stub.GetProposal(cpb.GetProposalRequest(name=late.name), metadata=collection.staff)
        return found if found.HasField("answer") else None
    found = await wait_for(answered, what="the late proposal's answer")
    assert "储备库" in found.answer.text and found.state == cpb.Proposal.RESERVE_POOL
