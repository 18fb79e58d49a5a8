"""Progress in bulk: the sheet's columns, its rows from projects (export), and its rows back
into progress reports (import). Pure: the file itself is services.supervision.sheet's.

Every row and cell is checked, and every problem named by row and column as
`rows[N].column`, N being the row's number as the sheet shows it (the header is row 1); a
file with any problem changes nothing. A row is taken through the same rules as one report
through the API; a row equal to its project's last report is left alone, so an export
uploaded unchanged (or twice) adds nothing, and so does a row with no progress entered."""
import re
from dataclasses import dataclass
from datetime import date, datetime

from services.platform.errors import DomainError, FieldViolation, InvalidArgument, Violations
from services.supervision.domain import Project, ProgressDraft, ProgressReport

# The most problems one answer lists: fix them and upload again.
MAX_VIOLATIONS = 100
TRUE, FALSE = {"是", "yes", "y", "true", "1"}, {"否", "no", "n", "false", "0", ""}
WHOLE = re.compile(r"\d{1,15}", re.ASCII)
ISO_DATE = re.compile(r"\d{4}-\d\d-\d\d", re.ASCII)
SLASHED_DATE = re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})", re.ASCII)
ATTACHMENT_SEPARATORS = re.compile(r"[\n;；]")


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    # Shown for reading; an upload does not change it.
    read_only: bool = False

    @property
    def header(self) -> str:
        return f"{self.label} {self.key}"


COLUMNS = (
    Column("project", "项目编号"),
    Column("title", "项目名称", read_only=True),
    Column("responsible_unit", "责任单位", read_only=True),
    Column("milestones", "计划节点", read_only=True),
    Column("report_date", "报告日期"),
    Column("percent_complete", "完成进度%"),
    Column("spent_yuan", "已支出(元)"),
    Column("milestone_id", "达到节点"),
    Column("text", "进展情况"),
    Column("attachments", "附件"),
    Column("claims_completion", "申报完工"),
)
HEADER = [c.header for c in COLUMNS]


def export_rows(projects: list[Project], last_reports: dict[str, ProgressReport]) -> list[list[str]]:
    """One row per project: its last report's values, ready to be edited."""
    rows = []
    for p in projects:
        last = last_reports.get(p.name)
        milestones = "\n".join(f"{m.id} {m.title} {m.due}" for m in p.plan.milestones) if p.plan else ""
        values = {"project": p.name, "title": p.title, "responsible_unit": p.responsible_unit,
                  "milestones": milestones}
        if last:
            values |= {"report_date": last.report_date.isoformat(), "percent_complete": str(last.percent_complete),
                       "spent_yuan": str(last.spent_yuan), "milestone_id": last.milestone_id, "text": last.text,
                       "attachments": "\n".join(last.attachments),
                       "claims_completion": "是" if last.claims_completion else "否"}
        rows.append([values.get(c.key, "") for c in COLUMNS])
    return rows


def _columns(header: list[str]) -> dict[str, int]:
    """Where each column is, by its header or its key alone; every one must be there."""
    names = [h.strip() for h in header]
    found, v = {}, Violations()
    for column in COLUMNS:
        at = next((i for i, n in enumerate(names) if n in (column.header, column.key)), None)
        v.check(at is not None, f"columns.{column.key}", f"the header row lacks «{column.header}»")
        found[column.key] = at
    v.raise_if_any()
    return found


def _whole(v: Violations, field: str, text: str, *, percent: bool = False) -> int:
    cleaned = text.removesuffix("%") if percent else text.replace(",", "")
    if not WHOLE.fullmatch(cleaned):
        v.add(field, "required: a whole number" + (" from 0 to 100" if percent else " of yuan"))
        return 0
    return int(cleaned)


def _date(v: Violations, field: str, text: str) -> date | None:
    if not text:
        v.add(field, "required: a date such as 2024-06-30")
        return None
    slashed = SLASHED_DATE.fullmatch(text)
    try:
        if slashed:
            return date(*map(int, slashed.groups()))
        if ISO_DATE.fullmatch(text):
            return date.fromisoformat(text)
    except ValueError:
        pass
    v.add(field, "not a date such as 2024-06-30")
    return None


def _draft(v: Violations, at: str, cells: dict[str, str]) -> ProgressDraft:
    claims = cells["claims_completion"].lower()
    v.check(claims in TRUE | FALSE, f"{at}.claims_completion", "是 or 否 (yes or no)")
    return ProgressDraft(
        report_date=_date(v, f"{at}.report_date", cells["report_date"]),
        percent_complete=_whole(v, f"{at}.percent_complete", cells["percent_complete"], percent=True),
        spent_yuan=_whole(v, f"{at}.spent_yuan", cells["spent_yuan"]), milestone_id=cells["milestone_id"],
        text=cells["text"], claims_completion=claims in TRUE,
        attachments=tuple(a.strip() for a in ATTACHMENT_SEPARATORS.split(cells["attachments"]) if a.strip()))


@dataclass(frozen=True)
class Taken:
    project: Project
    report: ProgressReport


def _take(row: int, project: Project, draft: ProgressDraft, actor: str, now: datetime, today: date,
          as_unit: str | None) -> tuple[Taken | None, list[FieldViolation]]:
    """The project's rules on one row: its fields' problems under rows[N], a state or
    permission problem on rows[N].project."""
    try:
        return Taken(project, project.report(draft, actor, now, today, as_unit=as_unit, prefix=f"rows[{row}]")), []
    except InvalidArgument as error:
        return None, error.violations
    except DomainError as error:
        return None, [FieldViolation(f"rows[{row}].project", error.message)]


def take_rows(header: list[str], rows: list[tuple[int, list[str]]], projects: dict[str, Project],
              last_reports: dict[str, ProgressReport], *, actor: str, now: datetime, today: date,
              as_unit: str | None) -> tuple[list[Taken], int]:
    """The reports the rows make, and the number of rows left alone; INVALID_ARGUMENT with
    the first MAX_VIOLATIONS problems if anything is wrong. `projects`: the year's projects
    the caller may report on, by name."""
    at_column = _columns(header)
    v, taken, unchanged, seen = Violations(), [], 0, {}
    for number, values in rows:
        if len(v.items) >= MAX_VIOLATIONS:
            v.add("rows", f"more problems past row {number - 1}: fix these and upload again")
            break
        cells = {key: values[i] if i < len(values) else "" for key, i in at_column.items()}
        at, name = f"rows[{number}]", cells["project"]
        if not any(cells[c.key] for c in COLUMNS if not c.read_only and c.key != "project"):
            unchanged += 1  # nothing entered, e.g. a project with no report yet, exported blank
            continue
        project = projects.get(name)
        if name in seen:
            v.add(f"{at}.project", f"the project's row is row {seen[name]} already")
            continue
        seen[name] = number
        if project is None:
            v.add(f"{at}.project", "required: a project of the year that you report on" if not name else
                  "not a project of this town and year that you report on")
        found = len(v.items)
        draft = _draft(v, at, cells)
        if project is None or len(v.items) > found:
            continue
        last = last_reports.get(name)
        if last is not None and last.same_as(draft):
            unchanged += 1
            continue
        made, problems = _take(number, project, draft, actor, now, today, as_unit)
        v.items.extend(problems)
        if made:
            taken.append(made)
    v.raise_if_any()
    return taken, unchanged
