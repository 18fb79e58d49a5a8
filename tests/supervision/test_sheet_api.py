"""Progress in bulk through the real API: the exported sheet edited and uploaded (XLSX and CSV),
a file with any bad cell refused by row and column with nothing stored, a unit's sheet holding
its own projects only, and uploads that are no sheet refused."""
import csv
import io

import grpc
import openpyxl
import pytest

from minsheng.supervision.v1 import supervision_pb2 as pb
from services.supervision import bulk
from tests.helpers import expect_error, field_violations
from tests.supervision.client import OTHER_UNIT, YEAR, Supervision, adopted

pytestmark = pytest.mark.integration
COLUMN = {c.key: i for i, c in enumerate(bulk.COLUMNS)}


@pytest.fixture
async def town(channel_to, issuer, new_town, nats_client) -> Supervision:
    town = Supervision(channel_to("supervision"), issuer, new_town)
    await town.adopt(nats_client.jetstream(), [adopted(new_town, 1), adopted(new_town, 2, unit=OTHER_UNIT),
                                               adopted(new_town, 3)])
    for rank in (1, 2, 3):
        await town.set_plan(town.project(rank), metadata=town.staff)
        await town.approve(town.project(rank))
    await town.report(town.project(1))
    return town


async def export(town: Supervision, fmt, metadata=None) -> pb.ProgressSheet:
    return await town.stub.ExportProgressSheet(pb.ExportProgressSheetRequest(parent=town.parent, year=YEAR, format=fmt),
                                               metadata=metadata or town.staff)


async def upload(town: Supervision, fmt, content: bytes, metadata=None) -> pb.ImportProgressSheetResponse:
    return await town.stub.ImportProgressSheet(pb.ImportProgressSheetRequest(
        parent=town.parent, year=YEAR, format=fmt, content=content), metadata=metadata or town.staff)


def xlsx_rows(content: bytes) -> tuple[openpyxl.Workbook, list]:
    book = openpyxl.load_workbook(io.BytesIO(content))
    return book, list(book.active.iter_rows(min_row=2))


def saved(book: openpyxl.Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def fill(row, **values) -> None:
    for key, value in values.items():
        row[COLUMN[key]].value = value


async def reports_of(town: Supervision) -> list[int]:
    return [p.report_count for p in await town.projects()]


async def test_an_edited_xlsx_export_reports_progress_for_many_projects_at_once(town):
    sheet = await export(town, pb.XLSX)
    assert sheet.filename == f"progress-{town.town}-{YEAR}.xlsx" and "spreadsheetml" in sheet.content_type
    book, rows = xlsx_rows(sheet.content)
    assert [r[COLUMN["project"]].value for r in rows] == [town.project(n) for n in (1, 2, 3)]
    assert rows[0][COLUMN["percent_complete"]].value == "20"
    fill(rows[0], percent_complete=45, spent_yuan=120000, report_date="2024-06-30", milestone_id="", text="路基完成一半")
    fill(rows[1], percent_complete="30%", spent_yuan="90,000", report_date="2024/6/28", milestone_id="m1",
         claims_completion="否")
    result = await upload(town, pb.XLSX, saved(book))
    assert [(r.name, r.percent_complete) for r in result.reports] == [
        (f"{town.project(1)}/progressReports/2", 45), (f"{town.project(2)}/progressReports/1", 30)]
    assert result.unchanged_rows == 1 and result.reports[0].reported_by == f"staff-{town.town}"  # row 4: blank
    assert await reports_of(town) == [2, 1, 0]
    again = await upload(town, pb.XLSX, saved(book))  # the same file again: every row as last reported
    assert (list(again.reports), again.unchanged_rows) == ([], 3) and await reports_of(town) == [2, 1, 0]


async def test_a_csv_with_one_bad_cell_changes_nothing_and_names_row_and_column(town):
    text = (await export(town, pb.CSV)).content.decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text)))
    table[1][COLUMN["percent_complete"]] = "50"
    table[1][COLUMN["report_date"]] = "2024-07-01"
    table[3][COLUMN["percent_complete"]] = "五十"
    table[3][COLUMN["report_date"]] = "2024-07-01"
    table[3][COLUMN["spent_yuan"]] = "0"
    out = io.StringIO()
    csv.writer(out).writerows(table)
    error = await expect_error(upload(town, pb.CSV, out.getvalue().encode("gb18030")),
                               grpc.StatusCode.INVALID_ARGUMENT)
    assert field_violations(error) == {"rows[4].percent_complete"}
    assert await reports_of(town) == [1, 0, 0]
    table[3][COLUMN["percent_complete"]] = "5"
    out = io.StringIO()
    csv.writer(out).writerows(table)
    result = await upload(town, pb.CSV, out.getvalue().encode("utf-8"))
    assert [r.percent_complete for r in result.reports] == [50, 5] and await reports_of(town) == [2, 0, 1]


async def test_a_units_sheet_holds_its_own_projects_and_it_reports_on_nothing_else(town):
    sheet = await export(town, pb.XLSX, town.other_unit)
    book, rows = xlsx_rows(sheet.content)
    assert [r[COLUMN["project"]].value for r in rows] == [town.project(2)]
    fill(rows[0], project=town.project(1), report_date="2024-07-01", percent_complete=90, spent_yuan=100000,
         claims_completion="否")
    error = await expect_error(upload(town, pb.XLSX, saved(book), town.other_unit), grpc.StatusCode.INVALID_ARGUMENT)
    assert field_violations(error) == {"rows[2].project"}
    assert await reports_of(town) == [1, 0, 0]


async def test_what_is_no_sheet_is_refused_on_its_field(town, issuer, other_town):
    for fmt, content in ((pb.XLSX, b"x"), (pb.CSV, b""), (pb.XLSX, b"PK" + b"\0" * (2 * 1024 * 1024))):
        error = await expect_error(upload(town, fmt, content), grpc.StatusCode.INVALID_ARGUMENT)
        assert field_violations(error) == {"content"}
    error = await expect_error(upload(town, pb.SHEET_FORMAT_UNSPECIFIED, b"x"), grpc.StatusCode.INVALID_ARGUMENT)
    assert field_violations(error) == {"format"}
    error = await expect_error(upload(town, pb.CSV, b"project\n"), grpc.StatusCode.INVALID_ARGUMENT)
    assert "columns.percent_complete" in field_violations(error)
    await expect_error(export(town, pb.CSV, town.supervisor), grpc.StatusCode.PERMISSION_DENIED)
    await expect_error(upload(town, pb.CSV, b"x", issuer.metadata("u", other_town, "unit", unit=OTHER_UNIT)),
                       grpc.StatusCode.PERMISSION_DENIED)
    assert await reports_of(town) == [1, 0, 0]
