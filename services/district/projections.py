"""The district's read models as pure functions: an event of another service -> the changes
to its town's row of a year. Applied once per event (the platform's inbox), so a row is a sum
of the changes of the events received."""
from dataclasses import dataclass, field

from google.protobuf.message import Message

from minsheng.events.v1.collection_events_pb2 import ProposalScreened, ProposalSubmitted
from minsheng.events.v1.review_events_pb2 import CandidateListApproved
from minsheng.events.v1.voting_events_pb2 import ProjectsAdopted

# The funnel and money of a town's year, in the order the report shows them.
COUNTS = ("proposals_received", "shortlisted", "candidates", "adopted", "budget_adopted_yuan",
          "filings_accepted", "filings_refused")


@dataclass(frozen=True)
class RowChange:
    year: int
    added: dict[str, int] = field(default_factory=dict)


def change_of(event: Message) -> RowChange | None:
    """What the event adds to its town's year; None for an event the district does not count."""
    if isinstance(event, ProposalSubmitted):
        return RowChange(event.year, {"proposals_received": 1})
    if isinstance(event, ProposalScreened):
        shortlisted = event.outcome == ProposalScreened.SHORTLISTED
        return RowChange(event.year, {"shortlisted": 1}) if shortlisted else None
    if isinstance(event, CandidateListApproved):
        return RowChange(event.year, {"candidates": len(event.candidates)})
    if isinstance(event, ProjectsAdopted):
        return RowChange(event.year, {"adopted": len(event.adopted),
                                      "budget_adopted_yuan": sum(p.budget_yuan for p in event.adopted)})
    return None


@dataclass(frozen=True)
class Project:
    """A project of a town's final decision, as the district lists it."""
    town_id: str
    year: int
    candidate_id: str
    title: str
    responsible_unit: str
    budget_yuan: int
    completion_deadline: str
    status: str


ADOPTED = "ADOPTED"


def projects_of(town_id: str, event: Message) -> list[Project]:
    """The projects an event puts on the district's list (the adopted ones of a final decision)."""
    if not isinstance(event, ProjectsAdopted):
        return []
    return [Project(town_id, event.year, p.candidate_id, p.title, p.responsible_unit, p.budget_yuan,
                    p.completion_deadline, ADOPTED) for p in event.adopted]


def filing_change(year: int, accepted: bool) -> RowChange:
    return RowChange(year, {"filings_accepted" if accepted else "filings_refused": 1})


@dataclass(frozen=True)
class TownYear:
    town_id: str
    year: int
    counts: dict[str, int]


def totals(rows: list[TownYear]) -> dict[str, int]:
    """The district's totals of a year: each count summed over the towns' rows."""
    return {name: sum(row.counts.get(name, 0) for row in rows) for name in COUNTS}
