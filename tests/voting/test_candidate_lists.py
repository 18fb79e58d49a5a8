"""Candidate lists from review's events: only a sound list of this town's own review is taken."""
import pytest

from minsheng.events.v1.review_events_pb2 import Candidate, CandidateListApproved
from minsheng.voting.v1 import voting_pb2 as pb
from services.platform.errors import Violations
from services.voting import domain
from services.voting.api import _paper_tally
from services.voting.handlers import receive_candidate_list


def approved(town: str = "xihu", count: int = 3, **changes) -> CandidateListApproved:
    review = f"towns/{town}/reviews/2024"
    fields = dict(review=review, year=2024, seats=2, candidates=[
        Candidate(candidate_id=f"{review}/items/c{i}", rank=i, title=f"项目{i}") for i in range(1, count + 1)])
    return CandidateListApproved(**(fields | changes))


@pytest.mark.parametrize("bad", [
    approved(town="chentuan"),                                   # another town's review and items
    approved(review="towns/xihu/reviews/2023"),                  # another year's review
    approved(count=domain.MAX_CANDIDATES + 1),                   # more candidates than a ballot holds
    approved(candidates=[Candidate(candidate_id="towns/xihu/reviews/2024/items/c1", rank=1, title="")]),
])
async def test_unsound_or_foreign_lists_are_refused_before_anything_is_stored(bad):
    # No connection is given: a list that passes the checks would fail on it instead.
    with pytest.raises(ValueError):
        await receive_candidate_list(None, "xihu", bad)


async def test_a_sound_list_of_the_towns_own_review_passes_the_checks():
    with pytest.raises(AttributeError):  # past the checks, it reaches the (missing) connection
        await receive_candidate_list(None, "xihu", approved())


def test_a_paper_tally_counting_a_candidate_twice_is_invalid():
    v = Violations()
    _paper_tally(v, pb.PaperTally(ballots_issued=3, ballots_returned=3, counts=[
        pb.PaperTally.Count(candidate_id="c1", for_votes=2), pb.PaperTally.Count(candidate_id="c1", for_votes=1)]))
    assert [x.field for x in v.items] == ["tally.counts"]
