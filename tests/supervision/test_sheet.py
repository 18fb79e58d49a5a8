"""Progress sheets without infrastructure: the files (XLSX and CSV) both ways, untrusted
uploads refused as INVALID_ARGUMENT, and the rows checked by row and column, all or nothing."""
import csv
import io
import zipfile
from datetime import date

import openpyxl
import pytest

from services.platform.errors import InvalidArgument
from services.supervision import bulk, sheet
from services.supervision.domain import ProgressReport
from services.supervision.sheet import Format
from tests.supervision.test_domain import NOW, UNIT, draft, under_way

TODAY = date(2024, 12, 15)
COLUMN = {c.key: i for i, c in enumerate(bulk.COLUMNS)}


def refused(call) -> dict[str, str]:
    with pytest.raises(InvalidArgument) as caught:
        call()
    return {v.field: v.description for v in caught.value.violations}


def two_projects():
    first, second = under_way(number=1), under_way(number=2, responsible_unit="镇水利站")
    first.report(draft(), "u", NOW, TODAY, as_unit=UNIT)
    return {p.name: p for p in (first, second)}


def last_reports(projects) -> dict:
    """Each reported project's last report: the one two_projects made."""
    d = draft()
    return {name: ProgressReport(1, d.report_date, d.percent_complete, d.spent_yuan, d.milestone_id, d.text,
                                 d.attachments, d.claims_completion, "u", NOW)
            for name, p in projects.items() if p.progress.reports}


def set_cell(row: list[str], key: str, value: str) -> None:
    row[COLUMN[key]] = value


def take(rows, projects, *, as_unit=None):
    numbered = [(n, r) for n, r in enumerate(rows, start=2)]
    return bulk.take_rows(bulk.HEADER, numbered, projects, last_reports(projects), actor="staff", now=NOW,
                          today=TODAY, as_unit=as_unit)


@pytest.mark.parametrize("fmt", list(Format))
def test_a_sheet_reads_back_what_was_written(fmt):
    rows = [["towns/xihu/projects/2024-1", "=HYPERLINK(\"x\")", "镇建设办", "m1 开工 2024-04-30\nm2 竣工 2024-11-15",
             "2024-05-02", "20", "50000", "m1", "-已开工", "https://example.org/a.jpg", "否"]]
    header, read = sheet.read(fmt, sheet.write(fmt, bulk.HEADER, rows))
    assert header == bulk.HEADER and read == [(2, rows[0])]


def test_a_formula_stays_text_in_both_formats():
    rows = [["=1+1", "@SUM(A1)"]]
    book = openpyxl.load_workbook(io.BytesIO(sheet.write(Format.XLSX, ["a", "b"], rows)))
    assert [c.data_type for c in book.active[2]] == ["s", "s"]
    text = sheet.write(Format.CSV, ["a", "b"], rows).decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(text)))[1] == ["'=1+1", "'@SUM(A1)"]


def test_a_csv_from_chinese_excel_in_gb18030_is_read():
    content = "项目编号 project,完成进度% percent_complete\r\ntowns/xihu/projects/2024-1,60%\r\n".encode("gb18030")
    assert sheet.read(Format.CSV, content) == (["项目编号 project", "完成进度% percent_complete"],
                                               [(2, ["towns/xihu/projects/2024-1", "60%"])])


def test_untrusted_files_are_refused_on_content():
    assert set(refused(lambda: sheet.read(Format.XLSX, b"x"))) == {"content"}
    assert set(refused(lambda: sheet.read(Format.CSV, b""))) == {"content"}
    assert set(refused(lambda: sheet.read(Format.CSV, b"\xff\xfe\xfa" * 10))) == {"content"}
    assert "larger than" in refused(lambda: sheet.read(Format.CSV, b"a" * (sheet.MAX_BYTES + 1)))["content"]
    many = "\n".join(["a"] * (sheet.MAX_ROWS + 2)).encode()
    assert "rows" in refused(lambda: sheet.read(Format.CSV, many))["content"]
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as packed:
        packed.writestr("xl/worksheets/sheet1.xml", b"0" * (sheet.MAX_UNPACKED_BYTES + 1))
    assert "unpacks" in refused(lambda: sheet.read(Format.XLSX, bomb.getvalue()))["content"]


