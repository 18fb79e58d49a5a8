"""Thin gRPC layer: requests to use cases, read models to messages. Errors are mapped by
the platform's edge interceptor."""
from minsheng.district.v1 import district_pb2 as pb
from minsheng.district.v1 import district_pb2_grpc
from services.district import handlers, projections
from services.district.domain import FILING, TOWN_YEAR, Filing
from services.platform import protomap
from services.platform.auth import caller
from services.platform.errors import Violations
from services.platform.names import TOWN
from services.platform.server import Server
from services.platform.uow import Context


def filing_message(f: Filing) -> pb.Filing:
    return pb.Filing(name=f.name, year=f.year, poll=f.poll, candidate_list=f.candidate_list, adopted=f.adopted,
                     accepted=f.accepted, problems=f.problems, documents_verified=f.documents,
                     receive_time=protomap.timestamp(f.filed_at))


def town_year_message(row: projections.TownYear) -> pb.TownYear:
    return pb.TownYear(name=TOWN_YEAR.format(town=row.town_id, year=row.year), year=row.year,
                       counts=pb.YearCounts(**row.counts))


def _year(year: int) -> None:
    v = Violations()
    v.check(1 <= year <= 9999, "year", "required, 1 to 9999")
    v.raise_if_any()


class DistrictServicer(district_pb2_grpc.DistrictServiceServicer):
    def __init__(self, ctx: Context):
        self.ctx = ctx

    async def ListFilings(self, request, context):
        town, = TOWN.parse("parent", request.parent, self.ctx.towns)
        _year(request.year)
        found = await handlers.list_filings(self.ctx, caller(), town, request.year)
        return pb.ListFilingsResponse(filings=[filing_message(f) for f in found])

    async def GetFiling(self, request, context):
        town, year, filing_id = FILING.parse("name", request.name, self.ctx.towns)
        return filing_message(await handlers.get_filing(self.ctx, caller(), town, year, filing_id))

    async def ListProjects(self, request, context):
        town, = TOWN.parse("parent", request.parent, self.ctx.towns)
        v = Violations()
        v.check(1 <= request.year <= 9999, "year", "required, 1 to 9999")
        v.check(request.status in ("", projections.ADOPTED), "status", f"empty or {projections.ADOPTED}")
        v.check(len(request.responsible_unit) <= 200, "responsible_unit", "longer than 200 characters")
        v.raise_if_any()
        found = await handlers.list_projects(self.ctx, caller(), town, request.year, status=request.status,
                                             responsible_unit=request.responsible_unit)
        return pb.ListProjectsResponse(projects=[pb.Project(
            candidate=p.candidate_id, year=p.year, title=p.title, responsible_unit=p.responsible_unit,
            budget_yuan=p.budget_yuan, completion_deadline=p.completion_deadline, status=p.status) for p in found])

    async def GetTownYear(self, request, context):
        town, year = TOWN_YEAR.parse("name", request.name, self.ctx.towns)
        return town_year_message(await handlers.town_year(self.ctx, caller(), town, year))

    async def GetDistrictReport(self, request, context):
        _year(request.year)
        rows = await handlers.district_report(self.ctx, caller(), request.year)
        return pb.DistrictReport(year=request.year, towns=[town_year_message(r) for r in rows],
                                 totals=pb.YearCounts(**projections.totals(rows)))


def register(server: Server, ctx: Context) -> None:
    server.add(district_pb2_grpc.add_DistrictServiceServicer_to_server, DistrictServicer(ctx),
               pb.DESCRIPTOR.services_by_name["DistrictService"].full_name)
