"""The read models as files for the district's yearly report (报表): CSV (UTF-8 with a BOM,
which spreadsheet programs need to read Chinese) or XLSX (openpyxl's write-only mode, which
keeps no rows in memory), Chinese column headers. Rows arrive page by page; the file leaves
in chunks as it is written, so its size never sits in memory. Pure: no gRPC, SQL or NATS here."""
import csv
import io
import tempfile
import threading
from typing import BinaryIO

from openpyxl import Workbook

from services.district.projections import COUNTS

COUNT_HEADERS = {"proposals_received": "收到建议", "merged": "合并重复", "shortlisted": "初选入围",
                 "answered": "答复解释", "candidates": "候选项目", "adopted": "票决通过",
                 "budget_adopted_yuan": "通过项目预算（元）", "completed": "已完成", "completed_late": "逾期完成",
                 "carried_over": "结转跟踪监督", "spent_yuan": "已支出（元）", "overdue_items": "逾期事项",
                 "filings_accepted": "备案通过", "filings_refused": "备案退回", "satisfied": "满意",
                 "basically_satisfied": "基本满意", "unsatisfied": "不满意", "rectifications_required": "须整改",
                 "evaluation_filings_accepted": "评议报告备案通过", "evaluation_filings_refused": "评议报告备案退回",
                 "towns_voted": "已票决镇数"}
# Values shown in Chinese: a project's grade, a filing's kind.
LABELS = {"SATISFIED": "满意", "BASICALLY_SATISFIED": "基本满意", "UNSATISFIED": "不满意",
          "VOTE": "票决结果", "EVALUATION": "书面评议报告"}
LABELLED = ("grade", "kind")

# Each view: (column, header) in the file's order; "town_id" is the town's id.
COLUMNS = {
    "report": [("town_id", "镇"), ("year", "年度"), *((c, COUNT_HEADERS[c]) for c in COUNTS)],
    "proposals": [("town_id", "镇"), ("year", "年度"), ("proposal", "建议"), ("category", "类别"),
                  ("received", "已收到"), ("merged", "已合并"), ("shortlisted", "初选入围"), ("answered", "已答复")],
    "candidate_lists": [("town_id", "镇"), ("year", "年度"), ("review", "审查"), ("candidates", "候选项目数")],
    "projects": [("town_id", "镇"), ("year", "年度"), ("candidate_id", "候选项目"), ("project", "监督项目"),
                 ("title", "项目名称"), ("responsible_unit", "责任单位"), ("budget_yuan", "预算（元）"),
                 ("completion_deadline", "完成时限"), ("status", "状态"), ("spent_yuan", "已支出（元）"),
                 ("overdue", "曾逾期"), ("carried_over", "结转"), ("grade", "满意度测评"),
                 ("rectification", "须整改")],
    "overdue_items": [("town_id", "镇"), ("year", "年度"), ("kind", "类型"), ("item", "事项"),
                      ("project", "项目"), ("deadline", "期限")],
    "filings": [("town_id", "镇"), ("year", "年度"), ("id", "备案"), ("kind", "备案类型"), ("poll", "表决或评议"),
                ("accepted", "通过"),
                ("problems", "退回原因"), ("documents", "核验文件数"), ("filed_at", "收到时间")],
}
CONTENT_TYPES = {"csv": "text/csv; charset=utf-8",
                 "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
TITLES = {"report": "年度汇总", "proposals": "项目建议", "candidate_lists": "候选项目", "projects": "民生实事项目",
          "overdue_items": "逾期事项", "filings": "备案"}


def cell(value):
    """A value as a cell: yes/no in Chinese, lists joined, times without their zone (XLSX has none)."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "；".join(str(v) for v in value)
    if hasattr(value, "tzinfo") and value.tzinfo is not None:
        return value.replace(tzinfo=None)
    return value


# Bytes of one chunk of a file as it is sent.
CHUNK_BYTES = 64 * 1024


class File:
    """A file written as the pages of rows arrive: `add` each page (it returns the bytes ready
    to send), then `finish` once (blocking: in a thread) for a file of the bytes that remain;
    `discard` when the caller went away before."""

    def __init__(self, view: str):
        self.columns = COLUMNS[view]

    def line(self, row: dict) -> list:
        return [LABELS.get(row.get(c), row.get(c)) if c in LABELLED else cell(row.get(c, "")) for c, _ in self.columns]

    @property
    def headers(self) -> list[str]:
        return [header for _, header in self.columns]


class CsvFile(File):
    """Each page encoded as it arrives; the BOM and the headers go with the first."""

    def __init__(self, view: str):
        super().__init__(view)
        self.started = False

    def add(self, rows: list[dict]) -> bytes:
        out = io.StringIO()
        writer = csv.writer(out)
        if not self.started:
            out.write("\ufeff")
            writer.writerow(self.headers)
            self.started = True
        writer.writerows(self.line(row) for row in rows)
        return out.getvalue().encode("utf-8")

    def finish(self) -> BinaryIO:
        return io.BytesIO(b"" if self.started else self.add([]))  # no rows: the headers alone

    def discard(self) -> None:
        """Nothing of a CSV file is kept: each page left with its bytes."""


class XlsxFile(File):
    """Rows go to openpyxl's write-only sheet, which spools them to a temporary file; the
    workbook is zipped at the end into another temporary file, to be read back in chunks (an
    XLSX is a zip, complete only once its rows are). Both files are removed: the spool by
    openpyxl when it has zipped it (or by `discard`), the zip when it is closed."""

    def __init__(self, view: str):
        super().__init__(view)
        self.book = Workbook(write_only=True)
        self.sheet = self.book.create_sheet(TITLES[view])
        self.sheet.append(self.headers)
        # `finish` (in a thread) and `discard` (the caller gone) exclude each other.
        self.lock = threading.Lock()
        self.discarded = False

    def add(self, rows: list[dict]) -> bytes:
        for row in rows:
            self.sheet.append(self.line(row))
        return b""

    def finish(self) -> BinaryIO:
        with self.lock:
            if self.discarded:  # the caller went away before this thread ran
                return io.BytesIO()
            out = tempfile.TemporaryFile()  # nameless: gone when closed, or when the process ends
            try:
                self.book.save(out)
            except BaseException:
                out.close()
                raise
        out.seek(0)
        return out

    def discard(self) -> None:
        """Removes the spooled rows of a file left unfinished: openpyxl removes them only when
        it zips them, or when the process exits. A zip under way removes them itself."""
        if not self.lock.acquire(blocking=False):
            return
        try:
            self.discarded = True
            writer = self.sheet._writer  # openpyxl's, made by the first row: it owns the spool file
            if not self.sheet.closed and writer is not None:
                self.sheet.close()
                writer.cleanup()
        finally:
            self.lock.release()


FILES = {"csv": CsvFile, "xlsx": XlsxFile}