def test_an_exported_sheet_uploaded_unchanged_adds_nothing():
    projects = two_projects()
    rows = bulk.export_rows(list(projects.values()), last_reports(projects))
    assert rows[0][COLUMN["percent_complete"]] == "20" and rows[1][COLUMN["percent_complete"]] == ""
    assert rows[0][COLUMN["milestones"]].startswith("m1 开工 2024-04-30")
    taken, unchanged = take(rows, projects)  # the second project, never reported, is exported blank
    assert (taken, unchanged) == ([], 2)


def test_rows_become_reports_through_the_projects_rules():
    projects = two_projects()
    rows = bulk.export_rows(list(projects.values()), last_reports(projects))
    set_cell(rows[0], "percent_complete", "45%")
    set_cell(rows[0], "report_date", "2024/6/30")
    set_cell(rows[0], "spent_yuan", "120,000")
    for key, value in (("report_date", "2024-06-01"), ("percent_complete", "10"), ("spent_yuan", "1000"),
                       ("milestone_id", ""), ("claims_completion", "否")):
        set_cell(rows[1], key, value)
    taken, unchanged = take(rows, projects)
    assert [(t.project.id, t.report.percent_complete, t.report.spent_yuan) for t in taken] == [
        ("2024-1", 45, 120000), ("2024-2", 10, 1000)]
    assert unchanged == 0 and taken[0].report.report_date == date(2024, 6, 30)


def test_every_bad_cell_is_named_by_row_and_column_and_nothing_is_taken():
    projects = two_projects()
    rows = bulk.export_rows(list(projects.values()), last_reports(projects))
    set_cell(rows[0], "percent_complete", "10")  # below the last report's 20: the project's rule
    set_cell(rows[0], "report_date", "2024-06-01")
    for key, value in (("report_date", "2024-13-01"), ("percent_complete", "六十"), ("spent_yuan", "-5"),
                       ("claims_completion", "也许")):
        set_cell(rows[1], key, value)
    unknown = list(rows[1])
    set_cell(unknown, "project", "towns/chentuan/projects/2024-1")
    problems = refused(lambda: take([*rows, list(rows[0]), unknown], projects))
    bad_cells = {"report_date", "percent_complete", "spent_yuan", "claims_completion"}
    assert set(problems) == {"rows[2].percent_complete", "rows[4].project", "rows[5].project",
                             *(f"rows[3].{key}" for key in bad_cells), *(f"rows[5].{key}" for key in bad_cells)}
    assert "row 2" in problems["rows[4].project"]
    assert projects["towns/xihu/projects/2024-1"].progress.percent_complete == 20
    assert projects["towns/xihu/projects/2024-2"].progress.reports == 0


def test_a_unit_reports_only_on_its_own_projects_and_states_are_named_on_the_project():
    projects = two_projects()
    rows = bulk.export_rows(list(projects.values()), last_reports(projects))
    for key, value in (("report_date", "2024-06-01"), ("percent_complete", "10"), ("spent_yuan", "0"),
                       ("claims_completion", "")):
        set_cell(rows[1], key, value)
    problems = refused(lambda: take(rows[1:], projects, as_unit=UNIT))
    assert set(problems) == {"rows[2].project"} and "own" in problems["rows[2].project"]
    registered = under_way(number=3)
    registered.state = registered.state.REGISTERED
    projects[registered.name] = registered
    row = list(rows[1])
    set_cell(row, "project", registered.name)
    assert set(refused(lambda: take([row], projects))) == {"rows[2].project"}


def test_a_missing_column_or_too_many_problems_stop_early():
    assert set(refused(lambda: bulk.take_rows(["project"], [], {}, {}, actor="s", now=NOW, today=TODAY,
                                              as_unit=None))) == {f"columns.{c.key}" for c in bulk.COLUMNS[1:]}
    rows = [[f"towns/xihu/projects/2024-{n}"] + ["x"] * (len(bulk.COLUMNS) - 1) for n in range(1, 300)]
    problems = refused(lambda: take(rows, {}))
    assert bulk.MAX_VIOLATIONS <= len(problems) <= bulk.MAX_VIOLATIONS + 5 and "rows" in problems
