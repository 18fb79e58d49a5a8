"""The district's exports streamed against the real stack: files of more rows than a page,
read back with csv and openpyxl, equal to the rows; a town's token exports its own town only;
a bad request is INVALID_ARGUMENT with its fields before any chunk; the gateway streams the
file as a chunked HTTP response."""
import csv
import io

import grpc
import httpx
import openpyxl
import pytest
from sqlalchemy.dialects.postgresql import insert

from minsheng.district.v1 import district_pb2 as pb
from minsheng.district.v1.district_pb2_grpc import DistrictServiceStub
from services.district import models
from services.district.api import EXPORT_PAGE
from services.platform.db import Database
from tests.district.exports import exported
from tests.gateway.helpers import bearer, gateway_url
from tests.helpers import expect_error, field_violations, staff_of

pytestmark = pytest.mark.integration
YEAR = 2103
# More than two pages of the town's rows, so the keyset paging turns twice.
MANY = 2 * EXPORT_PAGE + 345
HEADERS = ["镇", "年度", "候选项目", "监督项目", "项目名称", "责任单位", "预算（元）"]


def project(town: str, n: int) -> dict:
    return {"town_id": town, "candidate_id": f"towns/{town}/reviews/{YEAR}/items/i{n:05d}", "year": YEAR,
            "project": f"towns/{town}/projects/{YEAR}-{n}", "proposal": f"towns/{town}/proposals/p{n}",
            "title": f"项目{n}", "responsible_unit": "交通办", "budget_yuan": 1000 + n,
            "completion_deadline": f"{YEAR}-12-31", "status": "ADOPTED", "spent_yuan": 0, "overdue": False,
            "carried_over": False, "grade": "", "graded_round": 0, "rectification": False}


async def projects_of(stack, counts: dict[str, int]) -> dict[str, list[dict]]:
    """Projects rows of the year as the consumers would leave them, written straight into the
    live read model (the events of thousands of projects would take the test minutes)."""
    database = Database(stack.database_url("api"))
    rows = {town: [project(town, n) for n in range(count)] for town, count in counts.items()}
    try:
        async with database.transaction(models.EVERY_TOWN) as conn:
            table = models.TABLES[await models.live_generation(conn)]["projects"]
            for town_rows in rows.values():
                await conn.execute(insert(table), town_rows)
    finally:
        await database.close()
    return rows


def expected(rows: list[dict]) -> list[list[str]]:
    return [[r["town_id"], str(r["year"]), r["candidate_id"], r["project"], r["title"], r["responsible_unit"],
             str(r["budget_yuan"])] for r in sorted(rows, key=lambda r: (r["town_id"], r["candidate_id"]))]


def csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def request(parent: str, fmt=pb.CSV, **fields) -> pb.ExportViewRequest:
    return pb.ExportViewRequest(parent=parent, view="projects", year=YEAR, format=fmt, **fields)


async def test_streamed_files_hold_every_row_and_a_town_only_its_own(stack, channel_to, issuer, new_town,
                                                                      other_town):
    rows = await projects_of(stack, {new_town: MANY, other_town: 5})
    stub = DistrictServiceStub(channel_to("district"))
    mine, district = staff_of(issuer, new_town), issuer.metadata("district-standing-committee", None, "district")

    first, content = await exported(stub, request(f"towns/{new_town}"), mine)
    assert (first.filename, first.content_type) == (f"{new_town}-{YEAR}-projects.csv", "text/csv; charset=utf-8")
    assert exported.chunks >= 3  # the name, then a chunk per page as it was read
    lines = csv_rows(content)
    assert lines[0][:7] == HEADERS
    assert [line[:7] for line in lines[1:]] == expected(rows[new_town])

    first, content = await exported(stub, request(f"towns/{new_town}", pb.XLSX), mine)
    assert first.filename.endswith(".xlsx") and first.content_type.startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(content), read_only=True).active
    cells = [["" if v is None else str(v) for v in row[:7]] for row in sheet.iter_rows(values_only=True)]
    assert cells[0] == HEADERS and cells[1:] == expected(rows[new_town])

    # The district reads both towns; the other town's rows never reach this town's file.
    _, content = await exported(stub, request(f"towns/{other_town}"), district)
    assert [line[:7] for line in csv_rows(content)[1:]] == expected(rows[other_town])
    await expect_error(exported(stub, request(f"towns/{other_town}"), mine), grpc.StatusCode.PERMISSION_DENIED)
    await expect_error(exported(stub, request("towns/-"), mine), grpc.StatusCode.PERMISSION_DENIED)


async def test_bad_arguments_are_refused_before_any_chunk(channel_to, issuer, new_town):
    stub = DistrictServiceStub(channel_to("district"))
    call = stub.ExportView(pb.ExportViewRequest(parent=f"towns/{new_town}", view="secrets", year=0),
                           metadata=staff_of(issuer, new_town))
    received = []
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        async for chunk in call:
            received.append(chunk)
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT and received == []
    assert field_violations(caught.value) == {"year", "view", "format"}
    error = await expect_error(exported(stub, request("towns/nowhere"), staff_of(issuer, new_town)),
                               grpc.StatusCode.INVALID_ARGUMENT)
    assert field_violations(error) == {"parent"}


async def test_the_gateway_streams_the_file(stack, issuer, new_town):
    rows = await projects_of(stack, {new_town: MANY})
    staff = bearer(issuer.issue(f"staff-{new_town}", new_town, "staff"))
    path = f"/v1/towns/{new_town}/districtExports/projects"
    async with httpx.AsyncClient(base_url=gateway_url(stack), timeout=30) as http:
        async with http.stream("GET", path, params={"year": YEAR, "format": "CSV"}, headers=staff) as answer:
            assert answer.status_code == 200
            assert answer.headers["content-type"] == "text/csv; charset=utf-8"
            assert answer.headers["content-disposition"] == f"attachment; filename*=UTF-8''{new_town}-{YEAR}-projects.csv"
            assert answer.headers["transfer-encoding"] == "chunked" and "content-length" not in answer.headers
            content = b"".join([chunk async for chunk in answer.aiter_raw()])
        assert [line[:7] for line in csv_rows(content)[1:]] == expected(rows[new_town])

        refused = await http.get(path, params={"year": 0, "format": "XLSX"}, headers=staff)
        assert refused.status_code == 400 and refused.headers["content-type"] == "application/json"
        violations = refused.json()["error"]["details"][1]["fieldViolations"]
        assert [v["field"] for v in violations] == ["year"]
        elsewhere = await http.get("/v1/towns/-/districtExports/report", params={"year": YEAR, "format": "CSV"},
                                   headers=staff)
        assert elsewhere.status_code == 403 and elsewhere.json()["error"]["status"] == "PERMISSION_DENIED"
