"""Thin gRPC layer: requests to use cases, read models to messages. Errors are mapped by
the platform's edge interceptor."""
import asyncio
from typing import AsyncIterator

from minsheng.district.v1 import district_pb2 as pb
from minsheng.district.v1 import district_pb2_grpc
from services.district import exports, handlers, projections
from services.district.domain import FILING, TOWN_YEAR, Filing
from services.district.models import TOWNS_VOTED
from services.platform import paging, protomap
from services.platform.auth import caller
from services.platform.errors import Violations
from services.platform.names import TOWN
from services.platform.server import Server
from services.platform.uow import Context

EVERY_TOWN_PARENT = "towns/-"
DEFAULT_PAGE, MAX_PAGE = 100, 1000
# Rows read per page while a file is written.
EXPORT_PAGE = 1000
FORMATS = {pb.CSV: "csv", pb.XLSX: "xlsx"}


def filing_message(f: Filing) -> pb.Filing:
    return pb.Filing(name=f.name, year=f.year, poll=f.poll, candidate_list=f.candidate_list, adopted=f.adopted,
                     accepted=f.accepted, problems=f.problems, documents_verified=f.documents,
                     receive_time=protomap.timestamp(f.filed_at), kind=f.kind)


def counts_message(counts: dict[str, int]) -> pb.YearCounts:
    voted = counts.get(TOWNS_VOTED, int(counts.get("filings_accepted", 0) > 0))
    return pb.YearCounts(**{n: counts[n] for n in projections.COUNTS}, towns_voted=voted)


def town_year_message(row: projections.TownYear) -> pb.TownYear:
    return pb.TownYear(name=TOWN_YEAR.format(town=row.town_id, year=row.year), year=row.year,
                       counts=counts_message(row.counts))


def project_message(town_id: str, p: dict) -> pb.Project:
    return pb.Project(candidate=p["candidate_id"], year=p["year"], title=p["title"],
                      responsible_unit=p["responsible_unit"], budget_yuan=p["budget_yuan"],
                      completion_deadline=p["completion_deadline"], status=p["status"], project=p["project"],
                      spent_yuan=p["spent_yuan"], overdue=p["overdue"], carried_over=p["carried_over"],
                      grade=p["grade"], rectification_required=p["rectification"])


def _year(v: Violations, year: int) -> None:
    v.check(1 <= year <= 9999, "year", "required, 1 to 9999")


def _page_size(v: Violations, size: int) -> int:
    v.check(0 <= size <= MAX_PAGE, "page_size", f"0 to {MAX_PAGE}")
    return size or DEFAULT_PAGE


def _town_or_every(ctx: Context, parent: str) -> str:
    """The town of `parent`, or "" for every town (towns/-)."""
    if parent == EVERY_TOWN_PARENT:
        return ""
    town, = TOWN.parse("parent", parent, ctx.towns)
    return town


class DistrictServicer(district_pb2_grpc.DistrictServiceServicer):
    def __init__(self, ctx: Context):
        self.ctx = ctx

    async def ListFilings(self, request, context):
        town, = TOWN.parse("parent", request.parent, self.ctx.towns)
        v = Violations()
        _year(v, request.year)
        v.raise_if_any()
        found = await handlers.list_filings(self.ctx, caller(), town, request.year)
        return pb.ListFilingsResponse(filings=[filing_message(f) for f in found])

    async def GetFiling(self, request, context):
        town, year, filing_id = FILING.parse("name", request.name, self.ctx.towns)
        return filing_message(await handlers.get_filing(self.ctx, caller(), town, year, filing_id))

    async def ListProjects(self, request, context):
        town = _town_or_every(self.ctx, request.parent)
        v = Violations()
        _year(v, request.year)
        v.check(request.status in ("", *projections.STATUSES), "status",
                f"empty or one of {', '.join(projections.STATUSES)}")
        v.check(len(request.responsible_unit) <= 200, "responsible_unit", "longer than 200 characters")
        v.check(len(request.category) <= 100, "category", "longer than 100 characters")
        size = _page_size(v, request.page_size)
        v.raise_if_any()
        filters = {"parent": request.parent, "year": request.year, "status": request.status,
                   "responsible_unit": request.responsible_unit, "category": request.category}
        offset = paging.decode(request.page_token, filters)
        found = await handlers.search(self.ctx, caller(), "projects", town, request.year, offset=offset,
                                      limit=size + 1, status=request.status,
                                      responsible_unit=request.responsible_unit, category=request.category)
        more = len(found) > size
        return pb.ListProjectsResponse(projects=[project_message(t, p) for t, p in found[:size]],
                                       next_page_token=paging.encode(offset + size, filters) if more else "")

    async def GetTownYear(self, request, context):
        town, year = TOWN_YEAR.parse("name", request.name, self.ctx.towns)
        return town_year_message(await handlers.town_year(self.ctx, caller(), town, year))

    async def GetDistrictReport(self, request, context):
        v = Violations()
        _year(v, request.year)
        size = _page_size(v, request.page_size)
        v.raise_if_any()
        filters = {"year": request.year}
        offset = paging.decode(request.page_token, filters)
        totals, rows = await handlers.district_report(self.ctx, caller(), request.year, offset=offset,
                                                      limit=size + 1)
        more = len(rows) > size
        return pb.DistrictReport(year=request.year, towns=[town_year_message(r) for r in rows[:size]],
                                 totals=counts_message(totals),
                                 next_page_token=paging.encode(offset + size, filters) if more else "")

    async def ExportView(self, request, context):
        town = _town_or_every(self.ctx, request.parent)
        v = Violations()
        _year(v, request.year)
        v.check(request.view in exports.COLUMNS, "view", f"one of {', '.join(exports.COLUMNS)}")
        v.check(request.format in FORMATS, "format", "CSV or XLSX")
        v.raise_if_any()
        fmt = FORMATS[request.format]
        pages = handlers.export_pages(self.ctx, caller(), request.view, town, request.year, EXPORT_PAGE)
        # The first page is read before anything is sent: a refusal is the call's status.
        first = await anext(pages, [])
        yield pb.ExportChunk(filename=f"{town or 'district'}-{request.year}-{request.view}.{fmt}",
                             content_type=exports.CONTENT_TYPES[fmt])
        async for content in _file(exports.FILES[fmt](request.view), first, pages):
            yield pb.ExportChunk(content=content)


async def _file(file: exports.File, first: list, pages) -> AsyncIterator[bytes]:
    """The file's bytes in chunks as its pages are written, a chunk per page even when empty
    (an XLSX's rows wait for the zip: the empty chunks tell the reader the export goes on);
    the zipping and reading of an XLSX off the event loop. A file left unfinished leaves
    nothing behind."""
    try:
        yield file.add(first)
        async for page in pages:
            yield file.add(page)
        with await asyncio.to_thread(file.finish) as rest:
            while content := rest.read(exports.CHUNK_BYTES):
                yield content
    finally:
        file.discard()


def register(server: Server, ctx: Context) -> None:
    server.add(district_pb2_grpc.add_DistrictServiceServicer_to_server, DistrictServicer(ctx),
               pb.DESCRIPTOR.services_by_name["DistrictService"].full_name)
