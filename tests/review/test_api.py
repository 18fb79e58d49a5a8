"""The review API through the real gRPC server, PostgreSQL and NATS: bad input, other
towns, steps out of order, the audit trail."""
import grpc
import pytest

from minsheng.review.v1 import review_pb2 as pb
from tests.collection.client import Collection
from tests.helpers import expect_error, field_violations, reason, staff_of
from tests.review.client import Review, assessment_message, shortlist

pytestmark = pytest.mark.integration


@pytest.fixture
async def review(channel_to, issuer, new_town) -> Review:
    return Review(channel_to("review"), issuer, new_town)


@pytest.fixture
async def collection(channel_to, issuer, review) -> Collection:
    return Collection(channel_to("collection"), issuer, review.town)


def count(sql, table: str, town: str) -> int:
    return sql(f"SELECT count(*) FROM review.{table} WHERE town_id = %s", (town,))[0][0]


async def test_bad_review_is_refused_with_every_field_and_stores_nothing(review, sql):
    error = await expect_error(review.open(year=1900, title=" ", competitive_list_rule=pb.CompetitiveListRule(
        min_margin_percent=150, allow_equal_list=True)), grpc.StatusCode.INVALID_ARGUMENT)
    assert field_violations(error) == {"year", "title", "competitive_list_rule.min_margin_percent",
                                       "competitive_list_rule.allow_equal_list"}
    assert count(sql, "reviews", review.town) == 0


async def test_bad_names_are_invalid_arguments(review):
    for name in ("towns/atlantis/reviews/2024", "towns/x/reviews", f"towns/{review.town}/reviews/next"):
        error = await expect_error(review.stub.GetReview(pb.GetReviewRequest(name=name), metadata=review.staff),
                                   grpc.StatusCode.INVALID_ARGUMENT)
        assert field_violations(error) == {"name"}


async def test_another_towns_staff_and_district_readers_cannot_change_a_review(review, issuer, other_town, sql):
    intruder = staff_of(issuer, other_town)
    request = pb.OpenReviewRequest(parent=f"towns/{review.town}", year=2024, title="审查")
    await expect_error(review.stub.OpenReview(request, metadata=intruder), grpc.StatusCode.PERMISSION_DENIED)
    district = issuer.metadata("district-standing-committee", None, "district")
    await expect_error(review.stub.OpenReview(request, metadata=district), grpc.StatusCode.PERMISSION_DENIED)
    assert count(sql, "reviews", review.town) == 0
    await review.open()
    get = pb.GetReviewRequest(name=review.name)
    await expect_error(review.stub.GetReview(get, metadata=intruder), grpc.StatusCode.PERMISSION_DENIED)
    assert (await review.stub.GetReview(get, metadata=district)).state == pb.Review.OPEN
    await expect_error(review.stub.ProposeRecommendations(pb.ProposeRecommendationsRequest(name=review.name),
                                                          metadata=district), grpc.StatusCode.PERMISSION_DENIED)


async def test_rows_of_one_town_are_invisible_to_another(review, other_town, sql):
    await review.open()
    assert sql("SELECT count(*) FROM review.reviews", role="app", town=review.town)[0][0] == 1
    assert sql("SELECT count(*) FROM review.reviews", role="app", town=other_town)[0][0] == 0


async def test_steps_out_of_order_fail_with_the_reason(review):
    error = await expect_error(review.propose(), grpc.StatusCode.FAILED_PRECONDITION)
    assert reason(error) == "REVIEW_NOT_OPENED"
    await expect_error(review.get(), grpc.StatusCode.NOT_FOUND)
    opened = await review.open()
    assert await review.open() == opened  # a retry returns the review it opened
    error = await expect_error(review.open(title="另一个审查"), grpc.StatusCode.FAILED_PRECONDITION)
    assert reason(error) == "REVIEW_EXISTS"
    error = await expect_error(review.approve(10), grpc.StatusCode.FAILED_PRECONDITION)
    assert reason(error) == "REVIEW_NOT_PRESIDIUM_DECIDED"
    error = await expect_error(review.decide(), grpc.StatusCode.FAILED_PRECONDITION)
    assert reason(error) == "REVIEW_NOT_RECOMMENDATIONS_PROPOSED"
    error = await expect_error(review.propose(), grpc.StatusCode.FAILED_PRECONDITION)
    assert reason(error) == "NO_WORK_GROUP"
    await review.form_work_group()
    error = await expect_error(review.form_work_group(), grpc.StatusCode.FAILED_PRECONDITION)
    assert reason(error) == "WORK_GROUP_FORMED"
    assert [e.action for e in (await review.get()).history] == ["opened", "work group formed"]


async def test_a_bad_assessment_names_every_field_and_changes_nothing(review, collection):
    await shortlist(collection, ["村道硬化"])
    await review.open()
    await review.form_work_group()
    item = (await review.wait_for_items(1))[0]
    bad = assessment_message(urgency=0, recommendation=pb.RECOMMEND, reason="",
                             project=pb.RecommendedProject(title="村道", completion_deadline="someday"))
    error = await expect_error(review.assess(item.name, bad), grpc.StatusCode.INVALID_ARGUMENT)
    assert {"assessment.urgency.score", "assessment.reason", "assessment.project.completion_deadline",
            "assessment.project.budget_yuan", "assessment.project.funding_source"} <= field_violations(error)
    after = (await review.items())[0]
    assert not after.HasField("assessment")
    assert [e.action for e in after.history] == ["received", "assessors assigned", "feasibility activity"]


