"""Progress sheets as files: XLSX (openpyxl) or CSV, a header row then one row per project,
every cell read as text. Uploads are untrusted: bounded in bytes, rows and, for XLSX (a zip),
in unpacked size, and any file that cannot be read is INVALID_ARGUMENT on `content`.

Cells that a spreadsheet would run as a formula (=, +, -, @ first) are written as text: in
XLSX as string cells, in CSV behind an apostrophe, which reading takes off again."""
import csv
import io
import zipfile
from datetime import date, datetime
from enum import StrEnum

import openpyxl
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from services.platform.errors import FieldViolation, InvalidArgument

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 1000
# Lines read at most, blank ones included.
MAX_LINES = 20 * MAX_ROWS
MAX_COLUMNS = 50
# An XLSX file is a zip: its parts unpacked may be this large at most (a zip bomb is not).
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
FORMULA_START = ("=", "+", "-", "@")


class Format(StrEnum):
    XLSX = "XLSX"
    CSV = "CSV"


CONTENT_TYPES = {Format.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                 Format.CSV: "text/csv; charset=utf-8"}
# One row: its number as the sheet shows it (the header is row 1), and its cells as text.
Row = tuple[int, list[str]]


def _refused(description: str) -> InvalidArgument:
    return InvalidArgument([FieldViolation("content", description)])


def _text(value) -> str:
    """A cell's value as the text it shows: whole numbers without a decimal point, dates as ISO."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _csv_cell(text: str) -> str:
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_START) else text


def _decode(content: bytes) -> str:
    """UTF-8 (with or without the byte-order mark Excel writes), else GB18030, the encoding
    Chinese Excel saves a plain CSV in."""
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return content.decode("gb18030")
        except UnicodeDecodeError:
            raise _refused("not a CSV file in UTF-8 or GB18030") from None


def _read_csv(content: bytes):
    try:
        for values in csv.reader(io.StringIO(_decode(content), newline="")):
            yield [_csv_cell(v.strip()) for v in values]
    except csv.Error as exc:
        raise _refused(f"not a readable CSV file: {exc}") from None


def _read_xlsx(content: bytes):
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as packed:
            if sum(part.file_size for part in packed.infolist()) > MAX_UNPACKED_BYTES:
                raise _refused(f"unpacks to more than {MAX_UNPACKED_BYTES // 2**20} MB")
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except InvalidArgument:
        raise
    except Exception:  # a damaged or foreign file can fail anywhere in the parser: never our error
        raise _refused("not a readable XLSX file") from None
    try:
        for values in book.worksheets[0].iter_rows(values_only=True):
            yield [_text(v) for v in values]
    except Exception:
        raise _refused("not a readable XLSX file") from None
    finally:
        book.close()


def read(fmt: Format, content: bytes) -> tuple[list[str], list[Row]]:
    """The header row and the rows that hold anything, each with its number in the sheet."""
    if not content:
        raise _refused("required: the sheet's file")
    if len(content) > MAX_BYTES:
        raise _refused(f"larger than {MAX_BYTES // 2**20} MB")
    lines = _read_csv(content) if fmt is Format.CSV else _read_xlsx(content)
    header: list[str] | None = None
    rows: list[Row] = []
    for number, values in enumerate(lines, start=1):
        if number > MAX_LINES:
            raise _refused(f"more than {MAX_LINES} lines")
        if len(values) > MAX_COLUMNS:
            raise _refused(f"row {number} has more than {MAX_COLUMNS} columns")
        if header is None:
            header = values
        elif any(values):
            rows.append((number, values))
            if len(rows) > MAX_ROWS:
                raise _refused(f"more than {MAX_ROWS} rows")
    if header is None:
        raise _refused("the sheet is empty: it starts with the header row")
    return header, rows


def _xlsx(header: list[str], rows: list[list[str]]) -> bytes:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("progress")
    sheet.freeze_panes = "A2"

    def cell(value: str, bold: bool = False) -> WriteOnlyCell:
        written = WriteOnlyCell(sheet, value=value)
        written.data_type = "s"  # text, even when it starts like a formula
        if bold:
            written.font = Font(bold=True)
        return written
    sheet.append([cell(h, bold=True) for h in header])
    for row in rows:
        sheet.append([cell(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _csv(header: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    for row in [header, *rows]:
        writer.writerow(["'" + v if v.startswith(FORMULA_START) else v for v in row])
    return out.getvalue().encode("utf-8-sig")  # the mark tells Excel it is UTF-8


def write(fmt: Format, header: list[str], rows: list[list[str]]) -> bytes:
    return _xlsx(header, rows) if fmt is Format.XLSX else _csv(header, rows)
