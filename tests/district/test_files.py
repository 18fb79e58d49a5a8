"""The export files alone: CSV written page by page, XLSX zipped at the end, and nothing left
behind by a file the caller abandoned."""
import csv
import io
import os

import openpyxl

from services.district import exports

ROWS = [{"town_id": f"t{n}", "year": 2023, "kind": "VOTE", "id": str(n), "poll": "p", "accepted": n % 2 == 0,
         "problems": ["a", "b"], "documents": 1, "filed_at": None} for n in range(5)]


def test_csv_pages_joined_are_the_whole_file_and_no_rows_leave_the_headers():
    file = exports.CsvFile("filings")
    content = file.add(ROWS[:2]) + file.add([]) + file.add(ROWS[2:]) + file.finish().read()
    lines = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert lines[0][:3] == ["镇", "年度", "备案"] and [line[0] for line in lines[1:]] == [r["town_id"] for r in ROWS]
    assert lines[1][5:7] == ["是", "a；b"] and lines[1][3] == "票决结果"
    assert exports.CsvFile("filings").finish().read().decode("utf-8-sig").startswith("镇,年度")


def test_xlsx_is_zipped_at_the_end_and_its_spool_removed():
    file = exports.XlsxFile("filings")
    assert file.add(ROWS) == b""
    spool = file.sheet._writer.out
    with file.finish() as out:
        book = openpyxl.load_workbook(io.BytesIO(out.read()))
    assert not os.path.exists(spool)
    rows = list(book.active.iter_rows(values_only=True))
    assert book.active.title == "备案" and len(rows) == 1 + len(ROWS) and rows[1][0] == "t0"
    file.discard()  # after a finished file: nothing to do


def test_an_abandoned_xlsx_leaves_no_spool_and_cannot_be_finished():
    file = exports.XlsxFile("filings")
    file.add(ROWS)
    spool = file.sheet._writer.out
    assert os.path.exists(spool)
    file.discard()
    assert not os.path.exists(spool)
    assert file.finish().read() == b""