async def test_item_of_another_town_is_not_found_from_the_wrong_town(review, collection, issuer, other_town):
    await shortlist(collection, ["村道硬化"])
    item = (await review.wait_for_items(1))[0]
    wrong = item.name.replace(f"towns/{review.town}/", f"towns/{other_town}/")
    own_staff = staff_of(issuer, other_town)
    await expect_error(review.stub.GetReviewItem(pb.GetReviewItemRequest(name=wrong), metadata=own_staff),
                       grpc.StatusCode.NOT_FOUND)
    await expect_error(review.stub.GetReviewItem(pb.GetReviewItemRequest(name=item.name), metadata=own_staff),
                       grpc.StatusCode.PERMISSION_DENIED)


async def test_items_page_in_rank_order(review, collection):
    await shortlist(collection, ["村道硬化", "路灯", "广场"])
    everything = await review.wait_for_items(3)
    first = await review.stub.ListReviewItems(pb.ListReviewItemsRequest(parent=review.name, page_size=2),
                                              metadata=review.staff)
    rest = await review.stub.ListReviewItems(pb.ListReviewItemsRequest(
        parent=review.name, page_size=2, page_token=first.next_page_token), metadata=review.staff)
    assert [i.name for i in (*first.items, *rest.items)] == [i.name for i in everything]
    assert len(first.items) == 2 and first.next_page_token and not rest.next_page_token
    error = await expect_error(review.stub.ListReviewItems(pb.ListReviewItemsRequest(
        parent=review.name, page_token="not-a-token"), metadata=review.staff), grpc.StatusCode.INVALID_ARGUMENT)
    assert field_violations(error) == {"page_token"}


async def test_only_assigned_members_record_assessments_for_themselves(review, collection, issuer):
    await shortlist(collection, ["村道硬化"])
    await review.open()
    await review.form_work_group()
    item = (await review.wait_for_items(1))[0]
    await review.assess(item.name, assessment_message(title="村道硬化"))  # the assigned member, by token
    outsider = issuer.metadata(f"deputy-{review.town}-099", review.town, "deputy")
    activity = pb.FeasibilityActivity(kind=pb.FeasibilityActivity.FORUM, date="2024-01-20",
                                      participants=["群众代表"], findings="意见一致")
    await expect_error(review.stub.RecordFeasibilityActivity(pb.RecordFeasibilityActivityRequest(
        name=item.name, activity=activity), metadata=outsider), grpc.StatusCode.PERMISSION_DENIED)
    await expect_error(review.stub.RecordAssessment(pb.RecordAssessmentRequest(
        name=item.name, assessment=assessment_message(title="改过的")), metadata=outsider),
        grpc.StatusCode.PERMISSION_DENIED)
    after = (await review.items())[0]
    assert after.assessment.project.title == "村道硬化"
    assert [e.actor for e in after.history if e.action == "assessed"] == [f"deputy-{review.town}-001"]


async def test_the_work_group_needs_a_deputy_and_a_sector_expert(review):
    await review.open()
    deputies_only = [pb.WorkGroupMember(name=name, role=pb.WorkGroupMember.DEPUTY, expertise="综合")
                     for name in ("王代表", "赵代表")]
    error = await expect_error(review.stub.FormWorkGroup(pb.FormWorkGroupRequest(
        name=review.name, members=deputies_only), metadata=review.staff), grpc.StatusCode.INVALID_ARGUMENT)
    assert field_violations(error) == {"members"}
    assert [e.action for e in (await review.get()).history] == ["opened"]


async def test_an_item_added_back_by_the_presidium_must_pass_a_recommended_items_gates(review, collection):
    await shortlist(collection, ["村道硬化", "路灯安装", "危桥改造"])
    await review.open()
    await review.form_work_group()
    items = {i.title: i for i in await review.wait_for_items(3)}
    for title in ("村道硬化", "路灯安装"):
        await review.assess(items[title].name, assessment_message(title=title))
    # The probe: not recommended, legality 1, safety 1, a deadline the year after.
    weak = assessment_message(title="危桥改造", recommendation=pb.NOT_RECOMMEND, legality=pb.Score(score=1),
                              safety_environment=pb.Score(score=1))
    weak.project.completion_deadline = f"{review.year + 1}-06-30"
    await review.assess(items["危桥改造"].name, weak)
    await review.propose()
    before = await review.get()
    error = await expect_error(review.decide(additions=[pb.PresidiumDecision.Change(
        item=items["危桥改造"].name, reason="群众呼声高")]), grpc.StatusCode.FAILED_PRECONDITION)
    assert reason(error) == "CANDIDATE_GATES_NOT_MET" and "legality" in error.details()
    assert await review.get() == before
    await review.decide()
    # One ballot's limits, as voting's: at most 100 seats.
    error = await expect_error(review.approve(seats=101), grpc.StatusCode.INVALID_ARGUMENT)
    assert field_violations(error) == {"seats"}
    assert (await review.approve(seats=1)).state == pb.Review.APPROVED
