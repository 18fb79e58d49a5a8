"""The district's read models against the real stack, built only from events published to
JetStream: a town's year, the district report with its totals, who may read which row."""
import uuid

import grpc
import pytest

from minsheng.district.v1 import district_pb2 as pb
from minsheng.district.v1.district_pb2_grpc import DistrictServiceStub
from minsheng.events.v1.collection_events_pb2 import ProposalScreened, ProposalSubmitted
from minsheng.events.v1.voting_events_pb2 import AdoptedProject, ProjectsAdopted
from services.platform import events
from tests.helpers import expect_error, field_violations, staff_of, wait_for

pytestmark = pytest.mark.integration
YEAR = 2023


async def publish(js, town: str, source: str, payload, aggregate: str, *, event_id: str | None = None
                  ) -> events.Envelope:
    envelope = events.new_envelope(town_id=town, source=source, aggregate_id=aggregate, aggregate_sequence=1,
                                   payload=payload)
    if event_id:
        envelope.event_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"{town}/{event_id}"))
    await js.publish(events.subject(town, source, envelope.event_type), envelope.SerializeToString(),
                     headers={"Nats-Msg-Id": envelope.event_id}, stream=events.STREAM)
    return envelope


async def a_year_of(js, town: str, year: int = YEAR) -> None:
    for p in ("p1", "p2", "p3"):
        await publish(js, town, "collection", ProposalSubmitted(proposal=f"towns/{town}/proposals/{p}", year=year),
                      f"towns/{town}/proposals/{p}")
    await publish(js, town, "collection", ProposalScreened(proposal=f"towns/{town}/proposals/p1", year=year,
                                                           outcome=ProposalScreened.SHORTLISTED),
                  f"towns/{town}/proposals/p1")
    await publish(js, town, "voting", ProjectsAdopted(candidate_list=f"towns/{town}/candidateLists/{year}", year=year,
                                                      adopted=[AdoptedProject(
                                                          candidate_id=f"towns/{town}/reviews/{year}/items/i1",
                                                          title="修路", responsible_unit="交通办",
                                                          budget_yuan=120_000, completion_deadline="2023-12-31")]),
                  f"towns/{town}/candidateLists/{year}")


async def test_a_towns_year_and_the_district_report_come_from_events(stack, channel_to, issuer, new_town,
                                                                     other_town, nats_client):
    js = nats_client.jetstream()
    stub = DistrictServiceStub(channel_to("district"))
    year = 2101  # this test's own year: the district's totals are its towns' alone
    await a_year_of(js, new_town, year)
    await a_year_of(js, other_town, year)
    name = f"towns/{new_town}/years/{year}"

    async def counted(town=new_town, proposals=3):
        row = await stub.GetTownYear(pb.GetTownYearRequest(name=f"towns/{town}/years/{year}"),
                                     metadata=staff_of(issuer, town))
        return row if row.counts.adopted == 1 and row.counts.proposals_received == proposals else None
    row = await wait_for(counted)
    await wait_for(lambda: counted(other_town))
    assert (row.counts.shortlisted, row.counts.budget_adopted_yuan, row.counts.candidates) == (1, 120_000, 0)

    # A republished event (another event id, the same proposal) and a redelivered one change
    # nothing; a new proposal counts.
    for event_id in ("again", "again", None):
        copy = ProposalSubmitted(proposal=f"towns/{new_town}/proposals/p1", year=year)
        await publish(js, new_town, "collection", copy, copy.proposal, event_id=event_id)
    await publish(js, new_town, "collection", ProposalSubmitted(proposal=f"towns/{new_town}/proposals/p4",
                                                                year=year), "p4")
    row = await wait_for(lambda: counted(proposals=4))

    district = issuer.metadata("district-standing-committee", None, "district")
    report = await stub.GetDistrictReport(pb.GetDistrictReportRequest(year=year), metadata=district)
    rows = {r.name: r for r in report.towns}
    assert set(rows) == {name, f"towns/{other_town}/years/{year}"}
    assert rows[name].counts == row.counts
    assert report.totals.adopted == 2 and report.totals.proposals_received == 7
    # The totals are the consumers' (one row), the towns come in pages.
    first = await stub.GetDistrictReport(pb.GetDistrictReportRequest(year=year, page_size=1), metadata=district)
    second = await stub.GetDistrictReport(pb.GetDistrictReportRequest(year=year, page_size=1,
                                                                      page_token=first.next_page_token),
                                          metadata=district)
    assert [r.name for r in [*first.towns, *second.towns]] == sorted(rows) and not second.next_page_token
    assert first.totals == second.totals == report.totals

    # A town's staff read their own row only, and not the district's report.
    await expect_error(stub.GetTownYear(pb.GetTownYearRequest(name=name), metadata=staff_of(issuer, other_town)),
                       grpc.StatusCode.PERMISSION_DENIED)
    await expect_error(stub.GetDistrictReport(pb.GetDistrictReportRequest(year=year),
                                              metadata=staff_of(issuer, new_town)), grpc.StatusCode.PERMISSION_DENIED)


async def test_projects_are_found_by_year_status_and_responsible_unit(stack, channel_to, issuer, new_town,
                                                                      other_town, nats_client):
    await a_year_of(nats_client.jetstream(), new_town)
    stub = DistrictServiceStub(channel_to("district"))

    async def listed(**filters):
        return (await stub.ListProjects(pb.ListProjectsRequest(parent=f"towns/{new_town}", year=YEAR, **filters),
                                        metadata=staff_of(issuer, new_town))).projects
    [project] = await wait_for(listed)
    assert (project.title, project.responsible_unit, project.budget_yuan, project.status) == (
        "修路", "交通办", 120_000, "ADOPTED")
    assert len(await listed(status="ADOPTED", responsible_unit="交通办")) == 1
    assert await listed(responsible_unit="水利站") == []
    error = await expect_error(stub.ListProjects(pb.ListProjectsRequest(parent=f"towns/{new_town}", year=YEAR,
                                                                        status="LOST"),
                                                 metadata=staff_of(issuer, new_town)), grpc.StatusCode.INVALID_ARGUMENT)
    assert field_violations(error) == {"status"}
    await expect_error(stub.ListProjects(pb.ListProjectsRequest(parent=f"towns/{new_town}", year=YEAR),
                                         metadata=staff_of(issuer, other_town)), grpc.StatusCode.PERMISSION_DENIED)
